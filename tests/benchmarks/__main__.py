"""Run the benchmarks and write the report: ``python -m tests.benchmarks [--quick] [-o FILE]``.

Every measurement runs in a fresh process (``tests/benchmarks/measure.py`` or
``sphinx-build``) and is repeated; the report gives medians. ``--quick`` runs each
measurement once and skips the largest sizes, to check the harness itself.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from tests.benchmarks import alignment, mentions
from tests.benchmarks import site as site_bench
from tests.benchmarks.generate import Bundled, TagLines, synthetic_feed, synthetic_transcript

ROOT = Path(__file__).resolve().parents[2]
TARGET_ITEMS = 10_000
TARGET_RATIO = 1.3
TARGET_BIB_RATIO = 1.0
#: A worst-case run is stopped after this many seconds.
WORST_TIMEOUT = 60.0


@dataclass(frozen=True)
class Row:
    """One line of a report table."""

    cells: tuple[str, ...]


def measure(
    kind: str, paths: list[Path], runs: int, *, timeout: float | None = None
) -> dict[str, float]:
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
            timeout=timeout,
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
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores{memory}; {platform.platform()}; load "
        f"average {load} (1, 5, 15 minutes) when the report was written (the machine may be "
        "shared: a load above the core count slows every figure).",
        f"- Python {platform.python_version()}; {versions}.",
    ]


#: Targets of the feed pipeline (issue #16) and of the worst cases (issue #14).
DISTINCT_SECONDS = 5.0
PEAK_MB_100K = 1024
RATIO_BIBTEXPARSER = 1.0
WORST_SECONDS = 5.0
BIG_FEED_MB = 500
FEED_MODES: tuple[TagLines, ...] = ("repeated", "distinct", "mixed")


def exponent(sizes: list[float], seconds: list[float]) -> float:
    """The growth exponent k of seconds ~ size**k, from the smallest and largest size."""
    if seconds[0] <= 0 or seconds[-1] <= 0:
        return math.nan
    return math.log(seconds[-1] / seconds[0]) / math.log(sizes[-1] / sizes[0])


def feed_section(
    bundled: Bundled, work: Path, runs: int, quick: bool
) -> tuple[str, dict[str, Any]]:
    """The whole feed pipeline at two sizes, for each kind of tag lines, and its steps."""
    sizes = (1_000, 10_000) if quick else (TARGET_ITEMS, 10 * TARGET_ITEMS)
    results: dict[Any, Any] = {"sizes": sizes}
    # The unigram table's compact copy is made once, as on any machine after a first run.
    warm = work / "warm.txt"
    warm.write_text(synthetic_feed(bundled, 34), encoding="utf-8")
    measure("pipeline", [warm, work / "warm.json"], 1)
    rows: list[Row] = []
    for mode in FEED_MODES:
        times: list[float] = []
        for items in sizes:
            path = work / f"feed-{mode}-{items}.txt"
            path.write_text(synthetic_feed(bundled, items, tag_lines=mode), encoding="utf-8")
            done = measure("pipeline", [path, work / "out.json"], 1 if items > 20_000 else runs)
            times.append(done["seconds"])
            results[(mode, items)] = done
            rows.append(
                Row(
                    (
                        mode,
                        f"{items:,}",
                        f"{done['seconds']:.2f}",
                        f"{done['seconds'] / items * 1e6:.0f}",
                        f"{done['peak_mb']:.0f}",
                        f"{exponent(list(sizes), times):.2f}" if items == sizes[-1] else "",
                    )
                )
            )
    step_rows: list[Row] = []
    timings: dict[tuple[str, int], dict[str, float]] = {}
    step_modes: tuple[TagLines, ...] = ("repeated", "distinct")
    for mode in step_modes:
        for items in sizes:
            path = work / f"feed-{mode}-{items}.txt"
            timings[(mode, items)] = measure("steps", [path], 1 if items > 20_000 else runs)
    names = list(timings[("repeated", sizes[0])])
    for name in [*names, "total"]:
        cells = [name]
        for measured in timings.values():
            value = sum(measured.values()) if name == "total" else measured[name]
            cells.append(f"{value:.3f}")
        step_rows.append(Row(tuple(cells)))
    results["steps"] = timings
    header = ("tag lines", "items", "seconds", "µs per item", "peak RSS MiB", "growth exponent")
    step_header = ("step", *(f"{mode} {items:,}" for mode, items in timings))
    text = "\n\n".join(
        [
            "## Feeds: the whole pipeline",
            "What `feedcite parse FEED -o out.json` does, in a fresh process, timed from before "
            "`import feedcite` (loading the word model, parsing, splitting tags, years, keys, "
            "works, and writing the JSON). Synthetic feeds cycle through the bundled feed's "
            "items, each copy a distinct item with its own date and claim; their tag lines "
            "are *repeated* (each item keeps its bundled line: 34 distinct lines), *distinct* "
            "(every line new, as in a real feed: the item's own tags reordered, most kept, "
            "sometimes one of another item) or *mixed* (every other item each way). The "
            "growth exponent k fits time ~ items^k between the two sizes (1 is linear).",
            table(header, rows),
            "Where the time goes (seconds per step, warm: after a first run in the same "
            "process; `json` writes the compact JSON):",
            table(step_header, step_rows),
        ]
    )
    return text, results


def accuracy_section(bundled: Bundled, work: Path, quick: bool) -> tuple[str, dict[str, float]]:
    """Tags split exactly, on the annotated feeds and on the distinct synthetic feed timed above."""
    import tomllib

    import feedcite
    from tests.benchmarks.generate import exact_tags, synthetic_feed_with_tags

    def score(paths: list[Path], keys: list[list[list[str]]]) -> tuple[int, int]:
        hits = total = 0
        for path, key in zip(paths, keys, strict=True):
            corpus = feedcite.load_paths([path])
            splits = [w.tag_split for w in corpus.works if w.tag_split is not None]
            total += sum(len(tags) for tags in key)
            hits += sum(exact_tags(s, e) for s, e in zip(splits, key, strict=True))
        return hits, total

    data = ROOT / "tests" / "data"
    rows: list[Row] = []
    results: dict[str, float] = {}
    bundled_key = tomllib.loads((data / "amodei-expected-tags.toml").read_text("utf-8"))["tags"]
    groups = [("the bundled feed", [ROOT / "refs/captures/amodei-feed.txt"], [bundled_key])]
    for folder, label in (
        (data / "feeds", "held-out feeds (tests/data/feeds)"),
        (data / "feeds" / "fields", "feeds from other fields, tuned on (fields/)"),
        (data / "feeds" / "set-aside", "feeds from other fields, set aside (set-aside/)"),
    ):
        key = tomllib.loads((folder / "expected-tags.toml").read_text("utf-8"))
        groups.append((label, [folder / f"{name}.txt" for name in key], list(key.values())))
    items = 1_000 if quick else TARGET_ITEMS
    text, truth = synthetic_feed_with_tags(bundled, items, tag_lines="distinct")
    synthetic = work / "accuracy-distinct.txt"
    synthetic.write_text(text, encoding="utf-8")
    groups.append((f"synthetic, {items:,} distinct tag lines (timed above)", [synthetic], [truth]))
    for label, paths, keys in groups:
        hits, total = score(paths, keys)
        results[label] = hits / total
        rows.append(Row((label, f"{hits:,} / {total:,}", f"{100 * hits / total:.1f}%")))
    return "\n\n".join(
        [
            "## Tag splitting: accuracy with the speed",
            "Tags split exactly (the right tag at the right place in the line), measured by "
            "the same run, so that speed is never bought with accuracy. The set-aside feeds "
            "were scored once when the splitter's tuning was done (203 / 206); the synthetic "
            "feed's lines are its items' own tags, reordered, under unrelated summaries.",
            table(("feeds", "tags exact", "share"), rows),
        ]
    ), results


def ratio_section(bundled: Bundled, work: Path, runs: int, quick: bool) -> tuple[str, float]:
    """The whole pipeline against bibtexparser and pybtex reading the same works as .bib."""
    import feedcite
    from feedcite.export.bibtex import BibOptions, write_bibtex

    items = 1_000 if quick else TARGET_ITEMS
    path = work / f"ratio-{items}.txt"
    path.write_text(synthetic_feed(bundled, items), encoding="utf-8")
    bib = work / f"ratio-{items}.bib"
    bib.write_text(write_bibtex(feedcite.load_paths([path]), BibOptions()), encoding="utf-8")
    ours = measure("pipeline", [path, work / "ratio.json"], runs)["seconds"]
    theirs = measure("bibtexparser", [bib], runs)["seconds"]
    pybtex = measure("pybtex", [bib], runs)["seconds"]
    ratio = ours / theirs
    rows = [
        Row(("feedcite: the whole pipeline with JSON", f"{ours:.2f}")),
        Row(("bibtexparser 2 parses the works' .bib", f"{theirs:.2f}")),
        Row(("pybtex parses the works' .bib", f"{pybtex:.2f}")),
    ]
    text = "\n\n".join(
        [
            f"## Feeds against BibTeX readers: {items:,} works",
            f"The {items:,}-item feed with the bundled feed's repetition (34 distinct tag lines), "
            "read by feedcite's whole pipeline, against bibtexparser 2 and pybtex parsing the "
            f"same works written as a .bib file ({bib.stat().st_size / 1e6:.1f} MB); each in a "
            "fresh process, timed from before its import, medians.",
            table(("reader", "seconds"), rows),
            f"Ratio feedcite / bibtexparser: {ratio:.2f}×.",
        ]
    )
    return text, ratio


def worst_case_section(
    bundled: Bundled, work: Path, quick: bool
) -> tuple[str, dict[str, tuple[float, float, float]]]:
    """Hostile inputs at three sizes each: time, growth exponent and memory."""
    from tests.benchmarks import generate

    scale = 4 if quick else 1
    base = generate.BASE
    cases: list[tuple[str, str, list[float], Callable[[float], str], str, list[Path]]] = [
        ("a tag line", "characters", [50_000, 100_000, 200_000],
         lambda n: generate.long_tag_line(bundled, int(n)), "feed", []),
        ("a feed summary line", "characters", [2_500_000, 5_000_000, 10_000_000],
         lambda n: generate.long_summary_line(int(n)), "feed", []),
        ("one capitalised word", "characters", [250_000, 500_000, 1_000_000],
         lambda n: generate.long_capitalised_word(int(n)), "feed", []),
        ("the people line of a summary", "names", [250, 500, 1_000],
         lambda n: generate.many_names(int(n)), "summary", []),
        ("a flattened table in notes", "rows", [125, 250, 500],
         lambda n: generate.flattened_table(int(n)), "notes", [base / "transcript.txt"]),
        ("chapter references on one notes line", "references", [5_000, 10_000, 20_000],
         lambda n: generate.many_chapter_refs(int(n)), "notes", [base / "transcript.txt"]),
        ("the chapter list of a transcript", "chapters", [1_000, 2_000, 4_000],
         lambda n: generate.many_chapters(int(n)), "transcript", []),
        ("the trailer line of a transcript", "words", [10, 15, 20],
         lambda n: generate.long_trailer(int(n)), "transcript", []),
        ("a feed file", "MB", [5, 10, 20],
         lambda n: generate.big_feed(bundled, n), "feed", []),
    ]  # fmt: skip
    rows: list[Row] = []
    results: dict[str, tuple[float, float, float]] = {}
    for label, unit, full_sizes, make, kind, extra in cases:
        sizes = [size / scale if unit != "words" else size for size in full_sizes]
        clean = measure("once", [base / f"{kind}.txt", *extra], 1, timeout=WORST_TIMEOUT)
        times: list[float] = []
        peaks: list[float] = []
        for size in sizes:
            path = work / f"worst-{kind}.txt"
            path.write_text(make(size), encoding="utf-8")
            try:
                done = measure("once", [path, *extra], 1, timeout=WORST_TIMEOUT)
            except subprocess.TimeoutExpired:
                times.append(math.inf)
                peaks.append(math.nan)
                break
            times.append(done["seconds"])
            peaks.append(done["peak_mb"])
        extra_time = [max(t - clean["seconds"], 1e-3) for t in times]
        if math.inf in times or len(times) < len(sizes):
            growth = "—"
        elif extra_time[-1] < 0.1:
            growth = "flat"  # nothing measurable beyond the clean document
        else:  # from the two largest sizes, where fixed costs weigh least
            growth = f"{exponent(sizes[-2:], extra_time[-2:]):.2f}"
        shown = [f"> {WORST_TIMEOUT:.0f}" if math.isinf(t) else f"{t:.2f}" for t in times] + [
            "not run"
        ] * (len(sizes) - len(times))
        results[label] = (max(times), peaks[-1] if peaks else math.nan, len(times))
        rows.append(
            Row(
                (
                    label,
                    " / ".join(f"{size:,.0f}" for size in sizes) + f" {unit}",
                    " / ".join(shown),
                    growth,
                    f"{max(p for p in peaks if not math.isnan(p)):.0f}"
                    if any(not math.isnan(p) for p in peaks)
                    else "—",
                )
            )
        )
    text = "\n\n".join(
        [
            "## Worst cases: hostile inputs",
            "Each input is a clean document of the bad-input suite (`tests/evidence/base/`) with "
            "one part made huge, at three sizes, loaded by `feedcite.load_paths` in a fresh "
            "process (parse and every enrichment step). The growth exponent k fits the time "
            "beyond the clean document, ~ size^k, between the two largest sizes (1 is linear); "
            f"*flat* means under 0.1 s beyond it. A run is stopped after {WORST_TIMEOUT:.0f} s. The transcript's own "
            "cases (chapter list, trailer) belong to the transcript parser.",
            table(("input", "sizes", "seconds", "growth exponent", "peak RSS MiB"), rows),
        ]
    )
    return text, results


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
            "nothing); feedcite escapes every field and protects titles (their acronyms, "
            "capitals in mid-sentence and the corpus's proper names, which the enrichment "
            "found once).",
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


SECTIONS = (
    "feeds",
    "accuracy",
    "ratio",
    "worst",
    "transcripts",
    "alignment",
    "bibtex",
    "site",
    "mentions",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("-o", "--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--quick", action="store_true", help="one run each, smaller sizes")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help=f"comma-separated sections to run (default: all of {', '.join(SECTIONS)})",
    )
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    chosen = [name.strip() for name in args.sections.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown sections: {', '.join(unknown)}")
    bundled = Bundled()
    parts: dict[str, str] = {}
    found: dict[str, Any] = {}
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="feedcite-bench-") as folder:
        work = Path(folder)
        for name in SECTIONS:
            if name not in chosen:
                continue
            print(f"{name} ...", flush=True)
            try:
                if name == "feeds":
                    parts[name], found[name] = feed_section(bundled, work, runs, args.quick)
                elif name == "accuracy":
                    parts[name], found[name] = accuracy_section(bundled, work, args.quick)
                elif name == "ratio":
                    parts[name], found[name] = ratio_section(bundled, work, runs, args.quick)
                elif name == "worst":
                    parts[name], found[name] = worst_case_section(bundled, work, args.quick)
                elif name == "transcripts":
                    parts[name] = transcript_section(bundled, work, runs, args.quick)
                elif name == "alignment":
                    parts[name] = alignment.section()
                elif name == "bibtex":
                    bib_results: dict[str, float] = {}
                    parts[name] = bibtex_section(bundled, work, runs, bib_results)
                    found[name] = bib_results
                elif name == "site":
                    parts[name], found[name] = site_bench.section(ROOT, work, runs, args.quick)
                else:
                    parts[name], found[name] = mentions.section()
            except Exception as error:  # one section's failure must not lose the others
                failed.append(name)
                found.pop(name, None)
                parts[name] = f"## Section {name!r} failed\n\n```\n{traceback.format_exc()}```"
                print(f"{name} failed: {error!r}", file=sys.stderr, flush=True)
    verdicts, all_met = targets(found)
    report = "\n\n".join(
        [
            "# Benchmarks",
            "Written by `nox -s bench` (`python -m tests.benchmarks`); medians of "
            f"{runs} run{'s' if runs > 1 else ''} unless a table says otherwise. The "
            "numbers measure, they are not asserted by tests."
            + ("" if chosen == list(SECTIONS) else f" Sections run: {', '.join(chosen)}."),
            "\n".join(machine()),
            "## Targets",
            "\n".join(verdicts),
            *(parts[name] for name in SECTIONS if name in parts),
            "## The targets explained" if all_met else "## Why a target is not met",
            why(found),
        ]
    )
    Path(args.output).write_text(report.rstrip() + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    if failed:
        print(f"sections that failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def targets(found: dict[str, Any]) -> tuple[list[str], bool]:
    """One line per target of the sections that ran, and whether all are met."""
    lines: list[str] = []
    oks: list[bool] = []
    if "feeds" in found:
        feeds = found["feeds"]
        small, large = feeds["sizes"]
        distinct = feeds[("distinct", small)]["seconds"]
        ok = distinct < DISTINCT_SECONDS
        oks.append(ok)
        lines.append(
            f"- {small:,} feed items with every tag line distinct, whole pipeline with JSON, "
            f"under {DISTINCT_SECONDS:.0f} s: {_met(ok)} ({distinct:.2f} s)."
        )
        grow = exponent(
            [small, large],
            [feeds[("distinct", small)]["seconds"], feeds[("distinct", large)]["seconds"]],
        )
        peak = feeds[("distinct", large)]["peak_mb"]
        ok = grow <= 1.1 and peak < PEAK_MB_100K
        oks.append(ok)
        lines.append(
            f"- Linear to {large:,} items, peak memory under 1 GB there: {_met(ok)} "
            f"(growth exponent {grow:.2f}, peak {peak:.0f} MiB)."
        )
    if "ratio" in found:
        ok = found["ratio"] <= RATIO_BIBTEXPARSER
        oks.append(ok)
        lines.append(
            "- The bundled feed's repetition no slower than bibtexparser 2 parsing the same "
            f"works as .bib (ratio <= {RATIO_BIBTEXPARSER:.1f}): {_met(ok)} "
            f"({found['ratio']:.2f}×)."
        )
    if "worst" in found:
        worst = found["worst"]
        transcripts = [seconds for key, (seconds, _, _) in worst.items() if "transcript" in key]
        lines_only = {
            k: v for k, v in worst.items() if "transcript" not in k and k != "a feed file"
        }
        slowest_ours = max(seconds for seconds, _, _ in lines_only.values())
        ok = slowest_ours <= WORST_SECONDS
        oks.append(ok)
        lines.append(
            f"- No long line, name list, table or reference list over {WORST_SECONDS:.0f} s "
            f"(feed, summary, notes): {_met(ok)} (slowest {slowest_ours:.2f} s; the "
            f"transcript's cases {max(transcripts, default=0.0):.2f} s)."
        )
        seconds, big, _ = worst["a feed file"]
        ok = big < BIG_FEED_MB
        oks.append(ok)
        lines.append(
            f"- The largest feed file in under {BIG_FEED_MB} MB of memory: {_met(ok)} "
            f"({big:.0f} MiB; {seconds:.1f} s, linear: see the worst-case table)."
        )
    if "bibtex" in found:
        ratio = found["bibtex"]["bibtex ratio"]
        ok = ratio <= TARGET_BIB_RATIO
        oks.append(ok)
        lines.append(
            f"- BibTeX at {TARGET_ITEMS:,} entries written no slower than bibtexparser's "
            f"default writer: {_met(ok)} ({ratio:.2f}×)."
        )
    if "site" in found:
        site = found["site"]
        verdicts = site_verdicts(site)
        oks.extend("**not met**" not in line for line in verdicts)
        lines.extend(verdicts)
        ratio = site["worst ratio"]
        ok = ratio <= TARGET_RATIO
        oks.append(ok)
        lines.append(
            f"- Site build within {TARGET_RATIO}× of the plain Sphinx baseline at every scale: "
            f"{_met(ok)} ({ratio:.2f}×)."
        )
    if "mentions" in found:
        ok = bool(found["mentions"])
        oks.append(ok)
        lines.append(
            f"- Mention precision at least {mentions.TARGET_PRECISION:.0%} on text the rule "
            f"was not tuned on: {_met(ok)} (see below)."
        )
    return lines, all(oks)


def why(found: dict[str, Any]) -> str:
    """The explanation of the targets, with this run's numbers."""
    parts: list[str] = []
    if "feeds" in found:
        feeds = found["feeds"]
        small, _ = feeds["sizes"]
        steps = feeds["steps"][("distinct", small)]
        total = sum(steps.values())
        split = steps.get("split_tags", 0.0)
        parts.append(
            f"**The feed pipeline.** With every tag line distinct, tag splitting is "
            f"{split:.2f} s of the {total:.2f} s the steps take for {small:,} items (warm); "
            "every distinct line is searched twice (the second pass adds the evidence of the "
            "other items' tags), over the cut points of its hyphen-free runs, which are "
            "segmented once per distinct run and shared by both passes. The corpus evidence "
            "is built only for the words those cut points can produce, each distinct summary "
            "and claim read once; parsing, the other steps and the compact JSON are linear "
            "and small. Repeated tag lines are split once, so the repeated feed's cost is "
            "parsing, evidence, the other steps and the JSON."
        )
    if "ratio" in found:
        parts.append(
            f"**Against bibtexparser ({found['ratio']:.2f}×).** bibtexparser splits a .bib file "
            "into entries and fields; feedcite's pipeline does that for the feed and then "
            "builds works, splits tags with corpus evidence, infers years, assigns citation "
            "keys and a glossary, and writes JSON. With the repetition no step dominates: "
            "parsing, works, tag splitting with its corpus evidence, mentions, proper names "
            "and the JSON each take a few tenths of a second at 10,000 items (see the steps "
            "table), and the word model's loading and the imports add the rest; a parser's "
            "speed would mean dropping the enrichment from `feedcite parse`."
        )
    if "worst" in found:
        worst = found["worst"]
        slow = [
            k for k, (seconds, _, _) in worst.items() if seconds > WORST_SECONDS and "file" not in k
        ]
        parts.append(
            "**Worst cases.** "
            + (
                "Every line-level case finishes within the limit; a feed file takes time in "
                "proportion to its items (distinct tag lines are the splitter's worst case). "
                if not slow
                else f"Over {WORST_SECONDS:.0f} s: {', '.join(slow)}. "
            )
            + "Tag lines over 1,000 characters are not split (a located warning), so a long "
            "line costs its parsing only; the summary's people line, chapter references and "
            "acronyms use patterns that cannot backtrack; table rows are split by a bounded "
            "search instead of trying every combination; a transcript's chapter list is "
            "ordered by one longest-rising-run pass."
        )
    if "site" in found:
        parts.append(SITE_WHY.format(ratio=TARGET_RATIO, worst=found["site"]["worst ratio"]))
    return "\n\n".join(parts)


SITE_WHY = (
    "**Site within {ratio}× of plain Sphinx.** The worst ratio this run is {worst:.2f}×. "
    "What the baseline does not do: parsing the corpus and planning the site (once per "
    "build), building every generated page's nodes from its view, formatting citations "
    "with pybtex (sphinxcontrib-bibtex parses the site's .bib and keeps it in the "
    "environment, which parallel readers send back) and drawing the timeline; both run "
    "autodoc on the library pages. Work pages, tag pages and transcript pages are not in "
    "the table of "
    "contents, so furo's navigation, which it copies into every page, stays the size of the "
    "reading companion's own sections whatever the number of works."
)
"""The site paragraph of the explanations (``str.format`` with the site results)."""


if __name__ == "__main__":
    raise SystemExit(main())
