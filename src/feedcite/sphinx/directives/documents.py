"""Source documents: ``feedcite:document KEY``, with one renderer per format.

A :class:`Renderer` turns a document's view into nodes; :data:`RENDERERS` holds one per
built-in format, and :func:`register_renderer` adds one for a format registered with
:func:`feedcite.parsers.register`. A document of a format without a renderer is shown by
the generic renderer: every text unit of the document, grouped by section, with its marks
(nothing is lost), and a ``feedcite.renderer`` warning says that it is shown that way.

Every text a document page shows carries its marks (mentions of works, uses of terms), so
that the back links on work pages and in the glossary always have a link to answer them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging

from feedcite._strings import clock, slug
from feedcite.model import (
    DocumentKind,
    DocumentRecord,
    Feed,
    Location,
    NoteBlock,
    Notes,
    NoteSection,
    ReviewPage,
    SummaryPage,
    Table,
    TextUnit,
    Transcript,
)
from feedcite.parsers import format_of
from feedcite.parsers.notes import FLAGS
from feedcite.sphinx.directives.base import (
    FeedciteDirective,
    Marks,
    citations,
    join,
    marked,
    marks_of,
    place_link,
    term_ref,
)
from feedcite.sphinx.domain import xref
from feedcite.sphinx.render import details, field_list, para, section, text
from feedcite.sphinx.site import Place, SitePlan, document_title, section_place
from feedcite.sphinx.state import Loaded

__all__ = ["RENDERERS", "DocumentDirective", "DocumentView", "Renderer", "register_renderer"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A source document's page.

    Attributes:
        key: The document's key.
        document: The parsed document.
        title: Its title on the site.
        file: The capture's path in the corpus configuration.
        about_capture: The configuration's description of the capture.
        work: ``(id, title)`` of the work it is about, if identified.
        evidence: Why it is taken to be about that work.
        diagnostics: ``(line, severity, code, message)`` of what feedcite noticed reading it.
        marks: The marks of its text units.
        extra: What its format's renderer needs from the rest of the site.
    """

    key: str
    document: Any
    title: str
    file: str
    about_capture: str
    work: tuple[str, str] | None
    evidence: tuple[str, ...]
    diagnostics: tuple[tuple[int, str, str, str], ...]
    marks: Marks
    extra: Any


@dataclass(frozen=True, slots=True)
class Renderer:
    """How one format's documents are shown.

    Attributes:
        data: What the page needs from the plan besides the document (part of the view, so
            of the page's fingerprint); ``None`` when it needs nothing.
        render: The page's content, from the directive (for Sphinx state) and the view.
    """

    render: Callable[[DocumentDirective, DocumentView], list[nodes.Node]]
    data: Callable[[SitePlan, str], Any] | None = None


def _flagged(
    value: str, marks: Marks, location: Location | None, offset: int = 0
) -> nodes.paragraph:
    """A paragraph with its marks as links and its inline flags (``[?]``) explained on hover."""
    children: list[nodes.Node] = []
    for node in marked(value, marks, location, offset):
        if not isinstance(node, nodes.Text):
            children.append(node)
            continue
        rest = str(node)
        while True:
            found = [(rest.find(m), m) for m in FLAGS if m in rest]
            if not found:
                break
            at, marker = min(found)
            children.append(text(rest[:at]))
            children.append(
                nodes.abbreviation(
                    marker, marker, explanation=FLAGS[marker], classes=["feedcite-flag"]
                )
            )
            rest = rest[at + len(marker) :]
        children.append(text(rest))
    return nodes.paragraph("", "", *children)


