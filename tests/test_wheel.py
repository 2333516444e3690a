"""The built wheel on its own: what it holds, and the tutorial run from it in a fresh venv.

``nox -s wheel`` builds the wheel, installs it with its dependencies from the package index
into a new virtual environment and runs these tests against it (``FEEDCITE_WHEEL`` and
``FEEDCITE_WHEEL_VENV``). Run directly (``pytest -m wheel``), the tests build the wheel
themselves (offline: hatchling from this environment) and make a fresh environment that holds
feedcite from the wheel only, with this environment's packages for its dependencies (the test
suite uses no network), so the repository's files are never on the path.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from feedcite.export.jsonexport import SCHEMA_ID
from tests.conftest import DATA, ROOT

pytestmark = pytest.mark.wheel

TUTORIAL = ROOT / "docs" / "guide" / "tutorial.md"
INSTALL = [
    "python3 -m venv .venv",
    ". .venv/bin/activate",
    'pip install "feedcite[sphinx]"',
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("FEEDCITE_WHEEL")
    if given:
        return Path(given)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--wheel-dir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = dist.glob("feedcite-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("FEEDCITE_WHEEL_VENV")
    if given:
        return Path(given)
    target = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(target)], check=True)
    python = target / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The dependencies come from this environment: a path in a .pth file is searched after the
    # fresh environment's own site-packages, and .pth files there (an editable feedcite) are
    # not read.
    Path(site, "_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return target


def _environment(venv: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "FEEDCITE_CORPUS")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    env["PYTHONWARNINGS"] = "ignore"
    return env


def test_the_wheel_holds_the_example_corpus_and_the_templates(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(
            next(n for n in names if n.endswith(".dist-info/METADATA"))
        ).decode()
    refs = {
        f"feedcite/_example/refs/{p.relative_to(ROOT / 'refs').as_posix()}"
        for p in (ROOT / "refs").rglob("*")
        if p.is_file()
    }
    assert refs <= names
    assert {
        "feedcite/templates/project/docs/conf.py.in",
        "feedcite/templates/project/refs/corpus.toml",
        f"feedcite/schema/{SCHEMA_ID.replace('/', '-')}.schema.json",
        "feedcite/sphinx/static/feedcite.js",
        "feedcite/py.typed",
    } <= names
    assert not [n for n in names if n.startswith(("tests/", "docs/", "refs/", "src/"))]
    requires = sorted(re.findall(r"^Requires-Dist: ([\w-]+)", metadata, re.MULTILINE))
    assert {"anyascii", "bibtexparser", "wordsegment", "sphinx", "myst-parser"} <= set(requires)


def test_the_installed_wheel_is_the_one_used(venv: Path, tmp_path: Path) -> None:
    found = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import feedcite; print(feedcite.__file__)"],
        cwd=tmp_path,
        env=_environment(venv),
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(found).is_relative_to(venv)
    parsed = subprocess.run(
        ["feedcite", "parse", "--example", "-o", "example.json"],
        cwd=tmp_path,
        env=_environment(venv),
        capture_output=True,
        text=True,
        check=False,
    )
    assert parsed.returncode == 0, parsed.stderr
    exported = json.loads((tmp_path / "example.json").read_text())
    assert exported["schema"] == SCHEMA_ID
    assert len(exported["works"]) == _repository_work_count()


def _tutorial_commands() -> tuple[list[str], list[str]]:
    """The install block and every other command of the tutorial, in order."""
    blocks = re.findall(r"^```console\n(.*?)^```", TUTORIAL.read_text(), re.MULTILINE | re.DOTALL)
    lines = [[line for line in block.splitlines() if line.strip()] for block in blocks]
    return lines[0], [line for block in lines[1:] for line in block]


def test_the_tutorial_runs_as_written_from_the_wheel(venv: Path, tmp_path: Path) -> None:
    install, commands = _tutorial_commands()
    assert install == INSTALL  # done from the wheel, by the fixture or by nox -s wheel
    captures = tmp_path / "captures"
    captures.mkdir()
    for kind in ("feed", "transcript", "notes", "summary", "review"):
        source = ROOT / "tests" / "evidence" / "base" / f"{kind}.txt"
        (captures / f"lopez-{kind}.txt").write_bytes(source.read_bytes())
    (tmp_path / "library.bib").write_bytes((DATA / "library" / "lopez.bib").read_bytes())
    # The commands must reach the wheel's feedcite, never the checkout's (a relative venv
    # path once let them fall through to the editable install).
    proof = 'command -v feedcite; python -c "import feedcite; print(feedcite.__file__)"'
    script = "set -e\n" + proof + "\n" + "\n".join(commands) + "\n"
    run = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=_environment(venv),
        capture_output=True,
        text=True,
        check=False,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    command, module = run.stdout.splitlines()[:2]
    assert Path(command).is_relative_to(venv), command
    assert Path(module).is_relative_to(venv), module
    assert "WARNING" not in output
    project = tmp_path / "lopez-site"
    expected = (
        f"feedcite: 3 entries proposed ({project.resolve()}/refs/works.toml), 0 ambiguous "
        "(listed, not applied), 0 item(s) not in the library, 0 item(s) already had an entry; "
        "6 library entries read"
    )
    assert expected in output.splitlines()
    shown = expected.replace(f"{project.resolve()}/", "…/lopez-site/")
    assert shown in TUTORIAL.read_text()  # the tutorial shows what the command prints
    bib = (project / "refs" / "lopez.bib").read_text()
    titles = re.findall(r"^  title\s*= \{(.*)\},$", bib, re.MULTILINE)
    assert titles == [
        r"The {Garden Hour} \#12: Growing Food in Small Spaces",
        "Three-Bay Composting in Market Gardens: Turning Frequency and Weed Seed Survival",
        "Plant Your Tomatoes Deep",
    ]
    assert "and others" not in bib
    html = project / "docs" / "_build" / "html"
    assert (html / "generated" / "documents" / "lopez-transcript.html").is_file()
    index = (html / "index.html").read_text()
    assert "<title>Maria Lopez: a reading companion" in index


def _repository_work_count() -> int:
    """How many works the bundled corpus of this checkout has."""
    import feedcite

    return len(feedcite.load_corpus(ROOT / "refs" / "corpus.toml").works)
