package deploy

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/examples/internal/cli"
	"github.com/ptstix/passivetotal/examples/internal/metrics"
	"golang.org/x/mod/modfile"
)

// The connectors with deployment files, and the variables their compose fragments must
// set (beyond the shared OpenCTI ones), as the old connectors' fragments did.
var programs = []struct {
	name     string
	required []string
}{
	{"import", []string{"RISKIQ_USER", "RISKIQ_PASSWORD", "RISKIQ_INTERVAL_SEC"}},
	{"enrich", []string{"RISKIQ_USERNAME", "RISKIQ_API_KEY", "RISKIQ_MAX_TLP", "CONNECTOR_AUTO"}},
}

var sharedRequired = []string{"OPENCTI_URL", "OPENCTI_TOKEN", "CONNECTOR_ID", "CONNECTOR_NAME",
	"CONNECTOR_SCOPE", "CONNECTOR_LOG_LEVEL", "CONNECTOR_EXPOSE_METRICS", "CONNECTOR_METRICS_PORT"}

const (
	examplesDir = "../.."    // the examples module, from this package
	repoRoot    = "../../.." // the library module: the Docker build context
)

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// hasGoFiles reports whether dir holds a non-test Go file (the program exists).
func hasGoFiles(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	return slices.ContainsFunc(m, func(p string) bool { return !strings.HasSuffix(p, "_test.go") })
}

func goTool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not in PATH: cannot build the Dockerfile's target")
	}
	return p
}

func TestDockerfiles(t *testing.T) {
	t.Parallel()
	for _, p := range programs {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			checkDockerfile(t, p.name)
		})
	}
}

func checkDockerfile(t *testing.T, prog string) {
	globals, stages, err := parseDockerfile(bytes.NewReader(read(t, filepath.Join(examplesDir, prog, "Dockerfile"))))
	if err != nil {
		t.Fatal(err)
	}
	if len(stages) < 2 {
		t.Fatalf("%d stage(s), want a multi-stage build", len(stages))
	}
	build, final := stages[0], stages[len(stages)-1]

	// Builder: the Go image, at the examples module's Go version.
	if !strings.HasPrefix(build.From, "golang:") || build.Name == "" {
		t.Errorf("first stage FROM %s AS %q, want a named golang stage", build.From, build.Name)
	}
	wantGo := goDirective(t, filepath.Join(examplesDir, "go.mod"))
	for _, g := range globals {
		if v, ok := strings.CutPrefix(g.arg(), "GO_VERSION="); ok && !strings.HasPrefix(wantGo, v) {
			t.Errorf("ARG GO_VERSION=%s, the examples module says go %s", v, wantGo)
		}
	}

	// Builder COPY sources exist in the context (the repository root).
	for _, in := range build.find("COPY") {
		flags, srcs, _ := copyArgs(in)
		if flags["from"] != "" {
			continue
		}
		for _, s := range srcs {
			if _, err := os.Stat(filepath.Join(repoRoot, s)); err != nil {
				t.Errorf("line %d: COPY %s: not in the build context (the repository root): %v", in.Line, s, err)
			}
		}
	}
	if !slices.ContainsFunc(build.find("COPY"), func(in instr) bool { _, s, d := copyArgs(in); return slices.Equal(s, []string{"."}) && d == "." }) {
		t.Error("the builder does not COPY . . (the library is needed for replace ../)")
	}

	// The go build command: static, of ./<prog>, from the examples module.
	var out, target string
	for _, in := range build.find("RUN") {
		if !strings.Contains(in.arg(), "go build") {
			continue
		}
		if !strings.Contains(in.arg(), "CGO_ENABLED=0") {
			t.Errorf("line %d: go build without CGO_ENABLED=0: the binary would not be static", in.Line)
		}
		f := strings.Fields(in.arg())
		for i, a := range f {
			if a == "-o" && i+1 < len(f) {
				out = f[i+1]
			}
		}
		target = f[len(f)-1]
	}
	if target != "./"+prog || out == "" {
		t.Fatalf("go build target %q output %q, want ./%s and an -o path", target, out, prog)
	}
	if wd := lastWorkdir(build); wd != "/src/examples" {
		t.Errorf("go build runs in %q, want /src/examples (the examples module in the copied repository)", wd)
	}

	// Final stage: not the toolchain image, non-root, runs what was built.
	if strings.HasPrefix(final.From, "golang:") {
		t.Errorf("final stage FROM %s: the toolchain image is not a runtime image", final.From)
	}
	var dst string
	for _, in := range final.find("COPY") {
		flags, srcs, d := copyArgs(in)
		if flags["from"] == build.Name && slices.Equal(srcs, []string{out}) {
			dst = d
		}
	}
	if dst == "" {
		t.Errorf("final stage does not COPY --from=%s %s", build.Name, out)
	}
	users := final.find("USER")
	if len(users) == 0 {
		t.Error("final stage has no USER: it would run as root")
	} else {
		u, _, _ := strings.Cut(users[len(users)-1].arg(), ":")
		if n, err := strconv.Atoi(u); err != nil || n == 0 {
			t.Errorf("USER %s: want a numeric non-root user", users[len(users)-1].arg())
		}
	}
	eps := final.find("ENTRYPOINT")
	if len(eps) != 1 {
		t.Fatalf("%d ENTRYPOINT, want 1", len(eps))
	}
	ep, err := execForm(eps[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(ep) == 0 || ep[0] != dst {
		t.Errorf("ENTRYPOINT %v does not run the copied binary %s", ep, dst)
	}
	port := strconv.Itoa(metrics.DefaultPort)
	if !slices.ContainsFunc(final.find("EXPOSE"), func(in instr) bool { return slices.Contains(in.Args, port) }) {
		t.Errorf("final stage does not EXPOSE the metrics port %s", port)
	}

	// The target builds, statically, from this checkout.
	dir := filepath.Join(examplesDir, prog)
	if !hasGoFiles(dir) {
		t.Skipf("examples/%s has no Go files yet: its build is not checked", prog)
	}
	// Without -trimpath: it does not change whether the code builds, and would rebuild
	// the standard library into the test cache.
	cmd := exec.Command(goTool(t), "build", "-buildvcs=false", "-o", os.DevNull, "./"+prog)
	cmd.Dir = examplesDir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("CGO_ENABLED=0 go build ./%s: %v\n%s", prog, err, b)
	}
	checkNoIgnoredEmbeds(t, prog)
}

// checkNoIgnoredEmbeds: Dockerfile.dockerignore drops testdata and test files from the
// context; no package of the program may embed such a file.
func checkNoIgnoredEmbeds(t *testing.T, prog string) {
	cmd := exec.Command(goTool(t), "list", "-deps", "-f", "{{.ImportPath}} {{join .EmbedFiles \" \"}}", "./"+prog)
	cmd.Dir = examplesDir
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || !strings.HasPrefix(f[0], "github.com/ptstix/") {
			continue
		}
		for _, e := range f[1:] {
			if strings.Contains("/"+e, "/testdata/") || strings.HasSuffix(e, ".test") || strings.Contains("/"+e, "/bundles/") {
				t.Errorf("%s embeds %s, which Dockerfile.dockerignore leaves out", f[0], e)
			}
		}
	}
}

