"""What a document format is: one declaration per format, read by every later layer.

Each parser module ends with a :class:`Format`: the format's name, how to recognise it, how
to read it, and what the later layers need from its records (the searchable text units for
mentions and the glossary, and the identity evidence that says which work a document is
about). The JSON export and the site dispatch on the format's ``kind`` too, with a generic
shape and a generic page for a format that declares none (see the architecture guide).

:meth:`Format.parse` is the one prologue and epilogue of every parser: decode the input
(``str``, ``bytes`` or an already decoded :class:`~feedcite.parsers._text.SourceText`), read
it, order the diagnostics by place, and in strict mode raise every error together.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from feedcite.model import Corpus, DocumentHead, DocumentRecord, TextUnit
from feedcite.parsers._text import SourceText, decode, raise_if_errors

__all__ = ["Format"]


D = TypeVar("D", bound=DocumentRecord)


@dataclass(frozen=True, slots=True)
class Format(Generic[D]):
    """One input format and what every layer needs to know about it.

    Attributes:
        kind: The format's name (``feed``, ``transcript`` ...), also ``Record.kind``.
        label: What a reader calls a document of this format (``Reading notes``).
        record: The class of its parsed records.
        detect: How sure it is that a document's non-blank lines (stripped) are of this
            format: 0 for "not this one"; the highest score wins, ties go to the format
            registered first.
        read: The parser proper: decoded text to a record (diagnostics in any order; see
            :meth:`parse`).
        units: The record's searchable pieces of text with their locations (what mentions
            of works and uses of glossary terms are looked for in).
        head: The record's identity evidence (title, opening, body) for finding the work it
            is about, or ``None`` for a format that is never about one work (a feed).
    """

    kind: str
    label: str
    record: type[D]
    detect: Callable[[Sequence[str]], int]
    read: Callable[[SourceText], D]
    units: Callable[[D, Corpus], Iterator[TextUnit]]
    head: Callable[[D], DocumentHead | None]

    def parse(self, source: str | bytes | SourceText, path: str, *, strict: bool = False) -> D:
        """Decode ``source``, read it, and order its diagnostics by line and column.

        Args:
            source: The document's text or bytes, or an already decoded text.
            path: The file name used in diagnostics.
            strict: Raise :class:`~feedcite.errors.ParseErrors` with every error instead of
                recording them.
        """
        text = source if isinstance(source, SourceText) else decode(source, path)
        record = self.read(text)
        ordered = tuple(sorted(record.diagnostics, key=lambda d: (d.span.line, d.span.column)))
        if ordered != record.diagnostics:
            record = dataclasses.replace(record, diagnostics=ordered)  # type: ignore[type-var]
        if strict:
            raise_if_errors(text.path, record.diagnostics)
        return record
