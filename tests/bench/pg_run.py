"""Entry point: ``python tests/bench/pg_run.py`` (folder vs PostgreSQL; ``--help`` for more)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("OMP_NUM_THREADS", "1")  # same threading for both backends; 2-core hosts

from vbbench.backends_cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
