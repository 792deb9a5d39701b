"""Entry point: ``python tests/bench/run.py --sizes 10000,100000`` (``--help`` for more)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("OMP_NUM_THREADS", "1")  # same threading for every store; 2-core hosts

from vbbench.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
