"""One error hierarchy for the whole library.

Messages name what failed and what to do; the CLI and the window turn these into
user-facing text, everything else only raises them.
"""

from __future__ import annotations


class VetorbaseError(Exception):
    """Base of every error Vetorbase raises on purpose."""

    #: True when the same call may succeed if simply tried again later.
    retryable: bool = False


class NotABase(VetorbaseError):
    """The folder holds no Vetorbase base (and `create` was not asked for)."""


class CorruptBase(VetorbaseError):
    """A file of the base is damaged beyond what Vetorbase repairs by itself."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class ReadOnlyBase(VetorbaseError):
    """A write was attempted on a base opened read-only or in a read-only folder."""


class LockTimeout(VetorbaseError):
    """Another process held the base's write lock for longer than the timeout."""

    retryable = True


class EmbedderMismatch(VetorbaseError):
    """The base was built with another embedder or dimension than the one offered."""


class DimensionMismatch(EmbedderMismatch):
    """Vectors of the wrong dimension were offered to a base."""


class InvalidInput(VetorbaseError):
    """Arguments that can never be stored: NaN vectors, empty texts, bad filters."""


class TrashConflict(InvalidInput):
    """A removed document cannot come back because its source was added again meanwhile."""

    def __init__(self, message: str, sources: list[str] | None = None) -> None:
        super().__init__(message)
        self.sources = list(sources or [])


class NetworkFilesystem(VetorbaseError):
    """The base folder is on NFS/SMB/SSHFS, where SQLite locking is not reliable."""


class SchemaTooNew(VetorbaseError):
    """The base was written by a newer Vetorbase than this one."""


class ConnectionFailed(VetorbaseError):
    """A base's PostgreSQL server could not be used; the message never holds a password."""


class ServerUnavailable(ConnectionFailed):
    """The server is down, unreachable or went away mid-call; nothing half-written.

    Retry when it is back: a write that failed before COMMIT left nothing, and the
    message says when the outcome of a COMMIT itself is unknown.
    """

    retryable = True


class WriteConflict(VetorbaseError):
    """The database rolled a call back because it conflicted with another transaction
    (a serialization failure or a deadlock); nothing was written, and trying again works."""

    retryable = True


class AuthenticationFailed(ConnectionFailed):
    """The server refused the user or password (retrying the same ones cannot help)."""


class DiskFull(VetorbaseError):
    """The disk holding the base is full; nothing was committed by the failed call."""


class EmbeddingError(VetorbaseError):
    """The embedder failed (server down, model missing, bad answer)."""


class EmbedderUnavailable(EmbeddingError):
    """The embedding server cannot be reached; retry when it runs."""

    retryable = True


class ModelNotFound(EmbeddingError):
    """The embedding server runs but lacks the model (say which `ollama pull`)."""


class IngestError(VetorbaseError):
    """A file could not be loaded (unsupported type, unreadable, broken)."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class UnsupportedFileType(IngestError):
    """No loader handles this file extension."""


class LossyIndex(IngestError):
    """A FAISS index keeps only compressed codes (PQ, SQ, LSH...): its vectors are gone."""


class UnsafePickle(VetorbaseError):
    """A LangChain `index.pkl` referenced something other than plain data."""


class ReembedConflict(VetorbaseError):
    """Another process started moving the base to a different embedder, or discarded
    the move this run was staging; nothing of the base itself changed."""


class Cancelled(VetorbaseError):
    """The user cancelled a long operation; nothing half-done was committed."""


class PasswordProtected(IngestError):
    """The file is encrypted (a PDF, or an Office file saved with a password)."""


class UnsafeFile(IngestError):
    """Reading the file would exhaust memory or time: a decompression bomb, a giant page."""


class OcrUnavailable(IngestError):
    """A page must be read by OCR but Tesseract (or one of its languages) is missing.

    The file is refused rather than stored without the scanned pages' text: an
    incomplete document would later be skipped as unchanged (same sha256).
    """
