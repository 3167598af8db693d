#!/usr/bin/env bash
# Build the one-folder app and the release tarball, in the active Python environment (a venv
# where clipview and its dependencies are installed, e.g. `pip install -e .`):
#
#     bash packaging/build.sh
#
#   dist/clipview/clipview                           the app: GUI and the whole CLI
#   dist/clipview-<version>-linux-<arch>.tar.gz      clipview/, share/ (menu entry, icons and
#                                                    metainfo laid out for ~/.local), install.sh
#
# PyInstaller is installed into the environment when missing. Nothing from the build machine
# is needed at run time (tests/packaging/test_frozen.py and packaging/smoke_test.sh check it),
# nor its CPU's extensions: the app runs on x86-64-v2 (tests/packaging/test_portable.py).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python}
PYINSTALLER_SPEC="pyinstaller>=6.10,<7"

if ! "$PYTHON" -c "import clipview.cli, PySide6.QtWidgets, onnxruntime, hnswlib, tokenizers, pi_heif" 2>/dev/null; then
  echo "build.sh: activate the venv where clipview is installed (pip install -e .) first" >&2
  exit 1
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
  "$PYTHON" -m pip install --quiet "$PYINSTALLER_SPEC"
fi

version=$("$PYTHON" -c "import clipview; print(clipview.__version__)")
arch=$(uname -m)
name="clipview-$version-linux-$arch"
started=$(date +%s)

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
rm -rf "$stage" "dist/$name.tar.gz"
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
tar -C dist -czf "dist/$name.tar.gz" "$name"
finished=$(date +%s)

"dist/clipview/clipview" --version
echo "build: $((built - started)) s PyInstaller, $((finished - built)) s release tarball"
du -sh dist/clipview "dist/$name.tar.gz"
echo "largest files in dist/clipview:"
find dist/clipview -type f -printf '%s %P\n' | sort -rn | head -8 \
  | awk '{ printf "  %7.1f MB  %s\n", $1 / 1048576, $2 }'
