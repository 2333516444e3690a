"""Site builds: the bundled site at 1× to 30× its works, against plain Sphinx of the same shape.

The baseline is made from the built site itself: every page's main text (headings,
paragraphs, list items, table cells) is written to a Markdown page of the same name,
escaped so that it stays text, with the same toctree entries as the page had in the build
(read from the build's environment, so that the theme's navigation is as large), in a
project with the same theme and MyST but not feedcite or sphinxcontrib-bibtex. The library
reference (pages built by autodoc, with no feedcite markup) is copied as its source and
built by autodoc with the site's settings: that cost is Sphinx's on both sides. It is what
Sphinx costs for this much text and these pages, which the extension's cost is measured
against.

:func:`scaled_project` makes the bundled site N times larger: the feed keeps its items (so
the curated metadata still applies) and gains N-1 copies of them, older, each copy a
distinct work. :func:`section` builds each scale clean with one and two processes, and the
baseline made from it, and at 1× measures rebuilds: nothing changed, every capture touched,
one word of one capture edited.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bs4 import BeautifulSoup

__all__ = [
    "baseline_project",
    "build",
    "copy_project",
    "edit_capture",
    "run_build",
    "scaled_project",
    "section",
]

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


def _toctrees(doctrees: Path) -> dict[str, list[str]]:
    """Docname -> the docnames its toctrees include, from the build's pickled environment."""
    with (doctrees / "environment.pickle").open("rb") as stream:
        env = pickle.load(stream)  # noqa: S301 - the pickle was written by our own build
    return {name: list(children) for name, children in env.toctree_includes.items()}


def _autodoc_only(text: str) -> bool:
    """Whether a page's source is built by autodoc and uses no feedcite markup."""
    return ".. auto" in text and "feedcite:" not in text and "{cite" not in text


def _plain_page(page: Path, name: str, children: list[str]) -> str | None:
    """The main text of a built page as escaped Markdown, with its toctree (None: no text)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("article") or soup.body
    if main is None:
        return None
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
    if children:
        entries = [f"/{child}" for child in children]
        lines.extend(["```{toctree}", ":hidden:", "", *entries, "```", ""])
    return "\n".join(lines)


def baseline_project(site: Path, doctrees: Path, work: Path, sources: Path | None = None) -> Path:
    """A plain MyST project with the text and the toctrees of every page of the built ``site``
    (whose environment is in ``doctrees``).

    A page of ``sources`` that autodoc builds and that uses no feedcite markup (the library
    reference) is copied as it is, and the baseline runs autodoc on it as the site does:
    that cost is Sphinx's, not the extension's.
    """
    toctrees = _toctrees(doctrees)
    source = work / "baseline"
    source.mkdir(parents=True)
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).with_suffix("").as_posix()
        if name in ("genindex", "search") or name.startswith("_"):
            continue
        original = sources / f"{name}.md" if sources is not None else None
        kept = original.read_text(encoding="utf-8") if original and original.is_file() else ""
        text = kept if _autodoc_only(kept) else _plain_page(page, name, toctrees.get(name, []))
        if text is None:
            continue
        target = source / f"{name}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (source / "conf.py").write_text(
        "project = 'baseline'\n"
        "extensions = ['myst_parser', 'sphinx.ext.autodoc', 'sphinx.ext.napoleon']\n"
        "html_theme = 'furo'\n"
        "suppress_warnings = ['myst.header', 'toc.not_included', 'ref.python']\n"
        # As the site's conf.py documents the library.
        "autodoc_typehints = 'description'\n"
        "autodoc_member_order = 'bysource'\n"
        "toc_object_entries = False\n"
        "autodoc_default_options = {'members': True, 'show-inheritance': False}\n"
        "napoleon_numpy_docstring = False\n",
        encoding="utf-8",
    )
    return source


def scaled_project(root: Path, work: Path, times: int) -> Path:
    """The bundled site with ``times`` times its feed's works; returns the docs folder."""
    from datetime import date, timedelta

    from feedcite.model import MONTH_ABBR
    from tests.benchmarks.generate import Bundled

    docs = copy_project(root, work)
    feed = next((work / "refs" / "captures").glob("*feed*.txt"))
    lines = feed.read_text(encoding="utf-8").rstrip("\n").split("\n")
    items = Bundled(work / "refs" / "captures").feed.items
    day = date(2011, 12, 31)  # older than every item of the bundled feed
    for n in range(len(items) * (times - 1)):
        if n and n % 10 == 0:
            day -= timedelta(days=1)
        item = items[n % len(items)]
        first, _, rest = item.claim.partition(" ")
        lines += [
            f"{item.kind} / {item.handle} / {MONTH_ABBR[day.month - 1]} {day.day}",
            item.summary,
            item.tag_line,
            f"“{first} (copy {n + 1}) {rest}”",  # breaks the curated phrase: a new work
        ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return docs


def run_build(source: Path, out: Path, jobs: int) -> dict[str, float]:
    """One build in a fresh process (``tests/benchmarks/sphinx_run.py``): seconds, MB, pages read."""
    report = out.parent / f"{out.name}-report.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.benchmarks.sphinx_run",
            str(report),
            str(source),
            str(out),
            str(jobs),
        ],
        check=False,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONHASHSEED": "0",
            "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        },
    )
    if done.returncode != 0:
        raise RuntimeError(f"the build of {source} failed:\n{done.stderr[-4000:]}")
    result: dict[str, float] = json.loads(report.read_text())
    return result


