"""Open the base at startup when VBQ_PREOPEN is set, so forked workers inherit it."""

from __future__ import annotations

import os

from django.apps import AppConfig


class VbqAppConfig(AppConfig):
    name = "vbq_app"

    def ready(self) -> None:
        if os.environ.get("VBQ_PREOPEN") != "1":
            return
        from django.conf import settings

        from vetorbase.store import VectorBase

        base = VectorBase.open(settings.VETORBASE["BASE_DIR"])
        base.count()  # really touch SQLite (and the FAISS cache) in the parent
