package openctitest

import (
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
)

// Token is the OpenCTI token the platform accepts.
const Token = "openctitest-token"

// Broker is the RabbitMQ endpoint a registration answers with.
type Broker struct {
	Host        string // host name or address
	Port        int    // TCP port
	VHost       string // RabbitMQ virtual host
	UseSSL      bool   // amqps
	User        string // broker user
	Pass        string // broker password
	QueuePrefix string // "" gives the platform's names: listen_<id>, push_<id>
}

// Call is one recorded GraphQL operation.
type Call struct {
	// Op is registerConnector, pingConnector, workAdd, toReceived, toProcessed,
	// addExpectations, workPing, stixBundlePush, connector (the queue details) or
	// stixCoreObject (an entity's markings).
	Op   string
	Vars map[string]any // the operation's variables, as JSON decodes them
	// Header holds the request's opencti-* headers (draft, applicant).
	Header http.Header
}

// Str returns a string variable, "" when absent.
func (c Call) Str(name string) string {
	s, _ := c.Vars[name].(string)
	return s
}

// Platform is the stand-in. Create it with New.
type Platform struct {
	srv *httptest.Server

	mu     sync.Mutex
	calls  []Call
	states map[string]*string
	broker Broker
	works  map[string]*Work
	nworks int
	notify chan struct{}
	// pushed receives the messages stixBundlePush puts on a push queue, when a test
	// routes them to a broker (PushThrough).
	pushed   func(connectorID string, body []byte)
	queue    QueueDetails
	markings map[string][]Marking
}

var opRE = regexp.MustCompile(`\b(registerConnector|pingConnector|workAdd|toReceived|toProcessed|addExpectations|stixBundlePush|connector|stixCoreObject|ping)\b`)

// New starts a platform; it stops when the test ends.
func New(t testing.TB, b Broker) *Platform {
	p := NewServer(b)
	t.Cleanup(p.Close)
	return p
}

// NewServer starts a platform outside a test (an Example, a program's own
// harness); the caller must Close it.
func NewServer(b Broker) *Platform {
	p := newPlatform(b)
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	return p
}

// NewTLS starts a platform that answers over HTTPS with a certificate of its own;
// CAFile writes the PEM a connector must trust (OPENCTI_SSL_VERIFY). It stops when
// the test ends.
func NewTLS(t testing.TB, b Broker) *Platform {
	p := newPlatform(b)
	p.srv = httptest.NewTLSServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.Close)
	return p
}

func newPlatform(b Broker) *Platform {
	return &Platform{states: map[string]*string{}, works: map[string]*Work{}, broker: b, notify: make(chan struct{}, 1)}
}

// Close stops the platform's server, waiting for the calls in progress.
func (p *Platform) Close() { p.srv.Close() }

// CAFile writes the HTTPS platform's certificate as a PEM file in a test directory
// and returns its path.
func (p *Platform) CAFile(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "platform-ca.pem")
	der := p.srv.Certificate().Raw
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// URL is the platform's address, the connector's OPENCTI_URL.
func (p *Platform) URL() string { return p.srv.URL }

// Env returns the OpenCTI settings of a connector using this platform, with
// CONNECTOR_QUEUE_PROTOCOL=api; callers add or change what they need.
func (p *Platform) Env(id, name string) map[string]string {
	return map[string]string{
		"OPENCTI_URL":              p.URL(),
		"OPENCTI_TOKEN":            Token,
		"CONNECTOR_ID":             id,
		"CONNECTOR_NAME":           name,
		"CONNECTOR_QUEUE_PROTOCOL": "api",
		"CONNECTOR_LOG_LEVEL":      "error",
	}
}

// SetState sets a connector's saved state, as a previous run's ping would.
func (p *Platform) SetState(id string, state string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.states[id] = &state
}

// State is the connector's state as last saved by a ping ("" when none).
func (p *Platform) State(id string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s := p.states[id]; s != nil {
		return *s
	}
	return ""
}

// Calls returns the recorded calls with the given operations (all when none).
func (p *Platform) Calls(ops ...string) []Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []Call
	for _, c := range p.calls {
		if len(ops) == 0 || contains(ops, c.Op) {
			out = append(out, c)
		}
	}
	return out
}

