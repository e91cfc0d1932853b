#!/usr/bin/env python3
"""A simulated search agent over Cranfield, for LRAT training data.

    simulate_agent.py KAIZEN WORKSPACE PREPARED_DIR QUERIES_FILE OUT.jsonl [SEED]

For each query it searches with Kaizen's BM25 (`kaizen retriever search --json`), browses
judged-relevant results more often than the rest, writes longer reasoning after better
documents, sometimes an explicit "not relevant" after a poor one, and ends with an outcome
(success when it browsed a relevant document). Output: kaizen.trajectory.v1 JSON Lines.
Everything random comes from SEED, so the file is reproducible.
"""
import json
import os
import random
import subprocess
import sys

BROWSE = {3: 0.85, 4: 0.9, 2: 0.6, 1: 0.3, 0: 0.12}   # by gain (5 - grade); 0 = unjudged
FILLER = ("the document discusses", "which bears on", "the question about", "with results for",
          "and the measurements of", "compared with theory for", "in the range of")


def reasoning(rng, title, gain):
    if gain <= 1 and rng.random() < 0.35:
        return "This is not relevant to the question.", 7
    n = max(4, int(rng.gauss(12 + 14 * gain, 4)))
    words = title.split() or ["it"]
    text = " ".join(rng.choice(FILLER) + " " + rng.choice(words) for _ in range(n // 4))
    return text, len(text.split())


def main():
    kaizen, workspace, prepared, qfile, out = sys.argv[1:6]
    rng = random.Random(int(sys.argv[6]) if len(sys.argv) > 6 else 7)
    grades = {}
    for line in open(os.path.join(prepared, "qrels.txt")):
        q, _, d, g = line.split()
        grades.setdefault(q, {})[d] = int(float(g))
    with open(out, "w") as f:
        for line in open(os.path.join(prepared, qfile)):
            query = json.loads(line)
            tid, step = f"cran-q{query['id']}", 0

            def log(kind, **fields):
                nonlocal step
                f.write(json.dumps({"schema": "kaizen.trajectory.v1", "trajectory": tid, "step": step, "type": kind, **fields}) + "\n")
                step += 1

            log("task", text=query["text"], agent="cranfield-sim")
            hits = json.loads(subprocess.run(
                [kaizen, "retriever", "search", query["text"], "-k", "10", "--json", "--workspace", workspace],
                check=True, capture_output=True, text=True).stdout)
            log("search", query=query["text"], results=[{"doc": h["doc"], "rank": h["rank"], "score": h["score"]} for h in hits])
            found = False
            for h in hits:
                gain = grades.get(query["id"], {}).get(h["doc"], 0)
                if rng.random() >= BROWSE.get(gain, 0.12):
                    continue
                log("browse", doc=h["doc"])
                text, tokens = reasoning(rng, h["title"], gain)
                log("reason", text=text, tokens=tokens)
                found = found or gain >= 2
            log("answer", text="answered from the documents read" if found else "no good answer found")
            log("outcome", success=found or rng.random() < 0.1)


if __name__ == "__main__":
    main()
