package schemacheck

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// validBundle uses the types the SDK emits most, written by hand from the STIX 2.1 spec.
const validBundle = `{"type":"bundle","id":"bundle--6e3e6b0c-4b8e-5a64-9c4f-3c0b1b8e3f10","objects":[
{"type":"identity","spec_version":"2.1","id":"identity--8b3c0b0c-4b8e-5a64-9c4f-3c0b1b8e3f10","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"PassiveTotal","identity_class":"organization"},
{"type":"domain-name","spec_version":"2.1","id":"domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5","value":"example.com"},
{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd","value":"198.51.100.3"},
{"type":"text","spec_version":"2.1","id":"text--dcd87797-60e9-5606-bd08-6b4a0270a4a2","value":"Domain Administrator","object_marking_refs":["marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"]},
{"type":"relationship","spec_version":"2.1","id":"relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"resolves-to","source_ref":"domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5","target_ref":"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd","start_time":"2017-06-14T11:22:21Z","stop_time":"2017-06-15T11:22:21Z"},
{"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"example.com","pattern":"[domain-name:value = 'example.com']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","object_marking_refs":["marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"]}
]}`

func TestCheckerAgainstHandWrittenBundles(t *testing.T) {
	t.Parallel()
	c := FromEnv(t)
	if err := c.Bundle([]byte(validBundle)); err != nil {
		t.Fatalf("valid bundle rejected: %v", err)
	}
	bad := []struct{ name, from, to, want string }{
		{"indicator without pattern", `"pattern":"[domain-name:value = 'example.com']",`, "", "indicator--"},
		{"bad timestamp", `"created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"PassiveTotal"`, `"created":"2024-01-01 00:00:00","modified":"2024-01-01T00:00:00.000Z","name":"PassiveTotal"`, "identity--"},
		{"bad ipv4", `"value":"198.51.100.3"`, `"value":"not an ip"`, "ipv4-addr--"},
		{"bad id", `"id":"domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5"`, `"id":"domain-name--nope"`, "domain-name--nope"},
		{"unknown type", `"type":"ipv4-addr"`, `"type":"x-thing"`, "no OASIS schema"},
		{"text without value", `"value":"Domain Administrator",`, "", "text--"},
		{"text with an empty value", `"value":"Domain Administrator"`, `"value":""`, "text--"},
		{"text with a bad marking ref", `"object_marking_refs":["marking-definition--f88d31f6`, `"object_marking_refs":["marking-definition--nope","marking-definition--f88d31f6`, "text--"},
		{"text with another type's id", `"id":"text--dcd87797`, `"id":"url--dcd87797`, "url--"},
		{"bad bundle id", `"id":"bundle--6e3e6b0c`, `"id":"bundel--6e3e6b0c`, "bundle:"},
	}
	for _, tt := range bad {
		doc := strings.Replace(validBundle, tt.from, tt.to, 1)
		if doc == validBundle {
			t.Fatalf("%s: replacement did not apply", tt.name)
		}
		err := c.Bundle([]byte(doc))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Bundle() = %v, want an error mentioning %q", tt.name, err, tt.want)
		}
	}
	n, err := c.Stream([]byte(validBundle + "\n" + validBundle + "\n"))
	if n != 2 || err != nil {
		t.Errorf("Stream of two bundles = %d, %v", n, err)
	}
}

func TestLoadRefusesOtherURLs(t *testing.T) {
	t.Parallel()
	if _, err := (localLoader{dir: t.TempDir()}).Load("https://example.com/schema.json"); err == nil {
		t.Error("loader accepted a URL outside the OASIS base")
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("Load of an empty folder: no error")
	}
}

// TestGoldenFiles checks every STIX golden file of the stix and mapping packages: the
// SDK's own Validate is tested there; this is the OASIS schemas' opinion.
func TestGoldenFiles(t *testing.T) {
	t.Parallel()
	c := FromEnv(t)
	for name, dir := range map[string]string{"mapping": "../../../../mapping/testdata/golden", "stix": "../../../../stix/testdata"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, err := os.Stat(dir); err != nil {
				t.Skipf("%s does not exist (yet): nothing to check", dir)
			}
			checked := 0
			filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() || strings.Contains(p, "/fuzz/") {
					return err
				}
				raw, err := os.ReadFile(p)
				if err != nil {
					t.Error(err)
					return nil
				}
				if strings.HasSuffix(p, ".jsonl") {
					// One object per line.
					for i, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
						if err := c.Object([]byte(line)); err != nil {
							t.Errorf("%s:%d: %v", p, i+1, err)
						}
						checked++
					}
					return nil
				}
				if !strings.HasSuffix(p, ".json") {
					return nil
				}
				var head struct {
					Type string `json:"type"`
					ID   string `json:"id"`
				}
				if json.Unmarshal(raw, &head) != nil || head.Type == "" || head.ID == "" {
					t.Logf("%s: not a STIX object or bundle, not checked", p)
					return nil
				}
				if head.Type == "bundle" {
					err = c.Bundle(raw)
				} else {
					err = c.Object(raw)
				}
				if err != nil {
					t.Errorf("%s: %v", p, err)
				}
				checked++
				return nil
			})
			t.Logf("%s: %d STIX bundles and objects checked against the OASIS schemas", dir, checked)
		})
	}
}
