"""Parsers: one module per input format, and the registry of formats.

Each parser only reads; meaning is added by :mod:`feedcite.enrich`. Each parser module
declares its format (a :class:`Format`: its kind, how to recognise it, how to read it, and
what the later layers need from its records), and this module keeps the registry:
:func:`formats` lists them in the order they are tried, :func:`format_for` and
:func:`format_of` find one, :func:`register` adds a format of your own.

:func:`parse_document` detects the format of a text (or takes it from the caller) and
dispatches to the format's parser. Every parser accepts ``str``, ``bytes`` or a decoded
:class:`~feedcite.parsers._text.SourceText`, records problems as diagnostics and, with
``strict=True``, raises them all together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from feedcite.errors import Code, Diagnostic, ParseErrors, Severity
from feedcite.model import DocumentRecord, Feed, SourceSpan
from feedcite.parsers import feed, notes, review, summary, transcript
from feedcite.parsers._format import Format
from feedcite.parsers._text import decode
from feedcite.parsers.feed import parse_feed
from feedcite.parsers.notes import parse_notes
from feedcite.parsers.review import parse_review
from feedcite.parsers.summary import parse_summary
from feedcite.parsers.transcript import parse_transcript

__all__ = [
    "Format",
    "detect_format",
    "format_for",
    "format_of",
    "formats",
    "parse_document",
    "parse_feed",
    "parse_notes",
    "parse_review",
    "parse_summary",
    "parse_transcript",
    "register",
]

#: The built-in formats, in the order they are tried.
BUILTIN: tuple[Format[Any], ...] = (
    feed.FORMAT,
    transcript.FORMAT,
    notes.FORMAT,
    summary.FORMAT,
    review.FORMAT,
)
_REGISTRY: dict[str, Format[Any]] = {f.kind: f for f in BUILTIN}


def formats() -> tuple[Format[Any], ...]:
    """Every registered format: the built-in five, then those added by :func:`register`."""
    return tuple(_REGISTRY.values())


def register(fmt: Format[Any]) -> None:
    """Add a format (or replace the one of the same kind); it is tried after the others.

    Raises:
        ValueError: ``fmt.kind`` is the kind of a built-in format.
    """
    if any(f.kind == fmt.kind for f in BUILTIN):
        raise ValueError(f"'{fmt.kind}' is a built-in format and cannot be replaced")
    _REGISTRY[fmt.kind] = fmt


def unregister(kind: str) -> None:
    """Remove a format added by :func:`register` (nothing happens if there is none)."""
    if all(f.kind != kind for f in BUILTIN):
        _REGISTRY.pop(kind, None)


def format_for(kind: str) -> Format[Any] | None:
    """The registered format named ``kind``, if any."""
    return _REGISTRY.get(kind)


def format_of(document: DocumentRecord) -> Format[Any]:
    """The format of a parsed ``document``.

    Raises:
        KeyError: The document's format is not registered (it was unregistered after parsing).
    """
    return _REGISTRY[document.kind]


def detect_format(lines: Sequence[str]) -> str | None:
    """Tell the format of a document from its lines, or ``None`` if it is none of the formats.

    Each format scores how sure it is from its fixed landmarks (the feed header or item heads;
    a chapter list, a ``Transcript`` line and a "Transcribed by" trailer; "Reading Notes" or
    the "Four questions" heading; "Key Takeaways" with "Notable Quotes", or a "Name (guest)"
    byline; a "Review" label or "Return to ..." trailer): the highest score wins, ties go
    to the format tried first.
    """
    stripped = [line.strip() for line in lines if line.strip()]
    if not stripped:
        return None
    best, score = None, 0
    for fmt in _REGISTRY.values():
        found = fmt.detect(stripped)
        if found > score:
            best, score = fmt.kind, found
    return best


def _names() -> str:
    """``feed, transcript, notes, summary or review``."""
    kinds = [f.kind for f in formats()]
    return ", ".join(kinds[:-1]) + f" or {kinds[-1]}" if len(kinds) > 1 else kinds[0]


def parse_document(
    source: str | bytes,
    path: str,
    *,
    kind: str | None = None,
    strict: bool = False,
) -> DocumentRecord:
    """Parse a document of any registered format.

    Args:
        source: The document's text or bytes.
        path: The file name used in diagnostics.
        kind: The format; detected from the content when ``None``.
        strict: Raise every error together instead of recording them.

    Returns:
        The parsed document. A document whose format cannot be told is returned as an
        empty feed carrying a ``format-unknown`` error, so that nothing is lost silently.

    Raises:
        ValueError: ``kind`` names no registered format.
    """
    text = decode(source, path)
    if kind is not None and kind not in _REGISTRY:
        raise ValueError(f"unknown format {kind!r} (expected {_names()})")
    if kind is None and text.readable:
        kind = detect_format(text.lines)
    if kind is None:
        diagnostics = list(text.diagnostics)
        if text.readable:
            diagnostics.append(
                Diagnostic(
                    Code.FORMAT_UNKNOWN,
                    f"cannot tell the format of this file ({_names()}); give it with --format",
                    SourceSpan(path, 1, 1, max(1, len(text.text(1)))),
                    Severity.ERROR,
                    text.text(1),
                )
            )
        if strict:
            raise ParseErrors.from_diagnostics(path, diagnostics)
        return Feed(path, None, (), tuple(diagnostics), 0)
    document: DocumentRecord = _REGISTRY[kind].parse(text, path, strict=strict)
    return document
