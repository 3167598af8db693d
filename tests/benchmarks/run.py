"""clipview's benchmark: one command, one JSON object printed last (progress on stderr).

    python tests/benchmarks/run.py [--quick] [--only PART,…]

PART: model, library-100k, library-1m, browse, ready, gui, app (the real app on a screen),
heldout (text-like queries unlike the benchmark's own, on a library of their own).

Generates what it needs in a cache folder (``--cache``, default ~/.cache/clipview-bench):
a random-init ViT-B/32 bundle (exported with ``clipview-export``; same cost as the real
model), phone-sized 12 MP JPEGs and small photos of varied content, synthetic clustered
libraries of 100k and 1M photos (``--quick`` skips 1M and stays around five minutes once the
cache is warm). Competing variants run interleaved (A B A B …) and medians are reported.
The CPU's busy share during each part is recorded (from /proc/stat): a busy machine shows.
Every figure is null when not measured, with the reason under ``reasons``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.bench_data import ROOT, Space, bundle, photos, say  # noqa: E402

PARTS = ("model", "library-100k", "library-1m", "browse", "ready", "gui", "app", "heldout")
HELDOUT_KEYS = tuple(f"{name}_{size}" for size in ("100k", "1m")
                     for name in ("heldout_text_recall_at10", "heldout_min_recall"))
APP_KEYS = tuple(f"{name}_{size}" for size in ("100k", "1m")
                 for name in ("app_timeline_s", "app_first_answer_s", "app_quit_s",
                              "gui_max_gap_ms_open"))
KEYS = ("index_e2e_over_ceiling", "index_vs_torch_12mp", "index_vs_torch_small",
        "int8_model_speedup", "int8_min_cos", "text_query_p50_ms_100k",
        "text_query_p50_ms_1m", "text_recall_at10_100k", "text_recall_at10_1m",
        "similar_p50_ms_100k", "similar_p50_ms_1m", "grid_query_p50_ms_100k",
        "first_answer_s_100k", "first_answer_s_1m", "cold_cli_search_s_1m",
        "rescan_unchanged_s_100k", "unchanged_run_s_1m", "rss_mb_1m",
        "gui_stall_p99_ms_indexing", "gui_stall_p99_ms_scrolling", "gpu",
        *(f"scoped_query_p50_ms_{share}pct_{size}" for size in ("100k", "1m")
          for share in ("50", "10", "1", "0.1")),
        "scoped_over_unscoped_max_100k", "scoped_over_unscoped_max_1m",
        "scoped_recall_at10_min", "browse_all_visible_s_2k", "browse_all_visible_s_100k",
        "model_ready_s", *APP_KEYS, "rss_mb_1m_ready", "catalog_bytes_per_photo_1m",
        *HELDOUT_KEYS)


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot."""
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(v) for v in handle.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


