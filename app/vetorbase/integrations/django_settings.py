"""Where server-side tasks find their base: Django settings, overridden per call.

Read lazily at each task call (not at import) so a worker that imports this module
before Django is configured, or a test that changes settings, still gets the right
values. Django itself is optional: without it only explicit arguments count.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from vetorbase.errors import InvalidInput
from vetorbase.integrations.django_database import django_database_base
from vetorbase.store.locations import DEFAULT_BASE_NAME, describe, is_url

#: The settings dict name: ``VETORBASE = {"BASE": ..., "EMBEDDER": ...}``.
SETTINGS_NAME = "VETORBASE"
#: ``VETORBASE = {"BASE": "django"}``: the base lives in Django's own default database.
DJANGO_DATABASE = "django"

_KNOWN_KEYS = {
    "BASE",
    "BASE_DIR",  # the older name of BASE (a folder)
    "BASE_NAME",
    "EMBEDDER",
    "EMBEDDER_OPTIONS",
    "EMBED_CACHE",
    "CHUNK_SIZE",
    "CHUNK_OVERLAP",
    "ORIGIN",
    "CREATE",
    "LOCK_TIMEOUT",
}


@dataclass(frozen=True)
class TaskConfig:
    """Everything a task needs to open the base and embed; explicit args win over settings."""

    base: Path | str | None = None  # a folder, or a server URL without its password
    password: str | None = field(default=None, repr=False)  # Django's PASSWORD; never shown
    embedder: str | None = None  # None: the id the base was built with, else the default
    embedder_options: dict[str, Any] = field(default_factory=dict)
    embed_cache: Path | None = None
    chunk_size: int = 1000
    chunk_overlap: int = 150
    origin: str = ""
    create: bool = True
    lock_timeout: float = 30.0

    def require_base(self) -> Path | str:
        """The base's folder or URL, or an error that says how to configure it."""
        if self.base is None:
            raise InvalidInput(
                "No Vetorbase base configured: set "
                f"{SETTINGS_NAME} = {{'BASE': '/path/to/base'}} (a folder, a "
                "postgresql:// URL, or 'django' for Django's own PostgreSQL database) in "
                "Django settings, or pass base_dir=... to the task."
            )
        return self.base

    @property
    def shown(self) -> str:
        """The base as a message may name it (a URL never carries a password here)."""
        return "no base" if self.base is None else describe(self.base)


def default_origin() -> str:
    """Who shows as "added by" for worker writes, e.g. ``qcluster@web-1``."""
    return f"qcluster@{socket.gethostname()}"


def django_settings() -> dict[str, Any]:
    """The ``VETORBASE`` settings dict, or {} when Django is absent or not configured."""
    try:
        from django.conf import settings
    except ImportError:
        return {}
    if not settings.configured:
        return {}
    value = getattr(settings, SETTINGS_NAME, None) or {}
    if not isinstance(value, dict):
        raise InvalidInput(f"settings.{SETTINGS_NAME} must be a dict, not {type(value).__name__}")
    unknown = set(value) - _KNOWN_KEYS
    if unknown:
        raise InvalidInput(
            f"Unknown key(s) in settings.{SETTINGS_NAME}: {', '.join(sorted(unknown))}; "
            f"known keys: {', '.join(sorted(_KNOWN_KEYS))}"
        )
    return value


def load_config(**overrides: Any) -> TaskConfig:
    """Settings first, then every override that is not None."""
    conf = django_settings()
    base, password = _base(conf)
    cfg = TaskConfig(
        base=base, password=password,
        embedder=conf.get("EMBEDDER") or None,
        embedder_options=dict(conf.get("EMBEDDER_OPTIONS") or {}),
        embed_cache=_path(conf.get("EMBED_CACHE")),
        chunk_size=int(conf.get("CHUNK_SIZE", 1000)),
        chunk_overlap=int(conf.get("CHUNK_OVERLAP", 150)),
        origin=str(conf.get("ORIGIN") or default_origin()),
        create=bool(conf.get("CREATE", True)),
        lock_timeout=float(conf.get("LOCK_TIMEOUT", 30.0)),
    )
    given = {k: v for k, v in overrides.items() if v is not None}
    if "base_dir" in given:  # a per-call folder or URL replaces the settings' base entirely
        given["base"], given["password"] = _location(given.pop("base_dir")), None
    if "embed_cache" in given:
        given["embed_cache"] = _path(given["embed_cache"])
    cfg = replace(cfg, **given)
    if cfg.chunk_size <= 0 or not 0 <= cfg.chunk_overlap < cfg.chunk_size:
        raise InvalidInput(
            f"Bad chunking: chunk_size={cfg.chunk_size}, chunk_overlap={cfg.chunk_overlap} "
            "(need chunk_size > 0 and 0 <= chunk_overlap < chunk_size)"
        )
    return cfg


def _base(conf: dict[str, Any]) -> tuple[Path | str | None, str | None]:
    """The configured base and, for BASE "django", the database's password (kept apart)."""
    if conf.get("BASE") and conf.get("BASE_DIR"):
        raise InvalidInput(f"settings.{SETTINGS_NAME} has both BASE and BASE_DIR; keep BASE")
    value = conf.get("BASE") or conf.get("BASE_DIR")
    if value == DJANGO_DATABASE:
        return django_database_base(str(conf.get("BASE_NAME") or DEFAULT_BASE_NAME))
    if conf.get("BASE_NAME"):
        raise InvalidInput(f"settings.{SETTINGS_NAME}['BASE_NAME'] only goes with BASE "
                           f"'{DJANGO_DATABASE}'; in a URL write ?base=NAME")
    return _location(value), None


def _location(value: Any) -> Path | str | None:
    if value is None or value == "":
        return None
    text = str(value)
    return text if is_url(text) else Path(text).expanduser()


def _path(value: Any) -> Path | None:
    if value is None or value == "":
        return None
    return Path(value).expanduser()
