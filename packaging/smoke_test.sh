#!/usr/bin/env bash
# Smoke test of the one-folder app built by packaging/build.sh: starts dist/clipview/clipview
# with an empty environment (env -i HOME=... QT_QPA_PLATFORM=offscreen) and checks that
# `index` and `search --json` work with the tests' synthetic colour bundle, that HEIC photos
# are read, that the GUI opens and stays up (also with a photo and a folder to open), that the
# app is lean, that the release folder's install.sh installs and uninstalls, that ONNX
# Runtime's telemetry folder never appears, and (test_portable.py, with objdump and
# qemu-x86_64) that the app's hnswlib needs no more than x86-64-v2 and the app answers on a
# QEMU CPU of that level.
#
#     bash packaging/smoke_test.sh                   # in the venv with the test extra
#     CLIPVIEW_FROZEN=/elsewhere/clipview/clipview bash packaging/smoke_test.sh
#
# The synthetic bundle needs `onnx` (the test extra) and ../shared/clip-tokenizer; the app
# itself needs neither.
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${PYTHON:-python}" -m pytest tests/packaging -m slow -v \
  -p no:cacheprovider "$@"
