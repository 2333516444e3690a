"""Turning bytes into clean lines, with every repair recorded as a diagnostic.

All parsers start here. :func:`decode` accepts the messy inputs that captures produce
(a BOM, CRLF or CR line ends, trailing spaces, stray NUL bytes, invalid UTF-8) and
returns a :class:`SourceText` whose lines are safe to parse, plus the diagnostics that
say what was repaired. A file that is empty or binary gives an error and no lines.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass

from feedcite.errors import Code, Diagnostic, ParseErrors, Severity
from feedcite.model import SourceSpan

__all__ = [
    "BoilerplateRules",
    "SourceText",
    "boilerplate_rule",
    "decode",
    "normalize_space",
    "split_lines",
    "strip_quotes",
]

BoilerplateRules = tuple[tuple[str, re.Pattern[str]], ...]
"""Named patterns of text that is not part of a document (each parser has its own)."""

_BINARY_SAMPLE = 8192
#: More than this share of control bytes in the first 8 KiB means the file is not text.
_BINARY_RATIO = 0.10
#: Shorter inputs are always read as text (their control bytes are reported one by one).
_BINARY_MIN = 64
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13}
_MAX_ENCODING_REPORTS = 5


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded input: clean lines and the diagnostics produced while decoding.

    Attributes:
        path: The file name used in messages.
        lines: The lines, without line ends or trailing whitespace.
        diagnostics: Repairs and errors from decoding.
        readable: ``False`` when the input is empty or binary (``lines`` is then empty).
    """

    path: str
    lines: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    readable: bool = True

    def span(self, line: int, column: int = 1, length: int = 1, end_line: int = 0) -> SourceSpan:
        """A span on 1-based ``line`` of this text."""
        return SourceSpan(self.path, line, column, max(1, length), end_line)

    def text(self, line: int) -> str:
        """The 1-based ``line`` (empty string past the end)."""
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def diagnostic(
        self,
        code: Code,
        message: str,
        line: int,
        column: int = 1,
        length: int = 1,
        *,
        severity: Severity = Severity.ERROR,
        end_line: int = 0,
    ) -> Diagnostic:
        """A diagnostic located on ``line`` of this text, carrying the line for the caret."""
        return Diagnostic(
            code,
            message,
            self.span(line, column, length, end_line),
            severity,
            self.text(line),
        )

    def numbered(self) -> Iterator[tuple[int, str]]:
        """``(line number, line)`` pairs, 1-based."""
        return enumerate(self.lines, start=1)


def decode(data: bytes | str, path: str) -> SourceText:
    """Decode ``data`` into clean lines, recording every repair.

    Repairs, each a warning: NUL bytes are removed; invalid UTF-8 bytes become U+FFFD,
    except in a file with no valid UTF-8 sequence at all, which is read as Windows-1252;
    a UTF-16 or UTF-32 file (with a byte order mark, or UTF-16 told by its zero bytes) is
    decoded as such. Silently tolerated (they carry no information): a UTF-8 BOM, CRLF
    and CR line ends, the Unicode line ends U+2028, U+2029 and U+0085 (NEL), trailing
    whitespace. Errors, with no lines returned: an empty file, a binary file.
    """
    if isinstance(data, str):
        text = data
        diagnostics: list[Diagnostic] = []
    else:
        wide = _decode_wide(data, path)
        if wide is not None:
            text, diagnostics = wide
        elif _looks_binary(data):
            return _unreadable(
                path, Code.FILE_BINARY, "this is a binary file, not text; nothing was read"
            )
        else:
            text, diagnostics = _decode_utf8(data, path)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return _unreadable(path, Code.FILE_EMPTY, "the file is empty; nothing was read")
    lines = [line.rstrip() for line in split_lines(text)]
    if "\x00" in text:
        for number, line in enumerate(lines, start=1):
            if "\x00" in line:
                column = line.index("\x00") + 1
                count = line.count("\x00")
                lines[number - 1] = cleaned = line.replace("\x00", "")
                diagnostics.append(
                    Diagnostic(
                        Code.FILE_NUL,
                        f"{count} NUL byte{'s' if count > 1 else ''} removed from this line",
                        SourceSpan(path, number, column),
                        Severity.WARNING,
                        cleaned,
                    )
                )
        if not any(line.strip() for line in lines):
            return _unreadable(path, Code.FILE_EMPTY, "the file is empty; nothing was read")
    while lines and not lines[-1]:
        lines.pop()
    return SourceText(path, tuple(lines), tuple(diagnostics))


#: Line ends besides LF: CRLF, CR, and the Unicode ones (LINE SEPARATOR, PARAGRAPH
#: SEPARATOR, NEXT LINE), which some editors and web captures write.
_OTHER_LINE_ENDS = ("\r\n", "\r", "\u2028", "\u2029", "\x85")


def split_lines(text: str) -> list[str]:
    """``text`` cut at every line end (LF, CRLF, CR, U+2028, U+2029, U+0085)."""
    for end in _OTHER_LINE_ENDS:
        if end in text:
            text = text.replace(end, "\n")
    return text.split("\n")


_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
#: At least this share of the bytes at odd (or even) offsets being zero, and almost none at
#: the others, is UTF-16 text without a byte order mark.
_UTF16_ZEROS = 0.9


