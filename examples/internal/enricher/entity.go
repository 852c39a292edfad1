package enricher

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/stix"
)

// typeAliases maps what users write to STIX types (OpenCTI's names, the old
// connector's scope names, and short forms).
var typeAliases = map[string]string{
	"domain-name": "domain-name", "domain": "domain-name", "hostname": "domain-name", "host": "domain-name",
	"ipv4-addr": "ipv4-addr", "ipv4": "ipv4-addr", "ipv4-address": "ipv4-addr",
	"ipv6-addr": "ipv6-addr", "ipv6": "ipv6-addr", "ipv6-address": "ipv6-addr",
	"ip": "ip", "ip-addr": "ip",
}

// ParseEntity reads "TYPE:VALUE" (the form mapping.Entity.String writes), optionally
// followed by a space and a TLP ("domain-name:example.com TLP:AMBER"), the entity's own
// marking. TYPE is domain-name, ipv4-addr or ipv6-addr (OpenCTI's Domain-Name and
// IPv4-Addr, and domain, ip, ipv4, ipv6 are accepted); a bare value without TYPE gets
// its type from its form. The value is normalised and checked.
func ParseEntity(s string) (mapping.Entity, error) {
	s = strings.TrimSpace(s)
	var tlp stix.TLP
	if i := strings.LastIndexAny(s, " \t"); i > 0 {
		t, err := cli.ParseTLP(s[i+1:])
		if err != nil {
			return mapping.Entity{}, fmt.Errorf("entity %q: %v", s, err)
		}
		tlp, s = t, strings.TrimSpace(s[:i])
	}
	typ, val := "", s
	if i := strings.Index(s, ":"); i > 0 {
		if t, ok := typeAliases[strings.ToLower(s[:i])]; ok {
			typ, val = t, s[i+1:]
		}
	}
	val = strings.TrimSpace(val)
	if val == "" {
		return mapping.Entity{}, fmt.Errorf("entity %q: empty value (want TYPE:VALUE, e.g. domain-name:example.com)", s)
	}
	e, err := mapping.NewEntity(val)
	if err != nil {
		if typ == "ipv4-addr" || typ == "ipv6-addr" || typ == "ip" {
			return mapping.Entity{}, fmt.Errorf("entity %q: %q is not an IP address", s, val)
		}
		return mapping.Entity{}, fmt.Errorf("entity %q: %q is not a valid domain name or IP address", s, val)
	}
	if typ != "" && typ != "ip" && typ != e.Type {
		return mapping.Entity{}, fmt.Errorf("entity %q: %s is a %s, not a %s", s, val, e.Type, typ)
	}
	if typ == "ip" && e.Type == stix.TypeDomainName {
		return mapping.Entity{}, fmt.Errorf("entity %q: %q is not an IP address", s, val)
	}
	return WithTLP(e, tlp), nil
}

// WithTLP returns e marked t when e carries no TLP marking of its own (a saved answer's
// entity takes the TLP the run assumes for its input). A zero t leaves e as it is.
func WithTLP(e mapping.Entity, t stix.TLP) mapping.Entity {
	if t.Valid() && e.TLP() == 0 {
		e.Markings = append(slices.Clip(e.Markings), t.ID())
	}
	return e
}

// Line is one line of an entities list: the entity, or why the line is unusable.
type Line struct {
	N      int // line number, from 1
	Text   string
	Entity mapping.Entity
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
