"""Sphinx test projects: each case is a small project under roots/test-<case>/.

Most tests only read a built site, so the ``basic`` project is built once per session
(:func:`basic_site`); tests that change a project or rebuild it copy the root first
(:func:`copy_root`) and build it with :func:`build`.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@dataclass
class Built:
    """A project built by :func:`build`: its folders, what it warned, the pages it read."""

    srcdir: Path
    outdir: Path
    warnings: str
    read: list[str]

    def html(self, page: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / page).read_text(encoding="utf-8"), "html.parser")

    def text(self, page: str) -> str:
        main = self.html(page).select_one("div.body") or self.html(page)
        return " ".join(main.get_text(" ").split())


def build(srcdir: Path, builddir: Path, *, parallel: int = 0, **confoverrides: Any) -> Built:
    """Build ``srcdir`` into ``builddir``/html in a new Sphinx application, and close it."""
    app = SphinxTestApp(
        "html", srcdir=srcdir, builddir=builddir, parallel=parallel, confoverrides=confoverrides
    )
    read: list[str] = []
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    try:
        app.build()
        warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())  # no colours
        return Built(srcdir, Path(app.outdir), warnings, sorted(read))
    finally:
        app.cleanup()


def copy_root(name: str, destination: Path) -> Path:
    """A copy of the test project ``roots/test-<name>`` in ``destination``."""
    target = destination / name
    shutil.copytree(ROOTS / f"test-{name}", target)
    return target


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The ``basic`` project, built once."""
    root = copy_root("basic", tmp_path_factory.mktemp("basic"))
    return build(root, root / "_build")
