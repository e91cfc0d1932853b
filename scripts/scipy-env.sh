#!/usr/bin/env bash
# Prints the path of a Python interpreter that has SciPy, for the KaizenStats cross-check
# tests (KAIZEN_SCIPY_PYTHON). The virtualenv is built once and cached; a `.kaizen-complete`
# marker is written last, so an interrupted build is thrown away and redone next time.
set -euo pipefail
home="${KAIZEN_SCIPY_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/kaizen/scipy}"
venv="$home/venv"
marker="$venv/.kaizen-complete"
if [ ! -f "$marker" ]; then
  echo "scipy-env: creating $venv" >&2
  rm -rf "$venv"
  mkdir -p "$home"
  python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check scipy >&2
  "$venv/bin/python" -c 'import scipy.stats' >&2
  touch "$marker"
  echo "scipy-env: ready" >&2
fi
python="$(cd "$venv/bin" && pwd -P)/python"
echo "$python"
