"""The library's settings (model in use, device) in ``<home>/settings.json``.

Shared by the CLI and the GUI. Written atomically (temporary file beside it, fsync,
rename), private (0600). Keys this version does not know are kept, so a newer clipview's
settings survive an older one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clipview.core.errors import ClipviewError
from clipview.core.private_files import replace_file

DEVICES = ("auto", "cpu", "cuda")   # what --device and settings.json may say

SETTINGS_FILE = "settings.json"
_KNOWN = ("model", "device")


class SettingsError(ClipviewError):
    """settings.json cannot be read or written."""


@dataclass(frozen=True)
class Settings:
    """``model``: an installed model's name or a bundle folder; ``device``: auto, cpu, cuda."""

    model: str | None = None
    device: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        known = {k: v for k, v in (("model", self.model), ("device", self.device))
                 if v is not None}
        return {**self.extra, **known}


def settings_path(home: Path) -> Path:
    return Path(home).expanduser() / SETTINGS_FILE


def load_settings(home: Path) -> Settings:
    """The settings of the library at ``home``; defaults when there is no file yet."""
    path = settings_path(home)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise SettingsError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path} is not valid JSON ({exc}); fix or delete it") from exc
    if not isinstance(raw, dict):
        raise SettingsError(f"{path} must hold a JSON object; fix or delete it")
    model, device = raw.get("model"), raw.get("device")
    return Settings(str(model) if isinstance(model, str) and model else None,
                    str(device) if isinstance(device, str) and device else None,
                    {k: v for k, v in raw.items() if k not in _KNOWN})


def save_settings(home: Path, settings: Settings) -> None:
    """Replace settings.json atomically with ``settings`` (mode 0600, folder 0700)."""
    path = settings_path(home)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        text = json.dumps(settings.as_dict(), indent=2, ensure_ascii=False)
        replace_file(path, text.encode("utf-8"))
    except OSError as exc:
        raise SettingsError(f"cannot write {path}: {exc.strerror or exc}") from exc


def update_settings(home: Path, **changes: Any) -> Settings:
    """Load, change the given keys (None removes one), save; returns the new settings."""
    current = load_settings(home)
    merged = {**current.as_dict(), **changes}
    merged = {k: v for k, v in merged.items() if v is not None}
    model, device = merged.pop("model", None), merged.pop("device", None)
    updated = Settings(model, device, merged)
    save_settings(home, updated)
    return updated
