package pttest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

type reply struct {
	status int
	header http.Header
	body   []byte
	err    error // from Do or from reading the body
}

// get sends an authenticated GET for path (below the base URL) with client
// c, or the server's own client when c is nil.
func get(t *testing.T, s *Server, c *http.Client, path string) reply {
	t.Helper()
	return do(t, s, c, path, DefaultUsername, DefaultAPIKey)
}

func do(t *testing.T, s *Server, c *http.Client, path, user, key string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.BaseURL()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if user != "" || key != "" {
		req.SetBasicAuth(user, key)
	}
	if c == nil {
		c = s.Client()
	}
	resp, err := c.Do(req)
	if err != nil {
		return reply{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, body: b, err: err}
}

// mustOK fails unless r is a 200 with a readable body.
func mustOK(t *testing.T, r reply) []byte {
	t.Helper()
	if r.err != nil || r.status != http.StatusOK {
		t.Fatalf("status %d, err %v, body %.300s", r.status, r.err, r.body)
	}
	return r.body
}

func unmarshal(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%v in %.300s", err, b)
	}
}

// keys returns the member names of the JSON object at the start of data, in
// order.
func keys(t *testing.T, data []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %v %v in %.200s", tok, err, data)
	}
	var out []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// member returns the raw JSON of a top-level member.
func member(t *testing.T, data []byte, name string) json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	unmarshal(t, data, &m)
	return m[name]
}

// firstElem returns the first element of a JSON array.
func firstElem(t *testing.T, arr json.RawMessage) []byte {
	t.Helper()
	var xs []json.RawMessage
	unmarshal(t, arr, &xs)
	if len(xs) == 0 {
		t.Fatalf("empty array")
	}
	return xs[0]
}

type pdns struct {
	QueryValue   string          `json:"queryValue"`
	QueryType    string          `json:"queryType"`
	FirstSeen    *string         `json:"firstSeen"`
	LastSeen     *string         `json:"lastSeen"`
	TotalRecords int             `json:"totalRecords"`
	Pager        json.RawMessage `json:"pager"`
	Results      []struct {
		FirstSeen   string   `json:"firstSeen"`
		LastSeen    string   `json:"lastSeen"`
		Value       string   `json:"value"`
		Collected   string   `json:"collected"`
		Source      []string `json:"source"`
		RecordHash  string   `json:"recordHash"`
		Resolve     string   `json:"resolve"`
		ResolveType string   `json:"resolveType"`
		RecordType  string   `json:"recordType"`
	} `json:"results"`
}

func readAll(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// syncTime is a settable clock for Config.Now.
type syncTime struct {
	mu sync.Mutex
	t  time.Time
}

func (s *syncTime) set(t time.Time) { s.mu.Lock(); s.t = t; s.mu.Unlock() }
func (s *syncTime) get() time.Time  { s.mu.Lock(); defer s.mu.Unlock(); return s.t }
