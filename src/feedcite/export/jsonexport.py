"""The JSON export: every document, work, link, term and diagnostic of a corpus.

The shape is versioned (``"schema": "feedcite/2"``) and described by the JSON Schema
shipped in the package (``feedcite/schema/feedcite-2.schema.json``, see
:func:`schema`). Each work is written once, in ``works``; a feed lists its items by work
id. Output is deterministic: the same corpus gives byte-identical text.

Each built-in format has a document shape of its own (:data:`SHAPES`); a document of a
registered format without one is written in the generic shape of its record
(:func:`record_json`), so nothing of it is lost.

:func:`write_json` streams the JSON to a file, one work (or document, link, term,
diagnostic) at a time, so memory does not grow with the corpus; without indentation it
uses the C encoder of the standard library, written compactly.
"""

from __future__ import annotations

import dataclasses
import enum
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any, TextIO

from feedcite.errors import Diagnostic
from feedcite.model import (
    Alignment,
    Corpus,
    Creator,
    DocumentKind,
    DocumentRecord,
    Feed,
    FeedItem,
    Link,
    Location,
    Notes,
    Occurrence,
    ReviewPage,
    SkippedItem,
    SourceSpan,
    SummaryPage,
    TagGroup,
    Term,
    Transcript,
    Work,
)

__all__ = ["SCHEMA_ID", "SHAPES", "dumps", "record_json", "schema", "to_json", "write_json"]

SCHEMA_ID = "feedcite/2"
"""The ``schema`` value of the current JSON shape."""

JSONObject = dict[str, Any]


def schema() -> JSONObject:
    """The JSON Schema of the export."""
    text = resources.files("feedcite").joinpath("schema/feedcite-2.schema.json").read_text("utf-8")
    loaded: JSONObject = json.loads(text)
    return loaded


def dumps(corpus: Corpus, *, indent: int | None = 2) -> str:
    """The corpus as JSON text (indented unless ``indent`` is ``None``; ends in a newline)."""
    out = io.StringIO()
    write_json(corpus, out, indent=indent)
    return out.getvalue()


def to_json(corpus: Corpus) -> JSONObject:
    """The corpus as JSON-ready data, all in memory.

    :func:`~feedcite.export.jsonexport.write_json` streams it instead.
    """
    data: JSONObject = {"schema": SCHEMA_ID}
    for key, values in _sections(corpus):
        data[key] = list(values)
    return data


def write_json(corpus: Corpus, stream: TextIO, *, indent: int | None = None) -> None:
    """Write the corpus as JSON to ``stream``, one element at a time.

    Args:
        corpus: The corpus.
        stream: A text stream (a file opened for writing, standard output).
        indent: Spaces per level, or ``None`` for compact JSON on one line (fastest).
    """
    if indent is None:
        encode: Callable[[object], str] = json.JSONEncoder(
            ensure_ascii=False, separators=(",", ":")
        ).encode
        stream.write(f'{{"schema":{encode(SCHEMA_ID)}')
        for key, values in _sections(corpus):
            stream.write(f',"{key}":[')
            for n, value in enumerate(values):
                if n:
                    stream.write(",")
                stream.write(encode(value))
            stream.write("]")
        stream.write("}\n")
        return
    pretty = json.JSONEncoder(ensure_ascii=False, indent=indent).encode
    pad = " " * indent
    stream.write(f'{{\n{pad}"schema": {pretty(SCHEMA_ID)}')
    for key, values in _sections(corpus):
        stream.write(f',\n{pad}"{key}": [')
        empty = True
        for value in values:
            stream.write("," if not empty else "")
            stream.write("\n" + pad * 2 + pretty(value).replace("\n", "\n" + pad * 2))
            empty = False
        stream.write("]" if empty else f"\n{pad}]")
    stream.write("\n}\n")