def _table(
    table: Table,
    marks: Marks,
    path: str,
    section_title: str,
    unsplit: tuple[tuple[int, nodes.paragraph], ...] = (),
) -> nodes.table:
    """The table, with the rows that could not be split in their places.

    ``unsplit`` holds each such row's line and text, shown as one cell across the columns.
    """
    node = nodes.table(classes=["feedcite-table"])
    group = nodes.tgroup(cols=len(table.header))
    node += group
    for _ in table.header:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    row = nodes.row()
    for cell in table.header:
        row += nodes.entry("", para(cell))
    head += row
    group += head
    body = nodes.tbody()
    rows: list[tuple[int, nodes.row]] = []
    for cells, span in zip(table.rows, table.row_spans, strict=True):
        location = Location(path, DocumentKind.NOTES, section=section_title, span=span)
        row = nodes.row()
        offset = 0
        for cell in cells:
            row += nodes.entry("", nodes.paragraph("", "", *marked(cell, marks, location, offset)))
            offset += len(cell) + 3  # " | " between cells, as the text unit joins them
        rows.append((span.line, row))
    for line, shown in unsplit:
        whole = nodes.entry("", shown, morecols=len(table.header) - 1)
        rows.append((line, nodes.row("", whole, classes=["feedcite-unsplit-row"])))
    for _, row in sorted(rows, key=lambda found: found[0]):
        body += row
    group += body
    return node


# ---------------------------------------------------------------------------- notes


def _notes_data(plan: SitePlan, key: str) -> tuple[tuple[str, tuple[Place, ...]], ...]:
    """Each section's slug with the chapters its references resolve to."""
    document = plan.documents[key]
    assert isinstance(document, Notes)
    return tuple(
        (
            slug(s.title, "section"),
            tuple(plan.section_chapters.get((key, slug(s.title, "section")), ())),
        )
        for s in document.sections
    )


def _render_notes(directive: DocumentDirective, view: DocumentView) -> list[nodes.Node]:
    notes: Notes = view.document
    key, marks, path = view.key, view.marks, notes.path
    kind = DocumentKind.NOTES
    out: list[nodes.Node] = [
        para(line) for line in (notes.source and f"Source: {notes.source}", notes.context) if line
    ]
    if notes.questions:
        listing = nodes.definition_list(classes=["feedcite-questions"])
        for index, question in enumerate(notes.questions):
            location = Location(
                path, kind, section="Four questions", paragraph=index, span=question.span
            )
            item = nodes.definition_list_item()
            item += nodes.term(
                "", f"{question.label} — ", *marked(question.question, marks, location)
            )
            definition = nodes.definition()
            offset = len(question.question) + 1
            for answer in question.answer.split("\n\n"):
                definition += _flagged(answer, marks, location, offset)
                offset += len(answer) + 2
            item += definition
            listing += item
        out.append(directive.notes_section("Four questions", key, listing))
    if notes.glossary:
        listing = nodes.definition_list(classes=["feedcite-notes-glossary"])
        for index, entry in enumerate(notes.glossary):
            location = Location(path, kind, section="Glossary", paragraph=index, span=entry.span)
            item = nodes.definition_list_item()
            term = [term_ref(entry.short, entry.term), *citations(marks, location, len(entry.term))]
            item += nodes.term("", "", *term)
            item += nodes.definition(
                "", _flagged(entry.definition, marks, location, len(entry.term) + 3)
            )
            listing += item
        out.append(
            directive.notes_section(
                "Glossary", key, para("Each term links to the site's glossary."), listing
            )
        )
    chapters = dict(view.extra)
    for note_section in notes.sections:
        out.append(
            _note_section(
                directive, view, note_section, chapters.get(slug(note_section.title, "section"), ())
            )
        )
    return out


