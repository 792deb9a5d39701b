"""Enqueue a list of tasks given as JSON, print their ids (a tiny producer for tests).

    python vbq_enqueue.py tasks.json   # [{"func": ..., "args": [...], "kwargs": {...}}, ...]

`kwargs` may hold Django-Q options too (``ack_failure``, ``group``, ``timeout``).
"""

from __future__ import annotations

import json
import sys

import django

django.setup()

from django_q.tasks import async_task  # noqa: E402


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        items = json.load(f)
    ids = [async_task(it["func"], *it.get("args", []), **it.get("kwargs", {})) for it in items]
    json.dump(ids, sys.stdout)


if __name__ == "__main__":
    main()
