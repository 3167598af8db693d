"""int8 on CPU: the fp32 encoders quantised locally, once, and used when they agree with fp32.

When CUDA is not used, ``make_int8`` quantises a bundle's visual and text models the way ONNX
Runtime's ``quantize_dynamic`` does (int8 MatMul/Gemm weights, per channel; no torch), each
read once, runs both precisions on a handful of generated images
(PARITY_IMAGES) and texts, and keeps int8 only when every embedding agrees with fp32 (cosine
>= MIN_COSINE); it yields its progress. The decision, the parity and the files live in the
user cache dir under the fp32 files' identity (size, mtime, inode), so it is made once per
model, in the background (``clipview models install`` after the model is usable, the next
``clipview index``, a job of the app). ``precision.choose_precision`` only reads the
decision: until it is made the fp32 files are used, and opening a model or searching never
waits for it. Vectors of the two precisions differ a little, so the library keys them apart
(``key_suffix``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import platform
import threading
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image, ImageDraw

from clipview.core.errors import ClipviewError
from clipview.core.models import precision as decisions
from clipview.core.models.bundle import ModelBundle
from clipview.core.models.precision import Precision, fp32, record, recorded
from clipview.core.private_files import private_dir

if TYPE_CHECKING:
    from clipview.core.models.encoder import ClipModel

logger = logging.getLogger(__name__)

MIN_COSINE = 0.99
_MAKING = threading.Lock()    # making one (long: only background work waits for it)
STARTED = "started"   # the quantiser process's first word: it runs
PARITY_IMAGES = 6  # generated pictures compared: a handful tells a broken copy
PARITY_TEXTS = ("a photo of a dog", "a red car parked on a street", "sunset over the sea",
                "two people hiking in the mountains", "a bowl of fruit on a table",
                "the night sky full of stars", "a black and white portrait", "snow")


@dataclass(frozen=True)
class Int8Progress:
    """A step of ``make_int8``: ``phase`` quantising, checking or done; ``done`` of ``total``
    steps (the two encoders, then each parity image, then the texts). The last one carries
    the ``precision`` chosen."""

    phase: str
    done: int
    total: int
    what: str = ""
    precision: Precision | None = None

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


def make_int8(bundle: ModelBundle, reference: ClipModel | None = None,
              cancelled: Any = None) -> Iterator[Int8Progress]:
    """Make the int8 copy and record the decision (once per model; a recorded one is
    returned at once). ``reference``: an fp32 ``ClipModel`` of ``bundle`` already open
    (its sessions are reused); ``cancelled()`` is asked between steps."""
    with _MAKING:
        slot = decisions.int8_root() / decisions.identity(bundle)
        chosen = recorded(bundle, slot)
        if chosen is None:
            chosen = yield from _decide(bundle, slot, reference, cancelled)
    yield Int8Progress("done", 1, 1, "", chosen)


def _decide(bundle: ModelBundle, slot: Path, reference: ClipModel | None,
            cancelled: Any) -> Generator[Int8Progress, None, Precision]:
    """Quantise, compare with fp32, record the decision (logged either way)."""
    total = 2 + PARITY_IMAGES + 1
    try:
        private_dir(slot)
        candidate = Precision("int8", slot / "visual.int8.onnx", slot / "textual.int8.onnx")
        for done, (what, part) in enumerate((("the image encoder", "visual"),
                                             ("the text encoder", "textual"))):
            yield Int8Progress("quantising", done, total, what)
            _stop_if(cancelled)
            quantise(getattr(bundle, f"{part}_model"), getattr(candidate, part), cancelled)
        cosine = 1.0
        yield Int8Progress("checking", 2, total, _checking(0))
        for done, value in enumerate(parity_steps(bundle, candidate, reference), start=3):
            cosine = min(cosine, value)
            _stop_if(cancelled)
            if done < total:
                yield Int8Progress("checking", done, total, _checking(done - 2))
    except Int8Cancelled:
        raise
    except Exception as exc:  # onnxruntime.quantization raises many kinds; fp32 always works
        logger.warning("int8 not used for %s (fp32 kept): quantisation failed: %s",
                       bundle.name, exc)
        failed = fp32(bundle, f"quantisation failed: {type(exc).__name__}: {exc}"[:300])
        if not isinstance(exc, OSError):  # a full disk may pass: tried again next time
            record(slot, failed)
        return failed
    if cosine < MIN_COSINE:
        chosen = fp32(bundle, f"int8 disagrees with fp32 (min cosine {cosine:.4f} < "
                              f"{MIN_COSINE})", cosine)
        for path in (candidate.visual, candidate.textual):
            path.unlink(missing_ok=True)
    else:
        chosen = Precision("int8", candidate.visual, candidate.textual, "", cosine)
    record(slot, chosen)
    logger.info("precision for %s on CPU: %s (min cosine vs fp32 %.5f) %s", bundle.name,
                chosen.name, cosine, chosen.reason)
    return chosen


class Int8Cancelled(ClipviewError):
    """``make_int8`` was cancelled between two steps (nothing is recorded)."""


def _stop_if(cancelled: Any) -> None:
    if cancelled is not None and cancelled():
        raise Int8Cancelled("making the int8 copy was cancelled")


def _checking(done: int) -> str:
    if done < PARITY_IMAGES:
        return f"image {done + 1} of {PARITY_IMAGES}"
    return f"{len(PARITY_TEXTS)} texts"


def quantise(source: Path, target: Path, cancelled: Any = None) -> None:
    """Dynamic int8 quantisation of the MatMul/Gemm weights, per channel: what ONNX
    Runtime's ``quantize_dynamic`` writes, from one read of ``source`` (it infers shapes
    through a file copy of the model before its quantiser does so again; here the first
    runs in memory). It runs in a child process (pure Python for a minute on a big model:
    the parent's threads keep the GIL meanwhile), which ``cancelled()`` stops at once."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        _in_child(source, temporary, cancelled)
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _in_child(source: Path, target: Path, cancelled: Any) -> None:
    """``_quiet_quantise`` in a spawned process, asked ``cancelled()`` ten times a second
    (killed when it says so: Int8Cancelled); its failure is raised here as a RuntimeError.
    A child that never ran (no process could be spawned: a frozen app without
    ``freeze_support``, a sandbox) leaves the work to this process, uncancellable."""
    context = multiprocessing.get_context("spawn")
    said = context.SimpleQueue()
    child = context.Process(target=_quiet_quantise, args=(str(source), str(target), said),
                            name="clipview-quantise", daemon=True)
    try:
        child.start()
    except (OSError, RuntimeError, ValueError) as exc:
        logger.warning("cannot start the quantiser process (%s): quantising here", exc)
        _quiet_quantise(str(source), str(target), None)
        return
    _wait_for(child, cancelled)
    messages = []
    while not said.empty():
        messages.append(said.get())
    if STARTED not in messages:
        logger.warning("the quantiser process never ran (exit %s): quantising here",
                       child.exitcode)
        _quiet_quantise(str(source), str(target), None)
        return
    problems = [m for m in messages if m != STARTED]
    if problems or child.exitcode != 0:
        raise RuntimeError(problems[0] if problems else
                           f"the quantiser process ended with {child.exitcode}")


def _wait_for(child: Any, cancelled: Any) -> None:
    """Until ``child`` ends; killed (Int8Cancelled) when ``cancelled()`` says so."""
    try:
        while child.is_alive():
            child.join(0.1)
            if cancelled is not None and cancelled():
                raise Int8Cancelled("making the int8 copy was cancelled")
    finally:
        if child.is_alive():
            child.kill()
            child.join(5)


def _quiet_quantise(source: str, target: str, said: Any) -> None:
    """The work, in the child (``said``: STARTED, then its failure in one line) or here
    (``said`` None: a failure is raised)."""
    if said is not None:
        said.put(STARTED)
    quiet = _Quiet()  # it logs advice and every tensor on the root logger
    logging.getLogger().addFilter(quiet)
    try:
        _quantise_once(Path(source), Path(target))
    except Exception as exc:  # a process boundary: the parent decides what it means
        if said is None:
            raise
        said.put(f"{type(exc).__name__}: {exc}"[:300])
    finally:
        logging.getLogger().removeFilter(quiet)


def _quantise_once(source: Path, target: Path) -> None:
    """``quantize_dynamic(source, target, QInt8, per_channel, MatMul/Gemm)``, in memory."""
    import onnx
    from onnxruntime.quantization import QuantType
    from onnxruntime.quantization.onnx_quantizer import ONNXQuantizer
    from onnxruntime.quantization.quant_utils import QuantizationMode, add_infer_metadata
    from onnxruntime.quantization.quantize import update_opset_version

    model = onnx.shape_inference.infer_shapes(onnx.load(str(source)))
    add_infer_metadata(model)
    model = update_opset_version(model, QuantType.QInt8)
    quantizer = ONNXQuantizer(model, True, reduce_range(), QuantizationMode.IntegerOps, False,
                              QuantType.QInt8, QuantType.QUInt8, None, [], [],
                              ["MatMul", "Gemm"], {"MatMulConstBOnly": True})
    quantizer.quantize_model()
    quantizer.model.save_model_to_file(str(target), False)


def reduce_range(flags: str | None = None) -> bool:
    """7-bit weights on x86-64 CPUs without VNNI: there ONNX Runtime multiplies u8 × s8 with
    ``vpmaddubsw``, whose 16-bit sums saturate with full 8-bit weights (its quantisation
    guide's advice; seen here: min cosine 0.972 against fp32 on an AVX2 EPYC, 0.99+ with
    7 bits). CPUs with VNNI (``avx512_vnni``, ``avx_vnni``) and other architectures keep 8."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return False
    if flags is None:
        flags = _cpu_flags()
    words = set(flags.split())
    return not words & {"avx512_vnni", "avx_vnni", "amx_int8"}


def _cpu_flags() -> str:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as info:
            for line in info:
                if line.startswith("flags"):
                    return line.split(":", 1)[1]
    except OSError:
        pass
    return ""   # not Linux: assume no VNNI (7 bits are safe everywhere)


class _Quiet(logging.Filter):
    """Drops onnxruntime.quantization's own log lines (to the debug log instead)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "onnxruntime" in record.pathname and "quantization" in record.pathname:
            logger.debug("onnxruntime.quantization: %s", record.getMessage())
            return False
        return True


def parity_images(size: tuple[int, int], count: int = 6) -> list[Image.Image]:
    """Fixed generated pictures: gradients, shapes, stripes and noise (no photos needed)."""
    rng = np.random.default_rng(13)
    height, width = size
    pictures = []
    for n in range(count):
        y, x = np.mgrid[0:height, 0:width] / max(height, width)
        base = np.stack([x, y, (x + y) / 2], axis=-1)[..., np.roll(np.arange(3), n)]
        noise = rng.random((height, width, 3)) * (0.1 + 0.15 * (n % 3))
        picture = Image.fromarray(np.uint8(np.clip(base + noise, 0, 1) * 255))
        draw = ImageDraw.Draw(picture)
        for _ in range(4):
            box = sorted(rng.integers(0, width, 2).tolist()) + sorted(
                rng.integers(0, height, 2).tolist())
            colour = tuple(int(c) for c in rng.integers(0, 256, 3))
            draw.ellipse((box[0], box[2], box[1], box[3]), fill=colour)
        pictures.append(picture)
    return pictures


def parity(bundle: ModelBundle, candidate: Precision) -> float:
    """The smallest cosine between fp32 and ``candidate`` embeddings of the fixed inputs."""
    return min(parity_steps(bundle, candidate))


def parity_steps(bundle: ModelBundle, candidate: Precision,
                 reference: ClipModel | None = None) -> Iterator[float]:
    """The cosine between fp32 and ``candidate`` for each of the PARITY_IMAGES pictures,
    then the smallest one over PARITY_TEXTS. ``reference``: an open fp32 model of the
    bundle to reuse (not closed here); else one is opened for the check."""
    from clipview.core.models.encoder import ClipModel

    own = reference is None or reference.precision.name != "fp32" or \
        reference.bundle.root != bundle.root
    if own:
        reference = ClipModel(bundle, device="cpu", precision=fp32(bundle, "reference"))
    assert reference is not None
    quantised = ClipModel(bundle, device="cpu", precision=candidate)
    try:
        for picture in parity_images(tuple(bundle.preprocess.size),  # type: ignore[arg-type]
                                     PARITY_IMAGES):
            pixels = reference.pixels(picture)[None]
            yield _cosine(reference.encode_pixels(pixels), quantised.encode_pixels(pixels))
        texts = list(PARITY_TEXTS)
        yield _cosine(reference.encode_texts(texts), quantised.encode_texts(texts))
    finally:
        quantised.close()
        if own:
            reference.close()


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.min(np.sum(a * b, axis=1)))
