"""Run the benchmarks and write the report: ``python -m tests.benchmarks [--quick] [-o FILE]``.

Every measurement runs in a fresh process (``tests/benchmarks/measure.py`` or
``sphinx-build``) and is repeated; the report gives medians. ``--quick`` runs each
measurement once and skips the largest sizes, to check the harness itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from tests.benchmarks import alignment, mentions
from tests.benchmarks import site as site_bench
from tests.benchmarks.generate import Bundled, synthetic_feed, synthetic_transcript

ROOT = Path(__file__).resolve().parents[2]
TARGET_ITEMS = 10_000
TARGET_SECONDS = 1.0
TARGET_RATIO = 1.3
TARGET_BIB_RATIO = 1.0


@dataclass(frozen=True)
class Row:
    """One line of a report table."""

    cells: tuple[str, ...]


def measure(kind: str, paths: list[Path], runs: int) -> dict[str, float]:
    """Medians over ``runs`` fresh processes of ``tests.benchmarks.measure``."""
    results = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-m", "tests.benchmarks.measure", kind, *map(str, paths)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        results.append(json.loads(done.stdout))
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def median_of(runs: int, step: Callable[[int], float]) -> float:
    return statistics.median(step(n) for n in range(runs))


def table(header: tuple[str, ...], rows: list[Row]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row.cells) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total = next(line for line in meminfo.read_text().splitlines() if "MemTotal" in line)
        memory = f", {int(total.split()[1]) / 1024 / 1024:.1f} GiB memory"
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in (
            "feedcite",
            "sphinx",
            "myst-parser",
            "sphinxcontrib-bibtex",
            "pybtex",
            "bibtexparser",
            "furo",
            "docutils",
        )
    )
    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores{memory}; {platform.platform()}.",
        f"- Python {platform.python_version()}; {versions}.",
    ]


def feed_section(
    bundled: Bundled, work: Path, runs: int, quick: bool
) -> tuple[str, bool, dict[str, float]]:
    base = len(bundled.feed.items)
    sizes = [(f"{n}×", base * n) for n in ((1, 10, 100) if quick else (1, 10, 100, 1000))]
    sizes.append(("target", TARGET_ITEMS))
    rows: list[Row] = []
    target_met = False
    for label, items in sizes:
        path = work / f"feed-{items}.txt"
        path.write_text(synthetic_feed(bundled, items), encoding="utf-8")
        repeat = 1 if items > 20_000 else runs
        parse = measure("parse", [path], repeat)
        full = measure("full", [path], repeat)
        per_item = full["warm_seconds"] / items * 1e6
        if items == TARGET_ITEMS:
            target_met = full["seconds"] < TARGET_SECONDS
        rows.append(
            Row(
                (
                    label,
                    f"{items:,}",
                    f"{parse['seconds']:.3f}",
                    f"{full['seconds']:.3f}",
                    f"{full['warm_seconds']:.3f}",
                    f"{per_item:.0f}",
                    f"{full['peak_mb']:.0f} ({full['peak_mb'] - full['baseline_mb']:+.0f})",
                )
            )
        )
    target_path = work / f"feed-{TARGET_ITEMS}.txt"
    timings = measure("steps", [target_path], runs)
    step_rows = [Row((name, f"{seconds:.3f}")) for name, seconds in timings.items()]
    step_rows.append(Row(("total", f"{sum(timings.values()):.3f}")))
    fresh_rows: list[Row] = []
    for items in (base, base * 10) if quick else (base, base * 10, TARGET_ITEMS):
        path = work / f"fresh-{items}.txt"
        path.write_text(synthetic_feed(bundled, items, fresh_tags=True), encoding="utf-8")
        full = measure("full", [path], 1)
        fresh_rows.append(
            Row(
                (
                    f"{items:,}",
                    f"{full['seconds']:.2f}",
                    f"{full['seconds'] / items * 1e3:.2f}",
                    f"{full['peak_mb']:.0f}",
                )
            )
        )
    header = (
        "size",
        "items",
        "parse (s)",
        "parse + split + enrich (s)",
        "same, warm (s)",
        "µs per item (warm)",
        "peak RSS MiB (growth)",
    )
    text = "\n\n".join(
        [
            "## Feeds: parse, split and enrich",
            "Synthetic feeds repeat the bundled feed's items (each copy a distinct item with "
            "its own date and claim), so tag lines recur as they do in a real feed. "
            "*Parse* reads the file into items; *parse + split + enrich* is what "
            "`feedcite parse` does (tags, years, citation keys, works), in a fresh process, "
            "including loading the word model once (about 0.3 s); *warm* is a second run "
            "in the same process.",
            table(header, rows),
            f"Where the time goes for {TARGET_ITEMS:,} items (warm, seconds per step of the "
            "pipeline, medians):",
            table(("step", "seconds"), step_rows),
            "Worst case for the tag splitter: every tag line new (3-7 tags of the bundled "
            "feed drawn at random per item, so no line repeats and nothing is cached):",
            table(
                ("items", "parse + split + enrich (s)", "ms per item", "peak RSS MiB"), fresh_rows
            ),
        ]
    )
    return text, target_met, timings


def transcript_section(bundled: Bundled, work: Path, runs: int, quick: bool) -> str:
    rows = []
    for times in (1, 10) if quick else (1, 10, 100):
        path = work / f"transcript-{times}.txt"
        path.write_text(synthetic_transcript(bundled, times), encoding="utf-8")
        repeat = 1 if times >= 100 else runs
        parse = measure("parse", [path], repeat)
        full = measure("full", [path], repeat)
        paragraphs = len(bundled.transcript.paragraphs) * times
        rows.append(
            Row(
                (
                    f"{times}×",
                    f"{paragraphs:,}",
                    f"{len(bundled.transcript.chapters) * times:,}",
                    f"{parse['seconds']:.3f}",
                    f"{full['seconds']:.2f}",
                    f"{full['seconds'] / paragraphs * 1e3:.2f}",
                    f"{full['peak_mb']:.0f}",
                )
            )
        )
    header = (
        "size",
        "paragraphs",
        "chapters",
        "parse (s)",
        "parse + align (s)",
        "ms per paragraph",
        "peak RSS MiB",
    )
    return "\n\n".join(
        [
            "## Transcripts: parse and align",
            "The bundled transcript repeated (chapters shifted in time so that the list stays "
            "in order). Alignment scores candidate starts in a window of at most 8,000 words "
            "around each chapter's expected position, so its cost grows linearly.",
            table(header, rows),
        ]
    )


def bibtex_section(bundled: Bundled, work: Path, runs: int, results: dict[str, float]) -> str:
    """BibTeX writing and reading at 10,000 entries; ``results["bibtex ratio"]`` is set."""
    import bibtexparser
    from pybtex.database import parse_string

    import feedcite
    from feedcite.export.bibtex import BibOptions, write_bibtex

    path = work / "feed-bib.txt"
    path.write_text(synthetic_feed(bundled, TARGET_ITEMS), encoding="utf-8")
    corpus = feedcite.load_paths([path], anchor_year=2024)
    ours_text = write_bibtex(corpus, BibOptions())
    library = bibtexparser.parse_string(ours_text)

    def timed(step: Callable[[], object], setup: Callable[[], None] = lambda: None) -> float:
        def once(_: int) -> float:
            setup()
            start = time.perf_counter()
            step()
            return time.perf_counter() - start

        return median_of(runs, once)

    # bibtexparser's default writer (its default unparse stack copies the library before
    # changing it), on the library it parsed from feedcite's file.
    write_ours = timed(lambda: write_bibtex(corpus, BibOptions()))
    write_theirs = timed(lambda: bibtexparser.write_string(library))
    read_bibtexparser = timed(lambda: bibtexparser.parse_string(ours_text))
    read_pybtex = timed(lambda: parse_string(ours_text, "bibtex"))
    entries = len(library.entries)
    ratio = write_ours / write_theirs
    rows = [
        Row(("feedcite writes the entries (escaping, title protection)", f"{write_ours:.3f}")),
        Row(("bibtexparser 2 writes the same library (default writer)", f"{write_theirs:.3f}")),
        Row(("bibtexparser 2 reads feedcite's file", f"{read_bibtexparser:.3f}")),
        Row(("pybtex reads feedcite's file", f"{read_pybtex:.3f}")),
    ]
    results["bibtex ratio"] = ratio
    return "\n\n".join(
        [
            "## BibTeX: 10,000 entries",
            f"The {entries:,} entries of a {TARGET_ITEMS:,}-item synthetic feed "
            f"({len(ours_text) / 1e6:.1f} MB). bibtexparser writes values as given (it escapes "
            "nothing); feedcite escapes every field and protects titles, which first needs "
            "the proper names the corpus writes: one pass over every summary and claim "
            "(about a third of feedcite's time here).",
            table(("step", "seconds (median)"), rows),
            f"Ratio feedcite / bibtexparser writing: {ratio:.2f}× (target: at most "
            f"{TARGET_BIB_RATIO:.1f}×).",
        ]
    )


def site_verdicts(results: dict[str, float]) -> list[str]:
    """The site targets of the speed issue, met or not, from the site section's figures."""

    def verdict(ok: bool) -> str:
        return "met" if ok else "not met"

    largest = max((k for k in results if k.endswith("x -j 1")), key=lambda k: int(k.split("x")[0]))
    scale = largest.split("x")[0]
    clean = results[largest]
    peak = results[f"{scale}x peak MB"]
    faster = all(
        results[f"{s}x -j 2"] < results[f"{s}x -j 1"]
        for s in ("1", "3", "10", "30")
        if f"{s}x -j 1" in results
    )
    return [
        f"- Site at {scale}× the works: clean build under 60 s: **{verdict(clean < 60)}** "
        f"({clean:.1f} s, `-j 1`); peak memory under 600 MiB: **{verdict(peak < 600)}** "
        f"({peak:.0f} MiB); growth exponent at most 1.05: "
        f"**{verdict(results['exponent -j 1'] <= 1.05)}** ({results['exponent -j 1']:.2f}).",
        f"- `-j 2` faster than `-j 1` at every scale: **{verdict(faster)}**.",
        f"- Touching every capture rebuilds as fast as a no-change rebuild and reads no page: "
        f"**{verdict(results['touched read'] == 0)}** ({results['touched']:.1f} s against "
        f"{results['no change']:.1f} s); editing one capture reads "
        f"{results['edited read']:.0f} of {results['pages']:.0f} pages.",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("-o", "--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--quick", action="store_true", help="one run each, smaller sizes")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    bundled = Bundled()
    with tempfile.TemporaryDirectory(prefix="feedcite-bench-") as folder:
        work = Path(folder)
        print("feeds ...", flush=True)
        feeds, target_met, timings = feed_section(bundled, work, runs, args.quick)
        print("transcripts ...", flush=True)
        transcripts = transcript_section(bundled, work, runs, args.quick)
        print("alignment quality ...", flush=True)
        aligned = alignment.section()
        print("bibtex ...", flush=True)
        bib_results: dict[str, float] = {}
        bib = bibtex_section(bundled, work, runs, bib_results)
        print("site ...", flush=True)
        site, site_results = site_bench.section(ROOT, work, runs, args.quick)
        print("mentions ...", flush=True)
        mention_text, mentions_met = mentions.section()
    verdicts = [
        f"- {TARGET_ITEMS:,} feed items parsed, split and enriched in under "
        f"{TARGET_SECONDS:.0f} s: **{'met' if target_met else 'not met'}** (see below).",
        *site_verdicts(site_results),
        f"- Site build within {TARGET_RATIO}× of the plain Sphinx baseline at every scale: "
        f"**{'met' if site_results['worst ratio'] <= TARGET_RATIO else 'not met'}** "
        f"({site_results['worst ratio']:.2f}×).",
        f"- BibTeX at {TARGET_ITEMS:,} entries written no slower than bibtexparser's default "
        f"writer: **{'met' if bib_results['bibtex ratio'] <= TARGET_BIB_RATIO else 'not met'}** "
        f"({bib_results['bibtex ratio']:.2f}×).",
        f"- Mention precision at least {mentions.TARGET_PRECISION:.0%} on text the rule was not "
        f"tuned on: **{'met' if mentions_met else 'not met'}** (see below).",
    ]
    report = "\n\n".join(
        [
            "# Benchmarks",
            "Written by `nox -s bench` (`python -m tests.benchmarks`); medians of "
            f"{runs} run{'s' if runs > 1 else ''} unless a table says otherwise. The "
            "numbers measure, they are not asserted by tests.",
            "\n".join(machine()),
            "## Targets",
            "\n".join(verdicts),
            feeds,
            transcripts,
            aligned,
            bib,
            site,
            mention_text,
            "## The targets explained"
            if target_met and site_results["worst ratio"] <= TARGET_RATIO
            else "## Why a target is not met",
            why(timings, site_results),
        ]
    )
    Path(args.output).write_text(report.rstrip() + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


def why(timings: dict[str, float], site: dict[str, float]) -> str:
    """The explanation of the targets, with this run's numbers."""
    total = sum(timings.values())
    split = timings.get("split_tags", 0.0)
    rest = total - split - timings.get("parse", 0.0)
    return "\n\n".join(
        [
            f"**{TARGET_ITEMS:,} items in under {TARGET_SECONDS:.0f} s.** Parsing takes "
            f"{timings.get('parse', 0.0):.2f} s and the enrichment steps other than tag "
            f"splitting {rest:.2f} s together; tag splitting takes {split:.2f} s of the "
            f"{total:.2f} s. Most of that is not the search for splits (each distinct tag line "
            "is split once, and tag lines recur) but the corpus lexicon the splitter's costs "
            "are computed from: word counts, acronyms, CamelCase words and every 2- to 4-word "
            "phrase of every summary and claim, which for 10,000 items is about two million "
            "phrases, built in pure Python, and the item's own words for every item. That "
            "evidence is what makes the splitter exact on the bundled feed and 97.9% exact on "
            "feeds it was not tuned on; building it lazily, only for the words and phrases the "
            "tag lines can contain, is the next step. When no tag line repeats (the worst case "
            "above), the search itself costs a few milliseconds per line.",
            f"**Site within {TARGET_RATIO}× of plain Sphinx.** The worst ratio this run is "
            f"{site['worst ratio']:.2f}×. What the baseline does not do: parsing the corpus and "
            "planning the site (once per build), building every generated page's nodes from its "
            "view, formatting citations with pybtex (sphinxcontrib-bibtex parses the site's "
            ".bib and keeps it in the environment, which parallel readers send back), drawing "
            "the timeline, and autodoc on the library pages. Work pages, tag pages and "
            "transcript pages are not in the table of contents, so furo's navigation, which it "
            "copies into every page, stays the size of the reading companion's own sections "
            "whatever the number of works.",
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main())