def _clean(source: Path, out: Path, jobs: int, *, generated: bool = True) -> dict[str, float]:
    """A build from nothing: no output, and (``generated``) no pages the extension wrote.

    The baseline's ``generated/`` holds its own copied pages, so it is kept.
    """
    for folder in (out, source / "generated") if generated else (out,):
        if folder.exists():
            shutil.rmtree(folder)
    return run_build(source, out, jobs)


def _median(results: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def _exponent(points: list[tuple[float, float]]) -> float:
    """The least-squares slope of log(time) against log(size)."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    num = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    den = sum((x - mean_x) ** 2 for x in xs)
    return num / den if den else 0.0


def section(root: Path, work: Path, runs: int, quick: bool) -> tuple[str, dict[str, float]]:
    """The site benchmark's report section, and its figures (see the module docstring)."""
    scales = (1, 3) if quick else (1, 3, 10, 30)
    rows: list[tuple[str, ...]] = []
    results: dict[str, float] = {}
    seconds_by_works: dict[str, list[tuple[float, float]]] = {"-j 1": [], "-j 2": []}
    worst_ratio = 0.0
    for scale in scales:
        folder = work / f"site-{scale}"
        docs = scaled_project(root, folder, scale)
        out = folder / "build"
        runs_here = runs if scale <= 10 else 1
        one = _median([_clean(docs, out, 1) for _ in range(runs_here)])
        two = _median([_clean(docs, out, 2) for _ in range(runs_here)])
        html = out / "html"
        pages = len(list(html.rglob("*.html")))
        import feedcite

        works = len(feedcite.load_corpus(folder / "refs" / "corpus.toml").works)
        _clean(docs, out, 1)  # the baseline copies the toctrees of a build's environment
        baseline = baseline_project(html, out / ".doctrees", folder / "plain", sources=docs)
        plain = folder / "plain-build"
        base_one = _median([_clean(baseline, plain, 1, generated=False) for _ in range(runs_here)])
        base_two = _median([_clean(baseline, plain, 2, generated=False) for _ in range(runs_here)])
        ratios = (one["seconds"] / base_one["seconds"], two["seconds"] / base_two["seconds"])
        worst_ratio = max(worst_ratio, *ratios)
        seconds_by_works["-j 1"].append((works, one["seconds"]))
        seconds_by_works["-j 2"].append((works, two["seconds"]))
        rows.append(
            (
                f"{scale}×",
                f"{works:,}",
                f"{pages:,}",
                f"{one['seconds']:.1f}",
                f"{two['seconds']:.1f}",
                f"{base_one['seconds']:.1f}",
                f"{base_two['seconds']:.1f}",
                f"{ratios[0]:.2f} / {ratios[1]:.2f}",
                f"{one['seconds'] / pages * 1000:.0f}",
                f"{max(one['peak_mb'], two['peak_mb']):.0f}",
            )
        )
        results[f"{scale}x -j 1"] = one["seconds"]
        results[f"{scale}x -j 2"] = two["seconds"]
        results[f"{scale}x peak MB"] = max(one["peak_mb"], two["peak_mb"])
        if scale == 1:
            _clean(docs, out, 2)
            results["no change"] = _median([run_build(docs, out, 2) for _ in range(runs)])[
                "seconds"
            ]
            for capture in (folder / "refs" / "captures").iterdir():
                capture.touch()
            touched = run_build(docs, out, 2)
            results["touched"], results["touched read"] = touched["seconds"], touched["read"]
            edits = []
            for number in range(runs):
                edit_capture(folder / "refs", number)
                edits.append(run_build(docs, out, 2))
            edited = _median(edits)
            results["edited"], results["edited read"] = edited["seconds"], edited["read"]
            results["baseline no change"] = run_build(baseline, plain, 2)["seconds"]
            results["pages"] = pages
    for jobs, points in seconds_by_works.items():
        results[f"exponent {jobs}"] = _exponent(points)
    results["worst ratio"] = worst_ratio
    header = (
        "scale", "works", "pages", "-j 1 (s)", "-j 2 (s)", "baseline -j 1", "baseline -j 2",
        "ratio -j 1 / -j 2", "ms per page (-j 1)", "peak RSS MiB",
    )  # fmt: skip
    table = "\n".join(
        ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        + ["| " + " | ".join(row) + " |" for row in rows]
    )
    text = "\n\n".join(
        [
            "## The site",
            "The bundled site at 1× to 30× its works (the feed's items repeated as older, "
            "distinct works; see `tests/benchmarks/site.py`), each built clean with "
            "`-W -b html` in a fresh process with one and with two processes, against a plain "
            "MyST + furo project with the same text on the same pages and the same toctrees "
            "(the library reference built by autodoc in both). Medians of the runs (one run "
            "at 30×).",
            table,
            f"Growth exponent of the clean build from {scales[0]}× to {scales[-1]}×: "
            f"{results['exponent -j 1']:.2f} (`-j 1`), {results['exponent -j 2']:.2f} (`-j 2`). "
            f"Worst ratio to the baseline: {worst_ratio:.2f}×.",
            f"Rebuilds of the 1× site ({results['pages']:.0f} pages, `-j 2`): nothing changed "
            f"{results['no change']:.1f} s (baseline {results['baseline no change']:.1f} s); "
            f"every capture touched {results['touched']:.1f} s, {results['touched read']:.0f} "
            f"pages read; one word of the review capture edited {results['edited']:.1f} s, "
            f"{results['edited read']:.0f} pages read.",
        ]
    )
    return text, results
