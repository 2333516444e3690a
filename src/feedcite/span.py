"""Where something is in an input file: the one type every layer, diagnostics included, shares.

It lives apart from :mod:`feedcite.model` and :mod:`feedcite.errors` so that both can import it
(a diagnostic has a span; the model's records carry spans and diagnostics).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SourceSpan"]


@dataclass(frozen=True, slots=True, order=True)
class SourceSpan:
    """Where something is in an input file.

    Attributes:
        path: The file, as given to the parser.
        line: 1-based line number.
        column: 1-based column, counted in characters after decoding.
        length: How many characters the span covers on ``line`` (for carets).
        end_line: Last line of a multi-line record (same as ``line`` otherwise).
    """

    path: str
    line: int
    column: int = 1
    length: int = 1
    end_line: int = 0

    def __post_init__(self) -> None:
        if self.end_line < self.line:
            object.__setattr__(self, "end_line", self.line)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"
