"""The corpus glossary: a term that is also a person's name is not used by the name."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedcite import load_paths
from feedcite.curated import parse_works
from feedcite.enrich.context import Context
from feedcite.enrich.glossary import term_candidates

NOTES = """Reading Notes

Voices of the Court

Source: Sound Worlds #37

An interview about pansori.


Glossary

Han (한) — a Korean word for unresolved sorrow; in pansori criticism, the quality the rough voice is said to express.

Pansori (판소리) — Korean narrative song for one singer and one drummer.


Training

My guest today is {name}, an ethnomusicologist who has written on pansori. Later, Han explains jeongganbo as graph paper for time.
"""

FEED = (
    "Chronological feed of everything captured from Han Seo-yeon.\n"
    "paper / hanseoyeon / Sep 3\nA study.\nnotation\n“Jeongganbo fixed time.”\n"
)

WORKS = (
    '[[work]]\nid = "time"\nmatch = { kind = "paper", date = "Sep 3", claim = "Jeongganbo" }\n'
    'title = "Time and Ornament"\nauthors = ["Han, Seo-yeon"]\n'
)


def _uses(tmp_path: Path, name: str, context: Context) -> list[tuple[str, str | None]]:
    """Every match of the term ``Han`` in the notes: its text, and why it is not a use."""
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES.format(name=name), encoding="utf-8")
    feed = tmp_path / "feed.txt"
    feed.write_text(FEED, encoding="utf-8")
    corpus = load_paths([notes, feed], context=context)
    (han,) = [t for t in corpus.glossary if t.term == "Han"]
    found = [c for c in term_candidates(corpus, context) if c.target == han.id]
    assert [o.offset for o in han.occurrences] == [c.start for c in found if c.accepted]
    return [(c.text, c.rejected) for c in found]


CURATED = Context(curation=parse_works(WORKS, "works.toml"), anchor_year=2024)
NAMED = "the family name of Han Seo-yeon, whom this document names"
USE = None


@pytest.mark.parametrize(
    ("name", "context", "uses"),
    [
        # The curated metadata, or the corpus's name, says Han is her family name.
        ("Han Seo-yeon", CURATED, [("Han", "part of a person's name (Han Seo-yeon)"), ("Han", NAMED)]),
        ("Han Seo-yeon", Context(subject="Han, Seo-yeon"), [("Han", "part of a person's name (Han Seo-yeon)"), ("Han", NAMED)]),
        # Nothing says so: the header's name in reading order has the family name Seo-yeon.
        ("Han Seo-yeon", Context(), [("Han", "part of a person's name (Han Seo-yeon)"), ("Han", USE)]),
        # The notes name someone else: Han alone is the term.
        ("Kim Ji-ho", CURATED, [("Han", USE)]),
    ],
)  # fmt: skip
def test_a_term_in_a_persons_name_is_not_a_use(
    tmp_path: Path, name: str, context: Context, uses: list[tuple[str, str | None]]
) -> None:
    """The full name anywhere; the family name alone in a document that names the person."""
    assert _uses(tmp_path, name, context) == uses
