#!/usr/bin/env bash
# Builds the releases from target/orderlens.jar + target/lib (run by `mvn -Pdist package`, or after
# `mvn package` by hand):
#   target/dist/orderlens/                    app image: its own Java runtime (jlink) with JavaFX,
#                                             bin/orderlens, desktop entry, MIME types, icon
#   target/dist/orderlens-VERSION-linux-x64.tar.gz   the image, portable (unpack anywhere)
#   target/dist/orderlens_VERSION_amd64.deb          the image under /opt/orderlens, `orderlens` on
#                                                    the PATH, menu entry, file associations
#   target/dist/orderlens-cli.jar             the CLI alone for servers: java -jar orderlens-cli.jar info FILE
# Needs a JDK 17+ with jmods (jlink, jpackage) and dpkg-deb. Decisions: docs/adr/0141-releases.md.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-0.1.0}"
jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
[[ -d $jdk/jmods ]] || { echo "dist: $jdk has no jmods/ (install the full JDK, e.g. openjdk-17-jdk)" >&2; exit 2; }
[[ -f target/orderlens.jar && -f target/orderlens.classpath ]] || { echo "dist: run mvn package first" >&2; exit 2; }
dist=target/dist
work=target/dist-work
rm -rf "$dist" "$work"
mkdir -p "$dist" "$work/input/lib" "$work/fx"

# --- the CLI jar: app classes + the non-JavaFX libraries in one runnable jar -----------------------
mkdir -p "$work/cli"
IFS=: read -r -a entries <target/orderlens.classpath || true
for e in "${entries[@]}"; do
  case "${e##*/}" in
    javafx-*-[0-9]*-*.jar) cp "target/$e" "$work/fx/" ;;     # linked into the runtime below
    javafx-* | controlsfx-*) ;;                               # GUI only (and placeholders)
    *) (cd "$work/cli" && unzip -qo "../../../target/$e") ;;
  esac
  case "${e##*/}" in
    javafx-*) ;;
    *) cp "target/$e" "$work/input/lib/" ;;
  esac
done
(cd "$work/cli" && unzip -qo ../../../target/orderlens.jar -x 'META-INF/MANIFEST.MF')
# a module-info.class at the root would make the jar a (broken) module, and signature files would
# not match the merged jar: the libraries' ones go
find "$work/cli" \( -name module-info.class -o -name "*.SF" -o -name "*.RSA" -o -name "*.DSA" \) -delete
rm -f "$work/cli/META-INF/MANIFEST.MF"
rm -rf "$work/cli/dev/orderlens/ui"   # the app's package: `gui` then says the app is not in this build
printf 'Implementation-Title: OrderLens CLI\nImplementation-Version: %s\nMulti-Release: true\n' "$version" >"$work/cli-manifest"
jar --create --file "$dist/orderlens-cli.jar" --manifest "$work/cli-manifest" \
  --main-class dev.orderlens.cli.Main -C "$work/cli" .
cp target/orderlens.jar "$work/input/"

# --- the runtime: only the modules the app needs, JavaFX linked in (no --module-path at run time) ----
modules=java.base,java.desktop,java.prefs,java.logging,java.xml,java.sql,java.datatransfer,jdk.unsupported,jdk.unsupported.desktop,javafx.controls,javafx.swing
fxjars="$(printf '%s:' "$work"/fx/*.jar)"
# JavaFX's natives travel inside its jars; they go to the runtime's lib/ (where System.loadLibrary
# looks) instead of being extracted to ~/.openjfx on first start
"$jdk/bin/jlink" --module-path "$jdk/jmods:${fxjars%:}" --add-modules "$modules" \
  --exclude-resources 'glob:/javafx.*/*.so' --strip-debug --no-header-files --no-man-pages \
  --compress=2 --output "$work/runtime"
