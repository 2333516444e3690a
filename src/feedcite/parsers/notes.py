"""The reading-notes format: a preamble, the four questions, a glossary, then sections.

Grammar (paragraphs are separated by blank lines)::

    notes     := label? title source? heading? context? questions? glossary? section*
    label     := "Reading Notes"
    source    := "Source: " TEXT
    questions := "Four questions" ... NL (("Q" N " — " QUESTION) NL ANSWER+)+
    glossary  := "Glossary" NL (TERM " — " DEFINITION)+      TERM may be "ABBR (Expansion)"
    section   := HEADING refs? NL block+
    refs      := ("[§ " CHAPTER TITLE "]")+                   also allowed inside blocks
    block     := paragraph | list item ("1. ", "- ") | flattened table

A heading is a short line that carries ``[§ ...]`` references, or that follows two blank
lines and does not end like a sentence. Inline markers such as ``[?]`` are kept in the
text and recorded as :class:`~feedcite.model.Flag`. Flattened tables (cells glued
together) are recovered by :mod:`feedcite.parsers._table`; a row that cannot be split
into the header's number of cells is an error and is kept as a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import (
    ChapterRef,
    Corpus,
    DocumentHead,
    DocumentKind,
    Flag,
    GlossaryEntry,
    Location,
    NoteBlock,
    Notes,
    NoteSection,
    Question,
    Table,
    TextUnit,
)
from feedcite.parsers._format import Format
from feedcite.parsers._table import looks_like_header, split_header, split_rows
from feedcite.parsers._text import SourceText, normalize_space
from feedcite.span import SourceSpan

__all__ = ["FLAGS", "FORMAT", "parse_notes"]

FLAGS: dict[str, str] = {
    "[?]": "uncertain",
    "[??]": "very uncertain",
    "[!]": "important",
    "[sic]": "as written in the source",
    "[todo]": "to do",
    "[TODO]": "to do",
    "[citation needed]": "needs a source",
}
"""Inline markers kept as flags, with their meaning."""

_LABEL_RE = re.compile(r"^reading notes$", re.I)
_SOURCE_RE = re.compile(r"^source:\s*(?P<value>.+)$", re.I)
_NOTES_HEADING_RE = re.compile(r"^notes\s*[—–-]\s*(?P<value>.+)$", re.I)
_QUESTIONS_RE = re.compile(r"^four questions\b", re.I)
_GLOSSARY_RE = re.compile(r"^glossary\s*$", re.I)
_QUESTION_RE = re.compile(r"^(?P<label>Q\d+)\s*[—–:.-]\s*(?P<text>.+)$")
_UNNUMBERED_QUESTION_RE = re.compile(r"^Q\s*[—–:.-]\s*(?P<text>.+\?)$")
_TERM_RE = re.compile(r"^(?P<term>\S.{0,79}?)\s+[—–]\s+(?P<definition>\S.*)$")
"""A glossary line, ``Term — definition``: the first dash with spaces around it ends the
term, so a term may hold a dash of its own (``Tracy–Widom distribution``)."""
_EXPANSION_RE = re.compile(r"^(?P<short>.+?)\s+\((?P<expansion>[^()]+)\)$")
"""``Short (expansion)``: a space before the parenthesis; one glued to the word is notation
(``O(n log n)``, ``f(x)``), part of the term."""
_REF_RE = re.compile(r"\[§\s*+(?P<title>[^\]]+)(?:\]|$)")
"""A chapter reference ``[§ Title]`` (an unclosed one runs to the end of the line).

