package deploy

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// instr is one Dockerfile instruction, continuation lines joined.
type instr struct {
	Cmd  string // upper case: FROM, RUN, COPY, ...
	Args string
	Line int
}

// stage is one FROM and what follows it.
type stage struct {
	From, Name string
	Instrs     []instr
}

// parseDockerfile splits a Dockerfile into global instructions (ARG before the first
// FROM) and stages. It knows the instruction syntax only, not the semantics.
func parseDockerfile(r io.Reader) (globals []instr, stages []*stage, err error) {
	sc := bufio.NewScanner(r)
	var cur strings.Builder
	start := 0
	flush := func() error {
		text := strings.TrimSpace(cur.String())
		cur.Reset()
		if text == "" {
			return nil
		}
		cmd, args, _ := strings.Cut(text, " ")
		in := instr{Cmd: strings.ToUpper(cmd), Args: strings.TrimSpace(args), Line: start}
		if in.Cmd == "FROM" {
			f := strings.Fields(in.Args)
			st := &stage{From: f[0]}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				st.Name = f[2]
			} else if len(f) != 1 {
				return fmt.Errorf("line %d: FROM %q", start, in.Args)
			}
			stages = append(stages, st)
			return nil
		}
		if len(stages) == 0 {
			if in.Cmd != "ARG" {
				return fmt.Errorf("line %d: %s before FROM", start, in.Cmd)
			}
			globals = append(globals, in)
			return nil
		}
		st := stages[len(stages)-1]
		st.Instrs = append(st.Instrs, in)
		return nil
	}
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(t, "#") || (t == "" && cur.Len() == 0) {
			continue
		}
		if cur.Len() == 0 {
			start = line
		}
		if strings.HasSuffix(t, "\\") {
			cur.WriteString(strings.TrimSuffix(t, "\\") + " ")
			continue
		}
		cur.WriteString(t)
		if err := flush(); err != nil {
			return nil, nil, err
		}
	}
	if cur.Len() > 0 {
		return nil, nil, fmt.Errorf("line %d: continuation at end of file", start)
	}
	return globals, stages, sc.Err()
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

// copyArgs splits COPY's arguments into flags, sources and the destination.
func copyArgs(args string) (flags map[string]string, srcs []string, dst string) {
	flags = map[string]string{}
	f := strings.Fields(args)
	for len(f) > 0 && strings.HasPrefix(f[0], "--") {
		k, v, _ := strings.Cut(strings.TrimPrefix(f[0], "--"), "=")
		flags[k] = v
		f = f[1:]
	}
	if len(f) < 2 {
		return flags, nil, ""
	}
	return flags, f[:len(f)-1], f[len(f)-1]
}

// execForm decodes ENTRYPOINT/CMD written as a JSON array (the exec form).
func execForm(args string) ([]string, error) {
	var v []string
	if err := json.Unmarshal([]byte(args), &v); err != nil {
		return nil, fmt.Errorf("not the exec form (JSON array): %q", args)
	}
	return v, nil
}
