#!/usr/bin/env bash
# Build the AppImage type-2 runtime (the ELF at the start of every AppImage, which mounts or
# extracts the squashfs after it) from pinned upstream sources, statically linked, the way
# upstream's scripts/common/install-dependencies.sh and scripts/build-runtime.sh do:
#
#     bash packaging/appimage/build_runtime.sh [OUTPUT]      # default build/appimage/runtime-x86_64
#
#   type2-runtime  AppImage/type2-runtime at TYPE2_RUNTIME_COMMIT (src/runtime: runtime.c,
#                  data_sections.ld, Makefile's flags)
#   libfuse        3.15.0 with upstream's patches/libfuse/mount.c.diff (fusermount from
#                  $FUSERMOUNT_PROG, which the runtime sets), a static library
#   squashfuse     0.5.2, static libraries (-ffunction-sections -fdata-sections -Os)
#   zstd, zlib     the build machine's static libraries (Debian: libzstd-dev, zlib1g-dev)
#
# The result is a static-pie ELF that needs nothing from the machine it runs on but, to mount
# itself, the kernel's FUSE (/dev/fuse) and a setuid fusermount3 (or fusermount) on PATH;
# without those it still runs with --appimage-extract-and-run (APPIMAGE_EXTRACT_AND_RUN=1).
# Upstream links mimalloc too (musl's allocator is slow); this build links glibc statically,
# whose malloc is fine, and Debian ships no static mimalloc, so it is left out.
#
# Where the sources come from (each checked against its pin: a commit id or a sha256):
#   TYPE2_RUNTIME_SRC  an unpacked type2-runtime source tree (used as it is), else
#   TYPE2_RUNTIME_GIT  a git URL or local clone to take TYPE2_RUNTIME_COMMIT from
#                      (default https://github.com/AppImage/type2-runtime)
#   LIBFUSE_SRC / SQUASHFUSE_SRC  unpacked source trees (used as they are), else
#   LIBFUSE_GIT / SQUASHFUSE_GIT  git URLs or clones holding the pinned tags, else
#                      upstream's release tarballs, downloaded and checked by sha256
# Needs: clang (CC; upstream's compiler), meson, ninja, autoconf, automake, libtool, pkg-config,
# static zstd and zlib (Debian: apt-get install clang meson ninja-build autoconf
# automake libtool pkg-config libzstd-dev zlib1g-dev).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=$(realpath -m "${1:-$repo/build/appimage/runtime-$(uname -m)}")

TYPE2_RUNTIME_COMMIT=caf24f9f712084686bfc24a70b75e50df0aefb9c   # 2025-11-08, master
LIBFUSE_VERSION=3.15.0
LIBFUSE_COMMIT=6d08472ea47db895748d5ca7d3daf032c3fefcf8          # tag fuse-3.15.0
LIBFUSE_SHA256=70589cfd5e1cff7ccd6ac91c86c01be340b227285c5e200baa284e401eea2ca0
SQUASHFUSE_VERSION=0.5.2
SQUASHFUSE_COMMIT=775b4cc72ab47641637897f11ce0da15d5c1f115       # tag 0.5.2
SQUASHFUSE_SHA256=db0238c5981dabbd80ee09ae15387f390091668ca060a7bc38047912491443d3
# upstream's compiler; gcc 12 also builds it but stops at a -Werror=format-overflow warning
CC=${CC:-clang}
export CC

work=$(mktemp -d -t clipview-runtime-XXXXXX)
trap 'rm -rf "$work"' EXIT
log() { echo "build_runtime: $*" >&2; }
fail() { log "$*"; exit 1; }

# checkout GIT COMMIT DEST: a shallow-as-possible checkout of exactly COMMIT
checkout() {
  git init -q "$3"
  git -C "$3" fetch -q --depth 1 "$1" "$2" 2>/dev/null || git -C "$3" fetch -q "$1"
  git -C "$3" -c advice.detachedHead=false checkout -q "$2"
  [ "$(git -C "$3" rev-parse HEAD)" = "$2" ] || fail "$1: HEAD is not $2"
}

# download URL SHA256 DEST_DIR: fetch a release tarball, check it, unpack it into DEST_DIR
download() {
  local file="$work/$(basename "$1")"
  if command -v curl >/dev/null; then curl -fsSL -o "$file" "$1"; else wget -q -O "$file" "$1"; fi
  echo "$2  $file" | sha256sum -c --quiet - || fail "$1: sha256 is not $2"
  mkdir -p "$3"
  tar -xf "$file" -C "$3" --strip-components 1
}

# source NAME SRC GIT COMMIT URL SHA256 DEST: a pinned source tree at DEST
source_tree() {
  if [ -n "$2" ]; then
    log "$1: the source tree $2 (as given: not checked against the pin)"
    cp -R "$2/." "$7"
  elif [ -n "$3" ]; then
    log "$1: $4 from $3"
    checkout "$3" "$4" "$7"
  else
    log "$1: $5"
    download "$5" "$6" "$7"
  fi
}

