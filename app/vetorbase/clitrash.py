"""`vetorbase trash list|restore|empty`: what was removed, bringing it back, deleting it.

Kept out of cli.py so the parser module stays small; cli.py registers it. Every count
printed comes from the library (trash(), restore(), trash_summary(), empty_trash()).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from vetorbase import clihelp as h
from vetorbase.store.types import TrashEntry, TrashResult

SOURCE_HELP = "the document removed from PATH (made absolute), repeatable"


def add_parser(cmd: Any) -> None:
    p = cmd("trash", "the removed documents: list them, restore them, or empty the trash")
    actions = p.add_subparsers(dest="trash_action", metavar="ACTION", required=True,
                               help="list, restore, empty, or days (how long the trash keeps things)")
    parent = argparse.ArgumentParser(add_help=False)
    # --base and --json are also accepted after the action (defaults SUPPRESSed, as in cli.py).
    parent.add_argument("--base", type=Path, metavar="DIR", default=argparse.SUPPRESS, help="base folder")
    parent.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print machine-readable JSON on stdout")

    def choice(q: argparse.ArgumentParser, verb: str) -> None:
        q.add_argument("entries", nargs="*", type=int, metavar="ENTRY", help=f"trash entry ids to {verb}")
        q.add_argument("--where", action="append", metavar="KEY=VALUE", help=h.WHERE_HELP)
        q.add_argument("--source", action="append", metavar="PATH", help=SOURCE_HELP)
        q.add_argument("--all", action="store_true", help=f"{verb} everything in the trash")

    q = actions.add_parser("list", parents=[parent], help="what is in the trash, newest first")
    q.add_argument("--where", action="append", metavar="KEY=VALUE",
                   help="only entries holding removed chunks that match: " + h.WHERE_HELP)
    q.add_argument("--source", action="append", metavar="PATH", help="only entries holding " + SOURCE_HELP)
    q = actions.add_parser("restore", parents=[parent], help="bring removed documents back")
    choice(q, "restore")
    q.add_argument("--replace", action="store_true",
                   help="when a source was added again after its removal, restore the removed "
                        "version anyway and move the current one to the trash")
    q = actions.add_parser("empty", parents=[parent], help="delete from the trash for good (asks first)")
    choice(q, "empty")
    q.add_argument("--older-than", type=float, metavar="DAYS", help="entries removed more than DAYS days ago")
    q.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    q = actions.add_parser("days", parents=[parent], help="how many days compact keeps removed documents")
    q.add_argument("days", nargs="?", type=float, metavar="N", help="set it to N days (default 30)")


def _days(args: argparse.Namespace) -> int:
    if args.days is None:
        days = h.open_cli(args.base, read_only=True, cache=False).base.trash_days
    else:
        base = h.open_cli(args.base).base
        base.set_trash_days(args.days)
        days = base.trash_days
    if args.json:
        h.print_json({"trash_days": days})
    else:
        print(f"`vetorbase compact` empties what was removed more than {days:g} days ago")
    return 0


def _choice(args: argparse.Namespace) -> dict[str, Any]:
    chosen: dict[str, Any] = {"all": args.all}
    if args.entries:
        chosen["entries"] = args.entries
    where = h.parse_where(args.where)
    if where:
        chosen["where"] = where
    if args.source:
        chosen["source"] = [str(Path(s).expanduser().resolve()) for s in args.source]
    if getattr(args, "older_than", None) is not None:
        chosen["older_than_days"] = args.older_than
    if len(chosen) == 1 and not args.all:
        raise h.UsageError("say what to take: ENTRY ids, --where, --source"
                           + (", --older-than" if hasattr(args, "older_than") else "") + " or --all")
    return chosen


def cmd_trash(args: argparse.Namespace) -> int:
    return {"list": _list, "restore": _restore, "empty": _empty, "days": _days}[args.trash_action](args)


def _list(args: argparse.Namespace) -> int:
    base = h.open_cli(args.base, read_only=True, cache=False).base
    where = h.parse_where(args.where)
    sources = [str(Path(s).expanduser().resolve()) for s in args.source] if args.source else None
    entries, totals = base.trash(where=where, source=sources), base.trash_totals()
    if args.json:
        h.print_json({"entries": [e.to_dict() for e in entries], "trash_days": base.trash_days,
                      "documents": totals.documents, "chunks": totals.chunks})
        return 0
    if not entries:
        print("the trash is empty")
        return 0
    print(f"{'entry':>6}  {'removed':<19}  {'by':<20} {'documents':>9} {'chunks':>7}  what")
    for e in entries:
        print(f"{e.id:>6}  {h.fmt_time(e.removed_at):<19}  {e.removed_by[:20]:<20} {e.documents:>9} "
              f"{e.chunks:>7}  {_what(e)}")
    print(f"({_entries(len(entries))}; emptied by `vetorbase compact` after "
          f"{base.trash_days:g} days)")
    return 0


def _entries(n: int) -> str:
    return f"{n} trash {'entry' if n == 1 else 'entries'}"


def _what(entry: TrashEntry) -> str:
    names = ", ".join(entry.sources[:3])
    more = entry.documents - min(3, len(entry.sources))
    return names + (f" and {more} more" if more > 0 else "")


def _restore(args: argparse.Namespace) -> int:
    base = h.open_cli(args.base).base
    done = base.restore(**_choice(args), replace=args.replace)
    if args.json:
        h.print_json(done.to_dict())
    elif not done.chunks:
        print("nothing in the trash matches; nothing restored")
    else:
        print(f"restored {h.plural(done.documents, 'document')} ({h.plural(done.chunks, 'chunk')}) "
              f"from {_entries(done.entries)}")
    return 0


def _empty(args: argparse.Namespace) -> int:
    base = h.open_cli(args.base).base
    chosen = _choice(args)
    preview = base.trash_summary(**chosen)
    if not preview.chunks:
        if args.json:
            h.print_json(TrashResult().to_dict())
        else:
            print("nothing in the trash matches; nothing deleted")
        return 0
    out = sys.stderr if args.json else sys.stdout
    out.write(f"{h.plural(preview.chunks, 'chunk')} of {h.plural(preview.documents, 'document')} "
              f"from {_entries(preview.entries)} will be deleted for good\n")
    if not args.yes:
        if not h.stdin_is_tty():
            raise h.UsageError("stdin is not a terminal, so there is no one to ask; "
                               "pass --yes to empty without asking")
        out.write("Delete them for good? [y/N] ")
        out.flush()
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            out.write("nothing deleted\n")
            return 0
    done = base.empty_trash(**chosen)
    if args.json:
        h.print_json(done.to_dict())
    else:
        print(f"deleted {h.plural(done.chunks, 'chunk')} of {h.plural(done.documents, 'document')} for good")
    return 0
