"""What the CLI writes to stdout never fails on a file name, and a closed pipe is quiet.

File names need not be UTF-8: Python holds each undecodable byte as a lone surrogate
(U+DC80..U+DCFF), which UTF-8 cannot encode. Text output writes such a byte back as it was
(so ``clipview search red | xargs ...`` gets the real file names); JSON output writes it as
the JSON escape ``\\udcXX``, so the JSON is valid UTF-8 (and ``json.loads`` followed by
``os.fsencode`` gives the original bytes back). Any other character the terminal's encoding
lacks is escaped (``\\uXXXX``), never an error.

A reader that stops early (``clipview status --json | head -1``) closes the pipe: the rest
of the output goes to /dev/null, as the Python documentation recommends, and the exit code
is 141 (128 + SIGPIPE, what a shell reports for a program stopped by a closed pipe).
"""

from __future__ import annotations

import codecs
import io
import os
import sys

from clipview.cli.errors import BROKEN_PIPE_EXIT

JSON_ERRORS = "clipview-json"
TEXT_ERRORS = "clipview-text"


def _escapes(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if code > 0xFFFF:  # a surrogate pair, as JSON spells it
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


def json_errors(exc: UnicodeError) -> tuple[str, int]:
    """Unencodable characters as JSON ``\\uXXXX`` escapes (they only occur in strings)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return _escapes(exc.object[exc.start:exc.end]), exc.end


def text_errors(exc: UnicodeError) -> tuple[str | bytes, int]:
    """Undecodable file-name bytes as they were; anything else as a backslash escape."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    chunk = exc.object[exc.start:exc.end]
    if all(0xDC80 <= ord(c) <= 0xDCFF for c in chunk):
        return bytes(ord(c) - 0xDC00 for c in chunk), exc.end
    return codecs.backslashreplace_errors(exc)


codecs.register_error(JSON_ERRORS, json_errors)
codecs.register_error(TEXT_ERRORS, text_errors)


def configure_stdout(json_output: bool) -> None:
    """Make stdout write every string (see the module's docstring)."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors=JSON_ERRORS if json_output else TEXT_ERRORS)


def silence_broken_pipe() -> int:
    """After BrokenPipeError: send what is left to /dev/null; returns the exit code."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return BROKEN_PIPE_EXIT
