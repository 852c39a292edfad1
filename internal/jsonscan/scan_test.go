package jsonscan

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSkip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		more     bool
		want     error
		wantEnd  int // I after Skip, when want is nil
	}{
		{name: "object", in: `{"a":[1,-2.5e3,true,false,null,"x\u00e9"]} `, wantEnd: 42},
		{name: "empty containers", in: `[{},[]]`, wantEnd: 7},
		{name: "escaped key", in: `{"a\"b":1}`, wantEnd: 10},
		{name: "number then end", in: `12`, wantEnd: 2},
		{name: "number may go on", in: `12`, more: true, want: ErrShort},
		{name: "cut string", in: `"abc`, want: ErrEOF},
		{name: "cut string, streaming", in: `"abc`, more: true, want: ErrShort},
		{name: "bad escape", in: `"\x"`, want: ErrBad},
		{name: "bad unicode escape", in: `"\u12g4"`, want: ErrBad},
		{name: "control byte", in: "\"a\x01\"", want: ErrBad},
		{name: "trailing comma", in: `[1,]`, want: ErrBad},
		{name: "missing colon", in: `{"a" 1}`, want: ErrBad},
		{name: "bad literal", in: `nul1`, want: ErrBad},
		{name: "leading zero then digit stops", in: `01`, wantEnd: 1},
		{name: "bare minus", in: `-`, want: ErrEOF},
		{name: "fraction without digits", in: `1.]`, want: ErrBad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := Scanner{B: []byte(tt.in), More: tt.more}
			err := s.Skip()
			if !errors.Is(err, tt.want) {
				t.Fatalf("Skip(%q) = %v, want %v", tt.in, err, tt.want)
			}
			if err == nil && s.I != tt.wantEnd {
				t.Errorf("Skip(%q) stopped at %d, want %d", tt.in, s.I, tt.wantEnd)
			}
		})
	}
}

func TestSkipDepthLimit(t *testing.T) {
	t.Parallel()
	deep := make([]byte, 0, 2*MaxDepth+2)
	for range MaxDepth + 1 {
		deep = append(deep, '[')
	}
	for range MaxDepth + 1 {
		deep = append(deep, ']')
	}
	s := Scanner{B: deep}
	if err := s.Skip(); !errors.Is(err, ErrBad) {
		t.Fatalf("Skip of %d nested lists = %v, want ErrBad", MaxDepth+1, err)
	}
	s = Scanner{B: deep[1 : len(deep)-1]}
	if err := s.Skip(); err != nil {
		t.Fatalf("Skip of %d nested lists = %v, want nil", MaxDepth, err)
	}
}

func TestStr(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    string
		wantErr error
	}{
		{in: `"plain"`, want: "plain"},
		{in: ` "héllo"`, want: "héllo"},
		{in: `"a\nb"`, wantErr: ErrSlow},   // needs unquoting
		{in: "\"\xff\"", wantErr: ErrSlow}, // invalid UTF-8
		{in: `1`, wantErr: ErrBad},
	}
	for _, tt := range tests {
		s := Scanner{B: []byte(tt.in)}
		start, end, err := s.Str()
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("Str(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil {
			if got := string(s.B[start:end]); got != tt.want {
				t.Errorf("Str(%q) = %q, want %q", tt.in, got, tt.want)
			}
		}
	}
}

func TestStrValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    string
		wantErr error
	}{
		{in: `"plain"`, want: "plain"},
		{in: `"tab\there \"q\" \\ \/ \b\f\r\n"`, want: "tab\there \"q\" \\ / \b\f\r\n"},
		{in: `"\u00e9\u4e2d"`, want: "é中"},
		{in: `"\ud83d\ude00"`, wantErr: ErrSlow}, // surrogate pair: encoding/json decides
		{in: "\"\xc3\"", wantErr: ErrSlow},
		{in: `"cut`, wantErr: ErrEOF},
	}
	for _, tt := range tests {
		s := Scanner{B: []byte(tt.in)}
		got, err := s.StrValue()
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("StrValue(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			continue
		}
		if diff := cmp.Diff(tt.want, got); err == nil && diff != "" {
			t.Errorf("StrValue(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestObject(t *testing.T) {
	t.Parallel()
	names := []string{"a", "b"}
	tests := []struct {
		name, in string
		want     []int
		wantErr  error
	}{
		{name: "known and unknown keys", in: `{"a":1,"zz":[1,{}],"b":2}`, want: []int{0, 1}},
		{name: "empty", in: `{}`},
		{name: "duplicate key", in: `{"a":1,"a":2}`, want: []int{0}, wantErr: ErrSlow},
		{name: "key folding to a name", in: `{"A":1}`, wantErr: ErrSlow},
		{name: "not an object", in: `[1]`, wantErr: ErrSlow},
		{name: "missing comma", in: `{"a":1 "b":2}`, want: []int{0}, wantErr: ErrBad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := Scanner{B: []byte(tt.in)}
			var got []int
			err := s.Object(names, func(f int) error {
				got = append(got, f)
				return s.Skip()
			})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Object(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Object(%q) fields (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		wantN    int
		wantNull bool
		wantErr  error
	}{
		{in: `[1,2,3]`, wantN: 3},
		{in: `[]`},
		{in: `null`, wantNull: true},
		{in: `"one"`, wantErr: ErrSlow},
		{in: `[1 2]`, wantN: 1, wantErr: ErrBad},
	}
	for _, tt := range tests {
		s := Scanner{B: []byte(tt.in)}
		n := 0
		isNull, err := s.List(func() error { n++; return s.Skip() })
		if !errors.Is(err, tt.wantErr) || isNull != tt.wantNull || n != tt.wantN {
			t.Errorf("List(%q) = %d elements, null %v, error %v; want %d, %v, %v",
				tt.in, n, isNull, err, tt.wantN, tt.wantNull, tt.wantErr)
		}
	}
}

func TestFoldsToField(t *testing.T) {
	t.Parallel()
	names := []string{"recordType", "value"}
	for k, want := range map[string]bool{"RECORDTYPE": true, "Value": true, "valu": false, "other": false, "v\u212alue": true} {
		if got := FoldsToField([]byte(k), names); got != want {
			t.Errorf("FoldsToField(%q) = %v, want %v", k, got, want)
		}
	}
}

func TestSyntaxErrorIsEncodingJSONs(t *testing.T) {
	t.Parallel()
	err := SyntaxError([]byte(`{"a":}`))
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("SyntaxError = %T %v, want *json.SyntaxError", err, err)
	}
	if se.Offset != 6 {
		t.Errorf("offset %d, want 6", se.Offset)
	}
}

// FuzzSkip checks Skip against encoding/json: a whole input is well-formed
// for Skip exactly when json.Valid says so.
func FuzzSkip(f *testing.F) {
	for _, seed := range []string{`{"a":[1,2,{"b":null}]}`, `"x\u00e9\n"`, `-0.5e+3`, `[1,]`, `{"a" 1}`, "\"\xff\"", `tru`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s := Scanner{B: b}
		err := s.Skip()
		if err == nil {
			s.SkipSpace()
		}
		whole := err == nil && s.I == len(b)
		if valid := json.Valid(b); whole != valid {
			t.Fatalf("Skip(%q): error %v, stopped at %d of %d; json.Valid = %v", b, err, s.I, len(b), valid)
		}
	})
}

// FuzzStrValue checks StrValue against encoding/json wherever it does not
// defer (ErrSlow).
func FuzzStrValue(f *testing.F) {
	for _, seed := range []string{`"plain"`, `"a\tb\"c\\d\/e"`, `"\u00e9"`, `"\ud800"`, "\"\xc3\xa9\"", `"cut`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s := Scanner{B: b}
		got, err := s.StrValue()
		if errors.Is(err, ErrSlow) {
			return
		}
		var want string
		jerr := json.Unmarshal(b[:s.I], &want)
		if err != nil {
			if jerr == nil && s.I == len(b) {
				t.Fatalf("StrValue(%q) = error %v; encoding/json reads %q", b, err, want)
			}
			return
		}
		if jerr != nil {
			t.Fatalf("StrValue(%q) = %q; encoding/json: %v", b, got, jerr)
		}
		if got != want {
			t.Fatalf("StrValue(%q) = %q, encoding/json %q", b, got, want)
		}
	})
}