func lastWorkdir(st *stage) string {
	wd := ""
	for _, in := range st.Instrs {
		if in.Cmd == "WORKDIR" {
			wd = in.arg()
		}
		if in.Cmd == "RUN" && strings.Contains(in.arg(), "go build") {
			return wd
		}
	}
	return wd
}

func goDirective(t *testing.T, gomod string) string {
	f, err := modfile.ParseLax(gomod, read(t, gomod), nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Go == nil {
		t.Fatalf("%s: no go directive", gomod)
	}
	return f.Go.Version
}

func TestDockerignore(t *testing.T) {
	t.Parallel()
	for _, p := range programs {
		b := read(t, filepath.Join(examplesDir, p.name, "Dockerfile.dockerignore"))
		needed := []string{"go.mod", "go.sum", "client.go", "examples/go.mod", "examples/go.sum",
			"examples/" + p.name + "/main.go", "examples/internal/cli/config.go", "stix/doc.go",
			"opencti/go.mod", "opencti/go.sum", "opencti/connector.go"}
		for _, l := range strings.Split(string(b), "\n") {
			l = strings.TrimSpace(l)
			if l == "" || strings.HasPrefix(l, "#") {
				continue
			}
			for _, n := range needed {
				if ignores(l, n) {
					t.Errorf("%s: pattern %q drops %s, which the build needs", p.name, l, n)
				}
			}
		}
	}
}

// ignores reports whether a .dockerignore pattern matches path or a parent of it; a
// leading "**/" matches at any depth.
func ignores(pattern, path string) bool {
	parts := strings.Split(path, "/")
	for i := range parts {
		for j := i + 1; j <= len(parts); j++ {
			sub := strings.Join(parts[i:j], "/")
			if rest, ok := strings.CutPrefix(pattern, "**/"); ok {
				if m, _ := filepath.Match(rest, sub); m {
					return true
				}
			} else if i == 0 {
				if m, _ := filepath.Match(pattern, sub); m {
					return true
				}
			}
		}
	}
	return false
}

func TestComposeFragments(t *testing.T) {
	t.Parallel()
	for _, p := range programs {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			checkCompose(t, p.name, append(slices.Clone(sharedRequired), p.required...))
		})
	}
}

