#!/usr/bin/env bash
# Captures real block-I/O traces for sample-traces/: boots a tiny Linux guest under QEMU (TCG) with a
# virtio-blk disk, runs blktrace inside the guest while QEMU traces its block events on the host.
#
#   scripts/capture-real-traces.sh [OUTDIR] [SCENARIO...]    (default: sample-traces, the cache modes)
#
# Scenarios (each a function capture_<name> below; docs in sample-traces/README.md):
#   writeback none unsafe writethrough qcow2-writeback   one workload (O_DIRECT, O_DSYNC, fsync, ext4
#                                     journal) under a cache mode; the default set
#   no-flush       O_DIRECT writes and no flush (cache=writeback, io_uring): QEMU flushes only at exit
#   fio-async      fio: 4 KiB random O_DIRECT writes at iodepth 16 (libaio), fdatasync every 32
#   tracepoints    the same workload (cache=writeback), also recorded as ftrace text and trace-cmd
#   loop           loop0 (direct-io off) over a file on ext4 on vda; loop0 and vda traced
#   dmcrypt        ext4 on dm-crypt over vda, journal commits + fsync; dm-0 and vda traced, + ftrace
#   dmthin-enospc  a dm-thin pool running out of data space (error_if_no_space)
#   dmerror-fsync  a dm table with an error segment: buffered writes, fsync EIO, then fsync 0
#   werror-report  the host image on a full tmpfs, werror=report: the guest sees EIO
#   werror-stop    the same with werror=stop: the VM stops; QMP grows the tmpfs and sends cont
#   werror-stop-multi  the same with 4 MiB writes: several requests fail at once and are retried
#   qcow2-alloc    first writes to the clusters of a fresh qcow2, cache=none, aio=io_uring
#   zeroes-race    ioctl(BLKZEROOUT) from a forked child racing O_DIRECT writes to the same range
#   two-disks      two virtio-blk disks: vda cache=unsafe (aio=threads), vdb cache=none (io_uring);
#                  O_DIRECT, fsync and O_DSYNC writes on each; vda and vdb traced
#   simpletrace    the cache=writeback workload under a QEMU with the simple trace backend
#                  (QEMU=..., scripts/capture/build-qemu-simpletrace.sh): the same run writes the
#                  simpletrace binary and the log; vm_state_notify is traced too (a string argument)
#
# Each scenario writes OUTDIR/<name>.guest.blkparse.txt (blkparse default text of every traced guest
# device, summary included), OUTDIR/<name>.qemu.log (QEMU log backend, -msg timestamp=on) and, for all
# but the cache modes, OUTDIR/<name>.workload.txt (every guest step with its return code and output);
# xz-compressed when bigger than 1.5 MB. With KEEP_BLKTRACE=1 (always for tracepoints, dmcrypt and zeroes-race)
# also OUTDIR/<name>.guest.blktrace.tar.xz (the binary per-CPU files); these three add
# <name>.guest.ftrace.txt (/sys/kernel/tracing/trace, events/block/*) and <name>.guest.trace-cmd.txt
# (`trace-cmd report` of the same ring buffer); werror-stop adds <name>.qmp.log; simpletrace adds
# <name>.qemu.simpletrace.bin. Needs root (apt-get, mount). KEEP_WORK=1 keeps the work directory.
# QEMU=/path/to/qemu-system-x86_64 runs another emulator than Debian's, with Debian's firmware
# (-L /usr/share/seabios -L /usr/share/qemu: seabios, option ROMs) since a source build has none. Why each step is done this way: docs/importers.md
# and sample-traces/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
here="$PWD/scripts/capture"
out="$(realpath -m "${1:-sample-traces}")"; shift || true
scenarios=("$@")
qemu="${QEMU:-qemu-system-x86_64}"
qemu_data=()
[ -n "${QEMU:-}" ] && qemu_data=(-L /usr/share/seabios -L /usr/share/qemu)
[ ${#scenarios[@]} -gt 0 ] || scenarios=(writeback none unsafe writethrough qcow2-writeback)

# ---- host packages ----
need=("$qemu" blktrace blkparse busybox mke2fs cpio xz qemu-img dmsetup losetup trace-cmd gcc python3)
with_fio=0; for s in "${scenarios[@]}"; do [ "$s" = fio-async ] && with_fio=1; done
[ "$with_fio" = 1 ] && need+=(fio)
missing=0; for c in "${need[@]}"; do command -v "$c" >/dev/null || missing=1; done
[ -e /usr/lib/x86_64-linux-gnu/libc.a ] || missing=1
kver="$(ls /boot/vmlinuz-* 2>/dev/null | sed 's|/boot/vmlinuz-||' | sort -V | tail -1 || true)"
if [ "$missing" = 1 ] || [ -z "$kver" ]; then
  echo "installing the Debian packages the capture needs..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q qemu-system-x86 qemu-utils linux-image-amd64 \
    busybox-static blktrace e2fsprogs cpio xz-utils kmod coreutils dmsetup util-linux trace-cmd \
    gcc libc6-dev python3 $([ "$with_fio" = 1 ] && echo fio) >/dev/null
  kver="$(ls /boot/vmlinuz-* | sed 's|/boot/vmlinuz-||' | sort -V | tail -1)"
fi
work="$(mktemp -d /var/tmp/orderlens-capture.XXXXXX)"
cleanup() {
  mountpoint -q "$work/hostfs" 2>/dev/null && umount "$work/hostfs"
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$out"

# ---- initramfs: busybox, the real tools, a static helper, the modules of every stack ----
root="$work/root"
mkdir -p "$root"/{bin,sbin,lib,lib64,usr/bin,usr/sbin,dev,proc,sys,mnt,t,modules}
cp /bin/busybox "$root/bin/busybox"
for a in sh mount umount mkdir sleep cat echo kill tar gzip base64 ls poweroff insmod mdev rm mv \
         head tail wc grep sed seq date uname; do ln -sf busybox "$root/bin/$a"; done
copy_bin() { # a binary and the shared libraries ldd lists
  local b; b="$(command -v "$1")"; cp "$b" "$root/usr/bin/$1"
  ldd "$b" | grep -o '/[^ ]*' | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; done
}
# coreutils dd (busybox dd has no oflag=dsync), util-linux losetup (--direct-io), mke2fs for dm-crypt
for b in blktrace blkparse dd sync dmsetup losetup mke2fs trace-cmd; do copy_bin "$b"; done
# fio (Debian's links 84 MB of libraries): only in the initramfs of a run that needs it
[ "$with_fio" = 1 ] && copy_bin fio
gcc -static -O2 -o "$root/usr/bin/olhelper" "$here/olhelper.c"
: > "$root/modules/order"
for top in virtio_pci virtio_blk crc32c_generic ext4 loop dm-mod aesni-intel xts dm-crypt dm-thin-pool; do
  # modprobe lists a module's dependencies first: insmod them in that order
  modprobe -S "$kver" --show-depends "$top" | awk '$1 == "insmod" { print $2 }' | while read -r f; do
    m="$(basename "$f" | sed 's/\.ko.*//')"
    grep -qx "$m" "$root/modules/order" && continue
    case "$f" in *.xz) xz -dc "$f" > "$root/modules/$m.ko" ;; *.zst) zstd -dqc "$f" > "$root/modules/$m.ko" ;;
                 *) cp "$f" "$root/modules/$m.ko" ;; esac
    echo "$m" >> "$root/modules/order"
  done
