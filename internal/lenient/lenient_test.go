package lenient

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFlexString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    String
		wantErr bool
	}{
		{`"abc"`, "abc", false},
		{`"N/A"`, "", false},
		{`"n/a"`, "", false},
		{`null`, "", false},
		{`13335`, "13335", false},
		{`37.751`, "37.751", false},
		{`true`, "true", false},
		{`{}`, "", true},
		{`[]`, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var got String
			err := json.Unmarshal([]byte(tt.in), &got)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFlexInt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Int
		wantErr bool
	}{
		{`62`, 62, false},
		{`"62"`, 62, false},
		{`" 7 "`, 7, false},
		{`62.0`, 62, false},
		{`1e3`, 1000, false},
		{`null`, 0, false},
		{`""`, 0, false},
		{`"N/A"`, 0, false},
		{`62.5`, 0, true},
		{`"many"`, 0, true},
		{`1e300`, 0, true},
		{`[]`, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var got Int
			err := json.Unmarshal([]byte(tt.in), &got)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestFlexList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{`["a","b"]`, []string{"a", "b"}},
		{`"a"`, []string{"a"}},
		{`null`, nil},
		{`"N/A"`, nil},
		{`""`, nil},
		{`["a","N/A",3]`, []string{"a", "3"}},
		{`[]`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var l List[String]
			if err := json.Unmarshal([]byte(tt.in), &l); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, Strings(l)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestErrorTextsNameNoBackend: both backends' decoders use these types and
// prefix the errors with their own name, so the texts carry none.
func TestErrorTextsNameNoBackend(t *testing.T) {
	t.Parallel()
	var s String
	var n Int
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"string from object", json.Unmarshal([]byte(`{"a":1}`), &s), "want a string, got a JSON object"},
		{"string from array", json.Unmarshal([]byte(`[1]`), &s), "want a string, got a JSON array"},
		{"int from word", json.Unmarshal([]byte(`"many"`), &n), `"many" is not an integer`},
	} {
		if tt.err == nil || tt.err.Error() != tt.want {
			t.Errorf("%s: error %v, want %q", tt.name, tt.err, tt.want)
		}
	}
}
