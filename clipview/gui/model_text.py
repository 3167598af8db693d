"""Words for models in the dialogs: sizes, languages, strengths and install progress.

Everything said about a model comes from the catalogue (``clipview/data/models.json``):
download size, languages, relative CPU cost and recall on Crossmodal-3600, compared with
OpenAI's ViT-B/32, the model most people know.
"""

from __future__ import annotations

from collections.abc import Sequence

from clipview.core.models import catalogue as model_catalogue
from clipview.core.models.catalogue import CatalogueEntry
from clipview.core.models.install import InstallProgress
from clipview.core.models.quantize import Int8Progress

BASELINE = "ViT-B-32__openai"
FOR_WHAT = {"cpu": "recommended for a CPU", "gpu": "recommended for a GPU",
            "multilingual": "recommended for many languages"}
_PHASES = {"resolving": "Asking the hub for the model's files…",
           "verifying": "Checking the downloaded files against the hub's hashes…",
           "copying": "Copying the model folder…",
           "loading": "Loading the model to check that it works…",
           "done": "Installed."}


def size_text(size_bytes: int, estimated: bool = False) -> str:
    """``604 MB``, ``1.5 GB`` (``about`` in front of an estimate)."""
    value = f"{size_bytes / 1e9:.1f} GB" if size_bytes >= 1e9 else f"{size_bytes / 1e6:.0f} MB"
    return f"about {value}" if estimated else value


def languages_text(languages: Sequence[str]) -> str:
    many = "multilingual" in languages
    if "en" in languages:
        return "English and many other languages" if many else "English"
    return "many languages" if many else ", ".join(languages) or "unknown"


def languages_short(languages: Sequence[str]) -> str:
    """For a table column: ``English``, ``English + many``, ``many``."""
    return languages_text(languages).replace(" and many other languages", " + many") \
        .replace("many languages", "many")


def strengths(entry: CatalogueEntry) -> str:
    """What the model is good at, in one sentence built from the catalogue's numbers."""
    base = model_catalogue.find(BASELINE)
    parts = []
    if entry.recall_en is not None and base is not None and base.recall_en is not None \
            and entry.name != BASELINE:
        gain = entry.recall_en - base.recall_en
        verb = "finds more than" if gain > 1 else "finds less than" if gain < -1 else \
            "finds about as much as"
        parts.append(f"{verb} OpenAI's ViT-B/32 (recall {entry.recall_en:.1f} vs "
                     f"{base.recall_en:.1f} on Crossmodal-3600)")
    if entry.cpu_cost is not None:
        parts.append(_cpu_cost(entry.cpu_cost, compared=bool(parts)))
    if "multilingual" in entry.languages:
        parts.append("understands searches in many languages")
    text = "; ".join(parts)
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def _cpu_cost(cost: float, compared: bool) -> str:
    if cost <= 1.05:
        return "as fast on a CPU" if compared else "as fast as OpenAI's ViT-B/32 on a CPU"
    whose = "its" if compared else "OpenAI's ViT-B/32's"
    return f"about {cost:.1f}× {whose} CPU time per photo"


def summary(entry: CatalogueEntry) -> str:
    """``about 604 MB download · English · 512-number vectors``."""
    return (f"{size_text(entry.size_bytes, entry.size_estimated)} download · "
            f"{languages_text(entry.languages)} · {entry.family} · "
            f"{entry.dim}-number vectors")


def progress_text(step: InstallProgress) -> str:
    """One line for a progress report of ``ModelStore.install``."""
    if step.phase == "downloading":
        where = f" {step.file}" if step.file else ""
        return (f"Downloading{where}: {size_text(step.done_bytes)} of "
                f"{size_text(step.total_bytes)}{speed_text(step)}")
    if step.phase == "loading" and step.steps:
        what = f": {step.file}" if step.file else ""
        return (f"Loading the model to check that it works{what} "
                f"({step.step} of {step.steps} done)…")
    if step.phase == "done" and step.already_installed:
        return f"{step.name} is already installed."
    return _PHASES.get(step.phase, f"{step.phase.capitalize()}…")


def speed_text(step: InstallProgress) -> str:
    """`` · 4.2 MB/s, about 2 min left`` (empty while the speed is not known)."""
    left = step.seconds_left
    if left is None:
        return ""
    return f" · {step.bytes_per_s / 1e6:.1f} MB/s, {duration_text(left)} left"


def duration_text(seconds: float) -> str:
    """``about 5 s``, ``about 2 min``, ``about 1 h 10 min``."""
    if seconds < 60:
        return f"about {max(1, round(seconds))} s"
    minutes = round(seconds / 60)
    return f"about {minutes} min" if minutes < 60 else \
        f"about {minutes // 60} h {minutes % 60} min"


def int8_text(name: str, step: Int8Progress) -> str:
    """A status-bar line while the app makes a model's int8 copy for the CPU."""
    percent = f" ({step.fraction:.0%})"
    if step.phase == "quantising":
        return f"Making the int8 copy of {name}: quantising {step.what}{percent}"
    if step.phase == "checking":
        return f"Making the int8 copy of {name}: checking it against fp32, {step.what}" \
               f"{percent}"
    chosen = step.precision
    if chosen is not None and chosen.name == "int8":
        return f"The int8 copy of {name} is ready: it is used from now on"
    return f"{name} runs in fp32 on this CPU: {chosen.reason if chosen else 'no int8 copy'}"


def progress_permille(step: InstallProgress) -> int | None:
    """0–1000 for a progress bar (bytes may exceed a C int), None for a busy bar."""
    if step.phase == "done":
        return 1000
    if step.phase not in ("downloading", "verifying", "loading") or not (
            step.total_bytes or step.steps):
        return None
    return min(1000, int(step.fraction * 1000))
