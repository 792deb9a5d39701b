"""`vetorbase duplicates`: exact and near-duplicate documents, as groups (store/duplicates.py).

Kept out of cli.py so the parser module stays small; cli.py registers it. It only
lists: removing the copies is `vetorbase remove --source ...` (to the trash), or the
window's Duplicates view ("keep this one").
"""

from __future__ import annotations

import argparse
from typing import Any

from vetorbase import clihelp as h
from vetorbase.store.duplicates import DEFAULT_MIN_SHARE, DEFAULT_NEAR, DuplicateGroup, DuplicateReport, overall


def add_parser(cmd: Any) -> None:
    p = cmd("duplicates", "find documents that copy each other: the same content under another "
            "name (exact) and near copies (chunk vectors above a cosine threshold)")
    p.add_argument("--near", type=float, default=DEFAULT_NEAR, metavar="T",
                   help=f"cosine from which two chunks count as copies (default {DEFAULT_NEAR})")
    p.add_argument("--min-share", type=float, default=DEFAULT_MIN_SHARE, metavar="S",
                   help="share of each document's chunks that must have a copy in the other "
                        f"for the two to be near copies (default {DEFAULT_MIN_SHARE})")
    p.add_argument("--exact-only", action="store_true",
                   help="only documents with the same content hash (no vector comparison)")


def cmd_duplicates(args: argparse.Namespace) -> int:
    if not 0.0 < args.near <= 1.0:
        raise h.UsageError("--near is a cosine: give a number above 0 and at most 1, e.g. 0.97")
    if not 0.0 < args.min_share <= 1.0:
        raise h.UsageError("--min-share is a fraction: give a number above 0 and at most 1, e.g. 0.8")
    base = h.open_cli(args.base, read_only=True, cache=False).base
    bar = h.ProgressBar("scanning")
    try:
        report = base.duplicates(None if args.exact_only else args.near, min_share=args.min_share,
                                 progress=lambda stage, d, t: bar.update(overall(stage, d, t), stage))
    finally:
        bar.close()
    if args.json:
        h.print_json(report.to_dict())
        return 0
    for group in report.groups:
        print(describe(group))
        for doc in group.documents:
            print(f"  {doc.id:>6} {doc.chunks:>6} chunks  {doc.source}")
    print(summary(report))
    return 0


def describe(group: DuplicateGroup) -> str:
    n = h.plural(len(group.documents), "document")
    if group.kind == "exact":
        return f"exact copies ({n}, same content):"
    return (f"near copies ({n}, similarity {group.similarity:.3f}, {group.shared:.0%} of the chunks "
            "have a copy):")


def summary(report: DuplicateReport) -> str:
    scanned = (f"{h.plural(report.documents, 'document')} ({h.plural(report.chunks, 'chunk')}) scanned "
               f"in {report.seconds:.1f} s")
    if not report.groups:
        return f"no duplicates; {scanned}"
    return (f"{h.plural(len(report.groups), 'group')} ({len(report.exact)} exact, {len(report.near_groups)} near): "
            f"{h.plural(report.redundant, 'document')} could go, keeping one of each; {scanned}")
