"""Opening a base together with the embedder that fits it: the one way every entry point does it.

The command line, the window, the Django-Q tasks and the LangChain store all need the
same thing: a base by folder or PostgreSQL URL (existing, or created on request) and
an embedder whose vectors it can take. Written once here so they cannot drift apart:
an explicit embedder is checked against the base (store/compat.py, the one rule)
before any embedder is built or contacted, and the base's own embedder is built only
when a caller asks for it, so read-only commands never load a model.

Kept out of the store because it builds embedders, which the store never does.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from vetorbase.errors import NotABase
from vetorbase.store import VectorBase
from vetorbase.store.compat import check_compatible
from vetorbase.store.locations import describe, is_url

#: A folder path or a libpq URL (`postgresql://user@host/db?base=docs`).
Location = str | os.PathLike[str]
#: Where embeddings are cached: False/None for nowhere, True for the per-user cache,
#: or the path of a cache file.
CacheChoice = bool | str | os.PathLike[str] | None


@dataclass
class OpenedBase:
    """A base and (built on first use) the embedder that fits it."""

    base: VectorBase
    #: The id of the embedder this base's vectors come from (what `embedder` makes).
    embedder_id: str
    #: The base's location fit to show: a folder, or a URL without its password.
    location: str
    _make_embedder: Callable[[], Any] = field(repr=False)

    @cached_property
    def embedder(self) -> Any:
        """The embedder, built (and checked against the base's dimension) when first asked."""
        return self._make_embedder()


def open_base(
    location: Location, *, password: str | None = None, create: bool = False,
    read_only: bool = False, embedder: Any = None, default_embedder: str | None = None,
    embedder_options: dict[str, Any] | None = None,
    cache_embeddings: CacheChoice = False, vectors_dim: int | None = None,
    vectors_from: str | None = None, origin: str | None = None,
    progress: Callable[[int, int], None] | None = None, lock_timeout: float = 30.0,
    missing_hint: str = "", mismatch_hint: str = "",
) -> OpenedBase:
    """Open the base at `location` (a folder or a URL) with an embedder that fits it.

    `embedder`: None for the base's own (or the default for a new base), an embedder
    id, or an embedder object (a Vetorbase embedder or any LangChain `Embeddings`).
    An explicit one that differs from the base's raises EmbedderMismatch before it is
    built. `create` makes a missing base with that embedder (or `default_embedder`,
    else the offline default, when none is asked for); otherwise a missing base
    raises NotABase, ending with `missing_hint` (what the caller's user should do).
    `vectors_dim` is the size of vectors the caller will store as they are (an
    imported index): refused with DimensionMismatch when the embedder or base differ.
    `password` goes to the server, never into a URL or a message.
    """
    where: Path | str = location if is_url(location) else Path(os.fspath(location)).expanduser()
    shown = describe(where)
    secret = {"password": password} if password is not None else {}
    explicit_id, given = _embedder_arg(embedder)
    options = dict(embedder_options or {})
    if VectorBase.exists(where, **secret):
        base = VectorBase.open(where, read_only=read_only, lock_timeout=lock_timeout,
                               origin=origin, progress=progress, **secret)
        if given is not None:
            check_embedder(base, given, where=shown, hint=mismatch_hint)
        else:
            check_compatible(shown, base.embedder_id, base.dim, embedder_id=explicit_id,
                             hint=mismatch_hint)
        if vectors_dim is not None:
            check_compatible(shown, base.embedder_id, base.dim, dim=vectors_dim,
                             offered=vectors_from, hint=mismatch_hint)
        use_id = explicit_id or base.embedder_id

        def make() -> Any:
            if given is not None:
                return given
            emb = build_embedder(use_id, options, cache_embeddings)
            check_compatible(shown, base.embedder_id, base.dim, embedder_id=emb.embedder_id,
                             dim=emb.dim, offered=f"'{emb.embedder_id}' now", hint=mismatch_hint)
            return emb

        return OpenedBase(base, use_id, shown, make)
    if not create or read_only:
        raise NotABase(f"no Vetorbase base at {shown}"
                       + (f"; {missing_hint}" if missing_hint else ""))
    from vetorbase.embeddings import DEFAULT_EMBEDDER_ID

    emb = given if given is not None else build_embedder(
        explicit_id or default_embedder or DEFAULT_EMBEDDER_ID, options, cache_embeddings)
    emb_id = explicit_id if given is not None else str(emb.embedder_id)
    dim = embedder_dim(emb)
    if vectors_dim is not None:
        check_compatible(vectors_from or "the vectors offered", None, vectors_dim, dim=dim,
                         offered=f"'{emb_id}'", hint=mismatch_hint)
    base = VectorBase.open(where, create=True, dim=dim, embedder_id=emb_id,
                           lock_timeout=lock_timeout, origin=origin, progress=progress, **secret)
    return OpenedBase(base, emb_id, shown, lambda: emb)


def _embedder_arg(embedder: Any) -> tuple[str | None, Any]:
    """(the id asked for, the object given): an id string, an object, or neither."""
    if embedder is None or embedder == "":
        return None, None
    if isinstance(embedder, str):
        return embedder, None
    return embedder_id_of(embedder), embedder


def embedder_id_of(embedder: Any) -> str:
    """An embedder object's id: its own `embedder_id`, or for a plain LangChain
    `Embeddings`, its class's import path (what a base built with it records)."""
    own = getattr(embedder, "embedder_id", None)
    if own:
        return str(own)
    return f"import:{type(embedder).__module__}:{type(embedder).__qualname__}"


def embedder_dim(embedder: Any) -> int:
    """The size of the embedder's vectors: its `dim`, or one embedded probe's length."""
    dim = getattr(embedder, "dim", None)
    if dim is None:
        dim = len(embedder.embed_query("dimension probe"))
    return int(dim)


def check_embedder(base: VectorBase, embedder: Any, *, where: str | None = None,
                   hint: str = "") -> None:
    """Refuse an embedder object whose vectors `base` cannot take (store/compat.py's rule).

    A plain LangChain `Embeddings` has no id of its own; when it is refused the message
    says how to vouch for it being the base's model.
    """
    if not hint and not getattr(embedder, "embedder_id", None):
        hint = ("Omit the embedder to let Vetorbase build the base's own, or, if this object "
                f"is that same model, wrap it: LangChainEmbedder(obj, '{base.embedder_id}') "
                "from vetorbase.embeddings.")
    where = where or base.location
    check_compatible(where, base.embedder_id, base.dim, embedder_id=embedder_id_of(embedder),
                     hint=hint)
    # Only now: an Ollama embedder's `dim` asks its server.
    check_compatible(where, base.embedder_id, base.dim, dim=getattr(embedder, "dim", None),
                     offered=f"'{embedder_id_of(embedder)}'", hint=hint)


_embedders: dict[tuple[Any, ...], Any] = {}
_embedders_pid = os.getpid()
_embedders_lock = threading.Lock()


def build_embedder(embedder_id: str, options: dict[str, Any] | None = None,
                   cache: CacheChoice = False) -> Any:
    """The embedder an id names, one per id, options and cache per process.

    Loading a model per call would dominate a worker's task or a window's reopen; a
    forked child builds its own (the parent's cache connections are not its to use).
    """
    global _embedders_pid
    from vetorbase.embeddings import CachedEmbedder, get_embedder

    cache_path = None if cache is True else (os.fspath(cache) if cache else None)
    key = (embedder_id, repr(sorted((options or {}).items())), bool(cache), cache_path)
    with _embedders_lock:
        if _embedders_pid != os.getpid():
            _embedders.clear()
            _embedders_pid = os.getpid()
        emb = _embedders.get(key)
        if emb is None:
            emb = get_embedder(embedder_id, **dict(options or {}))
            if cache:
                emb = CachedEmbedder(emb, cache_path)
            _embedders[key] = emb
        return emb
