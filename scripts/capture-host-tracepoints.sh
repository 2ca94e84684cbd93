#!/usr/bin/env bash
# Captures the Linux block tracepoints of THIS machine's kernel while a short workload runs, at once
# with `perf record` (printed by `perf script`) and with a private ftrace instance (its `trace` file):
# the two text forms OrderLens reads besides blkparse, in the format of a current kernel (6.10+ adds
# the I/O priority to the request events). Unlike scripts/capture-real-traces.sh no guest is booted:
# the I/O is the host's own, on whatever device holds OUTDIR's file system, so the capture also
# holds whatever else the machine was doing meanwhile. perf records from 1 s before the workload to
# 0.5 s after it, ftrace only while it runs, so each of its events is in perf's file too.
#
#   scripts/capture-host-tracepoints.sh [OUTDIR] [NAME]   (default: sample-traces host-perf)
#
# Writes OUTDIR/NAME.perf-script.txt, OUTDIR/NAME.ftrace.txt and OUTDIR/NAME.workload.txt (each
# step with its return code). Needs root (perf with -a, tracefs) and Debian's linux-perf.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-sample-traces}")"
name="${2:-host-perf}"
command -v perf >/dev/null || apt-get install -y linux-perf >/dev/null
tracefs=/sys/kernel/tracing
[ -d "$tracefs/instances" ] || mount -t tracefs nodev "$tracefs"
work="$(mktemp -d /var/tmp/orderlens-hostcap.XXXXXX)"
trap 'rm -rf "$work"; rmdir "$tracefs/instances/orderlens-$$" 2>/dev/null || true' EXIT

# every block event blktrace has a probe on; the buffer-head events (block_dirty_buffer,
# block_touch_buffer) make no requests and would be most of the file
events=(block_bio_queue block_getrq block_rq_insert block_rq_issue block_rq_merge block_rq_complete
    block_rq_requeue block_bio_backmerge block_bio_frontmerge block_bio_complete block_split
    block_bio_remap block_rq_remap block_plug block_unplug)

inst="$tracefs/instances/orderlens-$$"
mkdir "$inst"
echo 0 > "$inst/tracing_on" # on only while the workload runs, inside perf's window
echo 8192 > "$inst/buffer_size_kb"
for e in "${events[@]}"; do echo 1 > "$inst/events/block/$e/enable"; done
perf_events=$(printf 'block:%s,' "${events[@]}")
perf record -q -a -e "${perf_events%,}" -o "$work/perf.data" &
perf_pid=$!
sleep 1
echo 1 > "$inst/tracing_on"

log="$work/workload.txt"
step() { # step N DESCRIPTION COMMAND...: runs it, records its return code
    local n="$1" what="$2"; shift 2
    set +e; local output; output=$("$@" 2>&1); local rc=$?; set -e
    echo "step $n: $what rc=$rc ${output//$'\n'/ | }" >> "$log"
}
step 1 "dd 16 x 4 KiB O_DIRECT|O_DSYNC to $work/dsync.bin" \
    dd if=/dev/zero of="$work/dsync.bin" bs=4k count=16 oflag=direct,dsync status=none
step 2 "8 x 8 KiB buffered pwrite to $work/buffered.bin, then fsync" python3 -c "
import os
fd = os.open('$work/buffered.bin', os.O_WRONLY | os.O_CREAT, 0o644)
print([os.pwrite(fd, b'x' * 8192, i * 8192) for i in range(8)], os.fsync(fd))"
step 3 "64 KiB O_DIRECT pwrite to $work/direct.bin, then fdatasync" python3 -c "
import mmap, os
fd = os.open('$work/direct.bin', os.O_WRONLY | os.O_CREAT | os.O_DIRECT, 0o644)
buf = mmap.mmap(-1, 65536); buf.write(b'y' * 65536)
print(os.pwrite(fd, buf, 0), os.fdatasync(fd))"
echo 0 > "$inst/tracing_on"
sleep 0.5
kill -INT "$perf_pid" # perf record -a stops and writes its file on SIGINT
wait "$perf_pid" || true

mkdir -p "$out"
perf script -i "$work/perf.data" > "$out/$name.perf-script.txt" 2>/dev/null
cp "$inst/trace" "$out/$name.ftrace.txt"
{ echo "# kernel $(uname -r), perf $(perf version 2>/dev/null | cut -d' ' -f3), device of $work:"
  echo "# $(df --output=source "$work" | tail -1) ($(stat -c '%d' "$work" | awk '{printf "%d,%d", int($1/256), $1%256}'))"
  cat "$log"; } > "$out/$name.workload.txt"
wc -l "$out/$name".*.txt