for j in "$work"/fx/*.jar; do
  unzip -qo "$j" '*.so' -d "$work/runtime/lib/" 2>/dev/null || true
done

# --- the app image (jpackage), then our launcher script in bin/ ---------------------------------
cp icons/orderlens-256.png "$work/orderlens.png"
"$jdk/bin/jpackage" --type app-image --name orderlens --app-version "$version" \
  --vendor "OrderLens" --description "Block I/O ordering and crash-survival visualizer" \
  --input "$work/input" --main-jar orderlens.jar --main-class dev.orderlens.cli.Main \
  --runtime-image "$work/runtime" --icon "$work/orderlens.png" --dest "$dist"
image="$dist/orderlens"
# jpackage's native launcher takes fixed options from its .cfg; the script reads ORDERLENS_HEAP and
# the input size (ADR 0141), so it replaces it
rm -f "$image/bin/orderlens" "$image/lib/app/orderlens.cfg" "$image/lib/libapplauncher.so"
install -m 755 src/dist/orderlens-launcher.sh "$image/bin/orderlens"
install -d "$image/share/applications" "$image/share/mime/packages"
install -m 644 src/dist/orderlens.desktop "$image/share/applications/orderlens.desktop"
install -m 644 src/dist/orderlens-mime.xml "$image/share/mime/packages/orderlens.xml"
for s in 16 32 48 64 128 256; do
  install -D -m 644 "icons/orderlens-$s.png" "$image/share/icons/hicolor/${s}x${s}/apps/orderlens.png"
done
install -D -m 644 icons/orderlens.svg "$image/share/icons/hicolor/scalable/apps/orderlens.svg"
install -d "$image/lib/samples"   # the inputs of the class list below (and for trying the CLI)
install -m 644 sample-traces/writeback.guest.blkparse.txt sample-traces/writeback.qemu.log \
  sample-traces/journal-commit.json "$image/lib/samples/"

# --- class-data sharing: the JDK and JavaFX classes the CLI and the app load, archived into the
# runtime's default archive (classes from the runtime image only, so the image can move) -----------
classlist="$work/classlist"
rt="$image/lib/runtime"
ORDERLENS_JAVA_OPTS="-XX:DumpLoadedClassList=$classlist.cli" "$image/bin/orderlens" \
  info "$image"/lib/samples/writeback.guest.blkparse.txt "$image"/lib/samples/writeback.qemu.log \
  "$image"/lib/samples/journal-commit.json >/dev/null
cat "$classlist.cli" >"$classlist"
gui_training=0
if command -v xvfb-run >/dev/null && [[ ${DIST_GUI_CLASSES:-1} == 1 ]]; then
  gui_training=1
  # the app's start-up classes: a training run opens the bundled sample and closes itself once it
  # is drawn and analysed (-Dorderlens.trainingRun; the list is written as classes load)
  ORDERLENS_JAVA_OPTS="-XX:DumpLoadedClassList=$classlist.gui -Dorderlens.trainingRun=true" \
    xvfb-run -a "$image/bin/orderlens" gui >/dev/null 2>&1 || true
  cat "$classlist.gui" >>"$classlist" 2>/dev/null || echo "dist: no class list from the app" >&2
else
  echo "dist: no xvfb-run: the class-data archive covers the CLI only" >&2
fi
"$rt/bin/java" -Xshare:dump -XX:SharedClassListFile="$classlist" \
  -XX:SharedArchiveFile="$rt/lib/server/classes.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off >/dev/null
rm -f "$rt/lib/server/classes_nocoops.jsa"
# the app's own archive on top of that one (ADR 0310): the classes of its jars and whatever else a
# start loads, from a second training run through the image's launcher (the jars named through
# /proc/self/fd, so the archive maps wherever the image goes); made after the runtime's archive,
# which it names as its base
if ((gui_training)); then
  ORDERLENS_GUI_TRAINING="$image/lib/app/orderlens-gui.jsa" xvfb-run -a "$image/bin/orderlens" gui \
    >/dev/null 2>&1 || true
  [[ -f $image/lib/app/orderlens-gui.jsa ]] || echo "dist: the app's training run made no archive" >&2
fi

# --- the portable archive ---------------------------------------------------------------------------
tar -C "$dist" -czf "$dist/orderlens-$version-linux-x64.tar.gz" orderlens

# --- the .deb: the image under /opt/orderlens ---------------------------------------------------------
deb="$work/deb"
mkdir -p "$deb/opt" "$deb/usr/bin" "$deb/usr/share/applications" "$deb/usr/share/mime/packages" "$deb/DEBIAN"
cp -a "$image" "$deb/opt/orderlens"
ln -s /opt/orderlens/bin/orderlens "$deb/usr/bin/orderlens"
sed 's|^Exec=orderlens|Exec=/opt/orderlens/bin/orderlens|' src/dist/orderlens.desktop >"$deb/usr/share/applications/orderlens.desktop"
cp src/dist/orderlens-mime.xml "$deb/usr/share/mime/packages/orderlens.xml"
cp -a "$image/share/icons" "$deb/usr/share/icons"
size="$(du -sk "$deb" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" src/dist/deb-control >"$deb/DEBIAN/control"
# (no maintainer scripts: dpkg's triggers of shared-mime-info, desktop-file-utils and the icon
# cache pick up the files above)
dpkg-deb -Zgzip --root-owner-group --build "$deb" "$dist/orderlens_${version}_amd64.deb" >/dev/null

rm -rf "$work"
echo "dist: built in $dist:"
ls -l "$dist"
