"""Works from feed items: the feed's subject as the author, read as a name is written."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from feedcite import load_paths
from feedcite.curated import parse_works
from feedcite.enrich.context import Context
from feedcite.enrich.works import person_from_name, subject_in_order
from feedcite.errors import Code, Severity
from feedcite.export.bibtex import names
from feedcite.export.jsonexport import dumps
from feedcite.model import Creator, Work


@pytest.mark.parametrize(
    ("written", "family", "given", "suffix"),
    [
        ("Dario Amodei", "Amodei", "Dario", ""),
        ("Maria Lopez (@marialopez)", "Lopez", "Maria", ""),
        ("Plato", "Plato", "", ""),
        ("Martin Luther King Jr.", "King", "Martin Luther", "Jr."),
        ("Martin Luther King Jr", "King", "Martin Luther", "Jr"),
        ("Martin Luther King, Jr.", "King", "Martin Luther", "Jr."),
        ("King, Jr., Martin Luther", "King", "Martin Luther", "Jr."),
        ("Michael J Berry II", "Berry", "Michael J", "II"),
        ("O'Neil, Cathy", "O'Neil", "Cathy", ""),
        ("Jean-Luc de la Fontaine", "de la Fontaine", "Jean-Luc", ""),
        ("Ludwig van Beethoven", "van Beethoven", "Ludwig", ""),
        ("de la Cruz", "de la Cruz", "", ""),
        ("Ursula Le Guin", "Le Guin", "Ursula", ""),
        ("Charles De Gaulle", "De Gaulle", "Charles", ""),
        ("Jean de La Fontaine", "de La Fontaine", "Jean", ""),
        ("Alexander Van der Bellen", "Van der Bellen", "Alexander", ""),
        ("Van Morrison", "Morrison", "Van", ""),
        ("Siobhán Ó Súilleabháin", "Ó Súilleabháin", "Siobhán", ""),
        ("Aoife Ní Bhriain", "Ní Bhriain", "Aoife", ""),
        ("Seán Mac Diarmada", "Mac Diarmada", "Seán", ""),
        ("Dr. Anna Smith", "Smith", "Anna", ""),
        ("Prof Jane Roe", "Roe", "Jane", ""),
        ("Dr. Who", "Who", "Dr.", ""),
        ("Smith, John, Jr.", "Smith", "John", "Jr."),
        ("Jane Roe, PhD", "Roe", "Jane", ""),
        ("Jane Roe, Ph.D.", "Roe", "Jane", ""),
        ("  Ingrid   Søderberg-Núñez ", "Søderberg-Núñez", "Ingrid", ""),
    ],
)
def test_a_name_is_split_as_written(written: str, family: str, given: str, suffix: str) -> None:
    assert person_from_name(written) == Creator(family=family, given=given, suffix=suffix)


def test_the_feed_subject_with_a_suffix_is_the_author_in_bibtex(tmp_path: Path) -> None:
    """The header's closing full stop ends its sentence: the suffix is kept as ``Jr``."""
    feed = tmp_path / "feed.txt"
    feed.write_text(
        "Chronological feed of everything captured from Martin Luther King Jr.\n"
        "paper / mlk / Jan 2\nA summary.\ncivil-rights\n“A claim.”\n",
        encoding="utf-8",
    )
    (work,) = load_paths([str(feed)], anchor_year=1963).works
    assert names(work.authors, incomplete=False) == "King, Jr, Martin Luther"


def test_an_item_in_two_feeds_is_reported(tmp_path: Path) -> None:
    """A feed captured twice (or two overlapping captures): the copy is named, and each feed
    keeps its items (so its years and its JSON are read from it alone)."""
    header = "Chronological feed of everything captured from Ann Lee.\n"
    newer = "paper / ann / Jan 3\nNew.\nlabor\n“C3.”\n"
    shared = "paper / ann / Jan 2\nShared.\nlabor\n“C2.”\n"
    (tmp_path / "a.txt").write_text(header + newer + shared, encoding="utf-8")
    (tmp_path / "b.txt").write_text(header + shared.replace("Shared.", "Re-captured."), "utf-8")
    corpus = load_paths([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], anchor_year=2024)
    assert [w.summary for w in corpus.works] == ["New.", "Shared.", "Re-captured."]
    (duplicate,) = [d for d in corpus.diagnostics if d.code is Code.FEED_DUPLICATE]
    assert (duplicate.severity, duplicate.span.path, duplicate.span.line) == (
        Severity.WARNING,
        str(tmp_path / "b.txt"),
        2,
    )
    assert duplicate.message == (
        f"the same item as {tmp_path / 'a.txt'}:6 (same kind, handle, date and claim, in "
        "another feed): the corpus has it twice, and so will its bibliography; remove one of "
        "the captures"
    )
    document = json.loads(dumps(corpus))  # every item of every feed has its work
    assert [len(d["items"]) for d in document["documents"]] == [2, 1]


def _one_work(folder: Path, claim: str) -> Work:
    """The work of a feed of one item with this key claim."""
    feed = folder / "feed.txt"
    feed.write_text(
        "Chronological feed of everything captured from Jane Roe.\n"
        f"paper / JaneRoe / Mar 4\nA paper.\nmarine-ecology\n“{claim}”\n",
        encoding="utf-8",
    )
    (work,) = load_paths([feed], anchor_year=2025).works
    return work


