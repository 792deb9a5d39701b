"""`VETORBASE = {"BASE": "django"}`: the base in Django's own PostgreSQL database.

The URL comes from DATABASES["default"] without the password, which travels apart;
neither a result, a message nor a log line may carry it.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from vetorbase.errors import InvalidInput
from vetorbase.store.locations import parse, password_of

REPO = Path(__file__).resolve().parents[3]
HASH_DIR = REPO / "tests" / "integration" / "django_q"
HASH_ID = "import:vbq_embedders:HashEmbedder"
SECRET = "s3cret-pg-pass"  # tests/pgserver.py's password


def _database(port: int, password: str = SECRET, **extra: Any) -> dict[str, Any]:
    return {"ENGINE": "django.db.backends.postgresql", "HOST": "127.0.0.1", "PORT": port,
            "NAME": "vetorbase", "USER": "vetorbase", "PASSWORD": password,
            "OPTIONS": {"sslmode": "disable", "application_name": "vb-test", "pool": False,
                        "server_side_binding": True}, **extra}


@pytest.fixture
def configure() -> Iterator[Callable[..., None]]:
    """Configure Django in this process for one test, and forget it afterwards."""
    from django.conf import settings
    from django.utils.functional import empty

    yield lambda **kw: settings.configure(**kw)
    settings._wrapped = empty


def test_the_url_comes_from_django_and_the_password_stays_apart(configure: Callable[..., None]) -> None:
    from vetorbase.integrations.django_settings import load_config

    configure(DATABASES={"default": _database(5433)},
              VETORBASE={"BASE": "django", "BASE_NAME": "docs", "EMBEDDER": HASH_ID})
    cfg = load_config()
    assert isinstance(cfg.base, str) and password_of(cfg.base) is None and SECRET not in cfg.base
    where = parse(cfg.base)
    assert where.base == "docs"
    assert where.conninfo == ("postgresql://vetorbase@127.0.0.1:5433/vetorbase"
                              "?sslmode=disable&application_name=vb-test")  # no Django-only keys
    assert cfg.password == SECRET and SECRET not in repr(cfg) and SECRET not in cfg.shown


@pytest.mark.parametrize("engine", ["django.db.backends.sqlite3", "django.db.backends.mysql"])
def test_another_engine_is_a_clear_error(configure: Callable[..., None], engine: str) -> None:
    from vetorbase.integrations.django_settings import load_config

    configure(DATABASES={"default": {"ENGINE": engine, "NAME": "db.sqlite3", "PASSWORD": SECRET}},
              VETORBASE={"BASE": "django"})
    with pytest.raises(InvalidInput, match=f'"django" needs PostgreSQL, but DATABASES\\["default"\\] uses {engine}') as e:
        load_config()
    assert SECRET not in str(e.value)


def test_postgis_counts_as_postgresql(configure: Callable[..., None]) -> None:
    from vetorbase.integrations.django_settings import load_config

    configure(DATABASES={"default": {**_database(5432), "ENGINE": "django.contrib.gis.db.backends.postgis"}},
              VETORBASE={"BASE": "django"})
    assert parse(str(load_config().base)).base == "default"


def test_tasks_write_to_djangos_database_without_leaking_the_password(
        configure: Callable[..., None], pg_server: Any, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from vetorbase.integrations import django_q

    monkeypatch.syspath_prepend(str(HASH_DIR))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    configure(DATABASES={"default": _database(pg_server.port)},
              VETORBASE={"BASE": "django", "BASE_NAME": f"dj{os.getpid()}", "EMBEDDER": HASH_ID})
    caplog.set_level(logging.DEBUG)
    first = django_q.ingest_text("Lava and ash buried the town.", source="ticket:1")
    second = django_q.ingest_text("Taxes on invoices.", source="ticket:2")
    assert (first["status"], second["chunks"]) == ("added", 1)
    assert SECRET not in json.dumps([first, second]) and SECRET not in caplog.text
    assert django_q.remove_where({"source": "ticket:1"})["removed_chunks"] == 1
    from vetorbase.store import VectorBase

    assert VectorBase.open(pg_server.url(f"dj{os.getpid()}"), read_only=True).count() == 1


def test_a_wrong_django_password_is_refused_without_showing_it(tmp_path: Path, pg_server: Any) -> None:
    """A worker process configured by a settings module, its output grepped whole."""
    (tmp_path / "vb_dj_settings.py").write_text(
        f"DATABASES = {{'default': {_database(pg_server.port, password='wrong-' + SECRET)!r}}}\n"
        f"VETORBASE = {{'BASE': 'django', 'EMBEDDER': {HASH_ID!r}}}\n"
        "LOGGING = {'version': 1, 'root': {'level': 'DEBUG', 'handlers': ['e']},"
        " 'handlers': {'e': {'class': 'logging.StreamHandler'}}}\n")
    script = ("import django; django.setup()\n"
              "from vetorbase.integrations.django_q import ingest_text\n"
              "try:\n    ingest_text('x', source='s')\n"
              "except Exception as e:\n    print(type(e).__name__, e, getattr(e, '__notes__', ''))\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vb_dj_settings",
           "PYTHONPATH": os.pathsep.join([str(REPO / "app"), str(HASH_DIR), str(tmp_path)])}
    env.pop("PGPASSWORD", None)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                         timeout=120, cwd=tmp_path)
    assert out.stdout.startswith("AuthenticationFailed"), out.stdout + out.stderr
    assert SECRET not in out.stdout + out.stderr
