#!/usr/bin/env bash
# Reproduces the README's Performance table, in two parts:
#
# 1. The programs users run, as whole processes: examples/enrich and
#    examples/import built once and run on generated inputs (internal/gen via
#    internal/benchpipe), wall time, peak RSS and CPU time (user + system, the
#    figure other processes' load disturbs least) from /usr/bin/time -v, output
#    written to a directory on the same disk as the inputs (fsync included).
#    RUNS (default 5) rounds, the cases interleaved in each round; medians.
#    With BASE=<git revision>, the programs of that revision are built too and
#    run interleaved with the current ones (base, current, base, ...), so both
#    see the same load.
# 2. The library benchmarks (go test -bench, COUNT runs, default 6, benchstat
#    medians), the ratios against the encoding/json floor and bare net/http,
#    and (unless NO_RSS=1) the peak RSS of internal/benchpipe streaming one
#    million records file -> bundle file.
#
#   .ci/bench.sh                          # everything (~15 minutes on 2 cores)
#   NO_LIB=1 RUNS=7 BASE=main .ci/bench.sh   # the programs only, against main
#   NO_PROGRAMS=1 COUNT=3 NO_RSS=1 .ci/bench.sh
#   ONLY='100k|import' NO_LIB=1 .ci/bench.sh   # the cases whose name matches
#
# The machine's load average is printed before and after each part: on a
# shared machine, figures measured under load are slower, not wrong.
# benchstat is installed into GOPATH/bin when missing (go install; it never
# becomes a module dependency). Raw results are kept in $OUT (default
# bench.txt) and $OUT.programs for later comparison.
set -euo pipefail
cd "$(dirname "$0")/.."

count="${COUNT:-6}"
runs="${RUNS:-5}"
out="${OUT:-bench.txt}"
export PATH="$(go env GOPATH)/bin:$PATH"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
load() { echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($1)"; }

if [ "${NO_PROGRAMS:-0}" != 1 ]; then
  echo "== programs, whole process: median of $runs interleaved runs (wall s, peak RSS MB)"
  go build -o "$tmp/benchpipe" ./internal/benchpipe
  go -C examples build -o "$tmp/enrich" ./enrich
  go -C examples build -o "$tmp/import" ./import
  versions="current"
  if [ -n "${BASE:-}" ]; then
    mkdir "$tmp/base-src"
    git archive --format=tar "$BASE" | tar -x -C "$tmp/base-src"
    go -C "$tmp/base-src/examples" build -o "$tmp/enrich-base" ./enrich
    go -C "$tmp/base-src/examples" build -o "$tmp/import-base" ./import
    versions="base current"
  fi
  "$tmp/benchpipe" -gen 100000 -input "$tmp/pdns-100k.json"
  "$tmp/benchpipe" -gen 1000000 -input "$tmp/pdns-1m.json"
  "$tmp/benchpipe" -gen-articles 100 -indicators 50 -input "$tmp/articles-100x50.json"
  # name|program|arguments (the output directory is added)
  cases=(
    "enrich -input, 100k records, -max-records -1|enrich|-input $tmp/pdns-100k.json -entity domain-name:example.com -max-records -1"
    "enrich -input, 1M records, -max-records -1|enrich|-input $tmp/pdns-1m.json -entity domain-name:example.com -max-records -1"
    "enrich -input, 1M records, default cap|enrich|-input $tmp/pdns-1m.json -entity domain-name:example.com"
    "import -input, 100 articles x 50 indicators|import|-input $tmp/articles-100x50.json"
  )
  raw="$out.programs"
  : >"$raw"
  load "before the programs"
  for round in $(seq "$runs"); do
    for c in "${cases[@]}"; do
      IFS='|' read -r name prog args <<<"$c"
      [[ "$name" =~ ${ONLY:-.} ]] || continue
      for v in $versions; do
        bin="$tmp/$prog"; [ "$v" = base ] && bin="$tmp/$prog-base"
        rm -rf "$tmp/out"
        # shellcheck disable=SC2086
        /usr/bin/time -v "$bin" $args -out "$tmp/out" >/dev/null 2>"$tmp/time.txt" || { tail -20 "$tmp/time.txt"; exit 1; }
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tmp/time.txt")
        rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$tmp/time.txt")
        cpu=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$tmp/time.txt")
        printf '%s|%s|%s|%s|%s|%s\n' "$name" "$v" "$round" "$wall" "$rss" "$cpu" >>"$raw"
      done
    done
  done
  load "after the programs"
  awk -F'|' '
    function median(s,   a, k, i, j, t) {
      k = split(s, a, " ")
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    { k = $1 "|" $2; if (!(k in w)) order[++n] = k; w[k] = w[k] " " $4; r[k] = r[k] " " $5; c[k] = c[k] " " $6 }
    END {
      printf "%-48s %-8s %8s %12s %8s   %s\n", "program", "version", "wall s", "peak RSS MB", "CPU s", "(runs: wall)"
      for (i = 1; i <= n; i++) { split(order[i], p, "|"); printf "%-48s %-8s %8.2f %12.1f %8.2f   (%s )\n", p[1], p[2], median(w[order[i]]), median(r[order[i]]), median(c[order[i]]), w[order[i]] }
    }' "$raw"
fi

[ "${NO_LIB:-0}" = 1 ] && exit 0
echo
echo "== library benchmarks (go test -bench, $count runs, benchstat medians)"
load "before the library benchmarks"
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

load "after the library benchmarks"

if [ "${NO_RSS:-0}" != 1 ]; then
  go build -o "$tmp/benchpipe" ./internal/benchpipe
  [ -f "$tmp/pdns-1m.json" ] || "$tmp/benchpipe" -gen 1000000 -input "$tmp/pdns-1m.json"
  echo
  echo "internal/benchpipe (library only), 1,000,000 records, file -> stream decode -> map (default cap) -> BundleWriter -> file:"
  /usr/bin/time -v "$tmp/benchpipe" -input "$tmp/pdns-1m.json" -output "$tmp/bundle.json" 2>"$tmp/time.txt"
  grep -E 'Maximum resident set size|Elapsed \(wall clock\)' "$tmp/time.txt"
fi
