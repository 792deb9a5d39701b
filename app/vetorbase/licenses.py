"""Version and license of every component Vetorbase ships (no Qt).

The About dialog and the PyInstaller spec both use this list: the spec copies the
metadata of exactly these distributions into the bundle, so the frozen program reads
the same table at run time from `importlib.metadata` instead of a list that drifts.
"""

from __future__ import annotations

import json
import platform
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

#: The distribution whose runtime requirements define what is bundled.
ROOT_DISTRIBUTION = "vetorbase"
#: Written into the frozen bundle by the spec (PyInstaller and Qt versions at build time).
BUILD_INFO_NAME = "vetorbase_build.json"

_CLASSIFIER_PREFIX = "License :: "
# Classifier tails that are too vague to show on their own.
_VAGUE = {"OSI Approved", "Other/Proprietary License"}


@dataclass(frozen=True)
class Component:
    """One row of the About dialog's table."""

    name: str
    version: str
    license: str


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(spec: str) -> tuple[str, str]:
    """Split a requirement string into (name, marker) without needing `packaging`."""
    req, _, marker = spec.partition(";")
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
    return (name.group(1) if name else req.strip()), marker.strip()


def _marker_applies(marker: str) -> bool:
    """True for unconditional requirements and markers true on this platform.

    Extras are never followed: the desktop program ships only the core requirements.
    """
    if not marker:
        return True
    if "extra" in marker:
        return False
    try:
        from packaging.markers import Marker
    except ImportError:  # no evaluator: include it; a missing dist is skipped later
        return True
    try:
        return bool(Marker(marker).evaluate())
    except Exception:  # an unparseable marker must not break the About dialog
        return True


def runtime_distributions(root: str = ROOT_DISTRIBUTION) -> list[str]:
    """Names of `root` and every installed distribution it needs at run time."""
    seen: dict[str, str] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        key = _normalize(name)
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = dist.metadata["Name"] or name
        for spec in dist.requires or []:
            dep, marker = _requirement_name(spec)
            if _marker_applies(marker) and _normalize(dep) not in seen:
                todo.append(dep)
    return sorted(seen.values(), key=str.lower)


def license_of(dist: metadata.Distribution) -> str:
    """The shortest honest license statement a distribution's metadata offers."""
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    classifiers = [
        c[len(_CLASSIFIER_PREFIX):].split(" :: ")[-1]
        for c in meta.get_all("Classifier") or []
        if c.startswith(_CLASSIFIER_PREFIX)
    ]
    classifiers = [c for c in classifiers if c not in _VAGUE]
    text = (meta.get("License") or "").strip()
    # Some projects paste the whole license text into License: keep it only if short.
    if text and "\n" not in text and len(text) <= 60 and text.upper() != "UNKNOWN":
        return text
    if classifiers:
        return " / ".join(dict.fromkeys(classifiers))
    if text and text.upper() != "UNKNOWN":
        first = text.splitlines()[0].strip()
        return first[:60] + ("…" if len(first) > 60 else "")
    return "see project"


def build_info() -> dict:
    """What the spec recorded at build time; empty when running from source."""
    base = getattr(sys, "_MEIPASS", None)
    if not base:
        return {}
    try:
        return json.loads((Path(base) / BUILD_INFO_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def components(root: str = ROOT_DISTRIBUTION) -> list[Component]:
    """Python, the frozen bootloader (if any) and every runtime distribution."""
    rows = [Component("Python", platform.python_version(), "PSF-2.0")]
    info = build_info()
    if info.get("pyinstaller"):
        rows.append(
            Component(
                "PyInstaller bootloader",
                str(info["pyinstaller"]),
                "GPL-2.0-or-later WITH Bootloader-exception",
            )
        )
    for name in runtime_distributions(root):
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        rows.append(Component(dist.metadata["Name"] or name, dist.version, license_of(dist)))
    return rows


def app_version() -> str:
    """The running Vetorbase version, from metadata with the package as fallback."""
    try:
        return metadata.version(ROOT_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        from vetorbase import __version__

        return __version__


if __name__ == "__main__":  # a quick look from a terminal or a frozen build
    for row in components():
        print(f"{row.name:40} {row.version:14} {row.license}")
