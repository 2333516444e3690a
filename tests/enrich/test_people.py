"""The people of a corpus and the spans of a text that are their names."""

from __future__ import annotations

from feedcite.enrich.context import Context
from feedcite.enrich.people import Person, corpus_people, name_spans
from feedcite.model import (
    Chapter,
    Corpus,
    Creator,
    Feed,
    Location,
    Paragraph,
    ReviewPage,
    SourceSpan,
    TextUnit,
    Transcript,
    Work,
)

SPAN = SourceSpan("episode.txt", 3)


def _review(path: str, *texts: str) -> ReviewPage:
    paragraphs = tuple(
        Paragraph(index, text, SourceSpan(path, index + 3)) for index, text in enumerate(texts)
    )
    return ReviewPage(path, None, "A review", paragraphs, ())


def _work(*authors: Creator) -> Work:
    return Work("w", "paper", "T", "metadata", authors=authors)


def test_the_people_are_the_creators_the_researcher_and_those_documents_name() -> None:
    chapter = Chapter(0, "0:00", 0, "Ji-ho Kim - Notation", "Ji-ho Kim", "Notation", SPAN)
    transcript = Transcript("episode.txt", "Episode", (chapter,), ())
    corpus = Corpus(
        documents=(Feed("feed.txt", "Han Seo-yeon", ()), transcript),
        works=(
            _work(
                Creator("Han", "Seo-yeon"),  # the curated order wins over the header's
                Creator("Anthropic", organization=True),  # an organisation: no person
                Creator("Plato"),  # no given name: no full name to find
            ),
        ),
    )
    assert corpus_people(corpus, Context(subject="Lee, Min-jun")) == (
        Person("Han", "Seo-yeon"),
        Person("Kim", "Ji-ho"),
        Person("Lee", "Min-jun"),
    )


def _spans(corpus: Corpus, path: str, text: str) -> list[tuple[str, str]]:
    unit = TextUnit(Location(path, "review", paragraph=0), text)
    spans = name_spans(corpus, Context(), ["Han (한)"])
    return [(text[a:b], why) for a, b, why, _ in spans(unit)]


def test_a_full_name_in_either_order_and_the_family_name_where_the_person_is_named() -> None:
    corpus = Corpus(
        documents=(
            _review("a.txt", "My guest is Han Seo-yeon.", "Later, Han explains; han is sorrow."),
            _review("b.txt", "Han is the sorrow of the rough voice."),
        ),
        works=(_work(Creator("Han", "Seo-yeon"), Creator("Kim", "Ji-ho")),),
    )
    assert _spans(corpus, "a.txt", "Later, Han explains; han is sorrow. Seo-yeon Han's") == [
        ("Seo-yeon Han", "part of a person's name (Seo-yeon Han)"),
        ("Han", "the family name of Han Seo-yeon, whom this document names"),
    ]
    assert _spans(corpus, "b.txt", "Han is the sorrow; HAN SEO-YEON wrote it.") == [
        ("HAN SEO-YEON", "part of a person's name (HAN SEO-YEON)"),
    ]
    assert _spans(corpus, "b.txt", "Han is the sorrow of the rough voice.") == []


def test_people_whose_names_share_no_word_with_the_search_are_not_looked_at() -> None:
    corpus = Corpus(documents=(), works=(_work(Creator("Kim", "Ji-ho")),))
    assert _spans(corpus, "a.txt", "Kim Ji-ho and Han Seo-yeon") == []