def _sections(corpus: Corpus) -> Iterable[tuple[str, Iterable[Any]]]:
    """The top-level arrays, in order, each produced lazily."""
    index = _Index(
        alignments={a.path: a for a in corpus.alignments},
        works_by_item={
            (w.item.span.path, w.item.index): w.id for w in corpus.works if w.item is not None
        },
    )
    return (
        ("documents", (_document(d, index) for d in corpus.documents)),
        ("works", (work_json(w) for w in corpus.works)),
        ("links", (_link(link) for link in corpus.links)),
        ("glossary", (_term(t) for t in corpus.glossary)),
        ("tag_groups", (_tag_group(g) for g in corpus.tag_groups)),
        ("errors", (d.to_json() for d in corpus.errors)),
        ("warnings", (d.to_json() for d in corpus.warnings)),
    )


def _tag_group(group: TagGroup) -> JSONObject:
    return {
        "tag": group.tag,
        "members": [{"tag": t, "why": why} for t, why in group.members],
        "works": group.works,
    }


def _span(span: SourceSpan | None) -> JSONObject:
    if span is None:
        return {"path": None, "line": None, "column": None}
    return {"path": span.path, "line": span.line, "column": span.column}


def creator_json(creator: Creator) -> JSONObject:
    """A creator as JSON."""
    return {
        "name": creator.display,
        "family": creator.family,
        "given": creator.given,
        "suffix": creator.suffix,
        "role": creator.role,
        "organization": creator.organization,
    }


def work_json(work: Work) -> JSONObject:
    """A work (or feed item) as JSON."""
    published = work.published
    split = work.tag_split
    return {
        "id": work.id,
        "citekey": work.citekey,
        "kind": work.kind,
        "handle": work.handle,
        "month": work.month,
        "day": work.day,
        "year": work.year,
        "year_source": str(work.year_source),
        "date": work.date,
        "title": work.title,
        "title_source": work.title_source,
        "authors": [creator_json(c) for c in work.authors],
        "authors_complete": work.authors_complete,
        "arxiv": work.arxiv,
        "doi": work.doi,
        "url": work.url,
        "venue": work.venue,
        "series_number": work.series_number,
        "duration_seconds": work.duration_seconds,
        "published": None
        if published is None
        else {
            "type": published.type,
            "venue": published.venue,
            "year": published.year,
            "month": published.month,
            "day": published.day,
            "volume": published.volume,
            "number": published.number,
            "pages": published.pages,
            "doi": published.doi,
            "url": published.url,
            "title": published.title,
            "authors_differ": published.authors_differ,
        },
        "tags": list(work.tags),
        "split_tags": list(split.tags) if split else [],
        "tag_confidence": split.confidence if split else None,
        "tag_runner_up": list(split.runner_up) if split and split.runner_up else None,
        "summary": work.summary,
        "claim": work.claim,
        "aliases": list(work.aliases),
        "evidence": work.evidence,
        "notes": work.notes,
        "item": None if work.item is None else _item(work.item),
        **_span(work.span),
    }


def _line(span: SourceSpan) -> JSONObject:
    return {"line": span.line, "column": span.column, "end_line": span.end_line}


def _item(item: FeedItem) -> JSONObject:
    return {
        "path": item.span.path,
        "index": item.index,
        "line": item.span.line,
        "end_line": item.span.end_line,
        "summary": _line(item.summary_span),
        "tags": _line(item.tag_span),
        "claim": _line(item.claim_span),
        "tag_line": item.tag_line,
        "claim_quoted": item.claim_quoted,
    }


def _skipped(skipped: SkippedItem) -> JSONObject:
    return {
        "index": skipped.index,
        "raw": skipped.raw,
        "path": skipped.span.path,
        "line": skipped.span.line,
        "column": skipped.span.column,
        "end_line": skipped.span.end_line,
        "error": skipped.diagnostic.to_json(),
    }


@dataclass(frozen=True, slots=True)
class _Index:
    """What the document shapes need from the rest of the corpus."""

    alignments: dict[str, Alignment]
    works_by_item: dict[tuple[str, int], str]


