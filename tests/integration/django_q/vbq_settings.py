"""The whole Django project for the cluster tests: one settings module.

Everything variable comes from the environment the test sets: VBQ_WORK (a temp folder
holding the Django SQLite database and the bases) and VBQ_WORKERS. With VBQ_DB_NAME set,
Django's database (so Django-Q's ORM broker) is that PostgreSQL database instead
(VBQ_DB_HOST, VBQ_DB_PORT, VBQ_DB_USER, VBQ_DB_PASSWORD); with VBQ_BASE set, the tasks'
base is `VETORBASE["BASE"]` (a folder, a server URL, or "django") instead of BASE_DIR.
"""

from __future__ import annotations

import os
from pathlib import Path

WORK = Path(os.environ["VBQ_WORK"])

SECRET_KEY = "vetorbase-cluster-tests-only"
DEBUG = False
USE_TZ = True
TIME_ZONE = "UTC"
INSTALLED_APPS = ["django_q", "vbq_app"]
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(WORK / "django.sqlite3"),
        "OPTIONS": {
            # Producers, the pusher and the monitor all write this file: wait, don't fail.
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}

if os.environ.get("VBQ_DB_NAME"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ["VBQ_DB_NAME"],
            "HOST": os.environ["VBQ_DB_HOST"],
            "PORT": os.environ["VBQ_DB_PORT"],
            "USER": os.environ["VBQ_DB_USER"],
            "PASSWORD": os.environ["VBQ_DB_PASSWORD"],
        }
    }

# The integration's own settings: the main test base, built with the hashing embedder.
VETORBASE = {
    **({"BASE": os.environ["VBQ_BASE"]} if os.environ.get("VBQ_BASE") else {"BASE_DIR": str(WORK / "base")}),
    "EMBEDDER": "import:vbq_embedders:HashEmbedder",
    "CHUNK_SIZE": 400,
    "CHUNK_OVERLAP": 40,
    "ORIGIN": "qcluster@tests",
}

Q_CLUSTER = {
    "name": "vbq",
    "orm": "default",
    "workers": int(os.environ.get("VBQ_WORKERS", "2")),
    "queue_limit": 4,
    "bulk": 1,
    "poll": 0.05,
    "guard_cycle": 0.25,
    # A task not acknowledged `retry` s after it was pulled is pulled again: this is what
    # completes a task whose worker was killed. `timeout` must stay below `retry`.
    "timeout": 10,
    "retry": 12,
    "max_attempts": 3,
    "ack_failures": False,
    "catch_up": False,
    "save_limit": 0,
    "recycle": 10000,
    "log_level": "INFO",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django-q": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