def _note_section(
    directive: DocumentDirective,
    view: DocumentView,
    note_section: NoteSection,
    chapters: tuple[Place, ...],
) -> nodes.section:
    path, marks = view.document.path, view.marks
    refs: list[nodes.Node] = [place_link(p) for p in chapters]
    unresolved = [r.title for r in note_section.chapter_refs if r.chapter_index is None]
    refs.extend(
        nodes.inline("", f"§ {title} (no such chapter)", classes=["feedcite-unresolved"])
        for title in unresolved
    )
    children: list[nodes.Node] = []
    if refs:
        children.append(para("Chapters: ", *join(refs), classes=["feedcite-chapter-refs"]))
    # Blocks and tables in the order of their lines. A table row that could not be split is
    # a block on one of the table's lines: it is shown in its place inside the table.
    tables = note_section.tables
    unsplit: list[list[tuple[int, nodes.paragraph]]] = [[] for _ in tables]
    starts = [table.span.line for table in tables]  # in document order
    shown_blocks: list[tuple[int, NoteBlock, nodes.paragraph]] = []
    for index, block in enumerate(note_section.blocks):
        location = Location(
            path, DocumentKind.NOTES, section=note_section.title, paragraph=index, span=block.span
        )
        shown = _flagged(block.text, marks, location)
        line = block.span.line
        k = bisect.bisect_left(starts, line) - 1  # the last table that starts before it
        if k >= 0 and line <= tables[k].span.end_line:
            unsplit[k].append((line, shown))
        else:
            shown_blocks.append((line, block, shown))
    placed: list[tuple[int, NoteBlock | None, nodes.Element]] = [
        (table.span.line, None, _table(table, marks, path, note_section.title, tuple(rows)))
        for table, rows in zip(tables, unsplit, strict=True)
    ]
    placed.extend(shown_blocks)
    items: nodes.bullet_list | nodes.enumerated_list | None = None
    for _, block_or_table, node in sorted(placed, key=lambda found: found[0]):
        if block_or_table is not None and block_or_table.kind == "item":
            if items is None:
                marker = block_or_table.marker
                numbered = bool(marker and marker[0].isdigit())
                items = nodes.enumerated_list() if numbered else nodes.bullet_list()
                children.append(items)
            items.append(nodes.list_item("", node))
        else:
            items = None
            children.append(node)
    return directive.notes_section(note_section.title, view.key, *children)


# ---------------------------------------------------------------------------- summary, review


def _render_summary(directive: DocumentDirective, view: DocumentView) -> list[nodes.Node]:
    page: SummaryPage = view.document
    marks, path, kind, head = view.marks, page.path, DocumentKind.SUMMARY, page.span
    out: list[nodes.Node] = []
    if page.people:
        out.append(
            para(", ".join(f"{name} ({role})" if role else name for name, role in page.people))
        )
    if page.headline:
        location = Location(path, kind, section="headline", span=head)
        out.append(
            nodes.paragraph("", "", nodes.strong("", "", *marked(page.headline, marks, location)))
        )
    for name, value in (("summary", page.summary), ("intro", page.intro)):
        if value:
            out.append(para(*marked(value, marks, Location(path, kind, section=name, span=head))))
    if page.takeaways:
        listing = nodes.definition_list(classes=["feedcite-takeaways"])
        for index, takeaway in enumerate(page.takeaways):
            location = Location(
                path, kind, section="takeaways", paragraph=index, span=takeaway.span
            )
            item = nodes.definition_list_item()
            item += nodes.term("", "", *marked(takeaway.title, marks, location))
            item += nodes.definition(
                "", para(*marked(takeaway.text, marks, location, len(takeaway.title) + 1))
            )
            listing += item
        out.append(section("Key takeaways", "summary-takeaways", listing))
    if page.quotes:
        quotes: list[nodes.Node] = []
        for index, quote in enumerate(page.quotes):
            location = Location(path, kind, section="quotes", paragraph=index, span=quote.span)
            block = nodes.block_quote(
                "", para("“", *marked(quote.text, marks, location), "”"), classes=["feedcite-quote"]
            )
            if quote.speaker:
                block += nodes.attribution("", quote.speaker)
            quotes.append(block)
        out.append(section("Notable quotes", "summary-quotes", *quotes))
    if page.questions:
        questions = nodes.bullet_list()
        for index, question in enumerate(page.questions):
            location = Location(
                path, kind, section="questions", paragraph=index, span=question.span
            )
            questions += nodes.list_item("", para(*marked(question.text, marks, location)))
        out.append(section("Questions answered", "summary-questions", questions))
    if page.preview:
        lines = nodes.line_block()
        for index, line in enumerate(page.preview):
            location = Location(path, kind, section="preview", paragraph=index, span=line.span)
            lines += nodes.line("", "", *marked(line.text, marks, location))
        out.append(section("Transcript preview", "summary-preview", lines))
    return out


