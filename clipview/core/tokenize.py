"""Text tokenisation with the bundle's ``tokenizer.json`` (Hugging Face tokenizers)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from clipview.core.errors import BundleError

_EOS_NAMES = ("<|endoftext|>", "</s>")


class TextTokenizer:
    """Turns strings into id arrays: truncated to the context length, end token kept."""

    def __init__(self, tokenizer_file: Path, context_length: int,
                 tokenizer_config: dict[str, Any] | None = None) -> None:
        try:
            self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
        except Exception as exc:  # tokenizers raises plain Exception subclasses
            raise BundleError(f"cannot load tokenizer {tokenizer_file}: {exc}") from exc
        self.context_length = context_length
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=context_length)
        config = tokenizer_config or {}
        self.eos_id = self._token_id(_token_text(config.get("eos_token")), _EOS_NAMES)
        self.pad_id = self._token_id(_token_text(config.get("pad_token")), ()) or 0

    def _token_id(self, preferred: str | None, fallbacks: Sequence[str]) -> int | None:
        for name in ([preferred] if preferred else []) + list(fallbacks):
            token_id = self._tokenizer.token_to_id(name)
            if token_id is not None:
                return int(token_id)
        return None

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids per text, each at most ``context_length`` long, ending in the end token."""
        rows = []
        for encoding in self._tokenizer.encode_batch(list(texts)):
            ids = list(encoding.ids)
            if len(ids) == self.context_length and self.eos_id is not None \
                    and ids[-1] != self.eos_id:
                ids[-1] = self.eos_id
            rows.append(ids)
        return rows

    def to_array(self, texts: Sequence[str], length: int | None = None,
                 dtype: type[np.integer[Any]] = np.int32) -> np.ndarray:
        """[N, L] ids padded with the pad id; L is ``length`` or the longest row."""
        rows = self.encode(texts)
        width = length if length is not None else max((len(r) for r in rows), default=1)
        array = np.full((len(rows), width), self.pad_id, dtype=dtype)
        for index, ids in enumerate(rows):
            array[index, : len(ids)] = ids[:width]
        return array


def _token_text(value: Any) -> str | None:
    if isinstance(value, dict):
        content = value.get("content")
        return str(content) if content is not None else None
    return str(value) if value is not None else None
