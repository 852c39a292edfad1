package enricher

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/stix"
)

// Entity is one thing to enrich: a domain name or an IP address, as a STIX observable.
type Entity struct {
	// Type is "domain-name", "ipv4-addr" or "ipv6-addr".
	Type string
	// Value is the normalised value (lower-case domain without trailing dot, canonical IP).
	Value string
	// ID is the entity's STIX ID: the SCO ID of Type and Value unless the caller knows
	// better (OpenCTI's standard_id in connector mode).
	ID string
	// TLP is the entity's own marking, 0 when unmarked. Entities above the maximum TLP
	// are not sent to the API; new objects are never marked lower than the entity.
	TLP stix.TLP
}

// String is "type:value", the form ParseEntity reads.
func (e Entity) String() string { return e.Type + ":" + e.Value }

// typeAliases maps what users write to STIX types (OpenCTI's names, the old
// connector's scope names, and short forms).
var typeAliases = map[string]string{
	"domain-name": "domain-name", "domain": "domain-name", "hostname": "domain-name", "host": "domain-name",
	"ipv4-addr": "ipv4-addr", "ipv4": "ipv4-addr", "ipv4-address": "ipv4-addr",
	"ipv6-addr": "ipv6-addr", "ipv6": "ipv6-addr", "ipv6-address": "ipv6-addr",
	"ip": "ip", "ip-addr": "ip",
}

// ParseEntity reads "TYPE:VALUE", optionally followed by a space and a TLP
// ("domain-name:example.com TLP:AMBER"). TYPE is domain-name, ipv4-addr or ipv6-addr
// (OpenCTI's Domain-Name and IPv4-Addr, and domain, ip, ipv4, ipv6 are accepted); a bare
// value without TYPE gets its type from its form. The value is normalised and checked.
func ParseEntity(s string) (Entity, error) {
	s = strings.TrimSpace(s)
	var e Entity
	if i := strings.LastIndexAny(s, " \t"); i > 0 {
		t, err := cli.ParseTLP(s[i+1:])
		if err != nil {
			return e, fmt.Errorf("entity %q: %v", s, err)
		}
		e.TLP, s = t, strings.TrimSpace(s[:i])
	}
	typ, val := "", s
	if i := strings.Index(s, ":"); i > 0 {
		if t, ok := typeAliases[strings.ToLower(s[:i])]; ok {
			typ, val = t, s[i+1:]
		}
	}
	val = strings.TrimSpace(val)
	if val == "" {
		return e, fmt.Errorf("entity %q: empty value (want TYPE:VALUE, e.g. domain-name:example.com)", s)
	}
	me, err := mapping.NewEntity(val)
	if err != nil {
		if typ == "ipv4-addr" || typ == "ipv6-addr" || typ == "ip" {
			return e, fmt.Errorf("entity %q: %q is not an IP address", s, val)
		}
		return e, fmt.Errorf("entity %q: %q is not a valid domain name or IP address", s, val)
	}
	if typ != "" && typ != "ip" && typ != me.Type {
		return e, fmt.Errorf("entity %q: %s is a %s, not a %s", s, val, me.Type, typ)
	}
	if typ == "ip" && me.Type == "domain-name" {
		return e, fmt.Errorf("entity %q: %q is not an IP address", s, val)
	}
	e.Type, e.Value, e.ID = me.Type, me.Value, me.ID
	return e, nil
}

// Mapping returns the entity as the mapping package takes it.
func (e Entity) Mapping() mapping.Entity {
	me := mapping.Entity{Type: e.Type, Value: e.Value, ID: e.ID}
	if e.TLP.Valid() {
		me.Markings = []string{e.TLP.ID()}
	}
	return me
}

// Line is one line of an entities list: the entity, or why the line is unusable.
type Line struct {
	N      int // line number, from 1
	Text   string
	Entity Entity
	Err    error
}

// ReadEntities yields the entities of a list, one per line ("TYPE:VALUE [TLP]" or a bare
// value); blank lines and lines starting with # are ignored. It reads as it goes, so a
// list of millions streams. A bad line is yielded with its error (the caller skips it).
func ReadEntities(r io.Reader) iter.Seq2[Line, error] {
	return func(yield func(Line, error) bool) {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		n := 0
		for sc.Scan() {
			n++
			text := strings.TrimSpace(sc.Text())
			if text == "" || strings.HasPrefix(text, "#") {
				continue
			}
			e, err := ParseEntity(text)
			if !yield(Line{N: n, Text: text, Entity: e, Err: err}, nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			yield(Line{N: n + 1}, fmt.Errorf("entities list, line %d: %w", n+1, err))
		}
	}
}
