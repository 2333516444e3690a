"""One measurement in a fresh process: ``python -m tests.benchmarks.measure KIND PATH...``.

Prints one JSON object: the seconds the work took (``seconds``; ``warm_seconds`` for a
second run in the same process, once the word model is loaded) and the process's peak
resident memory before and after it (``baseline_mb``, ``peak_mb``). Kinds:

``parse``
    Parse every PATH (:func:`feedcite.parsers.parse_document`), nothing more.
``full``
    Load PATHs as the command line does (:func:`feedcite.load_paths`): parse, split tags,
    infer years, assign keys, align transcripts, find links and terms.
``pipeline``
    What ``feedcite parse PATH... -o OUT`` does, timed from before ``import feedcite``:
    load the word model, parse, enrich, and write the JSON (compact) to OUT, the last PATH.
``steps``
    The same, one step at a time: prints the seconds of each step instead
    (``{"parse": s, "split_tags": s, ..., "json": s}``), warm (after a first full run).
``once``
    Load PATHs once (:func:`feedcite.load_paths`), no warm run: for worst cases.
``bibtexparser``
    bibtexparser 2 parsing the .bib file PATH, timed from before ``import bibtexparser``.
``pybtex``
    pybtex parsing the .bib file PATH, timed from before its import.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _peak_mb() -> float:
    """This process's peak resident memory, MiB.

    On Linux, from ``VmHWM``: ``ru_maxrss`` keeps the peak of the process that forked this
    one (the benchmark runner, which holds the generated feeds), so it overstates a small
    measurement.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def steps(paths: list[str]) -> dict[str, float]:
    """Seconds of parsing, of each enrichment step and of writing the JSON, after a warm-up."""
    import feedcite
    from feedcite.export.jsonexport import write_json

    feedcite.load_paths(paths, anchor_year=2024)
    context = feedcite.Context(anchor_year=2024)
    start = time.perf_counter()
    corpus = feedcite.load_paths(paths, anchor_year=2024, steps=[])
    timings = {"parse": time.perf_counter() - start}
    for step in feedcite.default_pipeline():
        start = time.perf_counter()
        corpus = step(corpus, context)
        timings[step.__name__] = time.perf_counter() - start
    start = time.perf_counter()
    with Path("/dev/null").open("w", encoding="utf-8") as stream:
        write_json(corpus, stream)
    timings["json"] = time.perf_counter() - start
    return timings


def pipeline(paths: list[str]) -> dict[str, float]:
    """``feedcite parse PATH... -o OUT``, in this process, from before the import."""
    *inputs, output = paths
    baseline = _peak_mb()
    start = time.perf_counter()
    from feedcite.cli import main

    status = main(["parse", *inputs, "-o", output])
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "baseline_mb": baseline, "peak_mb": _peak_mb(), "status": status}


def bib_reader(kind: str, path: str) -> dict[str, float]:
    """A BibTeX library parsing the file, from before its import."""
    text = Path(path).read_text(encoding="utf-8")
    baseline = _peak_mb()
    start = time.perf_counter()
    if kind == "bibtexparser":
        import bibtexparser

        count = len(bibtexparser.parse_string(text).entries)
    else:
        from pybtex.database import parse_string

        count = len(parse_string(text, "bibtex").entries)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "baseline_mb": baseline, "peak_mb": _peak_mb(), "count": count}


def main(argv: list[str]) -> int:
    kind, *paths = argv
    if kind == "steps":
        print(json.dumps(steps(paths)))
        return 0
    if kind == "pipeline":
        print(json.dumps(pipeline(paths)))
        return 0
    if kind in ("bibtexparser", "pybtex"):
        print(json.dumps(bib_reader(kind, paths[0])))
        return 0
    import feedcite
    from feedcite.parsers import parse_document

    baseline = _peak_mb()
    if kind == "once":
        start = time.perf_counter()
        corpus = feedcite.load_paths(paths)
        seconds = time.perf_counter() - start
        result = {"seconds": seconds, "baseline_mb": baseline, "peak_mb": _peak_mb()}
        result["diagnostics"] = len(corpus.diagnostics)
        print(json.dumps(result))
        return 0

    def work() -> int:
        if kind == "parse":
            return sum(
                len(getattr(parse_document(Path(p).read_bytes(), p), "items", ())) for p in paths
            )
        corpus = feedcite.load_paths(paths, anchor_year=2024)
        return len(corpus.works)

    start = time.perf_counter()
    count = work()
    seconds = time.perf_counter() - start
    peak = _peak_mb()
    start = time.perf_counter()
    work()
    warm = time.perf_counter() - start
    result = {
        "seconds": seconds,
        "warm_seconds": warm,
        "baseline_mb": baseline,
        "peak_mb": peak,
        "count": count,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
