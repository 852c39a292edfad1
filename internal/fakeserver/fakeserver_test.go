package fakeserver

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/google/go-cmp/cmp"
)

func TestSchedule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		every, times int
		want         string // one letter per request: y due, n not
	}{
		{"each", 0, 0, "yyyyyy"},
		{"every third", 3, 0, "nnynny"},
		{"twice", 0, 2, "yynnnn"},
		{"every second, twice", 2, 2, "nynynn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := Schedule{Every: tt.every, Times: tt.times}
			var got strings.Builder
			for range len(tt.want) {
				if c.Due() {
					got.WriteByte('y')
				} else {
					got.WriteByte('n')
				}
			}
			if diff := cmp.Diff(tt.want, got.String()); diff != "" {
				t.Errorf("due (-want +got):\n%s", diff)
			}
			if tt.times > 0 && (!c.Spent() || c.Used() != tt.times) {
				t.Errorf("Spent %v Used %d after the schedule ran out", c.Spent(), c.Used())
			}
		})
	}
}

func TestOrAndCutHalf(t *testing.T) {
	t.Parallel()
	if Or(0, 7) != 7 || Or(3, 7) != 3 || Or("", "d") != "d" || Or(int64(5), 9) != 5 {
		t.Error("Or does not pick the default for the zero value only")
	}
	body := []byte("0123456789")
	for _, tt := range []struct {
		limit int64
		want  string
	}{{0, "01234"}, {3, "012"}, {8, "01234"}} {
		if got := string(CutHalf(body, tt.limit)); got != tt.want {
			t.Errorf("CutHalf(limit %d) = %q, want %q", tt.limit, got, tt.want)
		}
	}
}

func TestNilRunning(t *testing.T) {
	t.Parallel()
	var r *Running
	r.Close()
	if r.Client() != nil || r.OtherHostURL() != "" {
		t.Error("a nil Running is not empty")
	}
}

// answerHalfReset answers "hello world" with FaultReset's treatment, and
// "/redirect" with a redirect to elsewhere.example.
func answerHalfReset(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sw := &StatusWriter{ResponseWriter: w}
		if r.URL.Path == "/redirect" {
			Redirect(sw, r, "http://elsewhere.example", 0)
			return
		}
		rec := Record(func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusAccepted)
			io.WriteString(w, "hello world")
		})
		CopyHeader(sw, rec)
		Reset(sw, rec)
		if sw.Status != http.StatusAccepted {
			t.Errorf("Reset recorded status %d, want 202", sw.Status)
		}
	}
}

func TestStartResetRedirect(t *testing.T) {
	t.Parallel()
	r := Start(answerHalfReset(t))
	defer r.Close()
	if !strings.HasPrefix(r.URL, "http://127.0.0.1:") || !strings.HasPrefix(r.OtherHostURL(), "http://localhost:") {
		t.Fatalf("URL %q OtherHostURL %q", r.URL, r.OtherHostURL())
	}
	resp, err := r.Client().Get(r.URL + "/x")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted || resp.ContentLength != 11 || string(body) != "hello" || err == nil {
		t.Errorf("status %d, length %d, body %q, err %v: want 202, 11, the first half and a read error", resp.StatusCode, resp.ContentLength, body, err)
	}

	hc := r.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err = hc.Get(r.URL + "/redirect?q=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusTemporaryRedirect || loc != "http://elsewhere.example/redirect?q=1" {
		t.Errorf("redirect %d to %q", resp.StatusCode, loc)
	}
	r.Close()
	r.Close() // twice is fine
}

func TestStartInMemory(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		r := StartInMemory(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !Sleep(r, 0) || !Sleep(r, 50_000_000_000) { // 50 s on the bubble's clock
				t.Error("Sleep returned early")
			}
			io.WriteString(w, "ok")
		}))
		defer r.Close()
		if r.OtherHostURL() != "" {
			t.Errorf("OtherHostURL in memory = %q", r.OtherHostURL())
		}
		resp, err := r.Client().Get(r.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != "ok" {
			t.Errorf("body %q", b)
		}
	})
}

func TestSleepCancelled(t *testing.T) {
	t.Parallel()
	req := httptest.NewRequest("GET", "/", nil)
	ctx, cancel := context.WithCancel(req.Context())
	cancel()
	if Sleep(req.WithContext(ctx), 1<<62) {
		t.Error("Sleep did not notice the client going away")
	}
}

func TestStatusWriterImplicitOK(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	sw := &StatusWriter{ResponseWriter: rec}
	sw.Write([]byte("x"))
	sw.WriteHeader(http.StatusTeapot) // too late: the first status counts
	if sw.Status != http.StatusOK {
		t.Errorf("Status %d, want 200", sw.Status)
	}
	if err := http.NewResponseController(sw).Flush(); err != nil {
		t.Error("the controller does not reach the recorder's Flush")
	}
}
