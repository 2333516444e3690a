"""Year inference: from metadata, an anchor or the newest-first order, and what it cannot know."""

from __future__ import annotations

import feedcite
from feedcite.curated import parse_works
from feedcite.enrich.context import Context
from feedcite.enrich.pipeline import enrich
from feedcite.errors import Code
from feedcite.model import Corpus, Work, YearSource

HEADER = "Chronological feed of everything captured from Jane Roe.\n"


def feed(*dates: str) -> Corpus:
    items = "".join(
        f"paper / janeroe / {d}\nSummary {n}.\nai-safety\n“Claim number {n}.”\n"
        for n, d in enumerate(dates)
    )
    document = feedcite.parse_feed(HEADER + items, "f.txt")
    return Corpus(documents=(document,))


def run(corpus: Corpus, context: Context | None = None) -> Corpus:
    return enrich(corpus, context or Context())


def years(corpus: Corpus) -> list[tuple[int | None, str]]:
    return [(w.year, str(w.year_source)) for w in corpus.works if w.item is not None]


def codes(corpus: Corpus) -> list[Code]:
    return [d.code for d in corpus.diagnostics if d.code.value.startswith("date")]


def test_without_anything_years_are_unknown_and_said_so() -> None:
    result = run(feed("Mar 3", "Jan 2"))
    assert years(result) == [(None, "unknown"), (None, "unknown")]
    assert codes(result) == [Code.DATE_NO_ANCHOR]


def test_anchor_year_is_the_newest_items_and_order_gives_the_rest() -> None:
    result = run(
        feed("Mar 3", "Jan 2", "Nov 30", "Nov 30", "Dec 1", "Feb 1"), Context(anchor_year=2024)
    )
    assert years(result) == [
        (2024, "anchor"),
        (2024, "inferred"),
        (2023, "inferred"),
        (2023, "inferred"),
        (2022, "inferred"),
        (2022, "inferred"),
    ]
    (ambiguous,) = [d for d in result.diagnostics if d.code is Code.DATE_AMBIGUOUS]
    assert ambiguous.message == (
        "year 2022-2024 inferred from the feed's order (5 items, lines 6-22): the latest year "
        "consistent with the order; a gap of a whole year cannot be seen from order alone"
    )


def test_metadata_years_win_and_the_rest_is_inferred_up_and_down() -> None:
    # Items: Sep 25 (no metadata), Aug 8 2023 (metadata), Feb 15 (no metadata)
    corpus = feed("Sep 25", "Aug 8", "Feb 15")
    text = (
        '[[work]]\nid = "middle"\nmatch = { kind = "paper", date = "Aug 8", claim = "Claim number 1" }\n'
        'title = "T"\ndate = "2023-08-08"\n'
    )
    result = run(corpus, Context(curation=parse_works(text, "works.toml")))
    assert years(result) == [(2023, "inferred"), (2023, "metadata"), (2023, "inferred")]
    messages = [d.message for d in result.diagnostics if d.code is Code.DATE_AMBIGUOUS]
    assert messages == [
        "year 2023 inferred from the feed's order (line 2): the earliest year consistent with the "
        "order; a gap of a whole year cannot be seen from order alone",
        "year 2023 inferred from the feed's order (line 10): the latest year consistent with the "
        "order; a gap of a whole year cannot be seen from order alone",
    ]


def test_hidden_gap_between_two_known_years_is_reported() -> None:
    corpus = feed("Mar 1", "Feb 1", "Jan 1")
    text = (
        '[[work]]\nid = "a"\nmatch = { kind = "paper", date = "Mar 1", claim = "Claim number 0" }\n'
        'title = "T"\ndate = "2024-03-01"\n'
        '[[work]]\nid = "c"\nmatch = { kind = "paper", date = "Jan 1", claim = "Claim number 2" }\n'
        'title = "T"\ndate = "2021-01-01"\n'
    )
    result = run(corpus, Context(curation=parse_works(text, "works.toml")))
    assert years(result) == [(2024, "metadata"), (2024, "inferred"), (2021, "metadata")]
    gap = [d for d in result.diagnostics if d.code is Code.DATE_AMBIGUOUS and "hidden" in d.message]
    assert [d.message for d in gap] == [
        "from line 2 (2024) to this item (2021) the order implies the year 2024: 3 whole year(s) "
        "without items are hidden between them, so the inferred years in between may be too late"
    ]


def test_metadata_that_breaks_the_order_is_reported() -> None:
    corpus = feed("Mar 1", "Feb 1")
    text = (
        '[[work]]\nid = "a"\nmatch = { kind = "paper", date = "Mar 1", claim = "Claim number 0" }\n'
        'title = "T"\ndate = "2020-03-01"\n'
        '[[work]]\nid = "b"\nmatch = { kind = "paper", date = "Feb 1", claim = "Claim number 1" }\n'
        'title = "T"\ndate = "2022-02-01"\n'
    )
    result = run(corpus, Context(curation=parse_works(text, "works.toml")))
    (order,) = [d for d in result.diagnostics if d.code is Code.DATE_ORDER]
    assert order.message == (
        "this item is dated 2022-02-01, after the item above it at line 2 (2020-03-01), but the "
        "feed is newest first"
    )
    assert order.span.line == 6


def test_metadata_date_that_differs_from_the_feed_wins_with_a_warning() -> None:
    corpus = feed("Mar 1")
    text = (
        '[[work]]\nid = "a"\nmatch = { kind = "paper", date = "Mar 1", claim = "Claim number 0" }\n'
        'title = "T"\ndate = "2020-03-02"\n'
    )
    result = run(corpus, Context(curation=parse_works(text, "works.toml")))
    work: Work = result.works[0]
    assert (work.year, work.month, work.day, work.year_source) == (2020, 3, 2, YearSource.METADATA)
    (mismatch,) = [d for d in result.diagnostics if d.code is Code.DATE_MISMATCH]
    assert mismatch.message == (
        "the feed dates this item Mar 1, the metadata entry 'a' (line 1) 2020-03-02; the metadata "
        "date is used"
    )


def test_feb_29_in_a_non_leap_year_is_flagged_and_its_day_left_out() -> None:
    result = run(feed("Feb 29"), Context(anchor_year=2023))
    (invalid,) = [d for d in result.diagnostics if d.code is Code.DATE_INVALID]
    assert invalid.message == (
        "Feb 29 in 2023, which is not a leap year (anchor year); the day is left out "
        "(the year and month are kept)"
    )
    assert [(w.year, w.month, w.day) for w in result.works] == [(2023, 2, None)]
    leap = run(feed("Feb 29"), Context(anchor_year=2024))
    assert Code.DATE_INVALID not in codes(leap)
    assert [(w.year, w.month, w.day) for w in leap.works] == [(2024, 2, 29)]


def test_bundled_feed_years(corpus: Corpus) -> None:
    works = [w for w in corpus.works if w.item is not None]
    assert [(w.year, str(w.year_source)) for w in works[:3]] == [
        (2023, "inferred"),
        (2023, "metadata"),
        (2023, "metadata"),
    ]
    assert all(w.year_source is YearSource.METADATA for w in works[1:])
    assert [w.year for w in works[-3:]] == [2013, 2013, 2012]
    ordered = [(w.year or 0, w.month or 0, w.day or 0) for w in works]
    assert ordered == sorted(ordered, reverse=True)
    assert [d.code for d in corpus.diagnostics if d.code is Code.DATE_ORDER] == []
