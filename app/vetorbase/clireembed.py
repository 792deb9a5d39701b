"""`vetorbase reembed`: move a base to another embedder while others keep using it.

Kept out of cli.py so the parser module stays small; cli.py registers it. The work is
`vetorbase.store.reembed`; this module only parses, shows progress and reports.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vetorbase import clihelp as h

#: Exit code of an interrupted run (cli.EXIT_INTERRUPTED; not imported: cli imports us).
EXIT_INTERRUPTED = 130


def add_parser(cmd: Any) -> None:
    p = cmd("reembed", "move the base to another embedder: embeds every chunk again in the "
            "background (searches keep working), then switches at once; resumes if interrupted")
    p.add_argument("--embedder", metavar="ID",
                   help="the new embedder, e.g. local:use-multilingual-v3, ollama:MODEL@URL "
                        "or import:MODULE:ATTR")
    p.add_argument("--batch-size", type=int, default=256, metavar="N",
                   help="chunks embedded and committed per batch (default 256)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--status", action="store_true",
                      help="show the base's embedder and any move under way, change nothing")
    what.add_argument("--discard", action="store_true",
                      help="give up a move under way: drop its staged vectors")


def _print_status(st: Any) -> None:
    print(f"embedder: {st.embedder_id} ({st.dim}-d), {h.plural(st.chunks, 'chunk')}")
    if st.target_embedder_id:
        print(f"moving to {st.target_embedder_id} ({st.target_dim}-d): {st.staged} of "
              f"{st.total} chunks embedded so far; run `vetorbase reembed --embedder "
              f"{st.target_embedder_id}` to continue, or --discard to give it up")
    else:
        print("no move under way")


def cmd_reembed(args: argparse.Namespace) -> int:
    from vetorbase.store.reembed import discard, reembed, status

    if args.batch_size < 1:
        raise h.UsageError("--batch-size must be at least 1")
    if not (args.status or args.discard or args.embedder):
        raise h.UsageError("say which embedder to move to: --embedder ID (or --status, --discard)")
    if args.status:
        st = status(h.open_cli(args.base, read_only=True, cache=False).base)
        h.print_json(st.to_dict()) if args.json else _print_status(st)
        return 0
    base = h.open_cli(args.base).base
    if args.discard:
        dropped = discard(base)
        h.print_json({"discarded": dropped}) if args.json else print(f"dropped {h.plural(dropped, 'staged vector')}")
        return 0
    from vetorbase.bases import build_embedder

    embedder = build_embedder(args.embedder)
    bar = h.ProgressBar(f"re-embedding with {embedder.embedder_id}", stream=sys.stderr)
    try:
        result = reembed(base, embedder, batch_size=args.batch_size,
                         progress=lambda d, t: bar.update(d / max(t, 1), f"{d}/{t} chunks"))
    except KeyboardInterrupt:
        bar.close()
        st = status(base)
        sys.stderr.write(f"\nvetorbase reembed: interrupted; the base still uses {st.embedder_id}, "
                         f"{st.staged} of {st.total} chunks are embedded for {args.embedder}: "
                         "run the same command again to continue\n")
        return EXIT_INTERRUPTED
    bar.close()
    if args.json:
        h.print_json(result.to_dict())
    elif result.switched:
        print(f"moved {h.plural(result.chunks, 'chunk')} from {result.embedder_from} "
              f"({result.dim_from}-d) to {result.embedder_to} ({result.dim_to}-d) in "
              f"{result.seconds:.1f} s ({result.embedded} embedded now, {result.resumed} by an "
              f"earlier run, {result.under_lock} added meanwhile)")
    else:
        print(f"the base already uses {result.embedder_to}; nothing to do")
    return 0
