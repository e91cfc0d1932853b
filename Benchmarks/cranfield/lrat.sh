#!/usr/bin/env bash
# LRAT on Cranfield (issue 8): the simulated agent's trajectories over the training half train
# the adapter; every row is evaluated once on the held-out half.
#   Benchmarks/cranfield/lrat.sh [CRANFIELD_DIR]
# Needs a release `kaizen` (KAIZEN=path; default .build-lrat/release/kaizen, from
# `swift build -c release --scratch-path .build-lrat`) and the MiniLM encoder files
# (KAIZEN_ENCODER_MODEL, default `scripts/encoder-model.sh`). WORK=dir keeps the files.
# Agent: 3 sessions per training question (seeds from 7), each the question then 2 keyword
# reformulations, 20 results per search; the browse and reasoning probabilities are the
# original agent's. Training: full 384x384 adapter, Adam 3e-4, 10 epochs, temperature 0.02,
# BM25 weight fixed at 0.5 (all chosen by 5-fold cross-validation over the training half).
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${1:-../shared/data/cranfield}"
kaizen="${KAIZEN:-.build-lrat/release/kaizen}"
export KAIZEN_ENCODER_MODEL="${KAIZEN_ENCODER_MODEL:-$(scripts/encoder-model.sh)}"
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"
ws="$work/ws"
python3 Benchmarks/cranfield/prepare.py "$data" "$work/cran" 2>/dev/null
if [ ! -d "$ws/.kaizen" ]; then
  "$kaizen" init "$ws" >/dev/null
  "$kaizen" docs import "$work/cran/docs.jsonl" --workspace "$ws" >/dev/null
  "$kaizen" retriever index --workspace "$ws" 2>/dev/null | tail -1
  python3 Benchmarks/cranfield/simulate_agent.py "$kaizen" "$ws" "$work/cran" queries-train.jsonl "$work/traj-train.jsonl" 7 \
    --sessions 3 --searches 3 -k 20
  "$kaizen" trajectories import "$work/traj-train.jsonl" --workspace "$ws" >/dev/null
fi
"$kaizen" retriever mine --skip-read-negatives --workspace "$ws"
train() { "$kaizen" retriever train --name "$1" --skip-read-negatives --bm25-weight 0.5 "${@:2}" --workspace "$ws" | tail -1; }
train lrat-naive --no-judge --no-weights
train lrat-judge --no-weights
train lrat-full
echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Benchmarks/cranfield || echo ' (with uncommitted changes)'); held-out half, --relevant-at-least 2"
echo "| retriever | nDCG@10 | recall@10 | recall@100 | MRR@10 |"
echo "| --- | --- | --- | --- | --- |"
for m in bm25 dense hybrid lrat-naive lrat-judge lrat-full; do
  "$kaizen" retriever eval --model "$m" --queries "$work/cran/queries-test.jsonl" --qrels "$work/cran/qrels.txt" \
    --relevant-at-least 2 --json --workspace "$ws" | python3 -c '
import json, sys
m = json.load(sys.stdin); m = m.get("metrics", m)
print("| %s | %.4f | %.4f | %.4f | %.4f |" % (sys.argv[1], m["ndcg@10"], m["recall@10"], m["recall@100"], m["mrr@10"]))' "$m"
done
