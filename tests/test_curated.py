"""Curated metadata: validation with located errors, and matching entries to feed items."""

from __future__ import annotations

import pytest

import feedcite
from feedcite.curated import parse_creator, parse_works
from feedcite.enrich.context import Context
from feedcite.enrich.pipeline import enrich
from feedcite.errors import Code
from feedcite.model import Corpus, Creator
from tests.conftest import REFS

FEED = (
    "Chronological feed of everything captured from Jane Roe.\n"
    "paper / janeroe / Feb 15\nSummary one.\nai-safety\n“The first claim about scaling.”\n"
    "paper / janeroe / Feb 15\nSummary two.\nai-safety\n“A second claim about honesty.”\n"
)


def corpus_with(toml: str) -> Corpus:
    document = feedcite.parse_feed(FEED, "f.txt")
    return enrich(Corpus(documents=(document,)), Context(curation=parse_works(toml, "works.toml")))


def test_bundled_metadata_is_valid_and_complete(corpus: Corpus) -> None:
    curation = parse_works((REFS / "works.toml").read_text(encoding="utf-8"), "works.toml")
    assert curation.diagnostics == ()
    assert len(curation.works) == 35
    meta = [d for d in corpus.diagnostics if d.code.value.startswith("meta")]
    assert meta == []
    papers = [w for w in corpus.works if w.kind == "paper"]
    assert len(papers) == 32
    for work in papers:
        assert work.title_source == "metadata"
        assert work.year is not None, work.id
        assert work.arxiv, work.id
        assert work.authors, work.id
    gpt3 = corpus.work("gpt-3")
    assert (gpt3.title, gpt3.arxiv, gpt3.year, len(gpt3.authors)) == (
        "Language Models are Few-Shot Learners",
        "2005.14165",
        2020,
        31,
    )
    assert gpt3.authors[0] == Creator("Brown", "Tom B.")
    episodes = {w.id for w in corpus.works if w.kind in ("podcast", "youtube")}
    assert episodes == {"lex-fridman-452", "dwarkesh-2023-08-08", "fireside-chat-2023-09"}


def test_doubts_stay_visible(corpus: Corpus) -> None:
    unidentified = corpus.work("fireside-chat-2023-09")
    assert unidentified.title_source == "derived"
    assert unidentified.authors_complete is False
    assert unidentified.notes is not None
    assert unidentified.notes.startswith("NOT IDENTIFIED")
    assistant = corpus.work("general-language-assistant")
    assert assistant.authors_complete is False


def test_names_in_the_metadata() -> None:
    assert parse_creator("El Showk, Sheer") == Creator("El Showk", "Sheer")
    assert parse_creator("Berry, II, Michael J") == Creator("Berry", "Michael J", "II")
    assert parse_creator("OpenAI Dota Team") == Creator("OpenAI Dota Team", organization=True)
    assert parse_creator("Fridman, Lex", "host").role == "host"


def test_entries_match_by_kind_date_and_claim_not_position() -> None:
    toml = (
        '[[work]]\nid = "second"\nmatch = { kind = "paper", date = "Feb 15", claim = "about HONESTY" }\n'
        'title = "Second"\ndate = "2020-02-15"\n'
        '[[work]]\nid = "first"\nmatch = { kind = "paper", date = "Feb 15", claim = "first claim" }\n'
        'title = "First"\ndate = "2021-02-15"\n'
    )
    result = corpus_with(toml)
    assert [(w.id, w.title) for w in result.works] == [("first", "First"), ("second", "Second")]
    assert [d for d in result.diagnostics if d.code.value.startswith("meta")] == []


def test_unknown_key_and_wrong_type_are_located() -> None:
    toml = (
        '[[work]]\nid = "a"\nmatch = { kind = "paper", date = "Feb 15", claim = "first claim" }\n'
        'tittle = "Typo"\nauthors_complete = "yes"\n'
    )
    result = parse_works(toml, "works.toml")
    formatted = [d.format().splitlines()[0] for d in result.diagnostics]
    assert formatted[0].startswith("works.toml:4:1: error[meta-key]: unknown key 'tittle'; ignored")
    assert formatted[1] == (
        "works.toml:5:1: error[meta-type]: 'authors_complete' must be a boolean, not a string; ignored"
    )
    assert len(result.works) == 1


