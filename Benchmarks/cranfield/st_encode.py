#!/usr/bin/env python3
"""The sentence-transformers side of `kaizen-bench encoder`: encodes the given texts with
all-MiniLM-L6-v2 on PyTorch CPU and reports documents per second.

    st_encode.py MODEL_FOLDER TEXTS_JSON --batch 32 --threads 2 [--vectors OUT.f32]

TEXTS_JSON is a JSON array of strings (kaizen-bench writes the same texts it encodes
natively). One warm-up batch runs before the clock starts, as on the Swift side. Prints one
JSON object on stdout: seconds, docs_per_s, cpu_seconds and the library versions; with
--vectors, the unit-length embeddings are written as little-endian float32, row after row,
so kaizen-bench can compare them with its own.

Needs a venv with `pip install torch sentence-transformers` (the CPU wheel of torch is
enough); a missing package exits with status 3 and says which.
"""
import argparse
import json
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("texts")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--vectors")
    args = parser.parse_args()
    try:
        import numpy as np
        import torch
        import sentence_transformers
        import transformers
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        print(f"st_encode.py: {error} (python {sys.executable})", file=sys.stderr)
        sys.exit(3)
    torch.set_num_threads(args.threads)
    with open(args.texts, encoding="utf-8") as f:
        texts = json.load(f)
    model = SentenceTransformer(args.model, device="cpu")
    with torch.inference_mode():
        model.encode(texts[: args.batch], batch_size=args.batch, normalize_embeddings=True)  # warm-up
        cpu0, wall0 = time.process_time(), time.perf_counter()
        vectors = model.encode(texts, batch_size=args.batch, normalize_embeddings=True, convert_to_numpy=True)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    if args.vectors:
        np.asarray(vectors, dtype="<f4").tofile(args.vectors)
    print(json.dumps({
        "documents": len(texts),
        "seconds": wall,
        "docs_per_s": len(texts) / wall,
        "cpu_seconds": cpu,
        "threads": torch.get_num_threads(),
        "sentence_transformers": sentence_transformers.__version__,
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "max_seq_length": model.max_seq_length,
    }))


if __name__ == "__main__":
    main()
