#!/usr/bin/env bash
# The trace cache from the command line: for each file, `orderlens info` twice with an empty cache
# directory — the first imports and writes the cache, the second reads it — each timed by GNU time
# (wall, user and system CPU, peak RSS) with the load average before it, then the cache file's size
# per request. The two outputs must be identical.
#   scripts/bench-cache.sh [FILE...]   default: the 3 M-line and 1 M-request blkparse files of
#                                      /var/tmp/orderlens-bench (scripts/bench-e2e.sh makes them)
# Environment: ORDERLENS (the command; default ./orderlens). Record the figures in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ol="${ORDERLENS:-./orderlens}"
dir="${BENCH_DIR:-/var/tmp/orderlens-bench}"
(($# > 0)) || set -- "$dir/blk-3M-lines.blkparse.txt" "$dir/blk-1M-req.blkparse.txt"
cache="$(mktemp -d /var/tmp/orderlens-cache-bench.XXXXXX)"
out="$(mktemp -d)"
trap 'rm -rf "$cache" "$out"' EXIT
export ORDERLENS_JAVA_OPTS="${ORDERLENS_JAVA_OPTS:-} -Dorderlens.cacheDir=$cache"
"$ol" --version >/dev/null   # build outside the timed runs
for f in "$@"; do
  rm -f "$cache"/*
  for run in first second; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    t="$( { /usr/bin/time -f '%e s wall, %U s user + %S s sys CPU, %M KB peak RSS' \
      "$ol" info "$f" >"$out/$run.txt"; } 2>&1 | tail -1)"
    echo "$(basename "$f") $run info: $t (load $load)"
  done
  cmp -s "$out/first.txt" "$out/second.txt" || { echo "bench-cache: the two outputs differ" >&2; exit 1; }
  requests="$(awk '$1 == "requests" { print $2; exit }' "$out/first.txt")"
  bytes="$(stat -c %s "$cache"/*.trace-cache)"
  awk -v b="$bytes" -v r="$requests" -v n="$(basename "$f")" \
    'BEGIN { printf "%s: cache file %d bytes for %d requests = %.1f bytes/request\n", n, b, r, b / r }'
done
