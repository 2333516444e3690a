"""Reading TOML files with diagnostics that point at ``file:line:column``.

:mod:`tomllib` returns plain data without positions. :class:`TomlLocator` scans the same
text once more and records where every key and every value is, by its *key path* (table
names, keys and array indices: ``("corpus", "captures", 1, "path")``), so that validation
messages point at the offending key or value the way parse errors do, whether the TOML
says it with ``[[tables]]``, inline tables, dotted or quoted keys.

:func:`load_toml` turns everything :mod:`tomllib` can raise into one located diagnostic: a
syntax error at the place tomllib names (or, where it names only "the end of document",
at the string, array or table left open), a key defined twice at its second definition,
an integer too long for Python at that integer, and nesting too deep at the bracket that
went too deep.

Lines are counted as TOML counts them, at line feeds only: a form feed, ``U+2028`` or
``U+0085`` inside a string or comment does not start a new line.
"""

from __future__ import annotations

import bisect
import datetime
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import SourceSpan

__all__ = ["KeyPath", "TomlLocator", "load_toml", "toml_string", "type_name"]

KeyPath = tuple[str | int, ...]
"""Where a value is in a TOML document: keys, and indices into arrays."""

_SYNTAX_POSITION_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")
_MAX_DEPTH = 100
"""Arrays and inline tables nested deeper than this are refused (tomllib would recurse)."""
_MAX_DIGITS = 4300
"""Python refuses to convert integers with more digits than this (tomllib then fails)."""

_WS = re.compile(r"[ \t]*+")
_WS_NL = re.compile(r"(?:[ \t\r\n]++|#[^\n]*+)*+")
_COMMENT = re.compile(r"#[^\n]*+")
_BARE = re.compile(r"[A-Za-z0-9_-]++")
_BASIC = re.compile(r'"(?:[^"\\\n]++|\\.)*+"')
_LITERAL = re.compile(r"'[^'\n]*+'")
_ML_BASIC = re.compile(r'"""(?:[^"\\]++|\\.|"{1,2}+(?!"))*+"{3,5}+', re.S)
_ML_LITERAL = re.compile(r"'''(?:[^']++|'{1,2}+(?!'))*+'{3,5}+")
_SCALAR = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:[0-9:.+\-Z]*+|[0-9A-Za-z+\-_.:]++")
_DIGITS = re.compile(r"[0-9a-fA-F]")