def test_bad_values_are_located() -> None:
    toml = (
        '[[work]]\nid = "a"\nkind = "podcast"\ndate = "2023-02-30"\narxiv = "not-an-id"\n'
        'doi = "doi:x"\nduration = "1h"\n'
    )
    messages = [
        (d.span.line, d.code, d.message) for d in parse_works(toml, "works.toml").diagnostics
    ]
    assert messages == [
        (4, Code.META_VALUE, "'date': '2023-02-30' is not a real date; ignored"),
        (5, Code.META_VALUE, "'arxiv': 'not-an-id' is not an arXiv identifier; ignored"),
        (6, Code.META_VALUE, "'doi': 'doi:x' is not a DOI (10.NNNN/...); ignored"),
        (
            7,
            Code.META_VALUE,
            "'duration': '1h' is not a duration H:MM:SS or M:SS (minutes and seconds under 60); ignored",
        ),
    ]


def test_toml_syntax_error_has_line_and_column() -> None:
    (error,) = parse_works('[[work]]\nid = "a\n', "works.toml").diagnostics
    assert error.code is Code.META_SYNTAX
    assert (error.span.line, error.span.column) == (2, 6)  # the quote left open
    assert "not closed on its line" in error.message


def test_entry_that_matches_nothing() -> None:
    toml = '[[work]]\nid = "ghost"\nmatch = { kind = "paper", date = "Mar 3", claim = "nothing" }\n'
    (error,) = [d for d in corpus_with(toml).diagnostics if d.code is Code.META_NO_MATCH]
    assert error.format().splitlines()[0] == (
        "works.toml:1:1: error[meta-no-match]: entry 'ghost' matches no feed item (kind 'paper', "
        "date 'Mar 3', claim containing 'nothing'); not applied"
    )


def test_entry_matching_two_items_and_two_entries_matching_one_item() -> None:
    toml = (
        '[[work]]\nid = "both"\nmatch = { kind = "paper", date = "Feb 15", claim = "claim about" }\n'
        '[[work]]\nid = "one"\nmatch = { kind = "paper", date = "Feb 15", claim = "first claim" }\n'
        '[[work]]\nid = "again"\nmatch = { kind = "paper", date = "Feb 15", claim = "about scaling" }\n'
    )
    result = corpus_with(toml)
    problems = [
        (d.code, d.span.line, d.message)
        for d in result.diagnostics
        if d.code is Code.META_AMBIGUOUS
    ]
    assert problems == [
        (
            Code.META_AMBIGUOUS,
            1,
            "entry 'both' matches 2 feed items (lines 2, 6); make 'match.claim' longer or use "
            "'match.item'; not applied",
        ),
        (
            Code.META_AMBIGUOUS,
            7,
            "entry 'again' matches the same feed item as entry 'one' (line 4); not applied",
        ),
    ]


def test_explicit_item_key() -> None:
    toml = '[[work]]\nid = "k"\nmatch = { item = "paper-feb-15-second-claim-about" }\ntitle = "By key"\n'
    result = corpus_with(toml)
    assert result.works[1].title == "By key"


def test_item_without_metadata_becomes_a_work_with_a_warning() -> None:
    result = corpus_with("")
    missing = [d for d in result.diagnostics if d.code is Code.META_MISSING]
    assert len(missing) == 2
    assert missing[0].message.startswith(
        "no curated metadata for 'paper / janeroe / Feb 15': title, full author list, year and "
        "identifiers are missing"
    )
    work = result.works[0]
    assert (work.title, work.title_source) == ("The first claim about scaling", "derived")
    assert work.authors == (Creator("Roe", "Jane"),)


def test_a_work_outside_the_feed_with_an_items_kind_and_date_is_pointed_out() -> None:
    """An entry written with 'kind' (a work outside the feed) on the date of a paper of the
    feed with no entry is a second work: the item's warning gives the 'match' to write."""
    toml = (
        '[[work]]\nid = "scaling-paper"\nkind = "paper"\ndate = "2024-02-15"\ntitle = "Scaling"\n'
    )
    result = corpus_with(toml)
    assert [w.id for w in result.works][-1] == "scaling-paper"
    missing = [d.message for d in result.diagnostics if d.code is Code.META_MISSING]
    assert len(missing) == 2
    assert missing[0].endswith(
        ". Entry 'scaling-paper' of works.toml has this item's kind and date but no 'match', so "
        "it is a second work: if it is this item, replace its 'kind' with match = "
        '{ kind = "paper", date = "Feb 15", claim = "The first claim about scaling." }'
    )
    # The other paper of that date is named by a claim opening that tells them apart.
    assert missing[1].endswith('claim = "A second claim about honesty." }')


