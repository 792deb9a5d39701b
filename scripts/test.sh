#!/usr/bin/env bash
# Install Vetorbase with its test dependencies and run the whole test suite.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -x tests/unit`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
python3 -m pip install -q -e '.[test]'
export QT_QPA_PLATFORM=offscreen
set +e
python3 -m pytest -ra --durations=15 "$@"
code=$?
set -e
if [ "$code" -eq 5 ]; then
  echo "pytest collected no tests: treating as a failure (the suite must not be empty)" >&2
  exit 1
fi
exit "$code"
