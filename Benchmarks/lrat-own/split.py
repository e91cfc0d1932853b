#!/usr/bin/env python3
"""Splits Kaizen's own agent episodes for the evidence-recall benchmark.

    split.py ALL.jsonl OUT_DIR [HELD_EVERY] [search|task]

Reads `kaizen trajectories export` output (kaizen.trajectory.v1). Every HELD_EVERY-th episode
(default 3), in sorted trajectory-id order, is held out. Writes OUT_DIR/train.jsonl (the other
episodes, for `kaizen retriever train --trajectories`), OUT_DIR/queries.jsonl (each search of
a held-out, successful episode) and OUT_DIR/qrels.txt: the evidence of that search, i.e. the
documents the agent opened right after it (grade 1). With `task`, each held-out successful
episode is one query instead, the text it was asked (its `task` event), whose relevant
documents are all it opened: harder, since the agent's own search words, which found the
evidence through BM25, are not in the query. Prints the counts.
"""
import json
import os
import sys


def main():
    source, out = sys.argv[1], sys.argv[2]
    every = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    mode = sys.argv[4] if len(sys.argv) > 4 else "search"
    if mode not in ("search", "task"):
        sys.exit(f"split.py: query mode {mode!r} is neither search nor task")
    os.makedirs(out, exist_ok=True)
    episodes = {}
    for line in open(source):
        if line.strip():
            event = json.loads(line)
            episodes.setdefault(event["trajectory"], []).append(event)
    ids = sorted(episodes)
    held = set(ids[every - 1::every])
    with open(os.path.join(out, "train.jsonl"), "w") as f:
        for tid in ids:
            if tid not in held:
                for event in sorted(episodes[tid], key=lambda e: e["step"]):
                    f.write(json.dumps(event) + "\n")
    queries = 0
    judged = 0
    with open(os.path.join(out, "queries.jsonl"), "w") as q, open(os.path.join(out, "qrels.txt"), "w") as r:
        for tid in sorted(held):
            events = sorted(episodes[tid], key=lambda e: e["step"])
            if not any(e["type"] == "outcome" and e.get("success") is True for e in events):
                continue
            if mode == "task":
                task = next((e for e in events if e["type"] == "task"), None)
                opened = sorted({e["doc"] for e in events if e["type"] == "browse"})
                if task is None or not opened:
                    continue
                q.write(json.dumps({"id": tid, "text": task["text"]}) + "\n")
                queries += 1
                for doc in opened:
                    r.write(f"{tid} 0 {doc} 1\n")
                    judged += 1
                continue
            search = None
            for event in events:
                if event["type"] == "search":
                    search = event
                    qid = f"{tid}:{event['step']}"
                    q.write(json.dumps({"id": qid, "text": event["query"]}) + "\n")
                    queries += 1
                elif event["type"] == "browse" and search is not None:
                    r.write(f"{tid}:{search['step']} 0 {event['doc']} 1\n")
                    judged += 1
    print(json.dumps({"episodes": len(ids), "held_out": len(held), "train": len(ids) - len(held),
                      "mode": mode, "held_out_queries": queries, "evidence_documents": judged}))


if __name__ == "__main__":
    main()
