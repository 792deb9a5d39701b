"""Dump every Django-Q task record as JSON (run in a subprocess by the test).

    python vbq_tasks.py > tasks.json
"""

from __future__ import annotations

import json
import sys

import django

django.setup()

from django_q.models import OrmQ, Task  # noqa: E402


def main() -> None:
    rows = []
    for t in Task.objects.all().order_by("started"):
        rows.append({
            "id": t.id, "name": t.name, "func": t.func, "group": t.group,
            "success": t.success, "attempt_count": t.attempt_count,
            "started": t.started.timestamp(), "stopped": t.stopped.timestamp(),
            "result": t.result if t.success else str(t.result),
            "kwargs": t.kwargs, "args": list(t.args or ()),
        })
    json.dump({"tasks": rows, "queued": OrmQ.objects.count()}, sys.stdout, default=str)


if __name__ == "__main__":
    main()
