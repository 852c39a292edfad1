package deploy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseYAMLish(t *testing.T) {
	t.Parallel()
	doc, err := ParseYAMLish(strings.NewReader(`# comment
services:
  svc:
    image: "a/b:1" # trailing comment
    environment:
      - A=1
      - B=has # no comment? yes: a space then #
      - "C=x#y"
    depends_on:
      opencti:
        condition: service_healthy
    restart: always
`))
	if err != nil {
		t.Fatal(err)
	}
	svc := doc.Path("services", "svc")
	if got := svc.Path("image").Value; got != "a/b:1" {
		t.Errorf("image = %q", got)
	}
	if diff := cmp.Diff([]string{"A=1", "B=has", "C=x#y"}, svc.Path("environment").Items); diff != "" {
		t.Errorf("environment (-want +got):\n%s", diff)
	}
	if got := svc.Path("depends_on", "opencti", "condition").Value; got != "service_healthy" {
		t.Errorf("condition = %q", got)
	}
	if got := svc.Path("restart").Value; got != "always" {
		t.Errorf("restart = %q", got)
	}
	if svc.Path("nope", "deeper") != nil {
		t.Error("missing path is not nil")
	}

	for _, bad := range []string{
		"a:\n\t- x\n",          // tab
		"a: 1\n  - x\n",        // list under a scalar
		"- x\n",                // list at top level
		"a:\n  b: 1\n  b: 2\n", // duplicate
		"a: [1, 2]\n",          // flow style
		"a:b\n",                // no space after colon
		"just text\n",          // not a key
		"a:\n  - x\n  b: 1\n",  // key under a list
	} {
		if _, err := ParseYAMLish(strings.NewReader(bad)); err == nil {
			t.Errorf("ParseYAMLish(%q) succeeded", bad)
		}
	}
}

func TestParseDockerfile(t *testing.T) {
	t.Parallel()
	globals, stages, err := parseDockerfile(strings.NewReader(`# syntax=docker/dockerfile:1
ARG V=1
FROM golang:${V} AS build
RUN a \
    b
FROM scratch
COPY --from=build /x /y
ENTRYPOINT ["/y", "-z"]
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(globals) != 1 || len(stages) != 2 || stages[0].Name != "build" || stages[1].From != "scratch" {
		t.Fatalf("globals %v stages %+v", globals, stages)
	}
	if got := stages[0].find("RUN")[0].Args; got != "a  b" && got != "a b" {
		t.Errorf("continuation joined as %q", got)
	}
	flags, srcs, dst := copyArgs(stages[1].find("COPY")[0].Args)
	if flags["from"] != "build" || len(srcs) != 1 || srcs[0] != "/x" || dst != "/y" {
		t.Errorf("COPY parsed as %v %v %q", flags, srcs, dst)
	}
	ep, err := execForm(stages[1].find("ENTRYPOINT")[0].Args)
	if err != nil || !cmp.Equal(ep, []string{"/y", "-z"}) {
		t.Errorf("ENTRYPOINT %v %v", ep, err)
	}
	if _, err := execForm("/y -z"); err == nil {
		t.Error("shell form accepted")
	}
	for _, bad := range []string{"RUN x\n", "FROM a b c d\n", "FROM a\nRUN x \\\n"} {
		if _, _, err := parseDockerfile(strings.NewReader(bad)); err == nil {
			t.Errorf("parseDockerfile(%q) succeeded", bad)
		}
	}
}

func TestIgnores(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		pattern, path string
		want          bool
	}{
		{".git", ".git/HEAD", true},
		{".git", "examples/.git", false},
		{"**/testdata", "examples/import/testdata/x.json", true},
		{"**/testdata", "testdata/a", true},
		{"**/*.test", "stix/stix.test", true},
		{"**/*.test", "stix/doc.go", false},
		{"*.go", "client.go", true},
	} {
		if got := ignores(tt.pattern, tt.path); got != tt.want {
			t.Errorf("ignores(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}