def test_a_claim_that_opens_with_a_long_token_gives_a_short_key(tmp_path: Path) -> None:
    """A work's key names its page file: a 280-letter DNA primer must not make it too long."""
    primer = "ACGT" * 70
    work = _one_work(tmp_path, f"{primer} amplifies plaice DNA.")
    assert work.id == f"paper-mar-4-{primer.lower()[:30]}-amplifies-plaice"


@pytest.mark.parametrize(
    ("claim", "title"),
    [
        (
            "Seagrass restoration in the U.S. costs twice as much.",
            "Seagrass restoration in the U.S. costs twice as much",
        ),
        (
            "Polychaetes, e.g. lugworms, rework the sediment.",
            "Polychaetes, e.g. lugworms, rework the sediment",
        ),
        (
            "Dr. Wolff's survey set the baseline. It still holds.",
            "Dr. Wolff's survey set the baseline",
        ),
        (
            "Arenicola marina vs. Hediste diversicolor: who wins? Both.",
            "Arenicola marina vs. Hediste diversicolor: who wins?",
        ),
        ("J. Smith was right. Nobody listened.", "J. Smith was right"),
        ("Zostera grew 2.5 cm a week. It was hot.", "Zostera grew 2.5 cm a week"),
        ("Scaling works. Alignment is hard.", "Scaling works"),
    ],
)
def test_a_title_from_the_claim_ends_at_its_first_sentence(
    tmp_path: Path, claim: str, title: str
) -> None:
    """Abbreviations, initials and initialisms do not end the sentence a title is made of."""
    assert _one_work(tmp_path, claim).title == title


_FAMILY_FIRST = (
    "Chronological feed of everything captured from Han Seo-yeon.\n"
    "paper / hanseoyeon / Sep 3\nA study.\nnotation\n“Jeongganbo fixed time.”\n"
    "paper / hanseoyeon / Jun 5\nA note.\nornament\n“Sigimsae is a shape.”\n"
)


def _curated(authors: str) -> Context:
    curation = parse_works(
        '[[work]]\nid = "time"\n'
        'match = { kind = "paper", date = "Sep 3", claim = "Jeongganbo" }\n'
        f'title = "Time and Ornament"\nauthors = [{authors}]\n',
        "works.toml",
    )
    assert curation.diagnostics == ()
    return Context(curation=curation, anchor_year=2024)


@pytest.mark.parametrize(
    ("subject", "family", "given"),
    [
        ("Han, Seo-yeon", "Han", "Seo-yeon"),  # the same words, family name first
        ("Han, Seoyeon", "Han", "Seoyeon"),  # compared without hyphens: the name's spelling
        ("Han Seo-yeon", "Seo-yeon", "Han"),  # no comma: no order given
        ("Kim, Ji-ho", "Seo-yeon", "Han"),  # another person
    ],
)
def test_the_corpus_name_with_a_comma_fixes_the_subjects_order(
    subject: str, family: str, given: str
) -> None:
    derived = person_from_name("Han Seo-yeon")
    assert subject_in_order(derived, Context(subject=subject)) == (
        Creator(family=family, given=given),
        None,
    )


def test_a_curated_person_in_the_other_order_gives_the_subject_its_order(tmp_path: Path) -> None:
    """Every work is then one author, and the keys use the family name; a warning says why."""
    feed = tmp_path / "feed.txt"
    feed.write_text(_FAMILY_FIRST, encoding="utf-8")
    context = _curated('"Han, Seo-yeon", "Kim, Ji-ho"')
    corpus = load_paths([feed], context=context)
    assert [(w.citekey, w.authors[0]) for w in corpus.works] == [
        ("han2024time", Creator("Han", "Seo-yeon")),
        ("han2024sigimsae", Creator("Han", "Seo-yeon")),
    ]
    (warning,) = [d for d in corpus.diagnostics if str(d.code).startswith("name-")]
    assert warning.format() == (
        f"{feed}:1:1: warning[name-order]: the feed's subject 'Han Seo-yeon' reads as family "
        "name 'Seo-yeon', given name 'Han'; the curated metadata writes this person "
        "'Han, Seo-yeon' (works.toml:1:1), so the feed's works without metadata are credited "
        "to 'Han, Seo-yeon' too; write the corpus's 'name' as 'Family, Given' to confirm the "
        "order"
    )
    confirmed = load_paths([feed], context=replace(context, subject="Han, Seo-yeon"))
    assert [w.authors[0] for w in confirmed.works] == [Creator("Han", "Seo-yeon")] * 2
    assert not [d for d in confirmed.diagnostics if str(d.code).startswith("name-")]


@pytest.mark.parametrize(
    "authors",
    [
        '"Seo-yeon, Han"',  # the header's reading order, confirmed
        '"Han, Ji-ho"',  # another person of the same family
        '"Han Seo-yeon"',  # an organisation (no comma)
    ],
)
def test_the_subject_keeps_its_reading_order_without_a_curated_swap(
    tmp_path: Path, authors: str
) -> None:
    feed = tmp_path / "feed.txt"
    feed.write_text(_FAMILY_FIRST, encoding="utf-8")
    corpus = load_paths([feed], context=_curated(authors))
    assert corpus.works[1].authors == (Creator("Seo-yeon", "Han"),)
    assert corpus.works[1].citekey == "seoyeon2024sigimsae"
    assert not [d for d in corpus.diagnostics if d.code is Code.NAME_ORDER]
