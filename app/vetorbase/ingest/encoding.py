"""Turning a file's bytes into text: BOMs, UTF-8, legacy Western code pages, binaries.

charset-normalizer alone tends to call short Portuguese cp1252 text "cp1250" or
"cp1258" (they decode most bytes alike and score about the same), turning "ação" into
"açăo". So when its best guess reads as Latin-script text we decode with cp1252, the
legacy encoding our users' files actually come in; when it reads as another script
(Cyrillic, Greek...) its answer stands.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from vetorbase.errors import IngestError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "iso8859_1"}
_SAMPLE = 64 * 1024
#: C0 controls that real text files do contain.
_ALLOWED_CONTROLS = set("\t\n\r\f\v\x1b")


def looks_binary(data: bytes) -> bool:
    """NUL bytes near the start mean a binary file (images, archives, executables)."""
    return b"\x00" in data[:_SAMPLE]


def _too_many_controls(text: str) -> bool:
    sample = text[:_SAMPLE]
    if not sample:
        return False
    bad = sum(1 for c in sample if ord(c) < 32 and c not in _ALLOWED_CONTROLS)
    return bad / len(sample) > 0.02


def detect_encoding(data: bytes) -> str:
    """Name a codec that decodes `data`; raise IngestError for binary content."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if looks_binary(data):
        raise IngestError("binary content (NUL bytes), not a text file")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data[: 4 * _SAMPLE]))
    if not matches:
        raise IngestError("binary or undecodable content: no text encoding fits")
    best = matches[0]
    if _WESTERN & set(best.could_be_from_charset):
        return best.encoding
    if _latin_share(str(best)) >= 0.8:
        return "cp1252" if _decodes(data, "cp1252") else "latin_1"
    return best.encoding


def _latin_share(text: str) -> float:
    """Share of non-ASCII letters that are Latin script (1.0 when there are none)."""
    letters = [c for c in text if ord(c) > 127 and c.isalpha()]
    if not letters:
        return 1.0
    return sum("LATIN" in unicodedata.name(c, "") for c in letters) / len(letters)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding); never raises UnicodeError, only IngestError."""
    encoding = detect_encoding(data)
    # A sample-based guess may still meet a bad byte further on: replace, don't crash.
    text = data.decode(encoding, errors="replace")
    text = text.removeprefix("\ufeff")
    if _too_many_controls(text):
        raise IngestError("binary content (control characters), not a text file")
    return text, encoding
