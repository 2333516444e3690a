"""One spelling per person: the [[person]] alias table, and likely variants reported."""

from __future__ import annotations

from feedcite.curated import parse_works
from feedcite.enrich.context import Context
from feedcite.enrich.names import normalise_names, same_person
from feedcite.model import Corpus, Creator, SourceSpan, Work


def test_same_person() -> None:
    assert same_person(Creator("Olah", "Chris"), Creator("Olah", "Christopher"))
    assert same_person(Creator("Tkacik", "Gasper"), Creator("Tkačik", "Gašper"))
    assert same_person(Creator("El Showk", "Sheer"), Creator("El-Showk", "Sheer"))
    assert not same_person(Creator("Amodei", "Dario"), Creator("Amodei", "Daniela"))
    assert not same_person(Creator("Olah", "Chris"), Creator("Olah", "Chris"))
    assert same_person(Creator("Han", "Seo-yeon"), Creator("Seo-yeon", "Han"))
    assert same_person(Creator("Han", "Seo-yeon"), Creator("Seoyeon", "Han"))
    assert not same_person(Creator("Han", "Seo-yeon"), Creator("Seo-yeon", "Han", "Jr."))
    assert not same_person(Creator("Han", "Seo-yeon"), Creator("Seo-yeon Han", organization=True))


def test_aliases_are_merged_and_reported() -> None:
    curation = parse_works(
        '[[person]]\nname = "Tkačik, Gašper"\naliases = ["Tkacik, Gasper"]\n', "works.toml"
    )
    assert curation.diagnostics == ()
    works = (
        Work(
            id="a",
            kind="paper",
            title="T",
            title_source="metadata",
            authors=(Creator("Tkacik", "Gasper"), Creator("Olah", "Chris")),
            span=SourceSpan("feed.txt", 2),
        ),
        Work(
            id="b",
            kind="paper",
            title="U",
            title_source="metadata",
            authors=(Creator("Olah", "Christopher"),),
            span=SourceSpan("feed.txt", 6),
        ),
    )
    corpus = normalise_names(Corpus(documents=(), works=works), Context(curation=curation))
    assert corpus.works[0].authors[0] == Creator("Tkačik", "Gašper")
    assert [d.format() for d in corpus.diagnostics] == [
        "feed.txt:2:1: warning[name-alias]: 'Tkacik, Gasper' in work 'a' is written 'Tkačik, Gašper' (the [[person]] entry at works.toml:1:1)",
        "feed.txt:6:1: warning[name-variant]: 'Olah, Christopher' (work 'b') and 'Olah, Chris' (work 'a') may be one person; add a [[person]] entry with one as 'name' and the other in 'aliases' to write them the same",
    ]


def test_a_swapped_family_and_given_name_is_a_variant() -> None:
    """Reported once, at the work of the spelling whose family name sorts last."""
    works = tuple(
        Work(
            id=id,
            kind="paper",
            title="T",
            title_source="metadata",
            authors=authors,
            span=SourceSpan("feed.txt", line),
        )
        for id, authors, line in (
            ("a", (Creator("Seo-yeon", "Han"),), 2),
            ("b", (Creator("Han", "Seo-yeon"), Creator("Kim", "Ji-ho")), 6),
            ("c", (Creator("Ji-ho", "Kim"), Creator("Han", "Min-jun")), 10),
        )
    )
    corpus = normalise_names(Corpus(documents=(), works=works), Context())
    assert [d.format() for d in corpus.diagnostics] == [
        "feed.txt:2:1: warning[name-variant]: 'Seo-yeon, Han' (work 'a') and 'Han, Seo-yeon' (work 'b') may be one person; add a [[person]] entry with one as 'name' and the other in 'aliases' to write them the same",
        "feed.txt:6:1: warning[name-variant]: 'Kim, Ji-ho' (work 'b') and 'Ji-ho, Kim' (work 'c') may be one person; add a [[person]] entry with one as 'name' and the other in 'aliases' to write them the same",
    ]


def test_an_alias_given_twice_is_an_error() -> None:
    curation = parse_works(
        '[[person]]\nname = "Olah, Chris"\naliases = ["Olah, C."]\n\n'
        '[[person]]\nname = "Olah, Christopher"\naliases = ["Olah, C."]\n',
        "works.toml",
    )
    assert [d.format().split("\n")[0] for d in curation.diagnostics] == [
        "works.toml:7:1: error[meta-value]: 'Olah, C.' is already a spelling of the person at line 1; entry skipped"
    ]
    assert len(curation.people) == 1


def test_bundled_corpus_has_one_spelling_per_person(corpus: Corpus) -> None:
    assert not [d for d in corpus.diagnostics if str(d.code) == "name-variant"]
    merged = [d for d in corpus.diagnostics if str(d.code) == "name-alias"]
    assert len(merged) == 32
