"""`vetorbase duplicates` and `vetorbase add --skip-duplicates`, as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from corpus.duplicates import build_duplicate_corpus


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "VETORBASE_BASE"} | env
    return subprocess.run([sys.executable, "-m", "vetorbase", *args], check=False, capture_output=True,
                          text=True, env=full, timeout=300)


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory):
    """The planted corpus added with `vetorbase add --skip-duplicates --json`, then the copies
    added without the flag (so the base holds them)."""
    root = tmp_path_factory.mktemp("clidups")
    env = {"XDG_CACHE_HOME": str(root / "cache"), "XDG_DATA_HOME": str(root / "data")}
    planted = build_duplicate_corpus(root / "corpus")
    base = root / "base"
    first = run_cli("add", str(planted.folder), "--base", str(base), "--skip-duplicates", "--json", env=env)
    assert first.returncode == 0, first.stderr
    second = run_cli("add", str(planted.folder), "--base", str(base), env=env)
    assert second.returncode == 0, second.stderr
    return planted, base, env, json.loads(first.stdout), second.stdout


def test_add_skip_duplicates_json_and_the_text_report_of_copies_added(added):
    planted, _base, _env, report, text = added
    assert report["counts"]["skipped"] == 3 and report["duplicates"] == 3
    assert report["counts"]["added"] == planted.files - 3
    for res in report["skipped"]:
        assert res["reason"] == f"duplicate of {res['duplicate_of']} (same sha256)"
        assert any(res["path"] in g and res["duplicate_of"] in g for g in planted.exact)
    # the second run adds the 3 copies anyway, and says of what
    assert "3 added, 0 replaced" in text and "3 duplicates" in text
    assert text.count("(same content as ") == 3


def test_duplicates_json_lists_the_planted_groups(added):
    planted, base, env, _report, _text = added
    out = run_cli("duplicates", "--base", str(base), "--json", env=env)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"near", "min_share", "documents", "chunks", "exact_groups", "near_groups",
                         "redundant_documents", "seconds", "groups"}
    assert (data["near"], data["min_share"]) == (0.97, 0.8)
    assert (data["exact_groups"], data["near_groups"], data["redundant_documents"]) == (2, 2, 5)
    assert data["documents"] == planted.files
    exact = sorted(sorted(d["source"] for d in g["documents"]) for g in data["groups"] if g["kind"] == "exact")
    near = sorted(sorted(d["source"] for d in g["documents"]) for g in data["groups"] if g["kind"] == "near")
    assert exact == sorted(sorted(g) for g in planted.exact)
    assert near == sorted(sorted(g) for g in planted.near)
    group = data["groups"][0]
    assert set(group) == {"kind", "similarity", "shared", "key", "chunks", "documents"}
    assert group["chunks"] == sum(d["chunks"] for d in group["documents"])
    assert {"id", "source", "chunks", "sha256"} <= set(group["documents"][0])


def test_duplicates_text_threshold_and_bad_values(added):
    _planted, base, env, _report, _text = added
    text = run_cli("duplicates", "--base", str(base), env=env)
    assert text.returncode == 0
    assert text.stdout.count("exact copies (") == 2 and text.stdout.count("near copies (") == 2
    assert "4 groups (2 exact, 2 near): 5 documents could go, keeping one of each" in text.stdout
    exact_only = json.loads(run_cli("duplicates", "--base", str(base), "--exact-only", "--json", env=env).stdout)
    assert (exact_only["near"], exact_only["exact_groups"], exact_only["near_groups"]) == (None, 2, 0)
    strict = json.loads(run_cli("duplicates", "--base", str(base), "--near", "0.9999", "--json", env=env).stdout)
    assert (strict["near"], strict["near_groups"]) == (0.9999, 0)
    for bad in ("1.5", "0", "-1"):
        res = run_cli("duplicates", "--base", str(base), "--near", bad, env=env)
        assert res.returncode == 2 and "--near is a cosine" in res.stderr
    res = run_cli("duplicates", "--base", str(base / "missing"), env=env)
    assert res.returncode == 3 and str(base / "missing") in res.stderr


def test_duplicates_in_the_help(tmp_path: Path):
    out = run_cli("duplicates", "--help", env={})
    assert out.returncode == 0 and "--near T" in out.stdout and "--json" in out.stdout