// Ops lists the operations in call order.
func (p *Platform) Ops() []string {
	var ops []string
	for _, c := range p.Calls() {
		ops = append(ops, c.Op)
	}
	return ops
}

// Changed is signalled (without blocking) after every call.
func (p *Platform) Changed() <-chan struct{} { return p.notify }

// Bundles decodes the bundles received through stixBundlePush, in order, the
// one-object pieces of each put back together (JoinPieces).
func (p *Platform) Bundles(t testing.TB) []ReceivedBundle {
	t.Helper()
	var out []ReceivedBundle
	for _, c := range p.Calls("stixBundlePush") {
		b, err := ParseReceivedBundle([]byte(c.Str("bundle")))
		if err != nil {
			t.Fatalf("stixBundlePush: %v", err)
		}
		b.WorkID = c.Str("work_id")
		out = append(out, b)
	}
	return JoinPieces(out)
}

// JoinPieces puts back together the one-object bundles a connector cut from one bundle
// (they carry its id and follow each other, within one work): each group becomes one
// bundle of all their objects, in the order sent, Raw re-encoded without the pieces'
// spec_version and x_opencti_seq.
func JoinPieces(pieces []ReceivedBundle) []ReceivedBundle {
	var out []ReceivedBundle
	for _, b := range pieces {
		if n := len(out); n > 0 && out[n-1].ID == b.ID && out[n-1].WorkID == b.WorkID {
			out[n-1].Objects = append(out[n-1].Objects, b.Objects...)
			out[n-1].Pieces++
			continue
		}
		b.Pieces = 1
		out = append(out, b)
	}
	for i := range out {
		out[i].Raw, _ = json.Marshal(map[string]any{"type": "bundle", "id": out[i].ID, "objects": out[i].Objects})
	}
	return out
}

// ReceivedBundle is a bundle the platform received, decoded enough for assertions.
type ReceivedBundle struct {
	WorkID  string           // the work it was sent in, "" for none
	ID      string           // the bundle's id
	Objects []map[string]any // its objects, decoded
	Raw     []byte           // the bundle's JSON
	Pieces  int              // one-object bundles it was sent as (JoinPieces)
}

// CountByType counts the bundle's objects by STIX type.
func (b ReceivedBundle) CountByType() map[string]int {
	m := map[string]int{}
	for _, o := range b.Objects {
		t, _ := o["type"].(string)
		m[t]++
	}
	return m
}

// ParseReceivedBundle decodes a STIX bundle.
func ParseReceivedBundle(raw []byte) (ReceivedBundle, error) {
	var b struct {
		Type    string           `json:"type"`
		ID      string           `json:"id"`
		Objects []map[string]any `json:"objects"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		return ReceivedBundle{}, err
	}
	if b.Type != "bundle" || len(b.Objects) == 0 {
		return ReceivedBundle{}, fmt.Errorf("not a bundle with objects: type %q, %d objects", b.Type, len(b.Objects))
	}
	return ReceivedBundle{ID: b.ID, Objects: b.Objects, Raw: raw}, nil
}

// DecodeQueueMessage returns the bundle inside a push-queue message body (the AMQP
// path), with the message's work id.
func DecodeQueueMessage(body []byte) (ReceivedBundle, error) {
	var m struct {
		Content string  `json:"content"`
		WorkID  *string `json:"work_id"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return ReceivedBundle{}, err
	}
	raw, err := base64.StdEncoding.DecodeString(m.Content)
	if err != nil {
		return ReceivedBundle{}, err
	}
	b, err := ParseReceivedBundle(raw)
	if m.WorkID != nil {
		b.WorkID = *m.WorkID
	}
	return b, err
}

