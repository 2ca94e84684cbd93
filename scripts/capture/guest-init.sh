#!/bin/sh
# /init of the capture guest (scripts/capture-real-traces.sh copies it into the initramfs).
# The kernel command line names the workload: ol.run=NAME, and ol.ftrace=1 also records the block
# tracepoints with ftrace. For NAME, setup_NAME builds the stack (dm, loop) before tracing starts
# and sets TRACE to the devices to trace; work_NAME is the traced workload. blktrace writes to a
# tmpfs (tracing causes no I/O on the traced disks); the results leave on the second serial port.
export PATH=/usr/bin:/usr/sbin:/bin:/sbin DM_DISABLE_UDEV=1
mount -t proc none /proc; mount -t sysfs none /sys; mount -t devtmpfs none /dev
mount -t debugfs none /sys/kernel/debug; mount -t tmpfs none /t
run="$(sed -n 's/.*ol\.run=\([^ ]*\).*/\1/p' /proc/cmdline)"
ftrace="$(sed -n 's/.*ol\.ftrace=\([^ ]*\).*/\1/p' /proc/cmdline)"
for m in $(cat /modules/order); do insmod "/modules/$m.ko" 2>>/t/insmod.err; done
i=0; while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
cd /t
# Busybox's shell runs its own applets before anything in PATH (busybox dd has no oflag=dsync and
# fails on it): call the real tools by path.
dd() { /usr/bin/dd "$@"; }
sync() { /usr/bin/sync "$@"; }
losetup() { /usr/bin/losetup "$@"; }
mke2fs() { /usr/bin/mke2fs "$@"; }

# step DESCRIPTION COMMAND...: run it, record its return code (and what it printed, indented)
n=0
step() {
  n=$((n+1)); desc="$1"; shift
  echo "step $n: $desc" > /dev/ttyS0
  out="$("$@" 2>&1)"; rc=$?
  echo "step $n: $desc: $* rc=$rc" >> /t/workload.txt
  [ -z "$out" ] || echo "$out" | sed 's/^/    /' >> /t/workload.txt
  return 0
}
note() { echo "# $*" >> /t/workload.txt; }

# ---- the original workload: raw O_DIRECT, O_DSYNC, fsync, then ext4 with its journal ----
setup_classic() { TRACE=vda; }
work_classic() {
  step "O_DIRECT writes beyond the fs" dd if=/dev/urandom of=/dev/vda bs=4k count=16 seek=10240 oflag=direct
  step "O_DIRECT|O_DSYNC writes" dd if=/dev/urandom of=/dev/vda bs=4k count=8 seek=10400 oflag=direct,dsync
  step "buffered O_DSYNC writes" dd if=/dev/urandom of=/dev/vda bs=4k count=4 seek=10500 oflag=dsync
  step "buffered writes + fsync" dd if=/dev/urandom of=/dev/vda bs=4k count=8 seek=10600 conv=fsync
  step "mount ext4" mount -t ext4 /dev/vda /mnt
  step "write a" sh -c 'echo "first version" > /mnt/a'
  step "sync" sync
  step "write b + fsync" dd if=/dev/urandom of=/mnt/b bs=4k count=4 conv=fsync
  step "write a.tmp" sh -c 'echo "second version" > /mnt/a.tmp'
  step "fsync a.tmp" dd if=/mnt/a.tmp of=/mnt/a.tmp conv=notrunc,fsync
  step "rename a.tmp a" mv /mnt/a.tmp /mnt/a
  step "sync" sync
  step "umount" umount /mnt
}

# ---- loop0 (direct-io off) over a file on ext4 on vda ----
setup_loop() {
  step "mount ext4 (setup)" mount -t ext4 /dev/vda /mnt
  step "backing file (setup)" dd if=/dev/zero of=/mnt/backing bs=1M count=4 conv=fsync
  step "losetup (setup)" losetup --direct-io=off /dev/loop0 /mnt/backing
  step "loop0 settings (setup)" losetup -l -O NAME,DIO,BACK-FILE
  sync
  TRACE="loop0 vda"
}
work_loop() {
  step "O_DSYNC writes on loop0" dd if=/dev/urandom of=/dev/loop0 bs=4k count=4 seek=16 oflag=dsync
  step "O_DIRECT writes on loop0" dd if=/dev/urandom of=/dev/loop0 bs=4k count=4 seek=64 oflag=direct
  step "O_DIRECT|O_DSYNC writes on loop0" dd if=/dev/urandom of=/dev/loop0 bs=4k count=2 seek=128 oflag=direct,dsync
  step "buffered writes + fsync on loop0" dd if=/dev/urandom of=/dev/loop0 bs=4k count=8 seek=256 conv=fsync
  step "sync" sync
  step "detach loop0" losetup -d /dev/loop0
  sleep 1 # the detach finishes asynchronously; until then /mnt is busy
  step "umount" umount /mnt
}

