#!/usr/bin/env bash
# Checks the ./orderlens launcher's promises (ADR 0140) on a built checkout; run by .ci/run.
#   the heap: ORDERLENS_HEAP sets -Xmx, the default is half the RAM (3/4 for gui);
#   staleness: a source newer than the jar makes it rebuild (a stand-in mvn records the call);
#   class-data sharing: the CLI maps target/orderlens-cli.jsa.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "test-launcher: FAIL: $*" >&2; exit 1; }
./orderlens --version >/dev/null   # builds if needed, makes the archive

flag() { # flag NAME [env...]: the JVM's final value of NAME when started by the launcher
  local name="$1"; shift
  env "$@" ORDERLENS_JAVA_OPTS=-XX:+PrintFlagsFinal ./orderlens --version | mawk -v n="$name" '$2 == n { print $4 }'
}
[[ $(flag MaxHeapSize ORDERLENS_HEAP=192m) == 201326592 ]] || fail "ORDERLENS_HEAP=192m did not give a 192 MiB heap"
[[ $(flag MaxRAMPercentage) == 50.000000 ]] || fail "default heap is not MaxRAMPercentage=50"
# the app's share; -version makes java print its flags and stop before the window opens
gui_ram=$(ORDERLENS_JAVA_OPTS="-XX:+PrintFlagsFinal -version" ./orderlens gui 2>/dev/null | mawk '$2 == "MaxRAMPercentage" { print $4 }')
[[ $gui_ram == 75.000000 ]] || fail "gui heap is not MaxRAMPercentage=75 (got '$gui_ram')"

# Transparent huge pages (ADR 0340): on for a command that reads a trace when the kernel offers
# them on request, never for --version
thp_of() { ORDERLENS_JAVA_OPTS=-XX:+PrintFlagsFinal ./orderlens "$@" | mawk '$2 == "UseTransparentHugePages" { print $4 }'; }
[[ $(thp_of --version) == false ]] || fail "--version runs with transparent huge pages"
if [[ $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null) == *"[madvise]"* ]]; then
  [[ $(thp_of info sample-traces/writeback.guest.blkparse.txt) == true ]] \
    || fail "info does not ask for transparent huge pages although the kernel offers them"
fi

# A source newer than the jar: the launcher must call mvn (here a stand-in that fails on purpose).
src=src/main/java/dev/orderlens/cli/Version.java
old="$(stat -c %Y "$src")"
fake="$(mktemp -d)"
trap 'touch -d "@$old" "$src"; rm -rf "$fake"' EXIT
printf '#!/bin/sh\necho called >"%s/mvn-called"; exit 7\n' "$fake" >"$fake/mvn"
chmod +x "$fake/mvn"
touch "$src"
if PATH="$fake:$PATH" ./orderlens --version >/dev/null 2>&1; then fail "ran a stale jar"; fi
[[ -f $fake/mvn-called ]] || fail "did not call mvn for a changed source"
touch -d "@$old" "$src"
rm -f "$fake/mvn-called"
PATH="$fake:$PATH" ./orderlens --version >/dev/null || fail "rebuilt although nothing changed"
[[ ! -f $fake/mvn-called ]] || fail "called mvn although nothing changed"

# The CLI loads classes from the archive ("source: shared objects file (top)").
shared="$(ORDERLENS_JAVA_OPTS=-Xlog:class+load ./orderlens --version | grep -c 'shared objects file (top)' || true)"
((shared > 100)) || fail "the CLI did not use target/orderlens-cli.jsa ($shared classes from it)"
echo "test-launcher: ok (heap knob, staleness, class-data archive: $shared classes)"
