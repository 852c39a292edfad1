package mdti_test

import (
	"errors"
	"iter"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mdti"
	"github.com/ptstix/passivetotal/mdti/mdtitest"
)

// profileCollect reads a sequence to the end: the items and the error.
func profileCollect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// profileCmp compares decoded models with the simulated ones: times by
// instant (decoding keeps the text in Raw), no list and an empty one alike.
var profileCmp = cmp.Options{
	cmp.Comparer(func(a, b passivetotal.Time) bool { return a.Time.Equal(b.Time) }),
	cmpopts.EquateEmpty(),
}

// TestProfileClientAgainstSimulator: every profile and vulnerability
// endpoint gives back what the simulator serves from ProfileSimulation,
// across pages of one item.
func TestProfileClientAgainstSimulator(t *testing.T) {
	t.Parallel()
	sim, c := start(t, mdtitest.Config{PageSize: 1})
	want := mdti.ProfileSimulation()
	ctx := t.Context()

	got, err := profileCollect(c.ListIntelProfiles(ctx, nil))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.Profiles, got, profileCmp); diff != "" {
		t.Errorf("ListIntelProfiles (-want +got):\n%s", diff)
	}
	for _, p := range want.Profiles {
		one, resp, err := c.GetIntelProfile(ctx, p.ID)
		if err != nil || resp == nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GetIntelProfile(%q): %v, %v", p.ID, resp, err)
		}
		if diff := cmp.Diff(p, *one, profileCmp); diff != "" {
			t.Errorf("GetIntelProfile(%q) (-want +got):\n%s", p.ID, diff)
		}
		inds, err := profileCollect(c.ListIntelProfileIndicators(ctx, p.ID))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.Indicators[p.ID], inds, profileCmp); diff != "" {
			t.Errorf("ListIntelProfileIndicators(%q) (-want +got):\n%s", p.ID, diff)
		}
	}
	for _, v := range want.Vulnerabilities {
		got, _, err := c.GetVulnerability(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(v, *got, profileCmp); diff != "" {
			t.Errorf("GetVulnerability(%q) (-want +got):\n%s", v.ID, diff)
		}
		comps, err := profileCollect(c.ListVulnerabilityComponents(ctx, v.ID))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.Components[v.ID], comps, profileCmp); diff != "" {
			t.Errorf("ListVulnerabilityComponents(%q) (-want +got):\n%s", v.ID, diff)
		}
		arts, err := profileCollect(c.ListVulnerabilityArticles(ctx, v.ID))
		if err != nil {
			t.Fatal(err)
		}
		if len(arts) < len(want.Articles[v.ID]) {
			t.Fatalf("ListVulnerabilityArticles(%q): %d articles", v.ID, len(arts))
		}
		if diff := cmp.Diff(want.Articles[v.ID], arts[:len(want.Articles[v.ID])], profileCmp); diff != "" {
			t.Errorf("ListVulnerabilityArticles(%q) (-want +got):\n%s", v.ID, diff)
		}
		// The rest are /articles articles tagged with the CVE.
		for _, a := range arts[len(want.Articles[v.ID]):] {
			if !strings.Contains(strings.Join(a.Tags, ","), v.ID) {
				t.Errorf("article %s listed for %s has tags %v", a.ID, v.ID, a.Tags)
			}
			if _, _, err := c.GetArticle(ctx, a.ID); err != nil {
				t.Errorf("listed article %s: %v", a.ID, err)
			}
		}
	}
	// One page per item, plus the empty-free last page: paging happened.
	pages := 0
	for _, r := range sim.Requests() {
		if r.Endpoint == "/intelProfiles" {
			pages++
		}
	}
	if pages != len(want.Profiles) {
		t.Errorf("%d requests to /intelProfiles, want %d (one per page)", pages, len(want.Profiles))
	}
}

// TestProfileClientErrors: unknown ids are 404 *ErrorResponse values that
// match the passivetotal sentinels; hostile ids are escaped as one path
// segment or refused before any request.
func TestProfileClientErrors(t *testing.T) {
	t.Parallel()
	sim, c := start(t, mdtitest.Config{})
	ctx := t.Context()
	calls := []struct {
		name string
		call func(id string) error
	}{
		{"GetIntelProfile", func(id string) error { _, _, err := c.GetIntelProfile(ctx, id); return err }},
		{"ListIntelProfileIndicators", func(id string) error { _, err := profileCollect(c.ListIntelProfileIndicators(ctx, id)); return err }},
		{"GetVulnerability", func(id string) error { _, _, err := c.GetVulnerability(ctx, id); return err }},
		{"ListVulnerabilityComponents", func(id string) error { _, err := profileCollect(c.ListVulnerabilityComponents(ctx, id)); return err }},
		{"ListVulnerabilityArticles", func(id string) error { _, err := profileCollect(c.ListVulnerabilityArticles(ctx, id)); return err }},
	}
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call("no-such-id")
			var er *mdti.ErrorResponse
			if !errors.As(err, &er) || er.StatusCode != http.StatusNotFound || !errors.Is(err, passivetotal.ErrNotFound) || errors.Is(err, passivetotal.ErrNotPermitted) {
				t.Errorf("unknown id: %T %v; want a 404 *ErrorResponse matching passivetotal.ErrNotFound", err, err)
			}
			for _, id := range []string{"", ".", ".."} {
				err := tc.call(id)
				var iq *passivetotal.InvalidQueryError
				if !errors.As(err, &iq) {
					t.Errorf("id %q: %T %v; want *passivetotal.InvalidQueryError", id, err, err)
				}
			}
			before := len(sim.Requests())
			if err := tc.call("../../articles?x=1#y"); !errors.Is(err, mdti.ErrNotFound) {
				t.Errorf("hostile id: %v; want not found (escaped as one segment)", err)
			}
			reqs := sim.Requests()
			if len(reqs) <= before {
				t.Fatal("hostile id: no request")
			}
			last := reqs[len(reqs)-1]
			if !strings.Contains(last.Path, "..%2F..%2Farticles%3Fx=1%23y") || last.Query != "" {
				t.Errorf("hostile id sent as path %q query %q", last.Path, last.Query)
			}
		})
	}
}

