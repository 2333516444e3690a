"""Text units: every searchable piece of text of a corpus, with its location.

Mentions of works and occurrences of glossary terms are found by searching these units.
Which pieces of a document are units, and where each one is, is declared by its format
(:attr:`feedcite.parsers.Format.units`): a feed item's summary and claim, a transcript
paragraph (in its chapter, once aligned), a notes question, glossary line, block or table
row, a part of a summary page, a review paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from feedcite.model import Corpus, TextUnit
from feedcite.parsers import format_of

__all__ = ["TextUnit", "context_of", "text_units"]

_CONTEXT = 70


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


def text_units(corpus: Corpus, *, about_works_only: bool = False) -> Iterator[TextUnit]:
    """Every text unit of ``corpus``, document by document.

    Args:
        corpus: The corpus.
        about_works_only: Only the documents that can be about one work (formats with
            identity evidence: not a feed, whose items are the works themselves).
    """
    for document in corpus.documents:
        fmt = format_of(document)
        if not about_works_only or fmt.head(document) is not None:
            yield from fmt.units(document, corpus)
