package opencti

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ptstix/passivetotal/opencti/openctitest"
	"github.com/ptstix/passivetotal/stix"
)

const (
	customAmber = "marking-definition--c0570000-0000-4000-8000-00000000a4be"
	customRed   = "marking-definition--c0570000-0000-4000-8000-0000000000ed"
	papMarking  = "marking-definition--c0570000-0000-4000-8000-000000000ba9"
	unknownMark = "marking-definition--c0570000-0000-4000-8000-00000000dead"
	fixedGreen  = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
)

func TestEntityTLPResolvesEveryMarking(t *testing.T) {
	t.Parallel()
	// What the platform shows of an entity's markings: its own, read through the API.
	amber := MarkingRef{ID: customAmber, DefinitionType: "TLP", Definition: "TLP:AMBER"}
	red := MarkingRef{ID: customRed, DefinitionType: "TLP", Definition: "TLP:RED"}
	pap := MarkingRef{ID: papMarking, DefinitionType: "PAP", Definition: "PAP:RED"}
	object := func(id, defType, name string) json.RawMessage {
		b, _ := json.Marshal(map[string]any{"type": "marking-definition", "id": id, "definition_type": defType, "name": name})
		return b
	}
	tests := []struct {
		name     string
		refs     []string
		markings []MarkingRef
		objects  []json.RawMessage
		want     stix.TLP
	}{
		{"unmarked", nil, nil, nil, 0},
		{"fixed id", []string{fixedGreen}, nil, nil, stix.TLPGreen},
		{"custom TLP read from the platform", []string{customAmber}, []MarkingRef{amber}, nil, stix.TLPAmber},
		{"strictest of several", []string{fixedGreen, customRed}, []MarkingRef{red}, nil, stix.TLPRed},
		{"a PAP marking is not a TLP", []string{papMarking, customAmber}, []MarkingRef{pap, amber}, nil, stix.TLPAmber},
		{"unknown marking counts as RED", []string{customAmber, unknownMark}, []MarkingRef{amber}, nil, stix.TLPRed},
		{"unknown marking, nothing read", []string{unknownMark}, nil, nil, stix.TLPRed},
		{"custom TLP in stix_objects", []string{customAmber}, nil, []json.RawMessage{object(customAmber, "tlp", "TLP:AMBER")}, stix.TLPAmber},
		{"statement in stix_objects", []string{papMarking}, nil, []json.RawMessage{object(papMarking, "statement", "Copyright")}, 0},
		{"TLP with a name that is no TLP", []string{customAmber}, nil, []json.RawMessage{object(customAmber, "tlp", "TLP:ORANGE")}, stix.TLPRed},
		{"platform TLP with a name that is no TLP", []string{customAmber}, []MarkingRef{{ID: customAmber, DefinitionType: "TLP", Definition: "TLP:X"}}, nil, stix.TLPRed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := &EnrichmentRequest{Entity: &StixEntity{ID: "ipv4-addr--1", Type: "ipv4-addr", ObjectMarkingRefs: tt.refs},
				Markings: tt.markings, Objects: tt.objects}
			if got := EntityTLP(req); got != tt.want {
				t.Errorf("EntityTLP = %s, want %s", got, tt.want)
			}
		})
	}
}

// apiEnricher is an enrichment connector on the platform double p, over the API
// protocol, fed by l.
func apiEnricher(t *testing.T, p *openctitest.Platform, l Listener) *Connector {
	t.Helper()
	id := newUUID()
	cfg := &Config{URL: p.URL(), Token: openctitest.Token, ID: id, Name: "api " + id, Type: TypeInternalEnrichment,
		Scope: []string{"IPv4-Addr"}, QueueProtocol: ProtocolAPI}
	c, err := New(cfg, WithLogger(testLogger(t)), WithListener(l))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return c
}

// runRequests feeds bodies to an enricher until each has its toProcessed, and returns
// how many times fn ran.
func runRequests(t *testing.T, p *openctitest.Platform, c *Connector, l *openctitest.Listener, maxTLP stix.TLP, bodies ...[]byte) int {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	done := make(chan error, 1)
	go func() {
		done <- c.RunEnricher(ctx, EnricherOptions{MaxTLP: maxTLP}, func(ctx context.Context, req *EnrichmentRequest) ([]byte, string, error) {
			calls++
			b, _ := lossBundle(calls)
			return b, "sent", nil
		})
	}()
	for _, b := range bodies {
		l.Send(b)
	}
	waitFor(t, 5*time.Second, "every toProcessed", func() bool { return len(p.Calls("toProcessed")) == len(bodies) })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	c.Close(context.Background())
	return calls
}

