// Package stixsamples builds a representative STIX bundle holding one or
// more objects of every type the stix package models, with every
// property set at least once. The stix golden tests write it to
// stix/testdata, which the OASIS JSON-schema conformance test of the
// examples module reads, so both check the same objects.
package stixsamples

import (
	"encoding/json"
	"time"

	"github.com/ptstix/passivetotal/stix"
)

// must panics on error: the inputs are constants, so an error is a bug
// in this package, caught by its tests.
func must(id string, err error) string {
	if err != nil {
		panic(err)
	}
	return id
}

// Objects returns new sample objects, one or more of every type, in a
// fixed order, with deterministic IDs and fixed timestamps. The set is
// closed: every reference resolves inside it or to a TLP marking.
func Objects() []stix.Object {
	p := stix.PolicyOpenCTI
	created := stix.Time(time.Date(2021, 3, 5, 9, 12, 44, 0, time.UTC))
	published := stix.Time(time.Date(2021, 3, 5, 8, 0, 0, 0, time.UTC))
	conf := 80
	score := 50
	size := int64(1024)

	author := &stix.Identity{
		Common: stix.Common{
			ID:      must(stix.IdentityID(p, "PassiveTotal", "organization")),
			Created: created, Modified: created,
			Custom: map[string]any{"x_opencti_organization_type": "vendor"},
		},
		Name: "PassiveTotal", IdentityClass: "organization", Description: "RiskIQ PassiveTotal",
		Roles: []string{"source"}, Sectors: []string{"technology"}, ContactInformation: "https://community.riskiq.com",
	}
	common := func(id string, m ...stix.TLP) stix.Common {
		c := stix.Common{ID: id, Created: created, Modified: created, CreatedByRef: author.ID}
		for _, t := range m {
			c.ObjectMarkingRefs = append(c.ObjectMarkingRefs, t.ID())
		}
		return c
	}
	obs := func(id string, m ...stix.TLP) stix.ObservableCommon {
		c := stix.ObservableCommon{ID: id, Custom: map[string]any{"x_opencti_created_by_ref": author.ID}}
		for _, t := range m {
			c.ObjectMarkingRefs = append(c.ObjectMarkingRefs, t.ID())
		}
		return c
	}

	domain := &stix.DomainName{ObservableCommon: obs(must(stix.DomainNameID("evil.example.com")), stix.TLPClear), Value: "evil.example.com"}
	ip4 := &stix.IPv4Addr{ObservableCommon: obs(must(stix.IPv4AddrID("203.0.113.7")), stix.TLPAmber), Value: "203.0.113.7"}
	ip6 := &stix.IPv6Addr{ObservableCommon: obs(must(stix.IPv6AddrID("2001:db8::1")), stix.TLPAmber), Value: "2001:db8::1"}
	email := &stix.EmailAddr{ObservableCommon: obs(must(stix.EmailAddrID("hostmaster@example.com"))), Value: "hostmaster@example.com", DisplayName: "Hostmaster"}
	url := &stix.URL{ObservableCommon: obs(must(stix.URLID("https://example.com/evil.php?a=1&b=%3Cx%3E"))), Value: "https://example.com/evil.php?a=1&b=%3Cx%3E"}
	dir := &stix.Directory{ObservableCommon: obs(must(stix.DirectoryID(`C:\Users\Public`))), Path: `C:\Users\Public`}
	file := &stix.File{
		ObservableCommon:   obs(must(stix.FileID(stix.Hashes{"MD5": "9466c865dead7a35e4e1a8f48ef1dffd"}, "invoice.exe", dir.ID))),
		Hashes:             stix.Hashes{"MD5": "9466c865dead7a35e4e1a8f48ef1dffd", "SHA-256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		Name:               "invoice.exe",
		Size:               &size,
		MimeType:           "application/x-dosexec",
		ParentDirectoryRef: dir.ID,
	}
	cert := &stix.X509Certificate{
		ObservableCommon:  obs(must(stix.X509CertificateID(stix.Hashes{"SHA-1": "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"}, "02:1c:a2:fe"))),
		Hashes:            stix.Hashes{"SHA-1": "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"},
		SerialNumber:      "02:1c:a2:fe",
		Issuer:            "CN=Example CA",
		Subject:           "CN=example.com",
		Version:           "3",
		ValidityNotBefore: stix.Timestamp{Time: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Precision: stix.PrecisionSecond},
		ValidityNotAfter:  stix.Timestamp{Time: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), Precision: stix.PrecisionSecond},
	}
	mutex := &stix.Mutex{ObservableCommon: obs(must(stix.MutexID(`Global\XYZ`))), Name: `Global\XYZ`}
	as := &stix.AutonomousSystem{ObservableCommon: obs(must(stix.AutonomousSystemID(15169))), Number: 15169, Name: "GOOGLE", RIR: "ARIN"}

	pattern, err := stix.Pattern("domain-name:value", domain.Value)
	if err != nil {
		panic(err)
	}
	ind := &stix.Indicator{
		Common:                     common(must(stix.IndicatorID(p, pattern)), stix.TLPClear),
		Name:                       domain.Value,
		Pattern:                    pattern,
		PatternType:                "stix",
		ValidFrom:                  published,
		ValidUntil:                 stix.Time(time.Date(2022, 3, 5, 8, 0, 0, 0, time.UTC)),
		KillChainPhases:            []stix.KillChainPhase{{KillChainName: "mitre-attack", PhaseName: "initial-access"}},
		IndicatorTypes:             []string{"malicious-activity"},
		XOpenCTIMainObservableType: "Domain-Name",
		XOpenCTIScore:              &score,
	}
	ind.Labels = []string{"spam"}
	ind.Confidence = &conf
	basedOn := &stix.Relationship{
		Common:           common(must(stix.RelationshipID(p, "based-on", ind.ID, domain.ID, time.Time{}, time.Time{})), stix.TLPClear),
		RelationshipType: "based-on",
		SourceRef:        ind.ID,
		TargetRef:        domain.ID,
	}
	first := time.Date(2017, 6, 14, 11, 22, 21, 0, time.UTC)
	resolves := &stix.Relationship{
		Common:                  common(must(stix.RelationshipID(p, "resolves-to", domain.ID, ip4.ID, first, time.Time{})), stix.TLPAmber),
		RelationshipType:        "resolves-to",
		Description:             "A record",
		SourceRef:               domain.ID,
		TargetRef:               ip4.ID,
		StartTime:               stix.Time(first),
		StopTime:                stix.Time(time.Date(2017, 6, 23, 23, 34, 35, 0, time.UTC)),
		XPassiveTotalSources:    []string{"kaspersky", "riskiq"},
		XPassiveTotalRecordHash: "bfd7c852",
	}
	ap := &stix.AttackPattern{
		Common:          common(must(stix.AttackPatternID(p, "Spearphishing Link", "T1566.002"))),
		Name:            "Spearphishing Link",
		XMitreID:        "T1566.002",
		Aliases:         []string{"T1566.002"},
		KillChainPhases: []stix.KillChainPhase{{KillChainName: "mitre-attack", PhaseName: "initial-access"}},
	}
	vuln := &stix.Vulnerability{
		Common: common(must(stix.VulnerabilityID(p, "CVE-2021-44228"))),
		Name:   "CVE-2021-44228",
	}
	vuln.ExternalReferences = []stix.ExternalReference{{SourceName: "cve", ExternalID: "CVE-2021-44228"}}

	refs := []string{author.ID, ind.ID, domain.ID, basedOn.ID, ap.ID, vuln.ID}
	report := &stix.Report{
		Common:      common(must(stix.ReportID(p, "Spam Farm Spotted in the Wild", published.Time)), stix.TLPAmber),
		Name:        "Spam Farm Spotted in the Wild",
		Description: "InfoSec Handlers Diary reportedly found a \"spam farm\".",
		ReportTypes: []string{"threat-report"},
		Published:   published,
		ObjectRefs:  refs,
	}
	report.Labels = []string{"spam", "NDR"}
	report.ExternalReferences = []stix.ExternalReference{{
		SourceName: "PassiveTotal", URL: "https://community.riskiq.com/article/e86878b1", ExternalID: "e86878b1",
	}}
	noteContent := "62 records, first seen 2014-04-15"
	note := &stix.Note{
		Common:     common(must(stix.NoteID(p, noteContent, created.Time))),
		Abstract:   "Passive DNS summary",
		Content:    noteContent,
		Authors:    []string{"PassiveTotal"},
		ObjectRefs: []string{domain.ID},
	}
	custom := &stix.MarkingDefinition{
		ID:             must(stix.MarkingDefinitionID(p, "statement", "Copyright RiskIQ")),
		Created:        created,
		Name:           "Copyright RiskIQ",
		DefinitionType: "statement",
		Definition:     map[string]string{"statement": "Copyright RiskIQ"},
		CreatedByRef:   author.ID,
	}
	extra := &stix.Identity{
		Common: common(must(stix.IdentityID(p, "Unknown property holder", "system"))),
		Name:   "Unknown property holder", IdentityClass: "system",
	}
	extra.Custom = map[string]any{
		"x_passivetotal_raw": json.RawMessage(`{"b": [1, 2.5, "z"], "a": null}`),
		"x_opencti_aliases":  []string{"b", "a"},
	}

	objs := []stix.Object{
		author, extra,
		stix.TLPClear.Definition(), stix.TLPAmber.Definition(), custom,
		report, ind, basedOn, resolves, note, ap, vuln,
		domain, ip4, ip6, email, url, dir, file, cert, mutex, as,
	}
	return append(objs, threatObjects(p, common, obs, ind, ip4, vuln, as, file)...)
}