def test_entries_that_are_not_tables_are_errors_not_crashes() -> None:
    result = parse_works('work = ["x", 1]\n', "works.toml")
    assert [d.format().split("\n")[0] for d in result.diagnostics] == [
        "works.toml:1:9: error[meta-type]: each 'work' entry must be a table ([[work]]), not a string; skipped",
        "works.toml:1:14: error[meta-type]: each 'work' entry must be a table ([[work]]), not an integer; skipped",
    ]
    assert result.works == ()


def test_work_as_a_single_table_or_a_string() -> None:
    for toml, column, kind in (
        ('[work]\nid = "a"\n', 2, "a table"),
        ('work = "a"\n', 1, "a string"),
    ):
        (error,) = parse_works(toml, "works.toml").diagnostics
        assert error.format().split("\n")[0] == (
            f"works.toml:1:{column}: error[meta-type]: 'work' must be [[work]] entries, not {kind}; ignored"
        )


def test_an_inline_array_of_entries_is_located() -> None:
    toml = (
        "work = [\n"
        '  { id = "a", kind = "podcast", title = "T" },\n'
        '  { id = "b", kind = 3 },\n'
        '  { id = "c", kind = "podcast", colour = "red" },\n'
        "]\n"
    )
    result = parse_works(toml, "works.toml")
    assert [(d.span.line, d.span.column, d.message.split(";")[0]) for d in result.diagnostics] == [
        (3, 1, "entry 'b' has neither 'match' (a feed item) nor 'kind' (a work outside the feed)"),
        (3, 15, "'kind' must be a string, not an integer"),
        (4, 33, "unknown key 'colour'"),
    ]
    assert [w.id for w in result.works] == ["a", "c"]


def test_keys_of_a_sub_table_are_located() -> None:
    toml = '[[work]]\nid = "a"\nkind = "podcast"\n[work.published]\ntype = "article"\nvenue = 3\n'
    messages = [(d.span.line, d.message) for d in parse_works(toml, "works.toml").diagnostics]
    assert messages == [
        (4, "'published' needs type (article | inproceedings | techreport) and venue; ignored"),
        (6, "'published.venue' must be a string, not an integer; ignored"),
    ]


@pytest.mark.parametrize(
    ("duration", "seconds"),
    [("3:00:25", 10825), ("18:07", 1087), ("75:00", 4500), ("0:14:99", None), ("1:75:00", None)],
)
def test_durations_have_minutes_and_seconds_under_60(duration: str, seconds: int | None) -> None:
    toml = f'[[work]]\nid = "a"\nkind = "podcast"\nduration = "{duration}"\n'
    result = parse_works(toml, "works.toml")
    (work,) = result.works
    assert work.facts.duration_seconds == seconds
    messages = [(d.span.line, d.message) for d in result.diagnostics]
    assert messages == (
        []
        if seconds is not None
        else [
            (
                4,
                f"'duration': '{duration}' is not a duration H:MM:SS or M:SS"
                " (minutes and seconds under 60); ignored",
            )
        ]
    )


def test_published_volume_number_and_pages_may_be_integers() -> None:
    toml = (
        '[[work]]\nid = "a"\nkind = "podcast"\n'
        'published = { type = "article", venue = "J", volume = 32, number = 11, pages = 7 }\n'
    )
    result = parse_works(toml, "works.toml")
    assert list(result.diagnostics) == []
    (work,) = result.works
    published = work.facts.published
    assert published is not None
    assert (published.volume, published.number, published.pages) == ("32", "11", "7")


def test_published_dates_must_be_real() -> None:
    toml = (
        '[[work]]\nid = "a"\nkind = "podcast"\n'
        'published = { type = "article", venue = "J", year = 99999, month = 13, day = 0 }\n'
    )
    result = parse_works(toml, "works.toml")
    assert [(d.span.line, d.span.column, d.message) for d in result.diagnostics] == [
        (4, 46, "'published.year': 99999 is not a year (1 to 9999); ignored"),
        (4, 60, "'published.month': 13 is not a month (1 to 12); ignored"),
        (4, 72, "'published.day': 0 is not a day (1 to 31); ignored"),
    ]
    (work,) = result.works
    assert work.facts.published is not None
    assert (work.facts.published.year, work.facts.published.month, work.facts.published.day) == (
        None,
        None,
        None,
    )


def test_a_key_inside_a_string_is_not_taken_for_the_key() -> None:
    toml = (
        '[[work]]\nid = "a"\n'
        'match = { claim = "kind = x, date = y", kind = "paper", date = "tomorrow" }\n'
    )
    (error,) = parse_works(toml, "works.toml").diagnostics
    assert (error.span.line, error.span.column) == (3, 57)
    assert error.line_text[56:60] == "date"
