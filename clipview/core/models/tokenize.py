"""Text tokenisation with the bundle's ``tokenizer.json`` (Hugging Face tokenizers).

Follows what Immich does per family (``immich_ml/models/clip/textual.py``): whitespace is
collapsed; ``text_cfg.tokenizer_kwargs.clean == "canonicalize"`` (SigLIP) also drops
punctuation and lower-cases; the tokenizer's own post-processor adds the special tokens and
truncation keeps them (nothing is forced: SigLIP 2's Gemma tokenizer has no end token);
rows are padded with the pad token of ``tokenizer_config.json``. Models that read padding
(SigLIP's last-token pooling, HF text towers) are always padded to the context length.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from clipview.core.errors import BundleError
from clipview.core.models.bundle import MAX_TOKENIZER_BYTES, read_bounded

_EOS_NAMES = ("<|endoftext|>", "</s>", "<eos>")
_PAD_NAMES = ("<pad>",)
_PUNCTUATION = str.maketrans("", "", string.punctuation)
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class TokenBatch:
    """Ids [N, L] padded with the pad id, and the attention mask (1 = real token)."""

    ids: np.ndarray
    mask: np.ndarray


def clean_text(text: str, canonicalize: bool = False) -> str:
    """Immich's ``clean_text``: collapse whitespace; canonicalize drops punctuation, lowers.
    What is not Unicode text (bytes that were not UTF-8, kept as surrogate escapes by
    ``sys.argv``, or any lone surrogate) becomes U+FFFD, which every tokenizer takes."""
    text = " ".join(_SURROGATE.sub("\ufffd", text).split())
    if canonicalize:
        text = text.translate(_PUNCTUATION).lower()
    return text


def pads_to_context(text_cfg: dict[str, Any]) -> bool:
    """True when the text tower's output depends on the padding (not a causal argmax CLIP).

    OpenAI/OpenCLIP text towers (causal mask, end token pooled by argmax) ignore what follows
    the end token, so a batch may be cut to its longest text. SigLIP (``no_causal_mask``,
    ``pool_type: last``) and HF text towers (XLM-R, NLLB) must see the padded length.
    """
    return bool(text_cfg.get("hf_model_name") or text_cfg.get("no_causal_mask")
                or text_cfg.get("pool_type", "argmax") != "argmax")


class TextTokenizer:
    """Turns strings into id arrays truncated to the context length, specials kept."""

    def __init__(self, tokenizer_file: Path, context_length: int,
                 tokenizer_config: dict[str, Any] | None = None,
                 text_cfg: dict[str, Any] | None = None) -> None:
        data = read_bounded(tokenizer_file, MAX_TOKENIZER_BYTES)
        try:
            self._tokenizer = Tokenizer.from_str(data.decode("utf-8"))
        except Exception as exc:  # tokenizers raises plain Exception subclasses
            raise BundleError(f"cannot load tokenizer {tokenizer_file}: {exc}") from exc
        self.context_length = context_length
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=context_length)
        config = tokenizer_config or {}
        text_cfg = text_cfg or {}
        kwargs = text_cfg.get("tokenizer_kwargs")
        self.canonicalize = isinstance(kwargs, dict) and kwargs.get("clean") == "canonicalize"
        self.always_full_length = pads_to_context(text_cfg)
        self.eos_id = self._token_id(_token_text(config.get("eos_token")), _EOS_NAMES)
        pad = self._token_id(_token_text(config.get("pad_token")), _PAD_NAMES)
        self.pad_id = pad if pad is not None else 0

    def _token_id(self, preferred: str | None, fallbacks: Sequence[str]) -> int | None:
        for name in ([preferred] if preferred else []) + list(fallbacks):
            token_id = self._tokenizer.token_to_id(name)
            if token_id is not None:
                return int(token_id)
        return None

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids per text (cleaned as Immich does), each at most ``context_length``."""
        cleaned = [clean_text(t, self.canonicalize) for t in texts]
        return [list(e.ids) for e in self._tokenizer.encode_batch(cleaned)]

    def batch(self, texts: Sequence[str], length: int | None = None,
              dtype: type[np.integer[Any]] = np.int32) -> TokenBatch:
        """Ids and mask [N, L]; L is ``length``, else the context length when the model
        reads padding, else the longest row."""
        rows = self.encode(texts)
        if length is None:
            length = self.context_length if self.always_full_length else max(
                (len(r) for r in rows), default=1)
        ids = np.full((len(rows), length), self.pad_id, dtype=dtype)
        mask = np.zeros((len(rows), length), dtype=dtype)
        for index, row in enumerate(rows):
            ids[index, : len(row)] = row[:length]
            mask[index, : len(row)] = 1
        return TokenBatch(ids, mask)

    def to_array(self, texts: Sequence[str], length: int | None = None,
                 dtype: type[np.integer[Any]] = np.int32) -> np.ndarray:
        """[N, L] ids padded with the pad id (see ``batch``)."""
        return self.batch(texts, length, dtype).ids


def _token_text(value: Any) -> str | None:
    if isinstance(value, dict):
        content = value.get("content")
        return str(content) if content is not None else None
    return str(value) if value is not None else None
