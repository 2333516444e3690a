"""The transcript page format: title, a chapter list, then untimed paragraphs.

Grammar (blank lines separate blocks)::

    page      := navigation? title "Chapters" chapter+ "Transcript" paragraph+ trailer?
    chapter   := TIME " " TITLE        TIME is M:SS or H:MM:SS; minutes may exceed 59
    paragraph := one or more lines of running text (no timestamps, no speaker labels)
    trailer   := "Transcribed by URL" ... (left by the transcription service)

Navigation lines (``Back to Index``) and the service trailer are set aside as
:class:`~feedcite.model.Boilerplate` with the rule that matched, never dropped silently.
A chapter title of the form ``Name - Topic`` names the guest who joins there. A chapter
line whose time does not parse, or that starts before the chapter above it, is an error
and is skipped; paragraphs are never lost.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import (
    Boilerplate,
    Chapter,
    Corpus,
    DocumentHead,
    DocumentKind,
    Location,
    Paragraph,
    TextUnit,
    Transcript,
)
from feedcite.parsers._format import Format
from feedcite.parsers._text import (
    BoilerplateRules,
    SourceText,
    boilerplate_rule,
    normalize_space,
)

__all__ = [
    "BOILERPLATE",
    "FORMAT",
    "MAX_HOURS",
    "parse_chapter_title",
    "parse_time",
    "parse_transcript",
    "trailer_start",
]

MAX_HOURS = 1000
"""Times (chapter starts, durations) past this many hours are refused as input errors."""

#: A transcription service, named by its address (``https://otter.ai``, ``rev.com``).
_SERVICE = r"(?:https?://)?[\w-]+\.[\w-]\S*"
_SERVICE_RE = re.compile(_SERVICE)

# Each part is unambiguous (a service ends at whitespace, each "you" is preceded by it), so
# matching a line costs time linear in its length whatever the line holds.
BOILERPLATE: BoilerplateRules = (
    ("navigation", re.compile(r"^(?:back to\b.*|return to\b.*|home|index|[←«<]\s*\S.*)$", re.I)),
    (
        "service-trailer",
        re.compile(
            rf"^(?:transcribed by\s+{_SERVICE}\s+)*transcribed by\s+{_SERVICE}"
            r"(?:\s+(?:thank\s+)?you[^\w\s]*)*\s*$",
            re.I,
        ),
    ),
)
"""Named patterns of lines that are not part of the episode (checked on whole lines)."""

_CHAPTER_RE = re.compile(r"^(?P<time>\d+(?::\d+){1,2})\s+(?P<title>\S.*)$")
_TIMEISH_RE = re.compile(r"\d[:.;]")
_TIME_RE = re.compile(r"^(?:\d+:){0,2}\d+$")
_TOKEN_RE = re.compile(r"\S+")
_FILLER_RE = re.compile(r"you[^\w\s]*", re.I)
_GUEST_RE = re.compile(
    r"^(?P<name>[^\W\d_][\w'’.-]+(?:\s+[^\W\d_][\w'’.-]+){1,3})\s+[-–—]\s+(?P<topic>\S.*)$"
)


def parse_chapter_title(title: str) -> tuple[str | None, str]:
    """Split ``Amanda Askell - Philosophy`` into guest and topic (``None`` if no guest).

    The name is two to four capitalised words, in any script (``Émilie Lefèvre``).
    """
    found = _GUEST_RE.match(title)
    if found and all(word[0].isupper() for word in found["name"].split()):
        return found["name"], found["topic"].strip()
    return None, title


def parse_time(text: str) -> int | None:
    """Seconds in ``H:MM:SS``, ``M:SS`` (minutes may exceed 59) or plain seconds.

    ``None`` when ``text`` is not such a time, when a part after the first is 60 or more,
    or when the time is over :data:`MAX_HOURS` hours (so that no number is too big to
    read or to compute with).
    """
    text = text.strip()
    if not _TIME_RE.match(text):
        return None
    parts = text.split(":")
    if len(parts[0]) > 8 or any(len(p) > 2 for p in parts[1:]):
        return None
    numbers = [int(p) for p in parts]
    if any(n >= 60 for n in numbers[1:]):
        return None
    seconds = 0
    for number in numbers:
        seconds = seconds * 60 + number
    return seconds if seconds <= MAX_HOURS * 3600 else None


def _timeish(line: str) -> bool:
    """Whether the line's first word looks like a time (a digit then ``:``, ``.`` or ``;``)."""
    first = line.split(maxsplit=1)
    return bool(first) and bool(_TIMEISH_RE.search(first[0]))


