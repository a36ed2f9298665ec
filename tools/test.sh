#!/usr/bin/env bash
# Runs the whole test suite, starting the services the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f tools/ci_postgres.sh ]; then
  eval "$(bash tools/ci_postgres.sh)"
fi
# type hints on public functions are part of the contract (docs/ARCHITECTURE.md)
.venv/bin/python -m mypy proxywatch
exec .venv/bin/python -m pytest "$@"