done
cp "$here/guest-init.sh" "$root/init"; chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1 > "$work/initrd.gz")

# The QEMU events OrderLens reads (virtio queue, virtio-blk, block layer, backends)
cat > "$work/events" <<'EOF'
virtqueue_pop
virtqueue_fill
virtqueue_flush
virtio_notify
virtio_queue_notify
virtio_blk_*
blk_co_*
bdrv_co_*
luring_co_submit
luring_process_completion
thread_pool_submit
thread_pool_complete
file_*
qcow2_writev_*
EOF

# ---- one QEMU run; the capture_* functions set these first ----
#   guest      the workload in guest-init.sh (ol.run=)
#   img fmt cache aio drive_extra   the disk
#   ftrace     1: also ftrace + trace-cmd in the guest (and the binary blktrace files)
#   events     the -trace events file; qmp: 1 to run scripts/capture/qmp-cont.py (werror=stop)
reset_scenario() {
  guest=classic img="$work/disk.img" fmt=raw cache=writeback aio=threads drive_extra="" ftrace=0
  events="$work/events" qmp=0 workload_out=1 simple=0 second_drive=()
}
blank_image() { rm -f "$img"; truncate -s 64M "$img"; } # zeros, nothing allocated
ext4_image() { blank_image; mke2fs -q -F -t ext4 -b 4096 "$img" 32M; }

