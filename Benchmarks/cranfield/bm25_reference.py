#!/usr/bin/env python3
"""An independent BM25 (PyPI's rank-bm25, Okapi k1=1.2 b=0.75 like FTS5's bm25()) over the
files prepare.py writes, with the same metrics as `kaizen retriever eval`.

    bm25_reference.py OUT_DIR [queries file name] [relevant-at-least]

Tokens: lower-case runs of letters and digits, Porter-stemmed (NLTK), as FTS5's
`porter unicode61` tokenizer does. Prints one JSON object.
"""
import json
import math
import os
import re
import sys

from nltk.stem.porter import PorterStemmer
from rank_bm25 import BM25Okapi

stem = PorterStemmer().stem


def tokens(text):
    return [stem(t) for t in re.findall(r"[a-z0-9]+", text.lower())]


def main():
    out = sys.argv[1]
    qfile = sys.argv[2] if len(sys.argv) > 2 else "queries.jsonl"
    minimum = float(sys.argv[3]) if len(sys.argv) > 3 else 1
    docs = [json.loads(l) for l in open(os.path.join(out, "docs.jsonl"))]
    ids = [d["id"] for d in docs]
    bm25 = BM25Okapi([tokens(d["title"] + " " + d["text"]) for d in docs], k1=1.2, b=0.75)
    qrels = {}
    for line in open(os.path.join(out, "qrels.txt")):
        q, _, d, g = line.split()
        qrels.setdefault(q, {})[d] = float(g)
    sums, n = {"ndcg@10": 0.0, "recall@10": 0.0, "recall@100": 0.0, "mrr@10": 0.0}, 0
    for line in open(os.path.join(out, qfile)):
        q = json.loads(line)
        grades = qrels.get(q["id"], {})
        relevant = {d for d, g in grades.items() if g >= minimum}
        if not relevant:
            continue
        scores = bm25.get_scores(tokens(q["text"]))
        ranking = [ids[i] for i in sorted(range(len(ids)), key=lambda i: -scores[i])[:100] if scores[i] > 0]
        dcg = sum(max(0, grades.get(d, 0)) / math.log2(i + 2) for i, d in enumerate(ranking[:10]))
        ideal = sum(g / math.log2(i + 2) for i, g in enumerate(sorted((g for g in grades.values() if g > 0), reverse=True)[:10]))
        sums["ndcg@10"] += dcg / ideal if ideal > 0 else 0
        sums["recall@10"] += len(set(ranking[:10]) & relevant) / len(relevant)
        sums["recall@100"] += len(set(ranking[:100]) & relevant) / len(relevant)
        first = next((i for i, d in enumerate(ranking[:10]) if d in relevant), None)
        sums["mrr@10"] += 0 if first is None else 1 / (first + 1)
        n += 1
    print(json.dumps({"model": "rank-bm25", "queries": n, **{k: v / n for k, v in sums.items()}}))


if __name__ == "__main__":
    main()