func checkCompose(t *testing.T, prog string, required []string) {
	path := filepath.Join(examplesDir, prog, "docker-compose.yml")
	doc, err := loadCompose(bytes.NewReader(read(t, path)))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if !slices.Equal(doc.Keys, []string{"services"}) {
		t.Errorf("top-level keys %v, want only services (a fragment to merge)", doc.Keys)
	}
	if len(doc.Services) != 1 {
		t.Fatalf("want exactly one service")
	}
	var (
		name string
		svc  composeService
	)
	for n, s := range doc.Services {
		name, svc = n, s
	}
	if !strings.HasPrefix(name, "connector-") {
		t.Errorf("service %q: OpenCTI stacks name connectors connector-*", name)
	}
	if svc.Image == "" {
		t.Error("no image")
	}
	if svc.Restart != "always" {
		t.Errorf("restart: %q, want always", svc.Restart)
	}
	if deps, err := svc.dependsOn(); err != nil || !slices.Contains(deps, "opencti") {
		t.Errorf("depends_on %v (%v): does not depend on opencti", deps, err)
	}

	// build: the context is the repository root, the Dockerfile is this program's.
	ctx := svc.Build.Context
	root, _ := filepath.Abs(filepath.Join(filepath.Dir(path), ctx))
	want, _ := filepath.Abs(repoRoot)
	if root != want {
		t.Errorf("build.context %q is %s, want the repository root %s", ctx, root, want)
	}
	if df := svc.Build.Dockerfile; df != "examples/"+prog+"/Dockerfile" {
		t.Errorf("build.dockerfile %q, want examples/%s/Dockerfile", df, prog)
	}

	// environment: KEY=value items, no duplicates, the required ones present.
	env := map[string]string{}
	if len(svc.Environment) == 0 {
		t.Fatal("no environment list")
	}
	for _, it := range svc.Environment {
		k, v, ok := strings.Cut(it, "=")
		if !ok || !regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`).MatchString(k) {
			t.Errorf("environment item %q is not KEY=value", it)
			continue
		}
		if _, dup := env[k]; dup {
			t.Errorf("environment: %s twice", k)
		}
		env[k] = v
	}
	for _, k := range required {
		if _, ok := env[k]; !ok {
			t.Errorf("environment: %s missing", k)
		}
	}
	// The metrics settings parse, and the port is the one the image exposes.
	mc, err := metrics.LoadConfig(cli.NewResolver(nil, cli.MapEnv(env)))
	if err != nil {
		t.Errorf("metrics settings: %v", err)
	} else if mc.Port != metrics.DefaultPort {
		t.Errorf("CONNECTOR_METRICS_PORT=%d, the image EXPOSEs %d", mc.Port, metrics.DefaultPort)
	}

	// Every variable is one the program's code reads (catches typos and settings
	// the program does not have).
	dir := filepath.Join(examplesDir, prog)
	if !hasGoFiles(dir) {
		t.Skipf("examples/%s has no Go files yet: the variables are not checked against its code", prog)
	}
	known, connector := envNamesInCode(t, prog)
	if !connector {
		t.Skipf("examples/%s does not use the OpenCTI runtime yet: its OpenCTI variables are not checked against its code", prog)
	}
	for k := range env {
		if !known[k] {
			t.Errorf("environment: %s is not read by examples/%s (no such name in its code)", k, prog)
		}
	}
}

var (
	envLiteral = regexp.MustCompile(`"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"`)
	bothCall   = regexp.MustCompile(`\bBoth\(([^)]*)\)`)
	quoted     = regexp.MustCompile(`"([A-Z0-9_]+)"`)
)

// envNamesInCode collects the environment variable names that appear in the Go code of
// the program and the packages of this repository it uses: string literals, and the
// RISKIQ_/PASSIVETOTAL_ pairs built by cli.Both("SUFFIX", ...).
// connector reports whether the program uses the OpenCTI runtime at all.
func envNamesInCode(t *testing.T, prog string) (names map[string]bool, connector bool) {
	cmd := exec.Command(goTool(t), "list", "-deps", "-f", "{{.ImportPath}} {{.Dir}} {{join .GoFiles \" \"}}", "./"+prog)
	cmd.Dir = examplesDir
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	names = map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || !strings.HasPrefix(f[0], "github.com/ptstix/") {
			continue
		}
		if f[0] == "github.com/ptstix/passivetotal/opencti" {
			connector = true
		}
		for _, file := range f[2:] {
			src := read(t, filepath.Join(f[1], file))
			for _, m := range envLiteral.FindAllSubmatch(src, -1) {
				names[string(m[1])] = true
			}
			for _, m := range bothCall.FindAllSubmatch(src, -1) {
				for _, q := range quoted.FindAllSubmatch(m[1], -1) {
					names["RISKIQ_"+string(q[1])] = true
					names["PASSIVETOTAL_"+string(q[1])] = true
				}
			}
		}
	}
	return names, connector
}
