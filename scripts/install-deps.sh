#!/usr/bin/env bash
# Installs the Debian packages Kaizen builds and tests with, when missing.
set -euo pipefail
need=()
# chromium and chromium-driver: the review page's real-browser test.
for pkg in libsqlite3-dev libcurl4-openssl-dev libopenblas-dev python3-venv curl chromium chromium-driver; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
# The vision example (Examples/vision) and its tests: PyTorch (CPU) and scikit-learn for the
# system python3, and Fashion-MNIST's files. Without recommends (libtorch-dev, compilers,
# matplotlib): about 210 MB to download, 870 MB installed, under 2 minutes.
lean=()
for pkg in python3-torch python3-sklearn dataset-fashion-mnist; do
  dpkg -s "$pkg" >/dev/null 2>&1 || lean+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ] || [ "${#lean[@]}" -gt 0 ]; then
  echo "install-deps: installing ${need[*]} ${lean[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  if [ "${#need[@]}" -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if [ "${#lean[@]}" -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${lean[@]}" >/dev/null
  fi
fi
