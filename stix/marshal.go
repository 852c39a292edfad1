package stix

// This file holds the hand-written, append-based marshallers: reflection
// free, because mappings emit hundreds of thousands of objects.

// AppendJSON appends the identity's JSON to dst.
func (o *Identity) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeIdentity)
	w.common(&o.Common)
	w.strAlways("name", o.Name)
	w.str("description", o.Description)
	w.strs("roles", o.Roles)
	w.str("identity_class", o.IdentityClass)
	w.strs("sectors", o.Sectors)
	w.str("contact_information", o.ContactInformation)
	w.custom(o.Custom, knownKeys[TypeIdentity])
	return w.close()
}

// AppendJSON appends the report's JSON to dst.
func (o *Report) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeReport)
	w.common(&o.Common)
	w.strAlways("name", o.Name)
	w.str("description", o.Description)
	w.strs("report_types", o.ReportTypes)
	w.ts("published", o.Published)
	w.strsAlways("object_refs", o.ObjectRefs)
	w.custom(o.Custom, knownKeys[TypeReport])
	return w.close()
}

// AppendJSON appends the indicator's JSON to dst.
func (o *Indicator) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeIndicator)
	w.common(&o.Common)
	w.str("name", o.Name)
	w.str("description", o.Description)
	w.strs("indicator_types", o.IndicatorTypes)
	w.strAlways("pattern", o.Pattern)
	w.strAlways("pattern_type", o.PatternType)
	w.str("pattern_version", o.PatternVersion)
	w.ts("valid_from", o.ValidFrom)
	w.ts("valid_until", o.ValidUntil)
	w.killChain("kill_chain_phases", o.KillChainPhases)
	w.str("x_opencti_main_observable_type", o.XOpenCTIMainObservableType)
	w.intp("x_opencti_score", o.XOpenCTIScore)
	w.custom(o.Custom, knownKeys[TypeIndicator])
	return w.close()
}

// AppendJSON appends the relationship's JSON to dst.
func (o *Relationship) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeRelationship)
	w.common(&o.Common)
	w.strAlways("relationship_type", o.RelationshipType)
	w.str("description", o.Description)
	w.strAlways("source_ref", o.SourceRef)
	w.strAlways("target_ref", o.TargetRef)
	w.ts("start_time", o.StartTime)
	w.ts("stop_time", o.StopTime)
	w.strs("x_passivetotal_sources", o.XPassiveTotalSources)
	w.str("x_passivetotal_record_hash", o.XPassiveTotalRecordHash)
	w.custom(o.Custom, knownKeys[TypeRelationship])
	return w.close()
}

// AppendJSON appends the note's JSON to dst.
func (o *Note) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeNote)
	w.common(&o.Common)
	w.str("abstract", o.Abstract)
	w.strAlways("content", o.Content)
	w.strs("authors", o.Authors)
	w.strsAlways("object_refs", o.ObjectRefs)
	w.custom(o.Custom, knownKeys[TypeNote])
	return w.close()
}

// AppendJSON appends the attack pattern's JSON to dst.
func (o *AttackPattern) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeAttackPattern)
	w.common(&o.Common)
	w.strAlways("name", o.Name)
	w.str("description", o.Description)
	w.strs("aliases", o.Aliases)
	w.killChain("kill_chain_phases", o.KillChainPhases)
	w.str("x_mitre_id", o.XMitreID)
	w.custom(o.Custom, knownKeys[TypeAttackPattern])
	return w.close()
}

// AppendJSON appends the vulnerability's JSON to dst.
func (o *Vulnerability) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeVulnerability)
	w.common(&o.Common)
	w.strAlways("name", o.Name)
	w.str("description", o.Description)
	w.custom(o.Custom, knownKeys[TypeVulnerability])
	return w.close()
}

// AppendJSON appends the marking definition's JSON to dst.
func (o *MarkingDefinition) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeMarkingDefinition)
	w.strAlways("id", o.ID)
	w.str("created_by_ref", o.CreatedByRef)
	w.tsMilli("created", o.Created)
	w.extRefs(o.ExternalReferences)
	w.strs("object_marking_refs", o.ObjectMarkingRefs)
	w.str("name", o.Name)
	w.strAlways("definition_type", o.DefinitionType)
	w.key("definition")
	w.strMapValue(o.Definition)
	w.custom(o.Custom, knownKeys[TypeMarkingDefinition])
	return w.close()
}

