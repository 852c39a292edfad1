package opencti

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"sync"
	"testing"
)

// fakePlatform is an httptest stand-in for the platform's GraphQL API: it
// records every call, keeps each connector's state as the platform does
// (written by pingConnector, returned by registerConnector) and answers
// registrations with a broker endpoint chosen by the test.
type fakePlatform struct {
	t   *testing.T
	srv *httptest.Server

	mu     sync.Mutex
	calls  []call
	states map[string]*string
	reset  map[string]bool
	mq     MQConnection
	works  int
	// changed is signalled (non-blocking) after every call.
	changed chan struct{}
}

// call is one recorded GraphQL operation.
type call struct {
	Op   string         // registerConnector, pingConnector, workAdd, toReceived, toProcessed, workPing, stixBundlePush
	Vars map[string]any // decoded variables
}

var opRE = regexp.MustCompile(`\b(registerConnector|pingConnector|workAdd|toReceived|toProcessed|addExpectations|stixBundlePush|connector|stixCoreObject|ping)\b`)

func newFakePlatform(t *testing.T, mq MQConnection) *fakePlatform {
	p := &fakePlatform{t: t, states: map[string]*string{}, reset: map[string]bool{}, mq: mq, changed: make(chan struct{}, 1)}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *fakePlatform) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+testToken {
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
	p.mu.Lock()
	p.calls = append(p.calls, call{Op: op, Vars: req.Variables})
	var data any
	switch op {
	case "registerConnector":
		in := req.Variables["input"].(map[string]any)
		id := in["id"].(string)
		data = map[string]any{"registerConnector": map[string]any{
			"id": id, "connector_state": p.states[id], "connector_user_id": "user-" + id, "connector_info": map[string]any{"future": true},
			"config": map[string]any{
				"connection": map[string]any{"host": p.mq.Host, "port": p.mq.Port, "vhost": p.mq.VHost, "use_ssl": p.mq.UseSSL, "user": p.mq.User, "pass": p.mq.Pass},
				"listen":     "listen_" + id, "listen_routing": "listen_routing_" + id, "listen_exchange": "amqp.connector.exchange",
				"push": "push_" + id, "push_routing": "push_routing_" + id, "push_exchange": "amqp.worker.exchange",
			},
		}}
	case "pingConnector":
		id := req.Variables["id"].(string)
		// Like the platform: after a reset from the UI, the next ping does
		// not write its state but gets the reset one back.
		if p.reset[id] {
			p.reset[id] = false
		} else if s, ok := req.Variables["state"].(string); ok {
			p.states[id] = &s
		} else {
			p.states[id] = nil
		}
		data = map[string]any{"pingConnector": map[string]any{"id": id, "connector_state": p.states[id]}}
	case "workAdd":
		p.works++
		data = map[string]any{"workAdd": map[string]any{"id": "work-" + strconv.Itoa(p.works)}}
	case "toReceived", "toProcessed", "workPing", "addExpectations":
		data = map[string]any{"workEdit": map[string]any{op: "ok"}}
	case "connector":
		data = map[string]any{"connector": map[string]any{"id": req.Variables["id"], "connector_queue_details": map[string]any{"messages_number": 0, "messages_size": 0}}}
	case "stixCoreObject":
		data = map[string]any{"stixCoreObject": nil}
	case "stixBundlePush":
		data = map[string]any{"stixBundlePush": true}
	default:
		p.mu.Unlock()
		io.WriteString(w, `{"errors":[{"message":"unknown operation"}]}`)
		return
	}
	p.mu.Unlock()
	select {
	case p.changed <- struct{}{}:
	default:
	}
	json.NewEncoder(w).Encode(map[string]any{"data": data})
}

// Calls returns the recorded calls with the given operation names (all when none).
func (p *fakePlatform) Calls(ops ...string) []call {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []call
	for _, c := range p.calls {
		if len(ops) == 0 || contains(ops, c.Op) {
			out = append(out, c)
		}
	}
	return out
}

// ResetState sets a connector's saved state, as an operator does from the
// UI (connector_state_reset).
func (p *fakePlatform) ResetState(id string, s *string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.states[id] = s
	p.reset[id] = true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
