#!/usr/bin/env bash
# Takes a screenshot of the real app window under Xvfb:
#   scripts/screenshot.sh OUT.png [FILE...]     (no FILE: the bundled sample)
# Environment: SCREENSHOT_SELECT=ID selects request ID first (its details and links show);
# SCREENSHOT_DARK=1 uses the dark theme; SCREENSHOT_WAIT=seconds before the shot (default 8);
# SCREENSHOT_CRASH=SECONDS puts a crash point there (the crash explorer);
# SCREENSHOT_SCENARIO=ID opens that teaching scenario (SCREENSHOT_STEPS=N steps into it, SCREENSHOT_LARGE=1 large font);
# SCREENSHOT_STATS=PHASE[:BUCKET] opens the Stats tab on that phase of the first device and selects the
# histogram bucket (its requests highlighted on the lanes); SCREENSHOT_DEPTH=1 shows the queue-depth tracks;
# SCREENSHOT_SIZE=WxH sizes the window (default 1280x800; the screen is 1600x1000).
# Needs: apt-get install -y xvfb libgtk-3-0 imagemagick
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: scripts/screenshot.sh OUT.png [FILE...]}"; shift
wait_s="${SCREENSHOT_WAIT:-8}"
opts="${ORDERLENS_JAVA_OPTS:-}"
[ -n "${SCREENSHOT_SELECT:-}" ] && opts="$opts -Dorderlens.select=$SCREENSHOT_SELECT"
[ -n "${SCREENSHOT_DARK:-}" ] && opts="$opts -Dorderlens.dark=true"
[ -n "${SCREENSHOT_CRASH:-}" ] && opts="$opts -Dorderlens.crashAt=$SCREENSHOT_CRASH"
[ -n "${SCREENSHOT_SCENARIO:-}" ] && opts="$opts -Dorderlens.scenario=$SCREENSHOT_SCENARIO"
[ -n "${SCREENSHOT_STEPS:-}" ] && opts="$opts -Dorderlens.steps=$SCREENSHOT_STEPS"
[ -n "${SCREENSHOT_LARGE:-}" ] && opts="$opts -Dorderlens.large=true"
[ -n "${SCREENSHOT_STATS:-}" ] && opts="$opts -Dorderlens.stats=$SCREENSHOT_STATS"
[ -n "${SCREENSHOT_DEPTH:-}" ] && opts="$opts -Dorderlens.depth=true"
[ -n "${SCREENSHOT_SIZE:-}" ] && opts="$opts -Dorderlens.windowSize=$SCREENSHOT_SIZE"
./orderlens --version >/dev/null   # build first, outside the timed window
tmp="$(mktemp -d)"
ORDERLENS_JAVA_OPTS="$opts" xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
  ./orderlens gui "$@" & pid=$!
  sleep '"$wait_s"'
  import -window root "'"$tmp"'/root.png"
  kill $pid' _ "$@"
# no window manager under Xvfb: cut the black root window away
convert "$tmp/root.png" -trim +repage "$out"
rm -rf "$tmp"
echo "wrote $out"
