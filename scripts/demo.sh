#!/usr/bin/env bash
# The main job, from a fresh Debian machine with the Swift toolchain: installs what is
# missing (apt packages, the embedded local LLM), builds kaizen, creates a workspace on
# the built-in world, checks the LLM path with one real request, and runs the unattended
# loop (`kaizen run`) for a bounded time: offline-agent rounds per persona (the local LLM
# proposes with the evolutionary proposer's state; training runs alongside), online A/B
# experiments on the simulated world, launches when the sequential test says so, reward
# changes left for a person. Then it prints what improved, measured by the world's
# noise-free oracle (a benchmark-only view the agents never see), and writes the report.
#
#   scripts/demo.sh [WORKSPACE]      default: ./demo-workspace
#   KAIZEN_DEMO_MINUTES=10           how long the loop runs
#   KAIZEN_DEMO_PROPOSER=hybrid      hybrid | llm | evolutionary | random (no LLM needed)
#   KAIZEN_DEMO_STEPS=8              online steps (simulated days) per cycle
set -euo pipefail
cd "$(dirname "$0")/.."
WORKSPACE="${1:-demo-workspace}"
MINUTES="${KAIZEN_DEMO_MINUTES:-10}"
PROPOSER="${KAIZEN_DEMO_PROPOSER:-hybrid}"

scripts/install-deps.sh

swift build -c release --product kaizen
KAIZEN="$(swift build -c release --show-bin-path)/kaizen"

[ -f "$WORKSPACE/kaizen.yaml" ] || "$KAIZEN" init "$WORKSPACE"
if [ "$PROPOSER" = hybrid ] || [ "$PROPOSER" = llm ]; then
  "$KAIZEN" llm local start --workspace "$WORKSPACE"
  "$KAIZEN" llm ping --workspace "$WORKSPACE"
fi
"$KAIZEN" doctor --workspace "$WORKSPACE"
"$KAIZEN" world generate --workspace "$WORKSPACE"

# Production before the run, and its oracle north star (benchmark tool: noise-free).
BEFORE="$WORKSPACE/.kaizen/demo-production-before.json"
"$KAIZEN" production show --json --workspace "$WORKSPACE" > "$BEFORE" 2>/dev/null || cp "$WORKSPACE/Policies/production.json" "$BEFORE"
ORACLE_BEFORE="$("$KAIZEN" world oracle --config "$BEFORE" --json --workspace "$WORKSPACE" | python3 -c 'import json,sys; print(json.load(sys.stdin)["oracle_north_star"])')"

# The loop. Ctrl-C finishes the step in hand and stops; running the demo again resumes.
"$KAIZEN" run --duration "${MINUTES}m" --proposer "$PROPOSER" --online-steps "${KAIZEN_DEMO_STEPS:-8}" --workspace "$WORKSPACE"

AFTER="$WORKSPACE/.kaizen/demo-production-after.json"
"$KAIZEN" production show --json --workspace "$WORKSPACE" > "$AFTER"
ORACLE_AFTER="$("$KAIZEN" world oracle --config "$AFTER" --json --workspace "$WORKSPACE" | python3 -c 'import json,sys; print(json.load(sys.stdin)["oracle_north_star"])')"

echo
"$KAIZEN" experiments list --workspace "$WORKSPACE"
"$KAIZEN" status --workspace "$WORKSPACE"
REPORT="$("$KAIZEN" report --workspace "$WORKSPACE")"
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
LAUNCHES="$("$KAIZEN" production history --json --workspace "$WORKSPACE" | json 'sum(1 for r in d if r["action"] == "launch")')"
TRIED="$("$KAIZEN" status --json --workspace "$WORKSPACE" | json 'sum(d["candidates"].values())')"
WAITING="$("$KAIZEN" review list --json --workspace "$WORKSPACE" | json 'len(d)')"
echo
echo "== What the loop did in ${MINUTES} minutes =="
echo "production oracle north star: before ${ORACLE_BEFORE}, after ${ORACLE_AFTER}"
awk -v b="$ORACLE_BEFORE" -v a="$ORACLE_AFTER" -v l="$LAUNCHES" 'BEGIN {
  if (l == 0) print "no launch: the loop found no candidate that won its A/B test in this time (run it longer, or resume with the same command)";
  else if (a > b) printf "improvement: %+.2f%% from %d launch(es)\n", (a / b - 1) * 100, l;
  else printf "launched %d change(s), but the oracle says production did not improve (%+.2f%%): the online test was fooled by noise\n", l, (a / b - 1) * 100 }'
echo "candidates tried: ${TRIED}; approvals waiting for a person: ${WAITING} (kaizen review list)"
echo "report: ${REPORT}"
echo
echo "kaizen is at $KAIZEN; the workspace is $WORKSPACE. Stop the local LLM with: $KAIZEN llm local stop --workspace $WORKSPACE"
