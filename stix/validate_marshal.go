package stix

import (
	"math"
	"unicode/utf8"
)

// marshals reports whether o.AppendJSON is certain to succeed, without
// writing anything. ValidateBundle must prove that every object marshals;
// writing each object only to throw the bytes away cost as much as the
// bundle's final marshal. For this package's types AppendJSON can only
// fail on a string that is not valid UTF-8 (canonjson.ErrInvalidUTF8), a
// timestamp out of range (ErrTimestampRange) or on a custom value (a NaN or infinite number, a type canonjson does not
// take, raw JSON that does not compact): this checks every string the
// marshaller writes and accepts only custom values of the simple kinds.
// It is conservative: false means "not sure", and the caller then runs
// AppendJSON itself. TestMarshalsIsSound corrupts every string of every
// type, one at a time, to keep this list in step with marshal.go.
func marshals(o Object) bool {
	switch x := o.(type) {
	case *Identity:
		return commonMarshals(&x.Common) && okStr(x.Name) && okStr(x.Description) && okStrs(x.Roles) &&
			okStr(x.IdentityClass) && okStrs(x.Sectors) && okStr(x.ContactInformation)
	case *Report:
		return commonMarshals(&x.Common) && okStr(x.Name) && okStr(x.Description) && okStrs(x.ReportTypes) &&
			okStrs(x.ObjectRefs) && okTime(x.Published)
	case *Indicator:
		for _, k := range x.KillChainPhases {
			if !okStr(k.KillChainName) || !okStr(k.PhaseName) {
				return false
			}
		}
		return commonMarshals(&x.Common) && okStr(x.Name) && okStr(x.Description) && okStrs(x.IndicatorTypes) &&
			okStr(x.Pattern) && okStr(x.PatternType) && okStr(x.PatternVersion) && okStr(x.XOpenCTIMainObservableType) &&
			okTime(x.ValidFrom) && okTime(x.ValidUntil)
	case *Relationship:
		return commonMarshals(&x.Common) && okStr(x.RelationshipType) && okStr(x.Description) &&
			okStr(x.SourceRef) && okStr(x.TargetRef) && okStrs(x.XPassiveTotalSources) && okStr(x.XPassiveTotalRecordHash) &&
			okTime(x.StartTime) && okTime(x.StopTime)
	case *Note:
		return commonMarshals(&x.Common) && okStr(x.Abstract) && okStr(x.Content) && okStrs(x.Authors) && okStrs(x.ObjectRefs)
	case *AttackPattern:
		for _, k := range x.KillChainPhases {
			if !okStr(k.KillChainName) || !okStr(k.PhaseName) {
				return false
			}
		}
		return commonMarshals(&x.Common) && okStr(x.Name) && okStr(x.Description) && okStrs(x.Aliases) && okStr(x.XMitreID)
	case *Vulnerability:
		return commonMarshals(&x.Common) && okStr(x.Name) && okStr(x.Description)
	case *MarkingDefinition:
		return okStr(x.ID) && okStr(x.CreatedByRef) && okTime(x.Created) && extRefsMarshal(x.ExternalReferences) &&
			okStrs(x.ObjectMarkingRefs) && okStr(x.Name) && okStr(x.DefinitionType) && okMap(x.Definition) &&
			customMarshals(x.Custom)
	case *DomainName:
		return observableMarshals(&x.ObservableCommon) && okStr(x.Value)
	case *IPv4Addr:
		return observableMarshals(&x.ObservableCommon) && okStr(x.Value)
	case *IPv6Addr:
		return observableMarshals(&x.ObservableCommon) && okStr(x.Value)
	case *URL:
		return observableMarshals(&x.ObservableCommon) && okStr(x.Value)
	case *EmailAddr:
		return observableMarshals(&x.ObservableCommon) && okStr(x.Value) && okStr(x.DisplayName) && okStr(x.BelongsToRef)
	case *File:
		return observableMarshals(&x.ObservableCommon) && okMap(x.Hashes) && okStr(x.Name) && okStr(x.MimeType) &&
			okStr(x.ParentDirectoryRef)
	case *Directory:
		return observableMarshals(&x.ObservableCommon) && okStr(x.Path)
	case *X509Certificate:
		return observableMarshals(&x.ObservableCommon) && okMap(x.Hashes) && okStr(x.Version) &&
			okStr(x.SerialNumber) && okStr(x.SignatureAlgorithm) && okStr(x.Issuer) && okStr(x.Subject) &&
			okStr(x.SubjectPublicKeyAlgorithm) && okTime(x.ValidityNotBefore) && okTime(x.ValidityNotAfter)
	case *Mutex:
		return observableMarshals(&x.ObservableCommon) && okStr(x.Name)
	case *AutonomousSystem:
		return observableMarshals(&x.ObservableCommon) && okStr(x.Name) && okStr(x.RIR)
	}
	return false
}

func commonMarshals(c *Common) bool {
	return okStr(c.ID) && okStr(c.CreatedByRef) && okTime(c.Created) && okTime(c.Modified) && okStrs(c.Labels) && okStr(c.Lang) &&
		extRefsMarshal(c.ExternalReferences) && okStrs(c.ObjectMarkingRefs) && customMarshals(c.Custom)
}

func observableMarshals(c *ObservableCommon) bool {
	return okStr(c.ID) && okStrs(c.ObjectMarkingRefs) && customMarshals(c.Custom)
}

func extRefsMarshal(refs []ExternalReference) bool {
	for _, r := range refs {
		if !okStr(r.SourceName) || !okStr(r.Description) || !okStr(r.URL) || !okMap(r.Hashes) || !okStr(r.ExternalID) {
			return false
		}
	}
	return true
}

// customMarshals checks custom properties of the kinds the writer hands
// to canonjson without nesting; any other value is "not sure". Keys the
// type knows are skipped by the writer, but checking them too only makes
// this more conservative.
func customMarshals(m map[string]any) bool {
	for k, v := range m {
		if !okStr(k) {
			return false
		}
		switch x := v.(type) {
		case nil, bool, int, int64:
		case string:
			if !okStr(x) {
				return false
			}
		case []string:
			if !okStrs(x) {
				return false
			}
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func okStr(s string) bool { return utf8.ValidString(s) }

// okTime: the writer refuses a timestamp out of range.
func okTime(t Timestamp) bool { return TimeInRange(t.Time) }

func okStrs(v []string) bool {
	for _, s := range v {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

func okMap[M ~map[string]string](m M) bool {
	for k, v := range m {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			return false
		}
	}
	return true
}