# ---- ext4 on dm-crypt (dmsetup, aes-xts-plain64) over vda ----
setup_dmcrypt() {
  key=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
  step "dmsetup create crypt (setup)" dmsetup create crypt --table "0 131072 crypt aes-xts-plain64 $key 0 /dev/vda 0"
  step "dmsetup mknodes (setup)" dmsetup mknodes
  step "mke2fs on dm-crypt (setup)" mke2fs -q -F -t ext4 -b 4096 -E lazy_itable_init=0,lazy_journal_init=0 /dev/mapper/crypt
  step "dm table (setup)" dmsetup table
  step "dm devices (setup)" dmsetup info -c -o name,major,minor
  sync
  TRACE="dm-0 vda"
}
work_dmcrypt() {
  step "mount ext4 on dm-crypt" mount -t ext4 /dev/mapper/crypt /mnt
  step "write a" sh -c 'echo "first version" > /mnt/a'
  step "sync" sync
  step "write b + fsync" dd if=/dev/urandom of=/mnt/b bs=4k count=4 conv=fsync
  step "write a.tmp" sh -c 'echo "second version" > /mnt/a.tmp'
  step "fsync a.tmp" dd if=/mnt/a.tmp of=/mnt/a.tmp conv=notrunc,fsync
  step "rename a.tmp a" mv /mnt/a.tmp /mnt/a
  step "O_DSYNC append to b" dd if=/dev/urandom of=/mnt/b bs=4k count=2 seek=4 oflag=dsync conv=notrunc
  step "umount" umount /mnt
}

# ---- dm-thin pool running out of data space (error_if_no_space) ----
setup_dmthin() {
  step "meta linear 8 MiB (setup)" dmsetup create meta --table "0 16384 linear /dev/vda 0"
  step "data linear 16 MiB (setup)" dmsetup create data --table "0 32768 linear /dev/vda 16384"
  step "zero meta (setup)" dd if=/dev/zero of=/dev/mapper/meta bs=1M count=8 oflag=direct
  step "thin-pool (setup)" dmsetup create pool --table "0 32768 thin-pool /dev/mapper/meta /dev/mapper/data 128 0 1 error_if_no_space"
  step "create_thin 0 (setup)" dmsetup message /dev/mapper/pool 0 "create_thin 0"
  step "thin volume 32 MiB (setup)" dmsetup create thin --table "0 65536 thin /dev/mapper/pool 0"
  step "dmsetup mknodes (setup)" dmsetup mknodes
  step "dm devices (setup)" dmsetup info -c -o name,major,minor
  step "dm tables (setup)" dmsetup table
  TRACE="dm-3 dm-2 dm-1 dm-0 vda"
}
work_dmthin() {
  for mib in 0 1 2 3; do
    step "O_DIRECT|O_DSYNC 4 KiB at ${mib} MiB" olhelper pwrite /dev/mapper/thin $((mib*1048576)) 4096 direct,dsync
  done
  step "fill: O_DIRECT 1 MiB writes from 4 MiB" dd if=/dev/zero of=/dev/mapper/thin bs=1M count=16 seek=4 oflag=direct
  step "pool status" dmsetup status pool
  step "O_DIRECT|O_DSYNC 4 KiB at 30 MiB (unprovisioned)" olhelper pwrite /dev/mapper/thin 31457280 4096 direct,dsync
  step "O_DIRECT|O_DSYNC 4 KiB at 8 KiB (provisioned)" olhelper pwrite /dev/mapper/thin 8192 4096 direct,dsync
  step "fsync thin" olhelper fsync /dev/mapper/thin
  step "pool status" dmsetup status pool
}

