"""clipview-export: a CLIP checkpoint → a verified ONNX bundle in Immich's layout."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from clipview_export.bundle_writer import ExportRequest, ParityFailure, write_bundle
from clipview_export.source import RANDOM_ARCHITECTURES, load_source


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clipview-export",
        description="Export a CLIP model to an ONNX bundle (Immich layout), verified "
                    "against PyTorch before it is written.")
    parser.add_argument("--source", help="local Hugging Face CLIP folder or hub id, "
                        "e.g. openai/clip-vit-base-patch32")
    parser.add_argument("--random-init", choices=sorted(RANDOM_ARCHITECTURES),
                        help="build the real architecture with random weights (no download)")
    parser.add_argument("--tokenizer", type=Path, help="folder with tokenizer.json "
                        "(required with --random-init)")
    parser.add_argument("--out", type=Path, required=True, help="bundle folder to write")
    precision = parser.add_mutually_exclusive_group()
    precision.add_argument("--fp16", action="store_true", help="half-precision variant (GPU)")
    precision.add_argument("--int8", action="store_true", help="dynamic int8 variant (CPU)")
    parser.add_argument("--verify-photos", type=Path,
                        help="folder of real photos for the parity check")
    parser.add_argument("--name", help="bundle name for manifest.json (default: folder name)")
    parser.add_argument("--seed", type=int, default=0, help="seed for --random-init")
    parser.add_argument("--min-cosine", type=float,
                        help="parity required (default 0.999 for fp32, 0.99 for fp16/int8)")
    parser.add_argument("--force", action="store_true", help="replace an existing bundle")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    precision = "fp16" if args.fp16 else "int8" if args.int8 else "fp32"
    source = load_source(args.source, args.random_init, args.tokenizer, args.seed)
    request = ExportRequest(source, args.out, precision, args.verify_photos, args.name,
                            args.force, args.min_cosine)
    try:
        parity = write_bundle(request)
    except ParityFailure as failure:
        print(f"clipview-export: parity check failed (need ≥ {request.threshold}); "
              f"bundle not written:\n{json.dumps(asdict(failure.parity), indent=2)}",
              file=sys.stderr)
        return 1
    except FileExistsError as exc:
        print(f"clipview-export: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({precision})\nparity: {json.dumps(asdict(parity))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