class Run:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.cache: Path = args.cache
        self.result: dict[str, Any] = {key: None for key in KEYS}
        self.reasons: dict[str, str] = {}
        self.details: dict[str, Any] = {}
        self.cpu: dict[str, Any] = {}

    def part(self, name: str, work: Callable[[], None], keys: tuple[str, ...]) -> None:
        if self.args.only and name not in self.args.only:
            for key in keys:
                self.reasons.setdefault(key, f"not run (--only {','.join(self.args.only)})")
            return
        say(f"== {name}")
        busy, total = cpu_times()
        load = os.getloadavg()[0]
        started = time.monotonic()
        try:
            work()
        except Exception as exc:  # a failed part leaves its figures null, with the reason
            traceback.print_exc(file=sys.stderr)
            for key in keys:
                if self.result.get(key) is None:
                    self.reasons[key] = f"{name} failed: {type(exc).__name__}: {exc}"[:300]
        busy2, total2 = cpu_times()
        self.cpu[name] = {"busy_share": round((busy2 - busy) / max(total2 - total, 1), 3),
                          "load_before": round(load, 2),
                          "load_after": round(os.getloadavg()[0], 2),
                          "seconds": round(time.monotonic() - started, 1)}
        say(f"== {name} done in {self.cpu[name]['seconds']} s "
            f"(CPU busy {self.cpu[name]['busy_share']:.0%})")

    # -- parts --------------------------------------------------------------------------
    def model(self) -> None:
        from tests.benchmarks.bench_model import indexing, models

        model_dir = bundle(self.cache)
        count = 40 if self.args.quick else 96
        folders = {"12mp": photos(self.cache, "12mp", count, (4000, 3000)),
                   "small": photos(self.cache, "small", count * 2, (800, 600))}
        _, _, precision = models(model_dir)
        self.result["int8_min_cos"] = precision.min_cos
        if precision.name != "int8":
            self.reasons["int8_min_cos"] = f"int8 not chosen: {precision.reason}"
        measured = indexing(model_dir, folders, self.cache / "scratch",
                            3 if self.args.quick else 5, torch_ok=True)
        self.details["indexing"] = measured
        speed = measured["model_img_s"]
        self.result["int8_model_speedup"] = round(speed["int8"] / speed["fp32"], 3)
        big, small = measured["12mp"], measured["small"]
        self.result["index_e2e_over_ceiling"] = big["e2e_over_ceiling"]
        for key, part in (("index_vs_torch_12mp", big), ("index_vs_torch_small", small)):
            if part["torch_img_s"]:
                self.result[key] = round(part["e2e_img_s"] / part["torch_img_s"], 3)

    def library(self, count: int, suffix: str) -> None:
        from tests.benchmarks.bench_catalog import catalog_bytes_per_photo
        from tests.benchmarks.bench_library import build_library
        from tests.benchmarks.bench_search import measure_library

        model_dir = bundle(self.cache)
        space = Space()
        root = build_library(self.cache, model_dir, count, space)
        measured = measure_library(root, model_dir, space, self.env(), self.args.quick, count)
        self.details[f"library_{suffix}"] = measured
        recall, latency, startup = measured["recall"], measured["latency_ms"], measured["startup"]
        self.result[f"text_recall_at10_{suffix}"] = round(recall["text_recall"], 4)
        self.result[f"text_query_p50_ms_{suffix}"] = latency["text"]
        self.result[f"similar_p50_ms_{suffix}"] = latency["similar"]
        self.result[f"first_answer_s_{suffix}"] = startup["first_answer_s"]
        scopes = {name: part for name, part in measured["scoped"].items()
                  if isinstance(part, dict)}
        for name, part in scopes.items():
            self.result[f"scoped_query_p50_ms_{name}pct_{suffix}"] = part["p50_ms"]
        self.result[f"scoped_over_unscoped_max_{suffix}"] = max(
            part["over_unscoped"] for part in scopes.values())
        least = min(part["recall_at10_min"] for part in scopes.values())
        known = self.result["scoped_recall_at10_min"]
        self.result["scoped_recall_at10_min"] = least if known is None else min(known, least)
        self.details[f"library_{suffix}"]["catalog_bytes_per_photo"] = bytes_per_photo = round(
            catalog_bytes_per_photo(root / "home" / "catalog.sqlite", count))
        if suffix == "1m":
            self.result["catalog_bytes_per_photo_1m"] = bytes_per_photo
        if suffix == "100k":
            self.result["grid_query_p50_ms_100k"] = latency["grid"]
            self.result["rescan_unchanged_s_100k"] = measured["unchanged"]["seconds"]
        else:
            self.result["cold_cli_search_s_1m"] = measured["cold_cli_s"]
            self.result["unchanged_run_s_1m"] = measured["unchanged"]["seconds"]
            self.result["rss_mb_1m"] = startup["rss_mb"]

    def browse(self) -> None:
        from tests.benchmarks.bench_browse import measure

        model_dir = bundle(self.cache)
        for count, key in ((2_000, "browse_all_visible_s_2k"),
                           (100_000, "browse_all_visible_s_100k")):
            if count > 2_000 and self.args.quick:
                self.reasons[key] = "--quick: 100,000 photos are not generated"
                continue
            measured = measure(self.cache, model_dir, count, 3 if count <= 2_000 else 1)
            self.details[f"browse_{count}"] = measured
            self.result[key] = measured["seconds"]

    def ready(self) -> None:
        from tests.benchmarks.bench_ready import model_ready

        measured = model_ready(bundle(self.cache), self.cache / "scratch" / "ready", self.env())
        self.details["model_ready"] = measured
        self.result["model_ready_s"] = measured["model_ready_s"]

    def gui(self) -> None:
        model_dir = bundle(self.cache)
        folder = photos(self.cache, "12mp", 40 if self.args.quick else 96, (4000, 3000))
        scratch = self.cache / "scratch" / "gui"
        subprocess.run(["rm", "-rf", str(scratch)], check=True)
        scratch.mkdir(parents=True)
        env = self.env() | {"QT_QPA_PLATFORM": "offscreen"}
        done = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_gui",
                               str(scratch / "home"), str(model_dir), str(folder)],
                              capture_output=True, text=True, env=env, cwd=ROOT, timeout=900)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "failed")
        measured = json.loads(done.stdout.strip().splitlines()[-1])
        self.details["gui"] = measured
        self.result["gui_stall_p99_ms_indexing"] = measured["indexing"]["p99_ms"]
        self.result["gui_stall_p99_ms_scrolling"] = measured["scrolling"]["p99_ms"]

    def app(self) -> None:
        """The real app spawned on a screen (bench_app): at 100k, and at 1M unless --quick."""
        from tests.benchmarks.bench_library import build_library

        model_dir = bundle(self.cache)
        busy = photos(self.cache, "12mp", 40 if self.args.quick else 96, (4000, 3000))
        sizes = (("100k", 100_000),) + ((("1m", 1_000_000),) if not self.args.quick else ())
        for suffix, count in sizes:
            home = build_library(self.cache, model_dir, count, Space()) / "home"
            scratch = self.cache / "scratch" / f"app-{suffix}"
            done = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_app",
                                   str(model_dir), str(home), str(busy), str(scratch)],
                                  capture_output=True, text=True, env=self.env(), cwd=ROOT,
                                  timeout=1800)
            if done.returncode != 0:
                raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr
                                   else "bench_app failed")
            measured = json.loads(done.stdout.strip().splitlines()[-1])
            self.details[f"app_{suffix}"] = measured
            self.result[f"app_timeline_s_{suffix}"] = measured["timeline_s"]
            self.result[f"app_first_answer_s_{suffix}"] = measured["first_answer_s"]
            self.result[f"gui_max_gap_ms_open_{suffix}"] = measured["max_gap_ms"]
            if suffix == "1m" and measured.get("rss_mb"):
                self.result["rss_mb_1m_ready"] = measured["rss_mb"]["now"]
            quits = [measured[k] for k in ("quit_s_opening", "quit_s_making_int8",
                                           "quit_s_indexing") if measured.get(k) is not None]
            self.result[f"app_quit_s_{suffix}"] = max(quits) if quits else None

    def heldout(self) -> None:
        """Text-like queries unlike the own generator's (bench_heldout), on a library of
        its own (a ``Cones`` library: an image cone, Zipf and anisotropic clusters)."""
        from tests.benchmarks.bench_heldout import run_heldout

        sizes = (("100k", 100_000),) + ((("1m", 1_000_000),) if not self.args.quick else ())
        for suffix, count in sizes:
            measured = run_heldout(self.cache / "heldout", count)
            self.details[f"heldout_{suffix}"] = measured
            self.result[f"heldout_text_recall_at10_{suffix}"] = measured["recall_at10"]
            self.result[f"heldout_min_recall_{suffix}"] = measured["min_recall"]

    def env(self) -> dict[str, str]:
        return dict(os.environ)

    def finish(self) -> dict[str, Any]:
        self.reasons.setdefault("gpu", "no CUDA GPU on this machine (the GPU path was not run)")
        if self.args.quick:
            for key in ("text_query_p50_ms_1m", "text_recall_at10_1m", "similar_p50_ms_1m",
                        "first_answer_s_1m", "cold_cli_search_s_1m", "unchanged_run_s_1m",
                        "rss_mb_1m", "scoped_over_unscoped_max_1m",
                        *(f"scoped_query_p50_ms_{share}pct_1m"
                          for share in ("50", "10", "1", "0.1")),
                        *(k for k in APP_KEYS + HELDOUT_KEYS if k.endswith("_1m")),
                        "rss_mb_1m_ready", "catalog_bytes_per_photo_1m"):
                self.reasons.setdefault(key, "--quick: the 1M library is not built")
        for key in KEYS:
            if self.result[key] is None:
                self.reasons.setdefault(key, "not measured")
        out = dict(self.result)
        out["reasons"] = {k: v for k, v in self.reasons.items() if out.get(k) is None}
        out["quick"] = bool(self.args.quick)
        out["machine"] = {"cpu": _cpu_name(), "cores": os.cpu_count(),
                          "python": platform.python_version(), "kernel": platform.release()}
        out["date"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        out["cpu_busy"] = self.cpu
        out["details"] = self.details
        return out


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, no 1M library")
    parser.add_argument("--only", type=lambda v: [p for p in v.split(",") if p],
                        default=None, help=f"comma-separated parts of {', '.join(PARTS)}")
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get(
        "CLIPVIEW_BENCH_CACHE", Path.home() / ".cache" / "clipview-bench")))
    args = parser.parse_args()
    unknown = [p for p in args.only or [] if p not in PARTS]
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    args.cache.mkdir(parents=True, exist_ok=True)
    # int8 decisions and files in the benchmark's cache (child processes inherit it)
    os.environ["XDG_CACHE_HOME"] = str(args.cache / "xdg")
    os.environ.setdefault("CLIPVIEW_LOG_DIR", str(args.cache / "logs"))
    run = Run(args)
    run.part("model", run.model, ("index_e2e_over_ceiling", "index_vs_torch_12mp",
                                  "index_vs_torch_small", "int8_model_speedup", "int8_min_cos"))
    run.part("library-100k", lambda: run.library(100_000, "100k"),
             tuple(k for k in KEYS if k.endswith("_100k")
                   and k not in APP_KEYS + HELDOUT_KEYS))
    if not args.quick:
        run.part("library-1m", lambda: run.library(1_000_000, "1m"),
                 tuple(k for k in KEYS if k.endswith("_1m")
                       and k not in APP_KEYS + HELDOUT_KEYS))
    run.part("browse", run.browse, ("browse_all_visible_s_2k", "browse_all_visible_s_100k"))
    run.part("ready", run.ready, ("model_ready_s",))
    run.part("gui", run.gui, ("gui_stall_p99_ms_indexing", "gui_stall_p99_ms_scrolling"))
    run.part("app", run.app, (*APP_KEYS, "rss_mb_1m_ready"))
    run.part("heldout", run.heldout, HELDOUT_KEYS)
    print(json.dumps(run.finish(), indent=1))


if __name__ == "__main__":
    main()
