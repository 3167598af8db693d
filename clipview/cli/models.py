"""``clipview models list|install|use|remove|verify``: the models of a library."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from clipview.cli.output import Subcommands, TerminalLine, bar, counted
from clipview.core.paths import default_home

if TYPE_CHECKING:   # the command line starts fast: models load when a command runs
    from clipview.core.models.coverage import Coverage
    from clipview.core.models.install import InstallProgress
    from clipview.core.models.library_models import LibraryModels


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add the ``models`` command and its actions to the CLI's subparsers."""
    models = commands.add_parser("models", parents=[common],
                                 help="list, install, use, remove and verify models")
    actions = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="installed and catalogue models")
    listing.add_argument("--json", action="store_true", help="print JSON")
    install = actions.add_parser("install", parents=[common], help=(
        "download a catalogue model or hub repo (OWNER/REPO), or copy a bundle folder in"))
    install.add_argument("source", metavar="NAME|OWNER/REPO|DIR")
    install.add_argument("--name", help="install under this name")
    install.add_argument("--revision", default="main", help="hub branch, tag or commit")
    install.add_argument("--json", action="store_true", help="print a JSON summary")
    use = actions.add_parser("use", parents=[common], help=(
        "use this model: at once when its vectors cover the library, else once the next "
        "'clipview index' has built them (search keeps the current model meanwhile)"))
    use.add_argument("model", metavar="NAME|DIR")
    remove = actions.add_parser("remove", parents=[common], help="delete an installed model")
    remove.add_argument("name")
    remove.add_argument("--vectors", action="store_true",
                        help="also drop its vectors from the library (and its index cache)")
    remove.add_argument("--force", action="store_true",
                        help="remove the model in use even when no other model covers the "
                        "library")
    verify = actions.add_parser("verify", parents=[common],
                                help="check installed models against their recorded sha256")
    verify.add_argument("name", nargs="?")
    verify.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    from clipview.core.models.library_models import LibraryModels

    action = {"list": _list, "install": _install, "use": _use, "remove": _remove,
              "verify": _verify}[args.models_command]
    with LibraryModels(args.home or default_home()) as models:
        return action(models, args)


def _list(models: LibraryModels, args: argparse.Namespace) -> int:
    from clipview.core.models.catalogue import catalogue

    in_use = models.in_use()
    installed = {m.name: m for m in models.installed()}
    covered = models.installed_coverage()
    rows: list[dict[str, Any]] = []
    for entry in catalogue():
        model = installed.pop(entry.name, None)
        rows.append({**entry.as_dict(), "installed": model is not None,
                     "in_use": entry.name == in_use,
                     **({"size_bytes": model.size_bytes, "size_estimated": False,
                         "path": str(model.path), "coverage": _fraction(covered, model.name)}
                        if model else {})})
    for model in installed.values():  # installed from elsewhere: not in the catalogue
        rows.append({"name": model.name, "installed": True, "in_use": model.name == in_use,
                     "dim": model.dim, "size_bytes": model.size_bytes,
                     "size_estimated": False, "languages": [], "repo": model.manifest.get(
                         "repo"), "family": None, "path": str(model.path),
                     "coverage": _fraction(covered, model.name)})
    rows.sort(key=lambda r: (not r["installed"], r.get("cpu_cost") or 99, r["name"]))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(f"{'':2}{'NAME':54} {'DIM':>5} {'SIZE':>8} {'CPU':>5}  LANGUAGES")
    for row in rows:
        mark = "*" if row["in_use"] else "i" if row["installed"] else ""
        size = f"{'~' if row.get('size_estimated') else ''}{row['size_bytes'] / 1e6:.0f}MB"
        cost = f"{row['cpu_cost']:.1f}" if row.get("cpu_cost") else "-"
        tag = f"  (recommended: {row['recommended']})" if row.get("recommended") else ""
        print(f"{mark:2}{row['name']:54} {row['dim'] or '-':>5} {size:>8} {cost:>5}  "
              f"{','.join(row['languages']) or '-'}{tag}")
    print("* in use, i installed; CPU: cost relative to OpenAI ViT-B/32; ~ estimated size")
    return 0


def _fraction(covered: dict[str, Coverage], name: str) -> float:
    """The share of the library's usable photos with a vector of the model (1.0 when the
    library has none)."""
    found = covered.get(name)
    return round(found.fraction, 4) if found is not None else 1.0