def load_toml(text: str, path: str) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Parse TOML ``text``; anything wrong with it becomes one located diagnostic.

    A leading byte-order mark is ignored.
    """
    text = text.removeprefix("\ufeff")
    try:
        return tomllib.loads(text), []
    except (ValueError, RecursionError) as error:  # TOMLDecodeError is a ValueError
        return {}, [_syntax_diagnostic(text, path, error)]


def _syntax_diagnostic(text: str, path: str, error: Exception) -> Diagnostic:
    scan = _Scanner(text)
    scan.run()
    where = TomlLocator(path, _lines(text), scan.places, scan.line_starts)
    message = str(error)
    found = _SYNTAX_POSITION_RE.search(message)
    clean = _SYNTAX_POSITION_RE.sub("", message).strip()
    if isinstance(error, RecursionError) or scan.too_deep is not None:
        at = scan.too_deep if scan.too_deep is not None else 0
        clean = f"arrays or inline tables nested more than {_MAX_DEPTH} deep"
        span = where.span_of(at, at + 1)
    elif not isinstance(error, tomllib.TOMLDecodeError):
        at, end = scan.huge if scan.huge is not None else (0, 1)
        clean = f"an integer with more than {_MAX_DIGITS} digits"
        span = where.span_of(at, end)
    elif scan.duplicate is not None and clean.startswith("Cannot "):
        at, end, first = scan.duplicate
        clean = f"{text[at:end]!r} is defined twice (first at line {where.line_of(first)})"
        span = where.span_of(at, end)
    elif (open_string := _open_string(text, scan.stopped_at, clean, found)) is not None:
        clean = open_string
        span = where.span_of(scan.stopped_at or 0, (scan.stopped_at or 0) + 1)
    elif found is not None and found[1] is not None:
        line, column = int(found[1]), int(found[2])
        span = SourceSpan(path, line, column)
    else:  # "at end of document": point at what was left open, else at the last line
        at = scan.stopped_at if scan.stopped_at is not None else max(0, len(text.rstrip()) - 1)
        span = where.span_of(at, at + 1)
    return where.diagnostic(Code.META_SYNTAX, f"TOML syntax error: {clean}", span)


def _open_string(
    text: str, stopped_at: int | None, message: str, found: re.Match[str] | None
) -> str | None:
    r"""The message for a string left open, if that is what tomllib refused.

    tomllib reports the line break that ends the line (``Illegal character '\n'``) or the
    end of the document; the scan stopped at the opening quote, which is where to point.
    """
    if stopped_at is None or text[stopped_at : stopped_at + 1] not in ('"', "'"):
        return None
    if found is not None and found[1] is not None:
        same_line = text.count("\n", 0, stopped_at) + 1 == int(found[1])
        if not (message == "Illegal character '\\n'" and same_line):
            return None
    elif not (message.startswith("Unterminated string") or message.startswith("Expected ")):
        return None
    quote = text[stopped_at]
    if text.startswith(quote * 3, stopped_at):
        return f"the string opened with {quote * 3} here is never closed"
    return (
        f"the string opened with {quote} here is not closed on its line (a {quote}…{quote}"
        f" string ends on its line; {quote * 3}…{quote * 3} may run over several)"
    )


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.removesuffix("\r") for line in text.split("\n"))


@dataclass(frozen=True, slots=True)
class _Place:
    """Offsets ``[start, end)`` of a key (its last part) and of its value (or table header)."""

    key: tuple[int, int] | None
    value: tuple[int, int] | None


class _StopError(Exception):
    """The scan cannot go on (the text is not valid TOML); where it stopped is recorded."""


class _Scanner:
    """Records the place of every key path of a TOML text.

    It follows tomllib's grammar closely enough to locate things in a valid document, and
    stops without raising at the first thing it cannot read (a document tomllib refused).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.places: dict[KeyPath, _Place] = {}
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.arrays: dict[KeyPath, int] = {}  # array-of-tables path -> entries so far
        self.defined: dict[KeyPath, int] = {}  # explicitly defined path -> its key's offset
        self.opens: list[int] = []  # offsets of the strings, arrays, tables still open
        self.depth = 0
        self.duplicate: tuple[int, int, int] | None = None  # start, end, first definition
        self.stopped_at: int | None = None
        self.too_deep: int | None = None
        self.huge: tuple[int, int] | None = None  # the longest integer, if very long
        self.huge_digits = 0

    # -- helpers

    def peek(self, width: int = 1) -> str:
        return self.text[self.pos : self.pos + width]

    def skip(self, pattern: re.Pattern[str]) -> None:
        found = pattern.match(self.text, self.pos)
        if found:
            self.pos = found.end()

    def stop(self) -> _StopError:
        self.stopped_at = self.opens[-1] if self.opens else self.pos
        return _StopError()

    def record(
        self, path: KeyPath, key: tuple[int, int] | None, value: tuple[int, int] | None
    ) -> None:
        old = self.places.get(path)
        if old is None:
            self.places[path] = _Place(key, value)
        elif old.value is None and value is not None:
            self.places[path] = _Place(old.key or key, value)

    def define(self, path: KeyPath, key: tuple[int, int]) -> None:
        first = self.defined.get(path)
        if first is not None:
            if self.duplicate is None:
                self.duplicate = (key[0], key[1], first)
            return
        self.defined[path] = key[0]

    # -- the grammar

    def run(self) -> None:
        try:
            self.document()
        except _StopError:
            pass
        except RecursionError:  # pragma: no cover - the depth limit comes first
            self.too_deep = self.pos

    def document(self) -> None:
        table: KeyPath = ()
        text = self.text
        while self.pos < len(text):
            self.skip(_WS)
            char = self.peek()
            if char in ("\n", "\r", ""):
                self.pos += 1
                continue
            if char == "#":
                self.skip(_COMMENT)
                continue
            if char == "[":
                table = self.header()
            else:
                self.keyval(table)
            self.skip(_WS)
            self.skip(_COMMENT)
            if self.peek() not in ("\n", "\r", ""):
                raise self.stop()

    def header(self) -> KeyPath:
        start = self.pos
        array = self.peek(2) == "[["
        self.pos += 2 if array else 1
        parts = self.key()
        self.skip(_WS)
        close = "]]" if array else "]"
        if self.peek(len(close)) != close:
            raise self.stop()
        self.pos += len(close)
        span = (start, self.pos)
        names = [name for name, _, _ in parts]
        prefix = self.resolve(names[:-1], parts[:-1])
        path = (*prefix, names[-1])
        last = (parts[-1][1], parts[-1][2])
        if array:
            count = self.arrays.get(path, 0)
            self.arrays[path] = count + 1
            self.record(path, last, span)
            path = (*path, count)
        else:
            self.define(path, last)
        self.record(path, last, span)
        return path

    def resolve(self, names: list[str], parts: list[tuple[str, int, int]]) -> KeyPath:
        """The key path of a header's leading parts (into the last entry of arrays of tables)."""
        path: KeyPath = ()
        for name, (_, start, end) in zip(names, parts, strict=True):
            path = (*path, name)
            self.record(path, (start, end), None)
            if path in self.arrays:
                path = (*path, self.arrays[path] - 1)
        return path

    def key(self) -> list[tuple[str, int, int]]:
        parts: list[tuple[str, int, int]] = []
        while True:
            self.skip(_WS)
            start = self.pos
            char = self.peek()
            if char == '"':
                found = _BASIC.match(self.text, self.pos)
                name = _decode(found[0]) if found else ""
            elif char == "'":
                found = _LITERAL.match(self.text, self.pos)
                name = found[0][1:-1] if found else ""
            else:
                found = _BARE.match(self.text, self.pos)
                name = found[0] if found else ""
            if found is None:
                raise self.stop()
            self.pos = found.end()
            parts.append((name, start, self.pos))
            self.skip(_WS)
            if self.peek() != ".":
                return parts
            self.pos += 1

    def keyval(self, table: KeyPath) -> None:
        parts = self.key()
        if self.peek() != "=":
            raise self.stop()
        self.pos += 1
        path = table
        for number, (name, start, end) in enumerate(parts):
            path = (*path, name)
            if number < len(parts) - 1:
                self.record(path, (start, end), None)
                if path in self.defined and self.defined[path] != start:
                    self.dotted_conflict(path, start, end)
        last = (parts[-1][1], parts[-1][2])
        self.define(path, last)
        self.skip(_WS)
        value = self.value(path)
        self.record(path, last, value)

    def dotted_conflict(self, path: KeyPath, start: int, end: int) -> None:
        """A dotted key that extends a value defined before (``a = 1`` then ``a.b = 2``)."""
        if self.duplicate is None and path not in self.arrays:
            self.duplicate = (start, end, self.defined[path])

    def value(self, path: KeyPath) -> tuple[int, int]:
        start = self.pos
        char = self.peek()
        if char in {'"', "'"}:
            pattern = _BASIC if char == '"' else _LITERAL
            if self.peek(3) == char * 3:
                pattern = _ML_BASIC if char == '"' else _ML_LITERAL
            found = pattern.match(self.text, self.pos)
            if found is None:
                self.opens.append(start)
                raise self.stop()
            self.pos = found.end()
        elif char == "[":
            self.nested(start, path, self.array)
        elif char == "{":
            self.nested(start, path, self.inline_table)
        else:
            found = _SCALAR.match(self.text, self.pos)
            if found is None:
                raise self.stop()
            self.pos = found.end()
            digits = len(_DIGITS.findall(found[0])) if len(found[0]) > _MAX_DIGITS else 0
            if digits > self.huge_digits:
                self.huge, self.huge_digits = (start, self.pos), digits
        return (start, self.pos)

    def nested(self, start: int, path: KeyPath, read: Any) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            self.too_deep = start
            raise self.stop()
        self.opens.append(start)
        read(path)
        self.opens.pop()
        self.depth -= 1

    def array(self, path: KeyPath) -> None:
        self.pos += 1
        index = 0
        while True:
            self.skip(_WS_NL)
            if self.peek() == "]":
                self.pos += 1
                return
            if not self.peek():
                raise self.stop()
            element = (*path, index)
            self.record(element, None, self.value(element))
            index += 1
            self.skip(_WS_NL)
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "]":
                raise self.stop()

    def inline_table(self, path: KeyPath) -> None:
        self.pos += 1
        self.skip(_WS)
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            self.keyval(path)
            self.skip(_WS)
            if self.peek() == "}":
                self.pos += 1
                return
            if self.peek() != ",":
                raise self.stop()
            self.pos += 1


