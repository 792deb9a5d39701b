"""Build the Vetorbase desktop program: icons, PyInstaller bundle, `.deb` and `.tar.gz`.

    python build_spec/build.py            # reuse an up-to-date bundle, rebuild installers
    python build_spec/build.py --force    # rebuild everything

Outputs in `dist/`: `vetorbase/` (the one-folder bundle), `vetorbase_<ver>_<arch>.deb`,
`vetorbase-<ver>-linux-<arch>.tar.gz` and `sizes.json`. Icon PNGs are rendered here from
`resources/vetorbase.svg` with QtSvg (never committed). Windows and macOS installers
are described in `build_spec/windows/vetorbase.iss` and `build_spec/macos/README.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "build_spec" / "vetorbase.spec"
DIST = REPO / "dist"
WORK = REPO / "build" / "pyinstaller"
STAGE = WORK / "vetorbase"  # PyInstaller's workpath for this spec; the spec reads icons here
ICON_SVG = REPO / "resources" / "vetorbase.svg"
DESKTOP = REPO / "resources" / "vetorbase.desktop"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
BUNDLE_NAME = "vetorbase"
INSTALL_DIR = "opt/vetorbase"

# Shared libraries the bundle leaves to the system (PyInstaller never ships libc, GL
# or libxcb), mapped to Debian packages. deb_depends() reads the bundle's ELF files, so a
# new system dependency shows up as an "unmapped" warning instead of a silent breakage.
SONAME_PACKAGES = {
    "libc.so.6": "libc6", "libm.so.6": "libc6", "libdl.so.2": "libc6", "librt.so.1": "libc6",
    "libpthread.so.0": "libc6", "libresolv.so.2": "libc6", "ld-linux-x86-64.so.2": "libc6",
    "ld-linux-aarch64.so.1": "libc6", "libutil.so.1": "libc6",
    "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libxcb.so.1": "libxcb1",
    "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-keysyms.so.1": "libxcb-keysyms1",
}
# Needed only by the Wayland platform plugin; Qt falls back to X11 (XWayland) without them.
SONAME_RECOMMENDS = {
    "libwayland-client.so.0": "libwayland-client0", "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}
# Programs the bundle runs rather than links: OCR of scanned PDFs and images calls the
# system's Tesseract with its Portuguese and English data. Recommends, not Depends:
# everything else works without it, a file that needs OCR then fails alone with a
# message saying what to install, and apt installs Recommends by default, so a plain
# `apt install ./vetorbase_*.deb` gets OCR while a minimal or offline install may skip it.
PROGRAM_RECOMMENDS = ("tesseract-ocr", "tesseract-ocr-por", "tesseract-ocr-eng")


def _is_elf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


def _elf_files(bundle: Path) -> list[Path]:
    return [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()
            and (".so" in p.name or p.parent == bundle) and _is_elf(p)]


def deb_depends(bundle: Path) -> tuple[str, str]:
    """Depends/Recommends from the sonames the bundle needs but does not carry."""
    import re

    shipped = {p.name for p in bundle.rglob("*")}
    needed: set[str] = set()
    glibc = (2, 17)
    for path in _elf_files(bundle):
        out = subprocess.run(["readelf", "-d", "-V", "-W", str(path)], capture_output=True, text=True).stdout
        needed.update(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))
        for major, minor in re.findall(r"Name: GLIBC_(\d+)\.(\d+)", out):
            glibc = max(glibc, (int(major), int(minor)))
    missing = needed - shipped
    unmapped = sorted(missing - SONAME_PACKAGES.keys() - SONAME_RECOMMENDS.keys())
    if unmapped:
        log(f"warning: system libraries with no package mapping: {', '.join(unmapped)}")
    depends = {SONAME_PACKAGES[s] for s in missing if s in SONAME_PACKAGES} - {"libc6"}
    recommends = {SONAME_RECOMMENDS[s] for s in missing if s in SONAME_RECOMMENDS} | set(PROGRAM_RECOMMENDS)
    libc = f"libc6 (>= {glibc[0]}.{glibc[1]})"
    return ", ".join([libc, *sorted(depends)]), ", ".join(sorted(recommends))


# Maintainer scripts honour $DPKG_ROOT (dpkg --root/--instdir with chrootless scripts),
# which is how the test installs and removes the package without touching the system.
POSTINST = """#!/bin/sh
set -e
if [ "$1" = "configure" ]; then
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DPKG_ROOT/usr/share/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t -f "$DPKG_ROOT/usr/share/icons/hicolor" || true
fi
exit 0
"""
POSTRM = """#!/bin/sh
set -e
if [ "$1" = "remove" ] || [ "$1" = "purge" ]; then
    # Anything created next to the bundle at run time is not in dpkg's file list.
    rm -rf "$DPKG_ROOT/opt/vetorbase"
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DPKG_ROOT/usr/share/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t -f "$DPKG_ROOT/usr/share/icons/hicolor" || true
fi
exit 0
"""


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def version() -> str:
    """The project version, from pyproject.toml (the single source of truth)."""
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]["version"]


def deb_arch() -> str:
    """Debian architecture name of this machine (amd64, arm64, ...)."""
    try:
        return subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def build_inputs() -> list[Path]:
    """Every file whose change makes the bundle stale."""
    roots = [REPO / "app", REPO / "resources"]
    files = [p for r in roots for p in r.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    # Only what shapes the Linux bundle; the Windows/macOS notes do not.
    return files + list((REPO / "build_spec").glob("*.py")) + [SPEC, REPO / "pyproject.toml"]


def bundle_is_current() -> bool:
    """True when the bundle exists and is newer than every input (keeps reruns fast)."""
    stamp = DIST / BUNDLE_NAME / ".build-stamp"
    if not stamp.exists():
        return False
    built = stamp.stat().st_mtime
    return all(p.stat().st_mtime < built for p in build_inputs())


def render_icons(out: Path) -> dict[int, Path]:
    """Render the SVG to hicolor PNGs with QtSvg, offscreen (no display needed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(["vetorbase-build"])  # noqa: F841
    renderer = QSvgRenderer(str(ICON_SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot render {ICON_SVG}: invalid SVG")
    rendered: dict[int, Path] = {}
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        path = out / f"{size}x{size}" / "apps" / "vetorbase.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"cannot write {path}")
        rendered[size] = path
    return rendered


def platform_icon(pngs: dict[int, Path]) -> None:
    """Windows .ico / macOS .icns for the executable (Pillow / iconutil; not needed on Linux)."""
    if sys.platform == "win32":
        from PIL import Image  # build-time only, Windows builders: pip install pillow

        Image.open(pngs[256]).save(STAGE / "vetorbase.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    elif sys.platform == "darwin":
        iconset = STAGE / "vetorbase.iconset"
        iconset.mkdir(parents=True, exist_ok=True)
        for size in (16, 32, 128, 256, 512):
            shutil.copy(pngs[size], iconset / f"icon_{size}x{size}.png")
            if size * 2 in pngs:
                shutil.copy(pngs[size * 2], iconset / f"icon_{size}x{size}@2x.png")
        subprocess.run(["iconutil", "-c", "icns", str(iconset), "-o", str(STAGE / "vetorbase.icns")], check=True)


def run_pyinstaller() -> None:
    """One-folder build from the spec; PyInstaller's cache in build/ speeds up rebuilds."""
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]
    log(" ".join(cmd))
    subprocess.run(cmd, check=True, cwd=REPO)
    (DIST / BUNDLE_NAME / ".build-stamp").write_text(time.strftime("%Y-%m-%dT%H:%M:%S"))


def tree_size(path: Path) -> int:
    """Bytes of regular files under path (symlinks not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def installer_is_current(path: Path) -> bool:
    """True when an installer was made from the current bundle."""
    stamp = DIST / BUNDLE_NAME / ".build-stamp"
    return path.exists() and stamp.exists() and path.stat().st_mtime > stamp.stat().st_mtime


def deb_path(ver: str, arch: str) -> Path:
    return DIST / f"vetorbase_{ver}_{arch}.deb"


def tarball_path(ver: str, arch: str) -> Path:
    return DIST / f"vetorbase-{ver}-linux-{arch}.tar.gz"


def stage_deb(pngs: dict[int, Path], ver: str, arch: str) -> Path:
    """Assemble the package tree (bundle in /opt, launcher, menu entry, icons, scripts)."""
    root = WORK.parent / "deb-root"
    shutil.rmtree(root, ignore_errors=True)
    bundle = DIST / BUNDLE_NAME
    shutil.copytree(bundle, root / INSTALL_DIR, symlinks=True,
                    ignore=shutil.ignore_patterns(".build-stamp", "__pycache__"))
    bindir = root / "usr" / "bin"
    bindir.mkdir(parents=True)
    # Relative, so the launcher also works from a `dpkg-deb -x` tree (how the test runs it).
    (bindir / "vetorbase").symlink_to(Path("../..") / INSTALL_DIR / "vetorbase")
    share = root / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy(DESKTOP, share / "applications" / "vetorbase.desktop")
    for size, png in pngs.items():
        dest = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "vetorbase.png"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(png, dest)
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy(ICON_SVG, scalable / "vetorbase.svg")
    doc = share / "doc" / "vetorbase"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Vetorbase is distributed under the MIT license.\n"
        "Bundled components and their licenses: Help > About in the program,\n"
        "or run: /opt/vetorbase/vetorbase --selftest (prints the version).\n"
    )
    for path in root.rglob("*"):  # dpkg wants sane modes whatever the umask was
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)

    depends, recommends = deb_depends(bundle)
    log(f"Depends: {depends}")
    control = root / "DEBIAN"
    control.mkdir()
    installed_kib = (tree_size(root) + 1023) // 1024
    (control / "control").write_text(
        f"Package: vetorbase\nVersion: {ver}\nArchitecture: {arch}\n"
        "Maintainer: Vetorbase developers <vetorbase@localhost>\n"
        f"Installed-Size: {installed_kib}\nSection: utils\nPriority: optional\n"
        f"Depends: {depends}\n" + (f"Recommends: {recommends}\n" if recommends else "") +
        "Description: shared FAISS document vector base (desktop program)\n"
        " Add, search and remove documents in a crash-safe FAISS vector base that the\n"
        " desktop window and server-side workers share. Bundles its own Python, Qt and\n"
        " the offline multilingual sentence encoder.\n"
    )
    for name, text in (("postinst", POSTINST), ("postrm", POSTRM)):
        (control / name).write_text(text)
        (control / name).chmod(0o755)

    return root


def start_deb(root: Path, deb: Path) -> subprocess.Popen:
    """Start dpkg-deb in the background (root-owned files, xz payload).

    xz preset 3: measured on this bundle, 7% larger than preset 6 (108 vs 101 MB) for a
    quarter of the time, which keeps a clean CI build within a few minutes on 2 cores.
    """
    log(f"dpkg-deb -> {deb.name.removesuffix('.partial')}")
    return subprocess.Popen(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "-z3", "--build", str(root), str(deb)],
        stdout=subprocess.DEVNULL,
    )


def build_tarball(ver: str, arch: str) -> Path:
    """The bundle plus icons and .desktop under one top folder, for any distribution."""
    out = tarball_path(ver, arch)
    top = f"vetorbase-{ver}"
    log(f"tar.gz -> {out.name}")

    def clean(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
        if "__pycache__" in info.name or info.name.endswith(".build-stamp"):
            return None
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    partial = out.with_suffix(".partial")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        tar.add(DIST / BUNDLE_NAME, arcname=top, filter=clean)
        tar.add(DESKTOP, arcname=f"{top}/share/vetorbase.desktop", filter=clean)
        tar.add(ICON_SVG, arcname=f"{top}/share/vetorbase.svg", filter=clean)
    partial.replace(out)  # a killed build never leaves a truncated tarball that looks current
    return out


def build_installers(pngs: dict[int, Path], ver: str, arch: str, force: bool) -> tuple[Path, Path]:
    """The .deb and the .tar.gz, compressed in parallel (one core each)."""
    deb, tarball = deb_path(ver, arch), tarball_path(ver, arch)
    job, root = None, None
    if force or not installer_is_current(deb):
        root = stage_deb(pngs, ver, arch)
        deb.unlink(missing_ok=True)
        job = start_deb(root, deb.with_name(deb.name + ".partial"))
    if force or not installer_is_current(tarball):
        build_tarball(ver, arch)
    if job is not None:
        if job.wait() != 0:
            raise SystemExit(f"dpkg-deb failed with exit code {job.returncode}")
        deb.with_name(deb.name + ".partial").replace(deb)
        shutil.rmtree(root)
    return deb, tarball


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild the bundle even if current")
    parser.add_argument("--bundle-only", action="store_true", help="skip the installers")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    ver, arch = version(), deb_arch()
    STAGE.mkdir(parents=True, exist_ok=True)
    pngs = render_icons(WORK.parent / "icons" / "hicolor")
    log(f"rendered {len(pngs)} icon sizes from {ICON_SVG.name}")
    rebuilt = args.force or not bundle_is_current()
    if rebuilt:
        platform_icon(pngs)
        run_pyinstaller()
    else:
        log("bundle is newer than every source: reusing dist/vetorbase")
    sizes: dict[str, int] = {"bundle_bytes": tree_size(DIST / BUNDLE_NAME)}
    if not args.bundle_only and sys.platform.startswith("linux"):
        deb, tarball = build_installers(pngs, ver, arch, force=rebuilt)
        sizes.update(deb=deb.name, deb_bytes=deb.stat().st_size,
                     targz=tarball.name, targz_bytes=tarball.stat().st_size)
    sizes["seconds"] = round(time.perf_counter() - started, 1)
    (DIST / "sizes.json").write_text(json.dumps(sizes, indent=1))
    for key, value in sizes.items():
        shown = f"{value / 1e6:.1f} MB" if key.endswith("_bytes") else value
        log(f"{key}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