def trailer_start(text: str) -> int | None:
    """Where a transcription service's trailer ends ``text``, or ``None``.

    The trailer is one or more ``Transcribed by SERVICE`` followed by any number of
    ``you`` / ``thank you`` (what the service heard after the end). Read backwards word
    by word, in time linear in the text.
    """
    tokens = [(m.start(), m.group()) for m in _TOKEN_RE.finditer(text)]
    i = len(tokens) - 1
    while i >= 0 and _FILLER_RE.fullmatch(tokens[i][1]):
        i -= 2 if i >= 1 and tokens[i - 1][1].lower() == "thank" else 1
    units = 0
    while (
        i >= 2
        and _SERVICE_RE.match(tokens[i][1])
        and tokens[i - 1][1].lower() == "by"
        and tokens[i - 2][1].lower() == "transcribed"
    ):
        i -= 3
        units += 1
    return tokens[i + 1][0] if units else None


def parse_transcript(
    source: str | bytes | SourceText, path: str = "<transcript>", *, strict: bool = False
) -> Transcript:
    """Parse a transcript page.

    Args:
        source: The page's text or bytes (or a decoded :class:`SourceText`).
        path: The file name used in diagnostics.
        strict: Raise every error together instead of recording them.
    """
    return FORMAT.parse(source, path, strict=strict)


def _read(text: SourceText) -> Transcript:
    diagnostics: list[Diagnostic] = list(text.diagnostics)
    boilerplate: list[Boilerplate] = []
    lines = list(text.numbered())
    chapters_at = next((n for n, line in lines if line.strip() == "Chapters"), None)
    transcript_at = next(
        (n for n, line in lines if line.strip() == "Transcript" and (chapters_at or 0) < n), None
    )

    title = ""
    title_line = 1
    head_end = chapters_at or transcript_at or (len(lines) + 1)
    if chapters_at is None and transcript_at is None:
        # Neither heading: the page is its title, then the transcript.
        head_end = next(
            (
                number + 1
                for number, line in lines
                if line.strip() and not boilerplate_rule(BOILERPLATE, line.strip())
            ),
            head_end,
        )
    for number, line in lines[: head_end - 1]:
        if not line.strip():
            continue
        rule = boilerplate_rule(BOILERPLATE, line.strip())
        if rule and not title:
            boilerplate.append(Boilerplate(line.strip(), rule, text.span(number, 1, len(line))))
            continue
        if not title:
            title, title_line = normalize_space(line), number
        else:
            diagnostics.append(
                text.diagnostic(
                    Code.TRANSCRIPT_STRUCTURE,
                    "unexpected line between the title and the chapter list; ignored",
                    number,
                    1,
                    len(line),
                    severity=Severity.WARNING,
                )
            )
    if not title:
        diagnostics.append(
            text.diagnostic(Code.TRANSCRIPT_STRUCTURE, "the transcript has no title", 1)
        )

    chapters: list[Chapter] = []
    if chapters_at is None:
        diagnostics.append(
            text.diagnostic(
                Code.TRANSCRIPT_STRUCTURE,
                "no 'Chapters' list: the transcript is read as one chapter",
                title_line,
                severity=Severity.WARNING,
            )
        )
    else:
        end = transcript_at or _chapter_list_end(lines, chapters_at)
        timed: list[_Timed] = []
        listed: list[Diagnostic] = []
        for number, line in lines[chapters_at : end - 1]:
            if line.strip():
                found = _chapter_line(text, number, line.strip(), listed)
                if found is not None:
                    timed.append(found)
        chapters = _in_order(text, timed, listed)
        diagnostics.extend(sorted(listed, key=lambda d: d.span.line))
    body: list[tuple[int, str]] = []
    if transcript_at is not None:
        body = lines[transcript_at:]
    elif chapters_at is not None:
        body = lines[_chapter_list_end(lines, chapters_at) - 1 :]
    else:
        body = lines[head_end - 1 :]
    paragraphs = _paragraphs(text, body, boilerplate)
    if not paragraphs:
        where = transcript_at or chapters_at or title_line
        diagnostics.append(
            text.diagnostic(
                Code.TRANSCRIPT_STRUCTURE,
                "the transcript has no paragraphs after its 'Transcript' line"
                if transcript_at is not None
                else "no 'Transcript' line and no text after the "
                f"{'chapter list' if chapters_at is not None else 'title'}: "
                "there are no paragraphs to read",
                where,
                1,
                len(text.text(where)),
            )
        )
    elif transcript_at is None:
        diagnostics.append(
            text.diagnostic(
                Code.TRANSCRIPT_STRUCTURE,
                "no 'Transcript' line; the text after the "
                f"{'chapter list' if chapters_at is not None else 'title'} was read as the "
                "transcript",
                paragraphs[0].span.line,
                1,
                paragraphs[0].span.length,
                severity=Severity.WARNING,
            )
        )
    return Transcript(
        path=text.path,
        title=title,
        chapters=tuple(chapters),
        paragraphs=tuple(paragraphs),
        boilerplate=tuple(boilerplate),
        diagnostics=tuple(diagnostics),
        span=text.span(title_line) if text.readable else None,
    )


