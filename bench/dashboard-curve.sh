#!/usr/bin/env bash
# The dashboards' cost curve as ratings grow (SQLite): BenchmarkDashboard
# (sqldb/feedbacksql) with every size in the same run, each query run on
# every data set in turn, then a table of each query's p95 per size (the
# median of --runs runs) and the ratio of the largest size's p95 to the
# smallest's beside the limit (2x: a dashboard must not get slower as the
# country's ratings grow).
#
# Usage: bench/dashboard-curve.sh [--runs N] [ratings ...]
#   ratings  data-set sizes (default: 1000000 10000000 30000000)
#   --runs N runs of the benchmark, the median p95 kept (default 3)
# A data set is built once by the benchmark (devdata.GenerateFeedback over
# the national tree of $CONGVU_TEST_DATA, minutes per million ratings) into
# $CONGVU_BENCH_DIR/feedback_<ratings>.db (default /tmp/congvu-bench) and
# reused by later runs; all sizes are on disk at once (bytes per rating:
# the README's performance section). BENCHTIME (default 200x) is passed on.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
if [ "${1:-}" = "--runs" ]; then runs=$2; shift 2; fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000 30000000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/feedbacksql.test" ./sqldb/feedbacksql
echo "sizes ${sizes[*]}, $runs runs ($(uptime | sed 's/.*load/load/'))" >&2
(cd sqldb/feedbacksql && CONGVU_BENCH_RATINGS=$(IFS=,; echo "${sizes[*]}") "$tmp/feedbacksql.test" -test.run '^$' \
  -test.bench '^BenchmarkDashboard$' -test.benchtime "${BENCHTIME:-200x}" -test.count "$runs" -test.timeout 12h) | tee "$tmp/out" >&2
echo "done ($(uptime | sed 's/.*load/load/'))" >&2
labels=()
for n in "${sizes[@]}"; do
  if [ $((n % 1000000)) -eq 0 ]; then labels+=("$((n / 1000000))M"); else labels+=("$((n / 1000))k"); fi
done
awk -v labels="${labels[*]}" '
  BEGIN { nl = split(labels, L, " ") }
  /^BenchmarkDashboard\// {
    name = $1; sub(/^BenchmarkDashboard\//, "", name); sub(/-[0-9]+$/, "", name)
    if (!(name in seen)) { seen[name] = 1; order[++nq] = name }
    for (i = 3; i < NF; i++) for (k = 1; k <= nl; k++) if ($(i+1) == "p95-ms-" L[k]) v[name, k] = v[name, k] " " $i
  }
  function median(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n ? a[int((n + 1) / 2)] : 0
  }
  END {
    printf "%-20s", "p95 ms (median)"
    for (k = 1; k <= nl; k++) printf "%10s", L[k]
    printf "%12s %7s\n", L[nl] "/" L[1], "limit"
    for (q = 1; q <= nq; q++) {
      name = order[q]; printf "%-20s", name
      for (k = 1; k <= nl; k++) { m[k] = median(v[name, k]); printf "%10.3f", m[k] }
      r = (m[1] > 0) ? m[nl] / m[1] : 0
      printf "%11.2fx %6sx %s\n", r, 2, (r <= 2) ? "ok" : "OVER"
    }
  }' "$tmp/out"
