#!/bin/sh
# Install clipview for the current user from this release folder (no root, no compiler):
#
#     ./install.sh                the app into ~/.local/lib/clipview, a `clipview` link in
#                                 ~/.local/bin, the menu entry and icons into ~/.local/share
#     ./install.sh --uninstall    remove exactly those again (your library and settings stay)
#
# PREFIX (default ~/.local: the app and the link) and XDG_DATA_HOME (default ~/.local/share:
# the menu entry and icons) choose other places.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
APP="$PREFIX/lib/clipview"
LINK="$PREFIX/bin/clipview"
DESKTOP="$DATA/applications/io.github.clipview.clipview.desktop"

fail() { echo "install.sh: $*" >&2; exit 1; }

# an installed app folder: ours to replace; anything else there is never deleted
is_our_app() { [ -x "$1/clipview" ] && [ -d "$1/_internal" ]; }

# one Exec argument as the Desktop Entry spec wants it: quoted when it holds reserved
# characters (with \ " ` $ escaped), then every backslash doubled for the file format
exec_arg() {
  case "$1" in
    *[!A-Za-z0-9_/.+,:=@%-]*)
      escaped=$(printf '%s' "$1" | sed 's/[\\"`$]/\\&/g')
      printf '"%s"' "$escaped" | sed 's/\\/\\\\/g' ;;
    *) printf '%s' "$1" ;;
  esac
}

refresh() {
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$DATA/applications" 2>/dev/null || true
  fi
  touch "$DATA/icons/hicolor" 2>/dev/null || true
}

uninstall() {
  (cd "$HERE/share" && find . -type f) | while IFS= read -r file; do
    rm -f "$DATA/$file"
  done
  if [ -L "$LINK" ]; then rm -f "$LINK"; fi
  if [ -e "$APP" ]; then
    is_our_app "$APP" || fail "$APP is not a clipview install: left alone"
    rm -rf "$APP"
  fi
  refresh
  echo "clipview removed (the library and settings in your data folder are kept)"
}

install_app() {
  [ -x "$HERE/clipview/clipview" ] || fail "run me from the unpacked release folder"
  case "$APP$DATA" in *'
'*) fail "install paths with a newline are not supported" ;; esac
  if [ -e "$APP" ] && ! is_our_app "$APP"; then
    fail "$APP exists and is not a clipview install: move it away first"
  fi
  mkdir -p "$PREFIX/lib" "$PREFIX/bin"
  rm -rf "$APP.new"
  cp -R "$HERE/clipview" "$APP.new"
  rm -rf "$APP"
  mv "$APP.new" "$APP"
  ln -sfn "$APP/clipview" "$LINK"
  (cd "$HERE/share" && find . -type f) | while IFS= read -r file; do
    mkdir -p "$DATA/$(dirname "$file")"
    cp "$HERE/share/$file" "$DATA/$file"
  done
  EXEC_LINE="Exec=$(exec_arg "$APP/clipview") %F" \
  TRYEXEC_LINE="TryExec=$(printf '%s' "$APP/clipview" | sed 's/\\/\\\\/g')" \
    awk '/^Exec=/ { print ENVIRON["EXEC_LINE"]; print ENVIRON["TRYEXEC_LINE"]; next }
         /^TryExec=/ { next } { print }' "$HERE/share/applications/${DESKTOP##*/}" > "$DESKTOP"
  refresh
  echo "clipview installed: $APP"
  echo "menu entry: $DESKTOP"
  case ":$PATH:" in
    *":$PREFIX/bin:"*) ;;
    *) echo "note: $PREFIX/bin is not on PATH; start it from the menu or as $LINK" ;;
  esac
}

case "${1:-}" in
  --uninstall) uninstall ;;
  "") install_app ;;
  *) fail "usage: install.sh [--uninstall]" ;;
esac
