package deploy

import (
	"errors"
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"
)

// compose is the part of a docker-compose fragment the tests check.
type compose struct {
	Keys     []string // top-level keys, in order
	Services map[string]composeService
}

type composeService struct {
	Image     string    `yaml:"image"`
	Restart   string    `yaml:"restart"`
	DependsOn yaml.Node `yaml:"depends_on"` // a list of names or a map of name to condition
	Build     struct {
		Context    string `yaml:"context"`
		Dockerfile string `yaml:"dockerfile"`
	} `yaml:"build"`
	// The list form only (KEY=value items): the map form is valid compose, but the
	// fragments use the list and a check for duplicates needs it.
	Environment []string `yaml:"environment"`
}

// loadCompose decodes one YAML document; the YAML library rejects duplicate keys, and a
// field of the wrong shape (such as environment as a map) is a decoding error.
func loadCompose(r io.Reader) (*compose, error) {
	dec := yaml.NewDecoder(r)
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("more than one YAML document (%v)", err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("the document is not a mapping")
	}
	c := &compose{}
	top := doc.Content[0]
	for i := 0; i < len(top.Content); i += 2 {
		c.Keys = append(c.Keys, top.Content[i].Value)
	}
	var body struct {
		Services map[string]composeService `yaml:"services"`
	}
	if err := doc.Decode(&body); err != nil {
		return nil, err
	}
	c.Services = body.Services
	return c, nil
}

// dependsOn returns the names a service depends on, in either form compose allows.
func (s *composeService) dependsOn() ([]string, error) {
	switch s.DependsOn.Kind {
	case 0:
		return nil, nil
	case yaml.SequenceNode:
		var names []string
		err := s.DependsOn.Decode(&names)
		return names, err
	case yaml.MappingNode:
		var names []string
		for i := 0; i < len(s.DependsOn.Content); i += 2 {
			names = append(names, s.DependsOn.Content[i].Value)
		}
		return names, nil
	}
	return nil, fmt.Errorf("line %d: depends_on is neither a list nor a map", s.DependsOn.Line)
}
