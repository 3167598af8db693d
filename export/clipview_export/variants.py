"""fp16 (GPU) and int8 (CPU) variants of an exported fp32 model."""

from __future__ import annotations

from pathlib import Path

import onnx

# ops kept in fp32 in the fp16 variant: normalisation and softmax overflow in half precision
FP16_KEEP_FP32 = ["LayerNormalization", "Softmax", "ReduceMean", "ReduceL2", "Pow", "Sqrt",
                  "Div", "Erf", "ArgMax", "Gather", "Cast", "Clip"]


def to_fp16(source: Path, target: Path) -> None:
    """Weights and matmuls in fp16; inputs/outputs stay float32 so callers need not change."""
    from onnxruntime.transformers.float16 import DEFAULT_OP_BLOCK_LIST, convert_float_to_float16

    model = onnx.load(str(source))
    converted = convert_float_to_float16(
        model, keep_io_types=True, op_block_list=sorted(set(DEFAULT_OP_BLOCK_LIST)
                                                        | set(FP16_KEEP_FP32)))
    _drop_duplicate_casts(converted.graph)
    onnx.save(converted, str(target))


def _drop_duplicate_casts(graph: onnx.GraphProto) -> None:
    # the converter inserts one Cast per blocked consumer of a value, all with the same
    # name and output; one such Cast is enough
    defined: set[str] = set()
    keep = []
    for node in graph.node:
        if node.op_type == "Cast" and node.output and node.output[0] in defined:
            continue
        defined.update(node.output)
        keep.append(node)
    del graph.node[:]
    graph.node.extend(keep)


def to_int8(source: Path, target: Path) -> None:
    """Dynamic int8 quantisation of the MatMul/Gemm weights (per channel), for CPUs."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.shape_inference import quant_pre_process

    prepared = target.with_name(target.stem + ".pre.onnx")
    try:
        quant_pre_process(str(source), str(prepared), skip_symbolic_shape=True)
        quantize_dynamic(str(prepared), str(target), weight_type=QuantType.QInt8,
                         per_channel=True, op_types_to_quantize=["MatMul", "Gemm"])
    finally:
        prepared.unlink(missing_ok=True)
