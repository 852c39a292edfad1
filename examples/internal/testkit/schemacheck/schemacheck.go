// Package schemacheck validates STIX 2.1 JSON against the official OASIS JSON schemas
// (github.com/oasis-open/cti-stix2-json-schemas, draft 2020-12), loaded from a folder on
// disk. The schemas name each other by their raw.githubusercontent.com URLs; the loader
// maps those URLs to the local files and refuses anything else, so a check never touches
// the network.
//
// The stix package's own Validate checks what the SDK promises; this package is the
// independent second opinion CI runs over sample bundles (the programs' -demo output and
// the stix and mapping golden files).
package schemacheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// BaseURL is the prefix of the schemas' $id values.
const BaseURL = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/"

// EnvVar names the environment variable CI sets to the schemas folder.
const EnvVar = "PTSTIX_STIX_SCHEMAS"

// Checker holds the compiled schemas: the bundle schema and one schema per STIX type.
type Checker struct {
	bundle *jsonschema.Schema
	byType map[string]*jsonschema.Schema
}

// Load compiles every schema under dir (the folder holding common/, sdos/, sros/ and
// observables/). Formats (email, idn-hostname, uri) are asserted, not just annotated.
func Load(dir string) (*Checker, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseLoader(localLoader{dir: dir})
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("schemacheck: %w", err)
	}
	sort.Strings(files)
	ch := &Checker{byType: map[string]*jsonschema.Schema{}}
	for _, rel := range files {
		folder, name, ok := strings.Cut(rel, "/")
		if !ok {
			continue
		}
		typ := strings.TrimSuffix(name, ".json")
		switch folder {
		case "sdos", "sros", "observables":
		case "common":
			if typ != "bundle" && typ != "marking-definition" && typ != "language-content" && typ != "extension-definition" {
				continue
			}
		default:
			continue
		}
		s, err := c.Compile(BaseURL + rel)
		if err != nil {
			return nil, fmt.Errorf("schemacheck: compile %s: %w", rel, err)
		}
		if typ == "bundle" {
			ch.bundle = s
			continue
		}
		ch.byType[typ] = s
	}
	if ch.bundle == nil || len(ch.byType) == 0 {
		return nil, fmt.Errorf("schemacheck: %s holds no STIX 2.1 schemas (want common/bundle.json, sdos/, sros/, observables/)", dir)
	}
	for typ, required := range customObservables {
		url := customBaseURL + typ + ".json"
		if err := c.AddResource(url, customObservableSchema(typ, required)); err != nil {
			return nil, fmt.Errorf("schemacheck: %s: %w", typ, err)
		}
		s, err := c.Compile(url)
		if err != nil {
			return nil, fmt.Errorf("schemacheck: compile %s: %w", url, err)
		}
		ch.byType[typ] = s
	}
	return ch, nil
}

// customObservables are the custom observable types the SDK emits, with
// the string properties each requires: OpenCTI's text (pycti's
// CustomObservableText). OASIS has no schema for them, so each is checked
// against the observable core schema plus its type, id prefix and
// required properties.
var customObservables = map[string][]string{"text": {"value"}}

// customBaseURL names the schemas built for customObservables; they are
// added to the compiler in memory, never loaded.
const customBaseURL = "urn:ptstix:schemacheck:custom:"

func customObservableSchema(typ string, required []string) map[string]any {
	props := map[string]any{
		"type": map[string]any{"type": "string", "enum": []any{typ}},
		"id":   map[string]any{"pattern": "^" + typ + "--"},
	}
	req := make([]any, 0, len(required))
	for _, r := range required {
		props[r] = map[string]any{"type": "string", "minLength": 1}
		req = append(req, r)
	}
	return map[string]any{
		"$schema":    "https://json-schema.org/draft/2020-12/schema",
		"type":       "object",
		"allOf":      []any{map[string]any{"$ref": BaseURL + "common/cyber-observable-core.json"}},
		"properties": props,
		"required":   req,
	}
}

// FromEnv loads the schemas from $PTSTIX_STIX_SCHEMAS, or skips t with the reason when
// the variable is unset (outside CI).
func FromEnv(t testing.TB) *Checker {
	t.Helper()
	dir := os.Getenv(EnvVar)
	if dir == "" {
		t.Skip(EnvVar + " is unset: the OASIS STIX 2.1 JSON schemas are only checked in CI (.ci/run sets it)")
	}
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if c := cache[dir]; c != nil {
		return c
	}
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	cache[dir] = c
	return c
}

// cache keeps compiled checkers by folder: compiling takes a second, tests share them.
var (
	cacheMu sync.Mutex
	cache   = map[string]*Checker{}
)

// Types lists the STIX types the checker has a schema for, sorted.
func (c *Checker) Types() []string {
	var ts []string
	for t := range c.byType {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return ts
}

// Object validates one STIX object against the schema of its type. A type without a
// schema is an error: the SDK emits no custom types but the observables of
// customObservables, which have schemas of their own here.
func (c *Checker) Object(raw []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("schemacheck: %w", err)
	}
	return c.object(v)
}

func (c *Checker) object(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return errors.New("schemacheck: object is not a JSON object")
	}
	typ, _ := m["type"].(string)
	id, _ := m["id"].(string)
	s, ok := c.byType[typ]
	if !ok {
		return fmt.Errorf("schemacheck: %s: no OASIS schema for type %q", id, typ)
	}
	if err := s.Validate(v); err != nil {
		return fmt.Errorf("schemacheck: %s: %w", id, err)
	}
	return nil
}

// Bundle validates a bundle document: its envelope against the bundle schema, then every
// object against the schema of its own type. It returns every problem found.
//
// The objects are not checked through common/bundle.json itself: its list of object
// schemas leaves out note, opinion, grouping, location and incident, and its fallback
// for custom objects then fails them (a note matches both core.json and
// cyber-observable-core.json, and the fallback wants exactly one). Checking each object
// against its own schema is stricter anyway.
func (c *Checker) Bundle(raw []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("schemacheck: %w", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return errors.New("schemacheck: bundle is not a JSON object")
	}
	var errs []error
	objs, _ := m["objects"].([]any)
	envelope := make(map[string]any, len(m))
	for k, x := range m {
		if k != "objects" {
			envelope[k] = x
		}
	}
	if _, ok := m["objects"]; ok && objs == nil {
		errs = append(errs, errors.New("schemacheck: bundle: objects is not an array"))
	}
	if err := c.bundle.Validate(envelope); err != nil {
		errs = append(errs, fmt.Errorf("schemacheck: bundle: %w", err))
	}
	for _, o := range objs {
		if err := c.object(o); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Stream validates a stream of bundles, one JSON document after another (as the
// programs write with -out -), and returns how many it checked.
func (c *Checker) Stream(raw []byte) (int, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	n := 0
	for {
		var doc json.RawMessage
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				return n, nil
			}
			return n, fmt.Errorf("schemacheck: bundle %d: %w", n+1, err)
		}
		n++
		if err := c.Bundle(doc); err != nil {
			return n, fmt.Errorf("bundle %d: %w", n, err)
		}
	}
}

// localLoader serves the schemas' URLs from the folder and refuses any other URL.
type localLoader struct{ dir string }

func (l localLoader) Load(url string) (any, error) {
	rel, ok := strings.CutPrefix(url, BaseURL)
	if !ok || strings.Contains(rel, "..") {
		return nil, fmt.Errorf("schemacheck: %s is not an OASIS STIX 2.1 schema URL (no network access)", url)
	}
	f, err := os.Open(filepath.Join(l.dir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return jsonschema.UnmarshalJSON(f)
}
