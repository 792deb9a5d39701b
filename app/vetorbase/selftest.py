"""`vetorbase --selftest`: prove an installed program works, without a display.

Runs the real path a user takes (default embedder, a new base, ingestion of the
bundled PT/EN sample, search, removal, consistency check) in a temporary folder,
then checks the window's toolkit loads offscreen. A frozen build that forgot a
module, a Qt plugin or the embedder's weights fails here with the reason, which is
why the packaging test runs it from the bundle and from the extracted `.deb`.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: (query, file name of the sample that must rank first)
QUERIES: tuple[tuple[str, str], ...] = (
    ("Como se faz pão de queijo com polvilho e queijo?", "pao-de-queijo.txt"),
    ("How often should I clean the solar panels on my roof?", "solar-panels.md"),
    ("filtro de metadados antes da busca no índice FAISS", "faiss-notes.html"),
)


class SelftestFailure(Exception):
    """One step of the self-test did not give the expected result."""


def sample_dir() -> Path:
    """The bundled sample folder, from source, an installed wheel or a frozen bundle."""
    candidates: list[Path] = []
    try:
        from importlib.resources import files

        candidates.append(Path(str(files("vetorbase.resources") / "sample")))
    except Exception:  # the resources package may not be importable in odd layouts
        pass
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        candidates.append(Path(meipass) / "vetorbase" / "resources" / "sample")
    candidates.append(Path(__file__).resolve().parents[2] / "resources" / "sample")
    for path in candidates:
        if path.is_dir() and any(path.iterdir()):
            return path
    raise SelftestFailure(f"bundled sample folder not found (looked in {candidates})")


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelftestFailure(message)


def _core_steps(workdir: Path, step: Callable[[str, str], None]) -> None:
    """Embed, ingest, search, remove and check on a throw-away base."""
    from vetorbase.embeddings import DEFAULT_EMBEDDER_ID, get_embedder
    from vetorbase.ingest import ingest
    from vetorbase.store import VectorBase

    embedder = get_embedder(DEFAULT_EMBEDDER_ID)
    probe = embedder.embed_query("teste")
    _check(len(probe) == embedder.dim, f"embedder gave {len(probe)} dims, expected {embedder.dim}")
    step("embedder", f"{embedder.embedder_id} ({embedder.dim}-d)")

    origin = "selftest@" + platform.node()
    base = VectorBase.open(
        workdir / "base", create=True, dim=embedder.dim, embedder_id=embedder.embedder_id,
        origin=origin,
    )
    try:
        samples = sorted(p for p in sample_dir().iterdir() if p.is_file())
        report = ingest([str(p) for p in samples], base, embedder, origin=origin)
        failed = [f"{r.path}: {r.reason}" for r in report.failed]
        _check(not failed, "ingestion failed: " + "; ".join(failed))
        _check(len(report.added) == len(samples),
               f"{len(report.added)} of {len(samples)} sample files added")
        total = base.count()
        _check(total >= len(samples), f"base holds {total} chunks after ingestion")
        step("ingest", f"{len(samples)} files, {total} chunks")

        for query, expected in QUERIES:
            hits = base.search(embedder.embed_query(query), k=3)
            _check(bool(hits), f"no hits for {query!r}")
            top = Path(hits[0].source or hits[0].metadata.get("source", "")).name
            _check(top == expected, f"{query!r}: top hit {top}, expected {expected}")
        step("search", f"{len(QUERIES)} PT/EN queries ranked the right document first")

        victim = next(str(p) for p in samples if p.name == QUERIES[0][1])
        doc = base.get_document(source=victim)
        _check(doc is not None, f"document {victim} not found by source")
        removed = base.remove_where({"source": doc.source})
        _check(removed == doc.chunks, f"removed {removed} chunks, document had {doc.chunks}")
        _check(base.count() == total - removed, "chunk count did not drop by the removal")
        hits = base.search(embedder.embed_query(QUERIES[0][0]), k=5)
        _check(all(h.source != doc.source for h in hits), "removed document still found")
        step("remove", f"{removed} chunk{'' if removed == 1 else 's'} of {Path(victim).name}")

        problems = base.check()
        _check(not problems, "check: " + "; ".join(problems))
        step("check", "journal, cache and snapshots agree")
    finally:
        base.close()


def _gui_step(step: Callable[[str, str], None]) -> None:
    """Load the window's modules and render the About dialog offscreen."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import importlib

    importlib.import_module("vetorbase.gui.app")  # the window must be in the bundle
    from vetorbase.gui.about import offscreen_check

    step("gui", offscreen_check())


def run(*, gui: bool = True, out: Any = None) -> int:
    """Run every step, print one line each, return the process exit code."""
    out = out or sys.stdout
    started = time.perf_counter()

    def step(name: str, detail: str) -> None:
        print(f"  ok  {name:9} {detail}  [{time.perf_counter() - started:.1f} s]", file=out, flush=True)

    from vetorbase.licenses import app_version

    frozen = "frozen" if getattr(sys, "frozen", False) else "source"
    print(f"Vetorbase {app_version()} self-test ({frozen}, Python {platform.python_version()},"
          f" {platform.system()} {platform.machine()})", file=out, flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="vetorbase-selftest-") as tmp:
            _core_steps(Path(tmp), step)
        if gui:
            _gui_step(step)
    except Exception as exc:  # report any failure as a reason, never a bare traceback
        kind = "" if isinstance(exc, SelftestFailure) else f"{type(exc).__name__}: "
        print(f"FAIL {kind}{exc}", file=out, flush=True)
        return 1
    print(f"OK  self-test passed in {time.perf_counter() - started:.1f} s", file=out, flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point for `python -m vetorbase.selftest` and the frozen `--selftest`."""
    parser = argparse.ArgumentParser(prog="vetorbase --selftest", description=__doc__.splitlines()[0])
    parser.add_argument("--selftest", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-gui", action="store_true", help="skip the offscreen window check")
    args = parser.parse_args(argv)
    return run(gui=not args.no_gui)


if __name__ == "__main__":
    sys.exit(main())
