"""What clipview's wheels carry besides their Python code, and under which licences: the
native libraries vendored in them (auditwheel's ``*.libs`` folders, PySide6's Qt), code
compiled into their extensions (LibRaw in rawpy), and the distributions whose wheels carry no
licence file. A library found in a ``*.libs`` folder or in PySide6/Qt that no row here names
is an error (``packaging/licences.py`` fails the build): a new dependency cannot slip in.

``texts`` are keys of ``clipview/data/licence_texts.json``; ``@dist`` stands for the licence
files of the wheel that vendors the library, where those already hold its licence (numpy's
and Pillow's wheels append the texts of what they bundle)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Native:
    component: str
    pattern: str            # re.search on the library's path ("av.libs/libx264-d6533a8d.so.165")
    spdx: str
    url: str
    texts: tuple[str, ...]
    copyright: str = ""
    dists: tuple[str, ...] = ()   # only in these wheels (canonical names); () anywhere
    probe: str = ""         # "module:attribute" or "module:function()": its exact version
    source: str = ""        # how the wheel's copy was built
    note: str = ""
    version_of: str = ""    # its version is this distribution's (Qt's is PySide6's)

    def matches(self, path: str, dist: str) -> bool:
        return (not self.dists or dist in self.dists) and re.search(self.pattern, path) is not None


GNU_DUAL = ("LGPL-3.0", "GPL-3.0", "GPL-2.0")   # "LGPL-3.0-or-later OR GPL-2.0-or-later"
PYAV = ("built for PyAV's wheels by PyAV-Org/pyav-ffmpeg (https://github.com/PyAV-Org/pyav-ffmpeg"
        "; its scripts/pkg.py names each library's source tarball, PyAV's "
        "scripts/ffmpeg-<version>.json the release its wheels use)")
ALMA = ("taken by auditwheel from AlmaLinux 8's package (the version above) into PyAV's wheel; "
        "source: https://vault.almalinux.org/8/ (the .src.rpm of that version)")
PI_HEIF = ("built for pi-heif's wheels by https://github.com/bigcat88/pillow_heif "
           "(libheif/linux_build_libs.py)")
RAWPY = ("built for rawpy's wheels by https://github.com/letmaik/rawpy "
         "(.github/scripts/build-linux.sh)")
GCC_RUNTIME = "GPL-3.0-or-later WITH GCC-exception-3.1"
FFMPEG_NOTE = (
    "Configured with --enable-version3 and without --enable-gpl, so it reports 'LGPL version 3 "
    "or later'; but pyav-ffmpeg's patches/ffmpeg.patch moves libx264 and libx265 from "
    "FFmpeg's GPL list to its version3 list, and libavcodec links both (GPL-2.0-or-later): "
    "the libraries as shipped are distributed under GPL-3.0-or-later (packaging/LICENSING.md). "
    "clipview only decodes video; it never encodes.")

_AV = (
    Native("FFmpeg", r"(^|/)lib(avcodec|avdevice|avfilter|avformat|avutil|swresample|swscale)-"
           r"[0-9a-f]{8}\.so", "LGPL-3.0-or-later", "https://ffmpeg.org", ("LGPL-3.0", "GPL-3.0"),
           "Copyright the FFmpeg developers (https://ffmpeg.org/)", ("av",),
           "av:ffmpeg_version_info", PYAV, FFMPEG_NOTE),
    Native("x264", r"(^|/)libx264-", "GPL-2.0-or-later",
           "https://www.videolan.org/developers/x264.html", ("GPL-2.0",),
           "Copyright (C) 2003-2025 x264 project", ("av",), source=PYAV,
           note="An H.264 encoder; FFmpeg links it, clipview never encodes. x264 makes no "
           "releases: its version is the commit pyav-ffmpeg's scripts/pkg.py names at that "
           "release's tag (core 165 is its API)."),
    Native("x265", r"(^|/)libx265-", "GPL-2.0-or-later",
           "https://bitbucket.org/multicoreware/x265_git", ("GPL-2.0",),
           "Copyright the x265 authors (MulticoreWare, Inc.)", ("av",), source=PYAV,
           note="An HEVC encoder; FFmpeg links it, clipview never encodes."),
    Native("SVT-AV1", r"(^|/)libSvtAv1Enc-", "BSD-3-Clause-Clear",
           "https://gitlab.com/AOMediaCodec/SVT-AV1", ("BSD-3-Clause-Clear",),
           "Copyright (c) 2019, Alliance for Open Media. All rights reserved.", ("av",),
           source=PYAV, note="With the Alliance for Open Media Patent License 1.0 "
           "(https://aomedia.org/license/patent-license/)."),
    Native("dav1d", r"(^|/)libdav1d-", "BSD-2-Clause", "https://code.videolan.org/videolan/dav1d",
           ("BSD-2-Clause",), "Copyright © 2018-2019, VideoLAN and dav1d authors", ("av",),
           source=PYAV),
    Native("libvpx", r"(^|/)libvpx-", "BSD-3-Clause",
           "https://chromium.googlesource.com/webm/libvpx", ("BSD-3-Clause",),
           "Copyright (c) 2010, The WebM Project authors. All rights reserved.", ("av",),
           source=PYAV, note="With Google's patent grant (PATENTS in its source)."),
    Native("Opus", r"(^|/)libopus-", "BSD-3-Clause", "https://opus-codec.org",
           ("BSD-3-Clause",), "Copyright the Opus authors (Xiph.Org Foundation and others)",
           ("av",), source=PYAV),
    Native("LAME", r"(^|/)libmp3lame-", "LGPL-2.0-or-later", "https://lame.sourceforge.io",
           ("LGPL-2.0",), "Copyright the LAME authors", ("av",), source=PYAV),
    Native("opencore-amr", r"(^|/)libopencore-amr(nb|wb)-", "Apache-2.0",
           "https://opencore-amr.sourceforge.io", ("Apache-2.0",),
           "Copyright the opencore-amr authors", ("av",), source=PYAV),
    Native("GnuTLS", r"(^|/)libgnutls-", "LGPL-2.1-or-later", "https://www.gnutls.org",
           ("LGPL-2.1",), "Copyright the GnuTLS authors", ("av",), source=PYAV),
    Native("Nettle", r"(^|/)lib(nettle|hogweed)-", "LGPL-3.0-or-later OR GPL-2.0-or-later",
           "https://www.lysator.liu.se/~nisse/nettle/", GNU_DUAL, "Copyright the Nettle authors",
           ("av",), source=PYAV),
    Native("GMP", r"(^|/)libgmp-", "LGPL-3.0-or-later OR GPL-2.0-or-later", "https://gmplib.org",
           GNU_DUAL, "Copyright the GMP authors (Free Software Foundation, Inc.)", ("av",),
           source=PYAV),
    Native("libunistring", r"(^|/)libunistring-", "LGPL-3.0-or-later OR GPL-2.0-or-later",
           "https://www.gnu.org/software/libunistring/", GNU_DUAL,
           "Copyright the libunistring authors (Free Software Foundation, Inc.)", ("av",),
           source=PYAV),
    Native("libvpl", r"(^|/)libvpl-", "MIT", "https://github.com/intel/libvpl", ("MIT",),
           "Copyright (c) Intel Corporation", ("av",), source=PYAV),
    Native("libwebp", r"(^|/)lib(webp|webpmux|webpdemux|sharpyuv)-", "BSD-3-Clause",
           "https://chromium.googlesource.com/webm/libwebp", ("BSD-3-Clause",),
           "Copyright (c) 2010, Google Inc. All rights reserved.", ("av",), source=PYAV,
           note="With Google's patent grant (PATENTS in its source)."),
    Native("alsa-lib", r"(^|/)libasound-", "LGPL-2.1-or-later", "https://www.alsa-project.org",
           ("LGPL-2.1",), "Copyright the ALSA authors", ("av",), source=PYAV),
    Native("libxcb", r"(^|/)libxcb(-[a-z]+)?-[0-9a-f]{8}\.so", "X11", "https://xcb.freedesktop.org",
           ("notice-libxcb",), dists=("av",), source=ALMA),
    Native("libXau", r"(^|/)libXau-", "MIT-open-group", "https://gitlab.freedesktop.org/xorg/lib/libxau",
           ("notice-libXau",), dists=("av",), source=ALMA),
    Native("libdrm", r"(^|/)libdrm-", "MIT", "https://gitlab.freedesktop.org/mesa/drm",
           ("notice-libdrm",), dists=("av",), source=ALMA),
)

_PILLOW_SOURCE = ("built for Pillow's wheels by https://github.com/python-pillow/Pillow "
                  "(.github/workflows/wheels-dependencies.sh)")
_PILLOW = tuple(
    Native(name, rf"(^|/)pillow\.libs/{pattern}", spdx, url, ("@dist",), dists=("pillow",),
           source=_PILLOW_SOURCE)
    for name, pattern, spdx, url in (
        ("libavif", r"libavif-", "BSD-2-Clause", "https://github.com/AOMediaCodec/libavif"),
        ("Brotli", r"libbrotli(common|dec|enc)-", "MIT", "https://github.com/google/brotli"),
        ("FreeType", r"libfreetype-", "FTL OR GPL-2.0-or-later", "https://freetype.org"),
        ("HarfBuzz", r"libharfbuzz-", "MIT-Modern-Variant", "https://harfbuzz.github.io"),
        ("libjpeg-turbo", r"libjpeg-", "IJG AND BSD-3-Clause AND Zlib", "https://libjpeg-turbo.org"),
        ("Little CMS", r"liblcms2-", "MIT", "https://www.littlecms.com"),
        ("XZ Utils (liblzma)", r"liblzma-", "0BSD", "https://tukaani.org/xz/"),
        ("OpenJPEG", r"libopenjp2-", "BSD-2-Clause", "https://www.openjpeg.org"),
        ("libpng", r"libpng16-", "libpng-2.0", "http://www.libpng.org/pub/png/libpng.html"),
        ("libtiff", r"libtiff-", "libtiff", "https://libtiff.gitlab.io/libtiff/"),
        ("libwebp", r"lib(webp|webpmux|webpdemux|sharpyuv)-", "BSD-3-Clause",
         "https://chromium.googlesource.com/webm/libwebp"),
        ("libxcb", r"libxcb(-[a-z]+)?-[0-9a-f]{8}\.so", "X11", "https://xcb.freedesktop.org"),
        ("libXau", r"libXau-", "MIT-open-group", "https://gitlab.freedesktop.org/xorg/lib/libxau"),
        ("zstd", r"libzstd-", "BSD-3-Clause OR GPL-2.0-only", "https://facebook.github.io/zstd/"),
    ))

_BLAS_SOURCE = "built by https://github.com/MacPython/openblas-libs (the scipy-openblas wheels)"
_OTHERS = (
    Native("libheif", r"(^|/)libheif-", "LGPL-3.0-or-later", "https://github.com/strukturag/libheif",
           ("LGPL-3.0", "GPL-3.0"), "Copyright the libheif authors (struktur AG)", ("pi-heif",),
           "pi_heif:libheif_version()", PI_HEIF),
    Native("libde265", r"(^|/)libde265-", "LGPL-3.0-or-later",
           "https://github.com/strukturag/libde265", ("LGPL-3.0", "GPL-3.0"),
           "Copyright the libde265 authors (struktur AG)", ("pi-heif",), source=PI_HEIF),
    Native("OpenBLAS", r"(^|/)libscipy_openblas", "BSD-3-Clause",
           "https://github.com/OpenMathLib/OpenBLAS", ("@dist",), dists=("numpy", "scipy"),
           source=_BLAS_SOURCE),
    Native("GCC runtime (libgfortran)", r"(^|/)libgfortran-", GCC_RUNTIME, "https://gcc.gnu.org",
           ("@dist",), dists=("numpy", "scipy"), source=_BLAS_SOURCE),
    Native("GCC runtime (libquadmath)", r"(^|/)libquadmath-", "LGPL-2.1-or-later",
           "https://gcc.gnu.org", ("@dist",), dists=("numpy", "scipy"), source=_BLAS_SOURCE),
    Native("GCC runtime (libgomp)", r"(^|/)libgomp-", GCC_RUNTIME, "https://gcc.gnu.org",
           ("GPL-3.0", "GCC-exception-3.1"), "Copyright (C) Free Software Foundation, Inc.",
           source="taken by auditwheel from AlmaLinux 8's GCC (the version above); source: "
           "https://vault.almalinux.org/8/ or https://gcc.gnu.org/releases.html"),
    Native("JasPer", r"(^|/)libjasper-", "JasPer-2.0", "https://github.com/jasper-software/jasper",
           ("JasPer-2.0",), dists=("rawpy",), source=RAWPY),
    Native("libjpeg-turbo", r"(^|/)libjpeg-[0-9a-f]{8}\.so", "IJG AND BSD-3-Clause AND Zlib",
           "https://libjpeg-turbo.org", ("notice-IJG", "BSD-3-Clause", "Zlib"),
           "Copyright (C) 1991-2025 The libjpeg-turbo Project and many others", ("rawpy",),
           source=RAWPY),
    Native("Little CMS", r"(^|/)liblcms2-", "MIT", "https://www.littlecms.com", ("notice-lcms2",),
           dists=("rawpy",), source=RAWPY),
    Native("ICU", r"(^|/)PySide6/Qt/lib/libicu", "Unicode-DFS-2016", "https://icu.unicode.org",
           ("Unicode-DFS-2016",), dists=("pyside6-essentials",),
           source="the ICU Qt's wheels are built with: https://github.com/unicode-org/icu/releases",
           note="ICU's own LICENSE (Copyright © 2016-2023 Unicode, Inc.) also names third-party "
           "parts (dictionaries, time zone data, double-conversion): "
           "https://github.com/unicode-org/icu/blob/main/LICENSE"),
    Native("Qt", r"(^|/)PySide6/Qt/(lib/libQt6|plugins/|qml/)", "LGPL-3.0-only OR GPL-2.0-only OR "
           "GPL-3.0-only", "https://www.qt.io", ("LGPL-3.0", "GPL-3.0", "GPL-2.0"),
           "Copyright (C) The Qt Company Ltd. and other contributors.", ("pyside6-essentials",),
           source="https://download.qt.io/official_releases/qt/ (the version above, the "
           "'single' source archive)",
           note="Qt's modules contain third-party code under other licences (zlib, PCRE2, "
           "HarfBuzz, FreeType, libpng, libjpeg …), listed with their texts at "
           "https://doc.qt.io/qt-6/licenses-used-in-qt.html", version_of="pyside6-essentials"),
)

NATIVES: tuple[Native, ...] = _AV + _PILLOW + _OTHERS


@dataclass(frozen=True)
class Embedded:
    """Code compiled into a distribution's own extension (no file of its own)."""

    dist: str
    component: str
    spdx: str
    url: str
    texts: tuple[str, ...]
    probe: str = ""
    source: str = ""