def _decode(token: str) -> str:
    """The name a quoted key stands for (escapes resolved)."""
    if "\\" not in token:
        return token[1:-1]
    try:
        value = tomllib.loads(f"k = {token}")["k"]
    except ValueError:
        return token[1:-1]
    return value if isinstance(value, str) else token[1:-1]


@dataclass(frozen=True, slots=True)
class TomlLocator:
    """Where every key and value of a TOML text is.

    A locator may be *scoped* to a table (:meth:`at`): its key paths are then relative to
    that table. Every method returns a span even for a path it does not know: the nearest
    enclosing key it knows, or the first line.
    """

    path: str
    lines: tuple[str, ...]
    places: Mapping[KeyPath, _Place] = field(repr=False)
    line_starts: list[int] = field(repr=False)
    prefix: KeyPath = ()

    @classmethod
    def of(cls, text: str, path: str) -> TomlLocator:
        """A locator for ``text`` (which should be valid TOML)."""
        text = text.removeprefix("\ufeff")
        scan = _Scanner(text)
        scan.run()
        return cls(path, _lines(text), scan.places, scan.line_starts)

    def at(self, *keys: str | int) -> TomlLocator:
        """A locator scoped to the table at ``keys``."""
        return TomlLocator(self.path, self.lines, self.places, self.line_starts, self.full(keys))

    def full(self, keys: KeyPath) -> KeyPath:
        """``keys`` below this locator's scope, as a key path from the document's top."""
        return (*self.prefix, *keys)

    def knows(self, *keys: str | int) -> bool:
        """Whether the text defines ``keys`` (an explicit key, table or array entry)."""
        return self.full(keys) in self.places

    def key_span(self, *keys: str | int) -> SourceSpan:
        """Where the key at ``keys`` is written (for an array entry: where the entry starts)."""
        return self._span(self.full(keys), value=False)

    def value_span(self, *keys: str | int) -> SourceSpan:
        """Where the value at ``keys`` is written (a table: its header)."""
        return self._span(self.full(keys), value=True)

    def line(self, *keys: str | int) -> int:
        """The line of the key (or entry) at ``keys``."""
        return self.key_span(*keys).line

    def _span(self, path: KeyPath, *, value: bool) -> SourceSpan:
        while path:
            place = self.places.get(path)
            if place is not None:
                first, second = (place.value, place.key) if value else (place.key, place.value)
                chosen = first or second
                if chosen is not None:
                    return self.span_of(*chosen)
            path = path[:-1]
        return SourceSpan(self.path, 1, 1)

    def span_of(self, start: int, end: int) -> SourceSpan:
        """The span of offsets ``[start, end)`` (its caret stops at the end of its first line)."""
        line = bisect.bisect_right(self.line_starts, start)
        column = start - self.line_starts[line - 1] + 1
        text = self.lines[line - 1] if line <= len(self.lines) else ""
        length = max(1, min(end - start, len(text) - column + 1))
        end_line = bisect.bisect_right(self.line_starts, max(start, end - 1))
        return SourceSpan(self.path, line, column, length, end_line)

    def line_of(self, offset: int) -> int:
        """The 1-based line of ``offset``."""
        return bisect.bisect_right(self.line_starts, offset)

    # -- the interface kept from the line-based locator

    def entries(self, table: str) -> list[int]:
        """1-based lines where each entry of the array ``table`` (dotted) starts."""
        path = self.full(tuple(table.split(".")))
        lines: list[int] = []
        while (*path, len(lines)) in self.places:
            lines.append(self._span((*path, len(lines)), value=True).line)
        return lines

    def key(self, start: int, key: str, subkey: str | None = None) -> SourceSpan:
        """Where ``key`` (or ``key.subkey``) is, in this scope; line ``start`` if unknown."""
        keys: KeyPath = (key,) if subkey is None else (key, subkey)
        for length in (len(keys), 1):
            if self.knows(*keys[:length]):
                return self.key_span(*keys[:length])
        return SourceSpan(self.path, start, 1)

    def diagnostic(
        self,
        code: Code,
        message: str,
        span: SourceSpan,
        severity: Severity = Severity.ERROR,
    ) -> Diagnostic:
        """A diagnostic at ``span``, carrying its line for the caret."""
        text = self.lines[span.line - 1] if 0 < span.line <= len(self.lines) else ""
        return Diagnostic(code, message, span, severity, text)


def type_name(value: object) -> str:
    """The TOML name of a value's type, for messages."""
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return "an array of tables"
        return "an array"
    names: Mapping[type, str] = {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a float",
        dict: "a table",
        datetime.datetime: "a date-time",
        datetime.date: "a date",
        datetime.time: "a time",
    }
    return names.get(type(value), type(value).__name__)


_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
_TOML_ESCAPES["\r"] = "\\r"


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (quoted; quotes, backslashes and controls escaped)."""
    out = []
    for char in text:
        if char in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[char])
        elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F or char in "\u2028\u2029":
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