func (p *Platform) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+Token {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"errors":[{"message":"You must be logged in","extensions":{"code":"AUTH_REQUIRED"}}]}`)
		return
	}
	var req struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	op := opRE.FindString(req.Query)
	if op == "ping" {
		op = "workPing"
	}
	hdr := http.Header{}
	for _, k := range []string{"Opencti-Draft-Id", "Opencti-Applicant-Id"} {
		if v := r.Header.Get(k); v != "" {
			hdr.Set(k, v)
		}
	}
	p.mu.Lock()
	p.calls = append(p.calls, Call{Op: op, Vars: req.Variables, Header: hdr})
	data, push, pushTo := p.answer(op, req.Variables)
	p.mu.Unlock()
	if data == nil {
		io.WriteString(w, `{"errors":[{"message":"unknown operation"}]}`)
		return
	}
	if push != nil {
		pushTo(req.Variables["connectorId"].(string), push)
	}
	select {
	case p.notify <- struct{}{}:
	default:
	}
	json.NewEncoder(w).Encode(map[string]any{"data": data})
}

// answer applies one operation; p.mu is held. push is a message stixBundlePush puts on
// the connector's push queue (nil when no broker takes it).
func (p *Platform) answer(op string, vars map[string]any) (data any, push []byte, pushTo func(string, []byte)) {
	str := func(name string) string { s, _ := vars[name].(string); return s }
	switch op {
	case "registerConnector":
		in, _ := vars["input"].(map[string]any)
		id, _ := in["id"].(string)
		b, pre := p.broker, p.broker.QueuePrefix
		return map[string]any{"registerConnector": map[string]any{
			"id": id, "connector_state": p.states[id], "connector_user_id": "user-" + id,
			"config": map[string]any{
				"connection": map[string]any{"host": b.Host, "port": b.Port, "vhost": b.VHost, "use_ssl": b.UseSSL, "user": b.User, "pass": b.Pass},
				"listen":     pre + "listen_" + id, "listen_routing": pre + "listen_routing_" + id, "listen_exchange": pre + "amqp.connector.exchange",
				"push": pre + "push_" + id, "push_routing": pre + "push_routing_" + id, "push_exchange": pre + "amqp.worker.exchange",
			},
		}}, nil, nil
	case "pingConnector":
		id := str("id")
		if s, ok := vars["state"].(string); ok {
			p.states[id] = &s
		} else {
			p.states[id] = nil
		}
		return map[string]any{"pingConnector": map[string]any{"id": id, "connector_state": p.states[id]}}, nil, nil
	case "workAdd":
		w := p.newWorkLocked(str("connectorId"))
		return map[string]any{"workAdd": map[string]any{"id": w.ID}}, nil, nil
	case "toReceived":
		if w := p.works[str("id")]; w != nil {
			w.received(str("message"))
		}
	case "toProcessed":
		if w := p.works[str("id")]; w != nil {
			inError, _ := vars["inError"].(bool)
			w.processed(str("message"), inError)
		}
	case "addExpectations":
		n, _ := vars["expectations"].(float64)
		if w := p.works[str("id")]; w != nil {
			w.addExpectations(int(n))
		}
	case "workPing":
	case "stixBundlePush":
		data = map[string]any{"stixBundlePush": true}
		if p.pushed == nil {
			return data, nil, nil
		}
		var wid *string
		if s := str("work_id"); s != "" {
			wid = &s
		}
		msg, _ := json.Marshal(map[string]any{"type": "bundle", "applicant_id": "user-" + str("connectorId"),
			"content": base64.StdEncoding.EncodeToString([]byte(str("bundle"))), "work_id": wid, "update": true})
		return data, msg, p.pushed
	case "connector":
		return map[string]any{"connector": map[string]any{"id": str("id"), "connector_queue_details": map[string]any{
			"messages_number": p.queue.Messages, "messages_size": p.queue.Bytes}}}, nil, nil
	case "stixCoreObject":
		var marks []map[string]any
		for _, m := range p.markings[str("id")] {
			marks = append(marks, map[string]any{"standard_id": m.ID, "definition_type": m.Type, "definition": m.Definition})
		}
		if marks == nil {
			return map[string]any{"stixCoreObject": nil}, nil, nil
		}
		return map[string]any{"stixCoreObject": map[string]any{"id": str("id"), "objectMarking": marks}}, nil, nil
	default:
		return nil, nil, nil
	}
	return map[string]any{"workEdit": map[string]any{op: str("id")}}, nil, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
