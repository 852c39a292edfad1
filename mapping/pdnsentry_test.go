package mapping

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

func TestTopNSourcesBeyondTheTable(t *testing.T) {
	t.Parallel()
	// More distinct names than the table numbers: the last ones are kept by
	// the entries, and every entry still lists its sources sorted, once.
	var names []string
	for i := range maxSourceBits + 6 {
		names = append(names, fmt.Sprintf("src%03d", maxSourceBits+6-i)) // descending
	}
	tests := []struct {
		name    string
		records [][]string
		want    []string
	}{
		{"table only", [][]string{{"src070", "src069"}, {"src069"}}, []string{"src069", "src070"}},
		{"overflow only", [][]string{{"src001", "src003"}, {"src002", "src001"}}, []string{"src001", "src002", "src003"}},
		{"both, interleaved", [][]string{{"src002", "src070"}, {"src001", " src069 ", ""}}, []string{"src001", "src002", "src069", "src070"}},
		{"none", [][]string{{""}, {" "}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tn := newTopN(-1, 0)
			tn.add(relKey{value: "fill"}, day(1), day(2), rtA, names, "")
			k := relKey{value: "1.2.3.4", sco: scoIPv4}
			for _, srcs := range tt.records {
				tn.add(k, day(1), day(2), rtA, srcs, "")
			}
			var got []string
			for _, e := range tn.sorted(1) {
				if e.key.value == k.value {
					got = tn.sourceList(e)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sources (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTopNRecordHashForms(t *testing.T) {
	t.Parallel()
	hexA := strings.Repeat("0a", 32)
	hexB := strings.Repeat("0b", 32)
	upper := strings.Repeat("0B", 32)
	type rec struct {
		last int64
		hash string
	}
	tests := []struct {
		name string
		recs []rec
		want string
	}{
		{"hex kept as given", []rec{{day(2), hexB}}, hexB},
		{"upper case kept as given", []rec{{day(2), upper}}, upper},
		{"short text", []rec{{day(2), "h1"}}, "h1"},
		{"most recent wins", []rec{{day(3), hexA}, {day(4), hexB}, {day(2), "zz"}}, hexB},
		{"tie: smaller hex wins", []rec{{day(4), hexB}, {day(4), hexA}}, hexA},
		{"tie: smaller hex wins in the other order", []rec{{day(4), hexA}, {day(4), hexB}}, hexA},
		{"tie: hex against text", []rec{{day(4), "z"}, {day(4), hexB}}, hexB},
		{"tie: text against hex", []rec{{day(4), hexB}, {day(4), upper}}, upper},
		{"text replaced by a later hex", []rec{{day(3), "z"}, {day(4), hexA}}, hexA},
		{"no hash after one", []rec{{day(3), hexA}, {day(5), ""}}, hexA},
		{"none", []rec{{day(3), ""}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tn := newTopN(-1, 0)
			k := relKey{value: "1.2.3.4", sco: scoIPv4}
			for _, r := range tt.recs {
				tn.add(k, day(1), r.last, rtA, nil, r.hash)
			}
			if got := tn.sorted(1)[0].hashString(); got != tt.want {
				t.Errorf("hash = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecodeLowerHex(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in string
		ok bool
	}{
		{"00ff7a", true},
		{"00FF7a", false},
		{"00ff7", false},
		{"00ff7a00", false},
		{"00fg7a", false},
		{"00ff\xe97", false},
		{"00ff7\x00", false},
		{"", false},
	}
	for _, tt := range tests {
		var dst [3]byte
		ok := decodeLowerHex(dst[:], tt.in)
		if ok != tt.ok {
			t.Errorf("decodeLowerHex(%q) = %v, want %v", tt.in, ok, tt.ok)
		}
		if ok && dst != [3]byte{0x00, 0xff, 0x7a} {
			t.Errorf("decodeLowerHex(%q) gave %x", tt.in, dst)
		}
	}
}

// TestRelEntrySize guards the size an uncapped answer pays per distinct
// relationship (a million-record answer keeps over half a million).
func TestRelEntrySize(t *testing.T) {
	t.Parallel()
	if got := unsafe.Sizeof(relEntry{}); got > 120 {
		t.Errorf("relEntry is %d bytes, want at most 120", got)
	}
}