The title is taken whole and its trailing spaces are stripped by the caller (a lazy title
followed by ``\\s*`` retried every run of spaces at every step: quadratic)."""
_ITEM_RE = re.compile(r"^(?P<marker>\d+[.)]|[-*•])\s+(?P<text>\S.*)$")
_FLAG_RE = re.compile(
    "|".join(re.escape(marker) for marker in sorted(FLAGS, key=len, reverse=True))
)
_SENTENCE_END_RE = re.compile(r"[.!?](?=\s|$)")
_HEADING_MAX = 100


@dataclass(slots=True)
class _Section:
    kind: str  # "questions", "glossary" or "section"
    title: str
    line: int
    refs: list[ChapterRef] = field(default_factory=list)
    blocks: list[tuple[int, list[str]]] = field(default_factory=list)


def _is_heading(line: str, blank_before: int) -> bool:
    stripped = line.strip()
    if len(stripped) > _HEADING_MAX or line[:1].isspace():
        return False
    if _REF_RE.search(stripped) and stripped.endswith("]"):
        title = _REF_RE.sub("", stripped).strip()
        return bool(title) and title[-1] not in ".:;,!?"
    if _QUESTIONS_RE.match(stripped) or _GLOSSARY_RE.match(stripped):
        return True
    return blank_before >= 2 and stripped[-1] not in ".:;,!?)" and not _ITEM_RE.match(stripped)


def parse_notes(
    source: str | bytes | SourceText, path: str = "<notes>", *, strict: bool = False
) -> Notes:
    """Parse reading notes.

    Args:
        source: The notes' text or bytes (or a decoded :class:`SourceText`).
        path: The file name used in diagnostics.
        strict: Raise every error together instead of recording them.
    """
    return FORMAT.parse(source, path, strict=strict)


def _read(text: SourceText) -> Notes:
    diagnostics: list[Diagnostic] = list(text.diagnostics)
    preamble: list[tuple[int, str]] = []
    sections: list[_Section] = []
    blank = 2
    current_block: list[str] | None = None
    for number, line in text.numbered():
        if not line.strip():
            blank += 1
            current_block = None
            continue
        _check_refs_closed(text, number, line, diagnostics)
        if _is_heading(line, blank):
            stripped = line.strip()
            kind = (
                "questions"
                if _QUESTIONS_RE.match(stripped)
                else "glossary"
                if _GLOSSARY_RE.match(stripped)
                else "section"
            )
            if kind == "section" and not sections and not preamble and not _REF_RE.search(stripped):
                # The first line of the page (its label or title) is not a section.
                preamble.append((number, line))
                blank = 0
                continue
            section = _Section(kind, _REF_RE.sub("", stripped).strip(), number)
            section.refs.extend(_refs(text, number, line))
            sections.append(section)
            current_block = None
        elif not sections:
            preamble.append((number, line))
        elif current_block is None:
            current_block = [line]
            sections[-1].blocks.append((number, current_block))
        else:
            current_block.append(line)
        blank = 0

    title, label, source_value, context = _preamble(text, preamble, diagnostics)
    questions: list[Question] = []
    glossary: list[GlossaryEntry] = []
    note_sections: list[NoteSection] = []
    flags: list[Flag] = []
    for section in sections:
        if section.kind == "questions":
            questions.extend(_questions(text, section, diagnostics))
        elif section.kind == "glossary":
            glossary.extend(_glossary(text, section, diagnostics))
        else:
            note_sections.append(_section(text, section, diagnostics))
    for number, line in text.numbered():
        flags.extend(_flags(text, number, line))
    if not questions:
        diagnostics.append(
            text.diagnostic(
                Code.NOTES_STRUCTURE,
                "no 'Four questions' section with Q1-Q4",
                1,
                severity=Severity.WARNING,
            )
        )
    return Notes(
        path=text.path,
        title=title,
        label=label,
        source=source_value,
        context=context,
        questions=tuple(questions),
        glossary=tuple(glossary),
        sections=tuple(note_sections),
        flags=tuple(flags),
        diagnostics=tuple(diagnostics),
        span=text.span(1) if text.readable else None,
    )


def _preamble(
    text: SourceText, lines: list[tuple[int, str]], diagnostics: list[Diagnostic]
) -> tuple[str, str | None, str | None, str | None]:
    label = title = source = None
    context: list[str] = []
    for number, line in lines:
        stripped = normalize_space(line)
        if label is None and title is None and _LABEL_RE.match(stripped):
            label = stripped
        elif (found := _SOURCE_RE.match(stripped)) is not None:
            source = found["value"]
        elif _NOTES_HEADING_RE.match(stripped):
            continue
        elif title is None:
            title = stripped
        else:
            context.append(stripped)
        del number
    if title is None:
        diagnostics.append(text.diagnostic(Code.NOTES_STRUCTURE, "the notes have no title", 1))
    return title or "", label, source, " ".join(context) or None


def _refs(text: SourceText, number: int, line: str) -> list[ChapterRef]:
    return [
        ChapterRef(
            found["title"].rstrip(),
            text.span(number, found.start() + 1, found.end() - found.start()),
        )
        for found in _REF_RE.finditer(line)
    ]


def _without_refs(line: str) -> str:
    """``line`` without its chapter references, which it keeps in a sentence as ``§ Title``.

    A reference before or after the text (``Text. [§ Title]``) marks the block and is taken
    out; one inside a sentence (``compare [§ Title] for ...``) is part of what it says.
    """

    def replaced(found: re.Match[str]) -> str:
        before = _REF_RE.sub("", line[: found.start()]).strip()
        after = _REF_RE.sub("", line[found.end() :]).strip(" \t.,;:!?")
        return f"§ {found['title'].strip()}" if before and after else ""

    return _REF_RE.sub(replaced, line)


def _check_refs_closed(
    text: SourceText, number: int, line: str, diagnostics: list[Diagnostic]
) -> None:
    for found in _REF_RE.finditer(line):
        if not found.group().endswith("]"):
            diagnostics.append(
                text.diagnostic(
                    Code.NOTES_CHAPTER_REF,
                    f"chapter reference has no closing ']'; read as [§ {found['title'].rstrip()}]",
                    number,
                    found.start() + 1,
                    found.end() - found.start(),
                    severity=Severity.WARNING,
                )
            )


def _flags(text: SourceText, number: int, line: str) -> list[Flag]:
    flags: list[Flag] = []
    for found in _FLAG_RE.finditer(line):
        context = _sentence_around(line, found.start())
        flags.append(
            Flag(
                found.group(),
                FLAGS[found.group()],
                context,
                text.span(number, found.start() + 1, len(found.group())),
            )
        )
    return flags


def _sentence_around(line: str, offset: int) -> str:
    """The sentence of ``line`` around ``offset`` (markers such as ``[?]`` do not end one).

    A marker after a sentence's end (``… are infrastructure. [!]``) marks that sentence.
    """
    masked = _FLAG_RE.sub(lambda m: "#" * len(m.group()), line)
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(masked)]
    start = max((e for e in ends if e <= offset), default=0)
    end = min((e for e in ends if e > offset), default=len(line))
    if start and not masked[start:offset].strip():  # the marker opens what follows a sentence
        flag_end = start + len(masked[start:]) - len(masked[start:].lstrip(" \t#"))
        start, end = max((e for e in ends if e < start), default=0), flag_end
    return normalize_space(line[start:end])


def _questions(
    text: SourceText, section: _Section, diagnostics: list[Diagnostic]
) -> list[Question]:
    questions: list[tuple[int, str, str, list[str]]] = []
    for number, lines in section.blocks:
        first = lines[0].strip()
        found = _QUESTION_RE.match(first)
        unnumbered = None if found else _UNNUMBERED_QUESTION_RE.match(first)
        if found:
            rest = [normalize_space(line) for line in lines[1:]]
            questions.append((number, found["label"], normalize_space(found["text"]), rest))
        elif unnumbered:
            label = f"Q{len(questions) + 1}"
            diagnostics.append(
                text.diagnostic(
                    Code.NOTES_QUESTION,
                    f"question has no number; read as {label}",
                    number,
                    1,
                    len(first),
                    severity=Severity.WARNING,
                )
            )
            rest = [normalize_space(line) for line in lines[1:]]
            questions.append((number, label, normalize_space(unnumbered["text"]), rest))
        elif questions:
            questions[-1][3].append(normalize_space(" ".join(lines)))
        else:
            diagnostics.append(
                text.diagnostic(
                    Code.NOTES_QUESTION,
                    "text before the first question (Q1 — ...); ignored",
                    number,
                    1,
                    len(first),
                    severity=Severity.WARNING,
                )
            )
    result: list[Question] = []
    for number, label, question, answer in questions:
        if not answer:
            diagnostics.append(
                text.diagnostic(
                    Code.NOTES_QUESTION,
                    f"{label} has no answer",
                    number,
                    1,
                    len(label),
                    severity=Severity.WARNING,
                )
            )
        result.append(
            Question(label, question, "\n\n".join(answer), text.span(number, 1, len(label)))
        )
    return result


def _glossary(
    text: SourceText, section: _Section, diagnostics: list[Diagnostic]
) -> list[GlossaryEntry]:
    entries: list[GlossaryEntry] = []
    for number, lines in section.blocks:
        continuing = False  # whether the line above belongs to the last entry
        for offset, line in enumerate(lines):
            found = _TERM_RE.match(line.strip())
            if found is None:
                if continuing:
                    # A line run on from the definition above it (no blank line between).
                    last = entries[-1]
                    entries[-1] = GlossaryEntry(
                        last.term,
                        last.short,
                        last.expansion,
                        f"{last.definition} {normalize_space(line)}",
                        last.span,
                    )
                    recovery = "appended to the definition above"
                else:
                    recovery = "ignored"
                continuing = recovery != "ignored"
                diagnostics.append(
                    text.diagnostic(
                        Code.NOTES_GLOSSARY,
                        f"glossary line is not 'Term — definition'; {recovery}",
                        number + offset,
                        1,
                        len(line.strip()),
                        severity=Severity.WARNING,
                    )
                )
                continue
            term = normalize_space(found["term"])
            expansion = _EXPANSION_RE.match(term)
            if expansion and _qualifier(expansion["expansion"]):
                expansion = None  # "Basic Law (Israel)": part of the term
            entries.append(
                GlossaryEntry(
                    term=term,
                    short=expansion["short"] if expansion else term,
                    expansion=expansion["expansion"] if expansion else None,
                    definition=normalize_space(found["definition"]),
                    span=text.span(number + offset, 1, len(term)),
                )
            )
            continuing = True
    return entries


def _qualifier(expansion: str) -> bool:
    """Whether the ``(…)`` of ``Term (…)`` qualifies the term rather than spelling it out.

    A single capitalised word that is no abbreviation (``Basic Law (Israel)``), or a year
    (``Reform (1998)``): part of the term, not another form of it (which would make every
    *Israel* a use of the term). A phrase (``Fede di sanità (bill of health)``), an
    abbreviation or its expansion (``GUE (Gaussian unitary ensemble)``) and another script
    (``Han (한)``) are other forms.
    """
    word = expansion.strip()
    if " " in word:
        return False
    if word.isdigit():
        return True
    return word[:1].isupper() and sum(ch.isupper() for ch in word) < 2


def _section(text: SourceText, section: _Section, diagnostics: list[Diagnostic]) -> NoteSection:
    blocks: list[NoteBlock] = []
    tables: list[Table] = []
    refs = list(section.refs)
    for number, lines in section.blocks:
        if len(lines) > 1 and looks_like_header(lines[0]):
            table, leftovers = _table(text, number, lines, diagnostics)
            if table is not None:
                tables.append(table)
                for line_number, line in leftovers:
                    blocks.append(
                        NoteBlock("paragraph", normalize_space(line), None, text.span(line_number))
                    )
                continue
        for offset, line in enumerate(lines):
            refs.extend(_refs(text, number + offset, line))
            clean = normalize_space(_without_refs(line))
            if not clean:
                continue
            item = _ITEM_RE.match(clean)
            if item:
                blocks.append(
                    NoteBlock("item", item["text"], item["marker"], text.span(number + offset))
                )
            elif blocks and offset > 0 and blocks[-1].span.line == number + offset - 1:
                last = blocks[-1]
                blocks[-1] = NoteBlock(last.kind, f"{last.text} {clean}", last.marker, last.span)
            else:
                blocks.append(NoteBlock("paragraph", clean, None, text.span(number + offset)))
    flags = [
        flag
        for line_number in range(section.line, _last_line(section) + 1)
        for flag in _flags(text, line_number, text.text(line_number))
    ]
    return NoteSection(
        title=section.title,
        chapter_refs=tuple(refs),
        blocks=tuple(blocks),
        tables=tuple(tables),
        flags=tuple(flags),
        span=text.span(section.line, 1, len(text.text(section.line))),
    )


def _last_line(section: _Section) -> int:
    if not section.blocks:
        return section.line
    number, lines = section.blocks[-1]
    return number + len(lines) - 1


def _table(
    text: SourceText, number: int, lines: list[str], diagnostics: list[Diagnostic]
) -> tuple[Table | None, list[tuple[int, str]]]:
    header = split_header(lines[0].strip())
    rows: list[tuple[str, ...]] = []
    row_spans: list[SourceSpan] = []
    leftovers: list[tuple[int, str]] = []
    split = split_rows([line.strip() for line in lines[1:]], len(header))
    for offset, (line, found) in enumerate(zip(lines[1:], split, strict=True), start=1):
        if found is None:
            diagnostics.append(
                text.diagnostic(
                    Code.NOTES_TABLE,
                    f"table row cannot be split into the header's {len(header)} cells "
                    f"({' | '.join(header)}); kept as a paragraph",
                    number + offset,
                    1,
                    len(line.strip()),
                )
            )
            leftovers.append((number + offset, line))
            continue
        cells, runner_up = found
        if runner_up is not None:
            diagnostics.append(
                text.diagnostic(
                    Code.NOTES_TABLE,
                    f"table row can be split into {len(header)} cells more than one way; "
                    f"read as {' | '.join(cells)} (or {' | '.join(runner_up)})",
                    number + offset,
                    1,
                    len(line.strip()),
                    severity=Severity.WARNING,
                )
            )
        rows.append(tuple(cells))
        row_spans.append(text.span(number + offset, 1, len(line.strip())))
    if not rows:
        return None, []
    span = text.span(number, 1, len(lines[0].strip()), number + len(lines) - 1)
    return Table(tuple(header), tuple(rows), span, tuple(row_spans)), leftovers


# ---------------------------------------------------------------------------- the format


def detect(lines: Sequence[str]) -> int:
    """2 for a ``Reading Notes`` label or a ``Four questions`` heading."""
    if lines[0].casefold() == "reading notes" or any(
        line.casefold().startswith("four questions") for line in lines
    ):
        return 2
    return 0


def units(notes: Notes, corpus: Corpus) -> Iterator[TextUnit]:
    """Questions with their answers, glossary lines, section blocks and table rows."""
    del corpus  # the notes need nothing else to be located
    path, kind = notes.path, notes.kind
    for index, question in enumerate(notes.questions):
        location = Location(
            path, kind, section="Four questions", paragraph=index, span=question.span
        )
        yield TextUnit(location, f"{question.question}\n{question.answer}")
    for index, entry in enumerate(notes.glossary):
        location = Location(path, kind, section="Glossary", paragraph=index, span=entry.span)
        yield TextUnit(location, f"{entry.term} — {entry.definition}")
    for section in notes.sections:
        for index, block in enumerate(section.blocks):
            location = Location(path, kind, section=section.title, paragraph=index, span=block.span)
            yield TextUnit(location, block.text)
        for table in section.tables:
            for row, span in zip(table.rows, table.row_spans, strict=True):
                yield TextUnit(
                    Location(path, kind, section=section.title, span=span), " | ".join(row)
                )


def identity(notes: Notes) -> DocumentHead:
    """The title with the source and context lines; the answers as the body."""
    opening = " ".join(x for x in (notes.title, notes.source or "", notes.context or "") if x)
    return DocumentHead(notes.title, opening, " ".join(q.answer for q in notes.questions))


FORMAT: Format[Notes] = Format(
    kind=DocumentKind.NOTES,
    label="Reading notes",
    record=Notes,
    detect=detect,
    read=_read,
    units=units,
    head=identity,
)
"""The reading-notes format."""
