"""Any LangChain `Embeddings` as a Vetorbase embedder, by import path or as an object.

`import:<module>:<attr>` names a class (instantiated with the options) or a factory
function (called with them). Because a base records its embedder id and callers may build
the embedder from it, only Embeddings subclasses and plain Python functions are accepted:
never builtins or private names, so a crafted id cannot call `os.system` and friends.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from langchain_core.embeddings import Embeddings

from vetorbase.embeddings.base import CancelFlag, VetorEmbeddings
from vetorbase.errors import EmbeddingError, InvalidInput


class LangChainEmbedder(VetorEmbeddings):
    """Wraps a LangChain Embeddings object; the dimension is probed on first use."""

    def __init__(self, inner: Embeddings, embedder_id: str, dim: int | None = None) -> None:
        if not hasattr(inner, "embed_documents"):
            raise InvalidInput(f"{inner!r} is not a LangChain Embeddings object.")
        if not embedder_id:
            raise InvalidInput("An embedder id is required to record which model built a base.")
        self.inner = inner
        self.embedder_id = embedder_id
        self._dim = dim

    def _embed_batch(self, texts: list[str], cancel: CancelFlag | None) -> list[list[float]]:
        try:
            return self.inner.embed_documents(texts)
        except EmbeddingError:
            raise
        except Exception as exc:  # third-party embedders raise anything; name the culprit
            raise EmbeddingError(f"The embedder {self.embedder_id} failed: {exc}") from exc


def resolve_import(module_name: str, attr: str) -> Any:
    """Import module:attr (attr may be dotted), refusing what cannot be an embedder."""
    if not module_name or not attr or any(p.startswith("_") for p in attr.split(".")):
        raise InvalidInput(f"Bad import path {module_name}:{attr} (private names are refused).")
    try:
        obj: Any = importlib.import_module(module_name)
    except ImportError as exc:
        raise EmbeddingError(
            f"Cannot import {module_name!r} for the embedder: {exc}. Install the package "
            "that provides it."
        ) from exc
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError as exc:
            raise EmbeddingError(f"{module_name} has no attribute {attr!r}.") from exc
    return obj


def build_imported(module_name: str, attr: str, options: dict[str, Any]) -> LangChainEmbedder:
    """Instantiate `import:<module>:<attr>` with options; check it really is Embeddings."""
    target = resolve_import(module_name, attr)
    if isinstance(target, Embeddings):
        if options:
            raise InvalidInput(f"{module_name}:{attr} is an instance; options cannot apply.")
        inner = target
    elif inspect.isclass(target):
        if not issubclass(target, Embeddings):
            raise InvalidInput(f"{module_name}:{attr} is not a LangChain Embeddings class.")
        inner = _call(target, options, module_name, attr)
    elif inspect.isfunction(target):
        inner = _call(target, options, module_name, attr)
        if not isinstance(inner, Embeddings):
            raise InvalidInput(
                f"{module_name}:{attr} returned {type(inner).__name__}, not LangChain Embeddings."
            )
    else:
        raise InvalidInput(
            f"{module_name}:{attr} is neither an Embeddings class nor a factory function."
        )
    dim = inner._dim if isinstance(inner, VetorEmbeddings) else None
    return LangChainEmbedder(inner, f"import:{module_name}:{attr}", dim)


def _call(target: Any, options: dict[str, Any], module_name: str, attr: str) -> Any:
    try:
        return target(**options)
    except Exception as exc:
        raise EmbeddingError(f"Creating the embedder {module_name}:{attr} failed: {exc}") from exc
