#!/usr/bin/env bash
# Builds a QEMU with the simple trace backend (Debian 12's qemu-system-x86 has only `log`), so one
# run writes a simpletrace binary (-trace events=FILE,file=trace.bin) and the log lines (-D log) of
# the same events. Built from the upstream tarball of Debian's source package (QEMU 7.2.0 with the
# non-free blobs removed; Debian's patches are not applied), x86_64 TCG only, nothing installed:
#
#   scripts/capture/build-qemu-simpletrace.sh [WORKDIR]      (default /var/tmp/qemu-build)
#   QEMU=WORKDIR/qemu-7.2.0/build/qemu-system-x86_64 scripts/capture-real-traces.sh sample-traces simpletrace
#
# The binary has no firmware of its own: capture-real-traces.sh passes -L /usr/share/qemu (Debian's
# seabios and option ROMs from qemu-system-data) when QEMU= is set. Needs root for apt-get; about
# 1,400 compile steps (20-40 minutes on 2 cores).
set -euo pipefail
work="$(realpath -m "${1:-/var/tmp/qemu-build}")"
mkdir -p "$work"; cd "$work"

# ---- Debian's source: a deb-src entry for bookworm, then apt-get source ----
if ! grep -rqs '^Types: deb deb-src\|^Types: deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  cat > /etc/apt/sources.list.d/orderlens-deb-src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -q dpkg-dev ninja-build meson pkg-config \
  libglib2.0-dev libpixman-1-dev libfdt-dev zlib1g-dev flex bison qemu-system-data >/dev/null
# 7.2+dfsg-7+deb12u18 when this was written; its orig tarball unpacks to qemu-7.2.0/
ls qemu_7.2+dfsg.orig.tar.xz >/dev/null 2>&1 || apt-get source -q --download-only qemu
[ -d qemu-7.2.0 ] || tar xf qemu_7.2+dfsg.orig.tar.xz
cd qemu-7.2.0

# The dfsg tarball has no edk2 firmware blobs; meson would unpack them for x86_64-softmmu. The one
# changed line: inside `foreach target : edk2_targets`, do not unpack.
sed -i 's/^    unpack_edk2_blobs = true$/    unpack_edk2_blobs = false/' meson.build
grep -q '^    unpack_edk2_blobs = false$' meson.build

mkdir -p build; cd build
[ -f build.ninja ] || ../configure --target-list=x86_64-softmmu --enable-trace-backends=simple,log \
  --without-default-features --enable-fdt=system --disable-docs --disable-werror --enable-tcg \
  --disable-install-blobs
ninja qemu-system-x86_64 2>&1 | tail -3
./qemu-system-x86_64 --version | head -1
echo "built $PWD/qemu-system-x86_64" >&2
