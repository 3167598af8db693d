#!/usr/bin/env bash
# Build the one-folder app, the release tarball and the AppImage:
#
#     bash packaging/build.sh
#
#   dist/clipview/clipview                           the app: GUI and the whole CLI
#   dist/clipview-<version>-linux-<arch>.tar.zst     clipview/, share/ (menu entry, icons and
#                                                    metainfo laid out for ~/.local), install.sh
#   dist/clipview-<version>-<arch>.AppImage          the app, its menu entry and icons in one
#                                                    file (packaging/appimage/build_appimage.sh)
#
# The app is built in a venv of its own, build/venv, made by BUILD_PYTHON (default python3, a
# CPython 3.11 with its shared libpython) from the hash-pinned lock requirements/app.lock
# (LOCK) and packaging/build-tools.lock (PyInstaller), with clipview installed from this tree:
# the same lock gives the same libraries in the app. The venv is made again when either lock
# changes. PYTHON=/path/to/python builds in that environment instead (one where clipview, its
# dependencies and PyInstaller are installed), as build.sh did before the lock.
#
# Nothing from the build machine is needed at run time (tests/packaging/test_frozen.py and
# packaging/smoke_test.sh check it), nor its CPU's extensions: the app runs on x86-64-v2
# (tests/packaging/test_portable.py). The AppImage needs squashfs-tools here and the type-2
# runtime, built once from pinned sources (packaging/appimage/build_runtime.sh says what it
# needs; APPIMAGE_RUNTIME names a runtime already built; BUILD_APPIMAGE=0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=${LOCK:-requirements/app.lock}
BUILD_TOOLS_LOCK=packaging/build-tools.lock
# zstd level of the tarball, measured on 2 cores (a 676 MiB app, idle machine): -3 3 s 344 MB,
# -10 14 s 328 MB, -15 47 s 327 MB, -19 169 s 310 MB (gzip -6: 25 s 389 MB; xz -6: 173 s
# 301 MB); the build of 2026-12-03 packed its 680 MiB app at -10 in 34 s into 312 MiB
TARBALL_ZSTD_LEVEL=${TARBALL_ZSTD_LEVEL:-10}

# build/venv from the locks: made again when they change, clipview reinstalled every build
build_venv() {
  local venv=build/venv want
  want=$(cat "$LOCK" "$BUILD_TOOLS_LOCK" | sha256sum | cut -d' ' -f1)
  if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.locks-sha256" 2>/dev/null)" != "$want" ]; then
    "${BUILD_PYTHON:-python3}" -c 'import sys; assert sys.version_info[:2] == (3, 11)' \
      || { echo "build.sh: the lock is for CPython 3.11: set BUILD_PYTHON" >&2; exit 1; }
    rm -rf "$venv"
    "${BUILD_PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --require-hashes --only-binary :all: \
      --no-binary hnswlib -r "$LOCK" -r "$BUILD_TOOLS_LOCK"
    echo "$want" > "$venv/.locks-sha256"
  fi
  "$venv/bin/python" -m pip install --quiet --no-deps --force-reinstall .
  PYTHON="$PWD/$venv/bin/python"
}

started=$(date +%s)
if [ -z "${PYTHON:-}" ]; then
  build_venv
fi
if ! "$PYTHON" -c "import clipview.cli, PySide6.QtWidgets, onnxruntime, hnswlib, tokenizers, pi_heif, PyInstaller" 2>/dev/null; then
  echo "build.sh: $PYTHON lacks clipview, its dependencies or PyInstaller" >&2
  exit 1
fi

version=$("$PYTHON" -c "import clipview; print(clipview.__version__)")
arch=$(uname -m)
name="clipview-$version-linux-$arch"

# --- hnswlib, compiled for the app's CPU floor ---------------------------------------------
# hnswlib's setup.py adds -march=native unless HNSWLIB_NO_NATIVE is set, and its SIMD paths are
# chosen at compile time (__AVX__, __AVX512F__): the venv's copy carries this machine's
# AVX-512 and dies with SIGILL elsewhere. The app gets its own copy, built from source for
# X86_LEVEL (the floor numpy 2.4 already sets: SSE4.2 and POPCNT, no AVX; README "The
# one-folder app"), put first on PyInstaller's path; the venv is left as it is.
X86_LEVEL=x86-64-v2
portable="build/hnswlib-$X86_LEVEL"
hnswlib_version=$("$PYTHON" -c "import importlib.metadata as m; print(m.version('hnswlib'))")
rm -rf "$portable"
mkdir -p "$portable/wheel"
HNSWLIB_NO_NATIVE=1 CFLAGS="-march=$X86_LEVEL -mtune=generic" \
  CXXFLAGS="-march=$X86_LEVEL -mtune=generic" \
  "$PYTHON" -m pip wheel --quiet --no-deps --no-cache-dir --no-binary hnswlib \
  --wheel-dir "$portable/wheel" "hnswlib==$hnswlib_version"
"$PYTHON" -m zipfile -e "$portable"/wheel/hnswlib-*.whl "$portable/site"
export CLIPVIEW_PORTABLE_SITE="$PWD/$portable/site"

"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/clipview.spec
built=$(date +%s)
for module in "$CLIPVIEW_PORTABLE_SITE"/hnswlib*.so; do
  if ! cmp -s "$module" "dist/clipview/_internal/$(basename "$module")"; then
    echo "build.sh: the app's $(basename "$module") is not the $X86_LEVEL build" >&2
    exit 1
  fi
done

# --- the release folder: the app, the desktop files laid out for ~/.local, install.sh --------
stage="dist/$name"
rm -rf "$stage" "dist/$name.tar.gz" "dist/$name.tar.zst"
mkdir -p "$stage"
cp -al dist/clipview "$stage/clipview"        # hard links: no second copy on disk
"$PYTHON" - "$stage/share" <<'EOF'
import sys
from pathlib import Path

from clipview.desktop import install

install(Path(sys.argv[1]), exec_path="clipview")  # install.sh points Exec at the real path
EOF
rm -f "$stage/share/applications/mimeinfo.cache"
cp packaging/install.sh "$stage/install.sh"
chmod 755 "$stage/install.sh"
tar -C dist -I "zstd -T0 -$TARBALL_ZSTD_LEVEL" -cf "dist/$name.tar.zst" "$name"
tarred=$(date +%s)

# --- the AppImage ------------------------------------------------------------------------
appimage="dist/clipview-$version-$arch.AppImage"
rm -f "$appimage"
if [ "${BUILD_APPIMAGE:-1}" != 0 ]; then
  PYTHON="$PYTHON" bash packaging/appimage/build_appimage.sh dist/clipview "$version" "$appimage"
fi
finished=$(date +%s)

"dist/clipview/clipview" --version
echo "build: $((built - started)) s venv and PyInstaller, $((tarred - built)) s release tarball," \
  "$((finished - tarred)) s AppImage"
du -sh dist/clipview "dist/$name.tar.zst" dist/*.AppImage 2>/dev/null || true
echo "largest files in dist/clipview:"
# awk reads to the end (head would close the pipe early: SIGPIPE, exit 141 under pipefail)
find dist/clipview -type f -printf '%s %P\n' | sort -rn \
  | awk 'NR <= 8 { printf "  %7.1f MB  %s\n", $1 / 1048576, $2 }'
