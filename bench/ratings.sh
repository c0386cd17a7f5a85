#!/usr/bin/env bash
# Sustained rating submissions over HTTP (the public badge form, as phones
# send it), beside the same engine's single-row-insert limit measured in the
# same run. Each stored rating is durable before its response: the server
# group-commits concurrent submissions (SQLite with synchronous=FULL).
# Usage: bench/ratings.sh [--db postgres://...] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
db=""
if [ "${1:-}" = "--db" ]; then db=$2; shift 2; fi
secs=${1:-10}
conns=${CONNS:-64}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
go build -o "$tmp/congvu" ./cmd/congvu
go build -o "$tmp/ratings" ./bench/ratings
[ -n "$db" ] || db="$tmp/bench.db"
"$tmp/congvu" demo --load-only --db "$db" >/dev/null 2>&1
"$tmp/congvu" serve --trust-proxy --addr 127.0.0.1:18080 --db "$db" --log-level warn >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -fs http://127.0.0.1:18080/healthz >/dev/null 2>&1 && break; sleep 0.5; done
echo "$conns clients, ${secs}s; database: ${db%%\?*}"
"$tmp/ratings" -base http://127.0.0.1:18080 -db "$db" -c "$conns" -d "${secs}s"
if command -v wrk >/dev/null; then
  # The same submissions from wrk, whose client costs far less CPU on this
  # 2-core machine than the Go one above.
  "$tmp/ratings" -base http://127.0.0.1:18080 -db "$db" -wrk-script "$tmp/rate.lua"
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$tmp/rate.lua" http://127.0.0.1:18080)
  printf '%-34s %10s ratings/s   p50 %8s   p99 %8s   non-2xx/3xx %s\n' "POST rating form (wrk)" \
    "$(awk '/Requests\/sec/{print $2}' <<<"$out")" "$(awk '$1=="50%"{print $2}' <<<"$out")" \
    "$(awk '$1=="99%"{print $2}' <<<"$out")" "$(awk '/Non-2xx/{print $NF}' <<<"$out")"
fi
# The server's peak resident memory over the whole load (Linux: VmHWM).
if [ -r "/proc/$server/status" ]; then
  printf '%-34s %10s MB (VmHWM, target < 150 MB)\n' "server peak memory (RSS)" \
    "$(awk '/^VmHWM:/{printf "%.0f", $2/1024}' "/proc/$server/status")"
fi
kill %1 2>/dev/null || true
engine=SingleRowInsert/sqlite
if [[ "$db" == postgres* ]]; then
  engine=SingleRowInsert/postgres
  export CONGVU_TEST_POSTGRES="$db"
fi
go test ./sqldb/feedbacksql -run '^$' -bench "^BenchmarkSingleRowInsert\$/${engine#*/}\$" -benchtime "${secs}s" 2>/dev/null \
  | awk '/ops\/s/{for(i=1;i<=NF;i++) if($(i)=="ops/s") printf "%-34s %10.0f inserts/s (one INSERT per transaction, same clients)\n", "single-row-insert limit", $(i-1)}'
