package mapping

import (
	"strings"
	"testing"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/stix"
)

// TestPassiveDNSEndOfTimeIsASkip: a record seen only at 9999-12-31
// 23:59:59 would get a stop_time in year 10000. It is a skip with a
// reason; the other records of the answer still make a valid bundle
// (before, the whole bundle failed and every record was lost).
func TestPassiveDNSEndOfTimeIsASkip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		first, last string
	}{
		{"first == last at the last second", "9999-12-31 23:59:59", "9999-12-31 23:59:59"},
		{"first == last in the last second", "9999-12-31 23:59:59.500", "9999-12-31 23:59:59.500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bad := rec(t, "A", "ip", "192.0.2.9", "2020-01-01 00:00:00", "2020-01-01 00:00:00")
			bad.FirstSeen, bad.LastSeen = ptTimeMilli(t, tt.first), ptTimeMilli(t, tt.last)
			a := answer(
				rec(t, "A", "ip", "192.0.2.1", "2020-01-01 00:00:00", "2020-02-01 00:00:00"),
				bad,
				// The same relationship as the bad record, valid: it must not
				// inherit the bad record's times.
				rec(t, "A", "ip", "192.0.2.9", "2021-01-01 00:00:00", "2021-01-01 00:00:00"),
				rec(t, "NS", "domain", "ns1.example.net", "2020-01-01 00:00:00", "9999-12-31 23:59:59"),
			)
			for _, uncapped := range []bool{false, true} {
				opts := PassiveDNSOptions{}
				if uncapped {
					opts.MaxRecords = -1
				}
				r, err := PassiveDNS(Entity{Type: stix.TypeDomainName, Value: "example.com"}, a, opts)
				if err != nil {
					t.Fatal(err)
				}
				checkResult(t, r)
				if got := len(rels(r.Objects)); got != 3 {
					t.Errorf("%d relationships, want 3 (every valid record kept)", got)
				}
				for _, rel := range rels(r.Objects) {
					if rel.StopTime.Year() > 9999 || !rel.StopTime.After(rel.StartTime.Time) {
						t.Errorf("relationship %s: start %v stop %v", rel.ID, rel.StartTime, rel.StopTime)
					}
				}
				if len(r.Skips) != 1 || !strings.Contains(r.Skips[0].Reason, "STIX cannot hold") || !strings.Contains(r.Skips[0].Item, "192.0.2.9") {
					t.Errorf("skips = %+v, want one for the record at the end of time", r.Skips)
				}
			}
		})
	}
}

// TestArticleDatesOutOfRange: an article date that is in year 10000 once
// its offset is applied is not a usable date: the mapping falls back as for
// a missing one, and never emits the time.
func TestArticleDatesOutOfRange(t *testing.T) {
	t.Parallel()
	late := passivetotal.Time{Time: time.Date(10000, 1, 1, 4, 0, 0, 0, time.UTC), Raw: "9999-12-31T23:00:00.000-0500"}
	g := passivetotal.ArticleIndicatorGroup{Type: "domain", Source: "public", Values: []string{"evil.example"}}

	a := simpleArticle(t, g)
	a.PublishedDate = late
	r, err := Article(a, ArticleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r)
	if rep := reportOf(t, r); !rep.Published.Equal(a.CreatedDate.Time) {
		t.Errorf("published = %v, want createdDate %v", rep.Published, a.CreatedDate.Time)
	}

	a.CreatedDate = late
	r, err = Article(a, ArticleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Objects) != 0 || len(r.Skips) != 1 || !strings.Contains(r.Skips[0].Reason, "no valid publishedDate or createdDate") {
		t.Errorf("objects %d, skips %+v; want one skip and nothing else", len(r.Objects), r.Skips)
	}

	a = simpleArticle(t, g)
	a.CreatedDate = late
	r, err = Article(a, ArticleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r)
	if rep := reportOf(t, r); !rep.Created.Equal(a.PublishedDate.Time) {
		t.Errorf("created = %v, want publishedDate %v", rep.Created, a.PublishedDate.Time)
	}
}

// ptTimeMilli is ptTime with optional milliseconds.
func ptTimeMilli(t *testing.T, s string) passivetotal.Time {
	t.Helper()
	tt, err := time.Parse("2006-01-02 15:04:05.999", s)
	if err != nil {
		t.Fatal(err)
	}
	return passivetotal.Time{Time: tt.UTC(), Raw: s}
}
