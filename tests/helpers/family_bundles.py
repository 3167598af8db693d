"""Tiny bundles shaped like each Immich model family, with an "echo" text encoder.

The text encoder's embedding is ``[ids..., mask..., 1]`` (floats; positions the model was
not fed read -1), so after clipview's L2 normalisation ``emb / emb[-1]`` gives back exactly
the token ids and attention mask that reached the model. Tokenizers are built with the
``tokenizers`` library: SentencePiece-like Unigram models for SigLIP (T5), SigLIP 2 (Gemma:
a start token and no end token), XLM-R and NLLB; the real CLIP BPE from ../shared for the
OpenAI/OpenCLIP/MobileCLIP families.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer, models, pre_tokenizers, processors

from tests.helpers.paths import TOKENIZER_DIR

IMAGE_SIZE = 16
WORDS = ("a", "dog", "cat", "on", "the", "beach", "photo", "of", "red", "word")
_SIGLIP_CFG = {"hf_tokenizer_name": "timm/ViT-B-16-SigLIP", "no_causal_mask": True,
               "pool_type": "last", "tokenizer_kwargs": {"clean": "canonicalize"}}


@dataclass(frozen=True)
class Family:
    """How one family's bundle looks: tokenizer, specials, config, text model inputs."""

    context: int
    text_cfg: dict[str, Any]
    specials: tuple[str, ...] = ()  # first vocabulary entries (Unigram families)
    template: str = ""  # post-processor, e.g. "$A </s>"
    token_config: dict[str, str] = field(default_factory=dict)
    ids_name: str = "text"
    mask: bool = False
    id_type: int = TensorProto.INT32


FAMILIES: dict[str, Family] = {
    "openai-clip": Family(77, {}),
    "openclip": Family(77, {"context_length": 77, "vocab_size": 49408}),
    "mobileclip": Family(77, {"context_length": 77, "vocab_size": 49408}),
    "siglip": Family(64, _SIGLIP_CFG, ("</s>", "<pad>", "<unk>"), "$A </s>",
                     {"pad_token": "<pad>", "eos_token": "</s>", "unk_token": "<unk>"}),
    "siglip2": Family(64, {**_SIGLIP_CFG, "hf_tokenizer_name": "timm/ViT-B-16-SigLIP2"},
                      ("<pad>", "<eos>", "<bos>", "<unk>"), "<bos> $A",
                      {"pad_token": "<pad>", "eos_token": "<eos>", "bos_token": "<bos>"}),
    # M-CLIP: XLM-R text tower exported with input_ids + attention_mask (int32, [1, 77]);
    # config.json is the CLIP visual model's (so its text_cfg says nothing about XLM-R)
    "mclip": Family(77, {"context_length": 77}, ("<s>", "<pad>", "</s>", "<unk>"),
                    "<s> $A </s>", {"pad_token": "<pad>", "eos_token": "</s>"},
                    ids_name="input_ids", mask=True),
    "xlm-roberta": Family(77, {"hf_model_name": "xlm-roberta-base",
                               "hf_pooler_type": "mean_pooler"},
                          ("<s>", "<pad>", "</s>", "<unk>"), "<s> $A </s>",
                          {"pad_token": "<pad>", "eos_token": "</s>"}),
    "nllb": Family(77, {"hf_model_name": "facebook/nllb-200-distilled-600M"},
                   ("<s>", "<pad>", "</s>", "<unk>"), "$A </s>",
                   {"pad_token": "<pad>", "eos_token": "</s>"}, id_type=TensorProto.INT64),
}


def unigram_tokenizer(family: Family) -> Tokenizer:
    """A SentencePiece-like Unigram tokenizer: specials first, then ▁word pieces."""
    vocab = [(token, 0.0) for token in family.specials]
    vocab += [(f"\u2581{word}", -1.0 - i) for i, word in enumerate(WORDS)]
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=family.specials.index("<unk>")))
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581",
                                                       prepend_scheme="always")
    specials = [(t, family.specials.index(t)) for t in family.template.split()
                if t in family.specials]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=family.template, special_tokens=specials)
    return tokenizer


def word_id(family: Family, word: str) -> int:
    return len(family.specials) + WORDS.index(word)


def _echo_text_model(family: Family, dynamic: bool, batch: int | str) -> onnx.ModelProto:
    width = family.context * (2 if family.mask else 1) + 1
    length: int | str = "sequence" if dynamic else family.context
    names = [family.ids_name] + (["attention_mask"] if family.mask else [])
    nodes, inits, echoed = [], [], []
    for name in names:
        nodes.append(helper.make_node("Cast", [name], [f"{name}_f"], to=TensorProto.FLOAT))
        echoed.append(_pad_to_context(name, family.context, nodes, inits) if dynamic
                      else f"{name}_f")
    inits.append(numpy_helper.from_array(np.array([1], np.int64), "axis1"))
    nodes += [helper.make_node("ReduceMax", [f"{names[0]}_f", "axis1"], ["rowmax"],
                               keepdims=1),
              helper.make_node("Mul", ["rowmax", "zero"], ["zeros"]),
              helper.make_node("Add", ["zeros", "one"], ["ones"]),
              helper.make_node("Concat", [*echoed, "ones"], ["embedding"], axis=1)]
    inits += [numpy_helper.from_array(np.array(0, np.float32), "zero"),
              numpy_helper.from_array(np.array(1, np.float32), "one")]
    inputs = [helper.make_tensor_value_info(n, family.id_type, [batch, length]) for n in names]
    graph = helper.make_graph(nodes, "echo_text", inputs, [helper.make_tensor_value_info(
        "embedding", TensorProto.FLOAT, [batch, width])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], ir_version=10)


