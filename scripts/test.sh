#!/usr/bin/env bash
# The test command (README, CI): set up if needed, lint, run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/vanban ] || scripts/setup.sh
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
.venv/bin/ruff check retrieval bot tests bench
.venv/bin/pytest -p no:cacheprovider "$@"
