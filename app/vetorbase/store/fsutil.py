"""Filesystem helpers: atomic publication, folder sizes, network filesystem refusal."""

from __future__ import annotations

import os
from pathlib import Path

from vetorbase.errors import NetworkFilesystem

#: Filesystems whose byte-range locks SQLite cannot rely on.
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p",
        "ceph", "glusterfs", "lustre", "gpfs", "davfs", "fuse.sshfs", "sshfs",
        "fuse.glusterfs", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "fuse.cephfs",
    }
)
ALLOW_NETWORK_ENV = "VETORBASE_ALLOW_NETWORK_FS"


def fsync_dir(path: Path) -> None:
    """Make a rename inside `path` durable (POSIX needs the directory fsynced)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(target: Path, data: bytes | memoryview) -> None:
    """Write `data` under a temporary name, fsync, rename over `target`, fsync the folder.

    A reader sees either no file or the whole file, and a crash leaves at most a
    `*.tmp-<pid>` file that the next publisher removes.
    """
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    fsync_dir(target.parent)


def file_bytes(path: Path) -> int:
    """Size of one file, 0 when it does not exist."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def folder_bytes(path: Path) -> int:
    """Bytes used by the files of a base folder (not following links)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass  # a snapshot pruned while we walked
    return total


def filesystem_type(path: Path, mounts_file: str = "/proc/mounts") -> str | None:
    """The type of the filesystem holding `path` (longest matching mount point)."""
    try:
        with open(mounts_file, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    real = os.path.realpath(path)
    best, best_type = "", None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = parts[1].replace("\\040", " ")
        if (real == mount or real.startswith(mount.rstrip("/") + "/")) and len(mount) >= len(best):
            best, best_type = mount, parts[2]
    return best_type


def refuse_network_filesystem(path: Path, mounts_file: str = "/proc/mounts") -> None:
    """Raise NetworkFilesystem when `path` lives on NFS/SMB/SSHFS and the like."""
    if os.environ.get(ALLOW_NETWORK_ENV) == "1":
        return
    fstype = filesystem_type(path, mounts_file)
    if fstype and fstype.lower() in NETWORK_FILESYSTEMS:
        raise NetworkFilesystem(
            f"{path} is on a network filesystem ({fstype}); SQLite's locking is not "
            "reliable there and concurrent writers could corrupt the base. Put the base "
            f"on a local disk (or set {ALLOW_NETWORK_ENV}=1 if exactly one machine "
            "ever opens it)."
        )
