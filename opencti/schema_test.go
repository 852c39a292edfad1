package opencti

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// SchemaEnv names the OpenCTI GraphQL schema (SDL) the conformance test reads; .ci/run
// sets it to the 6.8.10 schema beside the checkout.
const SchemaEnv = "PTSTIX_OPENCTI_SCHEMA"

// loadQuery parses and validates a document with every rule of the GraphQL spec.
func loadQuery(schema *ast.Schema, doc string) (*ast.QueryDocument, gqlerror.List) {
	return gqlparser.LoadQueryWithRules(schema, doc, rules.NewDefaultRules())
}

// recordGQL records every operation and answers nothing.
type recordGQL struct {
	mu   sync.Mutex
	sent []sentOp
}

type sentOp struct {
	query string
	vars  map[string]any // as they go on the wire (JSON round trip)
}

func (r *recordGQL) Do(ctx context.Context, query string, vars any, out any) error {
	b, err := json.Marshal(vars)
	if err != nil {
		return err
	}
	var wire map[string]any
	if err := json.Unmarshal(b, &wire); err != nil {
		return err
	}
	r.mu.Lock()
	r.sent = append(r.sent, sentOp{query, wire})
	r.mu.Unlock()
	return nil
}

// Every document the connectors send parses and validates against OpenCTI's schema,
// and the variables each call sends are of the types the document declares.
func TestGraphQLDocumentsConformToSchema(t *testing.T) {
	t.Parallel()
	path := os.Getenv(SchemaEnv)
	if path == "" {
		t.Skipf("%s is unset: no OpenCTI schema to validate against (.ci/run sets it to ../shared/reference/opencti-graphql/schema-6.8.10.graphql)", SchemaEnv)
	}
	sdl, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := gqlparser.LoadSchema(&ast.Source{Name: path, Input: string(sdl)})
	if err != nil {
		t.Fatalf("schema: %v", err)
	}

	// Every call the runtime can make, with the variables it sends.
	rec := &recordGQL{}
	api := NewAPI(rec)
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	api.RegisterConnector(ctx, RegisterInput{ID: "c", Name: "n", Type: TypeInternalEnrichment, Scope: []string{"IPv4-Addr"},
		Auto: true, OnlyContextual: true, AutoUpdate: true, EnrichmentResolution: "none"})
	api.RegisterConnector(ctx, RegisterInput{ID: "c", Name: "n", Type: TypeExternalImport, Scope: []string{}})
	api.PingConnector(ctx, "c", []byte(`{"a":1}`), &ConnectorInfo{RunAndTerminate: true, Buffering: true, QueueThreshold: 500, QueueMessagesSize: 1.5, NextRun: &now, LastRun: &now})
	api.PingConnector(ctx, "c", nil, &ConnectorInfo{QueueThreshold: 500})
	api.PingConnector(ctx, "c", nil, nil)
	api.WorkAdd(ctx, "c", "n run @ now")
	api.WorkToReceived(ctx, "w", "ready")
	api.WorkToProcessed(ctx, "w", "done", true)
	api.WorkPing(ctx, "w")
	api.AddExpectations(ctx, "w", 3)
	api.ConnectorQueueDetails(ctx, "c")
	api.EntityMarkings(ctx, "ipv4-addr--1")
	api.StixBundlePush(ctx, "c", "w", []byte(`{"type":"bundle","id":"bundle--1","objects":[]}`))
	api.StixBundlePush(ctx, "c", "", []byte(`{"type":"bundle","id":"bundle--1","objects":[]}`))

	for _, d := range documents {
		if !slices.ContainsFunc(rec.sent, func(s sentOp) bool { return s.query == d }) {
			t.Errorf("no call sends this document, so its variables go untested:\n%s", d)
		}
	}
	for _, s := range rec.sent {
		doc, errs := loadQuery(schema, s.query)
		if len(errs) > 0 {
			t.Errorf("document does not validate: %v\n%s", errs, s.query)
			continue
		}
		for _, op := range doc.Operations {
			if _, err := validator.VariableValues(schema, op, s.vars); err != nil {
				t.Errorf("%s: variables %v: %v", op.Name, s.vars, err)
			}
		}
	}
}

// The check catches what it is for: a field the schema lacks, a variable of the wrong
// type.
func TestGraphQLConformanceCatchesMistakes(t *testing.T) {
	t.Parallel()
	path := os.Getenv(SchemaEnv)
	if path == "" {
		t.Skipf("%s is unset: no OpenCTI schema to validate against", SchemaEnv)
	}
	sdl, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := gqlparser.LoadSchema(&ast.Source{Name: path, Input: string(sdl)})
	if err != nil {
		t.Fatal(err)
	}
	if _, errs := loadQuery(schema, `mutation M($id: ID!) { workEdit(id: $id) { addExpectation(expectations: 1) } }`); len(errs) == 0 {
		t.Error("a misspelt field validated")
	}
	if _, errs := loadQuery(schema, `mutation M($id: String!, $n: Int) { workEdit(id: $id) { addExpectations(expectations: $n) } }`); len(errs) == 0 {
		t.Error("a String variable for an ID! argument validated")
	}
	doc, errs := loadQuery(schema, addExpectationsMutation)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if _, err := validator.VariableValues(schema, doc.Operations[0], map[string]any{"id": "w", "expectations": 2.5}); err == nil {
		t.Error("a fraction for an Int variable validated")
	}
	if _, err := validator.VariableValues(schema, doc.Operations[0], map[string]any{"expectations": 2}); err == nil {
		t.Error("a missing ID! variable validated")
	}
}
