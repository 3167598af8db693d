"""Words for models in the dialogs: sizes, languages, strengths and install progress.

Everything said about a model comes from the catalogue (``clipview/data/models.json``):
download size, languages, relative CPU cost and recall on Crossmodal-3600, compared with
OpenAI's ViT-B/32, the model most people know.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP

from clipview.core.models import catalogue as model_catalogue
from clipview.core.models.catalogue import CatalogueEntry
from clipview.core.models.install import InstallProgress
from clipview.core.models.quantize import Int8Progress
from clipview.gui.translation import translate

BASELINE = "ViT-B-32__openai"
# said at use (a table built at import would keep the English of a translator not yet
# installed): translate("ModelText", FOR_WHAT[…])
FOR_WHAT = {"cpu": QT_TRANSLATE_NOOP("ModelText", "recommended for a CPU"),
            "gpu": QT_TRANSLATE_NOOP("ModelText", "recommended for a GPU"),
            "multilingual": QT_TRANSLATE_NOOP("ModelText", "recommended for many languages")}
_PHASES = {"resolving": QT_TRANSLATE_NOOP("ModelText", "Asking the hub for the model's files…"),
           "verifying": QT_TRANSLATE_NOOP(
               "ModelText", "Checking the downloaded files against the hub's hashes…"),
           "copying": QT_TRANSLATE_NOOP("ModelText", "Copying the model folder…"),
           "loading": QT_TRANSLATE_NOOP("ModelText", "Loading the model to check that it works…"),
           "done": QT_TRANSLATE_NOOP("ModelText", "Installed.")}


def _tr(text: str) -> str:
    return translate("ModelText", text)


def for_what(recommended: str) -> str:
    """"recommended for a CPU" (the catalogue's ``recommended``), translated."""
    return _tr(str(FOR_WHAT[recommended]))


def size_text(size_bytes: int, estimated: bool = False) -> str:
    """``604 MB``, ``1.5 GB`` (``about`` in front of an estimate)."""
    value = f"{size_bytes / 1e9:.1f} GB" if size_bytes >= 1e9 else f"{size_bytes / 1e6:.0f} MB"
    return translate("ModelText", "about {size}").format(size=value) if estimated else value


def languages_text(languages: Sequence[str]) -> str:
    many = "multilingual" in languages
    if "en" in languages:
        return translate("ModelText", "English and many other languages") if many else \
            translate("ModelText", "English")
    return translate("ModelText", "many languages") if many else \
        ", ".join(languages) or translate("ModelText", "unknown")


def languages_short(languages: Sequence[str]) -> str:
    """For a table column: ``English``, ``English + many``, ``many``."""
    many = "multilingual" in languages
    if "en" in languages:
        return translate("ModelText", "English + many") if many else \
            translate("ModelText", "English")
    return translate("ModelText", "many") if many else \
        ", ".join(languages) or translate("ModelText", "unknown")


def strengths(entry: CatalogueEntry) -> str:
    """What the model is good at, in one sentence built from the catalogue's numbers."""
    base = model_catalogue.find(BASELINE)
    parts = []
    if entry.recall_en is not None and base is not None and base.recall_en is not None \
            and entry.name != BASELINE:
        gain = entry.recall_en - base.recall_en
        compared = translate("ModelText", "finds more than OpenAI's ViT-B/32 (recall {recall} "
                             "vs {base} on Crossmodal-3600)") if gain > 1 else \
            translate("ModelText", "finds less than OpenAI's ViT-B/32 (recall {recall} vs "
                      "{base} on Crossmodal-3600)") if gain < -1 else \
            translate("ModelText", "finds about as much as OpenAI's ViT-B/32 (recall {recall} "
                      "vs {base} on Crossmodal-3600)")
        parts.append(compared.format(recall=f"{entry.recall_en:.1f}",
                                     base=f"{base.recall_en:.1f}"))
    if entry.cpu_cost is not None:
        parts.append(_cpu_cost(entry.cpu_cost, compared=bool(parts)))
    if "multilingual" in entry.languages:
        parts.append(translate("ModelText", "understands searches in many languages"))
    text = "; ".join(parts)
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def _cpu_cost(cost: float, compared: bool) -> str:
    if cost <= 1.05:
        return translate("ModelText", "as fast on a CPU") if compared else \
            translate("ModelText", "as fast as OpenAI's ViT-B/32 on a CPU")
    text = translate("ModelText", "about {cost}× its CPU time per photo") if compared else \
        translate("ModelText", "about {cost}× OpenAI's ViT-B/32's CPU time per photo")
    return text.format(cost=f"{cost:.1f}")


def summary(entry: CatalogueEntry) -> str:
    """``about 604 MB download · English · 512-number vectors``."""
    return translate("ModelText",
                     "{size} download · {languages} · {family} · {dim}-number vectors").format(
        size=size_text(entry.size_bytes, entry.size_estimated),
        languages=languages_text(entry.languages), family=entry.family, dim=entry.dim)


def progress_text(step: InstallProgress) -> str:
    """One line for a progress report of ``ModelStore.install``."""
    if step.phase == "downloading":
        text = translate("ModelText", "Downloading {file}: {done} of {total}") if step.file else \
            translate("ModelText", "Downloading: {done} of {total}")
        return text.format(file=step.file, done=size_text(step.done_bytes),
                           total=size_text(step.total_bytes)) + speed_text(step)
    if step.phase == "loading" and step.steps:
        text = translate("ModelText", "Loading the model to check that it works: {file} "
                         "({step} of {steps} done)…") if step.file else \
            translate("ModelText",
                      "Loading the model to check that it works ({step} of {steps} done)…")
        return text.format(file=step.file, step=step.step, steps=step.steps)
    if step.phase == "done" and step.already_installed:
        return translate("ModelText", "{name} is already installed.").format(name=step.name)
    phase = _PHASES.get(step.phase)
    return _tr(str(phase)) if phase else f"{step.phase.capitalize()}…"


def speed_text(step: InstallProgress) -> str:
    """`` · 4.2 MB/s, about 2 min left`` (empty while the speed is not known)."""
    left = step.seconds_left
    if left is None:
        return ""
    return translate("ModelText", " · {speed} MB/s, {time} left").format(
        speed=f"{step.bytes_per_s / 1e6:.1f}",
                                                     time=duration_text(left))


def duration_text(seconds: float) -> str:
    """``about 5 s``, ``about 2 min``, ``about 1 h 10 min``."""
    if seconds < 60:
        return translate("ModelText", "about {seconds} s").format(seconds=max(1, round(seconds)))
    minutes = round(seconds / 60)
    if minutes < 60:
        return translate("ModelText", "about {minutes} min").format(minutes=minutes)
    return translate("ModelText", "about {hours} h {minutes} min").format(
        hours=minutes // 60, minutes=minutes % 60)


def int8_text(name: str, step: Int8Progress) -> str:
    """A status-bar line while the app makes a model's int8 copy for the CPU."""
    percent = f"{step.fraction:.0%}"
    if step.phase == "quantising":
        return translate("ModelText",
                         "Making the int8 copy of {name}: quantising {what} ({percent})").format(
            name=name, what=step.what, percent=percent)
    if step.phase == "checking":
        return translate("ModelText", "Making the int8 copy of {name}: checking it against "
                         "fp32, {what} "
                   "({percent})").format(name=name, what=step.what, percent=percent)
    chosen = step.precision
    if chosen is not None and chosen.name == "int8":
        return translate("ModelText",
                         "The int8 copy of {name} is ready: it is used from now on").format(
            name=name)
    return translate("ModelText", "{name} runs in fp32 on this CPU: {reason}").format(
        name=name, reason=chosen.reason if chosen else translate("ModelText", "no int8 copy"))


def progress_permille(step: InstallProgress) -> int | None:
    """0–1000 for a progress bar (bytes may exceed a C int), None for a busy bar."""
    if step.phase == "done":
        return 1000
    if step.phase not in ("downloading", "verifying", "loading") or not (
            step.total_bytes or step.steps):
        return None
    return min(1000, int(step.fraction * 1000))
