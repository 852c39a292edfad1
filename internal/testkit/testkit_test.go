package testkit_test

import (
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ptstix/passivetotal/internal/testkit"
)

func TestServe(t *testing.T) {
	t.Parallel()
	var states atomic.Int32
	srv := testkit.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.URL.Path)
	}), func(s *http.Server) {
		s.ConnState = func(net.Conn, http.ConnState) { states.Add(1) }
	})
	for _, p := range []string{"/a", "/b?x=1"} {
		resp, err := srv.Client().Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if want, _, _ := strings.Cut(p, "?"); string(body) != want {
			t.Errorf("GET %s: body %q, want %q", p, body, want)
		}
	}
	var got []string
	for _, r := range srv.Requests() {
		got = append(got, r.URL.RequestURI())
	}
	if diff := cmp.Diff([]string{"/a", "/b?x=1"}, got); diff != "" {
		t.Errorf("recorded requests (-want +got):\n%s", diff)
	}
	if n := srv.Count(); n != 2 {
		t.Errorf("Count = %d, want 2", n)
	}
	if states.Load() == 0 {
		t.Error("the configure function did not run on the server")
	}
}