def _render_review(directive: DocumentDirective, view: DocumentView) -> list[nodes.Node]:
    page: ReviewPage = view.document
    out: list[nodes.Node] = []
    if page.label:
        out.append(para(nodes.emphasis("", page.label)))
    if page.title:
        out.append(para(nodes.strong("", page.title)))
    for paragraph in page.paragraphs:
        location = Location(
            page.path, DocumentKind.REVIEW, paragraph=paragraph.index, span=paragraph.span
        )
        out.append(para(*marked(paragraph.text, view.marks, location)))
    if page.related_topics:
        listing = nodes.bullet_list()
        for topic in page.related_topics:
            listing += nodes.list_item("", para(topic))
        out.append(section("Related topics", "review-topics", listing))
    return out


# ---------------------------------------------------------------------------- feed, transcript


def _feed_data(plan: SitePlan, key: str) -> tuple[tuple[int, str, str], ...]:
    """``(item index, work id, title)`` of each item read."""
    document = plan.documents[key]
    by_item = {
        w.item.index: w for w in plan.works.values() if w.item and w.item.span.path == document.path
    }
    return tuple((index, w.id, w.title) for index, w in sorted(by_item.items()))


def _render_feed(directive: DocumentDirective, view: DocumentView) -> list[nodes.Node]:
    feed: Feed = view.document
    works = {index: (work_id, title) for index, work_id, title in view.extra}
    listing = nodes.bullet_list(classes=["feedcite-feed-items"])
    for item in feed.items:
        found = works.get(item.index)
        if found is not None:
            listing += nodes.list_item(
                "",
                para(f"{item.kind}, {item.date_label}: ", xref("work", found[0], [text(found[1])])),
            )
    return [para(f"{len(feed.items)} items read of {feed.item_count_in} in the file."), listing]


def _transcript_data(plan: SitePlan, key: str) -> bool:
    """Whether the transcript is aligned (so it has chapter pages and a full-transcript page)."""
    return key in plan.alignments


def _render_transcript(directive: DocumentDirective, view: DocumentView) -> list[nodes.Node]:
    transcript: Transcript = view.document
    aligned = bool(view.extra)
    listing = nodes.bullet_list(classes=["feedcite-chapter-list"])
    for chapter in transcript.chapters:
        title: nodes.Node = (
            xref("chapter", f"{view.key}:{chapter.index}", [text(chapter.title)])
            if aligned
            else text(chapter.title)
        )
        listing += nodes.list_item("", para(f"{clock(chapter.start_seconds)} ", title))
    count = f"{len(transcript.chapters)} chapters, {len(transcript.paragraphs)} paragraphs."
    out: list[nodes.Node] = [para(count), listing]
    if aligned:
        out.append(para(xref("transcript", view.key, [text("Read the whole transcript")]), "."))
    return out


# ---------------------------------------------------------------------------- any format


def _generic_data(plan: SitePlan, key: str) -> tuple[TextUnit, ...]:
    document = plan.documents[key]
    return tuple(format_of(document).units(document, plan.corpus))


def _render_generic(directive: DocumentDirective, view: DocumentView) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    current: str | None = None
    for unit in view.extra:
        section_title = unit.location.section
        if section_title and section_title != current:
            out.append(para(nodes.strong("", section_title)))
            current = section_title
        out.append(para(*marked(unit.text, view.marks, unit.location)))
    return out


GENERIC = Renderer(_render_generic, _generic_data)
"""The renderer of a format that has none of its own."""

RENDERERS: dict[str, Renderer] = {
    DocumentKind.FEED: Renderer(_render_feed, _feed_data),
    DocumentKind.TRANSCRIPT: Renderer(_render_transcript, _transcript_data),
    DocumentKind.NOTES: Renderer(_render_notes, _notes_data),
    DocumentKind.SUMMARY: Renderer(_render_summary),
    DocumentKind.REVIEW: Renderer(_render_review),
}
"""The renderers, by format."""