def _install(models: LibraryModels, args: argparse.Namespace) -> int:
    from clipview.core.errors import ClipviewError
    from clipview.core.progress import CancelToken

    token, bar = CancelToken(), _Bar(enabled=not args.json and sys.stderr.isatty())
    steps = models.store.install(args.source, name=args.name, revision=args.revision, cancel=token)
    last = None
    try:
        for last in steps:
            bar.update(last)
    except KeyboardInterrupt:
        token.cancel()
        steps.close()
        raise
    finally:
        bar.close()
    if last is None or last.model is None:   # the install's steps ended before the model
        raise ClipviewError(f"installing {args.source} ended without a model (see the log)")
    model = last.model
    summary = {**model.as_dict(), "already_installed": last.already_installed,
               "files": model.manifest.get("files", {}), "in_use": models.in_use() == model.name}
    if args.json:
        precision = make_int8_copy(model.path, "auto", show=False)
        print(json.dumps({**summary, "precision": precision}, ensure_ascii=False, indent=2))
        return 0
    verb = "already installed" if last.already_installed else "installed"
    origin = f" from {summary['repo']}@{str(summary['commit'])[:10]}" if summary["repo"] else ""
    print(f"{verb} {model.name} ({model.size_bytes / 1e6:.0f} MB){origin}; it is usable now",
          flush=True)
    if not summary["in_use"]:
        print(f"use it with: clipview models use {model.name}", flush=True)
    make_int8_copy(model.path, "auto", show=True)
    return 0


def make_int8_copy(bundle_dir: Path, device: str, show: bool,
                   stream: TextIO | None = None) -> str:
    """Make the model's int8 copy for the CPU now, when it has none yet (after an install,
    before indexing), with a progress line on a terminal; returns the precision it runs in.
    ``show``: say what was made (on ``stream``, stdout by default)."""
    from clipview.core.models import precision, quantize
    from clipview.core.models.bundle import load_bundle

    bundle = load_bundle(bundle_dir)
    if not precision.needs_int8(bundle, device):
        return precision.choose_precision(bundle, "cpu").name
    if show:
        print(f"making its int8 copy for the CPU (faster indexing; {quantize.PARITY_IMAGES} "
              "test images check it against fp32)…", file=stream or sys.stdout, flush=True)
    line, last = TerminalLine(enabled=sys.stderr.isatty()), None
    try:
        for last in quantize.make_int8(bundle):
            line.show(f"{bar(last.fraction)} int8 copy: {last.phase} {last.what}")
    finally:
        line.close()
    chosen = last.precision if last is not None else None
    if show and chosen is not None:
        print(f"int8 copy ready (min cosine vs fp32 {chosen.min_cos:.4f}): used from now on"
              if chosen.name == "int8" else f"int8 not used: {chosen.reason}",
              file=stream or sys.stdout)
    return chosen.name if chosen is not None else "fp32"


def _use(models: LibraryModels, args: argparse.Namespace) -> int:
    from clipview.core.library.model_switch import use_model

    state = use_model(models, str(args.model))
    if state.switched:
        print(f"using {state.model} for the library in {models.home}")
    elif state.target is not None:
        target = state.target
        print(f"switching to {target.name}: {target.done}/{target.total} photos have its "
              f"vectors; 'clipview index' builds the rest, and search uses {state.model} "
              "until then")
    return 0


def _remove(models: LibraryModels, args: argparse.Namespace) -> int:
    from clipview.core.library.model_switch import remove_model

    before = models.in_use()
    done = remove_model(models, args.name, vectors=args.vectors, force=args.force)
    vectors = f", {counted(done.vectors_removed, 'vector')} dropped" if args.vectors else ""
    print(f"removed {done.model.name} ({done.model.size_bytes / 1e6:.0f} MB freed{vectors})")
    if done.now_in_use and before == args.name:
        print(f"now using {done.now_in_use}")
    return 0


def _verify(models: LibraryModels, args: argparse.Namespace) -> int:
    from clipview.core.models.store import ModelStoreError

    store = models.store
    names = [args.name] if args.name else store.names()
    if not names:
        raise ModelStoreError("no model installed: nothing to verify")
    report = {name: store.verify(name) for name in names}
    if args.json:
        print(json.dumps([{"name": n, "ok": not p, "problems": p} for n, p in report.items()],
                         indent=2))
    else:
        for name, problems in report.items():
            print(f"{name}: {'ok' if not problems else 'FAILED'}")
            for problem in problems:
                print(f"  {problem}")
    return 0 if not any(report.values()) else 1


class _Bar(TerminalLine):
    """One updating line on stderr while a model downloads (terminal only)."""

    def update(self, step: InstallProgress) -> None:
        if step.phase in ("downloading", "verifying") and step.total_bytes:
            left = step.seconds_left
            speed = f" {step.bytes_per_s / 1e6:.1f} MB/s, {left:.0f} s left" \
                if left is not None else ""
            self.show(f"{bar(step.fraction)} {step.done_bytes / 1e6:.0f}/"
                      f"{step.total_bytes / 1e6:.0f} MB{speed} {step.phase} {step.file}")
        elif step.steps:
            self.show(f"{bar(step.fraction)} {step.phase} {step.name}: {step.file}")
        else:
            self.show(f"{step.phase} {step.name}…")
