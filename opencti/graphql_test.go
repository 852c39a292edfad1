package opencti

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const testToken = "tok-5ecr3t-value"

func TestHTTPClientDo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		status     int
		body       string
		wantErr    bool
		wantAuth   bool   // errors.Is(err, ErrUnauthorized)
		wantInErr  string // substring of the error text
		wantResult string
	}{
		{name: "data", status: 200, body: `{"data":{"workAdd":{"id":"w1","extra":1}},"extensions":{"x":1}}`, wantResult: "w1"},
		{name: "errors with 200", status: 200, body: `{"data":null,"errors":[{"message":"You must be logged in","extensions":{"code":"AUTH_REQUIRED"}}]}`,
			wantErr: true, wantAuth: true, wantInErr: "You must be logged in (AUTH_REQUIRED)"},
		{name: "errors and data", status: 200, body: `{"data":{"workAdd":{"id":"w1"}},"errors":[{"message":"partial","path":["workAdd"]}]}`,
			wantErr: true, wantInErr: "partial"},
		{name: "401 not JSON", status: 401, body: `Unauthorized`, wantErr: true, wantAuth: true, wantInErr: "HTTP 401"},
		{name: "502 html", status: 502, body: `<html>bad gateway</html>`, wantErr: true, wantInErr: "HTTP 502"},
		{name: "200 not JSON", status: 200, body: `<html>`, wantErr: true, wantInErr: "not GraphQL JSON"},
		{name: "no data", status: 200, body: `{"data":null}`, wantErr: true, wantInErr: "no data"},
		{name: "many errors", status: 200, body: `{"errors":[{"message":"a"},{"message":"b"},{"message":"c"},{"message":"d"},{"message":"e"}]}`,
			wantErr: true, wantInErr: "and 2 more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
					t.Errorf("Authorization = %q", got)
				}
				if r.URL.Path != "/base/graphql" || r.Method != http.MethodPost {
					t.Errorf("request %s %s", r.Method, r.URL.Path)
				}
				b, _ := io.ReadAll(r.Body)
				if !strings.Contains(string(b), `"variables":{"connectorId":"c"`) {
					t.Errorf("body %s", b)
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			t.Cleanup(srv.Close)
			hc, err := NewHTTPClient(srv.URL+"/base/", testToken, srv.Client())
			if err != nil {
				t.Fatal(err)
			}
			id, err := NewAPI(hc).WorkAdd(context.Background(), "c", "run")
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err == nil {
				if id != tt.wantResult {
					t.Errorf("id = %q", id)
				}
				return
			}
			var ge *GraphQLError
			if !errors.As(err, &ge) {
				t.Fatalf("%T is not a *GraphQLError", err)
			}
			if got := errors.Is(err, ErrUnauthorized); got != tt.wantAuth {
				t.Errorf("errors.Is(ErrUnauthorized) = %v", got)
			}
			if !strings.Contains(err.Error(), tt.wantInErr) {
				t.Errorf("error %q does not contain %q", err, tt.wantInErr)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error leaks the token: %q", err)
			}
		})
	}
}

func TestHTTPClientTransportErrorHidesURLCredentials(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close() // nothing listens any more
	hc, err := NewHTTPClient(strings.Replace(addr, "http://", "http://admin:pw-in-url@", 1), testToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = hc.Do(context.Background(), "{ x }", nil, nil)
	if err == nil {
		t.Fatal("no error")
	}
	for _, secret := range []string{testToken, "pw-in-url"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error leaks %q: %v", secret, err)
		}
	}
}

func TestNewHTTPClientRejectsBadURL(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"", "opencti:8080", "ftp://x", "http://"} {
		if _, err := NewHTTPClient(u, "t", nil); err == nil {
			t.Errorf("NewHTTPClient(%q) accepted", u)
		}
	}
}

// fakeGQL records operations and answers from a function, for the API tests.
type fakeGQL struct {
	answer func(query string, vars map[string]any) (string, error)
	calls  []string
}

func (f *fakeGQL) Do(ctx context.Context, query string, vars any, out any) error {
	f.calls = append(f.calls, query)
	v, _ := vars.(map[string]any)
	s, err := f.answer(query, v)
	if err != nil || out == nil {
		return err
	}
	return json.Unmarshal([]byte(s), out)
}

func TestAPIRegisterAndPing(t *testing.T) {
	t.Parallel()
	var gotInput RegisterInput
	f := &fakeGQL{answer: func(q string, v map[string]any) (string, error) {
		switch {
		case strings.Contains(q, "registerConnector"):
			gotInput = v["input"].(RegisterInput)
			return `{"registerConnector":{"id":"c1","connector_state":"{\"a\":1}","connector_user_id":"u1","s3":{"x":1},
			  "config":{"connection":{"host":"mq","vhost":"/","use_ssl":false,"port":5672,"user":"u","pass":"p"},
			  "listen":"listen_c1","listen_routing":"listen_routing_c1","listen_exchange":"amqp.connector.exchange",
			  "push":"push_c1","push_routing":"push_routing_c1","push_exchange":"amqp.worker.exchange"}}}`, nil
		case strings.Contains(q, "pingConnector"):
			if v["state"] != `{"a":2}` {
				t.Errorf("ping state = %v", v["state"])
			}
			return `{"pingConnector":{"id":"c1","connector_state":null}}`, nil
		}
		return "", errors.New("unexpected")
	}}
	api := NewAPI(f)
	reg, err := api.RegisterConnector(context.Background(), RegisterInput{ID: "c1", Name: "n", Type: TypeInternalEnrichment, Scope: []string{"IPv4-Addr"}})
	if err != nil {
		t.Fatal(err)
	}
	want := &Registration{ID: "c1", ConnectorState: ptr(`{"a":1}`), ConnectorUserID: "u1", Config: ConnectorQueue{
		Connection: MQConnection{Host: "mq", VHost: "/", Port: 5672, User: "u", Pass: "p"},
		Listen:     "listen_c1", ListenRouting: "listen_routing_c1", ListenExchange: "amqp.connector.exchange",
		Push: "push_c1", PushRouting: "push_routing_c1", PushExchange: "amqp.worker.exchange"}}
	if d := cmp.Diff(want, reg); d != "" {
		t.Errorf("registration (-want +got):\n%s", d)
	}
	if gotInput.ID != "c1" || gotInput.Type != TypeInternalEnrichment {
		t.Errorf("input = %+v", gotInput)
	}
	if s := reg.Config.Connection.String(); strings.Contains(s, ":p@") {
		t.Errorf("String leaks the password: %s", s)
	}
	remote, err := api.PingConnector(context.Background(), "c1", []byte(`{"a":2}`), nil)
	if err != nil || remote != nil {
		t.Errorf("ping = %q, %v", remote, err)
	}
}

func ptr[T any](v T) *T { return &v }
