#!/usr/bin/env bash
# Cranfield retrieval benchmark: Kaizen's BM25 (SQLite FTS5) next to an independent BM25
# (PyPI's rank-bm25) on the same documents, queries and judgments.
#   Benchmarks/cranfield/run.sh [CRANFIELD_DIR]
# Needs a built `kaizen` (swift build; KAIZEN=path picks another) and python3-venv; the reference's
# virtualenv is cached in ~/.cache/kaizen/bench-venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${1:-../shared/data/cranfield}"
kaizen="${KAIZEN:-.build/debug/kaizen}"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/kaizen/bench-venv"
if [ ! -f "$venv/.kaizen-complete" ]; then
  rm -rf "$venv" && python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check rank-bm25 nltk
  touch "$venv/.kaizen-complete"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 Benchmarks/cranfield/prepare.py "$data" "$work/cran" 2>/dev/null
"$kaizen" init "$work/ws" >/dev/null
"$kaizen" docs import "$work/cran/docs.jsonl" --workspace "$work/ws" >/dev/null
echo "commit $(git rev-parse --short HEAD); relevant = grades 1-3 (gain >= 2), gain = 5 - grade"
for q in queries.jsonl queries-test.jsonl; do
  echo "== $q"
  "$kaizen" retriever eval --queries "$work/cran/$q" --qrels "$work/cran/qrels.txt" --relevant-at-least 2 --json --workspace "$work/ws" | tr -d '\n ' ; echo
  "$venv/bin/python" Benchmarks/cranfield/bm25_reference.py "$work/cran" "$q" 2
done