def _pad_to_context(name: str, context: int, nodes: list[Any], inits: list[Any]) -> str:
    """Pads [N, L] on the right to [N, context] with -1 ("not fed")."""
    inits += [numpy_helper.from_array(np.array([1], np.int64), f"{name}_i1"),
              numpy_helper.from_array(np.array([context], np.int64), f"{name}_ctx"),
              numpy_helper.from_array(np.array([0, 0, 0], np.int64), f"{name}_z3"),
              numpy_helper.from_array(np.array(-1, np.float32), f"{name}_fill")]
    nodes += [helper.make_node("Shape", [name], [f"{name}_shape"]),
              helper.make_node("Gather", [f"{name}_shape", f"{name}_i1"], [f"{name}_len"]),
              helper.make_node("Sub", [f"{name}_ctx", f"{name}_len"], [f"{name}_gap"]),
              helper.make_node("Concat", [f"{name}_z3", f"{name}_gap"], [f"{name}_pads"],
                               axis=0),
              helper.make_node("Pad", [f"{name}_f", f"{name}_pads", f"{name}_fill"],
                               [f"{name}_padded"], mode="constant")]
    return f"{name}_padded"


def _visual_model(dim: int, batch: int | str) -> onnx.ModelProto:
    weights = np.random.default_rng(3).standard_normal((3, dim)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("ReduceMean", ["image", "axes"], ["means"], keepdims=0),
         helper.make_node("MatMul", ["means", "w"], ["raw"]),
         helper.make_node("Add", ["raw", "b"], ["biased"]),
         helper.make_node("LpNormalization", ["biased"], ["embedding"], axis=1, p=2)],
        "tiny_visual",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT,
                                       [batch, 3, IMAGE_SIZE, IMAGE_SIZE])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, [batch, dim])],
        [numpy_helper.from_array(np.array([2, 3], np.int64), "axes"),
         numpy_helper.from_array(weights, "w"),
         numpy_helper.from_array(np.full((dim,), 0.1, np.float32), "b")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], ir_version=10)


def build_family_bundle(root: Path, family_name: str, dynamic: bool = False,
                        fixed_batch: bool = True, name: str | None = None) -> Path:
    """A bundle of ``family_name`` at ``root``: Immich's layout, echo text encoder.

    Immich's exports have a fixed batch of 1 and a fixed sequence length; ``dynamic`` gives
    a dynamic sequence axis, ``fixed_batch=False`` a dynamic batch axis.
    """
    family = FAMILIES[family_name]
    batch: int | str = 1 if fixed_batch else "batch"
    dim = family.context * (2 if family.mask else 1) + 1
    (root / "visual").mkdir(parents=True, exist_ok=True)
    (root / "textual").mkdir(parents=True, exist_ok=True)
    onnx.save(_visual_model(dim, batch), str(root / "visual" / "model.onnx"))
    onnx.save(_echo_text_model(family, dynamic, batch), str(root / "textual" / "model.onnx"))
    if family.specials:
        unigram_tokenizer(family).save(str(root / "textual" / "tokenizer.json"))
        _write(root / "textual" / "tokenizer_config.json", family.token_config)
    else:
        for file in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
            shutil.copyfile(TOKENIZER_DIR / file, root / "textual" / file)
    text_cfg = {**family.text_cfg, "context_length": family.context}
    _write(root / "config.json", {"embed_dim": dim, "vision_cfg": {"image_size": IMAGE_SIZE},
                                  "text_cfg": text_cfg})
    _write(root / "visual" / "preprocess_cfg.json", {
        "size": [IMAGE_SIZE, IMAGE_SIZE], "mode": "RGB", "mean": [0.5, 0.5, 0.5],
        "std": [0.5, 0.5, 0.5], "interpolation": "bicubic",
        "resize_mode": "squash" if family_name.startswith("siglip") else "shortest"})
    if name:
        _write(root / "manifest.json", {"name": name})
    return root


def decode_echo(embeddings: np.ndarray, family_name: str) -> tuple[np.ndarray, np.ndarray]:
    """(ids [N, C], mask [N, C] or all -1 when the model takes no mask) from echo output."""
    family = FAMILIES[family_name]
    values = np.rint(embeddings / embeddings[:, -1:]).astype(np.int64)
    ids = values[:, : family.context]
    mask = values[:, family.context: 2 * family.context] if family.mask else \
        np.full_like(ids, -1)
    return ids, mask


def _write(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