// threatObjects returns samples of the threat and host types (software,
// text, location, intrusion-set, threat-actor, malware, tool) and the
// relationships that link them.
func threatObjects(p stix.IDPolicy, common func(string, ...stix.TLP) stix.Common, obs func(string, ...stix.TLP) stix.ObservableCommon,
	ind *stix.Indicator, ip4 *stix.IPv4Addr, vuln *stix.Vulnerability, as *stix.AutonomousSystem, file *stix.File) []stix.Object {
	first := stix.Time(time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC))
	last := stix.Time(time.Date(2023, 11, 30, 12, 0, 0, 0, time.UTC))
	sw := &stix.Software{
		ObservableCommon: obs(must(stix.SoftwareID("Apache HTTP Server", "cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*", "", "Apache Software Foundation", "2.4.49")), stix.TLPAmber),
		Name:             "Apache HTTP Server", CPE: "cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*",
		SWID: "swid:apache-httpd-2.4.49", Languages: []string{"en"}, Vendor: "Apache Software Foundation", Version: "2.4.49",
	}
	os := &stix.Software{ObservableCommon: obs(must(stix.SoftwareID("Windows", "", "", "Microsoft", ""))), Name: "Windows", Vendor: "Microsoft"}
	text := &stix.Text{ObservableCommon: obs(must(stix.TextID("UA-12345-1")), stix.TLPAmber), Value: "UA-12345-1"}
	text.Custom["x_opencti_labels"] = []string{"GoogleAnalyticsTrackingId"}
	country := &stix.Location{
		Common: common(must(stix.LocationID(p, "Germany", stix.LocationTypeCountry))),
		Name:   "Germany", Country: "DE", Region: "western-europe", XOpenCTILocationType: stix.LocationTypeCountry,
		Description: "Federal Republic of Germany",
	}
	lat, lon, prec := 48.8584, 2.2945, 10.0
	position := &stix.Location{
		Common: common(must(stix.PositionID(p, &lat, &lon))),
		Name:   "Eiffel Tower", Latitude: &lat, Longitude: &lon, Precision: &prec,
		AdministrativeArea: "Île-de-France", City: "Paris", StreetAddress: "Champ de Mars, 5 Avenue Anatole France",
		PostalCode: "75007", Country: "FR", XOpenCTILocationType: stix.LocationTypePosition,
	}
	iset := &stix.IntrusionSet{
		Common: common(must(stix.IntrusionSetID(p, "Lazarus Group")), stix.TLPAmber),
		Name:   "Lazarus Group", Description: "North Korean state-sponsored group.", Aliases: []string{"HIDDEN COBRA", "Diamond Sleet"},
		FirstSeen: first, LastSeen: last, Goals: []string{"espionage", "financial gain"}, ResourceLevel: "government",
		PrimaryMotivation: "organizational-gain", SecondaryMotivations: []string{"ideology"},
	}
	actor := &stix.ThreatActor{
		Common: common(must(stix.ThreatActorID(p, "Lazarus Group", stix.ThreatActorGroup)), stix.TLPAmber),
		Name:   "Lazarus Group", Description: "Threat actor profile.", ThreatActorTypes: []string{"nation-state"},
		Aliases: []string{"HIDDEN COBRA"}, FirstSeen: first, LastSeen: last, Roles: []string{"agent"}, Goals: []string{"espionage"},
		Sophistication: "advanced", ResourceLevel: "government", PrimaryMotivation: "organizational-gain",
		SecondaryMotivations: []string{"ideology"}, PersonalMotivations: []string{"dominance"}, XOpenCTIType: stix.ThreatActorGroup,
	}
	malware := &stix.Malware{
		Common: common(must(stix.MalwareID(p, "Emotet")), stix.TLPAmber),
		Name:   "Emotet", Description: "Banking trojan turned loader.", MalwareTypes: []string{"trojan", "downloader"}, IsFamily: true,
		Aliases: []string{"Geodo"}, KillChainPhases: []stix.KillChainPhase{{KillChainName: "mitre-attack", PhaseName: "execution"}},
		FirstSeen: first, LastSeen: last, OperatingSystemRefs: []string{os.ID}, ArchitectureExecutionEnvs: []string{"x86"},
		ImplementationLanguages: []string{"c++"}, Capabilities: []string{"communicates-with-c2"}, SampleRefs: []string{file.ID},
	}
	tool := &stix.Tool{
		Common: common(must(stix.ToolID(p, "Cobalt Strike")), stix.TLPAmber),
		Name:   "Cobalt Strike", Description: "Adversary simulation framework.", ToolTypes: []string{"remote-access"},
		Aliases: []string{"CS"}, KillChainPhases: []stix.KillChainPhase{{KillChainName: "mitre-attack", PhaseName: "command-and-control"}},
		ToolVersion: "4.9",
	}
	rel := func(typ, src, tgt string, start, stop stix.Timestamp) *stix.Relationship {
		return &stix.Relationship{
			Common:           common(must(stix.RelationshipID(p, typ, src, tgt, start.Time, stop.Time)), stix.TLPAmber),
			RelationshipType: typ, SourceRef: src, TargetRef: tgt, StartTime: start, StopTime: stop,
		}
	}
	var none stix.Timestamp
	return []stix.Object{
		sw, os, text, country, position, iset, actor, malware, tool,
		rel(stix.RelationshipHas, sw.ID, vuln.ID, none, none),
		rel(stix.RelationshipRelatedTo, text.ID, ip4.ID, none, none),
		rel(stix.RelationshipBelongsTo, ip4.ID, as.ID, first, last),
		rel(stix.RelationshipLocatedAt, ip4.ID, country.ID, none, none),
		rel(stix.RelationshipOriginatesFrom, iset.ID, country.ID, none, none),
		rel(stix.RelationshipTargets, actor.ID, position.ID, first, none),
		rel(stix.RelationshipIndicates, ind.ID, malware.ID, first, last),
		rel(stix.RelationshipUses, iset.ID, tool.ID, none, none),
		rel(stix.RelationshipRelatedTo, iset.ID, actor.ID, none, none),
	}
}

// Bundle returns the sample objects in a bundle with a content-derived ID.
func Bundle() *stix.Bundle { return stix.NewBundle(Objects()...) }

// TLPDefinitions returns the definition object of every TLP marking,
// WHITE and CLEAR included (they share an ID, so they cannot share a
// bundle).
func TLPDefinitions() []*stix.MarkingDefinition {
	var out []*stix.MarkingDefinition
	for _, t := range []stix.TLP{stix.TLPClear, stix.TLPWhite, stix.TLPGreen, stix.TLPAmber, stix.TLPAmberStrict, stix.TLPRed} {
		out = append(out, t.Definition())
	}
	return out
}
