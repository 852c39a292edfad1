package pttest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const pdnsPath = "/dns/passive?query=example.com"

func statuses(t *testing.T, s *Server, n int, path string) []int {
	t.Helper()
	var out []int
	for range n {
		r := get(t, s, nil, path)
		if r.err != nil {
			t.Fatal(r.err)
		}
		out = append(out, r.status)
	}
	return out
}

func TestFaultSchedules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		faults []Fault
		path   string
		want   []int
	}{
		{"burst of 502", []Fault{{Kind: FaultStatus, Status: 502, Times: 3}}, pdnsPath, []int{502, 502, 502, 200, 200}},
		{"default status 503", []Fault{{Kind: FaultStatus, Times: 1}}, pdnsPath, []int{503, 200}},
		{"every 3rd", []Fault{{Kind: FaultStatus, Status: 500, Every: 3}}, pdnsPath, []int{200, 200, 500, 200, 200, 500, 200}},
		{"every 2nd twice", []Fault{{Kind: FaultStatus, Status: 504, Every: 2, Times: 2}}, pdnsPath, []int{200, 504, 200, 504, 200, 200}},
		{"in order", []Fault{{Kind: FaultStatus, Status: 500, Times: 1}, {Kind: FaultStatus, Status: 502, Times: 1}}, pdnsPath, []int{500, 502, 200}},
		{"other endpoint untouched", []Fault{{Kind: FaultStatus, Status: 503, Endpoint: "/articles"}}, pdnsPath, []int{200, 200}},
		{"endpoint prefix", []Fault{{Kind: FaultStatus, Status: 503, Endpoint: "/dns/passive", Times: 1}}, "/dns/passive/unique?query=x.com", []int{503, 200}},
		{"before auth, as a gateway", []Fault{{Kind: FaultStatus, Status: 502, Times: 1}}, "/nope", []int{502, 404}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := StartTB(t, Config{})
			s.Inject(tt.faults...)
			if diff := cmp.Diff(tt.want, statuses(t, s, len(tt.want), tt.path)); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFaultReplies(t *testing.T) {
	t.Parallel()
	when := time.Date(2021, 6, 1, 0, 0, 30, 0, time.UTC)
	tests := []struct {
		name   string
		fault  Fault
		status int
		check  func(t *testing.T, r reply)
	}{
		{"429 without Retry-After", Fault{Kind: FaultThrottle}, 429, func(t *testing.T, r reply) {
			if _, ok := r.header["Retry-After"]; ok || strings.Contains(string(r.body), "Quota") {
				t.Errorf("%v %s", r.header, r.body)
			}
		}},
		{"429 with seconds", Fault{Kind: FaultThrottle, RetryAfter: RetryAfterSeconds(2)}, 429, headerIs("Retry-After", "2")},
		{"429 with a date", Fault{Kind: FaultThrottle, RetryAfter: RetryAfterDate(when)}, 429, headerIs("Retry-After", "Tue, 01 Jun 2021 00:00:30 GMT")},
		{"429 absurd", Fault{Kind: FaultThrottle, RetryAfter: RetryAfterAbsurd}, 429, headerIs("Retry-After", "99999999999")},
		{"quota refusal", Fault{Kind: FaultQuota}, 429, func(t *testing.T, r reply) {
			if !strings.Contains(string(r.body), "Quota has been exceeded!") {
				t.Errorf("%s", r.body)
			}
		}},
		{"custom status body", Fault{Kind: FaultStatus, Status: 500, Body: `{"message":"boom"}`}, 500, bodyIs(`{"message":"boom"}`)},
		{"HTML 502", Fault{Kind: FaultHTML}, 502, html("502 Bad Gateway")},
		{"HTML 200", Fault{Kind: FaultHTML, Status: 200}, 200, html("502 Bad Gateway")},
		{"error object in a 200", Fault{Kind: FaultErrorObject}, 200, func(t *testing.T, r reply) {
			var e struct {
				Error struct {
					HTTPCode int `json:"http_code"`
					Message  string
				}
			}
			unmarshal(t, r.body, &e)
			if e.Error.HTTPCode != 500 || e.Error.Message == "" {
				t.Errorf("%s", r.body)
			}
		}},
		{"truncated JSON", Fault{Kind: FaultTruncate}, 200, func(t *testing.T, r reply) {
			if json.Valid(r.body) || len(r.body) < 100 || r.header.Get("Content-Length") != strconv.Itoa(len(r.body)) {
				t.Errorf("%d bytes, Content-Length %s, valid %v", len(r.body), r.header.Get("Content-Length"), json.Valid(r.body))
			}
		}},
		{"truncated at Size", Fault{Kind: FaultTruncate, Size: 10}, 200, bodyIs(`{"queryVal`)},
		{"huge body", Fault{Kind: FaultHuge, Size: 1 << 20}, 200, func(t *testing.T, r reply) {
			if len(r.body) < 1<<20 || !json.Valid(r.body) || r.header.Get("Content-Length") != "" {
				t.Errorf("%d bytes, valid %v, Content-Length %q", len(r.body), json.Valid(r.body), r.header.Get("Content-Length"))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := StartTB(t, Config{})
			s.Inject(tt.fault)
			r := get(t, s, nil, pdnsPath)
			if r.err != nil || r.status != tt.status {
				t.Fatalf("status %d, err %v, body %.200s", r.status, r.err, r.body)
			}
			tt.check(t, r)
			s.WaitIdle()
			if log := s.Requests(); len(log) != 1 || log[0].Fault != tt.fault.Kind || log[0].Status != tt.status || !log[0].Done {
				t.Errorf("log %+v", log)
			}
			if len(s.PendingFaults()) != 1 { // no Times: it stays
				t.Errorf("pending %v", s.PendingFaults())
			}
		})
	}
}

func headerIs(k, v string) func(*testing.T, reply) {
	return func(t *testing.T, r reply) {
		t.Helper()
		if got := r.header.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
}

func bodyIs(want string) func(*testing.T, reply) {
	return func(t *testing.T, r reply) {
		t.Helper()
		if string(r.body) != want {
			t.Errorf("body %q, want %q", r.body, want)
		}
	}
}

func html(title string) func(*testing.T, reply) {
	return func(t *testing.T, r reply) {
		t.Helper()
		if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.body), "<title>"+title+"</title>") {
			t.Errorf("%v %s", r.header, r.body)
		}
	}
}

func TestFaultReset(t *testing.T) {
	t.Parallel()
	s := StartTB(t, Config{})
	s.Inject(Fault{Kind: FaultReset, Times: 1})
	r := get(t, s, nil, pdnsPath)
	if r.err == nil {
		t.Fatalf("no error; status %d, %d bytes", r.status, len(r.body))
	}
	if r.status != 200 || len(r.body) == 0 {
		t.Errorf("want the headers and part of the body first: status %d, %d bytes", r.status, len(r.body))
	}
	mustOK(t, get(t, s, nil, pdnsPath))
	s.WaitIdle()
	if log := s.Requests(); log[0].Fault != FaultReset || log[0].Status != 200 || !log[0].Search {
		t.Errorf("log %+v", log[0])
	}
}

func TestFaultRedirect(t *testing.T) {
	t.Parallel()
	target := StartTB(t, Config{NoAuth: true})
	s := StartTB(t, Config{})
	tests := []struct {
		name, location string
		authFollows    bool
	}{
		// net/http keeps Authorization only for the same host name (ports
		// are ignored), hence OtherHostURL.
		{"other host", target.OtherHostURL(), false},
		{"same host name", target.URL, true},
	}
	for _, tt := range tests {
		target.ResetRequests()
		s.Inject(Fault{Kind: FaultRedirect, Location: tt.location, Times: 1})
		r := get(t, s, http.DefaultClient, pdnsPath)
		mustOK(t, r)
		target.WaitIdle()
		log := target.Requests()
		if len(log) != 1 || log[0].Authorization != tt.authFollows || log[0].Endpoint != "/dns/passive" || log[0].Query != "query=example.com" {
			t.Errorf("%s: target saw %+v", tt.name, log)
		}
	}
	s.WaitIdle()
	if log := s.Requests(); log[0].Status != http.StatusTemporaryRedirect || !log[0].AuthOK {
		t.Errorf("source log %+v", log[0])
	}
}

func TestFaultsConcurrent(t *testing.T) {
	t.Parallel()
	s := StartTB(t, Config{QuotaLimit: 1 << 20})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 25 {
				if i%5 == 0 {
					s.Inject(Fault{Kind: FaultStatus, Status: 503, Times: 1}, Fault{Kind: FaultThrottle, Every: 3, Times: 1})
				}
				if g == 0 && i == 10 {
					s.ClearFaults()
					s.SetLatency(0)
				}
				r := get(t, s, nil, "/dns/passive?query=h"+strconv.Itoa(g)+".example")
				if r.err != nil || (r.status != 200 && r.status != 503 && r.status != 429) {
					t.Errorf("status %d err %v", r.status, r.err)
				}
			}
		})
	}
	wg.Wait()
	s.WaitIdle()
	if n := s.RequestCount("/dns/passive"); n != 200 {
		t.Errorf("%d requests logged", n)
	}
}
