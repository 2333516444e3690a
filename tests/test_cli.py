"""The command line: commands, exit statuses, messages, and no tracebacks."""

from __future__ import annotations

import json
import os
import re
import shutil
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


LOPEZ = (
    "Chronological feed of everything captured from Maria Lopez (@marialopez).\n"
    "paper / mlopez / Jun 12\nCompost piles.\ncompostsoil\n“Weekly turning raises heat.”\n"
    "paper / mlopez / Jun 3\nCompost bins.\ncompostbins\n“Weekly turning dries the pile.”\n"
)


def test_citekeys_ledger_keeps_keys_through_an_input_error(tmp_path: Path) -> None:
    feed, ledger, out = tmp_path / "feed.txt", tmp_path / "keys.toml", tmp_path / "out.bib"
    feed.write_text(LOPEZ, encoding="utf-8")
    args = ["bib", str(feed), "--anchor-year", "2023", "--citekeys", str(ledger), "-o", str(out)]
    assert main(args) == 0
    first = ledger.read_text(encoding="utf-8")
    assert '"paper-jun-12-weekly-turning-raises" = "lopez2023weeklyb"' in first
    feed.write_text(LOPEZ.replace("Jun 3", "Jun 31"), encoding="utf-8")
    assert main(args) == 1
    assert ledger.read_text(encoding="utf-8") == first  # the failed work's key is kept
    feed.write_text(LOPEZ, encoding="utf-8")
    assert main(args) == 0
    assert ledger.read_text(encoding="utf-8") == first
    assert "@misc{lopez2023weeklyb," in out.read_text(encoding="utf-8")


