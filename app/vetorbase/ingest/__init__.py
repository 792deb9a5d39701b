"""Ingestion: files and folders in, chunks with vectors and metadata in the base out.

No Qt here: the window, the CLI and server-side workers all call `ingest()`.
"""

from vetorbase.ingest.loaders import MIME_TYPES, SUPPORTED_EXTENSIONS, Loaded, load_bytes
from vetorbase.ingest.pipeline import DEFAULT_MAX_FILE_MB, ingest, ingest_text
from vetorbase.ingest.report import STAGES, FileResult, IngestReport, Progress
from vetorbase.ingest.splitting import Piece, split_units
from vetorbase.ingest.units import TextUnit
from vetorbase.ingest.walk import expand_paths

__all__ = [
    "ingest",
    "ingest_text",
    "IngestReport",
    "FileResult",
    "Progress",
    "STAGES",
    "SUPPORTED_EXTENSIONS",
    "MIME_TYPES",
    "DEFAULT_MAX_FILE_MB",
    "load_bytes",
    "Loaded",
    "TextUnit",
    "split_units",
    "Piece",
    "expand_paths",
]
