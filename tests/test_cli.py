"""The command line: commands, exit statuses, messages, and no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from feedcite.cli import main
from tests.conftest import CAPTURES, DATA, ROOT

BAD_FEED = (
    "Chronological feed of everything captured from Jane Roe.\npaper / jane / Foo 3\nS.\nai\n“C.”\n"
)


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    env.pop("FEEDCITE_CORPUS", None)
    return subprocess.run(
        [sys.executable, "-m", "feedcite", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_parse_bundled_corpus(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["parse"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["documents"]) == 5
    assert len(out["works"]) == 35


def test_parse_a_capture_uses_the_corpus_metadata(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["parse", "refs/captures/amodei-feed.txt"]) == 0
    out = json.loads(capsys.readouterr().out)
    (feed,) = out["documents"]
    assert len(feed["items"]) == 34
    paper = next(w for w in out["works"] if w["id"] == feed["items"][18])
    assert (paper["title"], paper["year"], paper["arxiv"], len(paper["authors"])) == (
        "Scaling Laws for Neural Language Models",
        2020,
        "2001.08361",
        10,
    )


def test_parse_without_metadata(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["parse", "--no-metadata", "refs/captures/amodei-feed.txt"]) == 0
    out = json.loads(capsys.readouterr().out)
    paper = next(w for w in out["works"] if w["id"] == out["documents"][0]["items"][18])
    assert paper["title_source"] == "derived"
    assert any(w["code"] == "meta-missing" for w in out["warnings"])


def test_input_errors_exit_1_with_located_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(BAD_FEED, encoding="utf-8")
    assert main(["parse", str(path)]) == 1
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["errors"][0]["code"] == "feed-month"
    assert f"{path}:2:16: error[feed-month]: unknown month 'Foo'" in captured.err
    assert "    paper / jane / Foo 3\n                   ^^^" in captured.err


def test_strict_exits_1_listing_every_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(BAD_FEED + "paper / jane / Feb 31\nS.\nai\n“D.”\n", encoding="utf-8")
    assert main(["parse", "--strict", str(path)]) == 1
    err = capsys.readouterr().err
    assert "error[feed-month]" in err
    assert "error[feed-day]" in err
    assert "2 errors in the corpus (strict mode)" in err


def test_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["parse", str(tmp_path / "missing.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FEEDCITE_CORPUS", raising=False)
    assert main(["parse"]) == 2
    assert "no corpus configuration found" in capsys.readouterr().err
    with pytest.raises(SystemExit) as raised:
        main(["parse", "--format", "nonsense", "x"])
    assert raised.value.code == 2


def test_tags_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tags", str(DATA / "feeds/karpathy-feed.txt")]) == 0
    out = capsys.readouterr().out
    assert "  tags:       llm-explainer | chatgpt | tokenization | pretraining" in out
    assert "confidence:" in out
    assert "runner-up:" in out


def test_tags_command_names_the_tag_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The tag line's own line, also when the summary spans two lines (was head + 2)."""
    feed = tmp_path / "f.txt"
    feed.write_text(
        "Chronological feed of everything captured from Jane Roe.\n"
        "paper / janeroe / Jan 3\nFirst half of a summary,\nthe second half.\n"
        "ai-safetyrlhf\n“A claim.”\n",
        encoding="utf-8",
    )
    assert main(["tags", str(feed)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{feed}:5: paper / janeroe / Jan 3\n  line:       ai-safetyrlhf\n")


def test_parse_json_is_compact_off_a_terminal_and_indented_on_request(tmp_path: Path) -> None:
    compact = run_cli("parse", "refs/captures/amodei-feed.txt")
    assert compact.returncode == 0
    assert compact.stdout.count("\n") == 1
    indented = run_cli("parse", "--indent", "2", "refs/captures/amodei-feed.txt")
    assert indented.stdout.startswith('{\n  "schema": "feedcite/2",\n  "documents": [\n')
    assert json.loads(indented.stdout) == json.loads(compact.stdout)
    out = tmp_path / "corpus.json"
    written = run_cli("parse", "-o", str(out), "refs/captures/amodei-feed.txt")
    assert written.returncode == 0
    assert out.read_text(encoding="utf-8") == compact.stdout


def test_bib_and_csl_check(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["bib", "--check"]) == 0
    assert main(["csl", "--check"]) == 0
    stale = tmp_path / "stale.bib"
    stale.write_text("% old\n", encoding="utf-8")
    assert main(["bib", "--check", "-o", str(stale)]) == 1
    assert "is stale" in capsys.readouterr().err
    out = tmp_path / "x.bib"
    assert main(["bib", str(CAPTURES / "amodei-feed.txt"), "-o", str(out)]) == 0
    # The feed is a capture of the bundled corpus, so its metadata (with the Lex episode) applies.
    assert out.read_text(encoding="utf-8").count("\n@") == 35


def test_help_on_every_command() -> None:
    for command in ("parse", "tags", "bib", "csl"):
        done = run_cli(command, "--help")
        assert done.returncode == 0
        assert f"usage: feedcite {command}" in done.stdout


def test_no_traceback_on_hostile_input(tmp_path: Path) -> None:
    binary = tmp_path / "binary.bin"
    binary.write_bytes(bytes(range(256)) * 64)
    for args in (["parse", str(binary)], ["parse", str(tmp_path)], ["bib", str(binary), "-o", "-"]):
        done = run_cli(*args)
        assert done.returncode in (1, 2), done
        assert "Traceback" not in done.stderr


def test_python_m_feedcite_version() -> None:
    done = run_cli("--version")
    assert done.returncode == 0
    assert done.stdout.startswith("feedcite ")
