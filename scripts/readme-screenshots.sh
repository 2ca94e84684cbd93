#!/usr/bin/env bash
# Regenerates every screenshot the README and docs/ui.md show, from the real window under Xvfb.
# Needs: apt-get install -y xvfb libgtk-3-0 imagemagick
set -euo pipefail
cd "$(dirname "$0")/.."
shots=docs/screenshots
# a real capture (guest blkparse + host QEMU log, cache=writeback), the journal commit selected
SCREENSHOT_SIZE=1500x900 SCREENSHOT_WAIT=12 scripts/screenshot.sh $shots/real-capture.png $shots/real-capture.session.json
SCREENSHOT_SELECT=5 scripts/screenshot.sh $shots/timeline.png
SCREENSHOT_SELECT=5 SCREENSHOT_DARK=1 scripts/screenshot.sh $shots/timeline-dark.png
SCREENSHOT_CRASH=0.00049 scripts/screenshot.sh $shots/crash-explorer.png
SCREENSHOT_SCENARIO=loop-flush SCREENSHOT_STEPS=14 scripts/screenshot.sh $shots/teaching.png
SCREENSHOT_SIZE=1600x1000 SCREENSHOT_STATS=Q2C:3 SCREENSHOT_DEPTH=1 SCREENSHOT_WAIT=12 \
  scripts/screenshot.sh $shots/stats-tab.png $shots/stats-tab.session.json
