"""`vetorbase sync`, `vetorbase watch` and `vetorbase folders`: followed folders.

`sync FOLDER...` makes one pass over each folder and exits (for cron and Django-Q
schedules); `watch FOLDER...` follows them until stopped (Ctrl+C or SIGTERM). Both record
the folders in the base (the window and `folders` list them). Without FOLDER, both take
every folder this host follows. Kept out of cli.py so the parser module stays small.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from vetorbase import clihelp as h
from vetorbase.errors import InvalidInput
from vetorbase.ingest.foldersync import SyncProgress, SyncReport, folder_path, sync_folder
from vetorbase.store.folders import FolderInfo, FolderSettings, this_host

IGNORE_HELP = ("leave out files or folders matching PATTERN (fnmatch, on the name or the path "
               "relative to the folder), repeatable; saved with the folder. Always left out: "
               ".git, office lock files (~$*, .~lock.*#), *.tmp, *.swp")


def add_parser(cmd: Any) -> None:
    for name, text in (("sync", "make the base match FOLDERs once: add new files, replace "
                                "changed ones, follow moves, remove deleted ones; then exit"),
                       ("watch", "follow FOLDERs until stopped, syncing as files change "
                                 "(--json: one line of JSON per pass)")):
        p = cmd(name, text)
        p.add_argument("folders", nargs="*", metavar="FOLDER",
                       help="folders to follow (default: every folder this host follows)")
        p.add_argument("--embedder", metavar="ID", help="embedder id (default: the base's own)")
        p.add_argument("--ignore", action="append", metavar="PATTERN", help=IGNORE_HELP)
        p.add_argument("--hidden", action="store_true",
                       help="also take hidden files and folders (saved with the folder)")
        p.add_argument("--chunk-size", type=int, default=1000, help="characters per chunk")
        p.add_argument("--chunk-overlap", type=int, default=150, help="characters shared by chunks")
    p.add_argument("--debounce", type=float, default=0.5, metavar="S",
                   help="seconds a folder must be quiet before a pass (default 0.5)")
    p.add_argument("--rescan", type=float, default=300.0, metavar="S",
                   help="seconds between full rescans, a safety net for missed events (default 300)")
    p = cmd("folders", "list the folders the base follows and their last sync; pause, resume, forget")
    p.add_argument("--pause", action="append", metavar="FOLDER", help="pause syncing FOLDER")
    p.add_argument("--resume", action="append", metavar="FOLDER", help="resume syncing FOLDER")
    p.add_argument("--forget", action="append", metavar="FOLDER",
                   help="stop following FOLDER (its documents stay in the base)")


def _settings(args: argparse.Namespace) -> FolderSettings | None:
    """Settings given on the command line (None: keep each folder's recorded ones)."""
    if not args.ignore and not args.hidden:
        return None
    return FolderSettings(tuple(args.ignore or ()), bool(args.hidden))


def _targets(args: argparse.Namespace, base: Any) -> list[str]:
    if args.folders:
        return [folder_path(f) for f in args.folders]
    found = [f.path for f in base.folders.list(this_host())]
    if not found:
        raise h.UsageError(f"{base.path} follows no folder on {this_host()} yet; "
                           "name one: vetorbase sync FOLDER")
    return found


def _open(args: argparse.Namespace) -> tuple[Any, Any]:
    if args.chunk_size < 1 or not 0 <= args.chunk_overlap < args.chunk_size:
        raise h.UsageError("--chunk-size must be at least 1 and --chunk-overlap below it")
    opened = h.open_cli(args.base, create=True, embedder=args.embedder)
    return opened.base, opened.embedder


def line(report: SyncReport) -> str:
    if report.status in ("busy", "paused", "lost-lease"):
        return f"{report.folder}: {report.status}: {report.message}"
    d = report.to_dict()
    counts = ", ".join(f"{d[k]} {k}" for k in ("added", "replaced", "renamed", "removed",
                                                "unchanged", "failed"))
    more = f", {d['pending']} still being written" if d["pending"] else ""
    state = " (cancelled)" if report.status == "cancelled" else ""
    return f"{report.folder}: {counts}{more} in {report.seconds:.2f} s{state}"


def cmd_sync(args: argparse.Namespace) -> int:
    base, embedder = _open(args)
    bar = h.ProgressBar("syncing")

    def progress(p: SyncProgress) -> None:
        bar.update(p.done / max(p.total, 1), f"{p.stage} {Path(p.path).name}")

    reports = []
    try:
        for folder in _targets(args, base):
            reports.append(sync_folder(base, embedder, folder, settings=_settings(args),
                                       progress=progress, origin=h.cli_origin(),
                                       chunk_size=args.chunk_size, chunk_overlap=args.chunk_overlap))
    finally:
        bar.close()
    failed = sum(len(r.failed) for r in reports)
    if args.json:
        totals = {k: sum(r.to_dict()[k] for r in reports)
                  for k in ("added", "replaced", "renamed", "removed", "unchanged", "failed")}
        h.print_json({**totals, "failures": [f for r in reports for f in r.to_dict()["failures"]],
                      "folders": [r.to_dict() for r in reports]})
    else:
        for r in reports:
            print(line(r))
            for path, reason in r.failed:
                sys.stderr.write(f"failed   {path}: {reason}\n")
    return 3 if failed else 0


def cmd_watch(args: argparse.Namespace) -> int:
    from vetorbase.ingest.watching import FolderWatcher

    if args.debounce < 0 or args.rescan <= 0:
        raise h.UsageError("--debounce must be at least 0 and --rescan above 0")
    base, embedder = _open(args)
    folders = _targets(args, base)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())

    said: dict[str, str] = {}  # folder -> last status shown: "paused" once, not per event

    def show(report: SyncReport) -> None:
        quiet = report.status == said.get(report.folder) and not (report.changed or report.failed)
        said[report.folder] = report.status
        if args.json:  # JSON Lines: one object per pass, as it happens
            print(json.dumps(report.to_dict(), ensure_ascii=False))
        elif not quiet and (report.changed or report.failed or report.status != "done"):
            print(line(report))
            for path, reason in report.failed:
                sys.stderr.write(f"failed   {path}: {reason}\n")
        sys.stdout.flush()

    print(f"watching {', '.join(folders)} (Ctrl+C to stop)", file=sys.stderr, flush=True)
    watcher = FolderWatcher(base, embedder, folders, settings=_settings(args), debounce=args.debounce,
                            rescan=args.rescan, origin=h.cli_origin(), on_report=show, stop=stop,
                            chunk_size=args.chunk_size, chunk_overlap=args.chunk_overlap)
    try:
        watcher.run()
    except KeyboardInterrupt:
        stop.set()
    print("stopped watching", file=sys.stderr, flush=True)
    return 0


