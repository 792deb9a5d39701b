"""Reading one file to ingest without hanging on whatever the path turned into.

Between listing a folder and opening a file, the file may be swapped for a named pipe
(FIFO), a device or a folder. A plain `open()` of a FIFO waits for a writer forever,
which would hang a whole ingestion (or a Django-Q worker). So the file is opened with
`O_NONBLOCK` (opening never waits), and what was actually opened is checked with
`fstat` on the descriptor, not on the name, before a byte is read: its type, and that
it is still the file the listing saw.
"""

from __future__ import annotations

import errno
import os
import stat

from vetorbase.errors import IngestError

MB = 1024 * 1024

_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
          | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _not_regular(path: str, what: str) -> IngestError:
    return IngestError(f"not a regular file ({what}); only ordinary files can be ingested",
                       path)


def read_limited(path: str, limit: int, identity: tuple[int, int] | None = None) -> bytes:
    """The bytes of the regular file at `path` (at most `limit`), or IngestError saying why not.

    With `identity` (device, inode) from the folder listing, a file replaced since (by
    a link to a file outside the folder, say) is refused rather than read.
    """
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError as e:
        raise IngestError("file vanished before it could be read", path) from e
    except PermissionError as e:
        raise IngestError("cannot read: permission denied", path) from e
    except OSError as e:
        if e.errno == errno.ENXIO:  # a socket, or a device without a driver
            raise _not_regular(path, "a socket or device") from e
        raise IngestError(f"cannot read: {e.strerror or e}", path) from e
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(path, _kind(st.st_mode))
        if identity is not None and (st.st_dev, st.st_ino) != identity:
            raise IngestError("the file was replaced between listing the folder and "
                              "reading it; add it again", path)
        if st.st_size > limit:
            raise IngestError(
                f"too large: {st.st_size / MB:.1f} MB (limit {limit / MB:g} MB for this "
                "file type; raise max_file_mb to ingest it)", path)
        with os.fdopen(fd, "rb", closefd=True) as f:
            fd = -1  # owned by `f` now
            data = f.read(limit + 1)  # the file may have grown since fstat()
    except OSError as e:
        raise IngestError(f"cannot read: {e.strerror or e}", path) from e
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise IngestError(f"too large: grew past {limit / MB:g} MB while being read", path)
    return data
