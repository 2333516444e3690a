"""Inferring the years the feed leaves out.

Feed items carry a month and a day but no year. Years come, in order of authority, from
curated metadata (``year_source = metadata``), from an anchor year given for the newest
item (``anchor``), or from the newest-first order (``inferred``): going down the feed,
the year drops by one each time the date jumps forward (``Jan 23`` followed by
``Sep 18``); going up from a known year below, it rises the same way.

Order alone cannot see a whole year without items, so inferred years are the *latest*
(going down) or *earliest* (going up) years consistent with the order, and every run of
inferred items gets a warning that says so. Where two known years enclose a run, the
years the order implies are checked against them, and a hidden gap or a contradiction
is reported. Metadata dates that break the newest-first order are reported too.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from feedcite.enrich.context import Context
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import Corpus, Feed, Work, YearSource

__all__ = ["infer_years"]


def _md(work: Work) -> tuple[int, int]:
    return (work.month or 0, work.day or 0)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def infer_years(corpus: Corpus, context: Context) -> Corpus:
    """Give every feed work a year and its source, and report what cannot be known."""
    diagnostics = list(corpus.diagnostics)
    works = list(corpus.works)
    for document in corpus.documents:
        if not isinstance(document, Feed):
            continue
        indices = [
            i
            for i, w in enumerate(works)
            if w.item is not None and w.item.span.path == document.path
        ]
        _infer_feed(works, indices, context.anchor_year, diagnostics)
    return replace(corpus, works=tuple(works), diagnostics=tuple(diagnostics))


def _infer_feed(
    works: list[Work], indices: list[int], anchor: int | None, diagnostics: list[Diagnostic]
) -> None:
    if not indices:
        return
    first = works[indices[0]]
    if anchor is not None:
        if first.year_source is YearSource.METADATA:
            if first.year != anchor:
                diagnostics.append(
                    _warn(
                        first,
                        Code.DATE_MISMATCH,
                        f"the anchor year {anchor} contradicts the metadata year {first.year} of "
                        "the newest item; the metadata year is used",
                    )
                )
        else:
            works[indices[0]] = replace(first, year=anchor, year_source=YearSource.ANCHOR)

    known = [k for k, i in enumerate(indices) if works[i].year is not None]
    _check_known_order(works, indices, known, diagnostics)
    if not known:
        diagnostics.append(
            _warn(
                first,
                Code.DATE_NO_ANCHOR,
                f"no item of this feed has a known year ({len(indices)} items): years are left "
                "unknown; add curated metadata or give the newest item's year (--anchor-year)",
            )
        )
        return

    years: dict[int, int] = {}
    # Going down from each known year, to the next known one.
    for n, k in enumerate(known):
        year = works[indices[k]].year
        assert year is not None
        stop = known[n + 1] if n + 1 < len(known) else len(indices)
        for t in range(k + 1, stop):
            if _md(works[indices[t]]) > _md(works[indices[t - 1]]):
                year -= 1
            years[t] = year
        if stop < len(indices):
            _check_enclosed(works, indices, k, stop, year, diagnostics)
    # Going up from the first known year, for the items above it.
    year_up = works[indices[known[0]]].year
    assert year_up is not None
    for t in range(known[0] - 1, -1, -1):
        if _md(works[indices[t]]) < _md(works[indices[t + 1]]):
            year_up += 1
        years[t] = year_up

    for t, year in years.items():
        works[indices[t]] = replace(works[indices[t]], year=year, year_source=YearSource.INFERRED)
    _report_runs(works, indices, sorted(years), known[0], diagnostics)
    for i in indices:
        work = works[i]
        if work.month == 2 and work.day == 29 and work.year is not None and not _leap(work.year):
            diagnostics.append(
                _warn(
                    work,
                    Code.DATE_INVALID,
                    f"Feb 29 in {work.year}, which is not a leap year ({work.year_source} year); "
                    "the day is left out (the year and month are kept)",
                )
            )
            works[i] = replace(work, day=None)  # no writer may print a date that is not


def _check_known_order(
    works: list[Work], indices: list[int], known: list[int], diagnostics: list[Diagnostic]
) -> None:
    for a, b in itertools.pairwise(known):
        upper, lower = works[indices[a]], works[indices[b]]
        if (lower.year or 0, *_md(lower)) > (upper.year or 0, *_md(upper)):
            diagnostics.append(
                _warn(
                    lower,
                    Code.DATE_ORDER,
                    f"this item is dated {_iso(lower)}, after the item above it at line "
                    f"{_line(upper)} ({_iso(upper)}), but the feed is newest first",
                )
            )


def _check_enclosed(
    works: list[Work],
    indices: list[int],
    upper_k: int,
    lower_k: int,
    year_before_lower: int,
    diagnostics: list[Diagnostic],
) -> None:
    """Compare the years the order implies down to a known year with that year."""
    lower = works[indices[lower_k]]
    implied = year_before_lower - (1 if _md(lower) > _md(works[indices[lower_k - 1]]) else 0)
    actual = lower.year
    assert actual is not None
    if implied == actual or lower_k - upper_k < 2:
        return
    upper = works[indices[upper_k]]
    if implied > actual:
        message = (
            f"from line {_line(upper)} ({upper.year}) to this item ({actual}) the order implies "
            f"the year {implied}: {implied - actual} whole year(s) without items are hidden "
            "between them, so the inferred years in between may be too late"
        )
    else:
        message = (
            f"from line {_line(upper)} ({upper.year}) the order implies the year {implied} "
            f"for this item, but its known year is {actual}: the order and the known years "
            "contradict each other"
        )
    diagnostics.append(_warn(lower, Code.DATE_AMBIGUOUS, message))


def _report_runs(
    works: list[Work],
    indices: list[int],
    inferred: list[int],
    first_known: int,
    diagnostics: list[Diagnostic],
) -> None:
    runs: list[list[int]] = []
    for t in inferred:
        if runs and runs[-1][-1] == t - 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    for run in runs:
        head = works[indices[run[0]]]
        tail = works[indices[run[-1]]]
        upward = run[-1] < first_known
        bound = "earliest" if upward else "latest"
        span = (
            f"line {_line(head)}"
            if len(run) == 1
            else f"{len(run)} items, lines {_line(head)}-{_line(tail)}"
        )
        years = str(head.year) if head.year == tail.year else f"{tail.year}-{head.year}"
        diagnostics.append(
            _warn(
                head,
                Code.DATE_AMBIGUOUS,
                f"year {years} inferred from the feed's order ({span}): the {bound} year "
                "consistent with the order; a gap of a whole year cannot be seen from order "
                "alone",
            )
        )


def _warn(work: Work, code: Code, message: str) -> Diagnostic:
    assert work.item is not None
    item = work.item
    return Diagnostic(code, message, item.span, Severity.WARNING, item.raw.split("\n", 1)[0])


def _iso(work: Work) -> str:
    return work.date or f"{work.year}-{work.month:02d}-{work.day:02d}"


def _line(work: Work) -> int:
    return work.item.span.line if work.item else 0
