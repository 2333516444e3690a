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

import re
from collections.abc import Iterator, Sequence

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

__all__ = ["BOILERPLATE", "FORMAT", "parse_chapter_title", "parse_transcript"]

#: A transcription service, named by its address (``https://otter.ai``, ``rev.com``).
_SERVICE = r"(?:https?://)?[\w-]+(?:\.[\w-]+)+\S*"

BOILERPLATE: BoilerplateRules = (
    ("navigation", re.compile(r"^(?:back to\b.*|return to\b.*|home|index|[←«<]\s*\S.*)$", re.I)),
    (
        "service-trailer",
        re.compile(rf"^(?:transcribed by\s+{_SERVICE}\s*)+(?:(?:you|thank you)\W*\s*)*$", re.I),
    ),
)
"""Named patterns of lines that are not part of the episode (checked on whole lines)."""
_TRAILER_RULES = tuple(rule for rule in BOILERPLATE if rule[0] == "service-trailer")

_TRAILER_TAIL_RE = re.compile(
    rf"\s*(?:Transcribed by\s+{_SERVICE}\s*)+(?:(?:you|thank you)\W*\s*)*$", re.I
)
_CHAPTER_RE = re.compile(r"^(?P<time>\d+(?::\d+){1,2})\s+(?P<title>\S.*)$")
_TIMEISH_RE = re.compile(r"^\S*\d+[:.;]\d*\S*\s")
_GUEST_RE = re.compile(
    r"^(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s+[-–—]\s+(?P<topic>\S.*)$"
)


def parse_chapter_title(title: str) -> tuple[str | None, str]:
    """Split ``Amanda Askell - Philosophy`` into guest and topic (``None`` if no guest)."""
    found = _GUEST_RE.match(title)
    if found:
        return found["name"], found["topic"].strip()
    return None, title


def _seconds(time: str) -> int | None:
    parts = [int(p) for p in time.split(":")]
    if any(p >= 60 for p in parts[1:]):
        return None
    if len(parts) == 2:
        return parts[0] * 60 + parts[1]
    if parts[1] >= 60:
        return None
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


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
        for number, line in lines[chapters_at : end - 1]:
            if line.strip():
                _chapter(text, number, line.strip(), chapters, diagnostics)
    body: list[tuple[int, str]] = []
    if transcript_at is not None:
        body = lines[transcript_at:]
    elif chapters_at is not None:
        body = lines[_chapter_list_end(lines, chapters_at) - 1 :]
    paragraphs = _paragraphs(text, body, boilerplate)
    if not paragraphs:
        where = transcript_at or chapters_at or title_line
        diagnostics.append(
            text.diagnostic(
                Code.TRANSCRIPT_STRUCTURE,
                "the transcript has no paragraphs after its 'Transcript' line"
                if transcript_at is not None
                else "no 'Transcript' line and no text after the chapter list: "
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
                "no 'Transcript' line; the text after the chapter list was read as the transcript",
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


def _chapter_list_end(lines: list[tuple[int, str]], chapters_at: int) -> int:
    """The number of the first line after the chapter list (its first non-chapter line)."""
    for number, line in lines[chapters_at:]:
        stripped = line.strip()
        if stripped and not (_CHAPTER_RE.match(stripped) or _TIMEISH_RE.match(stripped + " ")):
            return number
    return len(lines) + 1


def _chapter(
    text: SourceText,
    number: int,
    line: str,
    chapters: list[Chapter],
    diagnostics: list[Diagnostic],
) -> None:
    found = _CHAPTER_RE.match(line)
    seconds = _seconds(found["time"]) if found else None
    if found is None or seconds is None:
        width = len(line.split(maxsplit=1)[0]) if _TIMEISH_RE.match(line + " ") else len(line)
        diagnostics.append(
            text.diagnostic(
                Code.TRANSCRIPT_CHAPTER_TIME,
                "chapter line does not start with a time M:SS or H:MM:SS (seconds below 60); "
                "chapter skipped",
                number,
                1,
                width,
            )
        )
        return
    if chapters and seconds <= chapters[-1].start_seconds:
        diagnostics.append(
            text.diagnostic(
                Code.TRANSCRIPT_CHAPTER_ORDER,
                f"chapter starts at {found['time']}, not after the chapter above it "
                f"({chapters[-1].start}, line {chapters[-1].span.line}); chapter skipped",
                number,
                1,
                len(found["time"]),
            )
        )
        return
    title = normalize_space(found["title"])
    guest, topic = parse_chapter_title(title)
    chapters.append(
        Chapter(
            index=len(chapters),
            start=found["time"],
            start_seconds=seconds,
            title=title,
            guest=guest,
            topic=topic,
            span=text.span(number, 1, len(line)),
        )
    )


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
        rule = boilerplate_rule(_TRAILER_RULES, joined)
        if rule:
            boilerplate.append(Boilerplate(joined, rule, span))
            continue
        tail = _TRAILER_TAIL_RE.search(joined)
        if tail and tail.start() > 0:
            boilerplate.append(Boilerplate(joined[tail.start() :].strip(), "service-trailer", span))
            joined = joined[: tail.start()].rstrip()
        paragraphs.append(Paragraph(len(paragraphs), joined, span))
    return paragraphs


# ---------------------------------------------------------------------------- the format

_CHAPTER_LINE_RE = re.compile(r"^\d+:\d{1,2}\s+\S")
_TRAILER_START_RE = re.compile(r"^Transcribed by\s+\S", re.I)


def detect(lines: Sequence[str]) -> int:
    """2 when two of the landmarks are there: a chapter list, a ``Transcript`` line, a trailer."""
    signs = (
        "Chapters" in lines and any(_CHAPTER_LINE_RE.match(line) for line in lines),
        "Transcript" in lines,
        bool(_TRAILER_START_RE.match(lines[-1])),
    )
    return 2 if sum(signs) >= 2 else 0


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