EMBEDDED: tuple[Embedded, ...] = (
    Embedded("rawpy", "LibRaw", "LGPL-2.1-only OR CDDL-1.0", "https://www.libraw.org", ("@dist",),
             "rawpy:libraw_version", "https://www.libraw.org/download (the version above), "
             "compiled into rawpy's extension by its CI: https://github.com/letmaik/rawpy"),
)


@dataclass(frozen=True)
class DistLicence:
    """A distribution's licence where its wheel's metadata lacks it: an SPDX expression, and
    the texts when the wheel carries no licence file at all."""

    spdx: str
    texts: tuple[str, ...] = ()
    copyright: str = ""
    url: str = ""


_QT_TEXTS = ("LGPL-3.0", "GPL-3.0", "GPL-2.0")
_QT_SPDX = "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only"
DISTRIBUTIONS: dict[str, DistLicence] = {
    "pyside6-essentials": DistLicence(_QT_SPDX, _QT_TEXTS, "Copyright (C) The Qt Company Ltd.",
                                      "https://pyside.org"),
    "shiboken6": DistLicence(_QT_SPDX, _QT_TEXTS, "Copyright (C) The Qt Company Ltd.",
                             "https://pyside.org"),
    "tokenizers": DistLicence("Apache-2.0", ("Apache-2.0",),
                              "Copyright the tokenizers authors (Hugging Face)",
                              "https://github.com/huggingface/tokenizers"),
    "flatbuffers": DistLicence("Apache-2.0", ("Apache-2.0",),
                               "Copyright the FlatBuffers authors (Google Inc.)",
                               "https://github.com/google/flatbuffers"),
    # licence files present, the metadata's words are not SPDX
    "onnxruntime-gpu": DistLicence("MIT"),
    "onnxruntime": DistLicence("MIT"),
    "defusedxml": DistLicence("PSF-2.0"),
    "protobuf": DistLicence("BSD-3-Clause"),
    "scipy": DistLicence("BSD-3-Clause"),
    "hnswlib": DistLicence("Apache-2.0"),
    "pi-heif": DistLicence("BSD-3-Clause"),
    "imagehash": DistLicence("BSD-2-Clause"),
    "pyinstaller": DistLicence("GPL-2.0-or-later WITH Bootloader-exception"),
}


def vendored(path: str) -> bool:
    """A library a wheel carries from elsewhere (not its own extension or library)."""
    parts = path.split("/")
    return any(part.endswith(".libs") for part in parts[:-1]) or "PySide6/Qt/" in path


def native_for(path: str, dist: str) -> Native | None:
    return next((row for row in NATIVES if row.matches(path, dist)), None)
