package passivetotal

import (
	"bytes"
	"strings"
	"testing"
)

// TestPassiveDNSRecordsKeysAsEncodingJSON: the streamed reader matches the envelope's
// keys as the whole-body decoder (encoding/json) does, case-insensitively with Unicode
// folding, so both read the same records and fields; a second results list, which
// encoding/json would take in place of the first, is an error, since the first list's
// records are yielded already. (FuzzDecodePassiveDNS found "rEsults" streaming none.)
func TestPassiveDNSRecordsKeysAsEncodingJSON(t *testing.T) {
	t.Parallel()
	const rec = `{"resolve":"a.example","value":"b.example","firstSeen":"2020-01-01 00:00:00","lastSeen":"2020-01-02 00:00:00"}`
	for _, tt := range []struct {
		name, body string
		records    int
		query      string
		wantErr    string
	}{
		{"exact keys", `{"queryValue":"b.example","results":[` + rec + `]}`, 1, "b.example", ""},
		{"cased keys", `{"QUERYVALUE":"b.example","rEsults":[` + rec + `]}`, 1, "b.example", ""},
		{"folded key (long s)", `{"queryValue":"b.example","reſults":[` + rec + `,` + rec + `]}`, 2, "b.example", ""},
		{"two results lists", `{"results":[` + rec + `],"RESULTS":[]}`, 1, "", "more than one results list"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hdr, recs := PassiveDNSRecords(strings.NewReader(tt.body))
			n := 0
			var err error
			for _, e := range recs {
				if e != nil {
					err = e
					break
				}
				n++
			}
			if n != tt.records {
				t.Errorf("%d records streamed, want %d", n, tt.records)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if hdr.QueryValue != tt.query {
				t.Errorf("queryValue %q, want %q", hdr.QueryValue, tt.query)
			}
			whole, werr := DecodePassiveDNS(bytes.NewReader([]byte(tt.body)))
			if werr != nil || len(whole.Results) != n || whole.QueryValue != hdr.QueryValue {
				t.Errorf("whole body: %d records, queryValue %q, err %v; streamed %d, %q", len(whole.Results), whole.QueryValue, werr, n, hdr.QueryValue)
			}
		})
	}
}
