#!/usr/bin/env bash
# OrderLens, installed: bin/orderlens of the release image (scripts/dist.sh puts it there). Runs
# the image's own Java runtime (JavaFX linked in), so no JDK is needed.
#   orderlens gui [FILE...]     the desktop app        orderlens info FILE...   and the other commands
# Environment: ORDERLENS_HEAP=8g sets the Java heap (default: half the machine's RAM);
# ORDERLENS_JAVA_OPTS adds JVM options (they come last, so they win).
# Only bash builtins on the way to java, except readlink when started through a symlink.
set -euo pipefail
src="${BASH_SOURCE[0]}"
[[ -L $src ]] && src="$(readlink -f "$src")"   # /usr/bin/orderlens -> /opt/orderlens/bin/orderlens
case "$src" in */*) bin="${src%/*}" ;; *) bin=. ;; esac
lib="$bin/../lib"
cp="$lib/app/orderlens.jar"
for j in "$lib"/app/lib/*.jar; do cp="$cp:$j"; done

if [[ -n ${ORDERLENS_HEAP:-} ]]; then heap="-Xmx$ORDERLENS_HEAP"; else heap="-XX:MaxRAMPercentage=50"; fi
opts=("$heap")
if [[ ${1:-} == gui ]]; then
  # ControlsFX reaches into these JavaFX internals (its documented class-path set-up)
  for p in javafx.base/com.sun.javafx.event javafx.controls/com.sun.javafx.scene.control \
    javafx.controls/com.sun.javafx.scene.control.behavior javafx.controls/com.sun.javafx.scene.control.inputmap \
    javafx.graphics/com.sun.javafx.scene javafx.graphics/com.sun.javafx.scene.traversal; do
    opts+=(--add-exports "$p=ALL-UNNAMED")
  done
  opts+=(--add-opens javafx.controls/javafx.scene.control.skin=ALL-UNNAMED)
fi
exec "$lib/runtime/bin/java" "${opts[@]}" ${ORDERLENS_JAVA_OPTS:-} -cp "$cp" dev.orderlens.cli.Main "$@"