run_qemu() {
  local name="$1" qemu_pid
  rm -f "$work/qemu.log" "$work/trace.bin" "$work/console.log" "$work/out.b64" "$work/qmp.sock" "$work/qmp.log"
  rm -rf "$work/result"; mkdir -p "$work/result"
  local qmp_args=(-monitor none)
  [ "$qmp" = 1 ] && qmp_args=(-monitor none -qmp "unix:$work/qmp.sock,server=on,wait=off")
  echo "capturing $name (guest workload $guest, cache=$cache, format=$fmt, aio=$aio${drive_extra})..." >&2
  local trace="events=$events"
  [ "$simple" = 1 ] && trace="$trace,file=$work/trace.bin" # the simple backend's file
  timeout 900 "$qemu" "${qemu_data[@]}" -machine q35,accel=tcg -cpu max -smp 2 -m 512 -nographic -no-reboot \
    -kernel "/boot/vmlinuz-$kver" -initrd "$work/initrd.gz" \
    -append "console=ttyS0 quiet panic=-1 ol.run=$guest ol.ftrace=$ftrace" \
    -drive "file=$img,if=none,id=d0,format=$fmt,cache=$cache,aio=$aio$drive_extra" \
    -device virtio-blk-pci,drive=d0 "${second_drive[@]}" -nic none -serial "file:$work/console.log" \
    -serial "file:$work/out.b64" "${qmp_args[@]}" \
    -trace "$trace" -D "$work/qemu.log" -msg timestamp=on >/dev/null &
  qemu_pid=$!
  if [ "$qmp" = 1 ]; then
    # on STOP (io-error): grow the tmpfs under the image, then cont
    python3 "$here/qmp-cont.py" "$work/qmp.sock" "$work/qmp.log" -- \
      mount -o remount,size=64m "$work/hostfs" || true
  fi
  wait "$qemu_pid" || true
  tr -d '\r' < "$work/out.b64" | sed -n '/@@BEGIN@@/,/@@END@@/p' | sed '1d;$d' | base64 -d | tar xzf - -C "$work/result"
  [ -s "$work/result/guest.blkparse.txt" ] || { echo "no blkparse output for $name; console:" >&2; tail "$work/console.log" >&2; exit 1; }
}

keep() { # keep SRC DST: copy, xz when bigger than 1.5 MB
  rm -f "$2" "$2.xz"
  if [ "$(stat -c %s "$1")" -gt 1500000 ]; then xz -9 -c "$1" > "$2.xz"; else cp "$1" "$2"; fi
}

