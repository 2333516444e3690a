"""The same input gives the same bytes: JSON, BibTeX, CSL-JSON, and the published site.

Runs are separate processes with different hash seeds, so that nothing may depend on the
order of a set or a dict built from one. For the site, every published file must be
identical; only Sphinx's own build cache (``.doctrees/``: pickles holding absolute paths
and unordered sets) may differ, and it is not published.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

COMMANDS = (
    ("parse",),
    ("bib", "-o", "-"),
    ("csl", "-o", "-"),
    ("tags",),
)


def run(command: tuple[str, ...], seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-m", "feedcite", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
    )
    return done.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_command_output_is_byte_identical(command: tuple[str, ...]) -> None:
    first, second = run(command, "1"), run(command, "2")
    assert first
    assert first == second


def test_committed_bibliographies_are_what_the_commands_write() -> None:
    assert run(("bib", "-o", "-"), "3") == (ROOT / "refs" / "amodei.bib").read_bytes()
    assert run(("csl", "-o", "-"), "4") == (ROOT / "refs" / "amodei.json").read_bytes()


def build(project: Path, out: Path, seed: str, jobs: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-j", jobs, "-b", "html"]
    subprocess.run([*command, str(project), str(out)], env=env, check=True, capture_output=True)


def published(folder: Path) -> list[str]:
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and ".doctrees" not in p.parts
    )


@pytest.mark.sphinx
def test_two_site_builds_publish_identical_files(tmp_path: Path) -> None:
    """Serial and parallel builds, with different hash seeds, publish the same bytes."""
    source = ROOT / "tests" / "sphinx" / "roots" / "test-basic"
    outputs = []
    for name, seed, jobs in (("one", "1", "1"), ("two", "2", "2")):
        project = tmp_path / name
        shutil.copytree(source, project)
        build(project, tmp_path / f"{name}-html", seed, jobs)
        outputs.append(tmp_path / f"{name}-html")
    files = published(outputs[0])
    assert len(files) > 30
    assert files == published(outputs[1])
    _, mismatch, errors = filecmp.cmpfiles(outputs[0], outputs[1], files, shallow=False)
    assert mismatch == []
    assert errors == []
