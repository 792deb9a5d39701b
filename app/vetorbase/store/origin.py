"""Who made a change: "program@host", shown in the window's notices and stats."""

from __future__ import annotations

import os
import socket
import sys


def default_origin() -> str:
    program = os.path.basename(sys.argv[0] if sys.argv and sys.argv[0] else "python")
    for suffix in (".py", ".exe"):
        program = program.removesuffix(suffix)
    if program in ("", "-", "-c", "__main__", "-m"):
        program = "python"
    return f"{program}@{socket.gethostname()}"
