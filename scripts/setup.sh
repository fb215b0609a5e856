#!/usr/bin/env bash
# Set everything up on a fresh machine, then build the story of the example articles.
#   bash scripts/setup.sh
# Installs into .venv (pinned versions from requirements.lock), installs Debian's
# chromium + chromium-driver for the browser tests when run as root with apt-get
# (skip with STORYLINE_NO_BROWSER=1) and a Java runtime for Spark, then runs `storyline build` and `show` on examples/.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -c requirements.lock -e '.[dev,spark]'

if [ -z "${STORYLINE_NO_BROWSER:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian chromium + chromium-driver for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "note: chromium not found; browser tests will be skipped (apt-get install chromium chromium-driver)"
  fi
fi

if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing a Java runtime for the Spark engine (storyline.engines.spark)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  else
    echo "note: java not found; the Spark engine and its tests are unavailable (apt-get install openjdk-17-jre-headless)"
  fi
fi

rm -f storyline.db storyline.db-wal storyline.db-shm
.venv/bin/storyline build examples/articles --db storyline.db
.venv/bin/storyline show --db storyline.db
