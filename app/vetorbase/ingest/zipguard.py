"""Checks a zip container (DOCX, XLSX, PPTX, ODF, EPUB) before any parser opens it.

Office parsers read whole parts into memory: a 1 MB .docx whose document.xml inflates
to 1 GiB took 2.2 GB of memory, a 3 MB one 10 GB. So before a parser sees the bytes:

1. the *declared* sizes are checked (sum of entries, and the ratio of each big entry),
   which refuses an honest bomb without inflating a byte;
2. every entry is then inflated once, streamed in 1 MiB pieces and counted, stopping
   as soon as the budget is spent: a zip whose headers lie is refused with memory
   bounded by one piece. Python's zipfile, which every parser used here reads through,
   never returns more than an entry's declared size, so after this pass the parser's
   reads are bounded by the checked declarations too.

The pass also catches truncated and damaged containers (bad CRC, cut streams) with a
message naming the format, and Office files saved with a password (those are not zips
but OLE compound files with an encrypted package inside).
"""

from __future__ import annotations

import io
import zipfile
import zlib

from vetorbase.errors import IngestError, PasswordProtected, UnsafeFile

#: First bytes of an OLE compound file: what Office writes for a password-protected
#: .docx/.xlsx/.pptx (and for the old .doc/.xls/.ppt formats).
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Inflated bytes allowed per allowed character of text: Office XML spends ~5-10 bytes
#: of markup per character; images in the package count too. Parsers that build a tree
#: (python-docx, python-pptx) take a few times the XML's size, so this also bounds them.
BYTES_PER_CHAR = 10
#: Never refuse below this, whatever the character limit (small limits in tests/API).
MIN_INFLATED = 64 * 1024 * 1024
#: An entry may inflate this many times its compressed size once it is big enough to
#: matter. Real Office XML compresses 5-50x; zlib's own maximum is ~1032x.
MAX_RATIO = 200
RATIO_FLOOR = 4 * 1024 * 1024
MAX_ENTRIES = 20_000
PIECE = 1024 * 1024


def inflated_limit(max_chars: int) -> int:
    """Bytes a container may inflate to, for a given limit on extracted characters."""
    return max(MIN_INFLATED, BYTES_PER_CHAR * max_chars)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MiB"


def _bomb(kind: str, what: str, limit: int) -> UnsafeFile:
    return UnsafeFile(
        f"refused {kind}: {what} (limit {_mb(limit)}); a small file that inflates this "
        "much is a decompression bomb or damaged. If it is a genuine document, raise "
        "max_file_mb or split it")


def check_zip(data: bytes, kind: str, *, max_inflated: int) -> None:
    """Raise a clear IngestError unless `data` is a zip that is safe to hand a parser."""
    if data[:8] == OLE_MAGIC:
        raise PasswordProtected(
            f"password-protected {kind} (or the old binary Office format): save it "
            "without a password (or as a current Office file) and add it again")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise IngestError(f"broken {kind}: not a readable zip container ({e}); the file "
                          f"is truncated, damaged, or not really a .{kind.lower()} file") from e
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise UnsafeFile(f"refused {kind}: {len(infos):,} entries in its zip "
                             f"container (limit {MAX_ENTRIES:,})")
        if any(info.flag_bits & 0x1 for info in infos):
            raise PasswordProtected(f"password-protected {kind}: its zip entries are "
                                    "encrypted; save it without a password and add it again")
        declared = sum(info.file_size for info in infos)
        if declared > max_inflated:
            raise _bomb(kind, f"it declares {_mb(declared)} once inflated", max_inflated)
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                raise UnsafeFile(
                    f"refused {kind}: entry {info.filename!r} inflates {ratio:,.0f} times "
                    f"(limit {MAX_RATIO}x for entries over {_mb(RATIO_FLOOR)}); "
                    "this is how decompression bombs are built")
        _inflate_counted(archive, infos, kind, max_inflated)


def _inflate_counted(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], kind: str,
                     budget: int) -> None:
    """Inflate every entry in pieces, counting; refuse as soon as the budget is spent."""
    left = budget
    for info in infos:
        try:
            with archive.open(info) as stream:
                while piece := stream.read(PIECE):
                    left -= len(piece)
                    if left < 0:
                        raise _bomb(kind, "it inflates past the limit", budget)
        except IngestError:
            raise
        except NotImplementedError as e:  # compression method zipfile cannot read
            raise IngestError(f"broken {kind}: {e}") from e
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as e:
            raise IngestError(f"broken {kind}: entry {info.filename!r} is damaged or "
                              f"truncated ({e})") from e
