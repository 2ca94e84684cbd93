#!/usr/bin/env bash
# Time from launch to the app's first visible window, under Xvfb (no window manager):
#   scripts/bench-startup.sh [RUNS] [COMMAND...]     default: 5 runs of ./orderlens gui
# e.g. scripts/bench-startup.sh 5 target/dist/orderlens/bin/orderlens gui
# Polls every 20 ms for a mapped window whose title starts with "OrderLens" (xdotool), then stops
# the app. Prints each run's wall time and the CPU time the app had used by then (user + system, all
# threads: what an idle machine's wall time approaches), the best and the median. Needs: apt-get install -y xvfb xauth xdotool.
# BENCH_MARKS=1 also prints each run's phases (-Dorderlens.startupMarks through ORDERLENS_JAVA_OPTS):
# ms after launch, the app's CPU seconds and the marking thread's (main, then the FX thread) at
# main, start(), window built, show(), the first pulse,
# the window mapped, and the first lanes (the run then waits up to 60 s for the mark named by
# BENCH_MARKS_UNTIL, default lanes, before stopping; the floor of docs/benchmarks.md has none: shown).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"; shift || true
(($#)) || set -- ./orderlens gui
command -v xvfb-run >/dev/null && command -v xdotool >/dev/null \
  || { echo "bench-startup: needs xvfb-run and xdotool (apt-get install -y xvfb xauth xdotool)" >&2; exit 2; }
"$1" --version >/dev/null   # build first, outside the timed runs
marks="${BENCH_MARKS:-0}"
if [[ $marks == 1 ]]; then
  export ORDERLENS_JAVA_OPTS="${ORDERLENS_JAVA_OPTS:+$ORDERLENS_JAVA_OPTS }-Dorderlens.startupMarks=true"
fi
until="${BENCH_MARKS_UNTIL:-lanes}"
export marks until
xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
  runs=$1; shift
  for ((i = 1; i <= runs; i++)); do
    log=/dev/null; [[ $marks == 1 ]] && log="$(mktemp)"
    start=$EPOCHREALTIME
    "$@" >/dev/null 2>"$log" & app=$!
    until xdotool search --onlyvisible --name "^OrderLens" >/dev/null 2>&1; do
      kill -0 "$app" 2>/dev/null || { echo "run $i: the app exited before showing a window" >&2; exit 1; }
      sleep 0.02
    done
    end=$EPOCHREALTIME
    read -r -a stat </proc/$app/stat   # utime, stime (clock ticks) of the app so far: CPU to the window
    if [[ $marks == 1 ]]; then
      for ((w = 0; w < 3000; w++)); do
        grep -q "^orderlens-startup $until " "$log" || ! kill -0 "$app" 2>/dev/null && break
        sleep 0.02
      done
    fi
    kill "$app"; wait "$app" 2>/dev/null || true
    if [[ $marks == 1 ]]; then   # (printed before the run line, which the summary reads)
      { grep "^orderlens-startup " "$log"; echo "orderlens-startup mapped $end $(mawk -v u="${stat[13]}" -v s="${stat[14]}" \
        -v hz="$(getconf CLK_TCK)" "BEGIN { printf \"%.3f\", (u + s) / hz }")"; } | sort -k3,3n \
        | mawk -v a="$start" "{ printf \"  %-6s +%5.0f ms, CPU %.2f s%s\\n\", \$2, (\$3 - a) * 1000, \$4,
          \$5 == \"\" ? \"\" : sprintf(\" (its thread %.2f s)\", \$5) }"
      rm -f "$log"
    fi
    echo "run $i: $(mawk -v a="$start" -v b="$end" "BEGIN { printf \"%.2f\", b - a }") s wall," \
      "$(mawk -v u="${stat[13]}" -v s="${stat[14]}" -v hz="$(getconf CLK_TCK)" "BEGIN { printf \"%.2f\", (u + s) / hz }") s CPU"
    sleep 1
  done' _ "$runs" "$@" | tee /dev/stderr | mawk '/^run / { t[++n] = $3; c[n] = $6 } END {
    for (a = 1; a <= n; a++) for (b = a + 1; b <= n; b++) {
      if (t[b] < t[a]) { x = t[a]; t[a] = t[b]; t[b] = x }
      if (c[b] < c[a]) { x = c[a]; c[a] = c[b]; c[b] = x } }
    printf "first window: wall best %.2f s, median %.2f s; CPU best %.2f s, median %.2f s; %d runs (load average %s)\n",
      t[1], t[int((n + 1) / 2)], c[1], c[int((n + 1) / 2)], n, load }' \
  load="$(cut -d' ' -f1 /proc/loadavg)"
