"""`vetorbase copy SRC DST`: move a base between a folder and a server (see transfer.py).

Kept out of cli.py so the parser module stays small; cli.py registers it.
"""

from __future__ import annotations

import argparse
from typing import Any

from vetorbase import clihelp as h


def add_parser(cmd: Any) -> None:
    p = cmd("copy", "copy a base between folders and servers (either way), atomically: "
                    "the destination appears complete or not at all")
    p.add_argument("source", metavar="SRC", help="the base to copy: a folder or a "
                   "postgresql://USER@HOST/DB?base=NAME URL")
    p.add_argument("destination", metavar="DST", help="where to put the copy: a new or empty "
                   "folder, or a URL (the base name comes from ?base=, default 'default')")
    p.add_argument("--force", action="store_true",
                   help="replace a destination base that already holds documents "
                        "(atomically; anything that is not a base is never overwritten)")


def cmd_copy(args: argparse.Namespace) -> int:
    from vetorbase.transfer import copy_base

    source, destination = h.base_location(args.source), h.base_location(args.destination)
    bar = h.ProgressBar("copying")
    try:
        report = copy_base(
            source, destination, force=args.force, origin=h.cli_origin(),
            source_password=h.ask_password(source), destination_password=h.ask_password(destination),
            progress=lambda d, t: bar.update(d / max(t, 1), f"{d}/{t} chunks"))
    finally:
        bar.close()
    if args.json:
        h.print_json(report.to_dict())
    else:
        print(f"copied {h.plural(report.documents, 'document')} "
              f"({h.plural(report.chunks, 'chunk')}) from {report.source} to "
              f"{report.destination}" + (" (replaced the base there)" if report.replaced else "")
              + f" in {report.seconds:.1f} s")
    return 0
