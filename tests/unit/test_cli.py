"""The command line: help texts, filter parsing, exit codes, main flows as real processes."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from vetorbase import cli
from vetorbase.clihelp import parse_value, parse_where
from vetorbase.errors import InvalidInput

PT = ("O contrato de locação do apartamento vence em março. O inquilino paga o aluguel "
      "até o quinto dia útil de cada mês e a multa por atraso é de dez por cento.")
EN = ("The volcano erupted at dawn, covering the village in ash. Geologists measured the "
      "lava flow and warned about more eruptions in the coming weeks.")
COOK = ("Para fazer pão caseiro, misture farinha, água, fermento e sal. Sove a massa por dez "
        "minutos e deixe crescer por uma hora antes de assar no forno.")


def run_cli(*args: str, env_extra: dict[str, str] | None = None, stdin: str | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "VETORBASE_BASE"}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "vetorbase", *args], check=False,
                          capture_output=True,
                          text=True, env=env, input=stdin, timeout=120, cwd=cwd)


@pytest.fixture
def cache_env(tmp_path: Path) -> dict[str, str]:
    """Keep the per-user embedding cache inside the test's folder."""
    return {"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data")}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "aluguel.txt").write_text(PT, encoding="utf-8")
    (folder / "volcano.md").write_text(EN, encoding="utf-8")
    (folder / "sub" / "pao.txt").write_text(COOK, encoding="utf-8")
    return folder


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def test_every_command_and_option_has_help_text() -> None:
    parser = cli.build_parser()
    subs = _subparsers(parser)
    expected = {"add", "search", "remove", "list", "stats", "check", "compact",
                "import-langchain", "export-langchain"}
    assert expected <= set(subs)
    assert set(subs) == set(cli.COMMANDS)
    for name, sub in subs.items():
        assert sub.description and len(sub.description) > 10, name
        for action in sub._actions:
            assert action.help and action.help != argparse.SUPPRESS, (name, action.dest)
        text = sub.format_help()
        assert "--base" in text and "--json" in text, name
    main_help = parser.format_help()
    for name in expected:
        assert name in main_help


def test_help_and_version_as_a_process() -> None:
    out = run_cli("--help")
    assert out.returncode == 0 and "import-langchain" in out.stdout and "Exit codes" in out.stdout
    out = run_cli("--version")
    assert out.returncode == 0 and out.stdout.startswith("vetorbase ")
    out = run_cli("search", "--help")
    assert out.returncode == 0 and "--where" in out.stdout and "JSON" in out.stdout


def test_where_values_numbers_booleans_and_forced_text() -> None:
    assert parse_value("3") == 3 and parse_value("2.5") == 2.5 and parse_value("true") is True
    assert parse_value('"3"') == "3" and parse_value("a.pdf") == "a.pdf"
    assert parse_value("[1,2]") == "[1,2]"  # only scalars are parsed
    assert parse_where(["page=3", "source=/a/b.pdf"]) == {"page": 3, "source": "/a/b.pdf"}
    assert parse_where(["lang=pt", "lang=en"]) == {"lang": {"$in": ["pt", "en"]}}
    assert parse_where(["source^=/docs/"]) == {"source": {"$prefix": "/docs/"}}
    assert parse_where(["note=a=b"]) == {"note": "a=b"}
    assert parse_where(None) is None
    for bad in (["nokey"], ["=x"], ["a^="]):
        with pytest.raises(InvalidInput):
            parse_where(bad)


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        cli.main(["search"])  # missing QUERY
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        cli.main(["remove", "--base", str(tmp_path)])  # nothing to remove
    assert e.value.code == 2
    assert "--where" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        cli.main(["frobnicate"])
    assert e.value.code == 2


def test_missing_base_is_a_user_error_exit_3(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["stats"], ["search", "x"], ["list"], ["check"], ["compact"], ["history"],
                 ["remove", "--where", "a=b", "--yes"], ["export-langchain", "o"]):
        assert cli.main([*argv, "--base", str(tmp_path / "none")]) == 3, argv
        err = capsys.readouterr().err
        assert f"no Vetorbase base at {tmp_path / 'none'}" in err and "vetorbase add" in err
        assert "Traceback" not in err
    assert not (tmp_path / "none").exists()


