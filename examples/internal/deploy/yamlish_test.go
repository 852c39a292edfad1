package deploy

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Node is one key of a YAML-ish document: the docker-compose subset of block maps,
// block lists of scalars and plain scalars. Enough to check a compose fragment without
// a YAML dependency; anything else (flow style, anchors, multi-line scalars) is an
// error, which the fragments do not need.
type Node struct {
	Key      string
	Value    string   // scalar value, "" for a map or a list
	Items    []string // "- item" entries
	Children []*Node
	Line     int
}

// Child returns the child with key k, or nil.
func (n *Node) Child(k string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children {
		if c.Key == k {
			return c
		}
	}
	return nil
}

// Path walks keys from n.
func (n *Node) Path(keys ...string) *Node {
	for _, k := range keys {
		n = n.Child(k)
	}
	return n
}

// ParseYAMLish reads the subset described on Node; the result is a root Node
// without a key.
func ParseYAMLish(r io.Reader) (*Node, error) {
	root := &Node{}
	type frame struct {
		n      *Node
		indent int
	}
	stack := []frame{{root, -1}}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		raw := sc.Text()
		if strings.ContainsRune(raw, '\t') {
			return nil, fmt.Errorf("line %d: tab in indentation or value", line)
		}
		text := stripComment(raw)
		if strings.TrimSpace(text) == "" {
			continue
		}
		indent := len(text) - len(strings.TrimLeft(text, " "))
		text = strings.TrimSpace(text)
		if strings.HasPrefix(text, "- ") || text == "-" {
			// A list item belongs to the innermost key opened at a smaller indent
			// (compose writes them at the key's indent or deeper).
			for len(stack) > 1 && stack[len(stack)-1].indent > indent {
				stack = stack[:len(stack)-1]
			}
			parent := stack[len(stack)-1].n
			if parent == root || parent.Value != "" || len(parent.Children) > 0 {
				return nil, fmt.Errorf("line %d: list item outside a list", line)
			}
			item := unquote(strings.TrimSpace(strings.TrimPrefix(text, "-")))
			if strings.HasPrefix(item, "{") || strings.HasPrefix(item, "[") {
				return nil, fmt.Errorf("line %d: flow style is not supported", line)
			}
			parent.Items = append(parent.Items, item)
			continue
		}
		key, value, ok := strings.Cut(text, ":")
		if !ok || key == "" || strings.ContainsAny(key, " \"'") && !isQuoted(key) {
			return nil, fmt.Errorf("line %d: want \"key:\" or \"key: value\", have %q", line, text)
		}
		if value != "" && !strings.HasPrefix(value, " ") {
			return nil, fmt.Errorf("line %d: no space after the colon in %q", line, text)
		}
		for len(stack) > 1 && stack[len(stack)-1].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		parent := stack[len(stack)-1].n
		if parent.Value != "" || len(parent.Items) > 0 {
			return nil, fmt.Errorf("line %d: key %q under a scalar or a list", line, key)
		}
		if parent.Child(unquote(key)) != nil {
			return nil, fmt.Errorf("line %d: duplicate key %q", line, key)
		}
		v := strings.TrimSpace(value)
		if strings.HasPrefix(v, "{") || strings.HasPrefix(v, "[") || strings.HasPrefix(v, "&") ||
			strings.HasPrefix(v, "*") || v == "|" || v == ">" {
			return nil, fmt.Errorf("line %d: %q is not supported here", line, v)
		}
		n := &Node{Key: unquote(key), Value: unquote(v), Line: line}
		parent.Children = append(parent.Children, n)
		stack = append(stack, frame{n, indent})
	}
	return root, sc.Err()
}

// stripComment drops a "#" comment that starts the line or follows a space, outside
// quotes.
func stripComment(s string) string {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || s[i-1] == ' '):
			return s[:i]
		}
	}
	return s
}

func isQuoted(s string) bool {
	return len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0]
}

func unquote(s string) string {
	if isQuoted(s) {
		return s[1 : len(s)-1]
	}
	return s
}
