"""Open the base at startup when VBQ_PREOPEN is set, so forked workers inherit it."""

from __future__ import annotations

import os
from pathlib import Path

from django.apps import AppConfig


class VbqAppConfig(AppConfig):
    name = "vbq_app"

    def ready(self) -> None:
        if os.environ.get("VBQ_PREOPEN") != "1":
            return
        from django.conf import settings

        from vetorbase.store import VectorBase

        conf = settings.VETORBASE
        if conf.get("BASE") == "django":  # Django's own database: the tasks' resolution
            from vetorbase.integrations.django_settings import load_config

            cfg = load_config()
            base = VectorBase.open(cfg.base, password=cfg.password)
        else:
            base = VectorBase.open(conf["BASE"] if "BASE" in conf else conf["BASE_DIR"])
        base.search([1.0] + [0.0] * (base.dim - 1), k=1)  # SQLite and FAISS cache, pre-fork
        marker = Path(os.environ["VBQ_WORK"]) / "preopened.pid"
        marker.write_text(str(os.getpid()))