def test_main_flows_as_real_processes(tmp_path: Path, corpus: Path,
                                      cache_env: dict[str, str]) -> None:
    base = tmp_path / "base"
    out = run_cli("add", str(corpus), "--base", str(base), "--json", env_extra=cache_env)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert len(report["added"]) == 3 and not report["failed"]

    again = run_cli("add", str(corpus), "--base", str(base), env_extra=cache_env)
    assert again.returncode == 0 and "3 skipped" in again.stdout

    out = run_cli("--base", str(base), "search", "quando vence o contrato de aluguel?",
                  "-k", "2", "--json", env_extra=cache_env)
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert len(hits) == 2 and hits[0]["source"].endswith("aluguel.txt")
    assert hits[0]["score"] >= hits[1]["score"]

    out = run_cli("search", "volcanic ash", "--base", str(base), env_extra=cache_env)
    assert out.returncode == 0 and out.stdout.splitlines()[0].endswith("volcano.md")

    sub = str((corpus / "sub").resolve()) + "/"
    out = run_cli("search", "volcanic ash", "--base", str(base), "--json",
                  "--where", f"source^={sub}", env_extra=cache_env)
    assert [h["source"] for h in json.loads(out.stdout)] == [str(corpus.resolve() / "sub" /
                                                                "pao.txt")]

    out = run_cli("list", "--base", str(base), "--json", "--sort", "name", "--asc")
    listing = json.loads(out.stdout)
    assert listing["total"] == 3
    assert [d["name"] for d in listing["documents"]] == ["aluguel.txt", "pao.txt", "volcano.md"]
    out = run_cli("list", "--base", str(base), "--limit", "1", "--page", "2", "--sort", "name",
                  "--asc")
    assert "pao.txt" in out.stdout and "(2-2 of 3 documents)" in out.stdout

    out = run_cli("stats", "--base", str(base), "--json")
    stats = json.loads(out.stdout)
    assert stats["documents"] == 3 and stats["dimension"] == 512
    assert stats["embedder_id"] == "local:use-multilingual-v3"

    target = str(corpus.resolve() / "volcano.md")
    out = run_cli("remove", "--where", f"source={target}", "--base", str(base), stdin="y\n")
    assert out.returncode == 2 and "--yes" in out.stderr  # stdin is a pipe: refuse to guess
    out = run_cli("remove", "--where", f"source={target}", "--base", str(base), "--yes",
                  "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["removed"] == 1
    assert "volcano.md" in out.stderr  # what went was shown

    out = run_cli("check", "--base", str(base), "--json")
    assert out.returncode == 0 and json.loads(out.stdout) == {"ok": True, "problems": []}
    out = run_cli("compact", "--base", str(base))
    assert out.returncode == 0, out.stderr
    out = run_cli("stats", "--base", str(base))
    assert out.returncode == 0 and "documents:" in out.stdout and " 2" in out.stdout


def test_default_base_comes_from_environment(tmp_path: Path, corpus: Path,
                                             cache_env: dict[str, str]) -> None:
    env = {**cache_env, "VETORBASE_BASE": str(tmp_path / "envbase")}
    out = run_cli("add", str(corpus / "aluguel.txt"), env_extra=env)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "envbase" / "vetorbase.sqlite").is_file()
    # Without the variable the per-user data folder is used (XDG_DATA_HOME here).
    out = run_cli("add", str(corpus / "aluguel.txt"), env_extra=cache_env)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "data" / "vetorbase" / "default" / "vetorbase.sqlite").is_file()


def test_embedder_mismatch_and_failed_files_are_exit_3(tmp_path: Path, corpus: Path,
                                                       cache_env: dict[str, str]) -> None:
    base = tmp_path / "base"
    assert run_cli("add", str(corpus / "aluguel.txt"), "--base", str(base),
                   env_extra=cache_env).returncode == 0
    out = run_cli("add", str(corpus / "pao.txt"), "--base", str(base), "--embedder",
                  "ollama:nomic-embed-text@http://127.0.0.1:9", env_extra=cache_env)
    assert out.returncode == 3
    assert "local:use-multilingual-v3" in out.stderr and "Traceback" not in out.stderr
    (corpus / "empty.txt").write_text("")
    out = run_cli("add", str(corpus / "empty.txt"), "--base", str(base), env_extra=cache_env)
    assert out.returncode == 3 and "empty.txt" in out.stderr


