"""CLIP image and text encoders over ONNX Runtime: ``load_model`` and ``ClipModel``."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
from PIL import Image

from clipview.core.errors import BundleError, ClipviewError, InferenceError
from clipview.core.media.decode_memory import DEFAULT_MAX_PIXELS
from clipview.core.media.preprocess import (
    ImageInput,
    Photo,
    open_photo,
    to_tensor,
)
from clipview.core.models.bundle import ModelBundle, load_bundle
from clipview.core.models.onnx_io import EncoderIO, l2_normalise, read_io, run_batched
from clipview.core.models.precision import Precision, choose_precision
from clipview.core.models.precision import fp32 as fp32_precision
from clipview.core.models.runtime import (
    SessionInfo,
    create_session,
    describe_failure,
    planned_device,
)
from clipview.core.models.settings import DEVICES
from clipview.core.models.tokenize import TextTokenizer
from clipview.core.vector_rule import bad_rows

_FLOAT_INPUTS = ("tensor(float)", "tensor(float16)")
_INT_INPUTS = ("tensor(int32)", "tensor(int64)")
_BROKEN = "the model is broken; use another one"


class UnusableEmbeddings(InferenceError):
    """The model gave embeddings that cannot be searched with (NaN, inf, all zero) for
    some inputs: ``vectors`` are the whole batch's, ``bad`` marks the unusable rows."""

    def __init__(self, message: str, vectors: np.ndarray, bad: np.ndarray) -> None:
        super().__init__(message)
        self.vectors = vectors
        self.bad = bad


def _normalised(raw: np.ndarray) -> np.ndarray:
    """Unit rows; rows of NaN or inf come out unusable (``vector_rule``), without warnings."""
    with np.errstate(invalid="ignore", over="ignore"):
        return l2_normalise(raw)


def _why(raw: np.ndarray, bad: np.ndarray) -> str:
    """What is wrong with the bad rows of a raw (not yet normalised) output."""
    return "NaN or inf" if not np.isfinite(raw[bad]).all() else "all zero"


