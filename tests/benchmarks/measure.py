"""One measurement in a fresh process: ``python -m tests.benchmarks.measure KIND PATH...``.

Prints one JSON object: the seconds the work took (``seconds``; ``warm_seconds`` for a
second run in the same process, once the word model is loaded) and the process's peak
resident memory before and after it (``baseline_mb``, ``peak_mb``). Kinds:

``parse``
    Parse every PATH (:func:`feedcite.parsers.parse_document`), nothing more.
``full``
    Load PATHs as the command line does (:func:`feedcite.load_paths`): parse, split tags,
    infer years, assign keys, align transcripts, find links and terms.
``steps``
    The same, one enrichment step at a time: prints the seconds of each step instead
    (``{"parse": s, "split_tags": s, ...}``), warm (after a first full run).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import feedcite
from feedcite.parsers import parse_document


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def steps(paths: list[str]) -> dict[str, float]:
    """Seconds of parsing and of each enrichment step, after a warm-up run."""
    feedcite.load_paths(paths, anchor_year=2024)
    context = feedcite.Context(anchor_year=2024)
    start = time.perf_counter()
    corpus = feedcite.load_paths(paths, anchor_year=2024, steps=[])
    timings = {"parse": time.perf_counter() - start}
    for step in feedcite.default_pipeline():
        start = time.perf_counter()
        corpus = step(corpus, context)
        timings[step.__name__] = time.perf_counter() - start
    return timings


def main(argv: list[str]) -> int:
    kind, *paths = argv
    if kind == "steps":
        print(json.dumps(steps(paths)))
        return 0
    baseline = _peak_mb()

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
