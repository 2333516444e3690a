"""Diagnostics: what is wrong with an input, where, and what feedcite did about it.

Every problem feedcite finds in an input becomes a :class:`Diagnostic` with a
:class:`Code`, a :class:`~feedcite.span.SourceSpan` and the offending line, so that
it can be printed as ``file:line:column`` with a caret under the span, serialised to
JSON, or raised. In lenient mode (the default) diagnostics are collected and parsing
goes on; in strict mode every error is raised together as a :class:`ParseErrors`
group of :class:`ParseError`.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from feedcite.span import SourceSpan

__all__ = [
    "Code",
    "Diagnostic",
    "ParseError",
    "ParseErrors",
    "Severity",
    "format_excerpt",
]

#: Characters of context shown either side of the caret for very long lines.
_EXCERPT_WINDOW = 60


class Severity(enum.StrEnum):
    """How bad a diagnostic is."""

    ERROR = "error"
    """The item (or document) could not be read and was skipped; it is listed instead."""
    WARNING = "warning"
    """The input was read, with a documented recovery or an estimate worth knowing about."""


class Code(enum.StrEnum):
    """Stable identifiers of every diagnostic, usable to filter or silence them."""

    # Reading a file at all.
    FILE_UNREADABLE = "file-unreadable"
    FILE_EMPTY = "file-empty"
    FILE_BINARY = "file-binary"
    FILE_ENCODING = "file-encoding"
    FILE_NUL = "file-nul"
    FILE_DUPLICATE = "file-duplicate"
    FORMAT_UNKNOWN = "format-unknown"
    # The feed.
    FEED_HEADER = "feed-header"
    FEED_ITEM_HEADER = "feed-item-header"
    FEED_MONTH = "feed-month"
    FEED_DAY = "feed-day"
    FEED_MISSING_LINE = "feed-missing-line"
    FEED_EXTRA_LINE = "feed-extra-line"
    FEED_STRAY_LINE = "feed-stray-line"
    FEED_DUPLICATE = "feed-duplicate"
    FEED_CLAIM_QUOTES = "feed-claim-quotes"
    FEED_TAGS = "feed-tags"
    # Tags and dates (enrichment).
    TAGS_UNCERTAIN = "tags-uncertain"
    TAG_GROUP = "tag-group"
    DATE_MISMATCH = "date-mismatch"
    DATE_ORDER = "date-order"
    DATE_AMBIGUOUS = "date-ambiguous"
    DATE_NO_ANCHOR = "date-no-anchor"
    DATE_INVALID = "date-invalid"
    # Curated metadata and other configuration files.
    META_SYNTAX = "meta-syntax"
    META_KEY = "meta-key"
    META_TYPE = "meta-type"
    META_VALUE = "meta-value"
    META_NO_MATCH = "meta-no-match"
    META_AMBIGUOUS = "meta-ambiguous"
    META_MISSING = "meta-missing"
    CONFIG = "config"
    # Transcripts.
    TRANSCRIPT_STRUCTURE = "transcript-structure"
    TRANSCRIPT_CHAPTER_TIME = "transcript-chapter-time"
    TRANSCRIPT_CHAPTER_ORDER = "transcript-chapter-order"
    TRANSCRIPT_BOILERPLATE = "transcript-boilerplate"
    TRANSCRIPT_DURATION = "transcript-duration"
    ALIGN_LOW_CONFIDENCE = "align-low-confidence"
    # Reading notes.
    NOTES_STRUCTURE = "notes-structure"
    NOTES_QUESTION = "notes-question"
    NOTES_GLOSSARY = "notes-glossary"
    NOTES_CHAPTER_REF = "notes-chapter-ref"
    NOTES_TABLE = "notes-table"
    NOTES_FLAG = "notes-flag"
    # Summary and review pages.
    SUMMARY_STRUCTURE = "summary-structure"
    SUMMARY_BOILERPLATE = "summary-boilerplate"
    REVIEW_STRUCTURE = "review-structure"
    REVIEW_BOILERPLATE = "review-boilerplate"
    # Cross-document links, glossary.
    LINK_IDENTITY = "link-identity"
    MENTION_AMBIGUOUS = "mention-ambiguous"
    GLOSSARY = "glossary"
    # Names and displayed text (enrichment).
    NAME_ALIAS = "name-alias"
    NAME_VARIANT = "name-variant"
    NAME_ORDER = "name-order"
    TEXT_INVISIBLE = "text-invisible"
    # Bibliography output.
    BIB_MISSING = "bib-missing"
    BIB_KEY = "bib-key"
    BIB_TEXT = "bib-text"
    BIB_OUTPUT = "bib-output"
    # The user's library (feedcite match).
    LIBRARY = "library"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in an input, with where it is and what was done.

    Attributes:
        code: Stable identifier (see :class:`Code`).
        message: What is wrong and, for recoveries, what feedcite did.
        span: Where: path, 1-based line and column, and the width of the caret.
        severity: :attr:`Severity.ERROR` when something was skipped.
        line_text: The offending source line, for the caret display ("" if none).
    """

    code: Code
    message: str
    span: SourceSpan
    severity: Severity = Severity.ERROR
    line_text: str = ""

    @property
    def is_error(self) -> bool:
        """Whether the diagnostic is an error (something was skipped)."""
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """Render as ``path:line:col: severity[code]: message`` plus the line and a caret."""
        head = f"{self.span}: {self.severity}[{self.code}]: {self.message}"
        excerpt = format_excerpt(self.line_text, self.span.column, self.span.length)
        return f"{head}\n{excerpt}" if excerpt else head

    def to_json(self) -> dict[str, object]:
        """The JSON shape of a diagnostic (``path, line, column, code, message, severity``)."""
        return {
            "path": self.span.path,
            "line": self.span.line,
            "column": self.span.column,
            "code": str(self.code),
            "severity": str(self.severity),
            "message": self.message,
        }

    def as_error(self) -> ParseError:
        """This diagnostic as a raisable :class:`ParseError`."""
        return ParseError(self)


