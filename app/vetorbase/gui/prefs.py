"""The window's preferences as a plain value (no Qt), so the worker thread can read them safely."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

LOCAL_EMBEDDER = "local"
OLLAMA_EMBEDDER = "ollama"


@dataclass(frozen=True)
class Preferences:
    """Embedder choice for new bases, chunking for ingestion, and recent bases."""

    embedder: str = LOCAL_EMBEDDER
    ollama_url: str = "http://127.0.0.1:11434"
    ollama_model: str = "nomic-embed-text"
    chunk_size: int = 1000
    chunk_overlap: int = 150
    recent_bases: tuple[str, ...] = field(default_factory=tuple)
    #: The search pane's mode: semantic, keyword or hybrid (store.hybrid.MODES).
    search_mode: str = "semantic"
    language: str = "system"  # "system", "en" or "pt_BR" (vetorbase.gui.i18n.LANGUAGES)
    max_file_mb: float = 10.0  # larger files are refused by ingestion, with this setting named

    def embedder_id(self) -> str:
        """The id `vetorbase.embeddings.get_embedder` understands for the chosen embedder."""
        from vetorbase.embeddings import DEFAULT_EMBEDDER_ID, ollama_id

        if self.embedder == OLLAMA_EMBEDDER:
            return ollama_id(self.ollama_model.strip(), self.ollama_url.strip())

        return DEFAULT_EMBEDDER_ID

    def with_recent(self, path: str, keep: int = 8) -> Preferences:
        recent = [path] + [p for p in self.recent_bases if p != path]
        return replace(self, recent_bases=tuple(recent[:keep]))

    def without_recent(self, path: str | None = None) -> Preferences:
        """Forget one recent base, or all of them when `path` is None."""
        return replace(self, recent_bases=tuple(p for p in self.recent_bases if path is not None and p != path))