// AppendJSON appends the domain name's JSON to dst.
func (o *DomainName) AppendJSON(dst []byte) ([]byte, error) {
	return appendValueSCO(dst, TypeDomainName, &o.ObservableCommon, o.Value)
}

// AppendJSON appends the IPv4 address's JSON to dst.
func (o *IPv4Addr) AppendJSON(dst []byte) ([]byte, error) {
	return appendValueSCO(dst, TypeIPv4Addr, &o.ObservableCommon, o.Value)
}

// AppendJSON appends the IPv6 address's JSON to dst.
func (o *IPv6Addr) AppendJSON(dst []byte) ([]byte, error) {
	return appendValueSCO(dst, TypeIPv6Addr, &o.ObservableCommon, o.Value)
}

// AppendJSON appends the URL's JSON to dst.
func (o *URL) AppendJSON(dst []byte) ([]byte, error) {
	return appendValueSCO(dst, TypeURL, &o.ObservableCommon, o.Value)
}

func appendValueSCO(dst []byte, typ string, c *ObservableCommon, value string) ([]byte, error) {
	w := writer{b: dst}
	w.open(typ)
	w.observable(c)
	w.strAlways("value", value)
	w.custom(c.Custom, knownKeys[typ])
	return w.close()
}

// AppendJSON appends the e-mail address's JSON to dst.
func (o *EmailAddr) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeEmailAddr)
	w.observable(&o.ObservableCommon)
	w.strAlways("value", o.Value)
	w.str("display_name", o.DisplayName)
	w.str("belongs_to_ref", o.BelongsToRef)
	w.custom(o.Custom, knownKeys[TypeEmailAddr])
	return w.close()
}

// AppendJSON appends the file's JSON to dst.
func (o *File) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeFile)
	w.observable(&o.ObservableCommon)
	w.strMap("hashes", o.Hashes)
	w.int64p("size", o.Size)
	w.str("name", o.Name)
	w.str("mime_type", o.MimeType)
	w.str("parent_directory_ref", o.ParentDirectoryRef)
	w.custom(o.Custom, knownKeys[TypeFile])
	return w.close()
}

// AppendJSON appends the directory's JSON to dst.
func (o *Directory) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeDirectory)
	w.observable(&o.ObservableCommon)
	w.strAlways("path", o.Path)
	w.custom(o.Custom, knownKeys[TypeDirectory])
	return w.close()
}

// AppendJSON appends the certificate's JSON to dst.
func (o *X509Certificate) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeX509Certificate)
	w.observable(&o.ObservableCommon)
	w.boolean("is_self_signed", o.IsSelfSigned)
	w.strMap("hashes", o.Hashes)
	w.str("version", o.Version)
	w.str("serial_number", o.SerialNumber)
	w.str("signature_algorithm", o.SignatureAlgorithm)
	w.str("issuer", o.Issuer)
	w.ts("validity_not_before", o.ValidityNotBefore)
	w.ts("validity_not_after", o.ValidityNotAfter)
	w.str("subject", o.Subject)
	w.str("subject_public_key_algorithm", o.SubjectPublicKeyAlgorithm)
	w.custom(o.Custom, knownKeys[TypeX509Certificate])
	return w.close()
}

// AppendJSON appends the mutex's JSON to dst.
func (o *Mutex) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeMutex)
	w.observable(&o.ObservableCommon)
	w.strAlways("name", o.Name)
	w.custom(o.Custom, knownKeys[TypeMutex])
	return w.close()
}

// AppendJSON appends the autonomous system's JSON to dst.
func (o *AutonomousSystem) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeAutonomousSystem)
	w.observable(&o.ObservableCommon)
	n := o.Number
	w.int64p("number", &n)
	w.str("name", o.Name)
	w.str("rir", o.RIR)
	w.custom(o.Custom, knownKeys[TypeAutonomousSystem])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o Identity) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o Report) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o Indicator) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o Relationship) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o Note) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o AttackPattern) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o Vulnerability) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o MarkingDefinition) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o DomainName) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o IPv4Addr) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o IPv6Addr) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o EmailAddr) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o URL) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o File) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o Directory) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o X509Certificate) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o Mutex) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// MarshalJSON implements json.Marshaler.
func (o AutonomousSystem) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }
