package deploy

import (
	"bytes"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
)

// localModules returns the repository-relative directories of the examples module and
// of every module it reaches through a replace by a local path, transitively (the
// library at the root, the opencti module). A Docker build needs each of their go.mod
// files before it can download the examples module's dependencies.
func localModules(t *testing.T) []string {
	t.Helper()
	dirs := []string{"examples"}
	for i := 0; i < len(dirs); i++ {
		gomod := filepath.Join(repoRoot, filepath.FromSlash(dirs[i]), "go.mod")
		f, err := modfile.Parse(gomod, read(t, gomod), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range f.Replace {
			if !modfile.IsDirectoryPath(r.New.Path) {
				continue
			}
			d := path.Clean(path.Join(dirs[i], filepath.ToSlash(r.New.Path)))
			if strings.HasPrefix(d, "..") {
				t.Errorf("%s/go.mod replaces %s by %s, outside the repository (the build context)", dirs[i], r.Old.Path, r.New.Path)
				continue
			}
			if !slices.Contains(dirs, d) {
				dirs = append(dirs, d)
			}
		}
	}
	slices.Sort(dirs)
	return dirs
}

// TestDockerfilesCopyEveryModuleFile: the builder's `go mod download` layer runs
// before the sources are copied, so the go.mod and go.sum of every module the
// examples module reaches through a local replace must be copied, to the same
// place, before it; a missing one fails the build ("replacement directory does not
// exist"), which no test could otherwise see here (Docker does not run in CI).
func TestDockerfilesCopyEveryModuleFile(t *testing.T) {
	t.Parallel()
	mods := localModules(t)
	if !slices.Contains(mods, ".") || !slices.Contains(mods, "opencti") {
		t.Fatalf("local modules %v: want the library (.) and opencti among them", mods)
	}
	for _, p := range programs {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			_, stages, err := parseDockerfile(bytes.NewReader(read(t, filepath.Join(examplesDir, p.name, "Dockerfile"))))
			if err != nil {
				t.Fatal(err)
			}
			copied := map[string]bool{} // repository-relative file -> copied to the same place
			downloaded := false
			for _, in := range stages[0].Instrs {
				if in.Cmd == "RUN" && strings.Contains(in.arg(), "go mod download") {
					downloaded = true
					break
				}
				if in.Cmd != "COPY" {
					continue
				}
				flags, srcs, dst := copyArgs(in)
				if flags["from"] != "" {
					continue
				}
				for _, s := range srcs {
					to := path.Clean(dst)
					if strings.HasSuffix(dst, "/") || len(srcs) > 1 {
						to = path.Join(dst, path.Base(s))
					}
					copied[path.Clean(s)] = to == path.Clean(s)
				}
			}
			if !downloaded {
				t.Fatal("no RUN ... go mod download in the builder")
			}
			for _, d := range mods {
				for _, name := range []string{"go.mod", "go.sum"} {
					f := path.Join(d, name)
					if same, ok := copied[f]; !ok || !same {
						t.Errorf("%s is not copied to ./%s before go mod download (copied: %v, same place: %v)", f, f, ok, same)
					}
				}
			}
		})
	}
}
