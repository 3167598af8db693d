"""Every Immich model family loads and the right token ids and mask reach its text model.

The bundles' text encoders echo what they were fed (tests/helpers/family_bundles.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import clipview
from clipview.core.models.encoder import ClipModel
from tests.helpers.family_bundles import FAMILIES, build_family_bundle, decode_echo, word_id

SOT, EOT = 49406, 49407
CLIP_DOG = [SOT, 320, 1929, EOT]  # "a dog" with the real CLIP BPE
CLIP_FAMILIES = ("openai-clip", "openclip", "mobileclip")


def _load(tmp_path: Path, family: str, **shape: bool) -> ClipModel:
    return clipview.load_model(build_family_bundle(tmp_path / family, family, **shape), "cpu")


def _fed(model: ClipModel, family: str, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    return decode_echo(model.encode_texts(texts), family)


@pytest.mark.parametrize("family", CLIP_FAMILIES)
def test_clip_bpe_is_lower_cased_with_end_token_padded_with_pad_token(
        tmp_path: Path, family: str) -> None:
    model = _load(tmp_path, family)
    ids, _ = _fed(model, family, ["A  DOG", "a dog"])
    expected = CLIP_DOG + [EOT] * (77 - len(CLIP_DOG))  # pad_token is <|endoftext|>
    assert ids.tolist() == [expected, expected]


def test_clip_long_text_keeps_end_token_at_the_cut(tmp_path: Path) -> None:
    ids, _ = _fed(_load(tmp_path, "openclip"), "openclip", ["word " * 200])
    assert ids[0, 0] == SOT and ids[0, -1] == EOT and len(ids[0]) == 77


def test_dynamic_clip_batch_is_cut_to_its_longest_text(tmp_path: Path) -> None:
    model = _load(tmp_path, "openclip", dynamic=True, fixed_batch=False)
    ids, _ = _fed(model, "openclip", ["a dog", "dog"])
    assert ids[0, :4].tolist() == CLIP_DOG and ids[1, :4].tolist() == [SOT, 1929, EOT, EOT]
    assert (ids[:, 4:] == -1).all()  # nothing beyond the longest text was fed


@pytest.mark.parametrize("family", ["siglip", "siglip2"])
def test_siglip_is_canonicalised_and_padded_to_full_length(tmp_path: Path, family: str) -> None:
    spec = FAMILIES[family]
    model = _load(tmp_path, family, dynamic=True, fixed_batch=False)
    ids, _ = _fed(model, family, ["A Dog!!", "a   dog"])
    pad = spec.specials.index("<pad>")
    words = [word_id(spec, "a"), word_id(spec, "dog")]
    real = words + [spec.specials.index("</s>")] if family == "siglip" else \
        [spec.specials.index("<bos>")] + words  # Gemma: start token, no end token
    expected = real + [pad] * (64 - len(real))
    assert ids.tolist() == [expected, expected]  # full 64 although the axis is dynamic


def test_siglip2_long_text_gets_no_forced_end_token(tmp_path: Path) -> None:
    spec = FAMILIES["siglip2"]
    ids, _ = _fed(_load(tmp_path, "siglip2"), "siglip2", ["red " * 100])
    assert ids[0, -1] == word_id(spec, "red") and spec.specials.index("<eos>") not in ids[0]


def test_siglip_long_text_is_truncated_keeping_its_end_token(tmp_path: Path) -> None:
    spec = FAMILIES["siglip"]
    ids, _ = _fed(_load(tmp_path, "siglip"), "siglip", ["red " * 100])
    assert ids[0, -1] == spec.specials.index("</s>") and ids[0, -2] == word_id(spec, "red")


def test_mclip_gets_input_ids_and_attention_mask(tmp_path: Path) -> None:
    spec = FAMILIES["mclip"]
    model = _load(tmp_path, "mclip")
    ids, mask = _fed(model, "mclip", ["the cat", "a dog on the beach"])
    first = [0, word_id(spec, "the"), word_id(spec, "cat"), 2]
    assert ids[0].tolist() == first + [1] * (77 - 4)  # <pad> is 1
    assert mask[0].tolist() == [1] * 4 + [0] * 73
    assert mask[1].tolist() == [1] * 7 + [0] * 70 and ids[1, 6] == 2


@pytest.mark.parametrize("family", ["xlm-roberta", "nllb"])
def test_hf_text_towers_are_padded_with_their_pad_token(tmp_path: Path, family: str) -> None:
    spec = FAMILIES[family]
    model = _load(tmp_path, family, dynamic=True, fixed_batch=False)
    ids, _ = _fed(model, family, ["a photo of a cat"])
    real = [word_id(spec, w) for w in ["a", "photo", "of", "a", "cat"]] + [2]
    real = ([0] if family == "xlm-roberta" else []) + real
    assert ids[0].tolist() == real + [1] * (77 - len(real))


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_fixed_batch_one_exports_encode_many_texts_and_images(
        tmp_path: Path, family: str) -> None:
    model = _load(tmp_path, family)  # Immich's export shape: batch 1, fixed length
    texts = ["a dog", "the cat on the beach", "red"]
    together = model.encode_texts(texts)
    one_by_one = np.concatenate([model.encode_texts([t]) for t in texts])
    assert together.shape == (3, model.dim) and np.allclose(together, one_by_one)
    pixels = np.random.default_rng(0).random((3, 3, 16, 16), dtype=np.float32)
    images = model.encode_pixels(pixels)
    assert images.shape == (3, model.dim)
    assert np.allclose(images[1], model.encode_pixels(pixels[1:2])[0], atol=1e-6)
