#!/usr/bin/env bash
# Captures real block-I/O traces for sample-traces/: boots a tiny Linux guest under QEMU (TCG) with a
# virtio-blk disk, runs blktrace inside the guest while QEMU traces its block events on the host, for
# one workload (O_DIRECT writes, O_DSYNC writes, fsync, an ext4 journal) under several cache= modes.
#
#   scripts/capture-real-traces.sh [OUTDIR] [MODE...]      (default: sample-traces, all modes below)
#
# Each MODE ("writeback", "none", "unsafe", "writethrough", "qcow2-writeback") writes
#   OUTDIR/<mode>.guest.blkparse.txt   blkparse text of the guest's vda (default format, with summary)
#   OUTDIR/<mode>.qemu.log             QEMU log backend, -msg timestamp=on
# compressed with xz when bigger than 1.5 MB. With KEEP_BLKTRACE=1 also
#   OUTDIR/<mode>.guest.blktrace.tar.xz   the guest's binary blktrace files (vda.blktrace.<cpu>), for btt
# (scripts/btt-reference.sh runs blkparse -d and btt on them). Needs root for apt-get the first time; see
# /work/shared/capture-notes.md (or docs/importers.md) for why each step is done this way.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-sample-traces}")"; shift || true
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(writeback none unsafe writethrough qcow2-writeback)

need=(qemu-system-x86_64 blktrace blkparse busybox mke2fs cpio xz qemu-img)
missing=0; for c in "${need[@]}"; do command -v "$c" >/dev/null || missing=1; done
kver="$(ls /boot/vmlinuz-* 2>/dev/null | sed 's|/boot/vmlinuz-||' | sort -V | tail -1 || true)"
if [ "$missing" = 1 ] || [ -z "$kver" ]; then
  echo "installing the Debian packages the capture needs..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q qemu-system-x86 qemu-utils linux-image-amd64 \
    busybox-static blktrace e2fsprogs cpio xz-utils kmod coreutils >/dev/null
  kver="$(ls /boot/vmlinuz-* | sed 's|/boot/vmlinuz-||' | sort -V | tail -1)"
fi
work="$(mktemp -d /var/tmp/orderlens-capture.XXXXXX)"
[ -n "${KEEP_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# ---- initramfs: busybox + the real tools + the modules virtio-blk and ext4 need ----
root="$work/root"
mkdir -p "$root"/{bin,sbin,lib,lib64,usr/bin,dev,proc,sys,mnt,t,modules}
cp /bin/busybox "$root/bin/busybox"
for a in sh mount umount mkdir sleep cat echo sync kill tar gzip base64 ls poweroff insmod mdev rm \
         head tail wc grep sed seq date uname; do ln -sf busybox "$root/bin/$a"; done
copy_bin() { # a binary and the shared libraries ldd lists
  local b; b="$(command -v "$1")"; cp "$b" "$root/usr/bin/$1"
  ldd "$b" | grep -o '/[^ ]*' | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; done
}
copy_bin blktrace; copy_bin blkparse; copy_bin dd; copy_bin sync
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk \
         crc32c_generic jbd2 mbcache crc16 ext4; do
  f="$(modinfo -k "$kver" -n "$m")"
  case "$f" in *.xz) xz -dc "$f" > "$root/modules/$m.ko" ;; *.zst) zstd -dqc "$f" > "$root/modules/$m.ko" ;;
               *) cp "$f" "$root/modules/$m.ko" ;; esac
done

cat > "$root/init" <<'EOF'
#!/bin/sh
# The guest side: load modules, start blktrace on vda (binary output on tmpfs, so tracing causes no
# I/O on the traced disk), run the workload, stop blktrace, blkparse, send the text out on ttyS1.
export PATH=/usr/bin:/bin
mount -t proc none /proc; mount -t sysfs none /sys; mount -t devtmpfs none /dev
mount -t debugfs none /sys/kernel/debug; mount -t tmpfs none /t
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk \
         crc32c_generic jbd2 mbcache crc16 ext4; do insmod /modules/$m.ko; done
