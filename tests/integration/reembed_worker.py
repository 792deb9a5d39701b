"""Processes for the re-embedding tests: a re-embedder, a writer and a long-lived reader.

    reembed LOCATION EMBEDDER_ID            move the base; prints one JSON line per batch
                                            ({"done": d, "total": t}) and the result last
                                            (REEMBED_PAUSE_AT=switch|tidy: hold there)
    writer  LOCATION EMBEDDER_ID LOG        add small documents with EMBEDDER_ID until the
                                            base refuses them; intent/ack lines in LOG
    stale   LOCATION EMBEDDER_ID            open with EMBEDDER_ID, search, then for every
                                            line on stdin search again and print the outcome

The test folder is on PYTHONPATH, so `import:hashembed:...` ids resolve here too.
"""

from __future__ import annotations

import json
import os
import sys
import time

from vetorbase import VectorBase
from vetorbase.embeddings import get_embedder
from vetorbase.errors import EmbedderMismatch
from vetorbase.store.reembed import reembed


def _print(**rec) -> None:
    print(json.dumps(rec), flush=True)


def pause_at(point: str) -> None:
    """Stop for good at `point` ("switch": inside the switch transaction, every chunk updated
    but not committed; "tidy": just after it committed, before the new snapshot), saying so
    first, so the test kills the process exactly there."""
    from vetorbase.store import reembed as module

    def hold() -> None:
        _print(paused=point)
        time.sleep(3600)

    if point == "switch":
        real_switch = module.switch

        def switch_then_hold(*args, **kwargs):
            record = real_switch(*args, **kwargs)
            hold()
            return record

        module.switch = switch_then_hold
    elif point == "tidy":
        module.Reembedding._tidy = lambda self: hold()


def run_reembed(location: str, embedder_id: str) -> None:
    if os.environ.get("REEMBED_PAUSE_AT"):
        pause_at(os.environ["REEMBED_PAUSE_AT"])
    base = VectorBase.open(location)
    embedder = get_embedder(embedder_id)
    embedder.dim  # noqa: B018 - load the model before the first batch is timed
    _print(ready=True)
    result = reembed(base, embedder, batch_size=int(os.environ.get("REEMBED_BATCH", "64")),
                     progress=lambda d, t: _print(done=d, total=t))
    _print(result=result.to_dict())


def run_writer(location: str, embedder_id: str, log_path: str) -> None:
    base = VectorBase.open(location, embedder_id=embedder_id)
    embedder = get_embedder(embedder_id)
    fh = open(log_path, "a")

    def record(**rec) -> None:
        fh.write(json.dumps(rec) + "\n")
        fh.flush()
        os.fsync(fh.fileno())

    _print(ready=True)
    i = 0
    while True:
        source = f"writer-{os.getpid()}-{i}"
        texts = [f"{source} parte {j} sobre faturas e prazos" for j in range(3)]
        record(state="intent", source=source)
        try:
            base.add_document(source, texts, embedder.embed_array(texts))
        except EmbedderMismatch as exc:
            record(state="refused", source=source, message=str(exc))
            _print(refused=str(exc), embedder_id=base.embedder_id, dim=base.dim)
            return
        record(state="ack", source=source)
        i += 1
        time.sleep(float(os.environ.get("WRITER_PAUSE", "0.01")))


def run_stale(location: str, embedder_id: str) -> None:
    base = VectorBase.open(location, embedder_id=embedder_id)
    embedder = get_embedder(embedder_id)
    query = embedder.embed_query("contratos e multas")
    hits = base.search(query, k=3)
    _print(ready=True, hits=len(hits), embedder_id=base.embedder_id, dim=base.dim)
    for line in sys.stdin:
        command = line.strip()
        try:
            if command == "keyword":
                hits = base.search(text="contratos", mode="keyword", k=3)
            elif command == "reopen":  # as a program that rebuilds its embedder from the base
                base = VectorBase.open(location)
                hits = base.search(get_embedder(base.embedder_id).embed_query("contratos e multas"), k=3)
            elif command.startswith("reopen "):
                new_id = command.split(" ", 1)[1]
                base = VectorBase.open(location, embedder_id=new_id)
                hits = base.search(get_embedder(new_id).embed_query("contratos e multas"), k=3)
            else:
                hits = base.search(query, k=3)
            _print(ok=True, hits=[h.source for h in hits], embedder_id=base.embedder_id, dim=base.dim)
        except EmbedderMismatch as exc:
            _print(ok=False, error=type(exc).__name__, message=str(exc),
                   embedder_id=base.embedder_id, dim=base.dim)


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    {"reembed": run_reembed, "writer": run_writer, "stale": run_stale}[mode](*args)
