#!/usr/bin/env bash
# The desktop app on a real X desktop (Xvfb + the openbox window manager), driven with xdotool:
# starts it, maximises it, opens a dialog (Go to, Ctrl+G) and the file chooser (Ctrl+O), closes
# them, and checks that the window stayed maximised, that the dialog was centred on it with its
# title bar on screen, and that a screenshot is mostly window (not the black root). TestFX under
# Monocle has no window manager and cannot see these.
#   scripts/desktop-smoke.sh                  the check (CI: .ci/run)
#   scripts/desktop-smoke.sh --screenshots    also writes docs/screenshots/desktop-*.png at
#                                             1920x1080 and 1280x800, on the real writeback pair
#                                             (docs/screenshots/desktop.session.json) with a range
#                                             selected (-Dorderlens.range): maximised, a dialog over
#                                             it, the Summary tab, the Range tab
# Needs: apt-get install -y xvfb openbox xdotool imagemagick libgtk-3-0
set -euo pipefail
cd "$(dirname "$0")/.."
shots=""
[ "${1:-}" = "--screenshots" ] && shots=1
for tool in Xvfb openbox xdotool import convert xprop xwininfo; do
  command -v "$tool" >/dev/null || { echo "desktop-smoke: $tool is missing (apt-get install -y xvfb openbox xdotool imagemagick libgtk-3-0 x11-utils)" >&2; exit 2; }
done
./orderlens --version >/dev/null   # build first, outside the timed part

tmp="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
# openbox with one key binding, so xdotool can maximise the way a user would
cat >"$tmp/rc.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<openbox_config xmlns="http://openbox.org/3.4/rc">
  <keyboard><keybind key="W-Up"><action name="Maximize"/></keybind></keyboard>
</openbox_config>
XML

fail() { echo "desktop-smoke: FAIL: $*" >&2; exit 1; }

# waits up to $2 seconds for a window whose name matches $1; prints its id
wait_window() {
  local id=""
  for _ in $(seq 1 $(($2 * 2))); do
    id="$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1 || true)"
    [ -n "$id" ] && { echo "$id"; return 0; }
    sleep 0.5
  done
  return 1
}
# the frame-less client geometry from xwininfo: "X Y W H" (absolute)
geometry() {
  xwininfo -id "$1" | awk '/Absolute upper-left X/{x=$NF} /Absolute upper-left Y/{y=$NF} /Width:/{w=$NF} /Height:/{h=$NF} END{print x, y, w, h}'
}
maximised() { xprop -id "$1" _NET_WM_STATE | grep -q _NET_WM_STATE_MAXIMIZED_HORZ; }
# fraction of the screen that is not the black root window
covered() { convert "$1" -threshold 0 -format "%[fx:mean]" info:; }
# waits until the screen shows a painted window: >90 % not root, and not one flat colour (the
# window's content drawn, not only its background); $1: where to keep the screenshot
painted() {
  local c sd
  for _ in $(seq 1 30); do
    import -window root "$1"
    c="$(covered "$1")"; sd="$(convert "$1" -colorspace gray -format "%[fx:standard_deviation]" info:)"
    awk -v c="$c" -v sd="$sd" 'BEGIN{exit !(c > 0.9 && sd > 0.05)}' && return 0
    sleep 0.5
  done
  echo "desktop-smoke: covered $c of the screen, grey-level deviation $sd" >&2
  return 1
}

