"""Memory of other processes, as Linux accounts it, for the shared-memory test and benchmark.

PSS (proportional set size) splits every shared page between the processes that map
it, so the PSS of N processes adds up to what they really cost together: N private
copies of an index count N times, one page-cache-backed mapping counts once.
"""

from __future__ import annotations

import os

KIB = 1024


def smaps_rollup(pid: int) -> dict[str, int]:
    """The kB fields of /proc/<pid>/smaps_rollup (Pss, Pss_Anon, Pss_File, Rss, ...), in bytes."""
    out: dict[str, int] = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                out[parts[0].rstrip(":")] = int(parts[1]) * KIB
    return out


def pss_bytes(pid: int) -> int:
    """The `Pss:` line of /proc/<pid>/smaps_rollup, in bytes."""
    return smaps_rollup(pid)["Pss"]


def status_bytes(pid: int | None = None) -> dict[str, int]:
    """The kB fields of /proc/<pid>/status (VmHWM, VmRSS, RssAnon, RssFile, ...), in bytes."""
    out: dict[str, int] = {}
    with open(f"/proc/{pid or os.getpid()}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            parts = rest.split()
            if len(parts) == 2 and parts[1] == "kB":
                out[key] = int(parts[0]) * KIB
    return out


def mem_available() -> int:
    """MemAvailable from /proc/meminfo, in bytes: what can still be allocated without swapping."""
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * KIB
    raise RuntimeError("/proc/meminfo has no MemAvailable line")
