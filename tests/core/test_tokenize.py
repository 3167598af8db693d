"""Tokenisation matches the known encodings in shared/clip-tokenizer/README.md."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from clipview.core.models.tokenize import TextTokenizer

KNOWN = {  # from ../shared/clip-tokenizer/README.md
    "a photo of a dog": [49406, 320, 1125, 539, 320, 1929, 49407],
    "A Photo of a DOG!!": [49406, 320, 1125, 539, 320, 1929, 748, 49407],
}


@pytest.fixture()
def tokenizer(tokenizer_dir: Path) -> TextTokenizer:
    config = json.loads((tokenizer_dir / "tokenizer_config.json").read_text())
    return TextTokenizer(tokenizer_dir / "tokenizer.json", 77, config)


def test_readme_expectations_are_what_the_file_says(tokenizer_dir: Path) -> None:
    readme = (tokenizer_dir / "README.md").read_text()
    for text, ids in KNOWN.items():
        assert f'"{text}"' in readme and " ".join(map(str, ids)) in readme


@pytest.mark.parametrize("text", list(KNOWN))
def test_known_encodings(tokenizer: TextTokenizer, text: str) -> None:
    assert tokenizer.encode([text]) == [KNOWN[text]]


def test_nfc_and_whitespace_are_normalised(tokenizer: TextTokenizer) -> None:
    decomposed = "cafe\u0301  au\tlait"
    composed = "caf\u00e9 au lait"
    assert tokenizer.encode([decomposed]) == tokenizer.encode([composed])


def test_long_text_is_truncated_keeping_end_token(tokenizer: TextTokenizer) -> None:
    [ids] = tokenizer.encode(["word " * 200])
    assert len(ids) == 77 and ids[0] == 49406 and ids[-1] == 49407


def test_array_pads_with_pad_token_to_longest_or_fixed(tokenizer: TextTokenizer) -> None:
    dynamic = tokenizer.to_array(["a photo of a dog", "dog"])
    assert dynamic.shape == (2, 7) and dynamic.dtype == np.int32
    assert list(dynamic[1]) == [49406, 1929, 49407, 49407, 49407, 49407, 49407]
    fixed = tokenizer.to_array(["dog"], length=77, dtype=np.int64)
    assert fixed.shape == (1, 77) and fixed.dtype == np.int64 and fixed[0, 2] == 49407


def test_pad_id_defaults_to_zero_without_config(tokenizer_dir: Path) -> None:
    bare = TextTokenizer(tokenizer_dir / "tokenizer.json", 77)
    assert bare.pad_id == 0 and bare.eos_id == 49407
    assert list(bare.to_array(["dog", "a dog"])[0]) == [49406, 1929, 49407, 0]


def test_text_that_is_not_unicode_is_tokenised_with_replacement_characters(
        tokenizer: TextTokenizer) -> None:
    from_argv = "\udcff red"  # what sys.argv holds for the bytes b"\xff red"
    replaced = tokenizer.encode(["\ufffd red"])
    assert tokenizer.encode([from_argv]) == replaced == tokenizer.encode(["\ud800 red"])
    assert tokenizer.batch([from_argv, "red"]).ids.shape[0] == 2
