#!/usr/bin/env python3
"""A simulated search agent over Cranfield, for LRAT training data.

    simulate_agent.py KAIZEN WORKSPACE PREPARED_DIR QUERIES_FILE OUT.jsonl [SEED]
                      [--sessions N] [--searches N] [-k K]

For each query it searches with Kaizen's BM25 (`kaizen retriever search --json`), browses
judged-relevant results more often than the rest, writes longer reasoning after better
documents, sometimes an explicit "not relevant" after a poor one, and ends with an outcome
(success when it browsed a relevant document). Output: kaizen.trajectory.v1 JSON Lines.
Everything random comes from SEED, so the file is reproducible.

Defaults (one session, one search, 10 results) reproduce the original agent. The options
model what real agents do, with the same browse and reasoning probabilities:
  --sessions N   N independent sessions per question (trajectory ids cran-qID, cran-qID-s1, ...).
  --searches N   after the question itself, N - 1 reformulations: a random subset of 3 to 6
                 of the question's content words, in their order (keyword queries). A
                 document already read in the session is not opened again.
  -k K           results per search (an agent scrolling deeper).
"""
import argparse
import json
import os
import random
import subprocess

BROWSE = {3: 0.85, 4: 0.9, 2: 0.6, 1: 0.3, 0: 0.12}   # by gain (5 - grade); 0 = unjudged
FILLER = ("the document discusses", "which bears on", "the question about", "with results for",
          "and the measurements of", "compared with theory for", "in the range of")
STOP = set("""a an the of in on for to and or with by at from as is are was were be been
what which how why when where who whom whose does do did can could should would will must
has have had there this that these those it its any some such than then so if not no into
about over under between been being made make available obtained found known given
problem problems""".split())


def reasoning(rng, title, gain):
    if gain <= 1 and rng.random() < 0.35:
        return "This is not relevant to the question.", 7
    n = max(4, int(rng.gauss(12 + 14 * gain, 4)))
    words = title.split() or ["it"]
    text = " ".join(rng.choice(FILLER) + " " + rng.choice(words) for _ in range(n // 4))
    return text, len(text.split())


def reformulation(rng, question):
    words = [w for w in question.replace(",", " ").replace("?", " ").split() if w.isalnum() and w.lower() not in STOP]
    words = list(dict.fromkeys(words))
    if len(words) <= 3:
        return " ".join(words) or question
    keep = sorted(rng.sample(range(len(words)), rng.randint(3, min(6, len(words)))))
    return " ".join(words[i] for i in keep)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kaizen")
    parser.add_argument("workspace")
    parser.add_argument("prepared")
    parser.add_argument("qfile")
    parser.add_argument("out")
    parser.add_argument("seed", nargs="?", type=int, default=7)
    parser.add_argument("--sessions", type=int, default=1)
    parser.add_argument("--searches", type=int, default=1)
    parser.add_argument("-k", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    grades = {}
    for line in open(os.path.join(args.prepared, "qrels.txt")):
        q, _, d, g = line.split()
        grades.setdefault(q, {})[d] = int(float(g))
    cache = {}

    def search(text):
        if text not in cache:
            cache[text] = json.loads(subprocess.run(
                [args.kaizen, "retriever", "search", text, "--model", "bm25", "-k", str(args.k), "--json", "--workspace", args.workspace],
                check=True, capture_output=True, text=True).stdout)
        return cache[text]

    queries = [json.loads(line) for line in open(os.path.join(args.prepared, args.qfile))]
    with open(args.out, "w") as f:
        for session in range(args.sessions):
            for query in queries:
                tid, step = f"cran-q{query['id']}" + (f"-s{session}" if session else ""), 0

                def log(kind, **fields):
                    nonlocal step
                    f.write(json.dumps({"schema": "kaizen.trajectory.v1", "trajectory": tid, "step": step, "type": kind, **fields}) + "\n")
                    step += 1

                log("task", text=query["text"], agent="cranfield-sim")
                found, read = False, set()
                for attempt in range(args.searches):
                    text = query["text"] if attempt == 0 else reformulation(rng, query["text"])
                    hits = search(text)
                    log("search", query=text, results=[{"doc": h["doc"], "rank": h["rank"], "score": h["score"]} for h in hits])
                    for h in hits:
                        if h["doc"] in read:
                            continue
                        gain = grades.get(query["id"], {}).get(h["doc"], 0)
                        if rng.random() >= BROWSE.get(gain, 0.12):
                            continue
                        read.add(h["doc"])
                        log("browse", doc=h["doc"])
                        text_, tokens = reasoning(rng, h["title"], gain)
                        log("reason", text=text_, tokens=tokens)
                        found = found or gain >= 2
                log("answer", text="answered from the documents read" if found else "no good answer found")
                log("outcome", success=found or rng.random() < 0.1)


if __name__ == "__main__":
    main()
