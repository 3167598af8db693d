#!/usr/bin/env bash
# Follow the README's AppImage path in a Debian 12 with nothing a developer has: a
# `debootstrap --variant=minbase` root (no compiler, no Python), the README's "Qt's system
# libraries" apt-get line (read from README.md, so the two cannot drift apart), the AppImage
# copied in, then `index` and `search` with the synthetic colour bundle, and the window started
# offscreen. Root only (chroot, mounts); Debian's mirror must be reachable.
#
#     sudo bash packaging/try_in_minimal_debian.sh [dist/clipview-<version>-x86_64.AppImage]
#
# ROOTFS (default /tmp/clipview-minimal-root) is made once and kept; PYTHON (a venv with the
# test extra) writes the bundle and the photos.
set -euo pipefail
cd "$(dirname "$0")/.."
appimage=$(realpath "${1:-$(ls dist/clipview-*.AppImage | tail -1)}")
root=${ROOTFS:-/tmp/clipview-minimal-root}
PYTHON=${PYTHON:-python}
say() { echo "try_in_minimal_debian: $*" >&2; }

if [ ! -x "$root/bin/sh" ]; then
  say "debootstrap --variant=minbase bookworm $root"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
fi
for tool in gcc cc g++ python3; do
  if chroot "$root" sh -c "command -v $tool" >/dev/null; then say "$root has $tool"; exit 1; fi
done
# the README's Debian line: from "sudo apt-get install libgl1" to the line ending "# Debian, Ubuntu"
packages=$(sed -n '/^    sudo apt-get install libgl1/,/# Debian, Ubuntu/p' README.md \
  | sed 's/#.*//; s/sudo apt-get install//; s/\\//g' | tr -s ' \n' ' ')
[ -n "$packages" ] || { say "no apt-get line for Qt's system libraries in README.md"; exit 1; }
say "apt-get install $packages"
chroot "$root" sh -c "apt-get update -qq && apt-get install -y -qq $packages" >/dev/null

mountpoint -q "$root/proc" || mount --bind /proc "$root/proc"
mountpoint -q "$root/dev" || mount --bind /dev "$root/dev"
trap 'umount "$root/proc" "$root/dev" 2>/dev/null || true' EXIT
work="$root/root/try"
rm -rf "$work" && mkdir -p "$work"
cp "$appimage" "$work/clipview.AppImage"
"$PYTHON" -c "
from pathlib import Path
from tests.helpers.synthetic_bundle import build_colour_bundle
from tests.helpers.library_data import colour_folder
build_colour_bundle(Path('$work/bundle')); colour_folder(Path('$work/Pictures'))"
# the AppImage as a person runs it; FUSE is not set up in the root, so it extracts itself
chroot "$root" env -i HOME=/root PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen sh -ec '
  cd /root/try
  ./clipview.AppImage --version
  export CLIPVIEW_HOME=/root/try/library
  ./clipview.AppImage index Pictures --model bundle
  ./clipview.AppImage search red -n 3 --model bundle | tee hits
  [ "$(grep -c /red_ hits)" = 3 ]
  timeout 15 ./clipview.AppImage --model bundle Pictures 2>gui.err && status=0 || status=$?
  [ "$status" = 124 ] || { cat gui.err; echo "the window did not stay up ($status)"; exit 1; }
  ! grep -q Traceback gui.err'
say "the AppImage indexed, answered a search and kept its window up in $root"
