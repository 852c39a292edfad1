package passivetotal

import (
	"encoding/json"
	"math"
	"strconv"
	"testing"
)

// FuzzDecodeQuota decodes GET /account/quota bodies. Whatever the bytes:
// no panic; and a body that decodes gives consistent arithmetic:
// Remaining is never negative, and a block has none left exactly when it is
// exhausted (even where limit minus count overflows an int).
func FuzzDecodeQuota(f *testing.F) {
	addFixtureSeeds(f)
	for _, s := range []string{
		`{"user":{"counts":{"search_api":"12"},"limits":{"search_api":1000},"next_reset":"2023-11-01 00:00:00"}}`,
		`{"user":{"counts":{"search_api":5},"limits":{"search_api":10}},"organization":{"counts":{"search_api":99},"limits":{"search_api":100},"licenseCounts":{"enterprise":{"searchApi":3}}}}`,
		`{"user":{"counts":{"search_api":-1},"limits":{"search_api":` + strconv.Itoa(math.MaxInt) + `}}}`,
		`{"user":{"counts":{"search_api":"N/A"},"limits":{"search_api":1e3},"next_reset":1698796800000}}`,
		`{"organization":{"counts":{"search_api":` + strconv.Itoa(math.MinInt) + `},"limits":{"search_api":1}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var q Quota
		if json.Unmarshal(data, &q) != nil {
			return
		}
		for _, b := range []*QuotaBlock{q.User, q.Organization} {
			checkQuotaBlock(t, b)
		}
		if r := q.Remaining(); r < 0 || (q.Exhausted() && r != 0) {
			t.Fatalf("Quota: Remaining %d, Exhausted %v", r, q.Exhausted())
		}
		if b, _ := q.Binding(); b != nil && b.Remaining() != q.Remaining() {
			t.Fatalf("binding block has %d left, quota says %d", b.Remaining(), q.Remaining())
		}
		_ = q.NextReset()
	})
}

func checkQuotaBlock(t *testing.T, b *QuotaBlock) {
	t.Helper()
	if b == nil {
		return
	}
	r := b.Remaining()
	if r < 0 || b.Exhausted() != (r == 0) {
		t.Fatalf("block %+v: Remaining %d, Exhausted %v", b.Counts, r, b.Exhausted())
	}
}