// With no stix_objects in the request, the runtime asks the platform for the entity's
// markings: a custom TLP:AMBER marking passes a maximum of AMBER, a custom TLP:RED one
// does not, and a marking the platform does not resolve is refused too.
func TestEnricherReadsCustomMarkings(t *testing.T) {
	t.Parallel()
	p := openctitest.New(t, openctitest.Broker{})
	p.SetMarkings("ipv4-addr--amber", openctitest.Marking{ID: customAmber, Type: "TLP", Definition: "TLP:AMBER"})
	p.SetMarkings("ipv4-addr--red", openctitest.Marking{ID: customRed, Type: "TLP", Definition: "TLP:RED"})
	l := openctitest.NewListener(3)
	c := apiEnricher(t, p, l)
	entity := func(id, marking string) map[string]any {
		return map[string]any{"type": "ipv4-addr", "spec_version": "2.1", "id": id, "value": "198.51.100.7", "object_marking_refs": []string{marking}}
	}
	calls := runRequests(t, p, c, l, stix.TLPAmber,
		openctitest.EnrichmentBody("w-amber", "IPv4-Addr", entity("ipv4-addr--amber", customAmber)),
		openctitest.EnrichmentBody("w-red", "IPv4-Addr", entity("ipv4-addr--red", customRed)),
		openctitest.EnrichmentBody("w-unknown", "IPv4-Addr", entity("ipv4-addr--unknown", unknownMark)))
	if calls != 1 {
		t.Errorf("enriched %d entities, want 1 (the AMBER one)", calls)
	}
	got := map[string]string{}
	for _, call := range p.Calls("toProcessed") {
		got[call.Str("id")] = call.Str("message")
	}
	if got["w-amber"] != "sent" || !strings.Contains(got["w-red"], "marked TLP:RED") || !strings.Contains(got["w-unknown"], "marked TLP:RED") {
		t.Errorf("works closed with %q", got)
	}
	if n := len(p.Calls("stixCoreObject")); n != 3 {
		t.Errorf("%d markings reads, want one per request", n)
	}
}

// An enrichment asked inside a draft writes into that draft: every call made for it
// carries the opencti-draft-id header (the API path), and the work's other requests
// do not.
func TestEnricherDraftOverAPI(t *testing.T) {
	t.Parallel()
	p := openctitest.New(t, openctitest.Broker{})
	l := openctitest.NewListener(2)
	c := apiEnricher(t, p, l)
	inDraft := openctitest.EnrichmentBody("w-draft", "IPv4-Addr", map[string]any{"type": "ipv4-addr", "id": "ipv4-addr--d", "value": "198.51.100.7"})
	inDraft = []byte(strings.Replace(string(inDraft), `"draft_id":null`, `"draft_id":"draft-42"`, 1))
	plain := openctitest.EnrichmentBody("w-plain", "IPv4-Addr", map[string]any{"type": "ipv4-addr", "id": "ipv4-addr--p", "value": "198.51.100.8"})
	runRequests(t, p, c, l, 0, inDraft, plain)
	pushes := map[string][]string{}
	for _, call := range p.Calls("stixBundlePush", "addExpectations", "toReceived", "toProcessed") {
		work := call.Str("work_id") + call.Str("id")
		pushes[work] = append(pushes[work], call.Header.Get("Opencti-Draft-Id"))
	}
	for work, drafts := range pushes {
		want := ""
		if work == "w-draft" {
			want = "draft-42"
		}
		for _, d := range drafts {
			if d != want {
				t.Errorf("work %s: a call with draft header %q, want %q", work, d, want)
			}
		}
	}
	if len(pushes["w-draft"]) != 8 || len(pushes["w-plain"]) != 8 {
		t.Errorf("calls per work: %v (want toReceived, addExpectations, 5 pushes and toProcessed each)", pushes)
	}
}
