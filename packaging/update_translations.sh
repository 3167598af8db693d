#!/bin/sh
# The window's texts for translators (README.txt in clipview/resources/translations):
#   1. clipview.ts, the template, made again from every tr()/translate() in clipview/gui;
#   2. each language's clipview_<lang>.ts brought up to date with the code (new texts
#      added unfinished, vanished ones dropped);
#   3. each clipview_<lang>.ts compiled to the clipview_<lang>.qm the app loads.
# Run from anywhere, in the project's virtual environment (PySide6 ships both tools).
set -eu
cd "$(dirname "$0")/.."
LUPDATE=${LUPDATE:-pyside6-lupdate}
LRELEASE=${LRELEASE:-pyside6-lrelease}
folder=clipview/resources/translations
# locations none: the template changes only when a text does, not when a line moves
"$LUPDATE" -locations none -no-obsolete -source-language en clipview/gui/*.py \
    -ts "$folder/clipview.ts"
for ts in "$folder"/clipview_*.ts; do
    [ -e "$ts" ] || continue
    "$LUPDATE" -locations none -no-obsolete -source-language en clipview/gui/*.py -ts "$ts"
    "$LRELEASE" "$ts" -qm "${ts%.ts}.qm"
done
