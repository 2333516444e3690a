"""Every configuration case of ``cases.py``: its exact diagnostics, and nothing lost or overwritten.

Each case is a copy of the evidence corpus (``config/`` and the base documents) with one thing
wrong. In the library, a refused configuration raises :class:`~feedcite.ConfigError`; any other
problem is a diagnostic of the loaded corpus. On the command line (run in-process through
``feedcite.cli.main``), every command exits with the case's status; when the configuration is
refused, no command changes any file, inside the project or beside it; otherwise the
bibliographies hold every work of ``feedcite parse``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import bibtexparser
import pytest

import feedcite
from feedcite.cli import main
from feedcite.errors import ParseErrors
from tests.evidence.cases import BASE, CONFIG, CONFIG_CASES, CONTEXT_CODES, ConfigCase

PRECIOUS = b"a file outside the project that nothing may overwrite\n"


def project_of(case: ConfigCase, root: Path) -> Path:
    """Lay out the case under ``root``: ``root/project/`` and ``root/precious.txt``."""
    project = root / "project"
    shutil.copytree(CONFIG, project)
    shutil.copytree(BASE, project / "captures")
    (root / "precious.txt").write_bytes(PRECIOUS)
    outside = str(root).encode()
    for name, data in case.changes.items():
        target = project / name
        if data is None:
            target.unlink()
        else:
            target.write_bytes(data.replace(b"{outside}", outside))
    for name, link in case.links.items():
        os.symlink(link.replace("{outside}", str(root)), project / name)
    return project


@pytest.fixture
def project(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """The case's project; the current folder during the test."""
    folder = project_of(request.param, tmp_path)
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(cwd)


def expected(case: ConfigCase, project: Path) -> list[str]:
    return [line.replace("{outside}", str(project.parent)) for line in case.expected]


def load(case: ConfigCase, *, strict: bool = False) -> feedcite.Corpus:
    """The case's corpus, with the permissions its command-line arguments give."""
    return feedcite.load_corpus(
        "corpus.toml",
        strict=strict,
        allow_outside="--allow-outside" in case.args,
        allow_empty="--allow-empty" in case.args,
    )


def heads(diagnostics: object) -> list[str]:
    assert isinstance(diagnostics, tuple)
    return [d.format().split("\n")[0] for d in diagnostics if str(d.code) not in CONTEXT_CODES]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (links not followed) and its bytes."""
    found: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[str(path.relative_to(root))] = path.read_bytes()
    return found


CASE_IDS = [case.name for case in CONFIG_CASES]


def test_there_are_configuration_cases_with_unique_names() -> None:
    assert len(CONFIG_CASES) >= 30
    assert len(set(CASE_IDS)) == len(CASE_IDS)


def test_the_evidence_corpus_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = project_of(ConfigCase("clean", {}, [], 0), tmp_path)
    monkeypatch.chdir(project)
    corpus = feedcite.load_corpus("corpus.toml")
    assert corpus.errors == ()
    assert len(corpus.works) == 4
    assert len(corpus.documents) == 5


@pytest.mark.parametrize("project", CONFIG_CASES, ids=CASE_IDS, indirect=True)
def test_config_case_in_the_library(project: Path, request: pytest.FixtureRequest) -> None:
    case: ConfigCase = request.node.callspec.params["project"]
    if case.status == 2:
        with pytest.raises(feedcite.ConfigError) as raised:
            load(case)
        found = raised.value.diagnostics
    else:
        corpus = load(case)
        found = corpus.diagnostics
        if case.works is not None:
            assert len(corpus.works) == case.works
    assert heads(found) == expected(case, project)
    for diagnostic in found:
        shown = diagnostic.format().split("\n")
        assert shown[0].startswith(f"{diagnostic.span.path}:{diagnostic.span.line}:")
        if diagnostic.span.path.endswith(".toml") and diagnostic.line_text:
            # The excerpt is the line the message names, read from the file itself.
            text = (project / diagnostic.span.path).read_bytes().decode("utf-8-sig")
            assert diagnostic.line_text == text.split("\n")[diagnostic.span.line - 1].rstrip("\r")


@pytest.mark.parametrize("project", CONFIG_CASES, ids=CASE_IDS, indirect=True)
def test_config_case_in_strict_mode(project: Path, request: pytest.FixtureRequest) -> None:
    case: ConfigCase = request.node.callspec.params["project"]
    if case.status == 2:
        with pytest.raises(feedcite.ConfigError):
            load(case, strict=True)
    elif case.errors:
        with pytest.raises(ParseErrors) as raised:
            load(case, strict=True)
        errors = [line for line in expected(case, project) if ": error[" in line]
        assert set(errors) <= set(heads(raised.value.diagnostics))
    else:
        load(case, strict=True)


COMMANDS = (
    ("parse", "-v"),
    ("parse", "--strict"),
    ("bib", "-o", "-"),
    ("csl", "-o", "-"),
    ("bib",),
    ("csl",),
)


@pytest.mark.parametrize("case", CONFIG_CASES, ids=CASE_IDS)
def test_config_case_on_the_command_line(
    case: ConfigCase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each command on a fresh copy of the case (``feedcite bib`` rewrites the key ledger)."""
    outputs: dict[tuple[str, ...], str] = {}
    for number, command in enumerate(COMMANDS):
        project = project_of(case, tmp_path / str(number))
        monkeypatch.chdir(project)
        before = snapshot(project.parent)
        status = main([*command, "--corpus", "corpus.toml", *case.args])
        out, err = capsys.readouterr()
        outputs[command] = out
        strict = command == ("parse", "--strict") and case.status != 2
        assert status == (1 if strict and case.errors else case.status), (command, err)
        assert "internal error" not in err
        for line in expected(case, project):
            if ": error[" in line or command == ("parse", "-v"):
                assert line in err, (command, line, err)
        assert (project.parent / "precious.txt").read_bytes() == PRECIOUS
        if case.status == 2:
            assert snapshot(project.parent) == before, command  # refused: nothing written
    if case.status == 2:
        return
    parsed = json.loads(outputs["parse", "-v"])
    assert len(parsed["errors"]) == case.errors
    works = len(parsed["works"])
    if any(error["path"].endswith("citekeys.toml") for error in parsed["errors"]):
        works = 0  # a broken key ledger writes no bibliography: its keys could not be kept
    library = bibtexparser.parse_string(outputs["bib", "-o", "-"])
    assert library.failed_blocks == []
    assert len(library.entries) == works
    csl = outputs["csl", "-o", "-"]
    assert len(json.loads(csl) if csl or works else []) == works
