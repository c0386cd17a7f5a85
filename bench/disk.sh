#!/usr/bin/env bash
# Disk per rating on SQLite: N generated ratings (congvu gen-feedback, over
# the national unit tree, 12 months) in a fresh database; its size over N
# beside the 600 B target, then a national year at that rate. The database
# holds everything a rating writes (the row, its indexes and comment search,
# the day rollups of its unit, every ancestor and its official) and the
# tree and officials; it is deleted afterwards.
# Usage: bench/disk.sh [ratings]   (default 1000000; RATINGS_PER_YEAR, default
# 30000000: about 10,000 one-stop offices × 12 ratings a working day × 250 days)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
year=${RATINGS_PER_YEAR:-30000000}
units=${CONGVU_TEST_DATA:-../shared/data}/dvhcvn-2025-03-01.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/congvu" ./cmd/congvu
"$tmp/congvu" gen-feedback --db "$tmp/bench.db" --units "$units" --ratings "$n" 2>/dev/null | grep -o '[0-9]* rollup rows.*'
bytes=0
for f in "$tmp"/bench.db "$tmp"/bench.db-wal; do [ -f "$f" ] && bytes=$((bytes + $(stat -c %s "$f"))); done
awk -v b="$bytes" -v n="$n" -v y="$year" 'BEGIN {
  per = b / n
  printf "%-34s %10.0f B/rating   target 600 B   ratio %.2f   (%.0f MB for %d ratings)\n", "disk per rating (SQLite)", per, per / 600, b / 1e6, n
  printf "%-34s %10.1f GB          (%d ratings a year at that rate; rollups grow slower than ratings, so an upper bound)\n", "national year (SQLite)", per * y / 1e9, y
}'
