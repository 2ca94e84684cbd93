#!/usr/bin/env bash
# Renders the PNG sizes of every icon in icons/ from its SVG source (needs rsvg-convert:
# apt-get install -y librsvg2-bin). Run after editing an SVG; commit the PNGs.
#   app icon      icons/orderlens.svg       -> orderlens-{16,32,48,64,128,256}.png
#   toolbar icons icons/toolbar-NAME.svg    -> toolbar-NAME-16.png, toolbar-NAME-16@2x.png (32 px, which
#                                              JavaFX picks on high-density screens) and, for the dark
#                                              theme, toolbar-NAME-dark-16.png / -16@2x.png (light strokes)
set -euo pipefail
cd "$(dirname "$0")/../icons"
command -v rsvg-convert >/dev/null || { echo "render-icons: rsvg-convert missing (apt-get install librsvg2-bin)" >&2; exit 2; }
for size in 16 32 48 64 128 256; do
  rsvg-convert -w "$size" -h "$size" orderlens.svg -o "orderlens-$size.png"
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for svg in toolbar-*.svg; do
  name="${svg%.svg}"
  # the dark variant: the stroke colour of the light icons, lightened
  sed 's/#3a4048/#d8dce2/g' "$svg" > "$tmp/$name-dark.svg"
  rsvg-convert -w 16 -h 16 "$svg" -o "$name-16.png"
  rsvg-convert -w 32 -h 32 "$svg" -o "$name-16@2x.png"
  rsvg-convert -w 16 -h 16 "$tmp/$name-dark.svg" -o "$name-dark-16.png"
  rsvg-convert -w 32 -h 32 "$tmp/$name-dark.svg" -o "$name-dark-16@2x.png"
done
echo "rendered $(ls toolbar-*.png orderlens-*.png | wc -l) PNGs"
