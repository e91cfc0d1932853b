#!/usr/bin/env bash
# Installs the PyTorch trainer's virtualenv once, outside the repository (cached).
#   Examples/torch-trainer/install.sh        prints the venv's python path
set -euo pipefail
VENV="${KAIZEN_TORCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/kaizen/torch-venv}"
if ! "$VENV/bin/python" -c "import torch, numpy" >/dev/null 2>&1; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet -r "$(dirname "$0")/requirements.txt"
fi
echo "$VENV/bin/python"
