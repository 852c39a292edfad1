package mdti

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"
)

// The wire types below are Graph's JSON as sent. They decode leniently, like
// the PassiveTotal models: a number or boolean where a string belongs is kept
// as its text, null reads as empty, an unknown property is ignored. Only a
// value of the wrong kind where a structure belongs (an object for a title, a
// string for the "value" list) fails, because guessing there would invent data.

// text is a string that also accepts a number or boolean (kept as its JSON
// text) and null (read as "").
type text string

func (s *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*s = ""
	switch {
	case len(b) == 0 || b[0] == 'n':
		return nil
	case b[0] == '"':
		// Nearly every string has no escape: take its bytes without a
		// second decoder pass (the decoder has already checked the syntax).
		if len(b) >= 2 && b[len(b)-1] == '"' {
			if inner := b[1 : len(b)-1]; bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
				*s = text(inner)
				return nil
			}
		}
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = text(v)
		return nil
	case b[0] == '{' || b[0] == '[':
		return errors.New("want a string, got a JSON " + map[byte]string{'{': "object", '[': "array"}[b[0]])
	default:
		*s = text(b)
		return nil
	}
}

// textList is a list of strings that also accepts a single string and null.
type textList []string

func (l *textList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*l = nil
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] != '[' {
		var one text
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		if one != "" {
			*l = textList{string(one)}
		}
		return nil
	}
	var items []text
	if err := json.Unmarshal(b, &items); err != nil {
		return err
	}
	out := make(textList, 0, len(items))
	for _, it := range items {
		if it != "" {
			out = append(out, string(it))
		}
	}
	*l = out
	return nil
}

// formattedContent is Graph's {content, format} (format: text, html,
// markdown). A plain string is accepted as text content.
type formattedContent struct {
	Content text
	Format  text
}

func (f *formattedContent) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*f = formattedContent{}
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] != '{' {
		return json.Unmarshal(b, &f.Content)
	}
	var w struct {
		Content text `json:"content"`
		Format  text `json:"format"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*f = formattedContent{Content: w.Content, Format: w.Format}
	return nil
}

// artifactWire is any Graph artifact: a host (hostname or ipAddress), an
// unclassifiedArtifact (kind, value), an sslCertificate (sha1), or another
// kind this package does not model. Its @odata.type says which.
type artifactWire struct {
	ODataType text `json:"@odata.type"`
	ID        text `json:"id"`
	Kind      text `json:"kind"`
	Value     text `json:"value"`
	SHA1      text `json:"sha1"`
}

// hostRef is a navigation to a host: {"id": "contoso.com"}.
type hostRef struct {
	ID text `json:"id"`
}

// graphType returns the last dotted part of an @odata.type, without the
// leading '#': "#microsoft.graph.security.ipAddress" gives "ipAddress".
func graphType(t text) string {
	s := strings.TrimPrefix(strings.TrimSpace(string(t)), "#")
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		s = s[i+1:]
	}
	return s
}
