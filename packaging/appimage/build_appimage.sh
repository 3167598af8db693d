#!/usr/bin/env bash
# Make the AppImage from the one-folder app (packaging/build.sh calls this):
#
#     bash packaging/appimage/build_appimage.sh APP_FOLDER VERSION OUTPUT
#     e.g. ... dist/clipview 0.1.0 dist/clipview-0.1.0-x86_64.AppImage
#
# The AppDir (build/appimage/AppDir):
#   AppRun                              starts usr/lib/clipview/clipview
#   usr/lib/clipview/                   the one-folder app
#   usr/share/applications/             the menu entry (Exec=clipview %F), usr/share/icons/hicolor
#   usr/share/metainfo/                 the icons and the AppStream metainfo, as clipview.desktop
#                                       writes them (PYTHON must import clipview)
#   io.github.clipview.clipview.desktop, io.github.clipview.clipview.png, .DirIcon
#                                       links to those, where AppImage tools look for them
# is packed with mksquashfs (zstd, root-owned, every time SOURCE_DATE_EPOCH, default the last
# commit's: the same AppDir gives the same bytes) and appended to the type-2 runtime
# (build_runtime.sh, built once per version of that script into build/appimage; APPIMAGE_RUNTIME
# names another).  APPIMAGE_ZSTD_LEVEL (default 9) and APPIMAGE_BLOCK_SIZE (default 1M) tune
# mksquashfs.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: build_appimage.sh APP_FOLDER VERSION OUTPUT" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
app=$(realpath "$1")
version=$2
output=$(realpath -m "$3")
PYTHON=${PYTHON:-python}
APP_ID=io.github.clipview.clipview
ZSTD_LEVEL=${APPIMAGE_ZSTD_LEVEL:-9}
BLOCK_SIZE=${APPIMAGE_BLOCK_SIZE:-1M}
work=${APPIMAGE_WORK:-$repo/build/appimage}
fail() { echo "build_appimage: $*" >&2; exit 1; }

[ -x "$app/clipview" ] && [ -d "$app/_internal" ] || fail "$app is not the one-folder app"
command -v mksquashfs >/dev/null || fail "needs mksquashfs (Debian: apt-get install squashfs-tools)"
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git -C "$repo" log -1 --format=%ct 2>/dev/null) \
    || fail "set SOURCE_DATE_EPOCH (not in a git checkout)"
fi

# the runtime: given, or built from the pinned sources once per version of build_runtime.sh
runtime=${APPIMAGE_RUNTIME:-}
if [ -z "$runtime" ]; then
  recipe=$(sha256sum "$here/build_runtime.sh" | cut -c1-12)
  runtime="$work/runtime-$(uname -m)-$recipe"
  [ -x "$runtime" ] || bash "$here/build_runtime.sh" "$runtime"
fi
[ "$(od -An -c -j8 -N3 "$runtime" | tr -d ' ')" = 'AI002' ] \
  || fail "$runtime has no AppImage type-2 magic at offset 8"

appdir="$work/AppDir"
rm -rf "$appdir"
mkdir -p "$appdir/usr/lib"
cp -al "$app" "$appdir/usr/lib/clipview" 2>/dev/null || cp -a "$app" "$appdir/usr/lib/clipview"
install -m 755 "$here/AppRun" "$appdir/AppRun"
"$PYTHON" - "$appdir/usr/share" "$version" <<'EOF'
import sys
from pathlib import Path

from clipview.desktop import APP_ID, install

share, version = Path(sys.argv[1]), sys.argv[2]
install(share, exec_path="clipview")  # AppImage tools point Exec at the AppImage they install
desktop = share / "applications" / f"{APP_ID}.desktop"
desktop.write_text(desktop.read_text(encoding="utf-8") + f"X-AppImage-Version={version}\n",
                   encoding="utf-8")
EOF
rm -f "$appdir/usr/share/applications/mimeinfo.cache"
find "$appdir/usr/share/icons" -name 'icon-theme.cache' -delete
ln -s "usr/share/applications/$APP_ID.desktop" "$appdir/$APP_ID.desktop"
ln -s "usr/share/icons/hicolor/256x256/apps/$APP_ID.png" "$appdir/$APP_ID.png"
ln -s "$APP_ID.png" "$appdir/.DirIcon"

squashfs="$work/clipview.squashfs"
rm -f "$squashfs"
mksquashfs "$appdir" "$squashfs" -quiet -no-progress -noappend -root-owned -no-xattrs \
  -comp zstd -Xcompression-level "$ZSTD_LEVEL" -b "$BLOCK_SIZE" \
  -mkfs-time "$SOURCE_DATE_EPOCH" -all-time "$SOURCE_DATE_EPOCH"
mkdir -p "$(dirname "$output")"
cat "$runtime" "$squashfs" > "$output.part"
chmod 755 "$output.part"
mv "$output.part" "$output"
rm -f "$squashfs"
echo "build_appimage: $output ($(stat -c %s "$output") bytes, squashfs at offset" \
  "$(stat -c %s "$runtime"))"
