"""A producer process (a web request handler, say): enqueues ingest and removal tasks.

    python vbq_producer.py --name p0 --count 100 --mode text --out p0.json

Enqueues `count` ingest tasks (raw text or small files), one removal of the documents the
test seeded for this producer, then waits for a few of its own ingests and enqueues their
removal. Writes what it enqueued (task ids, sources, times) as JSON to --out.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

import django

django.setup()

from django_q.models import Task  # noqa: E402
from django_q.tasks import async_task  # noqa: E402

from vetorbase.integrations import django_q as vq  # noqa: E402

WORDS = (
    "river lamp orbit cedar quartz violin harbor maple saddle comet ember falcon garnet "
    "lantern meadow nickel oyster pepper quiver raven sable tundra umber velvet willow"
).split()


def text_for(name: str, i: int, rng: random.Random) -> str:
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 120)))
    return f"{name} document {i} unique-{name}-{i} {body}"


def wait_success(task_id: str, timeout: float) -> dict:
    """The result of a task once it succeeded (a failed attempt may still be retried)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        task = Task.objects.filter(id=task_id, success=True).first()
        if task is not None:
            return task.result
        time.sleep(0.05)
    raise SystemExit(f"ingest task {task_id} did not succeed within {timeout} s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--mode", choices=["text", "file"], default="text")
    ap.add_argument("--remove-own", type=int, default=5)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    rng = random.Random(args.name)
    work = Path(os.environ["VBQ_WORK"])
    files_dir = work / "inbox" / args.name
    files_dir.mkdir(parents=True, exist_ok=True)
    out: dict = {"name": args.name, "ingest": [], "remove": [], "t_start": time.time()}

    for i in range(args.count):
        text = text_for(args.name, i, rng)
        meta = {"producer": args.name, "i": i}
        if args.mode == "text":
            source = f"{args.name}/doc-{i:03d}.txt"
            tid = async_task(vq.INGEST_TEXT, text, source=source, metadata=meta,
                             group=args.name)
        else:
            path = files_dir / f"doc-{i:03d}.txt"
            path.write_text(text, encoding="utf-8")
            source = str(path)
            tid = async_task(vq.INGEST_PATH, str(path), metadata=meta, group=args.name)
        out["ingest"].append({"task_id": tid, "source": source, "text": text})
    out["t_enqueued"] = time.time()

    # Documents the window seeded before the cluster started, tagged for this producer.
    where = {"tag": f"seed-{args.name}"}
    tid = async_task(vq.REMOVE_WHERE, where, group=args.name)
    out["remove"].append({"task_id": tid, "where": where, "kind": "seed"})

    # Remove a few of our own, each only once its ingest is known to be done.
    for item in out["ingest"][: args.remove_own]:
        res = wait_success(item["task_id"], 90.0)
        where = {"source": res["source"] if args.mode == "text" else res["files"][0]["source"]}
        tid = async_task(vq.REMOVE_WHERE, where, group=args.name)
        out["remove"].append({"task_id": tid, "where": where, "kind": "own",
                              "source": item["source"]})
    out["t_done"] = time.time()
    Path(args.out).write_text(json.dumps(out), encoding="utf-8")


if __name__ == "__main__":
    main()