def _find(base: Any, path: str) -> FolderInfo:
    found = base.folders.find(folder_path(path))
    if found is None:
        raise InvalidInput(f"{folder_path(path)} is not a folder {base.path} follows on {this_host()}; "
                           "see `vetorbase folders`")
    return found


def cmd_folders(args: argparse.Namespace) -> int:
    # Opened for writing even to list: a base of an older schema gets its (empty) folder
    # tables, where a read-only open would find none.
    base = h.open_cli(args.base).base
    for path in args.pause or ():
        base.folders.set_paused(_find(base, path).id, True)
    for path in args.resume or ():
        base.folders.set_paused(_find(base, path).id, False)
    for path in args.forget or ():
        base.folders.unfollow(_find(base, path).id)
    folders = base.folders.list()
    if args.json:
        h.print_json({"folders": [f.to_dict() for f in folders]})
        return 0
    if not folders:
        print("no followed folders; follow one with `vetorbase sync FOLDER` or `vetorbase watch FOLDER`")
    for f in folders:
        state = "paused" if f.paused else ("syncing" if f.syncing() else "idle")
        where = "" if f.host == this_host() else f" (on {f.host})"
        last = f.last_pass or {}
        counts = (", ".join(f"{last.get(k, 0)} {k}" for k in ("added", "replaced", "renamed", "removed",
                                                                "unchanged", "failed"))
                  if f.last_pass_at else "never synced")
        print(f"{f.path}{where}  [{state}]  last pass {h.fmt_time(f.last_pass_at)}: {counts}")
    return 0
