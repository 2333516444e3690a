"""Parsers: one module per input format.

Each parser only reads; meaning is added by :mod:`feedcite.enrich`.

:func:`parse_document` detects the format of a text (or takes it from the caller) and
dispatches to the format's parser. Every parser accepts ``str``, ``bytes`` or a decoded
:class:`~feedcite.parsers._text.SourceText`, records problems as diagnostics and, with
``strict=True``, raises them all together.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from feedcite.errors import Code, Diagnostic, ParseErrors, Severity
from feedcite.model import Document, DocumentKind, Feed, SourceSpan
from feedcite.parsers._text import SourceText, decode
from feedcite.parsers.feed import FEED_HEADER_RE, ITEM_HEAD_RE, parse_feed
from feedcite.parsers.notes import parse_notes
from feedcite.parsers.review import parse_review
from feedcite.parsers.summary import parse_summary
from feedcite.parsers.transcript import parse_transcript

__all__ = [
    "detect_format",
    "parse_document",
    "parse_feed",
    "parse_notes",
    "parse_review",
    "parse_summary",
    "parse_transcript",
]

_CHAPTER_LINE_RE = re.compile(r"^\d+:\d{1,2}\s+\S")
_TRAILER_RE = re.compile(r"^Transcribed by\s+\S", re.I)
_SUMMARY_PEOPLE_RE = re.compile(r"\((?:guest|host)\)", re.I)
_PARSERS: dict[DocumentKind, Callable[..., Document]] = {
    DocumentKind.FEED: parse_feed,
    DocumentKind.TRANSCRIPT: parse_transcript,
    DocumentKind.NOTES: parse_notes,
    DocumentKind.SUMMARY: parse_summary,
    DocumentKind.REVIEW: parse_review,
}


def detect_format(lines: tuple[str, ...] | list[str]) -> DocumentKind | None:
    """Tell the format of a document from its lines, or ``None`` if it is none of the five.

    The signs are the formats' fixed landmarks: the feed header or item heads; a
    two of a ``Chapters`` list of ``M:SS`` lines, a ``Transcript`` line and a "Transcribed
    by" trailer; "Reading Notes" or the "Four questions" heading; a "Key Takeaways" and
    "Notable Quotes" pair, or a "Name (guest), Name (host)" second line; a "Review" label
    or "Return to ..." trailer.
    """
    stripped = [line.strip() for line in lines if line.strip()]
    if not stripped:
        return None
    head = stripped[:5]
    if any(FEED_HEADER_RE.match(line) for line in head[:1]) or (
        sum(1 for line in stripped[:40] if ITEM_HEAD_RE.match(line)) >= 2
    ):
        return DocumentKind.FEED
    transcript_signs = (
        "Chapters" in stripped and any(_CHAPTER_LINE_RE.match(line) for line in stripped),
        "Transcript" in stripped,
        bool(_TRAILER_RE.match(stripped[-1])),
    )
    if sum(transcript_signs) >= 2:
        return DocumentKind.TRANSCRIPT
    if head[0].casefold() == "reading notes" or any(
        line.casefold().startswith("four questions") for line in stripped
    ):
        return DocumentKind.NOTES
    if (
        "Key Takeaways" in stripped
        and ("Notable Quotes" in stripped or any(line.startswith("Questions") for line in stripped))
    ) or (len(stripped) > 1 and _SUMMARY_PEOPLE_RE.search(stripped[1])):
        return DocumentKind.SUMMARY
    if head[0].casefold().endswith("review") or stripped[-1].casefold().startswith("return to "):
        return DocumentKind.REVIEW
    if ITEM_HEAD_RE.match(head[0]):
        return DocumentKind.FEED
    return None


def parse_document(
    source: str | bytes,
    path: str,
    *,
    kind: DocumentKind | None = None,
    strict: bool = False,
) -> Document:
    """Parse a document of any of the five formats.

    Args:
        source: The document's text or bytes.
        path: The file name used in diagnostics.
        kind: The format; detected from the content when ``None``.
        strict: Raise every error together instead of recording them.

    Returns:
        The parsed document. A document whose format cannot be told is returned as an
        empty feed carrying a ``format-unknown`` error, so that nothing is lost silently.
    """
    text = decode(source, path)
    if kind is None and text.readable:
        kind = detect_format(text.lines)
    if kind is None:
        diagnostics = list(text.diagnostics)
        if text.readable:
            diagnostics.append(
                Diagnostic(
                    Code.FORMAT_UNKNOWN,
                    "cannot tell the format of this file (feed, transcript, notes, summary or "
                    "review); give it with --format",
                    SourceSpan(path, 1, 1, max(1, len(text.text(1)))),
                    Severity.ERROR,
                    text.text(1),
                )
            )
        if strict:
            raise ParseErrors.from_diagnostics(path, diagnostics)
        return Feed(path, None, (), tuple(diagnostics), 0)
    parser = _PARSERS[kind]
    return parser(text, path, strict=strict)


def _decoded(source: str | bytes | SourceText, path: str) -> SourceText:
    return source if isinstance(source, SourceText) else decode(source, path)
