#!/usr/bin/env bash
# Takes a screenshot of the real app window under Xvfb:
#   scripts/screenshot.sh OUT.png [FILE...]     (no FILE: the bundled sample)
# Needs: apt-get install -y xvfb libgtk-3-0 imagemagick
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: scripts/screenshot.sh OUT.png [FILE...]}"; shift
wait_s="${SCREENSHOT_WAIT:-8}"
./orderlens --version >/dev/null   # build first, outside the timed window
tmp="$(mktemp -d)"
xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
  ./orderlens gui "$@" & pid=$!
  sleep '"$wait_s"'
  import -window root "'"$tmp"'/root.png"
  kill $pid' _ "$@"
# no window manager under Xvfb: cut the black root window away
convert "$tmp/root.png" -trim +repage "$out"
rm -rf "$tmp"
echo "wrote $out"