# ---- a dm table mixing linear and error targets; buffered writes, fsync EIO, fsync 0 ----
setup_dmerror() {
  step "linear+error+linear (setup)" dmsetup create mix --table "0 8192 linear /dev/vda 0
8192 64 error
8256 122816 linear /dev/vda 8256"
  step "dmsetup mknodes (setup)" dmsetup mknodes
  step "dm table (setup)" dmsetup table
  TRACE="dm-0 vda"
}
work_dmerror() {
  step "buffered 16 KiB at 1 MiB, fsync, fsync" olhelper write-fsync2 /dev/mapper/mix 1048576 16384
  step "buffered 64 KiB across the error segment (sectors 8176-8303), fsync, fsync" olhelper write-fsync2 /dev/mapper/mix 4186112 65536
  step "buffered 16 KiB at 8 MiB, fsync, fsync" olhelper write-fsync2 /dev/mapper/mix 8388608 16384
}

# ---- writes while the host's tmpfs runs full (werror=report / werror=stop) ----
setup_werror() { TRACE=vda; }
work_werror() {
  step "O_DIRECT|O_DSYNC 4 KiB at 1 MiB" olhelper pwrite /dev/vda 1048576 4096 direct,dsync
  step "O_DIRECT 1 MiB writes from 8 MiB (host fills up)" dd if=/dev/zero of=/dev/vda bs=1M count=8 seek=8 oflag=direct
  step "O_DIRECT|O_DSYNC 4 KiB at 1 MiB again (overwrite, no new host space)" olhelper pwrite /dev/vda 1048576 4096 direct,dsync
  step "fsync vda" olhelper fsync /dev/vda
}

# ---- big O_DIRECT writes while the host fills up: several requests in flight fail at once ----
setup_werrormulti() { TRACE=vda; }
work_werrormulti() {
  # the guest splits each 4 MiB write into several virtio requests sent together
  step "O_DIRECT 4 MiB writes from 8 MiB (host fills up)" dd if=/dev/zero of=/dev/vda bs=4M count=2 seek=2 oflag=direct
  step "fsync vda" olhelper fsync /dev/vda
}

# ---- first writes to clusters of a fresh qcow2 ----
setup_qcow2alloc() { TRACE=vda; }
work_qcow2alloc() {
  step "O_DIRECT 4 KiB at 0 (cluster 0)" olhelper pwrite /dev/vda 0 4096 direct
  step "O_DIRECT 4 KiB at 68 KiB (middle of cluster 1)" olhelper pwrite /dev/vda 69632 4096 direct
  step "O_DIRECT 4 KiB at 72 KiB (cluster 1 again, allocated)" olhelper pwrite /dev/vda 73728 4096 direct
  step "O_DIRECT 64 KiB at 256 KiB (all of cluster 4)" olhelper pwrite /dev/vda 262144 65536 direct
  step "O_DIRECT|O_DSYNC 8 KiB at 1 MiB + 60 KiB (across clusters 16 and 17)" olhelper pwrite /dev/vda 1110016 8192 direct,dsync
  step "fsync vda" olhelper fsync /dev/vda
}

# ---- BLKZEROOUT from a forked child racing O_DIRECT data writes to the same range ----
setup_zeroes() { TRACE=vda; }
work_zeroes() {
  step "BLKZEROOUT alone, 64 KiB at 512 KiB" olhelper zeroout /dev/vda 524288 65536
  for off in 1048576 2097152 3145728; do
    step "BLKZEROOUT racing an O_DIRECT write, 64 KiB at $off" olhelper zeroes-race /dev/vda $off 65536
  done
  step "fsync vda" olhelper fsync /dev/vda
}

