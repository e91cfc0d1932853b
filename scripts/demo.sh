#!/usr/bin/env bash
# The main job, from a fresh Debian machine with the Swift toolchain: installs what is
# missing, builds kaizen, creates a workspace, starts the embedded local LLM and checks the
# whole path with one real request, generates the built-in world, trains the production
# config on it, and runs one offline-agent round per persona (the local LLM proposes, with
# the evolutionary proposer's state in its prompt; valid candidates are trained while the
# next are proposed), lists the journal, then runs the online agent for 30 simulated days:
# experiments, decisions, approvals waiting for a person. (`kaizen run` will loop it all.)
#
#   scripts/demo.sh [WORKSPACE]      default: ./demo-workspace
set -euo pipefail
cd "$(dirname "$0")/.."
WORKSPACE="${1:-demo-workspace}"

scripts/install-deps.sh

swift build -c release --product kaizen
KAIZEN="$(swift build -c release --show-bin-path)/kaizen"

[ -f "$WORKSPACE/kaizen.yaml" ] || "$KAIZEN" init "$WORKSPACE"
"$KAIZEN" llm local start --workspace "$WORKSPACE"
"$KAIZEN" llm ping --workspace "$WORKSPACE"
"$KAIZEN" doctor --workspace "$WORKSPACE"
# The built-in world, and the production config trained by the Swift trainer.
"$KAIZEN" world generate --workspace "$WORKSPACE"
"$KAIZEN" train --config "$WORKSPACE/Policies/production.json" --workspace "$WORKSPACE"
# One offline-agent round per persona: propose, validate, de-duplicate, journal, train.
for persona in optimizer architecture reward; do
  "$KAIZEN" propose --persona "$persona" --count "${KAIZEN_DEMO_COUNT:-3}" --workspace "$WORKSPACE"
done
"$KAIZEN" journal --workspace "$WORKSPACE" --limit 12
# The online agent: candidates better than production go to live A/B experiments on the
# built-in world (one simulated day per step); reward changes wait for a person
# (`kaizen review list`). 30 days lets the delayed 14-day north star arrive and decide.
"$KAIZEN" online step --steps "${KAIZEN_DEMO_DAYS:-30}" --workspace "$WORKSPACE" | grep -v -E '^  running |^production config |nothing to do' || true
"$KAIZEN" experiments list --workspace "$WORKSPACE"
"$KAIZEN" review list --workspace "$WORKSPACE"
"$KAIZEN" status --workspace "$WORKSPACE"
echo "report: $("$KAIZEN" report --workspace "$WORKSPACE")"
echo
echo "kaizen is at $KAIZEN; the workspace is $WORKSPACE. Stop the local LLM with: $KAIZEN llm local stop"
