#!/usr/bin/env bash
# End-to-end benchmark: what a user waits for (JVM start, launcher, import, output), side by side
# with mawk and wc -l reading the same files in the same run.
#   scripts/bench-e2e.sh            3 M blkparse lines, 1 M and 10 M requests of blkparse, 1 M of JSON;
#                                   every command 3 times, interleaved; best and median
#   scripts/bench-e2e.sh --quick    the 3 M-line file only, once
# Environment: BENCH_DIR (generated files; default /var/tmp/orderlens-bench, reused between runs),
# ORDERLENS (the command to time; default ./orderlens, e.g. target/dist/orderlens/bin/orderlens),
# BENCH_ONLY (names of the inputs to run, e.g. "blk-3M-lines blk-1M-req"), BENCH_REPS (runs each).
# Files are generated deterministically (fixed seeds) by dev.orderlens.bench.GenerateBenchTraces.
# Needs GNU time (/usr/bin/time) and mawk. Record the table in docs/benchmarks.md with the command.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[[ ${1:-} == --quick ]] && quick=1
dir="${BENCH_DIR:-/var/tmp/orderlens-bench}"
ol="${ORDERLENS:-./orderlens}"
mkdir -p "$dir"
for tool in /usr/bin/time mawk; do
  command -v "$tool" >/dev/null || { echo "bench-e2e: $tool is needed (apt-get install time mawk)" >&2; exit 2; }
done

# name:kind:count  (blkparse counts are lines: the generator writes about 5 lines per request)
if ((quick)); then
  inputs=(blk-3M-lines:blkparse:3000000)
  reps=1
else
  inputs=(blk-3M-lines:blkparse:3000000 blk-1M-req:blkparse:5000000 json-1M-req:json:1000000
    blk-10M-req:blkparse:50000000)
  reps=3
fi
if [[ -n ${BENCH_ONLY:-} ]]; then
  kept=()
  for spec in "${inputs[@]}"; do
    [[ " $BENCH_ONLY " == *" ${spec%%:*} "* ]] && kept+=("$spec")
  done
  inputs=("${kept[@]}")
fi
reps="${BENCH_REPS:-$reps}"

if ((${#inputs[@]} == 0)); then
  echo "bench-e2e: BENCH_ONLY='${BENCH_ONLY:-}' names none of the inputs (blk-3M-lines blk-1M-req json-1M-req blk-10M-req)" >&2
  exit 2
fi

"$ol" --version >/dev/null   # build (and make the class-data archive) outside the timed runs
for spec in "${inputs[@]}"; do
  IFS=: read -r name kind count <<<"$spec"
  f="$dir/$name.$kind"
  [[ $kind == blkparse ]] && f="$dir/$name.blkparse.txt"
  if [[ ! -s $f ]]; then
    echo "bench-e2e: generating $f ($kind, $count)..." >&2
    BENCH_JAVA_OPTS="-Xmx8g" scripts/bench.sh GenerateBenchTraces "$kind" "$count" "$f.tmp" 42
    mv "$f.tmp" "$f"
  fi
done

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"   # the table says what else ran meanwhile
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
results="$out/results"   # lines: file label seconds cpu_seconds rss_kb

# One timed run: label, then the command; wall and CPU (user + system) seconds and peak RSS via GNU
# time. CPU shows what the wall time means when other work shares the machine.
timed() {
  local file="$1" label="$2"; shift 2
  if ! /usr/bin/time -f "%e %U %S %M" -o "$out/t" "$@" >/dev/null 2>"$out/err"; then
    echo "bench-e2e: $label on $file failed: $(grep -m1 -E 'orderlens:|Exception|Error' "$out/err" || tail -1 "$out/err")" >&2
    echo "$file $label NaN NaN 0" >>"$results"
    return
  fi
  read -r secs user sys rss <"$out/t"
  echo "$file $label $secs $(mawk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss" >>"$results"
}

for spec in "${inputs[@]}"; do
  IFS=: read -r name kind count <<<"$spec"
  f="$dir/$name.$kind"
  [[ $kind == blkparse ]] && f="$dir/$name.blkparse.txt"
  # crash point: the middle of the trace's span, as `info` prints it ("span  A s .. B s")
  crash="$("$ol" info --no-cache "$f" | mawk '$1 == "span" { printf "%.6f", ($2 + $5) / 2; exit }')"
  crash="${crash:-1}"
  for ((r = 1; r <= reps; r++)); do   # interleaved: every command once per round
    timed "$name" "wc -l" wc -l "$f"
    timed "$name" mawk mawk '{ n[$6]++ } END { for (k in n) print k, n[k] }' "$f"
    # --no-cache: every run imports (the trace cache's second opens: scripts/bench-cache.sh)
    timed "$name" info "$ol" info --no-cache "$f"
    timed "$name" "analyze --crash-at" "$ol" analyze --no-cache "$f" --crash-at "$crash"
    timed "$name" stats "$ol" stats --no-cache "$f"
    timed "$name" "export --png --html" "$ol" export --no-cache "$f" --png "$out/x.png" --html "$out/x.html"
  done
done

# Table: best and median wall time, ratio of the best to mawk's best, best CPU time, peak RSS (max
# over runs).
echo
echo "machine: $(nproc) cores, $(mawk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after; $reps run(s) each"
printf '| %-14s | %-20s | %8s | %8s | %8s | %8s | %9s |\n' file command "best s" "median s" "× mawk" "CPU s" "peak RSS"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' ---------------- ---------------------- ---------- ---------- ---------- ---------- -----------
mawk -v reps="$reps" '
  { key = $1 SUBSEP $2; sub(/^[^ ]+ /, ""); label = $0; sub(/ [^ ]+ [^ ]+ [^ ]+$/, "", label)
    n = split($0, w, " "); secs = w[n - 2]; cpu = w[n - 1] + 0; rss = w[n]
    if (!(key in cnt)) { order[++keys] = key; name[key] = label; cpubest[key] = cpu }
    t[key, ++cnt[key]] = secs; if (rss > peak[key]) peak[key] = rss; if (cpu < cpubest[key]) cpubest[key] = cpu }
  END {
    for (i = 1; i <= keys; i++) {
      k = order[i]; m = cnt[k]
      for (a = 1; a <= m; a++) s[a] = t[k, a] + 0
      for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (s[b] < s[a]) { x = s[a]; s[a] = s[b]; s[b] = x }
      best[k] = s[1]; med[k] = s[int((m + 1) / 2)]
      split(k, kk, SUBSEP); if (kk[2] == "mawk") mawkbest[kk[1]] = s[1]
    }
    for (i = 1; i <= keys; i++) {
      k = order[i]; split(k, kk, SUBSEP)
      ratio = (mawkbest[kk[1]] > 0) ? sprintf("%.2f", best[k] / mawkbest[kk[1]]) : "-"
      printf "| %-14s | %-20s | %8.2f | %8.2f | %8s | %8.2f | %6.0f MB |\n", kk[1], name[k], best[k], med[k], ratio, cpubest[k], peak[k] / 1024
    }
  }' "$results"
