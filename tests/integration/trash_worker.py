"""Another process on a shared base, for the trash tests (run as a script).

`look BASE`: answers each line read on stdin with one JSON line of what this process
sees (every search mode, a filtered search, the listing, counts), keeping its cache
warm between lines, so removals and restores reach it through the change log.
`restore BASE LOG TAG` / `empty BASE LOG TAG`: loop restoring and re-removing (or
adding, trashing and emptying) until killed, logging intents and acknowledgements.
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np

from vetorbase import VectorBase

DIM = 32
QUERY = "multa prazo entrega quarterly revenue incident nota"


def look(base: VectorBase) -> dict:
    q = np.random.default_rng(99).normal(size=DIM).astype(np.float32)

    def hits(found: list) -> list:
        # Exact ties are ordered by chunk id, and restored chunks have new ids.
        return sorted(([h.text, round(h.score, 6), h.metadata, h.source] for h in found),
                      key=lambda h: (-h[1], h[0]))

    return {
        "seq": base.journal_seq(),
        "semantic": hits(base.search(q, k=20)),
        "keyword": hits(base.search(text=QUERY, mode="keyword", k=20)),
        "hybrid": hits(base.search(q, text=QUERY, mode="hybrid", k=20)),
        "filtered": hits(base.search(q, k=20, where={"lang": "pt"})),
        "documents": [[d.source, d.chunks, d.sha256, d.metadata, d.added_at, d.added_by, d.chars]
                      for d in base.documents(limit=1000)],
        "count": base.count(), "document_count": base.document_count(),
    }


def serve(base_dir: str) -> None:
    base = VectorBase.open(base_dir)
    for line in sys.stdin:
        if line.strip() == "look":
            print(json.dumps(look(base)), flush=True)


def churn(mode: str, base_dir: str, log_path: str, tag: str) -> None:
    base = VectorBase.open(base_dir)
    fh = open(log_path, "a")
    rng = np.random.default_rng(int(tag))

    def record(**rec: object) -> None:
        fh.write(json.dumps(rec) + "\n")
        fh.flush()
        os.fsync(fh.fileno())

    print("ready", flush=True)
    i = 0
    while True:
        if mode == "restore":
            for entry in base.trash():
                if entry.kind != "remove_where":
                    continue
                record(state="intent", op="restore", entry=entry.id)
                print("restore", flush=True)  # the test aims its kill at this call
                base.restore([entry.id])
                record(state="ack", op="restore", entry=entry.id)
                record(state="intent", op="remove", where=entry.where)
                base.remove_where(entry.where)
                record(state="ack", op="remove", where=entry.where)
        else:
            source = f"scratch-{tag}-{i}"
            record(state="intent", op="add", source=source)
            base.add_document(source, [f"scratch {j}" for j in range(400)], rng.normal(size=(400, DIM)))
            record(state="ack", op="add", source=source)
            entry = base.remove_to_trash(where={"source": source})
            record(state="intent", op="empty", entry=entry.id)
            print("empty", flush=True)
            base.empty_trash(entries=[entry.id])
            record(state="ack", op="empty", entry=entry.id)
        i += 1


if __name__ == "__main__":
    if sys.argv[1] == "look":
        serve(sys.argv[2])
    else:
        churn(*sys.argv[1:5])
