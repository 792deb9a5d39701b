"""Entry script of the frozen program (PyInstaller analyses this file).

`--selftest` is handled before the CLI is imported so a bundle whose CLI or window
is broken still reports which step fails; everything else goes to `vetorbase.cli`.
"""

from __future__ import annotations

import multiprocessing
import sys


def main() -> int:
    """Dispatch: self-test, or the normal CLI (which opens the window by default)."""
    multiprocessing.freeze_support()  # child processes of a frozen app re-enter here
    args = sys.argv[1:]
    if "--selftest" in args:
        from vetorbase.selftest import main as selftest_main

        return selftest_main([a for a in args if a != "--selftest"])
    from vetorbase.cli import main as cli_main

    return cli_main() or 0


if __name__ == "__main__":
    sys.exit(main())
