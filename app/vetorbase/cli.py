"""`vetorbase` on the command line: a thin layer over the store, ingest and embeddings.

Exit codes: 0 ok; 1 internal error (a bug: the traceback is printed); 2 usage error
(bad options, or `remove` without --yes when stdin is not a terminal); 3 bad input or
a problem the user can fix (missing base, embedder mismatch, a file that failed in
`add`, problems found by `check`); 130 interrupted.
With no subcommand, `vetorbase` opens the window.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path
from typing import Any

from vetorbase import clicopy, cliduplicates, clireembed, clisearch, clisync, clitrash
from vetorbase import clihelp as h
from vetorbase.errors import VetorbaseError

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_USER, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
SORTS = ("name", "source", "chunks", "added_at", "added_by", "chars")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("vetorbase")
    except Exception:  # noqa: BLE001 - running from a checkout without metadata
        return "unknown"


def _common(sub: bool) -> argparse.ArgumentParser:
    """Options accepted both before and after the subcommand.

    On subparsers the defaults are SUPPRESS so an option given before the subcommand
    is not overwritten by the subparser's default.
    """
    p = argparse.ArgumentParser(add_help=False)
    d = argparse.SUPPRESS if sub else None
    p.add_argument("--base", metavar="DIR|URL", default=d,
                   help="base folder, or server URL postgresql://USER@HOST:PORT/DB?base=NAME "
                        "(default: $VETORBASE_BASE or the user's data folder)")
    p.add_argument("--json", action="store_true", default=d,
                   help="print machine-readable JSON on stdout")
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vetorbase", parents=[_common(False)],
        description="A shared FAISS document vector base. Without a command, opens the window.",
        epilog="Exit codes: 0 ok, 1 internal error, 2 usage error, 3 bad input or a "
               "problem you can fix, 130 interrupted.")
    parser.add_argument("--version", action="version", version=f"vetorbase {_version()}")
    parser.add_argument("--selftest", action="store_true",
                        help="check this installation without a display: ingest, search and "
                             "remove in a temporary base, print a report, exit 0 when all is well")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common(True)

    def cmd(name: str, help_text: str) -> argparse.ArgumentParser:
        return subs.add_parser(name, parents=[common], help=help_text, description=help_text)

    emb_help = ("embedder id, e.g. local:use-multilingual-v3 or ollama:MODEL@URL "
                "(default: the base's own, or the offline default for a new base)")
    p = cmd("add", "add files and folders (walked recursively) to the base")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to ingest")
    p.add_argument("--embedder", metavar="ID", help=emb_help)
    p.add_argument("--chunk-size", type=int, default=1000, help="characters per chunk")
    p.add_argument("--chunk-overlap", type=int, default=150, help="characters shared by chunks")
    p.add_argument("--meta", action="append", metavar="KEY=VALUE",
                   help="metadata added to every chunk, repeatable")
    p.add_argument("--follow-links", action="store_true",
                   help="also follow links that lead out of the folders given (by default "
                        "they are skipped and listed)")
    p.add_argument("--skip-duplicates", action="store_true",
                   help="skip files whose content (sha256) the base already holds under another "
                        "name (by default they are added and reported)")

    p = cmd("search", "search: the chunks closest in meaning to QUERY, or with its words")
    p.add_argument("query", metavar="QUERY", help="text to search for")
    p.add_argument("-k", type=int, default=5, metavar="N", help="how many results (default 5)")
    p.add_argument("--where", action="append", metavar="KEY=VALUE", help=h.WHERE_HELP)
    p.add_argument("--mode", choices=clisearch.MODES, default="semantic", help=clisearch.MODE_HELP)

    p = cmd("remove", "move every chunk matching the filter to the trash (asks first)")
    p.add_argument("--where", action="append", metavar="KEY=VALUE", help=h.WHERE_HELP)
    p.add_argument("--source", action="append", metavar="PATH",
                   help="remove the document ingested from PATH (made absolute), repeatable")
    p.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument("--purge", action="store_true",
                   help="delete for good instead of moving to the trash (cannot be undone)")

    p = cmd("list", "list documents, newest first by default")
    p.add_argument("--limit", type=int, default=50, help="documents per page (default 50)")
    p.add_argument("--offset", type=int, default=0, help="documents to skip")
    p.add_argument("--page", type=int, help="page number from 1 (sets --offset)")
    p.add_argument("--sort", choices=SORTS, default="added_at", help="sort key")
    order = p.add_mutually_exclusive_group()
    order.add_argument("--asc", action="store_true", help="ascending order")
    order.add_argument("--desc", action="store_true", help="descending order (default)")
    p.add_argument("--where", action="append", metavar="KEY=VALUE", help=h.WHERE_HELP)
    p.add_argument("--text", metavar="TEXT", help="only sources containing TEXT (any case)")

    clisearch.add_parser(cmd)
    clicopy.add_parser(cmd)
    cliduplicates.add_parser(cmd)
    clireembed.add_parser(cmd)
    clitrash.add_parser(cmd)
    clisync.add_parser(cmd)
    cmd("stats", "how many documents and chunks, embedder, size, last change")
    cmd("check", "verify that journal, cache and snapshots agree (exit 3 if not)")
    cmd("compact", "write a snapshot, prune the change log, checkpoint the journal")
    cmd("history", "recent changes: who added or removed what, newest first").add_argument(
        "--limit", type=int, default=50, help="how many changes (default 50)")

    p = cmd("import-langchain", "import a LangChain FAISS folder (index.faiss + index.pkl) "
            "without running its pickle")
    p.add_argument("folder", type=Path, metavar="DIR", help="folder written by FAISS.save_local")
    p.add_argument("--index-name", default="index", help="file stem (default: index)")
    p.add_argument("--embedder", metavar="ID", help=emb_help)
    p.add_argument("--reembed", action="store_true",
                   help="embed the texts again with the base's embedder instead of reading "
                        "the index's vectors (needed for PQ/SQ/LSH indexes, whose vectors "
                        "cannot be read back exactly)")

    p = cmd("export-langchain", "write the base as a LangChain FAISS folder "
            "(FAISS.load_local reads it)")
    p.add_argument("folder", type=Path, metavar="DIR", help="folder to write")
    p.add_argument("--index-name", default="index", help="file stem (default: index)")
    p.add_argument("--force", action="store_true", help="overwrite an existing index there")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.selftest:
        from vetorbase.selftest import main as selftest

        return selftest(["--selftest"])
    args.base = h.base_location(args.base)
    if args.command is None:
        try:
            from vetorbase.gui.app import run
        except ImportError as e:
            sys.stderr.write(f"vetorbase: the window cannot start ({e}); the commands work "
                             "without it, see `vetorbase --help`\n")
            return EXIT_USER
        return run(str(args.base))
    try:
        return COMMANDS[args.command](args)
    except h.UsageError as e:
        parser.exit(EXIT_USAGE, f"vetorbase {args.command}: error: {e}\n")
    except VetorbaseError as e:
        sys.stderr.write(f"vetorbase {args.command}: {e}\n")
        return EXIT_USER
    except KeyboardInterrupt:
        sys.stderr.write(f"\nvetorbase {args.command}: interrupted; nothing half-done was "
                         "committed\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `vetorbase list | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as e:  # permissions, full disk, a vanished folder: the user's to fix
        where = f": {e.filename}" if e.filename else ""
        sys.stderr.write(f"vetorbase {args.command}: {e.strerror or e}{where}\n")
        return EXIT_USER
    except Exception:  # noqa: BLE001 - the edge: anything else is our bug
        traceback.print_exc()
        sys.stderr.write(f"vetorbase {args.command}: internal error (a bug); please report "
                         "it with the traceback above\n")
        return EXIT_INTERNAL
    return EXIT_INTERNAL  # unreachable: parser.exit raises


def cmd_add(args: argparse.Namespace) -> int:
    from vetorbase.ingest import ingest

    opened = h.open_cli(args.base, create=True, embedder=args.embedder)
    base, embedder = opened.base, opened.embedder
    bar = h.ProgressBar("adding")

    def progress(p: Any) -> None:
        bar.update(p.fraction, f"{p.files_done}/{p.files_total} {Path(str(p.path)).name}")

    try:
        report = ingest([str(Path(p).resolve()) for p in args.paths], base, embedder,
                        chunk_size=args.chunk_size, chunk_overlap=args.chunk_overlap,
                        metadata=h.parse_pairs(args.meta, "--meta") or None,
                        progress=progress, origin=h.cli_origin(),
                        follow_links=args.follow_links, skip_duplicates=args.skip_duplicates)
    finally:
        bar.close()
    if args.json:
        h.print_json(report.to_dict())
    else:
        for res in [*report.added, *report.replaced]:
            unit = "chunk " if res.chunks == 1 else "chunks"
            twin = f"  (same content as {res.duplicate_of})" if res.duplicate_of else ""
            print(f"{res.status:<8} {res.chunks:>5} {unit}  {res.path}{twin}")
        for res in report.skipped:
            print(f"skipped  {res.path}: {res.reason}")
        for res in report.failed:
            sys.stderr.write(f"failed   {res.path}: {res.reason}\n")
        print(f"{len(report.added)} added, {len(report.replaced)} replaced, "
              f"{len(report.skipped)} skipped, {len(report.failed)} failed, "
              f"{len(report.duplicates)} duplicates "
              f"({sum(r.chunks for r in [*report.added, *report.replaced])} chunks) "
              f"in {opened.location}")
    return EXIT_USER if report.failed else EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    where = h.parse_where(args.where) or {}
    if args.source:
        sources = [str(Path(s).expanduser().resolve()) for s in args.source]
        if "source" in where:
            raise h.UsageError("use either --source or --where source=..., not both")
        where["source"] = sources[0] if len(sources) == 1 else {"$in": sources}
    if not where:
        raise h.UsageError("say what to remove with --where KEY=VALUE or --source PATH")
    base = h.open_cli(args.base).base
    docs, chunks = base.preview_where(where)
    if chunks == 0:
        if args.json:
            h.print_json({"removed": 0, "purged": args.purge, "documents": [], "trash_entry": None})
        else:
            print("nothing matches; nothing removed")
        return EXIT_OK
    out = sys.stderr if args.json else sys.stdout
    fate = ("will be deleted for good (--purge: this cannot be undone)" if args.purge
            else "will be moved to the trash")
    out.write(f"{h.plural(chunks, 'chunk')} from {h.plural(len(docs), 'document')} {fate}:\n")
    for doc in docs[:20]:
        out.write(f"  {doc.chunks:>5} chunks  {doc.source}\n")
    if len(docs) > 20:
        out.write(f"  … and {len(docs) - 20} more documents\n")
    if not args.yes:
        if not h.stdin_is_tty():
            raise h.UsageError("stdin is not a terminal, so there is no one to ask; "
                             "pass --yes to remove without asking")
        out.write("Remove them? [y/N] ")  # on stderr with --json, so stdout stays JSON
        out.flush()
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            out.write("nothing removed\n")
            return EXIT_OK
    entry = None if args.purge else base.remove_to_trash(where=where)
    removed = base.remove_where(where, purge=True) if args.purge else (entry.chunks if entry else 0)
    if args.json:
        h.print_json({"removed": removed, "purged": args.purge, "documents": [d.to_dict() for d in docs],
                      "trash_entry": entry.to_dict() if entry else None})
    elif args.purge:
        print(f"deleted {h.plural(removed, 'chunk')} for good")
    else:
        print(f"moved {h.plural(removed, 'chunk')} to the trash (entry {entry.id if entry else '-'}; "
              f"`vetorbase trash restore {entry.id if entry else ''}` brings them back)")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    if args.limit < 1 or args.offset < 0 or (args.page is not None and args.page < 1):
        raise h.UsageError("--limit and --page must be at least 1, --offset at least 0")
    offset = (args.page - 1) * args.limit if args.page else args.offset
    base = h.open_cli(args.base, read_only=True).base
    where = h.parse_where(args.where)
    docs = base.documents(offset=offset, limit=args.limit, sort=args.sort,
                          descending=not args.asc, where=where, text=args.text)
    total = base.document_count(where=where, text=args.text)
    if args.json:
        h.print_json({"total": total, "offset": offset, "limit": args.limit,
                      "documents": [d.to_dict() for d in docs]})
        return EXIT_OK
    print(f"{'id':>6} {'chunks':>6}  {'added':<19}  {'by':<20} source")
    for d in docs:
        print(f"{d.id:>6} {d.chunks:>6}  {h.fmt_time(d.added_at):<19}  {d.added_by[:20]:<20} "
              f"{d.source}")
    shown = f"{offset + 1}-{offset + len(docs)}" if docs else "none"
    print(f"({shown} of {total} documents)")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    stats = h.open_cli(args.base, read_only=True).base.stats()
    if args.json:
        h.print_json(stats.to_dict())
        return EXIT_OK
    rows = [("base", stats.path), ("documents", stats.documents), ("chunks", stats.chunks),
            ("embedder", stats.embedder_id), ("dimension", stats.dimension),
            ("metric", stats.metric), ("size on disk", h.fmt_bytes(stats.bytes_on_disk)),
            ("change number", stats.seq), ("snapshots", stats.snapshots),
            ("last change", f"{h.fmt_time(stats.last_change_at)} by {stats.last_change_by or '-'}"),
            ("created", h.fmt_time(stats.created_at)), ("schema", stats.schema_version)]
    for key, value in rows:
        print(f"{key + ':':<15} {value}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    opened = h.open_cli(args.base, read_only=True)
    problems = opened.base.check()
    if args.json:
        h.print_json({"ok": not problems, "problems": problems})
    elif problems:
        for p in problems:
            print(f"problem: {p}")
    else:
        print(f"ok: {opened.location} is consistent")
    return EXIT_USER if problems else EXIT_OK


def cmd_compact(args: argparse.Namespace) -> int:
    result = h.open_cli(args.base).base.compact()
    if args.json:
        h.print_json(result)
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    changes = h.open_cli(args.base, read_only=True).base.history(limit=args.limit)
    if args.json:
        h.print_json(changes)
        return EXIT_OK
    for c in changes:
        print(f"#{c['seq']:<6} {h.fmt_time(c['at'])}  {c['kind']:<8} +{c['chunks_added']} "
              f"-{c['chunks_removed']}  {c['origin']}  {', '.join(c.get('sources') or [])[:80]}")
    return EXIT_OK


def cmd_import_langchain(args: argparse.Namespace) -> int:
    from vetorbase.integrations.langchain_faiss import (
        import_langchain_folder,
        read_langchain_folder,
    )

    # Read (refusing unsafe pickles) and check dimensions before creating anything.
    data = read_langchain_folder(args.folder, args.index_name, reembed=args.reembed)
    opened = h.open_cli(
        args.base, create=True, embedder=args.embedder, cache=args.reembed,
        vectors_dim=None if args.reembed else data.dim, vectors_from=str(args.folder),
        mismatch_hint="Pass --embedder with the embedder that built the LangChain index, or "
                      "--reembed to embed the texts again.")
    base, embedder = opened.base, opened.embedder if args.reembed else None
    bar = h.ProgressBar("importing")
    try:
        result = import_langchain_folder(data, base, origin=h.cli_origin(), embedder=embedder,
                                         progress=lambda d, t: bar.update(d / max(t, 1)))
    finally:
        bar.close()
    if args.json:
        h.print_json(result)
    else:
        print(f"imported {result['chunks']} chunks as {result['documents']} documents from "
              f"{result['folder']} into {opened.location}"
              + (f" ({result['skipped_empty']} empty chunks skipped)"
                 if result["skipped_empty"] else ""))
    return EXIT_OK


def cmd_export_langchain(args: argparse.Namespace) -> int:
    from vetorbase.integrations.langchain_faiss import export_langchain_folder

    base = h.open_cli(args.base, read_only=True).base
    bar = h.ProgressBar("exporting")
    try:
        result = export_langchain_folder(base, args.folder, index_name=args.index_name,
                                         overwrite=args.force,
                                         progress=lambda d, t: bar.update(d / max(t, 1)))
    finally:
        bar.close()
    if args.json:
        h.print_json(result)
    else:
        print(f"exported {result['chunks']} chunks of {result['documents']} documents to "
              f"{result['folder']} (load with FAISS.load_local(..., "
              "allow_dangerous_deserialization=True))")
    return EXIT_OK


COMMANDS = {
    "add": cmd_add, "search": clisearch.cmd_search, "remove": cmd_remove, "list": cmd_list,
    "stats": cmd_stats, "check": cmd_check, "compact": cmd_compact, "history": cmd_history,
    "import-langchain": cmd_import_langchain, "export-langchain": cmd_export_langchain,
    "eval": clisearch.cmd_eval, "copy": clicopy.cmd_copy, "duplicates": cliduplicates.cmd_duplicates,
    "reembed": clireembed.cmd_reembed, "trash": clitrash.cmd_trash, "sync": clisync.cmd_sync,
    "watch": clisync.cmd_watch, "folders": clisync.cmd_folders,
}


if __name__ == "__main__":
    sys.exit(main())