def _document(document: DocumentRecord, index: _Index) -> JSONObject:
    base: JSONObject = {"kind": str(document.kind), "path": document.path}
    shape = _SHAPES.get(document.kind)
    return base | (shape(document, index) if shape is not None else record_json(document))


def _feed(document: Feed, index: _Index) -> JSONObject:
    return {
        "subject": document.subject,
        "items_in": document.item_count_in,
        "items": [index.works_by_item[(document.path, i.index)] for i in document.items],
        "skipped": [_skipped(s) for s in document.skipped],
    }


def _summary(document: SummaryPage, index: _Index) -> JSONObject:
    del index
    return {
        "title": document.title,
        "people": [{"name": n, "role": r} for n, r in document.people],
        "intro": document.intro,
        "headline": document.headline,
        "summary": document.summary,
        "takeaways": [
            {"title": t.title, "text": t.text, **_span(t.span)} for t in document.takeaways
        ],
        "quotes": [
            {"text": q.text, "speaker": q.speaker, **_span(q.span)} for q in document.quotes
        ],
        "questions": [{"text": q.text, **_span(q.span)} for q in document.questions],
        "preview": [{"text": line.text, **_span(line.span)} for line in document.preview],
        "boilerplate": [_boilerplate(b) for b in document.boilerplate],
    }


def _review(document: ReviewPage, index: _Index) -> JSONObject:
    del index
    return {
        "label": document.label,
        "title": document.title,
        "paragraphs": [{"text": p.text, **_span(p.span)} for p in document.paragraphs],
        "related_topics": list(document.related_topics),
        "boilerplate": [_boilerplate(b) for b in document.boilerplate],
    }


def record_json(value: object) -> Any:
    """The generic JSON shape of a parsed record: its fields, recursively.

    Used for a format that declares no shape of its own (see :data:`SHAPES`): dataclasses
    become objects of their fields, spans ``{path, line, column}``, diagnostics their
    :meth:`~feedcite.errors.Diagnostic.to_json`, enums their value, tuples arrays.
    """
    if isinstance(value, SourceSpan):
        return _span(value)
    if isinstance(value, Diagnostic):
        return value.to_json()
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: record_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [record_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): record_json(v) for k, v in value.items()}
    return value


def _boilerplate(b: Any) -> JSONObject:
    return {"text": b.text, "rule": b.rule, **_span(b.span)}


def _transcript(document: Transcript, index: _Index) -> JSONObject:
    alignment = index.alignments.get(document.path)
    chapters: list[JSONObject] = []
    aligned = {c.chapter.index: c for c in alignment.chapters} if alignment else {}
    # A transcript with no chapter list is aligned as one chapter (its title, from 0:00).
    listed = document.chapters
    if not listed and alignment is not None:
        listed = tuple(c.chapter for c in alignment.chapters)
    for chapter in listed:
        entry: JSONObject = {
            "index": chapter.index,
            "start": chapter.start,
            "start_seconds": chapter.start_seconds,
            "title": chapter.title,
            "topic": chapter.topic,
            "guest": chapter.guest,
            "guests": [chapter.guest] if chapter.guest else [],
            "line": chapter.span.line,
        }
        found = aligned.get(chapter.index)
        if found is not None:
            entry |= {
                "guest": found.guest,
                "guests": list(found.guests),
                "end_seconds": found.end_seconds,
                "confidence": found.confidence,
                "evidence": list(found.evidence),
                "estimated": True,
                "paragraphs": [
                    {
                        "paragraph": p.paragraph,
                        "part": p.part,
                        "text": p.text,
                        "approx_seconds": p.approx_seconds,
                        "line": p.span.line,
                    }
                    for p in found.paragraphs
                ],
            }
        else:
            entry |= {"paragraphs": []}
        chapters.append(entry)
    rate_range = alignment.words_per_minute_range if alignment else None
    return {
        "title": document.title,
        "duration_seconds": alignment.duration_seconds if alignment else None,
        "duration_estimated": alignment.duration_estimated if alignment else None,
        "duration_source": alignment.duration_source if alignment else None,
        "duration_range_seconds": [
            round(alignment.words / rate_range[1] * 60, 1),
            round(alignment.words / rate_range[0] * 60, 1),
        ]
        if alignment and rate_range
        else None,
        "words": alignment.words if alignment else None,
        "words_per_minute": alignment.words_per_minute if alignment else None,
        "words_per_minute_range": list(rate_range) if rate_range else None,
        "work_id": alignment.work_id if alignment else None,
        "chapters": chapters,
        "paragraph_count": len(document.paragraphs),
        "unaligned_paragraphs": [
            {"paragraph": p.index, "text": p.text, "line": p.span.line} for p in document.paragraphs
        ]
        if alignment is None
        else [],
        "boilerplate": [_boilerplate(b) for b in document.boilerplate],
    }


