"""Site builds: the bundled site, and a plain Sphinx project with the same text as baseline.

The baseline is made from the built site itself: every page's main text (headings,
paragraphs, list items, table cells) is written to a Markdown page of the same name,
escaped so that it stays text, with the same toctree entries as the page had in the build
(read from the build's environment, so that the theme's navigation is as large), in a
project with the same theme and MyST but none of the extensions (no feedcite, no
sphinxcontrib-bibtex, no autodoc). It is what Sphinx
costs for this much text and these pages, which the extension's cost is measured against.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bs4 import BeautifulSoup

__all__ = ["baseline_project", "build", "copy_project", "edit_capture"]

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_BLOCKS = "h1, h2, h3, h4, p, li, dt, dd, td, th, pre"


def copy_project(root: Path, work: Path) -> Path:
    """A copy of docs/ and refs/ (no build, no generated pages); returns the docs folder."""
    ignore = shutil.ignore_patterns("_build", "generated")
    shutil.copytree(root / "docs", work / "docs", ignore=ignore)
    shutil.copytree(root / "refs", work / "refs")
    return work / "docs"


def build(source: Path, out: Path, jobs: int) -> float:
    """Wall-clock seconds of one ``sphinx-build -b html`` run (warnings are errors)."""
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "-j", str(jobs)]
    start = time.perf_counter()
    subprocess.run(
        [*command, str(source), str(out)],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    return time.perf_counter() - start


def edit_capture(refs: Path, round_: int) -> None:
    """Change one word of the review capture (a different word each round)."""
    capture = next((refs / "captures").glob("*review*.txt"))
    text = capture.read_text(encoding="utf-8")
    words = ("unsettling", "striking")
    old, new = (words[0], words[1]) if round_ % 2 == 0 else (words[1], words[0])
    if old not in text:
        old, new = new, old
    capture.write_text(text.replace(old, new, 1), encoding="utf-8")


def _escape(text: str) -> str:
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def _toctrees(site: Path) -> dict[str, list[str]]:
    """Docname -> the docnames its toctrees include, from the build's pickled environment."""
    with (site / ".doctrees" / "environment.pickle").open("rb") as stream:
        env = pickle.load(stream)  # noqa: S301 - the pickle was written by our own build
    return {name: list(children) for name, children in env.toctree_includes.items()}


def baseline_project(site: Path, work: Path) -> Path:
    """A plain MyST project with the text and the toctrees of every page of the built ``site``."""
    toctrees = _toctrees(site)
    source = work / "baseline"
    source.mkdir(parents=True)
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).with_suffix("").as_posix()
        if name in ("genindex", "search") or name.startswith("_"):
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        main = soup.select_one("article") or soup.body
        if main is None:
            continue
        lines: list[str] = []
        title = False
        for block in main.select(_BLOCKS):
            text = block.get_text(" ", strip=True).rstrip("¶").strip()
            if not text:
                continue
            if block.name in ("h1", "h2", "h3", "h4"):
                lines.append(f"{'##' if title else '#'} {_escape(text)}")
                title = True
            else:
                lines.append(_escape(text))
            lines.append("")
        if not title:
            lines.insert(0, f"# {_escape(name)}\n")
        if toctrees.get(name):
            entries = [f"/{child}" for child in toctrees[name]]
            lines.extend(["```{toctree}", ":hidden:", "", *entries, "```", ""])
        target = source / f"{name}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines), encoding="utf-8")
    (source / "conf.py").write_text(
        "project = 'baseline'\n"
        "extensions = ['myst_parser']\n"
        "html_theme = 'furo'\n"
        "suppress_warnings = ['myst.header', 'toc.not_included']\n",
        encoding="utf-8",
    )
    return source
