"""Text units: every searchable piece of text of a corpus, with its location.

Mentions of works and occurrences of glossary terms are found by searching these units.
A unit is a feed item's summary and claim, a transcript paragraph (in its chapter, once
aligned), a notes question, glossary line, block or table row, a part of a summary page,
or a review paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from feedcite.model import (
    Corpus,
    DocumentKind,
    Feed,
    Location,
    Notes,
    ReviewPage,
    SourceSpan,
    SummaryPage,
    Transcript,
)

__all__ = ["TextUnit", "context_of", "text_units"]

_CONTEXT = 70


@dataclass(frozen=True, slots=True)
class TextUnit:
    """A searchable piece of text and where it is."""

    location: Location
    text: str


def context_of(text: str, start: int, end: int) -> str:
    """A short excerpt of ``text`` around ``[start, end)``, cut at word boundaries."""
    left = max(0, start - _CONTEXT)
    right = min(len(text), end + _CONTEXT)
    if left > 0:
        left = text.find(" ", left) + 1 or left
    if right < len(text):
        cut = text.rfind(" ", end, right)
        right = cut if cut > end else right
    excerpt = re.sub(r"\s+", " ", text[left:right]).strip()
    return ("…" if left > 0 else "") + excerpt + ("…" if right < len(text) else "")


def text_units(corpus: Corpus, *, feeds: bool = True) -> Iterator[TextUnit]:
    """Every text unit of ``corpus``, document by document."""
    alignments = {a.path: a for a in corpus.alignments}
    works = {(w.item.span.path, w.item.index): w.id for w in corpus.works if w.item is not None}
    for document in corpus.documents:
        path = document.path
        if isinstance(document, Feed):
            if not feeds:
                continue
            for item in document.items:
                location = Location(
                    path,
                    DocumentKind.FEED,
                    section=works.get((path, item.index)),
                    span=item.span,
                )
                yield TextUnit(location, f"{item.summary}\n{item.claim}")
        elif isinstance(document, Transcript):
            alignment = alignments.get(path)
            if alignment is None:
                for paragraph in document.paragraphs:
                    location = Location(
                        path,
                        DocumentKind.TRANSCRIPT,
                        paragraph=paragraph.index,
                        span=paragraph.span,
                    )
                    yield TextUnit(location, paragraph.text)
                continue
            for chapter in alignment.chapters:
                for aligned in chapter.paragraphs:
                    location = Location(
                        path,
                        DocumentKind.TRANSCRIPT,
                        chapter=chapter.chapter.index,
                        paragraph=aligned.paragraph,
                        span=aligned.span,
                    )
                    yield TextUnit(location, aligned.text)
        elif isinstance(document, Notes):
            yield from _notes_units(document)
        elif isinstance(document, SummaryPage):
            yield from _summary_units(document)
        elif isinstance(document, ReviewPage):
            for paragraph in document.paragraphs:
                location = Location(
                    path, DocumentKind.REVIEW, paragraph=paragraph.index, span=paragraph.span
                )
                yield TextUnit(location, paragraph.text)


def _notes_units(notes: Notes) -> Iterator[TextUnit]:
    path = notes.path
    kind = DocumentKind.NOTES
    for index, question in enumerate(notes.questions):
        location = Location(
            path, kind, section="Four questions", paragraph=index, span=question.span
        )
        yield TextUnit(location, f"{question.question}\n{question.answer}")
    for index, entry in enumerate(notes.glossary):
        location = Location(path, kind, section="Glossary", paragraph=index, span=entry.span)
        yield TextUnit(location, f"{entry.term} — {entry.definition}")
    for section in notes.sections:
        for index, block in enumerate(section.blocks):
            location = Location(path, kind, section=section.title, paragraph=index, span=block.span)
            yield TextUnit(location, block.text)
        for table in section.tables:
            for row_index, row in enumerate(table.rows, start=1):
                span = SourceSpan(path, table.span.line + row_index)
                location = Location(path, kind, section=section.title, span=span)
                yield TextUnit(location, " | ".join(row))


def _summary_units(page: SummaryPage) -> Iterator[TextUnit]:
    path = page.path
    kind = DocumentKind.SUMMARY
    head = page.span
    for name, text in (
        ("intro", page.intro),
        ("headline", page.headline),
        ("summary", page.summary),
    ):
        if text:
            yield TextUnit(Location(path, kind, section=name, span=head), text)
    for index, takeaway in enumerate(page.takeaways):
        location = Location(path, kind, section="takeaways", paragraph=index, span=takeaway.span)
        yield TextUnit(location, f"{takeaway.title}\n{takeaway.text}")
    for index, quote in enumerate(page.quotes):
        location = Location(path, kind, section="quotes", paragraph=index, span=quote.span)
        yield TextUnit(location, quote.text)
    for index, question in enumerate(page.questions):
        yield TextUnit(
            Location(path, kind, section="questions", paragraph=index, span=head), question
        )
    for index, line in enumerate(page.preview):
        yield TextUnit(Location(path, kind, section="preview", paragraph=index, span=head), line)