// TestProfileClientFaults: the profile endpoints go through the same
// fault handling as the others: a hostile nextLink, a body of another
// shape and a lasting 403 are typed errors, a transient 503 is retried.
func TestProfileClientFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault mdtitest.Fault
		want  error
		read  int
	}{
		{"nextLink to another host", mdtitest.Fault{Kind: mdtitest.FaultBadNextLink, Endpoint: "/intelProfiles", Times: 1}, mdti.ErrNextLink, 1},
		{"not Graph's shape", mdtitest.Fault{Kind: mdtitest.FaultNotGraph, Endpoint: "/intelProfiles"}, mdti.ErrInvalidResponse, 0},
		{"forbidden", mdtitest.Fault{Kind: mdtitest.FaultStatus, Status: 403, Endpoint: "/intelProfiles"}, passivetotal.ErrNotPermitted, 0},
		{"one 503", mdtitest.Fault{Kind: mdtitest.FaultStatus, Status: 503, Endpoint: "/intelProfiles", Times: 1}, nil, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sim, c := start(t, mdtitest.Config{PageSize: 1})
			sim.AddFault(tt.fault)
			got, err := profileCollect(c.ListIntelProfiles(t.Context(), nil))
			if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if len(got) != tt.read {
				t.Errorf("%d profiles before the error, want %d", len(got), tt.read)
			}
		})
	}
}

// TestProfilePageBudget: a listing stops at the page budget with
// ErrPageBudget after the items it read.
func TestProfilePageBudget(t *testing.T) {
	t.Parallel()
	_, c := start(t, mdtitest.Config{PageSize: 1}, mdti.WithPageBudget(2))
	got, err := profileCollect(c.ListIntelProfileIndicators(t.Context(), "sim-actor-tempest"))
	if !errors.Is(err, mdti.ErrPageBudget) || len(got) != 2 {
		t.Errorf("%d indicators, err %v; want 2 and ErrPageBudget", len(got), err)
	}
}

// TestSavedBodyErrorsMatchLive: a saved Graph error body read by any
// decoder, profile or article, matches the same sentinels as the live
// client's refusal with that code.
func TestSavedBodyErrorsMatchLive(t *testing.T) {
	t.Parallel()
	decoders := map[string]func(string) error{
		"DecodeArticles":           func(b string) error { _, err := mdti.DecodeArticles(strings.NewReader(b)); return err },
		"DecodePassiveDNS":         func(b string) error { _, err := mdti.DecodePassiveDNS(strings.NewReader(b), ""); return err },
		"DecodeIntelProfile":       func(b string) error { _, err := mdti.DecodeIntelProfile(strings.NewReader(b)); return err },
		"DecodeVulnerability":      func(b string) error { _, err := mdti.DecodeVulnerability(strings.NewReader(b)); return err },
		"DecodeIntelProfiles":      func(b string) error { _, err := mdti.DecodeIntelProfiles(strings.NewReader(b)); return err },
		"DecodeArticleIndicators":  func(b string) error { _, err := mdti.DecodeArticleIndicators(strings.NewReader(b), "a"); return err },
		"DecodeVulnerabilityItems": func(b string) error { _, err := mdti.DecodeVulnerabilityArticles(strings.NewReader(b)); return err },
	}
	sentinels := []error{passivetotal.ErrNotFound, passivetotal.ErrUnauthorized, passivetotal.ErrNotPermitted, passivetotal.ErrThrottled, passivetotal.ErrInvalidResponse}
	codes := []struct {
		code   string
		status int
	}{
		{"itemNotFound", 404}, {"NotFound", 404}, {"Request_ResourceNotFound", 404},
		{"Forbidden", 403}, {"Authorization_RequestDenied", 403}, {"accessDenied", 403},
		{"InvalidAuthenticationToken", 401}, {"TooManyRequests", 429}, {"activityLimitReached", 429},
		{"BadRequest", 400},
	}
	for name, decode := range decoders {
		for _, tc := range codes {
			err := decode(`{"error":{"code":"` + tc.code + `","message":"m","innerError":{"request-id":"rid-1"}}}`)
			var sb *mdti.SavedBodyError
			if !errors.As(err, &sb) || sb.Code != tc.code || sb.RequestID != "rid-1" {
				t.Errorf("%s(%s): %T %v; want *SavedBodyError", name, tc.code, err, err)
				continue
			}
			if msg := err.Error(); !strings.Contains(msg, tc.code) || !strings.Contains(msg, "request-id rid-1") {
				t.Errorf("%s(%s): error text %q lacks the code or the request id", name, tc.code, msg)
			}
			live := &mdti.ErrorResponse{StatusCode: tc.status}
			for _, s := range sentinels {
				if errors.Is(err, s) != errors.Is(live, s) {
					t.Errorf("%s(%s): errors.Is(%v) = %v, live %d says %v", name, tc.code, s, errors.Is(err, s), tc.status, errors.Is(live, s))
				}
			}
		}
		err := decode(`{"results":[]}`)
		var sb *mdti.SavedBodyError
		if !errors.As(err, &sb) || !errors.Is(err, passivetotal.ErrInvalidResponse) {
			t.Errorf("%s(PassiveTotal body): %T %v; want *SavedBodyError matching ErrInvalidResponse", name, err, err)
		}
	}
}