# one run on a screen of $1 x $2; $3: screenshot name suffix (empty: no screenshots)
run() {
  local sw=$1 sh=$2 suffix=$3 disp
  for disp in ${SMOKE_DISPLAYS:-$(seq 90 120)}; do [ -e "/tmp/.X11-unix/X$disp" ] || break; done
  Xvfb ":$disp" -screen 0 "${sw}x${sh}x24" -nolisten tcp >/dev/null 2>&1 & pids+=($!)
  export DISPLAY=":$disp"
  for _ in $(seq 1 20); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.25; done 2>/dev/null || sleep 2
  openbox --config-file "$tmp/rc.xml" >/dev/null 2>&1 & pids+=($!)
  sleep 1
  # settings and log go to the scratch folder, not the user's
  local args=() extra=""
  if [ -n "$suffix" ]; then
    args=(docs/screenshots/desktop.session.json)
    extra="-Dorderlens.range=0.05..0.15"
  fi
  XDG_STATE_HOME="$tmp/state" ORDERLENS_JAVA_OPTS="-Djava.util.prefs.userRoot=$tmp/prefs-$disp $extra ${SMOKE_JAVA_OPTS:-}" \
    ./orderlens gui "${args[@]}" >"$tmp/app.log" 2>&1 & local app=$!
  pids+=($app)
  local win
  win="$(wait_window 'OrderLens —' 90)" || { cat "$tmp/app.log" >&2; fail "no main window within 90 s"; }
  sleep 3   # the first layout and the bundled sample's analysis
  read -r x y w h < <(geometry "$win")
  echo "desktop-smoke: ${sw}x${sh}: opened at ${w}x${h}+${x}+${y}"
  [ "$w" -ge $((sw * 8 / 10)) ] && [ "$h" -ge $((sh * 8 / 10)) ] || fail "opened at ${w}x${h}, not near the screen's ${sw}x${sh}"

  xdotool windowactivate --sync "$win" >/dev/null 2>&1 || true
  xdotool key --clearmodifiers super+Up
  for _ in $(seq 1 20); do maximised "$win" && break; sleep 0.25; done
  maximised "$win" || fail "the window manager did not maximise the window"
  sleep 1
  read -r x y w h < <(geometry "$win")
  local maxw=$w maxh=$h
  [ "$w" -ge $((sw - 4)) ] || fail "maximised to ${w}x${h} on a ${sw}-wide screen"
  painted "$tmp/max.png" || fail "the maximised window is not painted over the screen"
  [ -n "$suffix" ] && cp "$tmp/max.png" "docs/screenshots/desktop-maximised-$suffix.png"

  # a dialog over it: centred on the window, title bar on screen; the window stays maximised
  xdotool key --clearmodifiers ctrl+g
  local dlg; dlg="$(wait_window 'Go to time range' 20)" || fail "Ctrl+G opened no dialog"
  sleep 1
  read -r dx dy dw dh < <(geometry "$dlg")
  echo "desktop-smoke: dialog at ${dw}x${dh}+${dx}+${dy}"
  [ "$dy" -ge 10 ] || fail "the dialog's title bar is off-screen (client at y=$dy)"
  local centre=$((dx + dw / 2))
  [ $((centre - sw / 2)) -le 40 ] && [ $((sw / 2 - centre)) -le 40 ] || fail "the dialog is not centred on the window (centre x=$centre)"
  maximised "$win" || fail "opening a dialog un-maximised the window"
  [ -n "$suffix" ] && import -window root "docs/screenshots/desktop-dialog-$suffix.png"
  xdotool key --clearmodifiers Escape
  sleep 1
  read -r x y w h < <(geometry "$win")
  [ "$w" = "$maxw" ] && [ "$h" = "$maxh" ] || fail "after the dialog the window is ${w}x${h}, was ${maxw}x${maxh}"
  maximised "$win" || fail "after the dialog the window is no longer maximised"

  # the file chooser (GTK's own dialog)
  xdotool windowactivate --sync "$win" >/dev/null 2>&1 || true
  xdotool key --clearmodifiers ctrl+o
  wait_window 'Open trace' 20 >/dev/null || fail "Ctrl+O opened no file chooser"
  sleep 1
  maximised "$win" || fail "the file chooser un-maximised the window"
  xdotool key --clearmodifiers Escape
  sleep 1
  read -r x y w h < <(geometry "$win")
  [ "$w" = "$maxw" ] && [ "$h" = "$maxh" ] || fail "after the file chooser the window is ${w}x${h}, was ${maxw}x${maxh}"

  if [ -n "$suffix" ]; then
    xdotool windowactivate --sync "$win" >/dev/null 2>&1 || true
    xdotool key --clearmodifiers ctrl+shift+u   # View → Summary
    sleep 2
    import -window root "docs/screenshots/desktop-summary-$suffix.png"
    xdotool key --clearmodifiers ctrl+shift+r   # View → Range Totals and Markers
    sleep 2
    import -window root "docs/screenshots/desktop-range-$suffix.png"
  fi
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  pids=()
  sleep 1
}

if [ -n "$shots" ]; then
  run 1920 1080 1920x1080
  run 1280 800 1280x800
  echo "desktop-smoke: screenshots in docs/screenshots/desktop-*.png"
else
  run 1920 1080 ""
fi
echo "desktop-smoke: OK"
