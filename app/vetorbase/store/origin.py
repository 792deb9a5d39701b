"""Who made a change: "program@host", shown in the window's notices and stats.

The single definition: ingestion metadata (`ingested_by`) and the store's
`added_by` must name the same writer.
"""

from __future__ import annotations

import os
import socket
import sys


def program_name() -> str:
    """The running program ("vetorbase", "qcluster", "manage", "pytest", ...)."""
    program = os.path.basename(sys.argv[0] if sys.argv and sys.argv[0] else "")
    for suffix in (".py", ".exe"):
        if program.endswith(suffix):
            program = program[: -len(suffix)]
    if program == "__main__":  # `python -m package`: name the package
        spec = getattr(sys.modules.get("__main__"), "__spec__", None)
        program = spec.name.split(".")[0] if spec is not None else ""
    if program in ("", "-", "-c", "-m"):
        program = "python"
    return program


def default_origin() -> str:
    return f"{program_name()}@{socket.gethostname()}"
