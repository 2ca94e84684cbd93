#!/usr/bin/env bash
# Runs btt on the binary blktrace files of real captures, for the comparison tests of `orderlens
# stats` (docs/stats.md). For each MODE it reads DIR/<mode>.guest.blktrace.tar.xz (made by
# `KEEP_BLKTRACE=1 scripts/capture-real-traces.sh DIR MODE`) and writes
#   DIR/<mode>.btt.avg        btt's statistics (btt -A: per device and all devices)
#   DIR/<mode>.btt-per-io.txt btt's per-IO dump (btt -p: each Q with its G, I, D and C as btt paired them)
#
#   scripts/btt-reference.sh [DIR] [MODE...]      (default: sample-traces/btt, every *.guest.blktrace.tar.xz there)
#
# The steps are the ones the btt user guide gives: blkparse -d to combine the per-CPU files into one
# binary stream (-O: no text), then btt -i on that stream. Needs Debian's blktrace package.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$(realpath "${1:-sample-traces/btt}")"; shift || true
modes=("$@")
if [ ${#modes[@]} -eq 0 ]; then
  for f in "$dir"/*.guest.blktrace.tar.xz; do m="$(basename "$f")"; modes+=("${m%.guest.blktrace.tar.xz}"); done
fi
command -v btt >/dev/null || { echo "btt not found: apt-get install blktrace" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for mode in "${modes[@]}"; do
  rm -rf "${work:?}"/*
  tar xJf "$dir/$mode.guest.blktrace.tar.xz" -C "$work"
  (cd "$work" && blkparse -q -i vda -d vda.bin -O >/dev/null && btt -i vda.bin -A -o btt -p per-io >/dev/null)
  cp "$work/btt.avg" "$dir/$mode.btt.avg"
  cp "$work/per-io" "$dir/$mode.btt-per-io.txt"
  echo "$mode: $(grep -c ' Q ' "$dir/$mode.btt-per-io.txt") Qs in the per-IO dump" >&2
done
echo "$(btt -V 2>&1 | head -1), $(blkparse -V 2>&1 | head -1)" >&2
