package mapping

import (
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/stix"
)

// TestIndicatorsAreNamed: OpenCTI lists indicators by name, and its own
// connectors name an indicator after its observable value. Every indicator
// of every type gets that name: the value its pattern compares (the whole
// path for a file path, whose pattern splits it).
func TestIndicatorsAreNamed(t *testing.T) {
	t.Parallel()
	r, err := Article(hostileArticle(t), ArticleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	inds := stix.ObjectsOf[*stix.Indicator](checkResult(t, r))
	if len(inds) < 10 {
		t.Fatalf("only %d indicators", len(inds))
	}
	for _, ind := range inds {
		if ind.Name == "" {
			t.Errorf("indicator %s (%s) has no name", ind.ID, ind.Pattern)
			continue
		}
		if strings.Contains(ind.Pattern, " AND ") {
			continue // file path: checked below
		}
		if want := " = " + stix.QuoteLiteral(ind.Name) + "]"; !strings.HasSuffix(ind.Pattern, want) {
			t.Errorf("indicator %s named %q, pattern %s: the name is not the compared value", ind.ID, ind.Name, ind.Pattern)
		}
	}
	spec, reason := filePathSpec(`C:\Windows\evil.exe`)
	if reason != "" || spec.name != `C:\Windows\evil.exe` {
		t.Errorf("file path indicator name = %q (%s), want the whole path", spec.name, reason)
	}
}
