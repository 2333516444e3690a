"""The people of a corpus, and where a text writes their names.

A glossary term can also be a person's name (``Han``, a word for sorrow, and the family name
of ``Han Seo-yeon``). :func:`name_spans` finds the spans of a text unit that are a known
person's name, so that the glossary does not count them as uses of a term:

* the people are the creators of the corpus's works (authors, hosts, guests; organisations
  aside), the researcher (a feed's subject, the corpus's ``name``) and the people the
  documents name themselves (a transcript chapter's guest, a summary page's byline and
  quoted speakers); a person needs a given name as well as a family name;
* a **full name** is a span wherever it is written, given name first or family name first
  (``Han Seo-yeon``, ``Seo-yeon Han``), in any case;
* a **family name alone** (``Later, Han explains ...``) is a span only in a document that
  names the person: writes the full name, or lists them (chapter guest, byline), and only
  as the name is written (with its capitals).

Only people whose names share a word with what is searched for are looked at, so the cost
grows with the names that can matter, not with every author of the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from anyascii import anyascii

from feedcite.enrich._units import text_units
from feedcite.enrich.context import Context
from feedcite.enrich.works import person_from_name
from feedcite.model import Corpus, Creator, Feed, SummaryPage, TextUnit, Transcript
from feedcite.parsers import format_of

__all__ = ["Person", "corpus_people", "fold_word", "name_spans"]

_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def fold_word(word: str) -> str:
    """A word folded for comparison: ASCII, lowercase, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", anyascii(word).lower())


@dataclass(frozen=True, slots=True)
class Person:
    """A person of the corpus.

    Attributes:
        family: The family name, as written (``Han``).
        given: The given names, as written (``Seo-yeon``).
    """

    family: str
    given: str

    @property
    def key(self) -> tuple[str, ...]:
        """The folded words of the name, sorted: one person however the name is ordered."""
        return tuple(sorted(fold_word(w) for w in f"{self.family} {self.given}".split()))


def _person(creator: Creator) -> Person | None:
    if creator.organization or not creator.given.strip() or not creator.family.strip():
        return None
    return Person(creator.family, creator.given)


def _listed(document: object) -> Iterable[str]:
    """The people a document names besides its text: chapter guests, byline, speakers."""
    if isinstance(document, Transcript):
        yield from (c.guest for c in document.chapters if c.guest)
    elif isinstance(document, SummaryPage):
        yield from (name for name, _ in document.people)
        yield from (q.speaker for q in document.quotes if q.speaker)
    elif isinstance(document, Feed) and document.subject:
        yield document.subject


def corpus_people(corpus: Corpus, context: Context) -> tuple[Person, ...]:
    """Everyone the corpus knows by name (see the module docstring), each once.

    The creators of works come first, so that a person written in the curated metadata
    (``Han, Seo-yeon``) is known by that family name, and not by the one a name in reading
    order would give (``Han Seo-yeon`` read as given ``Han``, family ``Seo-yeon``).
    """
    creators = [c for w in corpus.works for c in w.authors]
    names = [n for d in corpus.documents for n in _listed(d)]
    if context.subject:
        names.append(context.subject)
    creators += [person_from_name(n) for n in names]
    found: dict[tuple[str, ...], Person] = {}
    for creator in creators:
        person = _person(creator)
        if person is not None:
            found.setdefault(person.key, person)
    return tuple(found.values())


def _alternation(texts: Iterable[str], flags: int = 0) -> re.Pattern[str] | None:
    """One pattern matching any of ``texts`` as whole words (spaces as any spacing)."""
    parts = sorted(set(texts), key=lambda t: (-len(t), t))
    if not parts:
        return None
    body = "|".join(r"\s+".join(map(re.escape, t.split())) for t in parts)
    return re.compile(rf"(?<![\w\-'’])(?:{body})(?![\w\-])", flags)


def name_spans(
    corpus: Corpus, context: Context, words: Iterable[str]
) -> Callable[[TextUnit], Sequence[tuple[int, int, str, bool]]]:
    """Where each text unit of ``corpus`` writes a person's name.

    Each span is ``(start, end, why, alone)``, ``alone`` for a family name on its own (which
    another form of a glossary term beside it can claim back, see
    :func:`~feedcite.enrich.mentions.candidates_in`).

    Args:
        corpus: The corpus (its works, documents and text units).
        context: The enrichment context (the corpus's ``name``).
        words: What is searched for (a glossary's forms): people none of whose name words
            is one of these words (folded) are left out.
    """
    wanted = {fold_word(w) for text in words for w in _WORD_RE.findall(text)}
    people = [p for p in corpus_people(corpus, context) if wanted.intersection(p.key)]
    if not people:
        return lambda unit: ()
    by_key = {p.key: p for p in people}
    orders = [t for p in people for t in (f"{p.given} {p.family}", f"{p.family} {p.given}")]
    full = _alternation(orders, re.IGNORECASE)
    assert full is not None

    def key_of(text: str) -> tuple[str, ...]:
        return tuple(sorted(fold_word(w) for w in text.split()))

    # Who each document names (full name written, or listed), with the name as first shown.
    named: dict[str, dict[str, str]] = {}
    for unit in text_units(corpus):
        for match in full.finditer(unit.text):
            person = by_key[key_of(match.group())]
            shown = " ".join(match.group().split())
            named.setdefault(unit.location.path, {}).setdefault(person.family, shown)
    for document in corpus.documents:
        head = format_of(document).head(document)
        texts = [head.title, head.opening] if head is not None else []
        for text in [*texts, *_listed(document)]:
            for match in full.finditer(text):
                person = by_key[key_of(match.group())]
                shown = " ".join(match.group().split())
                named.setdefault(document.path, {}).setdefault(person.family, shown)
    families = {path: _alternation(names) for path, names in named.items()}

    def spans(unit: TextUnit) -> Sequence[tuple[int, int, str, bool]]:
        found = [
            (m.start(), m.end(), f"part of a person's name ({' '.join(m.group().split())})", False)
            for m in full.finditer(unit.text)
        ]
        alone = families.get(unit.location.path)
        if alone is not None:
            shown = named[unit.location.path]
            found += [
                (
                    m.start(),
                    m.end(),
                    f"the family name of {shown[m.group()]}, whom this document names",
                    True,
                )
                for m in alone.finditer(unit.text)
                if not any(a <= m.start() and m.end() <= b for a, b, _, _ in found)
            ]
        return found

    return spans
