"""Embeddings from an Ollama server, through the real `langchain-ollama` client.

Production installs run Ollama next to the workers. What this module adds to
`OllamaEmbeddings` is what a long ingestion needs: a timeout, retries with exponential
backoff for transient failures (server restarting, 5xx, timeouts), errors that say what to
do ("start `ollama serve`", "run `ollama pull <model>`"), a fallback to the older
`/api/embeddings` endpoint, and a clean client after `fork()` (Django-Q forks workers).
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from vetorbase.embeddings.base import CancelFlag, VetorEmbeddings, sleep_unless_cancelled
from vetorbase.errors import EmbedderUnavailable, EmbeddingError, InvalidInput, ModelNotFound

if TYPE_CHECKING:  # importing langchain_ollama costs ~0.8 s: only when Ollama is used
    from langchain_ollama import OllamaEmbeddings

DEFAULT_OLLAMA_URL = "http://localhost:11434"


def normalize_url(url: str | None) -> str:
    """Give URLs one spelling so the same server always yields the same embedder id."""
    url = (url or DEFAULT_OLLAMA_URL).strip().rstrip("/")
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(f"Not an Ollama server URL: {url!r} (expected http://host:port).")
    return url


def public_url(url: str) -> str:
    """The URL without user:password, which must never be written into a base."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def ollama_id(model: str, url: str | None = None) -> str:
    """The embedder id recorded in a base built with this Ollama model and server."""
    if not model or "@" in model or model != model.strip():
        raise InvalidInput(f"Not an Ollama model name: {model!r}.")
    return f"ollama:{model}@{public_url(normalize_url(url))}"


class _Retry(Exception):
    """Internal: a failure worth another attempt, carrying the error to raise at the end."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class OllamaEmbedder(VetorEmbeddings):
    """An Ollama embedding model; the dimension is learned from one probe embedding."""

    def __init__(
        self,
        model: str,
        url: str | None = None,
        *,
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
        keep_alive: int | None = None,
        dimensions: int | None = None,
        api: str = "auto",
    ) -> None:
        if timeout <= 0 or retries < 0 or backoff < 0:
            raise InvalidInput("timeout must be > 0, retries and backoff >= 0.")
        if api not in ("auto", "embed", "embeddings"):
            raise InvalidInput("api must be 'auto', 'embed' or 'embeddings'.")
        self.model = model
        self.url = normalize_url(url)
        self.embedder_id = ollama_id(model, self.url)
        self.timeout = float(timeout)
        self.retries = int(retries)
        self.backoff = float(backoff)
        self.keep_alive = keep_alive
        self.dimensions = dimensions
        #: "embed" (/api/embed, batches) or "embeddings" (older servers: one text per call).
        self.api = "embed" if api == "auto" else api
        self._auto_api = api == "auto"
        self._lock = threading.Lock()
        self._pid = -1
        self._client: OllamaEmbeddings | None = None

    # ---- client -------------------------------------------------------------------
    @property
    def client(self) -> "OllamaEmbeddings":
        """The LangChain client, rebuilt in a forked child (sockets must not be shared)."""
        with self._lock:
            if self._client is None or self._pid != os.getpid():
                import httpx
                from langchain_ollama import OllamaEmbeddings

                timeout = httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0))
                self._client = OllamaEmbeddings(
                    model=self.model,
                    base_url=self.url,
                    keep_alive=self.keep_alive,
                    dimensions=self.dimensions,
                    client_kwargs={"timeout": timeout},
                )
                self._pid = os.getpid()
            return self._client

    # ---- errors and retries ---------------------------------------------------------
    def _translate(self, exc: BaseException) -> Exception:
        """Map a client failure to a Vetorbase error; `_Retry` marks transient ones."""
        import httpx
        from ollama import ResponseError

        where = public_url(self.url)
        if isinstance(exc, ResponseError):
            text = str(exc.error)
            if exc.status_code == 404 and "model" in text.lower() and "not found" in text.lower():
                return ModelNotFound(
                    f"The Ollama server at {where} does not have the model '{self.model}'"
                    f"{self._available_models()}. Download it with `ollama pull {self.model}`."
                )
            message = (
                f"The Ollama server at {where} answered HTTP {exc.status_code} for model "
                f"'{self.model}': {text}"
            )
            if exc.status_code >= 500 or exc.status_code == 429:
                return _Retry(EmbeddingError(message + ". See the Ollama server log."))
            return EmbeddingError(message)
        if isinstance(exc, ConnectionError) or isinstance(exc, httpx.ConnectError):
            return _Retry(
                EmbedderUnavailable(
                    f"Cannot reach the Ollama server at {where}. Start it with `ollama serve` "
                    "(or fix the server URL in the settings)."
                )
            )
        if isinstance(exc, httpx.TimeoutException):
            return _Retry(
                EmbedderUnavailable(
                    f"The Ollama server at {where} did not answer within {self.timeout:g} s "
                    f"(model '{self.model}'). It may be loading the model or overloaded; "
                    "try again or raise the timeout."
                )
            )
        if isinstance(exc, httpx.HTTPError):
            return _Retry(
                EmbedderUnavailable(f"The connection to the Ollama server at {where} failed: {exc}")
            )
        return EmbeddingError(f"Unexpected answer from the Ollama server at {where}: {exc!r}")

    def _available_models(self) -> str:
        """Best effort: list what the server has, so a typo in the model name is obvious."""
        try:
            listed = self.client._client.list()  # type: ignore[union-attr]
            names = [m.model for m in listed.models if m.model]
        except Exception:
            return ""
        return f" (it has: {', '.join(names)})" if names else " (it has no models yet)"

    def _is_missing_endpoint(self, exc: BaseException) -> bool:
        """Ollama before 0.3 has no /api/embed and answers a plain '404 page not found'."""
        from ollama import ResponseError

        return (
            isinstance(exc, ResponseError)
            and exc.status_code == 404
            and "page not found" in str(exc.error).lower()
        )

    def _with_retries(self, call: Any, cancel: CancelFlag | None) -> Any:
        attempt = 0
        while True:
            try:
                return call()
            except Exception as exc:  # every client failure goes through _translate
                if self._auto_api and self.api == "embed" and self._is_missing_endpoint(exc):
                    self.api = "embeddings"
                    continue
                error = self._translate(exc)
                if not isinstance(error, _Retry):
                    raise error from exc
                if attempt >= self.retries:
                    if self.retries:
                        error.error.args = (f"{error.error} (gave up after {attempt + 1} attempts)",)
                    raise error.error from exc
                sleep_unless_cancelled(self.backoff * (2**attempt), cancel)
                attempt += 1

    # ---- embedding --------------------------------------------------------------------
    def _embed_batch(self, texts: list[str], cancel: CancelFlag | None) -> list[list[float]]:
        def call() -> list[list[float]]:
            if self.api == "embed":
                return self.client.embed_documents(texts)
            raw = self.client._client
            assert raw is not None
            return [list(raw.embeddings(model=self.model, prompt=t)["embedding"]) for t in texts]

        return self._with_retries(call, cancel)

    def test_connection(self) -> int:
        """Embed a probe now (the server's model may have changed) and return its dimension."""
        self._dim = None
        return self.dim