def test_no_command_opens_the_window_on_the_chosen_base(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import vetorbase.gui.app as gui_app

    calls: list[str | None] = []
    monkeypatch.setattr(gui_app, "run", lambda base_path=None: calls.append(base_path) or 0)
    assert cli.main(["--base", str(tmp_path / "b")]) == 0
    assert calls == [str(tmp_path / "b")]
    monkeypatch.setenv("VETORBASE_BASE", str(tmp_path / "env"))
    assert cli.main([]) == 0 and calls[-1] == str(tmp_path / "env")


def test_progress_bar_draws_only_on_a_terminal() -> None:
    import io

    from vetorbase.clihelp import ProgressBar

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = ProgressBar("adding", stream=stream, width=10)
        bar.update(0.5, "a.txt")
        bar.update(1.0, "b.txt")
        bar.close()
    assert pipe.getvalue() == ""
    assert "[#####-----]  50.0% a.txt" in tty.getvalue()
    assert "[##########] 100.0% b.txt" in tty.getvalue() and tty.getvalue().endswith("\n")


def test_remove_asks_on_a_terminal_and_obeys_the_answer(tmp_path: Path, corpus: Path,
                                                        cache_env: dict[str, str]) -> None:
    import pty

    base = tmp_path / "base"
    assert run_cli("add", str(corpus), "--base", str(base), env_extra=cache_env).returncode == 0
    target = str(corpus.resolve() / "aluguel.txt")
    env = {k: v for k, v in os.environ.items() if k != "VETORBASE_BASE"}
    for answer, left in (("n", 3), ("y", 2)):
        master, slave = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "vetorbase", "remove", "--source",
                                 target, "--base", str(base)], stdin=slave,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**env, **cache_env})
        os.close(slave)
        os.write(master, f"{answer}\n".encode())
        out, err = proc.communicate(timeout=120)
        os.close(master)
        assert proc.returncode == 0, err
        assert "1 chunk from 1 document will be moved to the trash" in out and target in out
        assert "Remove them? [y/N]" in out
        listing = json.loads(run_cli("list", "--json", "--base", str(base)).stdout)
        assert listing["total"] == left


def test_internal_errors_exit_1_with_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from vetorbase.store import VectorBase

    VectorBase.open(tmp_path / "b", create=True, dim=4, embedder_id="test:four").close()

    def broken(self: VectorBase) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(VectorBase, "stats", broken)
    assert cli.main(["stats", "--base", str(tmp_path / "b")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "simulated bug" in err and "internal error" in err


def test_filesystem_errors_are_user_errors_exit_3(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from vetorbase.store import VectorBase

    VectorBase.open(tmp_path / "b", create=True, dim=4, embedder_id="test:four").close()
    (tmp_path / "afile").write_text("x")
    code = cli.main(["export-langchain", str(tmp_path / "afile" / "out"), "--base",
                     str(tmp_path / "b")])
    err = capsys.readouterr().err
    assert code == 3 and "afile" in err and "Traceback" not in err


def test_selftest_option_runs_the_installation_check(capsys):
    from vetorbase import cli

    assert cli.main(["--selftest"]) == 0
    out = capsys.readouterr().out
    assert "OK  self-test passed" in out and "search" in out


@pytest.mark.skipif(os.name != "posix", reason="byte file names and symlinks")
def test_add_reports_bad_names_and_outside_links_and_ingests_the_rest(
        tmp_path: Path, corpus: Path, cache_env: dict[str, str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("senha do servidor: hunter2, guardada fora da pasta enviada.")
    (corpus / "innocent.txt").symlink_to(secret)
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "wb") as f:
        f.write(b"nome em latin-1")
    base = tmp_path / "base"
    out = run_cli("add", str(corpus), "--base", str(base), env_extra=cache_env)
    assert out.returncode == 3, out.stderr  # a file failed: not an internal error (1)
    assert "Traceback" not in out.stderr
    assert "added" in out.stdout and "aluguel.txt" in out.stdout and "pao.txt" in out.stdout
    assert f"skipped  {corpus / 'innocent.txt'}: link to {secret}, outside the folder" \
        in out.stdout
    assert f"failed   {corpus}/caf\\xe9.txt: the file name is not valid UTF-8" in out.stderr
    assert "3 added, 0 replaced, 1 skipped, 1 failed" in out.stdout
    found = run_cli("list", "--json", "--base", str(base), env_extra=cache_env)
    assert str(secret) not in found.stdout and "innocent" not in found.stdout
    out = run_cli("add", str(corpus), "--follow-links", "--json", "--base", str(base),
                  env_extra=cache_env)
    report = json.loads(out.stdout)
    assert [r["path"] for r in report["added"]] == [str(corpus / "innocent.txt")]
    assert report["counts"]["failed"] == 1 and report["failed"][0]["path"].endswith("\\xe9.txt")
