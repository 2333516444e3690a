"""Reading TOML files with diagnostics that point at ``file:line:column``.

:mod:`tomllib` returns plain data without positions. :class:`TomlLocator` finds the line
of each ``[[table]]`` entry and of each key inside it, so that validation messages can
point at the offending key the way parse errors do.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import SourceSpan

__all__ = ["TomlLocator", "load_toml"]

_SYNTAX_POSITION_RE = re.compile(r"\(at line (\d+), column (\d+)\)")


def load_toml(text: str, path: str) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Parse TOML ``text``; a syntax error becomes a diagnostic with its line and column."""
    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _SYNTAX_POSITION_RE.search(message)
        line, column = (int(found[1]), int(found[2])) if found else (1, 1)
        lines = text.splitlines()
        line_text = lines[line - 1] if 0 < line <= len(lines) else ""
        clean = _SYNTAX_POSITION_RE.sub("", message).strip()
        diagnostic = Diagnostic(
            Code.META_SYNTAX,
            f"TOML syntax error: {clean}",
            SourceSpan(path, line, column),
            Severity.ERROR,
            line_text,
        )
        return {}, [diagnostic]


@dataclass(frozen=True, slots=True)
class TomlLocator:
    """Line and column of array-of-tables entries and their keys in a TOML text."""

    path: str
    lines: tuple[str, ...]

    @classmethod
    def of(cls, text: str, path: str) -> TomlLocator:
        """A locator for ``text``."""
        return cls(path, tuple(text.splitlines()))

    def entries(self, table: str) -> list[int]:
        """1-based lines of every ``[[table]]`` header, in order."""
        header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
        return [n for n, line in enumerate(self.lines, start=1) if header.match(line)]

    def key(self, start: int, key: str, subkey: str | None = None) -> SourceSpan:
        """Where ``key`` (or ``key.subkey`` in an inline table) is, in the entry at ``start``."""
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start, len(self.lines) + 1):
            line = self.lines[number - 1]
            if number > start and line.lstrip().startswith("["):
                break
            found = pattern.match(line)
            if not found:
                continue
            if subkey is not None:
                inner = re.search(rf"\b{re.escape(subkey)}\s*=", line)
                if inner:
                    return SourceSpan(self.path, number, inner.start() + 1, len(subkey))
            column = line.index(key) + 1
            return SourceSpan(self.path, number, column, len(key))
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
    names: Mapping[type, str] = {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a float",
        list: "an array",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)