def register_renderer(kind: str, renderer: Renderer) -> None:
    """Show documents of the format ``kind`` with ``renderer``."""
    RENDERERS[kind] = renderer


# ---------------------------------------------------------------------------- the directive


def _capture(loaded: Loaded, path: str) -> tuple[str, str]:
    """The capture's path as the configuration gives it, and its description."""
    resolved = Path(path).resolve()
    for capture in loaded.config.captures:
        if loaded.config.path(capture.path) == resolved:
            return capture.path, capture.about or ""
    return path, ""


class DocumentDirective(FeedciteDirective):
    """``feedcite:document KEY``: a source document, as feedcite read it."""

    directive = "document"
    required_arguments = 1

    @classmethod
    def view(cls, loaded: Loaded, arguments: tuple[str, ...]) -> DocumentView | None:
        """What the directive shows (see :meth:`FeedciteDirective.view`)."""
        plan = loaded.plan
        key = arguments[0]
        document: DocumentRecord | None = plan.documents.get(key)
        if document is None:
            return None
        renderer = RENDERERS.get(document.kind, GENERIC)
        work_id = plan.episode_of_document.get(key)
        evidence = next(
            (
                link.evidence
                for link in plan.corpus.links
                if link.kind == "same-work"
                and link.path == document.path
                and link.work_id == work_id
            ),
            (),
        )
        file, about = _capture(loaded, document.path)
        diagnostics = tuple(
            (d.span.line, str(d.severity), str(d.code), d.message)
            for d in plan.corpus.diagnostics
            if d.span.path == document.path
        )
        return DocumentView(
            key=key,
            document=document,
            title=document_title(document),
            file=file,
            about_capture=about,
            work=(work_id, plan.works[work_id].title) if work_id else None,
            evidence=tuple(evidence),
            diagnostics=diagnostics,
            marks=marks_of(plan, plan.marked.get(document.path, ())),
            extra=renderer.data(plan, key) if renderer.data else None,
        )

    def render(self, view: DocumentView) -> list[nodes.Node]:
        """The nodes of the view."""
        anchor = f"document-{view.key}"
        kind = view.document.kind
        node = section(view.title, anchor, classes=["feedcite-document", f"feedcite-{kind}"])
        self.note("document", view.key, anchor, view.title, node)
        node += field_list(
            [
                ("Format", format_of(view.document).label),
                ("File", view.file),
                ("What it is", view.about_capture),
                ("About", [xref("work", view.work[0], [text(view.work[1])])] if view.work else ""),
            ]
        )
        renderer = RENDERERS.get(kind)
        if renderer is None:
            logger.warning(
                "feedcite: no renderer for the format %r; %s is shown as its text units",
                kind,
                view.document.path,
                location=(self.env.docname, self.lineno),
                type="feedcite",
                subtype="renderer",
            )
            renderer = GENERIC
        node.extend(renderer.render(self, view))
        how: list[nodes.Node] = []
        if view.evidence:
            how.append(
                para("Why it is taken to be about that work: " + "; ".join(view.evidence) + ".")
            )
        if view.diagnostics:
            items = nodes.bullet_list()
            for line, severity, code, message in view.diagnostics:
                items += nodes.list_item(
                    "", para(nodes.literal("", f"line {line}, {severity}[{code}]"), f" {message}")
                )
            how.extend([para("What feedcite noticed while reading it:"), items])
        if how:
            node += details("How feedcite read this document", *how, classes=["feedcite-how"])
        return [node]

    def notes_section(self, title: str, key: str, *children: nodes.Node) -> nodes.section:
        """A section of a notes document, recorded as a place (``Notes § <title>``)."""
        place = section_place(key, title)
        anchor = f"section-{slug(title, 'section')}"
        node = section(title, anchor, *children, classes=["feedcite-notes-section"])
        self.note("section", place.target, anchor, place.label, node)
        return node
