#!/usr/bin/env bash
# The dashboards' cost curve as ratings grow (SQLite): BenchmarkDashboard
# (sqldb/feedbacksql) at each size, then every query's p95 at each size and
# the ratio of the largest size's p95 to the smallest's beside the limit
# (2x: a dashboard must not get slower with the country's ratings).
#
# Usage: bench/dashboard-curve.sh [--drop] [--runs N] [ratings ...]
#   ratings  data-set sizes (default: 1000000 10000000 30000000)
#   --drop   delete each data set above the first size once measured (disk)
#   --runs N runs of the benchmark per size, the median p95 kept (default 1)
# A data set is built once by the benchmark (devdata.GenerateFeedback over
# the national tree of $CONGVU_TEST_DATA, minutes per million ratings) into
# $CONGVU_BENCH_DIR/feedback_<ratings>.db (default /tmp/congvu-bench) and
# reused by later runs. Needs about as much disk as the data sets: see the
# README's performance section for the bytes per rating.
set -euo pipefail
cd "$(dirname "$0")/.."
drop=0 runs=1
while [ $# -gt 0 ]; do
  case $1 in
    --drop) drop=1; shift ;;
    --runs) runs=$2; shift 2 ;;
    *) break ;;
  esac
done
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000 30000000)
dir=${CONGVU_BENCH_DIR:-${TMPDIR:-/tmp}/congvu-bench}
limit=2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/feedbacksql.test" ./sqldb/feedbacksql
for n in "${sizes[@]}"; do
  for r in $(seq 1 "$runs"); do
    echo "== $n ratings, run $r ($(uptime | sed 's/.*load/load/'))" >&2
    (cd sqldb/feedbacksql && CONGVU_BENCH_RATINGS=$n "$tmp/feedbacksql.test" -test.run '^$' -test.bench '^BenchmarkDashboard$' \
      -test.benchtime "${BENCHTIME:-200x}" -test.timeout 12h) | tee "$tmp/out-$n-$r" >&2
    # name p95 per line: BenchmarkDashboard/search-province-2 ... 12.3 p95-ms
    awk '/^BenchmarkDashboard\//{name=$1; sub(/^BenchmarkDashboard\//,"",name); sub(/-[0-9]+$/,"",name);
      for(i=3;i<=NF;i++) if($i=="p95-ms") print name, $(i-1)}' "$tmp/out-$n-$r" >"$tmp/p95-$n-$r"
  done
  # The median of the runs' p95 per query.
  cat "$tmp"/p95-"$n"-* | sort -k1,1 -k2,2g | awk -v runs="$runs" '
    {v[$1]=v[$1] " " $2; c[$1]++}
    END {for (k in v) {split(substr(v[k],2), a, " "); print k, a[int((c[k]+1)/2)]}}' | sort >"$tmp/p95-$n"
  if [ "$drop" = 1 ] && [ "$n" != "${sizes[0]}" ]; then
    rm -f "$dir/feedback_$n.db" "$dir/feedback_$n.db-wal" "$dir/feedback_$n.db-shm"
  fi
done
first=${sizes[0]} last=${sizes[${#sizes[@]}-1]}
{
  printf '%-20s' "p95 ms"
  for n in "${sizes[@]}"; do printf '%12s' "$((n / 1000000))M"; done
  printf "%14s %8s\n" "$((last / 1000000))M/$((first / 1000000))M" "limit"
  while read -r name _; do
    printf '%-20s' "$name"
    for n in "${sizes[@]}"; do printf '%12s' "$(awk -v k="$name" '$1==k{print $2}' "$tmp/p95-$n")"; done
    awk -v k="$name" -v lim="$limit" -v f="$tmp/p95-$first" -v l="$tmp/p95-$last" 'BEGIN {
      while ((getline line < f) > 0) {split(line, a, " "); if (a[1]==k) x=a[2]}
      while ((getline line < l) > 0) {split(line, a, " "); if (a[1]==k) y=a[2]}
      r = (x > 0) ? y / x : 0
      printf "%13.2fx %7sx %s\n", r, lim, (r <= lim) ? "ok" : "OVER"}'
  done <"$tmp/p95-$first"
}