collect() {
  local name="$1" r="$work/result"
  keep "$r/guest.blkparse.txt" "$out/$name.guest.blkparse.txt"
  keep "$work/qemu.log" "$out/$name.qemu.log"
  [ "$workload_out" = 1 ] && keep "$r/workload.txt" "$out/$name.workload.txt"
  [ "$qmp" = 1 ] && keep "$work/qmp.log" "$out/$name.qmp.log"
  if [ "$simple" = 1 ]; then
    [ -s "$work/trace.bin" ] || { echo "no simpletrace file for $name (a QEMU without the simple backend?)" >&2; exit 1; }
    keep "$work/trace.bin" "$out/$name.qemu.simpletrace.bin"
  fi
  if [ "$ftrace" = 1 ]; then
    keep "$r/guest.ftrace.txt" "$out/$name.guest.ftrace.txt"
    # trace.dat keeps the guest kernel's event formats: the host's trace-cmd can report it
    trace-cmd report -i "$r/guest.trace.dat" > "$work/trace-cmd.txt" 2>/dev/null
    keep "$work/trace-cmd.txt" "$out/$name.guest.trace-cmd.txt"
  fi
  if [ "$ftrace" = 1 ] || [ -n "${KEEP_BLKTRACE:-}" ]; then
    rm -f "$out/$name.guest.blktrace.tar.xz"
    (cd "$r" && tar cf - ./*.blktrace.* | xz -9 > "$out/$name.guest.blktrace.tar.xz")
  fi
  echo "  $(wc -l < "$r/guest.blkparse.txt") blkparse lines, $(wc -l < "$work/qemu.log") QEMU log lines" >&2
}

# ---- scenarios ----
capture_cache_mode() { # writeback none unsafe writethrough qcow2-<cache>: the classic workload
  local mode="$1"
  case "$mode" in qcow2-*) cache="${mode#qcow2-}"; fmt=qcow2 ;; *) cache="$mode" ;; esac
  # io_uring for the O_DIRECT modes (luring_* events), the thread pool for the others
  [ "$cache" = none ] && aio=io_uring
  ext4_image
  if [ "$fmt" = qcow2 ]; then
    rm -f "$work/disk.qcow2"; qemu-img convert -O qcow2 "$img" "$work/disk.qcow2"; img="$work/disk.qcow2"
  fi
  workload_out=0
  run_qemu "$mode"; collect "$mode"
}
capture_tracepoints() { ext4_image; ftrace=1; run_qemu tracepoints; collect tracepoints; }
capture_loop() { guest=loop; ext4_image; run_qemu loop; collect loop; }
capture_dmcrypt() { guest=dmcrypt; blank_image; ftrace=1; run_qemu dmcrypt; collect dmcrypt; }
capture_dmthin_enospc() { guest=dmthin; blank_image; run_qemu dmthin-enospc; collect dmthin-enospc; }
capture_dmerror_fsync() { guest=dmerror; blank_image; run_qemu dmerror-fsync; collect dmerror-fsync; }

host_tmpfs_image() { # the image on a 24 MiB tmpfs, 20 MiB of it taken by a filler file
  mkdir -p "$work/hostfs"
  mountpoint -q "$work/hostfs" && umount "$work/hostfs"
  mount -t tmpfs -o size=24m tmpfs "$work/hostfs"
  dd if=/dev/zero of="$work/hostfs/filler" bs=1M count=20 status=none
  img="$work/hostfs/disk.img"; blank_image
}
capture_werror_report() {
  guest=werror; host_tmpfs_image; drive_extra=",werror=report"
  run_qemu werror-report; collect werror-report; umount "$work/hostfs"
}
capture_werror_stop() {
  guest=werror; host_tmpfs_image; drive_extra=",werror=stop"; qmp=1
  events="$work/events-stop"
  { cat "$work/events"; printf '%s\n' monitor_protocol_event_emit qmp_enter_cont qmp_exit_cont vm_state_notify; } > "$events"
  run_qemu werror-stop; collect werror-stop; umount "$work/hostfs"
}
capture_werror_stop_multi() { # big writes: several requests fail before the VM stops
  guest=werrormulti; host_tmpfs_image; drive_extra=",werror=stop"; qmp=1
  events="$work/events-stop"
  { cat "$work/events"; printf '%s\n' monitor_protocol_event_emit qmp_enter_cont qmp_exit_cont vm_state_notify; } > "$events"
  run_qemu werror-stop-multi; collect werror-stop-multi; umount "$work/hostfs"
}
capture_qcow2_alloc() {
  guest=qcow2alloc; fmt=qcow2; cache=none; aio=io_uring; img="$work/alloc.qcow2"
  rm -f "$img"; qemu-img create -q -f qcow2 -o cluster_size=65536,preallocation=off "$img" 64M
  events="$work/events-qcow2"
  # every qcow2 event but the cache lookups, which fire on each access
  { grep -v '^qcow2_' "$work/events"; printf '%s\n' 'qcow2_*' '-qcow2_cache_get*'; } > "$events"
  run_qemu qcow2-alloc; collect qcow2-alloc
}
capture_two_disks() { # a second drive d1 (vdb) with its own cache mode
  guest=twodisks; cache=unsafe; blank_image
  local img2="$work/disk2.img"; rm -f "$img2"; truncate -s 64M "$img2"
  second_drive=(-drive "file=$img2,if=none,id=d1,format=raw,cache=none,aio=io_uring"
                -device virtio-blk-pci,drive=d1)
  echo "  second drive: cache=none, aio=io_uring" >&2
  run_qemu two-disks; collect two-disks
}
capture_simpletrace() {
  ext4_image; workload_out=0; simple=1
  events="$work/events-simple"
  { cat "$work/events"; echo vm_state_notify; } > "$events"
  run_qemu simpletrace; collect simpletrace
}
capture_no_flush() { guest=noflush; blank_image; aio=io_uring; run_qemu no-flush; collect no-flush; }
capture_fio_async() { guest=fioasync; blank_image; aio=io_uring; run_qemu fio-async; collect fio-async; }
capture_zeroes_race() { guest=zeroes; blank_image; ftrace=1; run_qemu zeroes-race; collect zeroes-race; }

for s in "${scenarios[@]}"; do
  reset_scenario
  case "$s" in
    tracepoints|loop|dmcrypt|dmthin-enospc|dmerror-fsync|werror-report|werror-stop|werror-stop-multi|qcow2-alloc|zeroes-race|two-disks|simpletrace|fio-async|no-flush)
      "capture_${s//-/_}" ;;
    writeback|none|unsafe|writethrough|directsync|qcow2-*) capture_cache_mode "$s" ;;
    *) echo "unknown scenario: $s" >&2; exit 2 ;;
  esac
done
echo "kernel $kver, $("$qemu" --version | head -1), $(blkparse -V 2>&1 | head -1)" >&2
