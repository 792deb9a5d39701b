"""`vetorbase search` and `vetorbase eval`: searching, and testing search with a
labelled query set (see evaluation.py), in every mode.

Kept out of cli.py so the parser module stays small; cli.py registers them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from vetorbase import clihelp as h
from vetorbase.evaluation import ModeReport, evaluate, load_query_set, short_name
from vetorbase.store.hybrid import MODES

MODE_HELP = ("semantic: closest in meaning (the default); keyword: BM25 over the words, "
             "accent-insensitive, finds codes and numbers; hybrid: both, fused by rank")
#: Missed queries listed per mode in the text output (all of them are in --json).
SHOW_MISSED = 15


def add_parser(cmd: Any) -> None:
    p = cmd("eval", "test retrieval with a labelled query set: recall@k, MRR, nDCG@10 per mode")
    p.add_argument("file", type=Path, metavar="FILE",
                   help='JSON Lines, one {"query": "...", "relevant": ["file.pdf", ...]} per line')
    p.add_argument("--mode", choices=(*MODES, "all"), default="all",
                   help="which search mode(s) to score (default: all)")
    p.add_argument("-k", type=int, default=10, metavar="N", help="results per query (default 10)")
    p.add_argument("--where", action="append", metavar="KEY=VALUE", help=h.WHERE_HELP)


def _usage(message: str) -> Exception:
    return h.UsageError(message)


def cmd_search(args: argparse.Namespace) -> int:
    if args.k < 1:
        raise _usage("-k must be at least 1")
    opened = h.open_cli(args.base, read_only=True, cache=False)
    base = opened.base
    where = h.parse_where(args.where)
    vector = None
    if args.mode != "keyword":  # keyword search never loads the embedder
        vector = opened.embedder.embed_query(args.query)
    hits = base.search(vector, k=args.k, where=where, mode=args.mode, text=args.query)
    if args.json:
        h.print_json([hit.to_dict() for hit in hits])
        return 0
    if not hits:
        print("no matches")
    for rank, hit in enumerate(hits, 1):
        page = hit.metadata.get("page")
        place = f"{hit.source or hit.metadata.get('source', '?')}"
        place += f" (page {page})" if page is not None else ""
        found = " ".join(f"{r}#{hit.ranks[r]}" for r in hit.rankers) if args.mode == "hybrid" else ""
        print(f"{rank:>2}. {hit.score:6.3f}  {place}  {found}".rstrip() + f"\n    {h.snippet(hit.text)}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    if args.k < 1:
        raise _usage("-k must be at least 1")
    queries = load_query_set(args.file)
    opened = h.open_cli(args.base, read_only=True, cache=False)
    modes = list(MODES) if args.mode == "all" else [args.mode]
    embed = None
    if any(m != "keyword" for m in modes):
        embed = opened.embedder.embed_query
    bar = h.ProgressBar("evaluating")
    try:
        reports = evaluate(opened.base, queries, modes=modes, k=args.k, embed=embed,
                           where=h.parse_where(args.where),
                           progress=lambda d, t: bar.update(d / max(t, 1), f"{d}/{t}"))
    finally:
        bar.close()
    if args.json:
        h.print_json({"file": str(args.file), "queries": len(queries), "k": args.k,
                      "modes": [r.to_dict() for r in reports]})
        return 0
    print_reports(reports, len(queries), args.k)
    return 0


def print_reports(reports: list[ModeReport], n: int, k: int, out: Any = None) -> None:
    out = out or sys.stdout
    out.write(f"{n} queries, k={k}\n")
    out.write(f"{'mode':<10} {'recall@' + str(k):>10} {'MRR':>7} {'nDCG@10':>8} {'missed':>8}\n")
    for r in reports:
        out.write(f"{r.mode:<10} {r.recall:>10.3f} {r.mrr:>7.3f} {r.ndcg:>8.3f} "
                  f"{len(r.missed):>4}/{len(r.results):<3}\n")
    for r in reports:
        if not r.missed:
            continue
        out.write(f"\nmissed by {r.mode}:\n")
        for res in r.missed[:SHOW_MISSED]:
            got = ", ".join(short_name(s) for s in res.retrieved[:3]) or "nothing"
            out.write(f"  {res.query!r}: wanted {', '.join(res.relevant)}; got {got}\n")
        if len(r.missed) > SHOW_MISSED:
            out.write(f"  … and {len(r.missed) - SHOW_MISSED} more (all of them with --json)\n")
