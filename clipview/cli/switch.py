"""The command line's part of a model switch: ``clipview index`` builds the target model's
vectors after indexing with the model in use, and ``status`` shows the switch."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from clipview.cli.output import counted, drive
from clipview.core.library.library import Library
from clipview.core.library.reports import StatusReport
from clipview.core.progress import CancelToken, IndexSummary


def index_target(library: Library, args: argparse.Namespace) -> dict[str, Any] | None:
    """After ``index`` with the model in use: encode what the target model lacks (with a
    progress bar on a terminal) and switch to it when it covers the library. Returns what
    happened (None: no switch under way)."""
    from clipview.core.library.model_switch import build_target, promote_if_complete
    from clipview.core.models.library_models import LibraryModels

    models = LibraryModels(library.home, library.catalog)
    target = models.target()
    if target is None:
        return None
    summary: IndexSummary | None = None
    if models.coverage(target).key != library.key:
        token = CancelToken()
        if not args.json and sys.stderr.isatty():
            print(f"building the vectors of {target}", file=sys.stderr)
        summary = drive(build_target(library, token, batch_size=max(1, args.batch_size)),
                        token, quiet=args.json)
    switched = promote_if_complete(models) or models.target() is None
    coverage = models.coverage(target)
    return {"name": target, "indexed": summary.indexed if summary else 0,
            "done": coverage.done, "total": coverage.total, "in_use": switched}


def print_target(result: dict[str, Any]) -> None:
    """The plain-text line about the switch after ``index``."""
    if result["in_use"]:
        print(f"now using {result['name']} (encoded {counted(result['indexed'], 'photo')} "
              "for it)")
    else:
        print(f"{result['name']}: {result['done']}/{result['total']} photos have its "
              "vectors; search uses the current model until it has all of them")


def print_status_extra(report: StatusReport) -> None:
    """The switch under way and ONNX Runtime, in ``status``'s plain output."""
    if report.target_model is not None:
        target = report.target_model
        print(f"switch   to {target.name}: {target.done}/{target.total} photos encoded "
              "(run 'clipview index' to finish)")
    if report.runtime is not None:
        runtime = report.runtime
        gpu = f", GPU {runtime.gpu}" if runtime.gpu else ""
        print(f"runtime  onnxruntime {runtime.onnxruntime} on {runtime.device}{gpu} "
              f"(providers: {', '.join(runtime.providers)})")
