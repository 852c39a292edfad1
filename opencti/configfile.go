package opencti

import (
	"errors"
	"fmt"
	"strings"
)

// Settings is where connector settings come from: environment variables
// first, then config.yml. Connectors read their own settings (riskiq.*)
// through the same Settings so the override rule is the same everywhere.
type Settings struct {
	env  func(string) (string, bool)
	file map[string]map[string]string
}

// NewSettings combines an environment lookup (os.LookupEnv in programs, a
// map in tests; nil means no environment) with the text of a config.yml
// (nil means no file).
func NewSettings(lookupEnv func(string) (string, bool), configYML []byte) (*Settings, error) {
	if lookupEnv == nil {
		lookupEnv = func(string) (string, bool) { return "", false }
	}
	file, err := parseConfigYML(configYML)
	if err != nil {
		return nil, err
	}
	return &Settings{env: lookupEnv, file: file}, nil
}

// Lookup returns the value of a setting: the environment variable env when
// it is set and not empty, else key ("section.name") from config.yml. ok is
// false when neither has a value.
func (s *Settings) Lookup(env, key string) (value string, ok bool) {
	if v, set := s.env(env); set && strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v), true
	}
	section, name, _ := strings.Cut(key, ".")
	v, ok := s.file[section][name]
	return v, ok && v != ""
}

// parseConfigYML parses the two-level "section:\n  key: value" shape of the
// old connectors' config.yml. It is deliberately strict: anything beyond
// that shape (lists, nesting, anchors, block scalars, tabs) is an error with
// its line number instead of a silently different reading.
func parseConfigYML(data []byte) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	if len(data) == 0 {
		return out, nil
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	var section string
	indent := -1
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		n := i + 1
		bad := func(format string, a ...any) error {
			return fmt.Errorf("config.yml line %d: %s", n, fmt.Sprintf(format, a...))
		}
		body := strings.TrimLeft(line, " ")
		if body == "" || strings.HasPrefix(body, "#") {
			continue
		}
		if n == 1 && strings.TrimSpace(body) == "---" {
			continue
		}
		if lead := line[:len(line)-len(strings.TrimLeft(line, " \t"))]; strings.ContainsRune(lead, '\t') {
			return nil, bad("tab in indentation")
		}
		depth := len(line) - len(body)
		key, rest, found := strings.Cut(body, ":")
		key = strings.TrimSpace(key)
		if !found || !validKey(key) {
			return nil, bad("expected \"key: value\"")
		}
		if rest != "" && rest[0] != ' ' {
			return nil, bad("expected a space after ':'")
		}
		value, err := parseScalar(rest)
		if err != nil {
			return nil, bad("%v", err)
		}
		if depth == 0 {
			if value != nil && *value != "" {
				return nil, bad("top-level %q must be a section (settings go indented under it)", key)
			}
			if _, dup := out[key]; dup {
				return nil, bad("section %q appears twice", key)
			}
			section, indent = key, -1
			out[section] = map[string]string{}
			continue
		}
		if section == "" {
			return nil, bad("indented setting outside a section")
		}
		if indent == -1 {
			indent = depth
		}
		if depth != indent {
			return nil, bad("inconsistent indentation (nested maps and lists are not supported; only section.key settings)")
		}
		if value == nil {
			empty := "" // "key:" alone is YAML null; a nested block under it fails on its own line
			value = &empty
		}
		if _, dup := out[section][key]; dup {
			return nil, bad("%s.%s appears twice", section, key)
		}
		out[section][key] = *value
	}
	return out, nil
}

func validKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r == '_' || r == '-' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// parseScalar reads what follows "key:". It returns nil for "nothing"
// (a section header or a nested block), "" for null/~.
func parseScalar(rest string) (*string, error) {
	s := strings.TrimSpace(rest)
	if s == "" || strings.HasPrefix(s, "#") {
		return nil, nil
	}
	var v string
	switch s[0] {
	case '\'':
		var b strings.Builder
		i := 1
		for ; i < len(s); i++ {
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					b.WriteByte('\'')
					i++
					continue
				}
				break
			}
			b.WriteByte(s[i])
		}
		if i >= len(s) {
			return nil, errors.New("unterminated single-quoted value")
		}
		if err := onlyComment(s[i+1:]); err != nil {
			return nil, err
		}
		v = b.String()
	case '"':
		var b strings.Builder
		i := 1
		for ; i < len(s) && s[i] != '"'; i++ {
			if s[i] != '\\' {
				b.WriteByte(s[i])
				continue
			}
			if i+1 >= len(s) {
				break
			}
			i++
			switch s[i] {
			case '\\', '"', '/':
				b.WriteByte(s[i])
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				return nil, fmt.Errorf("unsupported escape \\%c", s[i])
			}
		}
		if i >= len(s) {
			return nil, errors.New("unterminated double-quoted value")
		}
		if err := onlyComment(s[i+1:]); err != nil {
			return nil, err
		}
		v = b.String()
	case '[', '{', '&', '*', '!', '|', '>', '%', '@', '`':
		return nil, fmt.Errorf("value starting with %q is not supported; quote it", s[0])
	default:
		if s == "-" || strings.HasPrefix(s, "- ") {
			return nil, errors.New("lists are not supported")
		}
		if j := strings.Index(s, " #"); j >= 0 {
			s = strings.TrimSpace(s[:j])
		}
		if strings.Contains(s, ": ") {
			return nil, errors.New("nested mapping on one line is not supported; quote the value")
		}
		if s == "~" || s == "null" || s == "Null" || s == "NULL" {
			s = ""
		}
		v = s
	}
	return &v, nil
}

func onlyComment(tail string) error {
	if strings.TrimSpace(tail) == "" || tail[0] == ' ' && strings.HasPrefix(strings.TrimLeft(tail, " "), "#") {
		return nil
	}
	return errors.New("unexpected text after quoted value")
}
