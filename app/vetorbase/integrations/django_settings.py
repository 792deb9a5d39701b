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

#: The settings dict name: ``VETORBASE = {"BASE_DIR": ..., "EMBEDDER": ...}``.
SETTINGS_NAME = "VETORBASE"

_KNOWN_KEYS = {
    "BASE_DIR",
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

    base_dir: Path | None = None
    embedder: str | None = None  # None: the id the base was built with, else the default
    embedder_options: dict[str, Any] = field(default_factory=dict)
    embed_cache: Path | None = None
    chunk_size: int = 1000
    chunk_overlap: int = 150
    origin: str = ""
    create: bool = True
    lock_timeout: float = 30.0

    def require_base_dir(self) -> Path:
        """The base folder, or an error that says how to configure it."""
        if self.base_dir is None:
            raise InvalidInput(
                "No Vetorbase base folder configured: set "
                f"{SETTINGS_NAME} = {{'BASE_DIR': '/path/to/base'}} in Django settings "
                "or pass base_dir=... to the task."
            )
        return self.base_dir


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
    cfg = TaskConfig(
        base_dir=_path(conf.get("BASE_DIR")),
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
    if "base_dir" in given:
        given["base_dir"] = _path(given["base_dir"])
    if "embed_cache" in given:
        given["embed_cache"] = _path(given["embed_cache"])
    cfg = replace(cfg, **given)
    if cfg.chunk_size <= 0 or not 0 <= cfg.chunk_overlap < cfg.chunk_size:
        raise InvalidInput(
            f"Bad chunking: chunk_size={cfg.chunk_size}, chunk_overlap={cfg.chunk_overlap} "
            "(need chunk_size > 0 and 0 <= chunk_overlap < chunk_size)"
        )
    return cfg


def _path(value: Any) -> Path | None:
    if value is None or value == "":
        return None
    return Path(value).expanduser()
