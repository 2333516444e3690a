"""A sixth input format, written the way the architecture guide says to add one.

SRT caption files (numbered cues, a timing line ``00:00:01,000 --> 00:00:04,200``, the cue's
text) are not a feedcite format. This module makes them one: a record, a parser, a detector,
the text units and identity evidence the later layers need, all in one :class:`Format`
declaration, registered with :func:`feedcite.parsers.register`. The JSON export writes its
records in the generic shape; the site shows them with the renderer the Sphinx tests add.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from feedcite.errors import Code, Diagnostic
from feedcite.model import Corpus, DocumentHead, Location, TextUnit
from feedcite.parsers import Format
from feedcite.parsers._text import SourceText
from feedcite.span import SourceSpan

KIND: Literal["captions"] = "captions"
_TIMING_RE = re.compile(
    r"^(?P<start>\d{2}:\d{2}:\d{2})[,.](?P<start_ms>\d{3}) --> "
    r"(?P<end>\d{2}:\d{2}:\d{2})[,.](?P<end_ms>\d{3})$"
)


@dataclass(frozen=True, slots=True)
class Cue:
    """One caption: its number, its times and its text."""

    number: int
    start_seconds: float
    end_seconds: float
    text: str
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class Captions:
    """A parsed caption file."""

    path: str
    cues: tuple[Cue, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    span: SourceSpan | None = None
    kind: Literal["captions"] = KIND


def _seconds(clock: str, millis: str) -> float:
    hours, minutes, seconds = (int(part) for part in clock.split(":"))
    return hours * 3600 + minutes * 60 + seconds + int(millis) / 1000


def read(text: SourceText) -> Captions:
    """Cues are blocks separated by blank lines: number, timing line, text lines."""
    diagnostics = list(text.diagnostics)
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in text.numbered():
        if line.strip():
            blocks[-1].append((number, line.strip()))
        elif blocks[-1]:
            blocks.append([])
    cues: list[Cue] = []
    for block in (b for b in blocks if b):
        (first, label), *rest = block
        timing = _TIMING_RE.match(rest[0][1]) if rest and label.isdigit() else None
        if timing is None:
            diagnostics.append(
                text.diagnostic(
                    Code.FORMAT_UNKNOWN,
                    "caption cue is not 'NUMBER', 'HH:MM:SS,mmm --> HH:MM:SS,mmm', text; skipped",
                    first,
                    1,
                    len(label),
                )
            )
            continue
        cues.append(
            Cue(
                int(label),
                _seconds(timing["start"], timing["start_ms"]),
                _seconds(timing["end"], timing["end_ms"]),
                " ".join(line for _, line in rest[1:]),
                text.span(first, 1, len(label), rest[-1][0]),
            )
        )
    return Captions(text.path, tuple(cues), tuple(diagnostics), text.span(1) if cues else None)


def detect(lines: Sequence[str]) -> int:
    """2 when at least two lines are SRT timing lines."""
    return 2 if sum(1 for line in lines[:50] if _TIMING_RE.match(line)) >= 2 else 0


def units(captions: Captions, corpus: Corpus) -> Iterator[TextUnit]:
    """Each cue's text, located at its cue."""
    del corpus
    for index, cue in enumerate(captions.cues):
        location = Location(captions.path, captions.kind, paragraph=index, span=cue.span)
        yield TextUnit(location, cue.text)


def identity(captions: Captions) -> DocumentHead:
    """No title: the first cues are the opening, every cue the body."""
    texts = [cue.text for cue in captions.cues]
    return DocumentHead("", " ".join(texts[:3]), " ".join(texts))


FORMAT: Format[Captions] = Format(
    kind=KIND,
    label="Captions",
    record=Captions,
    detect=detect,
    read=read,
    units=units,
    head=identity,
)
