package deploy

import (
	"fmt"
	"io"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// instr is one Dockerfile instruction as buildkit's parser reads it.
type instr struct {
	Cmd   string   // upper case: FROM, RUN, COPY, ...
	Args  []string // the shell form is one argument; the exec form one per element
	Flags []string // --from=build, ...
	JSON  bool     // written in the exec form (a JSON array)
	Line  int
}

// arg returns the instruction's arguments as one string.
func (in instr) arg() string { return strings.Join(in.Args, " ") }

// stage is one FROM and what follows it.
type stage struct {
	From, Name string
	Instrs     []instr
}

// parseDockerfile splits a Dockerfile into global instructions (ARG before the first
// FROM) and stages. The syntax is buildkit's; a parser warning (such as an empty
// continuation line, which Docker deprecates) is an error here.
func parseDockerfile(r io.Reader) (globals []instr, stages []*stage, err error) {
	res, err := parser.Parse(r)
	if err != nil {
		return nil, nil, err
	}
	if len(res.Warnings) > 0 {
		w := res.Warnings[0]
		return nil, nil, fmt.Errorf("%s", w.Short)
	}
	for _, n := range res.AST.Children {
		in := instr{Cmd: strings.ToUpper(n.Value), Flags: n.Flags, JSON: n.Attributes["json"], Line: n.StartLine}
		for a := n.Next; a != nil; a = a.Next {
			in.Args = append(in.Args, a.Value)
		}
		if in.Cmd == "FROM" {
			st := &stage{}
			switch {
			case len(in.Args) == 3 && strings.EqualFold(in.Args[1], "AS"):
				st.From, st.Name = in.Args[0], in.Args[2]
			case len(in.Args) == 1:
				st.From = in.Args[0]
			default:
				return nil, nil, fmt.Errorf("line %d: FROM %q", in.Line, in.arg())
			}
			stages = append(stages, st)
			continue
		}
		if len(stages) == 0 {
			if in.Cmd != "ARG" {
				return nil, nil, fmt.Errorf("line %d: %s before FROM", in.Line, in.Cmd)
			}
			globals = append(globals, in)
			continue
		}
		st := stages[len(stages)-1]
		st.Instrs = append(st.Instrs, in)
	}
	return globals, stages, nil
}

// find returns the instructions of st with command cmd.
func (st *stage) find(cmd string) []instr {
	var out []instr
	for _, in := range st.Instrs {
		if in.Cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// copyArgs splits COPY's flags into a map, and its arguments into the sources and the
// destination.
func copyArgs(in instr) (flags map[string]string, srcs []string, dst string) {
	flags = map[string]string{}
	for _, f := range in.Flags {
		k, v, _ := strings.Cut(strings.TrimPrefix(f, "--"), "=")
		flags[k] = v
	}
	if len(in.Args) < 2 {
		return flags, nil, ""
	}
	return flags, in.Args[:len(in.Args)-1], in.Args[len(in.Args)-1]
}

// execForm returns the arguments of ENTRYPOINT/CMD written as a JSON array (the exec
// form); the shell form runs through /bin/sh, which the final image does not have.
func execForm(in instr) ([]string, error) {
	if !in.JSON {
		return nil, fmt.Errorf("not the exec form (JSON array): %q", in.arg())
	}
	return in.Args, nil
}