# logged NAME COMMAND...: run COMMAND with its output in NAME's log, shown when it fails
logged() {
  local name=$1
  shift
  "$@" >>"$work/$name.log" 2>&1 || { tail -40 "$work/$name.log" >&2; fail "$name: $* failed"; }
}

build_libfuse() {
  local src="$work/libfuse"
  source_tree libfuse "${LIBFUSE_SRC:-}" "${LIBFUSE_GIT:-}" "$LIBFUSE_COMMIT" \
    "https://github.com/libfuse/libfuse/releases/download/fuse-$LIBFUSE_VERSION/fuse-$LIBFUSE_VERSION.tar.xz" \
    "$LIBFUSE_SHA256" "$src"
  logged libfuse patch -d "$src" -p1 -i "$runtime_src/patches/libfuse/mount.c.diff"
  logged libfuse meson setup --prefix="$prefix" --libdir=lib --default-library=static \
    --buildtype=minsize -Dutils=false -Dexamples=false -Dtests=false "$src/build" "$src"
  logged libfuse ninja -C "$src/build" install
}

build_squashfuse() {
  local src="$work/squashfuse"
  source_tree squashfuse "${SQUASHFUSE_SRC:-}" "${SQUASHFUSE_GIT:-}" "$SQUASHFUSE_COMMIT" \
    "https://github.com/vasi/squashfuse/archive/$SQUASHFUSE_VERSION.tar.gz" \
    "$SQUASHFUSE_SHA256" "$src"
  cd "$src"
  logged squashfuse ./autogen.sh
  PKG_CONFIG_PATH="$prefix/lib/pkgconfig" CFLAGS="-ffunction-sections -fdata-sections -Os" \
    logged squashfuse ./configure --prefix="$prefix" --disable-shared --enable-static \
    --without-lzo --without-lz4 --without-xz LDFLAGS="-static"
  grep -q '^#define HAVE_ZSTD_H 1' config.h || fail "squashfuse: no zstd (install libzstd-dev)"
  grep -q '^#define HAVE_ZLIB_H 1' config.h || fail "squashfuse: no zlib (install zlib1g-dev)"
  logged squashfuse make -j"$(nproc)"
  logged squashfuse make install
  install -m 644 ./*.h "$prefix/include/squashfuse/"   # runtime.c wants fuseprivate.h too
  cd - >/dev/null
}

# the runtime: Makefile's CFLAGS and LIBS (less mimalloc), then build-runtime.sh's steps
build_runtime() {
  local dir="$work/runtime"
  cp -R "$runtime_src/src/runtime" "$dir"
  cd "$dir"
  printf '%s' "https://github.com/AppImage/type2-runtime/commit/${TYPE2_RUNTIME_COMMIT:0:7}" \
    > version                                      # as upstream's CI writes it
  # its --appimage-help names the C library it carries: here glibc, linked statically
  sed -i 's|  \* musl libc, licensed under the terms of\\n|  * the GNU C Library (glibc), licensed under the terms of\\n|;
          s|https://git.musl-libc.org/cgit/musl/tree/COPYRIGHT|https://sourceware.org/glibc/wiki/Licensing|' runtime.c
  grep -q 'glibc/wiki/Licensing' runtime.c || fail "runtime.c: its licence text changed"
  logged runtime "$CC" -std=gnu99 -Os -D_FILE_OFFSET_BITS=64 -DGIT_COMMIT="\"$(cat version)\"" \
    -T data_sections.ld -ffunction-sections -fdata-sections -Wl,--gc-sections -static \
    -Wall -Werror -static-pie -I"$prefix/include" -I"$prefix/include/squashfuse" \
    -I"$prefix/include/fuse3" runtime.c -L"$prefix/lib" \
    -lsquashfuse -lsquashfuse_ll -lzstd -lz -lfuse3 -lpthread -o runtime
  grep -i 'warning' "$work/runtime.log" >&2 || true
  logged runtime strip --strip-debug --strip-unneeded runtime
  # upstream's "classic" magic bytes, after strip: 'AI' and type 2 at offset 8 of the ELF
  printf 'AI\002' | dd of=runtime bs=1 count=3 seek=8 conv=notrunc status=none
  cd - >/dev/null
  mkdir -p "$(dirname "$out")"
  install -m 755 "$dir/runtime" "$out"
}

runtime_src="$work/type2-runtime"
prefix="$work/prefix"
if [ -n "${TYPE2_RUNTIME_SRC:-}" ]; then
  log "type2-runtime: the source tree $TYPE2_RUNTIME_SRC (as given: not checked against the pin)"
  cp -R "$TYPE2_RUNTIME_SRC/." "$runtime_src"
else
  git_url=${TYPE2_RUNTIME_GIT:-https://github.com/AppImage/type2-runtime}
  log "type2-runtime: $TYPE2_RUNTIME_COMMIT from $git_url"
  checkout "$git_url" "$TYPE2_RUNTIME_COMMIT" "$runtime_src"
fi
build_libfuse
build_squashfuse
build_runtime
log "$out: $(stat -c %s "$out") bytes, $(file -b "$out" | cut -d, -f1-2)"