def test_a_work_given_its_own_id_keeps_its_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Curated metadata that names a work (``id = ...``) does not change its recorded key."""
    feed, ledger, out = tmp_path / "feed.txt", tmp_path / "keys.toml", tmp_path / "out.bib"
    works = tmp_path / "works.toml"
    feed.write_text(LOPEZ, encoding="utf-8")
    args = ["bib", str(feed), "--anchor-year", "2023", "--citekeys", str(ledger), "-o", str(out)]
    assert main(args) == 0
    assert '"paper-jun-12-weekly-turning-raises" = "lopez2023weeklyb"' in ledger.read_text()
    works.write_text(
        '[[work]]\nid = "compost-heat"\n'
        'match = { kind = "paper", date = "Jun 12", claim = "Weekly turning raises" }\n'
        'title = "Heat in turned compost"\nauthors = ["Lopez, Maria"]\ndate = "2023-06-12"\n',
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main([*args, "--metadata", str(works), "-v"]) == 0
    assert "bib-key" not in capsys.readouterr().err  # no key is left behind
    text = ledger.read_text(encoding="utf-8")
    assert '"compost-heat" = "lopez2023weeklyb"' in text
    assert "paper-jun-12-weekly-turning-raises" not in text
    assert (
        "@misc{lopez2023weeklyb,\n  author   = {Lopez, Maria},\n  title    = {Heat in turned"
        in (out.read_text(encoding="utf-8"))
    )
    assert main([*args, "--metadata", str(works)]) == 0  # and it stays so
    assert ledger.read_text(encoding="utf-8") == text


def test_header_with_an_at_sign_still_parses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import bibtexparser

    feed = tmp_path / "feed.txt"
    feed.write_text(LOPEZ, encoding="utf-8")
    assert main(["bib", str(feed), "--anchor-year", "2023", "-o", "-"]) == 0
    library = bibtexparser.parse_string(capsys.readouterr().out)
    assert (len(library.entries), library.failed_blocks) == (2, [])


def test_output_equal_to_an_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "feed.txt"
    feed.write_text(LOPEZ, encoding="utf-8")
    assert main(["bib", str(feed), "-o", str(feed)]) == 2
    assert (
        f"feedcite: {feed} is an input of this command; give another -o FILE"
        in capsys.readouterr().err
    )
    assert feed.read_text(encoding="utf-8") == LOPEZ
    ledger = tmp_path / "keys.toml"
    assert main(["csl", str(feed), "--citekeys", str(ledger), "-o", str(ledger)]) == 2


def test_an_empty_corpus_never_replaces_a_bibliography(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed, out = tmp_path / "feed.txt", tmp_path / "out.bib"
    feed.write_text(LOPEZ, encoding="utf-8")
    assert main(["bib", str(feed), "--anchor-year", "2023", "-o", str(out)]) == 0
    before = out.read_text(encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text(
        "Chronological feed of everything captured from Maria Lopez.\n", encoding="utf-8"
    )
    assert main(["bib", str(empty), "-o", str(out)]) == 1
    assert (
        f"feedcite: {out} has entries and the corpus has no work; refusing to replace it with an "
        "empty bibliography (delete it first to write an empty one)"
    ) in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == before


def test_ledger_errors_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed, ledger, out = tmp_path / "feed.txt", tmp_path / "keys.toml", tmp_path / "out.bib"
    feed.write_text(LOPEZ, encoding="utf-8")
    ledger.write_text('[keys]\n"a" = "lopez2023x"\n"b" = "lopez2023x"\n', encoding="utf-8")
    assert main(["bib", str(feed), "--citekeys", str(ledger), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert (
        f"{ledger}:3:8: error[bib-key]: key 'lopez2023x' is recorded for work 'b' and for work 'a' "
        "(line 2); 'a' keeps it, 'b' gets a new key"
    ) in err
    assert "has errors; nothing was written" in err
    assert not out.exists()


def test_biblatex_flavour(tmp_path: Path) -> None:
    out = tmp_path / "b.bib"
    # A key re-keyed by hand: the old one moved to [retired], the work given a new one.
    ledger = tmp_path / "citekeys.toml"
    bundled = (ROOT / "refs/citekeys.toml").read_text(encoding="utf-8")
    ledger.write_text(
        bundled.replace('"tkacik2012simplest"', '"tkacik2013simplest"')
        + '\n[retired]\n"tkacik2012simplest" = "maximum-entropy-model"\n',
        encoding="utf-8",
    )
    corpus = str(ROOT / "refs/corpus.toml")
    args = ["bib", "--biblatex", "-o", str(out), "--corpus", corpus, "--citekeys", str(ledger)]
    assert main(args) == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("\n@") == 35
    assert "@online{kaplan2020scaling," in text
    assert "@article{tkacik2013simplest," in text
    assert re.search(r"^  ids +\= \{tkacik2012simplest\},$", text, re.MULTILINE)
    assert '[retired]\n"tkacik2012simplest" = "maximum-entropy-model"\n' in ledger.read_text(
        encoding="utf-8"
    )
    assert main(["bib", "--biblatex"]) == 2


def test_unicode_keeps_every_character(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--unicode: the scripts pdflatex cannot typeset are kept, and no bib-text warning."""
    feed = tmp_path / "feed.txt"
    feed.write_text(
        "Chronological feed of everything captured from Kim Ji-woo.\n"
        "paper / kim / Mar 3\nA study of 판소리 and 雅楽 at 50% of the tempo.\npansori\n"
        "“판소리 singers train their voices for years.”\n",
        encoding="utf-8",
    )
    for flags, command in (
        (["--unicode"], "bib --unicode"),
        (["--unicode", "--biblatex"], "bib --biblatex --unicode"),
    ):
        out = tmp_path / "u.bib"
        assert main(["bib", "-v", str(feed), "--anchor-year", "2024", "-o", str(out), *flags]) == 0
        text = out.read_text(encoding="utf-8")
        assert "A study of 판소리 and 雅楽 at 50\\% of the tempo." in text
        assert text.startswith(f"% Generated by feedcite with 'feedcite {command}'.")
        assert "bib-text" not in capsys.readouterr().err
    assert main(["bib", "-v", str(feed), "--anchor-year", "2024", "-o", str(out)]) == 0
    assert "판소리" not in out.read_text(encoding="utf-8")
    assert "bib-text" in capsys.readouterr().err
    assert main(["bib", "--unicode"]) == 2


def test_duration_of_a_transcript(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--duration aligns with the episode's length; without it, why is said without -v."""
    monkeypatch.chdir(tmp_path)
    Path("g.txt").write_bytes((DATA / "transcripts/garden-hour-12.txt").read_bytes())
    assert main(["parse", "--duration", "5:22", "g.txt"]) == 0
    out, err = capsys.readouterr()
    (document,) = json.loads(out)["documents"]
    assert (document["duration_seconds"], document["duration_source"]) == (322, "user")
    assert (document["words_per_minute"], document["words_per_minute_range"]) == (150.0, None)
    assert "transcript-duration" not in err
    assert main(["parse", "g.txt"]) == 0
    out, err = capsys.readouterr()
    (document,) = json.loads(out)["documents"]
    assert document["duration_source"] == "estimated"
    assert document["words_per_minute_range"] == [145.5, 155.3]
    assert document["duration_range_seconds"] == [311.0, 332.0]
    assert err.splitlines() == [
        "g.txt:3:1: warning[transcript-duration]: no episode duration is known (the transcript "
        "is linked to no work); the speech rate was fitted to the text: 150 words per minute "
        "(145-155), so the episode lasts about 5:23 (5:11-5:32); give the duration (with "
        "--duration, or 'duration' in the corpus configuration) to place chapters better",
        "feedcite: 1 more warning(s); -v shows them",
    ]


def test_duration_usage_errors(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit) as raised:
        main(["parse", "--duration", "3:7x", "refs/captures/lex-fridman-452-transcript.txt"])
    assert raised.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "feedcite parse: error: argument --duration: not a duration H:MM:SS, M:SS or seconds "
        "of at most 1000 hours: '3:7x'"
    )
    assert main(["parse", "--duration", "3:00:25"]) == 2
    assert capsys.readouterr().err == (
        "feedcite: --duration needs the transcript PATH it is the duration of\n"
    )


def _diagnostics(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    status = main(["parse", *args])
    out = json.loads(capsys.readouterr().out)
    found = [f"{d['path']}:{d['line']}:{d['code']}" for d in out["errors"] + out["warnings"]]
    return status, sorted(found)


# What a capture read alone cannot know, because the capture it refers to is not read.
ALONE = {
    "lex-fridman-452-notes.txt": [
        f"refs/captures/lex-fridman-452-notes.txt:{line}:notes-chapter-ref"
        for line in (44, 58, 67, 80, 83, 92)
    ],
    "dwarkesh-2023-summary.txt": ["refs/captures/dwarkesh-2023-summary.txt:2:link-identity"],
    "dwarkesh-2023-review.txt": ["refs/captures/dwarkesh-2023-review.txt:3:link-identity"],
}


@pytest.mark.parametrize(
    "name",
    [
        "amodei-feed.txt",
        "lex-fridman-452-transcript.txt",
        "lex-fridman-452-notes.txt",
        "dwarkesh-2023-summary.txt",
        "dwarkesh-2023-review.txt",
    ],
)
def test_one_capture_of_the_corpus_gives_the_diagnostics_of_that_capture(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    path = f"refs/captures/{name}"
    _, whole = _diagnostics(capsys)
    status, alone = _diagnostics(capsys, path)
    assert status == 0
    expected = [d for d in whole if d.startswith(f"{path}:")] + ALONE.get(name, [])
    assert alone == sorted(expected)


def test_one_capture_still_reports_an_entry_that_matches_nothing_anywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "refs" / "captures").mkdir(parents=True)
    feed = "Chronological feed of everything captured from Jane Roe.\n"
    feed += "paper / jane / Mar 3\nA study.\nsoil\n“Soil is alive.”\n"
    (tmp_path / "refs" / "captures" / "feed.txt").write_text(feed, encoding="utf-8")
    shutil.copy(ROOT / "tests/evidence/base/transcript.txt", tmp_path / "refs/captures/t.txt")
    (tmp_path / "refs" / "corpus.toml").write_text(
        '[corpus]\nname = "Jane Roe"\nmetadata = "works.toml"\n'
        '[[corpus.captures]]\npath = "captures/feed.txt"\n'
        '[[corpus.captures]]\npath = "captures/t.txt"\n',
        encoding="utf-8",
    )
    (tmp_path / "refs" / "works.toml").write_text(
        '[[work]]\nid = "soil"\nmatch = { kind = "paper", date = "Mar 3", claim = "Soil is" }\n'
        'title = "Soil"\n\n'
        '[[work]]\nid = "typo"\nmatch = { kind = "paper", date = "Mar 4", claim = "Soil is" }\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    status, found = _diagnostics(capsys, "refs/captures/t.txt")
    assert (status, [d for d in found if "meta" in d]) == (1, ["refs/works.toml:6:meta-no-match"])
