#!/usr/bin/env bash
# Writes the argument layouts the simpletrace importer needs: the trace-events lines (name, C
# argument types and names, printf format) of the QEMU events OrderLens reads, copied verbatim from a
# QEMU source tree, each block headed by the file it comes from.
#
#   scripts/capture/qemu-trace-layouts.sh QEMU_SOURCE_DIR [QEMU_BUILD_DIR] > layouts.txt
#
# The shipped file (src/main/resources/dev/orderlens/importer/qemu-trace-events.txt) was made from
# Debian's qemu 7.2+dfsg-7+deb12u18 source (QEMU 7.2.0; see build-qemu-simpletrace.sh), build dir
# included for the QAPI command events (qmp_enter_cont), which are generated at build time.
set -euo pipefail
src="$1"; build="${2:-$1/build}"
version="$(cat "$src/VERSION")"
pattern='^(virtqueue_[a-z_]*|virtio_queue_notify|virtio_notify[a-z_]*|virtio_blk_[a-z_]*|blk_co_[a-z_]*|bdrv_co_[a-z_]*|luring_[a-z_]*|thread_pool_[a-z_]*|file_[a-z_]*|paio_[a-z_]*|qcow2_[a-z_]*|vm_state_notify|monitor_protocol_event_emit|qmp_enter_cont|qmp_exit_cont)\('
echo "# QEMU $version trace-events lines for the events OrderLens reads (simpletrace argument layouts)."
echo "# Made by scripts/capture/qemu-trace-layouts.sh; each block is verbatim from the file named above it."
for f in hw/virtio/trace-events hw/block/trace-events hw/block/dataplane/trace-events block/trace-events \
         util/trace-events softmmu/trace-events monitor/trace-events; do
  lines="$(grep -E "$pattern" "$src/$f" || true)"
  [ -n "$lines" ] && { echo "# $f"; echo "$lines"; }
done
lines="$(cat "$build"/qapi/qapi-commands-*.trace-events 2>/dev/null | grep -E "$pattern" || true)"
[ -n "$lines" ] && { echo "# build/qapi/qapi-commands-misc.trace-events (generated from qapi/misc.json)"; echo "$lines"; }
