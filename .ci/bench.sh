#!/usr/bin/env bash
# Reproduces the README's Performance table: runs the table's benchmarks
# COUNT times (default 6), prints benchstat's medians, the ratios against
# the encoding/json floor and bare net/http, and (unless NO_RSS=1) the peak
# RSS of one million passive DNS records streamed file -> bundle file.
#
#   .ci/bench.sh                 # full table (~10 minutes on 2 cores)
#   COUNT=3 NO_RSS=1 .ci/bench.sh
#
# benchstat is installed into GOPATH/bin when missing (go install; it never
# becomes a module dependency). Raw results are kept in $OUT (default
# bench.txt) for later comparison: benchstat old.txt new.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

count="${COUNT:-6}"
out="${OUT:-bench.txt}"
export PATH="$(go env GOPATH)/bin:$PATH"
if ! command -v benchstat >/dev/null 2>&1; then
  go install golang.org/x/perf/cmd/benchstat@latest
fi

pattern='^Benchmark(DecodePassiveDNS|StreamPassiveDNS|DecodePassiveDNSFloor|DecodeArticles|ClientRoundTrip|PassiveDNSMap|PassiveDNSMapWrite|PassiveDNSPipeline|PassiveDNSFloor|Articles|DeterministicID)$'
go test -run '^$' -bench "$pattern" -benchmem -count "$count" . ./mapping ./stix | tee "$out" >/dev/null
benchstat "$out"

# Ratios of medians (ns/op), the two targets stated as ratios.
awk '
  /^Benchmark/ {
    name = $1; sub(/-[0-9]+$/, "", name)
    for (i = 3; i < NF; i++) if ($(i+1) == "ns/op") { v[name] = v[name] " " $i; n[name]++ }
  }
  function median(s,   a, k, i, j, t) {
    k = split(s, a, " ")
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
  }
  function ratio(label, num, den) {
    if ((num in v) && (den in v)) printf "%-58s %6.2fx\n", label, median(v[num]) / median(v[den])
  }
  END {
    print "\nratios of medians (ns/op)"
    for (r = 1000; r <= 100000; r *= 100) {
      ratio("pipeline records=" r " streamed / floor", "BenchmarkPassiveDNSPipeline/records=" r "/streamed", "BenchmarkPassiveDNSFloor/records=" r)
      ratio("pipeline records=" r " whole (validated bundle) / floor", "BenchmarkPassiveDNSPipeline/records=" r "/whole", "BenchmarkPassiveDNSFloor/records=" r)
      ratio("stream decode records=" r " / encoding/json decode", "BenchmarkStreamPassiveDNS/records=" r, "BenchmarkDecodePassiveDNSFloor/records=" r)
    }
    ratio("client round trip records=10 sdk / bare net/http", "BenchmarkClientRoundTrip/records=10/sdk", "BenchmarkClientRoundTrip/records=10/bare")
    ratio("client round trip records=1000 sdk / bare net/http", "BenchmarkClientRoundTrip/records=1000/sdk", "BenchmarkClientRoundTrip/records=1000/bare")
  }' "$out"

if [ "${NO_RSS:-0}" != 1 ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  go build -o "$tmp/benchpipe" ./internal/benchpipe
  "$tmp/benchpipe" -gen 1000000 -input "$tmp/pdns.json"
  echo
  echo "1,000,000 records, file -> stream decode -> map (default cap) -> BundleWriter -> file:"
  /usr/bin/time -v "$tmp/benchpipe" -input "$tmp/pdns.json" -output "$tmp/bundle.json" 2>"$tmp/time.txt"
  grep -E 'Maximum resident set size|Elapsed \(wall clock\)' "$tmp/time.txt"
fi