def _too_big(time: str) -> bool:
    """Whether a well-formed time is refused only for being over MAX_HOURS hours."""
    parts = time.split(":")
    if any(len(p) > 2 for p in parts[1:]) or any(int(p) >= 60 for p in parts[1:]):
        return False
    return len(parts[0]) > 8 or parse_time(time) is None


def _chapter_list_end(lines: list[tuple[int, str]], chapters_at: int) -> int:
    """The number of the first line after the chapter list (its first non-chapter line)."""
    for number, line in lines[chapters_at:]:
        stripped = line.strip()
        if stripped and not (_CHAPTER_RE.match(stripped) or _timeish(stripped)):
            return number
    return len(lines) + 1


@dataclass(frozen=True, slots=True)
class _Timed:
    """A chapter line whose time parsed: its line number, text, time and seconds."""

    number: int
    line: str
    time: str
    seconds: int
    title: str


def _chapter_line(
    text: SourceText, number: int, line: str, diagnostics: list[Diagnostic]
) -> _Timed | None:
    """The chapter on ``line``, or ``None`` with a diagnostic when its time does not parse."""
    found = _CHAPTER_RE.match(line)
    seconds = parse_time(found["time"]) if found else None
    if found is None or seconds is None:
        width = len(line.split(maxsplit=1)[0]) if _timeish(line) else len(line)
        too_big = found is not None and _too_big(found["time"])
        diagnostics.append(
            text.diagnostic(
                Code.TRANSCRIPT_CHAPTER_TIME,
                f"chapter time is over {MAX_HOURS} hours; chapter skipped"
                if too_big
                else "chapter line does not start with a time M:SS or H:MM:SS (seconds below "
                "60); chapter skipped",
                number,
                1,
                width,
            )
        )
        return None
    return _Timed(number, line, found["time"], seconds, normalize_space(found["title"]))


def _in_order(
    text: SourceText, timed: list[_Timed], diagnostics: list[Diagnostic]
) -> list[Chapter]:
    """The chapters of the longest run of ``timed`` whose times rise; the others reported.

    A list is meant to rise: a chapter whose time does not fit is a typo (``1:10:00`` for
    ``1:10``), and only it is skipped, not every correct chapter after it. Of equally long
    runs, the one that keeps the earlier lines is kept.
    """
    kept = _rising(timed)
    in_order = sorted(kept)
    chapters: list[Chapter] = []
    for position, entry in enumerate(timed):
        if position not in kept:
            at = bisect.bisect_left(in_order, position)  # its kept neighbours
            above = timed[in_order[at - 1]] if at else None
            below = timed[in_order[at]] if at < len(in_order) else None
            # A skipped chapter clashes with a kept neighbour (else the run were longer).
            if above is not None and entry.seconds <= above.seconds:
                where = f"not after the chapter above it ({above.time}, line {above.number})"
            else:
                assert below is not None
                where = f"not before the chapter below it ({below.time}, line {below.number})"
            diagnostics.append(
                text.diagnostic(
                    Code.TRANSCRIPT_CHAPTER_ORDER,
                    f"chapter starts at {entry.time}, {where}; chapter skipped",
                    entry.number,
                    1,
                    len(entry.time),
                )
            )
            continue
        guest, topic = parse_chapter_title(entry.title)
        chapters.append(
            Chapter(
                index=len(chapters),
                start=entry.time,
                start_seconds=entry.seconds,
                title=entry.title,
                guest=guest,
                topic=topic,
                span=text.span(entry.number, 1, len(entry.line)),
            )
        )
    return chapters