def _notes(document: Notes, index: _Index) -> JSONObject:
    del index
    return {
        "title": document.title,
        "label": document.label,
        "source": document.source,
        "context": document.context,
        "questions": [
            {"label": q.label, "question": q.question, "answer": q.answer, **_span(q.span)}
            for q in document.questions
        ],
        "glossary": [
            {
                "term": g.term,
                "short": g.short,
                "expansion": g.expansion,
                "definition": g.definition,
                **_span(g.span),
            }
            for g in document.glossary
        ],
        "sections": [
            {
                "title": s.title,
                "chapter_refs": [
                    {"title": r.title, "chapter_index": r.chapter_index, **_span(r.span)}
                    for r in s.chapter_refs
                ],
                "text": s.text,
                "blocks": [
                    {"kind": b.kind, "marker": b.marker, "text": b.text, **_span(b.span)}
                    for b in s.blocks
                ],
                "tables": [_table(t) for t in s.tables],
                **_span(s.span),
            }
            for s in document.sections
        ],
        "tables": [_table(t) for t in document.tables],
        "flags": [
            {"marker": f.marker, "meaning": f.meaning, "context": f.context, **_span(f.span)}
            for f in document.flags
        ],
    }


def _table(table: Any) -> JSONObject:
    return {
        "header": list(table.header),
        "rows": [list(r) for r in table.rows],
        **_span(table.span),
    }


def _location(location: Location) -> JSONObject:
    return {
        "path": location.path,
        "kind": str(location.kind),
        "chapter": location.chapter,
        "section": location.section,
        "paragraph": location.paragraph,
        "line": location.span.line if location.span else None,
        "column": location.span.column if location.span else None,
    }


def _occurrence(occurrence: Occurrence) -> JSONObject:
    return {
        "text": occurrence.text,
        "alias": occurrence.alias,
        "context": occurrence.context,
        "offset": occurrence.offset,
        "location": _location(occurrence.location),
        "evidence": list(occurrence.evidence),
    }


def _link(link: Link) -> JSONObject:
    return {
        "kind": link.kind,
        "work_id": link.work_id,
        "path": link.path,
        "evidence": list(link.evidence),
        "occurrence": _occurrence(link.occurrence) if link.occurrence else None,
    }


def _term(term: Term) -> JSONObject:
    return {
        "id": term.id,
        "term": term.term,
        "definition": term.definition,
        "aliases": list(term.aliases),
        "related_works": list(term.related_works),
        "source": term.source,
        "source_line": term.source_span.line if term.source_span else None,
        "occurrences": [_occurrence(o) for o in term.occurrences],
    }


_Shape = Callable[[Any, _Index], JSONObject]
_SHAPES: dict[str, _Shape] = {
    DocumentKind.FEED: _feed,
    DocumentKind.TRANSCRIPT: _transcript,
    DocumentKind.NOTES: _notes,
    DocumentKind.SUMMARY: _summary,
    DocumentKind.REVIEW: _review,
}
SHAPES: frozenset[str] = frozenset(_SHAPES)
"""The formats with a JSON shape of their own; any other format gets :func:`record_json`."""
