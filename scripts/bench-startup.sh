#!/usr/bin/env bash
# Time from launch to the app's first visible window, under Xvfb (no window manager):
#   scripts/bench-startup.sh [RUNS] [COMMAND...]     default: 5 runs of ./orderlens gui
# e.g. scripts/bench-startup.sh 5 target/dist/orderlens/bin/orderlens gui
# Polls every 20 ms for a mapped window whose title starts with "OrderLens" (xdotool), then stops
# the app. Prints each run's wall time and the CPU time the app had used by then (user + system, all
# threads: what an idle machine's wall time approaches), the best and the median. Needs: apt-get install -y xvfb xauth xdotool.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"; shift || true
(($#)) || set -- ./orderlens gui
command -v xvfb-run >/dev/null && command -v xdotool >/dev/null \
  || { echo "bench-startup: needs xvfb-run and xdotool (apt-get install -y xvfb xauth xdotool)" >&2; exit 2; }
"$1" --version >/dev/null   # build first, outside the timed runs
xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
  runs=$1; shift
  for ((i = 1; i <= runs; i++)); do
    start=$EPOCHREALTIME
    "$@" >/dev/null 2>&1 & app=$!
    until xdotool search --onlyvisible --name "^OrderLens" >/dev/null 2>&1; do
      kill -0 "$app" 2>/dev/null || { echo "run $i: the app exited before showing a window" >&2; exit 1; }
      sleep 0.02
    done
    end=$EPOCHREALTIME
    read -r -a stat </proc/$app/stat   # utime, stime (clock ticks) of the app so far: CPU to the window
    kill "$app"; wait "$app" 2>/dev/null || true
    echo "run $i: $(mawk -v a="$start" -v b="$end" "BEGIN { printf \"%.2f\", b - a }") s wall," \
      "$(mawk -v u="${stat[13]}" -v s="${stat[14]}" -v hz="$(getconf CLK_TCK)" "BEGIN { printf \"%.2f\", (u + s) / hz }") s CPU"
    sleep 1
  done' _ "$runs" "$@" | tee /dev/stderr | mawk '{ t[++n] = $3; c[n] = $6 } END {
    for (a = 1; a <= n; a++) for (b = a + 1; b <= n; b++) {
      if (t[b] < t[a]) { x = t[a]; t[a] = t[b]; t[b] = x }
      if (c[b] < c[a]) { x = c[a]; c[a] = c[b]; c[b] = x } }
    printf "first window: wall best %.2f s, median %.2f s; CPU best %.2f s, median %.2f s; %d runs (load average %s)\n",
      t[1], t[int((n + 1) / 2)], c[1], c[int((n + 1) / 2)], n, load }' \
  load="$(cut -d' ' -f1 /proc/loadavg)"
