#!/usr/bin/env bash
# Run the whole test suite: lint, types, unit and CLI tests, and the browser tests
# (inside a network namespace with only loopback, when chromium is installed).
#   bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"

ruff check storyline tests bench
mypy
browser=()
if command -v chromium >/dev/null 2>&1; then browser=(--browser); fi
if [ ${#browser[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1; then
  # Chromium tries DNS at start-up: run where only loopback exists.
  exec unshare -n bash -c 'ip link set lo up && exec pytest -q "$@"' pytest "${browser[@]}" "$@"
fi
exec pytest -q "${browser[@]}" "$@"
