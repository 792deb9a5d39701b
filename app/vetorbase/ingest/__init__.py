"""Ingestion: files and folders in, chunks with vectors and metadata in the base out.

No Qt here: the window, the CLI and server-side workers all call `ingest()`.
"""

from vetorbase.ingest.loaders import (
    MIME_TYPES,
    SUPPORTED_EXTENSIONS,
    Loaded,
    file_dialog_filter,
    load_bytes,
    supported_patterns,
)
from vetorbase.ingest.pipeline import DEFAULT_MAX_FILE_MB, ingest, ingest_text
from vetorbase.ingest.report import STAGES, FileResult, IngestReport, Progress
from vetorbase.ingest.splitting import Piece, split_units
from vetorbase.ingest.units import TextUnit
from vetorbase.ingest.walk import expand_paths

__all__ = [
    "DEFAULT_MAX_FILE_MB",
    "MIME_TYPES",
    "STAGES",
    "SUPPORTED_EXTENSIONS",
    "FileResult",
    "IngestReport",
    "Loaded",
    "Piece",
    "Progress",
    "TextUnit",
    "expand_paths",
    "file_dialog_filter",
    "ingest",
    "ingest_text",
    "load_bytes",
    "split_units",
    "supported_patterns",
]
