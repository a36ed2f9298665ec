#!/usr/bin/env bash
# Runs the whole test suite, starting the services the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f tools/ci_postgres.sh ]; then
  eval "$(bash tools/ci_postgres.sh)"
fi
exec .venv/bin/python -m pytest "$@"
