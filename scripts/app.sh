#!/usr/bin/env bash
# Install Vetorbase (and what Qt needs from the system) and open the window on the
# default base, created on first run with the offline embedder.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
python3 -m pip install -q -e .
# `python3 -m` rather than the `vetorbase` script: a fresh pyenv or venv may not have it on PATH yet.
exec python3 -m vetorbase "$@"