i=0; while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
cd /t
blktrace -d /dev/vda -o vda -D /t >/t/blktrace.out 2>&1 &
bt=$!
sleep 2
# 1. O_DIRECT writes to the raw disk (beyond the 32 MiB file system)
dd if=/dev/urandom of=/dev/vda bs=4k count=16 seek=10240 oflag=direct 2>/dev/null
# 2. O_DSYNC|O_DIRECT writes (FUA) and buffered O_DSYNC writes (write + flush)
dd if=/dev/urandom of=/dev/vda bs=4k count=8 seek=10400 oflag=direct,dsync 2>/dev/null
dd if=/dev/urandom of=/dev/vda bs=4k count=4 seek=10500 oflag=dsync 2>/dev/null
# 3. buffered writes + fsync
dd if=/dev/urandom of=/dev/vda bs=4k count=8 seek=10600 conv=fsync 2>/dev/null
# 4. ext4 with its journal: create, append, fsync, rename, sync, unmount
mount -t ext4 /dev/vda /mnt
echo "first version" > /mnt/a; sync
dd if=/dev/urandom of=/mnt/b bs=4k count=4 conv=fsync 2>/dev/null
echo "second version" > /mnt/a.tmp; dd if=/mnt/a.tmp of=/mnt/a.tmp conv=notrunc,fsync 2>/dev/null
mv /mnt/a.tmp /mnt/a; sync
umount /mnt
sleep 1
kill -INT $bt; wait $bt
blkparse -i vda -D /t -o /t/guest.blkparse.txt >/dev/null 2>/t/blkparse.err
echo "@@BEGIN@@" > /dev/ttyS1
tar czf - guest.blkparse.txt blktrace.out blkparse.err vda.blktrace.* | base64 > /dev/ttyS1
echo "@@END@@" > /dev/ttyS1
poweroff -f
EOF
chmod +x "$root/init"
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

capture() {
  local mode="$1" cache fmt="raw" aio="threads" img="$work/disk.img"
  case "$mode" in
    qcow2-*) cache="${mode#qcow2-}"; fmt=qcow2 ;;
    *) cache="$mode" ;;
  esac
  # io_uring for the O_DIRECT modes (luring_* events), the thread pool for the others
  [ "$cache" = none ] && aio=io_uring
  rm -f "$img" "$work/disk.qcow2"
  truncate -s 64M "$img"
  mke2fs -q -F -t ext4 -b 4096 "$img" 32M
  if [ "$fmt" = qcow2 ]; then qemu-img convert -O qcow2 "$img" "$work/disk.qcow2"; img="$work/disk.qcow2"; fi
  rm -f "$work/qemu.log" "$work/console.log" "$work/out.b64"
  echo "capturing $mode (cache=$cache, format=$fmt, aio=$aio)..." >&2
  timeout 300 qemu-system-x86_64 -machine q35,accel=tcg -cpu max -smp 2 -m 512 -nographic -no-reboot \
    -kernel "/boot/vmlinuz-$kver" -initrd "$work/initrd.gz" -append "console=ttyS0 quiet panic=-1" \
    -drive "file=$img,if=none,id=d0,format=$fmt,cache=$cache,aio=$aio" -device virtio-blk-pci,drive=d0 \
    -nic none -serial "file:$work/console.log" -serial "file:$work/out.b64" -monitor none \
    -trace "events=$work/events" -D "$work/qemu.log" -msg timestamp=on >/dev/null
  tr -d '\r' < "$work/out.b64" | sed -n '/@@BEGIN@@/,/@@END@@/p' | sed '1d;$d' | base64 -d | tar xzf - -C "$work"
  [ -s "$work/guest.blkparse.txt" ] || { echo "no blkparse output for $mode; console:" >&2; tail "$work/console.log" >&2; exit 1; }
  for f in guest.blkparse.txt qemu.log; do
    local dst="$out/$mode.$f"
    rm -f "$dst" "$dst.xz"
    if [ "$(stat -c %s "$work/$f")" -gt 1500000 ]; then xz -9 -c "$work/$f" > "$dst.xz"; else cp "$work/$f" "$dst"; fi
  done
  if [ -n "${KEEP_BLKTRACE:-}" ]; then
    rm -f "$out/$mode.guest.blktrace.tar.xz"
    (cd "$work" && tar cf - vda.blktrace.* | xz -9 > "$out/$mode.guest.blktrace.tar.xz")
  fi
  rm -f "$work"/vda.blktrace.*
  echo "  $(wc -l < "$work/guest.blkparse.txt") blkparse lines, $(wc -l < "$work/qemu.log") QEMU log lines" >&2
}

for m in "${modes[@]}"; do capture "$m"; done
echo "kernel $kver, $(qemu-system-x86_64 --version | head -1), $(blkparse -V 2>&1 | head -1)" >&2
