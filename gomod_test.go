package passivetotal

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestModuleDependencies keeps the library's promise to its users: `go get`
// pulls only the card dependencies (PRODUCT.md). Prometheus, RabbitMQ and the
// JSON-schema validator belong to the examples module.
func TestModuleDependencies(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	var direct, indirect []string
	inBlock := false
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		switch {
		case line == "require (":
			inBlock = true
			continue
		case inBlock && line == ")":
			inBlock = false
			continue
		case strings.HasPrefix(line, "require "):
			line = strings.TrimPrefix(line, "require ")
		case !inBlock:
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		if strings.Contains(line, "// indirect") {
			indirect = append(indirect, fields[0])
		} else {
			direct = append(direct, fields[0])
		}
	}
	slices.Sort(direct)
	want := []string{
		"github.com/google/go-cmp",
		"github.com/hashicorp/go-retryablehttp",
		"go.uber.org/goleak",  // test-only: the soak's leak check
		"golang.org/x/oauth2", // the Graph backend's Entra ID sign-in (mdti)
		"golang.org/x/time",
	}
	if diff := cmp.Diff(want, direct); diff != "" {
		t.Errorf("direct dependencies of the library module (-want +got):\n%s", diff)
	}
	// go-retryablehttp brings go-cleanhttp; nothing else may ride along.
	for _, m := range indirect {
		if m != "github.com/hashicorp/go-cleanhttp" {
			t.Errorf("unexpected indirect dependency %s", m)
		}
	}
}
