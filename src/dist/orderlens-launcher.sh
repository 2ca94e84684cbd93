#!/usr/bin/env bash
# OrderLens, installed: bin/orderlens of the release image (scripts/dist.sh puts it there). Runs
# the image's own Java runtime (JavaFX linked in), so no JDK is needed.
#   orderlens gui [FILE...]     the desktop app        orderlens info FILE...   and the other commands
# Environment: ORDERLENS_HEAP=8g sets the Java heap (default: half the machine's RAM);
# ORDERLENS_JAVA_OPTS adds JVM options (they come last, so they win).
# Only bash builtins on the way to java, except readlink when started through a symlink and one
# stat of the input files (for the JIT choice).
set -euo pipefail
src="${BASH_SOURCE[0]}"
[[ -L $src ]] && src="$(readlink -f "$src")"   # /usr/bin/orderlens -> /opt/orderlens/bin/orderlens
case "$src" in */*) bin="${src%/*}" ;; *) bin=. ;; esac
lib="$bin/../lib"
cp="$lib/app/orderlens.jar"
for j in "$lib"/app/lib/*.jar; do cp="$cp:$j"; done

# the app takes 3/4 of the RAM (10 M requests with every view need ~5-6 GB, ADR 0332), commands half
if [[ -n ${ORDERLENS_HEAP:-} ]]; then heap="-Xmx$ORDERLENS_HEAP"
elif [[ ${1:-} == gui ]]; then heap="-XX:MaxRAMPercentage=75"
else heap="-XX:MaxRAMPercentage=50"; fi
# JIT by input size (docs/benchmarks.md): up to 512 MiB of trace text (.gz/.xz counted 8×) the
# commands finish sooner with C1 alone - the import is over before C2's code pays for its compile
# time; beyond, full tiered compilation. One stat for the file arguments; not for gui or --version.
jit=()
case "${1:-}" in
  info | analyze | stats | export)
    files=()
    for a in "${@:2}"; do [[ -f $a ]] && files+=("$a"); done
    if ((${#files[@]})); then
      total=0
      while read -r size name; do
        case "$name" in *.gz | *.xz) size=$((size * 8)) ;; esac
        total=$((total + size))
      done < <(stat -L -c '%s %n' -- "${files[@]}")
      ((total <= 512 << 20)) && jit=(-XX:TieredStopAtLevel=1)
    fi
    ;;
  "" | -* | help) jit=(-XX:TieredStopAtLevel=1) ;;   # --version, --help: start-up only
esac

opts=("$heap" "${jit[@]}")
# CLI commands: the throughput collector (far less CPU than G1 for an import); the app keeps G1
[[ ${1:-} != gui ]] && opts+=(-XX:+UseParallelGC)
# commands that read a trace: transparent huge pages for the heap when the kernel offers them on
# request (ADR 0340: far fewer page faults on the fresh columns); not for --version/--help
case "${1:-}" in
  "" | -* | help | gui) ;;
  *)
    thp=""
    read -r thp 2>/dev/null </sys/kernel/mm/transparent_hugepage/enabled || true
    [[ $thp == *"[madvise]"* ]] && opts+=(-XX:+UseTransparentHugePages)
    ;;
esac
if [[ ${1:-} == gui ]]; then
  # (no --add-exports/--add-opens: nothing uses JavaFX internals, and any of them turns off the
  # runtime archive's module graph - ADR 0380)
  # No GPU device node: JavaFX would load the GL pipeline only to fail its hardware check and fall
  # back to software rendering, on the way to the first window (ADR 0380)
  [[ -e /dev/dri || -e /dev/nvidia0 ]] || opts+=(-Dprism.order=sw)
  # The app's class-data archive (ADR 0310), dumped when the image was built by a training run
  # that opened the bundled sample. JDK 17 maps an archive of class-path jars only when each jar
  # has the path it had at the dump, so the jars are named through /proc/self/fd/9, a descriptor
  # on lib/app: the same name wherever the image is unpacked or installed.
  if [[ -f $lib/app/orderlens-gui.jsa || -n ${ORDERLENS_GUI_TRAINING:-} ]]; then
    exec 9<"$lib/app"
    cp=/proc/self/fd/9/orderlens.jar
    for j in "$lib"/app/lib/*.jar; do cp="$cp:/proc/self/fd/9/lib/${j##*/}"; done
    if [[ -n ${ORDERLENS_GUI_TRAINING:-} ]]; then   # scripts/dist.sh: record the archive
      opts+=(-XX:ArchiveClassesAtExit="$ORDERLENS_GUI_TRAINING" -Dorderlens.trainingRun=true)
    else   # a stale or unusable archive is ignored silently: classes then load from the jars
      opts+=(-XX:SharedArchiveFile="$lib/app/orderlens-gui.jsa" -Xlog:cds=off,cds+dynamic=off)
    fi
  fi
fi
exec "$lib/runtime/bin/java" "${opts[@]}" ${ORDERLENS_JAVA_OPTS:-} -cp "$cp" dev.orderlens.cli.Main "$@"
