#!/usr/bin/env bash
# Evidence recall on Kaizen's own episodes, before and after LRAT training.
#   Benchmarks/lrat-own/run.sh WORKSPACE [HELD_EVERY] [search|task]
# WORKSPACE: a workspace whose agents have run (`kaizen run` with an LLM proposer); it is
# copied, never changed. Every HELD_EVERY-th episode (default 3) is held out; LRAT trains on
# the others (`kaizen retriever train --trajectories`), and each held-out search of a
# successful episode is a query whose relevant documents are the ones the agent opened after it
# (`task`: each held-out successful episode's task text is the query, and all it opened relevant).
# Needs a built kaizen (KAIZEN=path) and the encoder (scripts/encoder-model.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
source_ws="$1"
every="${2:-3}"
mode="${3:-search}"
kaizen="${KAIZEN:-.build/release/kaizen}"
KAIZEN_ENCODER_MODEL="${KAIZEN_ENCODER_MODEL:-$(scripts/encoder-model.sh)}"
export KAIZEN_ENCODER_MODEL
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$source_ws" "$work/ws"
"$kaizen" trajectories export --out "$work/all.jsonl" --workspace "$work/ws" >/dev/null
echo "commit $(git rev-parse --short HEAD); one episode in ${every} held out; queries: ${mode}"
python3 Benchmarks/lrat-own/split.py "$work/all.jsonl" "$work/split" "$every" "$mode"
"$kaizen" retriever train --name own-lrat --trajectories "$work/split/train.jsonl" --all-outcomes --bm25-weight 0.5 --workspace "$work/ws" | tail -n 3
for model in bm25 dense hybrid own-lrat; do
  printf '%-9s ' "$model"
  "$kaizen" retriever eval --model "$model" --queries "$work/split/queries.jsonl" --qrels "$work/split/qrels.txt" --json --workspace "$work/ws" | tr -d '\n '
  echo
done