def _rising(timed: list[_Timed]) -> set[int]:
    """Positions of a longest strictly rising run of times, the earliest positions first.

    ``longest[i]`` is the length of the longest rising run that starts at ``i`` (found from
    the right in ``O(n log n)``); then, from the left, each next position is the first one
    that continues a run of the remaining length.
    """
    count = len(timed)
    longest = [0] * count
    # tails[k]: the greatest start time of a rising run of length k + 1 seen so far (from
    # the right), negated so that the list rises and bisect applies.
    tails: list[int] = []
    for i in range(count - 1, -1, -1):
        key = -timed[i].seconds
        at = bisect.bisect_left(tails, key)
        if at == len(tails):
            tails.append(key)
        else:
            tails[at] = key
        longest[i] = at + 1
    kept: set[int] = set()
    need = max(longest, default=0)
    last = -1
    for i in range(count):
        if need and longest[i] == need and timed[i].seconds > last:
            kept.add(i)
            last = timed[i].seconds
            need -= 1
    return kept


def _paragraphs(
    text: SourceText, body: list[tuple[int, str]], boilerplate: list[Boilerplate]
) -> list[Paragraph]:
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in [*body, (0, "")]:
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            blocks.append((start, current))
            current = []
    paragraphs: list[Paragraph] = []
    for number, block_lines in blocks:
        joined = normalize_space(" ".join(block_lines))
        span = text.span(number, 1, len(block_lines[0]))
        tail = trailer_start(joined)
        if tail == 0:
            boilerplate.append(Boilerplate(joined, "service-trailer", span))
            continue
        if tail is not None:
            boilerplate.append(Boilerplate(joined[tail:].strip(), "service-trailer", span))
            joined = joined[:tail].rstrip()
        paragraphs.append(Paragraph(len(paragraphs), joined, span))
    return paragraphs


# ---------------------------------------------------------------------------- the format

_CHAPTER_LINE_RE = re.compile(r"^\d+:\d{1,2}\s+\S")
_TRAILER_START_RE = re.compile(r"^Transcribed by\s+\S", re.I)


def detect(lines: Sequence[str]) -> int:
    """How sure it is that ``lines`` are a transcript page, from its landmarks.

    2 when two of them are there: a chapter list (``Chapters`` and a ``TIME TITLE`` line), a
    ``Transcript`` line, a trailer, a navigation line first (``Back to Index``); so a page
    cut off inside its chapter list is still told by its navigation line. 1 for a chapter
    list alone (any other format's landmark wins over it).
    """
    chapters = "Chapters" in lines and any(_CHAPTER_LINE_RE.match(line) for line in lines)
    signs = (
        chapters,
        "Transcript" in lines,
        bool(_TRAILER_START_RE.match(lines[-1])),
        dict(BOILERPLATE)["navigation"].match(lines[0]) is not None,
    )
    if sum(signs) >= 2:
        return 2
    return 1 if chapters else 0


def units(transcript: Transcript, corpus: Corpus) -> Iterator[TextUnit]:
    """Each paragraph, or once aligned each paragraph's part in its chapter."""
    kind = transcript.kind
    alignment = next((a for a in corpus.alignments if a.path == transcript.path), None)
    if alignment is None:
        for paragraph in transcript.paragraphs:
            location = Location(
                transcript.path, kind, paragraph=paragraph.index, span=paragraph.span
            )
            yield TextUnit(location, paragraph.text)
        return
    for chapter in alignment.chapters:
        for aligned in chapter.paragraphs:
            location = Location(
                transcript.path,
                kind,
                chapter=chapter.chapter.index,
                paragraph=aligned.paragraph,
                span=aligned.span,
            )
            yield TextUnit(location, aligned.text)


def identity(transcript: Transcript) -> DocumentHead:
    """The title, and the opening 40 paragraphs as the text to compare with summaries."""
    body = " ".join(p.text for p in transcript.paragraphs[:40])
    return DocumentHead(transcript.title, transcript.title, body)


FORMAT: Format[Transcript] = Format(
    kind=DocumentKind.TRANSCRIPT,
    label="Transcript",
    record=Transcript,
    detect=detect,
    read=_read,
    units=units,
    head=identity,
)
"""The transcript format."""
