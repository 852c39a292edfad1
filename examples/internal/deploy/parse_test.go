package deploy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadCompose(t *testing.T) {
	t.Parallel()
	doc, err := loadCompose(strings.NewReader(`# comment
services:
  svc:
    image: "a/b:1" # trailing comment
    environment:
      - A=1
      - B=has # a comment after a space
      - "C=x#y"
    depends_on:
      opencti:
        condition: service_healthy
    restart: always
`))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"services"}, doc.Keys); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
	svc := doc.Services["svc"]
	if svc.Image != "a/b:1" || svc.Restart != "always" {
		t.Errorf("image %q restart %q", svc.Image, svc.Restart)
	}
	if diff := cmp.Diff([]string{"A=1", "B=has", "C=x#y"}, svc.Environment); diff != "" {
		t.Errorf("environment (-want +got):\n%s", diff)
	}
	deps, err := svc.dependsOn()
	if err != nil || !cmp.Equal(deps, []string{"opencti"}) {
		t.Errorf("depends_on (map) = %v, %v", deps, err)
	}

	list, err := loadCompose(strings.NewReader("services:\n  s:\n    depends_on: [opencti, rabbitmq]\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := list.Services["s"]
	if deps, err := s.dependsOn(); err != nil || !cmp.Equal(deps, []string{"opencti", "rabbitmq"}) {
		t.Errorf("depends_on (list) = %v, %v", deps, err)
	}

	for _, tt := range []struct{ name, in string }{
		{"tab indentation", "services:\n\ts: {}\n"},
		{"duplicate key", "services:\n  s:\n    image: a\n    image: b\n"},
		{"environment as a map", "services:\n  s:\n    environment:\n      A: 1\n"},
		{"two documents", "services: {}\n---\nservices: {}\n"},
		{"not a mapping", "- x\n"},
		{"unterminated flow", "services: [\n"},
	} {
		if _, err := loadCompose(strings.NewReader(tt.in)); err == nil {
			t.Errorf("%s: loadCompose(%q) succeeded", tt.name, tt.in)
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
	if got := stages[0].find("RUN")[0].arg(); strings.Join(strings.Fields(got), " ") != "a b" {
		t.Errorf("continuation joined as %q", got)
	}
	flags, srcs, dst := copyArgs(stages[1].find("COPY")[0])
	if flags["from"] != "build" || len(srcs) != 1 || srcs[0] != "/x" || dst != "/y" {
		t.Errorf("COPY parsed as %v %v %q", flags, srcs, dst)
	}
	ep, err := execForm(stages[1].find("ENTRYPOINT")[0])
	if err != nil || !cmp.Equal(ep, []string{"/y", "-z"}) {
		t.Errorf("ENTRYPOINT %v %v", ep, err)
	}
	_, shell, err := parseDockerfile(strings.NewReader("FROM a\nENTRYPOINT /y -z\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := execForm(shell[0].find("ENTRYPOINT")[0]); err == nil {
		t.Error("shell form accepted")
	}
	for _, bad := range []string{
		"RUN x\n",                     // before FROM
		"FROM a b c d\n",              // not FROM image [AS name]
		"FROM a\nRUN x \\\n\nRUN y\n", // empty continuation line (a parser warning)
	} {
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
