#!/usr/bin/env bash
# HTTP load benchmark: the login page and an authenticated list page of the
# demo server under wrk, beside a bare Go handler measured in the same run.
# The last line is the target of issue 15: the signed-in GET /officials at
# 10 % or more of the bare handler's rate in the same run.
# Usage: bench/http.sh [--db postgres://...] [seconds]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
db=""
if [ "${1:-}" = "--db" ]; then db=$2; shift 2; fi
secs=${1:-10}
conns=${CONNS:-64}
command -v wrk >/dev/null || { echo "wrk not installed (apt-get install wrk)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
go build -o "$tmp/congvu" ./cmd/congvu
go build -o "$tmp/bare" ./bench/bare
[ -n "$db" ] || db="$tmp/bench.db"
# Free ports of our own (below Linux's ephemeral range, 32768 and up): a
# server another process left on a fixed port would answer in our place
# and be measured instead.
freeport() {
  local p
  while :; do
    p=$((20000 + RANDOM % 12000))
    [ "$p" != "${1:-}" ] || continue
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
appport=$(freeport)
app=127.0.0.1:$appport
bareaddr=127.0.0.1:$(freeport "$appport")
"$tmp/bare" -addr "$bareaddr" &
barepid=$!
"$tmp/congvu" demo --addr "$app" --db "$db" >"$tmp/server.log" 2>&1 &
apppid=$!
for _ in $(seq 1 240); do
  kill -0 "$apppid" 2>/dev/null || { cat "$tmp/server.log"; exit 1; }
  curl -fs "http://$app/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://$app/healthz" >/dev/null || { cat "$tmp/server.log"; exit 1; }
kill -0 "$barepid" || { echo "bare handler did not start" >&2; exit 1; }
# Sign in as the demo supervisor to get a session cookie.
curl -s -c "$tmp/jar" -o /dev/null -H "Origin: http://$app" \
  --data-urlencode 'username=noivu' --data-urlencode 'password=congvu-demo-2026' "http://$app/login"
cookie=$(awk '$6=="congvu_session"{print $7}' "$tmp/jar")
[ -n "$cookie" ] || { echo "login failed" >&2; exit 1; }
run() { # name url [header]
  local out
  if [ -n "${3:-}" ]; then out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -H "$3" "$2")
  else out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$2"); fi
  local rps p99 non2xx
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/{print $NF}' <<<"$out")
  printf '%-34s %10s req/s   p99 %8s   non-2xx %s\n' "$1" "$rps" "$p99" "${non2xx:-0}"
  last=$rps
}
echo "wrk: 2 threads, $conns connections, ${secs}s each; database: ${db%%\?*}"
run "bare Go handler" "http://$bareaddr/"
bare=$last
run "GET /login" "http://$app/login"
run "GET /officials (signed in)" "http://$app/officials" "Cookie: congvu_session=$cookie"
officials=$last
run "GET /units (signed in)" "http://$app/units" "Cookie: congvu_session=$cookie"
awk -v o="$officials" -v b="$bare" 'BEGIN { r = 100 * o / b; printf "/officials vs bare: %.0f / %.0f req/s = %.1f %%   target >= 10 %%   %s\n", o, b, r, (r >= 10 ? "met" : "NOT met") }'
