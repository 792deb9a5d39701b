"""Embedder ids, as recorded in a base, and how to build the embedder an id names.

Ids:  ``local:use-multilingual-v3``       the offline default (512-d)
      ``ollama:<model>@<url>``            an Ollama server (``@url`` optional when parsing)
      ``import:<module>:<attr>``          any LangChain Embeddings class or factory
"""

from __future__ import annotations

from typing import Any, NamedTuple

from vetorbase.embeddings.base import VetorEmbeddings
from vetorbase.embeddings.imported import build_imported
from vetorbase.embeddings.local import LOCAL_EMBEDDER_ID, LOCAL_MODEL_NAME, LocalEmbedder
from vetorbase.embeddings.ollama import OllamaEmbedder, normalize_url, ollama_id, public_url
from vetorbase.errors import InvalidInput

DEFAULT_EMBEDDER_ID = LOCAL_EMBEDDER_ID
SCHEMES = ("local", "ollama", "import")

_FORMS = (
    "expected 'local:use-multilingual-v3', 'ollama:<model>@<url>' or "
    "'import:<module>:<attr>'"
)


class EmbedderSpec(NamedTuple):
    """A parsed embedder id. `name` is the model (local, ollama) or 'module:attr' (import)."""

    scheme: str
    name: str
    url: str | None = None

    @property
    def id(self) -> str:
        """The canonical id (what a base records)."""
        if self.scheme == "ollama":
            return ollama_id(self.name, self.url)
        return f"{self.scheme}:{self.name}"


def parse_embedder_id(embedder_id: str) -> EmbedderSpec:
    """Split an id into its parts, refusing anything malformed with the accepted forms."""
    if not isinstance(embedder_id, str) or ":" not in embedder_id.strip():
        if isinstance(embedder_id, str) and embedder_id.strip() in ("local", "default"):
            return EmbedderSpec("local", LOCAL_MODEL_NAME)
        raise InvalidInput(f"Unknown embedder id {embedder_id!r}: {_FORMS}.")
    scheme, _, rest = embedder_id.strip().partition(":")
    if scheme == "local":
        if rest != LOCAL_MODEL_NAME:
            raise InvalidInput(
                f"Unknown local model {rest!r}; the only built-in one is {LOCAL_MODEL_NAME!r}."
            )
        return EmbedderSpec("local", rest)
    if scheme == "ollama":
        model, _, url = rest.partition("@")
        if not model:
            raise InvalidInput(f"No model in {embedder_id!r}: {_FORMS}.")
        return EmbedderSpec("ollama", model, public_url(normalize_url(url or None)))
    if scheme == "import":
        module, _, attr = rest.partition(":")
        if not module or not attr:
            raise InvalidInput(f"Bad import id {embedder_id!r}: {_FORMS}.")
        return EmbedderSpec("import", f"{module}:{attr}")
    raise InvalidInput(f"Unknown embedder kind {scheme!r} in {embedder_id!r}: {_FORMS}.")


def same_model(id_a: str, id_b: str) -> bool:
    """True when two ids make interchangeable vectors.

    The same Ollama model served from another URL (localhost vs. the host's name, a
    second GPU box) gives the same vectors, and `m` is `m:latest`; everything else must
    match exactly. Lets callers accept a base built via another server address.
    """
    a, b = parse_embedder_id(id_a), parse_embedder_id(id_b)
    if a.scheme == b.scheme == "ollama":
        return a.name.removesuffix(":latest") == b.name.removesuffix(":latest")
    return a.id == b.id


def get_embedder(embedder_id: str = DEFAULT_EMBEDDER_ID, **options: Any) -> VetorEmbeddings:
    """Build the embedder an id names.

    Options: none for local; for ollama `url` (overrides the id's; keeps user:password out
    of the id), `timeout`, `retries`, `backoff`, `keep_alive`, `dimensions`, `api`; for
    import, the keyword arguments of the class or factory.
    """
    spec = parse_embedder_id(embedder_id)
    if spec.scheme == "local":
        if options:
            raise InvalidInput(f"The local embedder takes no options (got {sorted(options)}).")
        return LocalEmbedder()
    if spec.scheme == "ollama":
        url = options.pop("url", None) or spec.url
        return OllamaEmbedder(spec.name, url, **options)
    module, _, attr = spec.name.partition(":")
    return build_imported(module, attr, options)