class _Encoder:
    """One lazily created session with its checked I/O description."""

    def __init__(self, path: Path, rank: int, kinds: tuple[str, ...], device: str,
                 threads: int | None, resolve: Callable[[], Path] | None = None) -> None:
        self._args = (path, rank, kinds, device, threads)
        self._resolve = resolve  # the file to run (the int8 one on CPU), chosen on first use
        self._lock = threading.Lock()
        self.info: SessionInfo | None = None
        self.io: EncoderIO | None = None

    def ready(self) -> tuple[SessionInfo, EncoderIO]:
        with self._lock:
            if self.info is None or self.io is None:
                path, rank, kinds, device, threads = self._args
                if self._resolve is not None:
                    path = self._resolve()
                    self._args = (path, rank, kinds, device, threads)
                info = create_session(path, device, threads)
                self.io = read_io(info.session, path, rank, kinds)
                self.info = info
            return self.info, self.io

    @property
    def loaded(self) -> SessionInfo | None:
        """The session's info when it is open (never opens it)."""
        return self.info

    def close(self) -> None:
        """Drop the session (ONNX Runtime frees it with its last reference); the next use
        opens a new one."""
        with self._lock:
            self.info = None
            self.io = None

    def run(self, batch: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        info, io = self.ready()
        try:
            return run_batched(info.session, io, batch, mask)
        except ClipviewError:
            raise
        except Exception as exc:  # onnxruntime's own types, RuntimeError, MemoryError …
            path = self._args[0]
            raise InferenceError(f"ONNX Runtime failed to run {path.parent.name}/{path.name} "
                                 f"on {info.device}: {describe_failure(exc)}") from exc


class ClipModel:
    """Encodes photos and texts into one L2-normalised embedding space."""

    def __init__(self, bundle: ModelBundle, device: str = "auto", threads: int | None = None,
                 max_pixels: int = DEFAULT_MAX_PIXELS, precision: Precision | None = None
                 ) -> None:
        if device not in DEVICES:
            raise ValueError(f"device must be one of {', '.join(DEVICES)}, not {device!r}")
        self.bundle = bundle
        self.requested_device = device
        self.max_pixels = max_pixels
        self.tokenizer = TextTokenizer(bundle.tokenizer_file, bundle.context_length,
                                       bundle.tokenizer_config, bundle.text_cfg)
        self._precision = precision
        self._precision_guard = threading.Lock()
        self._visual = _Encoder(bundle.visual_model, 4, _FLOAT_INPUTS, device, threads,
                                lambda: self.precision.visual)
        self._textual = _Encoder(bundle.textual_model, 2, _INT_INPUTS, device, threads,
                                 lambda: self.precision.textual)

    @property
    def name(self) -> str:
        return self.bundle.name

    @property
    def dim(self) -> int:
        return self.bundle.embed_dim

    @property
    def precision(self) -> Precision:
        """The files the encoders run: int8 on CPU when it agrees with fp32 (quantised and
        checked once per model, ``precision.choose_precision``), else fp32 and why."""
        with self._precision_guard:
            if self._precision is None:
                wanted = self.requested_device  # --device cuda never runs the int8 file
                device = wanted if wanted == "cuda" else planned_device(wanted)[0]
                self._precision = choose_precision(self.bundle, device)
            return self._precision

    @property
    def key_suffix(self) -> str:
        """Appended to the library's model key: int8 and fp32 vectors are kept apart."""
        return self.precision.key_suffix

    @property
    def device(self) -> str:
        """'cuda' or 'cpu': the device the text encoder really runs on once it is open (see
        ``load``), before that the one it will be asked to use. Never opens a session."""
        info = self._textual.loaded
        return info.device if info is not None else planned_device(self.requested_device)[0]

    @property
    def device_note(self) -> str:
        """Empty, or why CUDA was wanted but not used (never opens a session)."""
        info = self._textual.loaded
        return info.note if info is not None else planned_device(self.requested_device)[1]

    @property
    def loaded(self) -> bool:
        """True when the text encoder's session is open (``device`` is then certain)."""
        return self._textual.loaded is not None

    def load(self) -> None:
        """Open the text encoder now (and check it), so ``device`` says what is really used."""
        self._textual_ready()

    def close(self) -> None:
        """Release both ONNX Runtime sessions; a later encode opens them again."""
        self._visual.close()
        self._textual.close()

    def _textual_ready(self) -> tuple[SessionInfo, EncoderIO]:
        info, io = self._textual.ready()
        self._check_dim(io, self.bundle.textual_model)
        return info, io

    def _check_dim(self, io: EncoderIO, path: Path) -> None:
        if io.output_dim is not None and io.output_dim != self.dim:
            raise BundleError(f"{path} gives {io.output_dim}-d embeddings but config.json "
                              f"says embed_dim {self.dim}")

    def preprocess(self, item: ImageInput) -> np.ndarray:
        """One decoded, normalised image [3, H, W]; raises ImageSkipped for bad input."""
        return self.pixels(self.open_photo(item).image)

    def open_photo(self, item: ImageInput) -> Photo:
        """Decode at the smallest size this model needs (draft), with size and date."""
        return open_photo(item, min_side=min(self.bundle.preprocess.size),
                          max_pixels=self.max_pixels)

    def pixels(self, image: Image.Image) -> np.ndarray:
        """The model's input [3, H, W] for a decoded RGB image."""
        return to_tensor(image, self.bundle.preprocess)

    def encode_pixels(self, pixels: np.ndarray) -> np.ndarray:
        """Embeddings (N, D) for preprocessed images [N, 3, H, W]."""
        if pixels.shape[0] == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        info, io = self._visual.ready()
        self._check_dim(io, self.bundle.visual_model)
        expected = tuple(io.input_shape[2:])
        if any(e is not None and e != a for e, a in zip(expected, pixels.shape[2:], strict=False)):
            raise BundleError(f"{self.bundle.visual_model} wants {expected} pixels but "
                              f"preprocess_cfg.json gives {pixels.shape[2:]}")
        raw = self._visual.run(pixels)
        vectors = self._checked(_normalised(raw))
        bad = bad_rows(vectors)
        if bad.all() and self._image_tower_broken():
            raise InferenceError(f"{self.name}'s image encoder gives unusable embeddings "
                                 f"({_why(raw, bad)}) even for a plain grey picture; {_BROKEN}")
        if bad.any():
            raise UnusableEmbeddings(f"{self.name}'s image encoder gave unusable embeddings "
                                     f"({_why(raw, bad)}) for {int(bad.sum())} of {len(bad)} "
                                     "images", vectors, bad)
        return vectors

    def grey_pixels(self) -> np.ndarray:
        """A plain mid-grey picture as the model's input [1, 3, H, W]: the one input an
        image encoder must give a usable embedding for, or it is broken (``encode_pixels``
        asks it when a whole batch is unusable; installing a model encodes it)."""
        height, width = self.bundle.preprocess.size
        return self.pixels(Image.new("RGB", (width, height), (128, 128, 128)))[None]

    def _image_tower_broken(self) -> bool:
        """True when even a plain mid-grey picture gives an unusable embedding."""
        return bool(bad_rows(_normalised(self._visual.run(self.grey_pixels()))).any())

    def encode_images(self, items: Iterable[ImageInput], batch_size: int = 32) -> np.ndarray:
        """Embeddings (N, D) for paths or PIL images; raises ImageSkipped on a bad one."""
        parts, batch = [], []
        for item in items:
            batch.append(self.preprocess(item))
            if len(batch) == batch_size:
                parts.append(self.encode_pixels(np.stack(batch)))
                batch = []
        if batch:
            parts.append(self.encode_pixels(np.stack(batch)))
        return np.concatenate(parts) if parts else np.zeros((0, self.dim), np.float32)

    def encode_texts(self, texts: Sequence[str] | str, batch_size: int = 64) -> np.ndarray:
        """Embeddings (N, D) for texts; a dynamic sequence axis is cut to the longest text."""
        texts = [texts] if isinstance(texts, str) else list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        _, io = self._textual_ready()
        fixed_length = io.input_shape[1]
        parts = []
        for start in range(0, len(texts), batch_size):
            tokens = self.tokenizer.batch(texts[start:start + batch_size], fixed_length,
                                          io.input_dtype)
            parts.append(self._textual.run(tokens.ids, tokens.mask))
        raw = np.concatenate(parts)
        vectors = self._checked(_normalised(raw))
        bad = bad_rows(vectors)
        if bad.any():
            first = texts[int(np.argmax(bad))]
            raise UnusableEmbeddings(f"{self.name}'s text encoder gave an unusable embedding "
                                     f"({_why(raw, bad)}) for {first[:60]!r}; {_BROKEN}",
                                     vectors, bad)
        return vectors

    def _checked(self, vectors: np.ndarray) -> np.ndarray:
        if vectors.shape[1] != self.dim:
            raise BundleError(f"model gives {vectors.shape[1]}-d embeddings but config.json "
                              f"says embed_dim {self.dim}")
        return vectors


def load_model(bundle_dir: str | Path, device: str = "auto",
               threads: int | None = None, quantize: bool = True) -> ClipModel:
    """Load a bundle (Immich layout) for ``device`` in auto, cpu, cuda; sessions open lazily.
    On the CPU the int8 models are used when they match fp32 (see quantize.py);
    ``quantize=False`` keeps the bundle's own model files (exact parity checks)."""
    bundle = load_bundle(bundle_dir)
    chosen = None if quantize else fp32_precision(bundle, "the bundle's own models asked for")
    return ClipModel(bundle, device=device, threads=threads, precision=chosen)
