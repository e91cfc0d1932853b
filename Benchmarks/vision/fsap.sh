#!/usr/bin/env bash
# FSAP sweep (few-shot architecture prompting, as in the NNGPT/LEMUR study): for n = 1, 3 and 5
# supporting models per prompt, a fresh `kaizen init --example vision` workspace runs PROPOSALS
# proposals (default 30, three per cycle) and `kaizen code summary` reports the share that
# passed validation, the duplicate share, and the best, mean and dataset-balanced mean accuracy.
#   Benchmarks/vision/fsap.sh [WORK_DIR]
#   KAIZEN=path           the kaizen binary (default .build/release/kaizen)
#   PROPOSALS=30          proposals per n
#   MAX_TOKENS=768        token limit of one reply
#   FSAP_ENDPOINT / FSAP_MODEL / FSAP_KEY_ENV   any OpenAI-compatible endpoint (default: the
#                         embedded local server, Gemma 3 270M; start it with `kaizen llm local start`)
set -euo pipefail
cd "$(dirname "$0")/../.."
kaizen="${KAIZEN:-.build/release/kaizen}"
proposals="${PROPOSALS:-30}"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
echo "commit $(git rev-parse --short HEAD); $proposals proposals per n; work in $work"
for n in 1 3 5; do
  ws="$work/n$n"
  if [ ! -f "$ws/kaizen.yaml" ]; then
    "$kaizen" init --example vision "$ws" >/dev/null
    sed -i "s/^  examples: 3$/  examples: $n/; s/^  max_tokens: 1000$/  max_tokens: ${MAX_TOKENS:-768}/" "$ws/kaizen.yaml"
    [ -z "${FSAP_ENDPOINT:-}" ] || sed -i "s#^  endpoint: \"\"#  endpoint: $FSAP_ENDPOINT#" "$ws/kaizen.yaml"
    [ -z "${FSAP_MODEL:-}" ] || sed -i "s#^  model: \"\"#  model: $FSAP_MODEL#" "$ws/kaizen.yaml"
    [ -z "${FSAP_KEY_ENV:-}" ] || printf '  api_key_env: %s\n' "$FSAP_KEY_ENV" | sed -i '/^llm:$/r /dev/stdin' "$ws/kaizen.yaml"
  fi
  # Resumable: a second call continues an interrupted run up to the same number of cycles.
  "$kaizen" run --cycles $(((proposals + 2) / 3)) --count 3 --workspace "$ws" > "$ws/run.log" 2>&1
  tail -n 1 "$ws/run.log"
  "$kaizen" code summary --workspace "$ws" | tail -n +2 | sed "s/^/n=$n: /"
  "$kaizen" code summary --json --workspace "$ws" > "$ws/summary.json"
done
