package opencti

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Settings is where a connector's settings come from, pycti's way: the
// environment variable first, then the key in config.yml. A connector reads
// its own settings through the same Settings, so the override rule is the
// same for all of them.
type Settings struct {
	env  func(string) (string, bool)
	file map[string]map[string]string
}

// NewSettings combines an environment lookup (os.LookupEnv in programs, a
// map in tests; nil means no environment) with the text of a config.yml
// (nil means no file). A config.yml is a map of sections, each a map of
// settings whose values are scalars: "section:\n  key: value". Anything else
// (a list, a nested map, a second document) is an error with its line
// number, not a silently different reading. Values are read as their text,
// as pycti does: "auto: false" is "false" and "port: 5672" is "5672"; a
// null value ("key:", "~") is empty, that is unset.
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
	if v, ok := s.LookupEnv(env); ok {
		return v, true
	}
	return s.LookupFile(key)
}

// LookupEnv returns the environment variable env, trimmed; ok is false when
// it is unset or empty (docker-compose files list every variable and leave
// some blank).
func (s *Settings) LookupEnv(env string) (value string, ok bool) {
	if v, set := s.env(env); set && strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v), true
	}
	return "", false
}

// LookupFile returns key ("section.name") from config.yml; ok is false when
// the file does not give it a value.
func (s *Settings) LookupFile(key string) (value string, ok bool) {
	section, name, _ := strings.Cut(key, ".")
	v, ok := s.file[section][name]
	return v, ok && v != ""
}

// parseConfigYML reads config.yml into section -> key -> value.
func parseConfigYML(data []byte) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		return nil, fmt.Errorf("config.yml: %w", err)
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		return nil, fmt.Errorf("config.yml line %d: a second document (only one is read)", next.Line)
	} else if !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("config.yml: %w", err)
	}
	if len(doc.Content) == 0 {
		return out, nil
	}
	root := doc.Content[0]
	if isNull(root) {
		return out, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, badLine(root, "the file must be a map of sections (opencti:, connector:, ...)")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		section, err := keyText(k)
		if err != nil {
			return nil, err
		}
		if _, dup := out[section]; dup {
			return nil, badLine(k, "section %q appears twice", section)
		}
		out[section] = map[string]string{}
		if isNull(v) {
			continue
		}
		if v.Kind != yaml.MappingNode {
			return nil, badLine(k, "top-level %q must be a section (settings go indented under it)", section)
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			sk, sv := v.Content[j], v.Content[j+1]
			name, err := keyText(sk)
			if err != nil {
				return nil, err
			}
			if _, dup := out[section][name]; dup {
				return nil, badLine(sk, "%s.%s appears twice", section, name)
			}
			val, err := scalarText(sv)
			if err != nil {
				return nil, badLine(sv, "%s.%s: %v", section, name, err)
			}
			out[section][name] = val
		}
	}
	return out, nil
}

func badLine(n *yaml.Node, format string, a ...any) error {
	return fmt.Errorf("config.yml line %d: %s", n.Line, fmt.Sprintf(format, a...))
}

// keyText is a map key's text; keys must be plain scalars.
func keyText(n *yaml.Node) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Value == "" {
		return "", badLine(n, "expected a \"key: value\" setting")
	}
	return n.Value, nil
}

// scalarText is a setting's value as written (an alias gives the scalar it
// names); null is "".
func scalarText(n *yaml.Node) (string, error) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch {
	case isNull(n):
		return "", nil
	case n.Kind == yaml.ScalarNode:
		return n.Value, nil
	case n.Kind == yaml.SequenceNode:
		return "", errors.New("lists are not supported (write a comma-separated value)")
	}
	return "", errors.New("nested maps are not supported (only section.key settings)")
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }
