"""Every bad input of ``cases.py`` gets its exact diagnostics, in the library and on the CLI."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import bibtexparser
import pytest

import feedcite
from feedcite.cli import main
from feedcite.errors import ParseErrors
from feedcite.model import Corpus
from tests.evidence.cases import BASE, CASES, CONTEXT_CODES, Case


def heads(corpus: Corpus, case: Case) -> list[str]:
    """The first line of each diagnostic, without the context codes the case ignores."""
    return [
        d.format().split("\n")[0]
        for d in corpus.diagnostics
        if str(d.code) not in CONTEXT_CODES or str(d.code) in case.context_codes
    ]


def option(case: Case, name: str) -> str | None:
    return case.args[case.args.index(name) + 1] if name in case.args else None


def documents(case: Case) -> list[str]:
    return [name for name in case.files if not name.endswith(".toml")]


@pytest.fixture
def folder(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """The case's files in a fresh folder, which is the current folder during the test."""
    case: Case = request.param
    for name, data in case.files.items():
        (tmp_path / name).write_bytes(data)
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(cwd)


def load(case: Case, *, strict: bool = False) -> Corpus:
    anchor = option(case, "--anchor-year")
    return feedcite.load_paths(
        documents(case),
        metadata=option(case, "--metadata"),
        anchor_year=int(anchor) if anchor else None,
        strict=strict,
    )


def test_there_are_at_least_forty_cases_with_unique_names() -> None:
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)
    kinds = {case.name.split("-")[0] for case in CASES}
    assert {"feed", "transcript", "notes", "summary", "review", "works"} <= kinds


@pytest.mark.parametrize("name", sorted(p.name for p in BASE.iterdir()))
def test_base_documents_are_clean(name: str) -> None:
    """The documents the cases start from give no diagnostic but the context codes.

    The notes are read with the transcript their chapter references point to.
    """
    extra = [BASE / "transcript.txt"] if name == "notes.txt" else []
    corpus = feedcite.load_paths([BASE / name, *extra])
    assert corpus.documents[0].kind == name.removesuffix(".txt")
    assert {str(d.code) for d in corpus.diagnostics} <= CONTEXT_CODES


@pytest.mark.parametrize("folder", CASES, ids=[c.name for c in CASES], indirect=True)
def test_case_diagnostics(folder: Path, request: pytest.FixtureRequest) -> None:
    case: Case = request.node.callspec.params["folder"]
    corpus = load(case)
    assert heads(corpus, case) == case.expected
    for diagnostic in corpus.diagnostics:
        # Every message names its place; a line excerpt with a caret follows when there is one.
        shown = diagnostic.format().split("\n")
        assert shown[0].startswith(f"{diagnostic.span.path}:{diagnostic.span.line}:")
        if diagnostic.line_text:
            assert len(shown) == 3
            assert set(shown[2].strip()) == {"^"}
    if case.check is not None:
        case.check(corpus)


@pytest.mark.parametrize("folder", CASES, ids=[c.name for c in CASES], indirect=True)
def test_case_in_strict_mode(folder: Path, request: pytest.FixtureRequest) -> None:
    """Strict mode raises every error together, and only when there is one."""
    case: Case = request.node.callspec.params["folder"]
    expected_errors = [line for line in case.expected if ": error[" in line]
    if not expected_errors:
        load(case, strict=True)
        return
    with pytest.raises(ParseErrors) as raised:
        load(case, strict=True)
    shown = [d.format().split("\n")[0] for d in raised.value.diagnostics if d.is_error]
    assert set(expected_errors) <= set(shown)
    assert all(isinstance(e, feedcite.ParseError) for e in raised.value.exceptions)


COMMANDS = (
    ("parse", "-v"),
    ("parse", "--strict"),
    ("tags",),
    ("bib", "-o", "-"),
    ("csl", "-o", "-"),
)


def run_main(*args: str) -> tuple[int, str, str]:
    """``feedcite ARGS`` in this process: exit status, standard output and standard error.

    The commands run in-process (about 650 runs: a new interpreter for each cost most of the
    suite's time); the bibliography cases below run ``python -m feedcite`` itself.
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as stop:  # argparse's own exits
            status = stop.code if isinstance(stop.code, int) else 2
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("folder", CASES, ids=[c.name for c in CASES], indirect=True)
def test_case_on_the_command_line(
    folder: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command: the documented exit status, no internal error, nothing lost."""
    case: Case = request.node.callspec.params["folder"]
    monkeypatch.delenv("FEEDCITE_CORPUS", raising=False)
    results = {command: run_main(*command, *case.args, *documents(case)) for command in COMMANDS}
    status = 1 if case.errors else 0
    for command, (returned, _, stderr) in results.items():
        assert "internal error" not in stderr, (command, stderr)
        assert returned == status, (command, stderr)
        for line in case.expected:
            if ": error[" in line or command == ("parse", "-v"):
                assert line in stderr, (command, line, stderr)
    parsed = json.loads(results["parse", "-v"][1])
    assert len(parsed["errors"]) == case.errors
    works = len(parsed["works"])
    library = bibtexparser.parse_string(results["bib", "-o", "-"][1])
    assert library.failed_blocks == []
    assert len(library.entries) == works
    assert len(json.loads(results["csl", "-o", "-"][1])) == works


BIB_CASES = [case for case in CASES if case.bib is not None]
_HEAD_RE = re.compile(r"^\S+:\d+:\d+: (?:error|warning)\[([\w-]+)\]: ")


def test_there_are_bibliography_cases() -> None:
    assert len(BIB_CASES) >= 14


@pytest.mark.parametrize("folder", BIB_CASES, ids=[c.name for c in BIB_CASES], indirect=True)
def test_bibliography_case(folder: Path, request: pytest.FixtureRequest) -> None:
    """``feedcite bib -v``: the exact diagnostics, the exit status and the file written.

    Each run's time is printed (``-s``): a hostile case must stay well under 5 s.
    """
    case: Case = request.node.callspec.params["folder"]
    env = {k: v for k, v in os.environ.items() if k != "FEEDCITE_CORPUS"}
    command = ["bib", "-v", "-o", "out.bib", *case.bib_args, *case.args, *documents(case)]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "feedcite", *command],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    elapsed = time.perf_counter() - started
    print(f"{case.name}: {elapsed:.2f} s")
    assert "Traceback" not in done.stderr
    shown = [
        line
        for line in done.stderr.splitlines()
        if (found := _HEAD_RE.match(line)) and found[1] not in CONTEXT_CODES
    ]
    assert shown == case.bib
    assert done.returncode == case.bib_status, done.stderr
    out = folder / "out.bib"
    text = out.read_text(encoding="utf-8") if out.exists() else None
    if text is not None:
        library = bibtexparser.parse_string(text)
        assert library.failed_blocks == []
    if case.bib_check is not None:
        case.bib_check(text)
