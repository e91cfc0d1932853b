#!/usr/bin/env python3
"""Converts the Cranfield collection into the files `kaizen docs import` and
`kaizen retriever eval` read.

    prepare.py CRANFIELD_DIR OUT_DIR

Writes docs.jsonl ({"id","title","text"}), queries.jsonl / queries-train.jsonl /
queries-test.jsonl ({"id","text"}; id = the query's position 1..225, as cranqrel numbers
them) and qrels.txt (TREC `qid Q0 doc gain`). Gains follow the data's README: grade g in
1..4 has gain 5 - g, and grades 1-3 (gain >= 2) count as relevant for recall and MRR, so
evaluate with `--relevant-at-least 2`. The training half is the odd positions, the
held-out half the even ones: fixed, and spread over the whole query file.
"""
import json
import os
import sys


def fields(path):
    """Yields (id, {field letter: text}) records of a SMART-format file."""
    record, key, buf, rid = {}, None, [], None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith(".I "):
                if rid is not None:
                    if key:
                        record[key] = " ".join(buf).strip()
                    yield rid, record
                rid, record, key, buf = line[3:].strip(), {}, None, []
            elif len(line) >= 2 and line[0] == "." and line[1] in "TABW" and line[2:].strip() == "":
                if key:
                    record[key] = " ".join(buf).strip()
                key, buf = line[1], []
            else:
                buf.append(line.strip())
    if rid is not None:
        if key:
            record[key] = " ".join(buf).strip()
        yield rid, record


def main():
    source, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "docs.jsonl"), "w") as f:
        for rid, rec in fields(os.path.join(source, "cran.all.1400")):
            text = rec.get("W", "") or rec.get("T", "")
            if not text:
                # Documents 471 and 995 are empty in the collection; nothing can retrieve them.
                print(f"prepare.py: skipping empty document {int(rid)}", file=sys.stderr)
                continue
            f.write(json.dumps({"id": str(int(rid)), "title": rec.get("T", ""), "text": text}) + "\n")
    queries = [(str(n), rec.get("W", "")) for n, (_, rec) in enumerate(fields(os.path.join(source, "cran.qry")), start=1)]
    for name, keep in (("queries.jsonl", lambda n: True), ("queries-train.jsonl", lambda n: n % 2 == 1), ("queries-test.jsonl", lambda n: n % 2 == 0)):
        with open(os.path.join(out, name), "w") as f:
            for qid, text in queries:
                if keep(int(qid)):
                    f.write(json.dumps({"id": qid, "text": text}) + "\n")
    with open(os.path.join(source, "cranqrel")) as src, open(os.path.join(out, "qrels.txt"), "w") as f:
        for line in src:
            parts = line.split()
            if len(parts) >= 3 and 1 <= int(parts[2]) <= 4:
                f.write(f"{parts[0]} Q0 {parts[1]} {5 - int(parts[2])}\n")


if __name__ == "__main__":
    main()
