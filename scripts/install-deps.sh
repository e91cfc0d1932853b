#!/usr/bin/env bash
# Installs the Debian packages Kaizen builds and tests with, when missing.
set -euo pipefail
need=()
# chromium and chromium-driver: the review page's real-browser test.
for pkg in libsqlite3-dev libcurl4-openssl-dev libopenblas-dev python3-venv curl chromium chromium-driver; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  echo "install-deps: installing ${need[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