# ---- two disks of one guest, each with its own QEMU cache mode (vda unsafe, vdb none) ----
setup_twodisks() {
  i=0; while [ ! -b /dev/vdb ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
  TRACE="vda vdb"
}
work_twodisks() {
  step "O_DIRECT 4 KiB at 1 MiB on vda" olhelper pwrite /dev/vda 1048576 4096 direct
  step "O_DIRECT 4 KiB at 1 MiB on vdb" olhelper pwrite /dev/vdb 1048576 4096 direct
  step "pause" sleep 0.5
  step "fsync vda" olhelper fsync /dev/vda
  step "fsync vdb" olhelper fsync /dev/vdb
  step "pause" sleep 0.5
  step "O_DIRECT|O_DSYNC 4 KiB at 2 MiB on vda" olhelper pwrite /dev/vda 2097152 4096 direct,dsync
  step "O_DIRECT|O_DSYNC 4 KiB at 2 MiB on vdb" olhelper pwrite /dev/vdb 2097152 4096 direct,dsync
  step "pause" sleep 0.5
  step "O_DIRECT 4 KiB at 3 MiB on vda, never flushed" olhelper pwrite /dev/vda 3145728 4096 direct
  step "O_DIRECT 4 KiB at 3 MiB on vdb, never flushed" olhelper pwrite /dev/vdb 3145728 4096 direct
}

# ---- O_DIRECT writes and no flush at all: what a writeback drive shows when its guest never flushes ----
setup_noflush() { TRACE=vda; }
work_noflush() {
  step "O_DIRECT 4 KiB at 1 MiB" olhelper pwrite /dev/vda 1048576 4096 direct
  step "O_DIRECT 4 KiB at 2 MiB" olhelper pwrite /dev/vda 2097152 4096 direct
  step "O_DIRECT 64 KiB at 3 MiB" olhelper pwrite /dev/vda 3145728 65536 direct
}

# ---- an asynchronous workload: fio at iodepth 16 with a periodic fdatasync ----
# Many writes in flight at once cross each flush: the findings an async workload floods a user with.
setup_fioasync() { TRACE=vda; }
work_fioasync() {
  # --thread: no SysV shared memory in this initramfs; a fixed seed makes the offsets reproducible
  step "fio: 1024 random 4 KiB O_DIRECT writes in 4 MiB at 1 MiB, iodepth 16 (libaio), fdatasync every 32" \
    fio --name=async --thread --filename=/dev/vda --rw=randwrite --bs=4k --ioengine=libaio \
        --iodepth=16 --direct=1 --offset=1m --size=4m --io_size=4m --fdatasync=32 \
        --randseed=20261202 --norandommap --output-format=terse --terse-version=3
}

case "$run" in
  classic|loop|dmcrypt|dmthin|dmerror|werror|werrormulti|qcow2alloc|zeroes|twodisks|fioasync|noflush) ;;
  *) echo "unknown ol.run=$run" > /t/workload.txt; run=none ;;
esac
if [ "$run" != none ]; then
  note "workload $run, kernel $(uname -r)"
  "setup_$run"
  note "traced devices: $TRACE"
  bt_args=""; for d in $TRACE; do bt_args="$bt_args -d /dev/$d"; done
  blktrace $bt_args -D /t >/t/blktrace.out 2>&1 &
  bt=$!
  if [ "$ftrace" = 1 ]; then
    mount -t tracefs none /sys/kernel/tracing
    tr=/sys/kernel/tracing
    echo 8192 > $tr/buffer_size_kb; echo > $tr/trace; echo 1 > $tr/events/block/enable; echo 1 > $tr/tracing_on
  fi
  # blktrace sets up one relay per device; under load that takes seconds: wait for every device's
  # trace files before the workload starts (its first step must be in the trace)
  i=0
  for d in $TRACE; do
    while [ ! -e "/sys/kernel/debug/block/$d/trace0" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
  done
  sleep 2
  note "workload starts"
  "work_$run"
  sleep 1
  if [ "$ftrace" = 1 ]; then
    echo 0 > $tr/tracing_on
    cat $tr/trace > /t/guest.ftrace.txt
    trace-cmd extract -o /t/guest.trace.dat >/t/trace-cmd.out 2>&1
  fi
  kill -INT $bt; wait $bt
  bp_args=""; for d in $TRACE; do bp_args="$bp_args -i $d"; done
  blkparse $bp_args -D /t -o /t/guest.blkparse.txt >/dev/null 2>/t/blkparse.err
fi
echo "@@BEGIN@@" > /dev/ttyS1
tar czf - $(ls guest.* workload.txt *.out *.err *.blktrace.* 2>/dev/null) | base64 > /dev/ttyS1
echo "@@END@@" > /dev/ttyS1
poweroff -f