def _decode_wide(data: bytes, path: str) -> tuple[str, list[Diagnostic]] | None:
    """A UTF-16 or UTF-32 file, decoded, with a warning saying so; ``None`` for any other."""
    found = next(
        ((bom, codec, name) for bom, codec, name in _WIDE_BOMS if data.startswith(bom)), None
    )
    how = "it starts with a byte order mark"
    if found is None:
        sample = data[:_BINARY_SAMPLE]
        pairs = len(sample) // 2
        if pairs < _BINARY_MIN // 2:
            return None
        even = sample[0 : 2 * pairs : 2].count(0) / pairs
        odd = sample[1 : 2 * pairs : 2].count(0) / pairs
        if odd >= _UTF16_ZEROS and even < 1 - _UTF16_ZEROS:
            found = (b"", "utf-16-le", "UTF-16")
        elif even >= _UTF16_ZEROS and odd < 1 - _UTF16_ZEROS:
            found = (b"", "utf-16-be", "UTF-16")
        else:
            return None
        how = "no byte order mark; told by its zero bytes"
    bom, codec, name = found
    body = data[len(bom) :]
    text = body.decode(codec, errors="replace")
    if not bom:
        sample_text = text[:_BINARY_SAMPLE]
        odd_characters = sum(1 for ch in sample_text if not ch.isprintable() and ch not in "\t\n\r")
        if odd_characters > _BINARY_RATIO * len(sample_text):
            return None  # zero bytes in a pattern, but not text: a binary file
    message = f"the file is {name}, not UTF-8 ({how}); read as {name}"
    if "\ufffd" in text and "\ufffd".encode(codec) not in body:
        message += ", with invalid sequences replaced by U+FFFD"
    return text, [Diagnostic(Code.FILE_ENCODING, message, SourceSpan(path, 1, 1), Severity.WARNING)]


def _looks_binary(data: bytes) -> bool:
    """Many control bytes in the first 8 KiB (a few stray NULs in text do not count)."""
    sample = data[:_BINARY_SAMPLE]
    if len(sample) < _BINARY_MIN:
        return False
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    return controls / len(sample) > _BINARY_RATIO


def _decode_utf8(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    diagnostics: list[Diagnostic] = []
    text = data.decode("utf-8", errors="replace")
    if not any(ord(ch) > 127 and ch != "\ufffd" for ch in text):
        # Not one valid UTF-8 sequence among the non-ASCII bytes: a legacy 8-bit file.
        return _decode_legacy(data, path)
    bad = 0
    for number, line in enumerate(split_lines(text), start=1):
        column = line.find("\ufffd")
        if column < 0:
            continue
        bad += line.count("\ufffd")
        if len(diagnostics) < _MAX_ENCODING_REPORTS:
            diagnostics.append(
                Diagnostic(
                    Code.FILE_ENCODING,
                    "invalid UTF-8; the bad bytes were replaced with U+FFFD",
                    SourceSpan(path, number, column + 1),
                    Severity.WARNING,
                    line.rstrip(),
                )
            )
    if bad > _MAX_ENCODING_REPORTS:
        diagnostics.append(
            Diagnostic(
                Code.FILE_ENCODING,
                f"{bad} invalid UTF-8 sequences in all were replaced with U+FFFD",
                SourceSpan(path, 1, 1),
                Severity.WARNING,
            )
        )
    return text, diagnostics


def _decode_legacy(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """Windows-1252 (else Latin-1) text, with one warning at the first non-ASCII byte."""
    try:
        text, encoding = data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "Latin-1"
    # Both are one byte per character, so the first non-ASCII byte is the character there.
    first = next(i for i, byte in enumerate(data) if byte > 127)
    before = split_lines(text[:first])
    line = len(before)
    line_text = split_lines(text[first - len(before[-1]) :])[0].rstrip()
    diagnostic = Diagnostic(
        Code.FILE_ENCODING,
        f"the file is not UTF-8 and has no UTF-8 sequence at all; read as {encoding}",
        SourceSpan(path, line, len(before[-1]) + 1),
        Severity.WARNING,
        line_text,
    )
    return text, [diagnostic]


def _unreadable(path: str, code: Code, message: str) -> SourceText:
    diagnostic = Diagnostic(code, message, SourceSpan(path, 1, 1), Severity.ERROR)
    return SourceText(path, (), (diagnostic,), readable=False)


def boilerplate_rule(rules: BoilerplateRules, text: str) -> str | None:
    """The name of the first of ``rules`` whose pattern matches ``text`` (from its start)."""
    return next((name for name, pattern in rules if pattern.match(text)), None)


def normalize_space(text: str) -> str:
    r"""Collapse runs of whitespace into single spaces and strip the ends.

    ``str.split`` cuts at exactly the whitespace that a pattern's ``\s`` matches, in C.
    """
    joined = " ".join(text.split())
    return text if joined == text else joined  # the same object when nothing changed


_OPENING_QUOTES = "“\"„«‘'"
_CLOSING_QUOTES = "”\"“»’'"


def strip_quotes(text: str) -> tuple[str, bool]:
    """Remove one pair of surrounding quotes (curly or straight) from ``text``.

    Returns the unquoted text and whether it was quoted. Doubled quotes (``““...””``)
    as left by some capture tools are removed as one pair.
    """
    s = text.strip()
    quoted = False
    while len(s) >= 2 and s[0] in _OPENING_QUOTES and s[-1] in _CLOSING_QUOTES:
        s = s[1:-1].strip()
        quoted = True
    if not quoted and s and s[0] in _OPENING_QUOTES:
        # An opening quote whose closing quote was lost: still a quoted claim.
        return s[1:].strip(), True
    return s, quoted


def raise_if_errors(what: str, diagnostics: tuple[Diagnostic, ...]) -> None:
    """In strict mode: raise every error of ``diagnostics`` together."""
    if any(d.is_error for d in diagnostics):
        raise ParseErrors.from_diagnostics(what, diagnostics)