def format_excerpt(line_text: str, column: int, length: int = 1) -> str:
    """Show ``line_text`` with a caret under ``column`` (1-based), ``length`` wide.

    Long lines are cut to a window around the column, marked with ``…``, so that a
    10 MB line still gives a readable message. Control characters are shown as ``?``
    so that the caret stays aligned and nothing is sent raw to the terminal.
    """
    if not line_text:
        return ""
    col = max(1, column) - 1
    start = max(0, col - _EXCERPT_WINDOW)
    # A long span (a whole 10 MB line) is underlined for at most two windows' width.
    visible = min(max(length, 1), 2 * _EXCERPT_WINDOW)
    tail = _EXCERPT_WINDOW if visible == max(length, 1) else 0
    end = min(len(line_text), col + visible + tail)
    shown = "".join(ch if ch.isprintable() else "?" for ch in line_text[start:end])
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(line_text) else ""
    # The caret goes under the character on a terminal: wide characters (CJK) take two
    # columns there and combining marks none.
    caret_at = len(prefix) + _columns(shown[: col - start])
    width = max(1, _columns(shown[col - start : col - start + min(visible, end - col)]))
    return f"    {prefix}{shown}{suffix}\n    {' ' * caret_at}{'^' * width}"


def _columns(text: str) -> int:
    """Terminal columns of ``text``: two for a wide character, none for a combining mark."""
    if text.isascii():
        return len(text)
    return sum(
        0
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf")
        else 2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in text
    )


class ParseError(ValueError):
    """An input that feedcite could not read, with ``file:line:column`` and a caret.

    ``str(error)`` gives the full message, for example::

        feed.txt:5:15: error[feed-month]: unknown month 'Foo' (expected Jan, Feb, ... Dec)
            paper / alice / Foo 12
                          ^^^
    """

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic

    @property
    def span(self) -> SourceSpan:
        """Where the error is."""
        return self.diagnostic.span

    @property
    def code(self) -> Code:
        """The error's stable code."""
        return self.diagnostic.code


class ParseErrors(ExceptionGroup[ParseError]):
    """Every error of a strict parse, raised together."""

    def __new__(cls, message: str, errors: Sequence[ParseError]) -> ParseErrors:
        """A group of ``errors`` described by ``message`` (``"3 errors in feed.txt"``)."""
        return super().__new__(cls, message, list(errors))

    def derive(self, excs: Sequence[ParseError]) -> ParseErrors:  # type: ignore[override]
        """Keep the type when the group is split (``except*``)."""
        return ParseErrors(self.message, excs)

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """The diagnostics of every error in the group, nested groups included."""
        found: list[Diagnostic] = []
        for error in self.exceptions:
            if isinstance(error, ParseError):
                found.append(error.diagnostic)
            elif isinstance(error, ParseErrors):
                found.extend(error.diagnostics)
        return tuple(found)

    @classmethod
    def from_diagnostics(cls, what: str, diagnostics: Iterable[Diagnostic]) -> ParseErrors:
        """Group every error of ``diagnostics`` (warnings are left out)."""
        errors = [d.as_error() for d in diagnostics if d.is_error]
        noun = "error" if len(errors) == 1 else "errors"
        return cls(f"{len(errors)} {noun} in {what}", errors)
