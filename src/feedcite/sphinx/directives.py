"""Directives that turn the corpus into docutils nodes.

Each directive takes only identifiers (a work id, a transcript key and chapter index, a
document key, a tag) and builds its nodes from the corpus data: corpus text always
becomes text nodes, never parsed markup. Every directive records the objects it shows
in the ``feedcite`` domain and declares the corpus files as dependencies of its page.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from docutils import nodes
from pybtex.plugin import find_plugin
from sphinx.domains.std import make_glossary_term
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.directives import BibliographyDirective
from sphinxcontrib.bibtex.roles import CiteRole

from feedcite.export.bibtex import sorted_works, write_entry
from feedcite.export.latex import proper_names
from feedcite.model import (
    Alignment,
    Corpus,
    DocumentKind,
    Feed,
    Notes,
    NoteSection,
    Occurrence,
    ReviewPage,
    SummaryPage,
    Table,
    Term,
    Transcript,
    Work,
)
from feedcite.sphinx import jsonld as ld
from feedcite.sphinx.domain import FeedciteDomain, xref
from feedcite.sphinx.render import (
    container,
    field_list,
    jsonld,
    link,
    para,
    section,
    text,
    time_label,
    video_at,
)
from feedcite.sphinx.site import Place, SitePlan, slug
from feedcite.sphinx.state import Loaded, current
from sphinx import addnodes

__all__ = ["DIRECTIVES"]

logger = logging.getLogger(__name__)

_KIND_LABELS = {
    "paper": "Paper",
    "youtube": "Video",
    "video": "Video",
    "podcast": "Podcast episode",
    "blog": "Blog post",
}
_RELATED = 5


class _Base(SphinxDirective):
    """Common ground: the corpus, the site plan, dependencies and the domain."""

    has_content = False
    required_arguments = 0
    optional_arguments = 0

    def run(self) -> list[nodes.Node]:
        loaded = current()
        for path in loaded.config.files():
            self.env.note_dependency(str(path))
        self.loaded = loaded
        self.corpus: Corpus = loaded.corpus
        self.plan: SitePlan = site_plan(loaded)
        rendered = self.render()
        for node in rendered:
            if isinstance(node, nodes.Element):
                # Captured text is shown as written: Sphinx's smart quotes (which would
                # turn "--" into a dash and straight quotes into curly ones) skip it.
                node["support_smartquotes"] = False
        return rendered

    def render(self) -> list[nodes.Node]:
        raise NotImplementedError

    @property
    def domain(self) -> FeedciteDomain:
        return self.env.domains["feedcite"]  # type: ignore[return-value]

    def note(self, objtype: str, name: str, anchor: str, label: str, node: nodes.Element) -> None:
        self.domain.note_object(objtype, name, anchor, label, node)

    def unknown(self, what: str, name: str) -> list[nodes.Node]:
        logger.warning(
            "feedcite: no %s %r in the corpus",
            what,
            name,
            location=(self.env.docname, self.lineno),
            type="feedcite",
            subtype="unknown",
        )
        return []

    # ------------------------------------------------------------------ shared pieces

    def place_link(self, place: Place) -> nodes.Node:
        label = place.label or ""
        return xref(place.reftype, place.target, [text(label)] if label else [])

    def cite(self, key: str) -> list[nodes.Node]:
        """A ``{cite:p}`` citation of ``key``, as sphinxcontrib-bibtex's role makes it."""
        role = CiteRole()
        result, messages = role(
            "cite:p", f":cite:p:`{key}`", key, self.lineno, self.state.inliner, {}, []
        )
        return [*result, *messages]

    def tags_line(self, work: Work) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for tag in work.tags:
            if out:
                out.append(text(" "))
            out.append(xref("tag", tag, [text(tag)], classes=["feedcite-tag"]))
        return out

    def identifiers(self, work: Work) -> list[nodes.Node]:
        out: list[nodes.Node] = []

        def add(node: nodes.Node) -> None:
            if out:
                out.append(text(" · "))
            out.append(node)

        if work.arxiv:
            add(link(f"https://arxiv.org/abs/{work.arxiv}", f"arXiv:{work.arxiv}"))
        doi = work.published.doi if work.published and work.published.doi else work.doi
        if doi:
            add(link(f"https://doi.org/{doi}", f"doi:{doi}"))
        if work.url and not work.arxiv:
            label = "video" if work.kind in ("youtube", "video", "podcast") else "link"
            add(link(work.url, label))
        if work.published and work.published.url:
            add(link(work.published.url, "published version"))
        return out

    def discussed_in(self, work: Work) -> list[nodes.Node]:
        places = self.plan.discussed.get(work.id, [])
        out: list[nodes.Node] = []
        for place in places:
            if out:
                out.append(text(", "))
            out.append(self.place_link(place))
        return out

    def doubts(self, work: Work) -> list[nodes.Node]:
        notes: list[str] = []
        if work.title_source != "metadata":
            notes.append(
                "The title is built from the captured key claim; no verified title is known."
            )
        if work.authors_complete is False:
            notes.append("The author list is known to be incomplete.")
        if str(work.year_source) == "inferred":
            notes.append("The year is inferred from the feed's order, not verified.")
        if work.notes:
            notes.append(f"Curation notes: {work.notes}")
        if work.evidence:
            notes.append(f"Evidence: {work.evidence}")
        if not notes:
            return []
        box = nodes.admonition(
            "", nodes.title("", "What is certain, and what is not"), classes=["feedcite-doubts"]
        )
        for note in notes:
            box += para(note)
        return [box]

    def work_details(self, work: Work, *, title_link: bool) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        if title_link:
            out.append(
                para(xref("work", work.id, [text(work.title)]), classes=["feedcite-entry-title"])
            )
        if work.summary:
            out.append(para(work.summary, classes=["feedcite-annotation"]))
        if work.claim:
            out.append(nodes.block_quote("", para(f"“{work.claim}”"), classes=["feedcite-claim"]))
        rows: list[tuple[str, Sequence[nodes.Node] | nodes.Node | str]] = [
            ("Kind", _KIND_LABELS.get(work.kind, work.kind)),
            ("Date", _date_label(work)),
            ("Tags", self.tags_line(work)),
            ("Identifiers", self.identifiers(work)),
            ("Discussed in", self.discussed_in(work)),
        ]
        if work.id in self.plan.episode_docs:
            rows.append(("Episode page", [xref("episode", work.id, [text(work.title)])]))
        out.append(field_list(rows))
        return out


_PLANS: dict[str, SitePlan] = {}


def site_plan(loaded: Loaded) -> SitePlan:
    """The site plan of the loaded corpus (computed once per fingerprint)."""
    from feedcite.sphinx.site import plan

    found = _PLANS.get(loaded.fingerprint)
    if found is None:
        found = plan(loaded.corpus, loaded.options.generated_dir)
        _PLANS.clear()
        _PLANS[loaded.fingerprint] = found
    return found


def _date_label(work: Work) -> str:
    if work.year is None:
        return "unknown"
    parts = [str(work.year)]
    if work.month:
        months = ("January February March April May June July August September October "
                  "November December").split()  # fmt: skip
        parts.insert(0, months[work.month - 1])
        if work.day:
            parts.insert(1, f"{work.day},")
    label = " ".join(parts)
    if str(work.year_source) != "metadata":
        label += f" (year {work.year_source})"
    return label


# ---------------------------------------------------------------------------- works


class WorkDirective(_Base):
    """``feedcite:work ID``: a work's page."""

    required_arguments = 1

    def render(self) -> list[nodes.Node]:
        work = self.plan.works.get(self.arguments[0])
        if work is None:
            return self.unknown("work", self.arguments[0])
        anchor = f"work-{slug(work.id)}"
        node = section(work.title, anchor, classes=["feedcite-work"])
        self.note("work", work.id, anchor, work.title, node)
        node += self.formatted_citation(work)
        node.extend(self.work_details(work, title_link=False))
        node.extend(self.doubts(work))
        bib = write_entry(work, proper_names([f"{w.summary} {w.claim}" for w in self.corpus.works]))
        block = nodes.literal_block(bib, bib, language="bibtex", classes=["feedcite-bibtex"])
        node += section(
            "BibTeX",
            f"{anchor}-bibtex",
            para("Copy this entry, or use the whole bibliography file:"),
            block,
        )
        related = self.related(work)
        if related:
            items = nodes.bullet_list()
            for other, shared in related:
                items += nodes.list_item(
                    "",
                    para(xref("work", other.id, [text(other.title)]), f" ({shared} shared tags)"),
                )
            node += section("Related works", f"{anchor}-related", items)
        if self.loaded.options.jsonld:
            node += jsonld(ld.work_data(work))
        return [node]

    def formatted_citation(self, work: Work) -> list[nodes.Node]:
        """The entry as the site's pybtex style formats it (text, not a citation target)."""
        domain = self.env.domains["cite"]
        entries = domain.bibdata.data.entries  # type: ignore[attr-defined]
        entry = entries.get(work.citekey)
        if entry is None:
            return []
        style, backend = _pybtex(self.config.bibtex_default_style)
        formatted = style.format_entry("", entry)
        return [
            nodes.paragraph("", "", *formatted.text.render(backend), classes=["feedcite-citation"])
        ]

    def related(self, work: Work) -> list[tuple[Work, int]]:
        mine = set(work.tags)
        scored = []
        for other in self.corpus.works:
            shared = len(mine & set(other.tags))
            if other.id != work.id and shared:
                scored.append((-shared, -(other.year or 0), other.id, other))
        scored.sort()
        return [(other, -score) for score, _, _, other in scored[:_RELATED]]


@functools.cache
def _pybtex(style_name: str) -> tuple[Any, Any]:
    """The pybtex style and docutils backend, made once per process (plugin lookup is slow)."""
    return find_plugin("pybtex.style.formatting", style_name)(), find_plugin(
        "pybtex.backends", "docutils"
    )()


class AnnotatedBibliographyDirective(_Base):
    """``feedcite:bibliography``: every work, newest first, grouped by year.

    The formatted citations come from one sphinxcontrib-bibtex ``bibliography`` of every
    key (so each key has one citation target, ``#cite-<key>``); once it is formatted,
    :class:`~feedcite.sphinx.transforms.PlaceCitations` moves each citation into the
    slot of its work, beside the work's annotation.
    """

    def render(self) -> list[nodes.Node]:
        by_year: dict[int | None, list[Work]] = defaultdict(list)
        ordered = sorted_works(self.corpus)
        for work in ordered:
            by_year[work.year].append(work)
        out: list[nodes.Node] = []
        for year, works in by_year.items():
            label = str(year) if year is not None else "Undated"
            year_section = section(label, f"year-{label.lower()}", classes=["feedcite-year"])
            for work in works:
                entry = container(classes=["feedcite-entry"])
                entry["ids"] = [f"entry-{slug(work.id)}"]
                details = self.work_details(work, title_link=True)
                entry += details[0]
                entry += citation_slot(work.citekey)
                entry.extend(details[1:])
                year_section += entry
            out.append(year_section)
        directive = BibliographyDirective(
            "bibliography",
            [],
            {"filter": "False"},
            [w.citekey for w in ordered],
            self.lineno,
            self.content_offset,
            self.block_text,
            self.state,
            self.state_machine,
        )
        out.append(container(*directive.run(), classes=["feedcite-citation-pool"]))
        out.append(toctree(self.env.docname, [self.plan.work_docs[w.id] for w in ordered]))
        return out


def toctree(parent: str, docnames: list[str]) -> nodes.Node:
    """A hidden toctree of ``docnames`` in this order (the navigation follows the page)."""
    node = addnodes.toctree()
    node["parent"] = parent
    node["entries"] = [(None, name) for name in docnames]
    node["includefiles"] = list(docnames)
    node["maxdepth"] = 1
    node["caption"] = None
    node["glob"] = False
    node["hidden"] = True
    node["includehidden"] = False
    node["numbered"] = 0
    node["titlesonly"] = False
    return nodes.compound("", node, classes=["toctree-wrapper"])


def citation_slot(key: str) -> nodes.container:
    """Where the formatted citation of ``key`` goes once sphinxcontrib-bibtex has made it."""
    slot = container(classes=["feedcite-citation"])
    slot["feedcite-key"] = key
    return slot


# ---------------------------------------------------------------------------- episodes, chapters


class EpisodeDirective(_Base):
    """``feedcite:episode ID``: an episode's page (metadata, documents, chapter list)."""

    required_arguments = 1

    def render(self) -> list[nodes.Node]:
        work = self.plan.works.get(self.arguments[0])
        if work is None:
            return self.unknown("episode", self.arguments[0])
        anchor = f"episode-{slug(work.id)}"
        node = section(work.title, anchor, classes=["feedcite-episode"])
        self.note("episode", work.id, anchor, work.title, node)
        hosts = [c.display for c in work.authors if c.role == "host"]
        guests = [c.display for c in work.authors if c.role == "guest"]
        transcript_key = self.plan.transcript_of_episode.get(work.id)
        alignment = self.alignment(transcript_key)
        duration = work.duration_seconds or (alignment.duration_seconds if alignment else None)
        documents = [
            xref("document", key, []) for key in self.plan.documents_of_work.get(work.id, [])
        ]
        node += field_list(
            [
                (
                    "Series",
                    f"{work.venue} #{work.series_number}"
                    if work.series_number
                    else (work.venue or ""),
                ),
                ("Date", _date_label(work)),
                ("Host", ", ".join(hosts)),
                ("Guests", ", ".join(guests)),
                ("Duration", time_label(duration) if duration else ""),
                ("Video", [link(work.url, work.url or "")] if work.url else ""),
                ("In the bibliography", [xref("work", work.id, [text(work.citekey)])]),
                ("Documents about it", _join(documents)),
            ]
        )
        if work.summary:
            node += para(work.summary, classes=["feedcite-annotation"])
        if alignment is not None and transcript_key is not None:
            node += self.chapter_table(work, transcript_key, alignment)
        if self.loaded.options.jsonld:
            node += jsonld(ld.episode_data(work, alignment))
        return [node]

    def alignment(self, transcript_key: str | None) -> Alignment | None:
        if transcript_key is None:
            return None
        path = next(p for p, k in self.plan.document_keys.items() if k == transcript_key)
        return next((a for a in self.corpus.alignments if a.path == path), None)

    def chapter_table(self, work: Work, key: str, alignment: Alignment) -> nodes.section:
        table = nodes.table(classes=["feedcite-chapters"])
        group = nodes.tgroup(cols=4)
        table += group
        for width in (10, 55, 20, 15):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += _row(["Start", "Chapter", "Guest", "Confidence"])
        group += head
        body = nodes.tbody()
        for chapter in alignment.chapters:
            start = chapter.chapter.start_seconds
            video = video_at(work.url, start) if self.loaded.options.video_links else None
            cells: list[nodes.Node] = [
                link(video, time_label(start), classes=["feedcite-time"])
                if video
                else text(time_label(start)),
                xref("chapter", f"{key}:{chapter.chapter.index}", [text(chapter.chapter.title)]),
                text(chapter.guest or ""),
                text(f"{chapter.confidence:.0%}"),
            ]
            body += _row(cells)
        group += body
        note = para(
            "Chapter starts and paragraph times are estimated: the transcript has no times. "
            "The confidence is the aligner's own (see the user guide, “Chapter alignment”)."
        )
        return section("Chapters", f"episode-{slug(work.id)}-chapters", note, table)


class ChapterDirective(_Base):
    """``feedcite:chapter KEY INDEX``: one transcript chapter."""

    required_arguments = 2

    def render(self) -> list[nodes.Node]:
        key, raw_index = self.arguments
        path = next((p for p, k in self.plan.document_keys.items() if k == key), None)
        alignment = next((a for a in self.corpus.alignments if a.path == path), None)
        if (
            alignment is None
            or not raw_index.isdigit()
            or int(raw_index) >= len(alignment.chapters)
        ):
            return self.unknown("chapter", f"{key} {raw_index}")
        index = int(raw_index)
        chapter = alignment.chapters[index]
        anchor = f"chapter-{index:02d}"
        title = f"{time_label(chapter.chapter.start_seconds)} {chapter.chapter.title}"
        node = section(title, anchor, classes=["feedcite-chapter"])
        self.note("chapter", f"{key}:{index}", anchor, title, node)
        work = self.plan.works.get(alignment.work_id or "")
        episode = (
            [xref("episode", work.id, [text(work.title)])]
            if work and work.id in self.plan.episode_docs
            else ""
        )
        node += field_list(
            [
                (
                    "Time",
                    f"{time_label(chapter.chapter.start_seconds)} – "
                    f"{time_label(chapter.end_seconds)} (paragraph times estimated)",
                ),
                ("Guest", chapter.guest or ""),
                ("Episode", episode),
                (
                    "Placed with confidence",
                    f"{chapter.confidence:.0%} "
                    f"({'; '.join(chapter.evidence) or 'word-rate prior'})",
                ),
                (
                    "Notes on this chapter",
                    _join(
                        [self.place_link(p) for p in self.plan.chapter_notes.get((key, index), [])]
                    ),
                ),
            ]
        )
        terms = self.plan.chapter_terms.get((key, index), [])
        mentions = self.plan.chapter_mentions.get((key, index), [])
        video_url = work.url if work and self.loaded.options.video_links else None
        cited: set[str] = set()
        for paragraph in chapter.paragraphs:
            node += self.paragraph(paragraph, index, terms, mentions, video_url, cited)
        node += self.neighbours(key, index, alignment)
        return [node]

    def paragraph(
        self,
        paragraph: Any,
        chapter: int,
        terms: list[tuple[Term, Occurrence]],
        mentions: list[tuple[str, Occurrence]],
        video_url: str | None,
        cited: set[str],
    ) -> nodes.paragraph:
        spans: list[tuple[int, int, str, object]] = []
        for term, occurrence in terms:
            if occurrence.location.paragraph == paragraph.paragraph and paragraph.text[
                occurrence.offset :
            ].startswith(occurrence.text):
                spans.append(
                    (occurrence.offset, occurrence.offset + len(occurrence.text), "term", term)
                )
        for work_id, occurrence in mentions:
            work = self.plan.works.get(work_id)
            if (
                work is None
                or work_id in cited
                or occurrence.location.paragraph != paragraph.paragraph
            ):
                continue
            if paragraph.text[occurrence.offset :].startswith(occurrence.text):
                spans.append(
                    (occurrence.offset, occurrence.offset + len(occurrence.text), "cite", work)
                )
                cited.add(work_id)
        children: list[nodes.Node] = []
        seconds = paragraph.approx_seconds
        stamp = f"≈{time_label(seconds)}"
        video = video_at(video_url, seconds) if video_url else None
        children.append(
            link(video, stamp, classes=["feedcite-time"])
            if video
            else nodes.inline("", stamp, classes=["feedcite-time"])
        )
        children.append(text(" "))
        position = 0
        for start, end, kind, payload in sorted(spans, key=lambda s: (s[0], -s[1])):
            if start < position:
                continue
            children.append(text(paragraph.text[position:start]))
            matched = paragraph.text[start:end]
            if kind == "term":
                assert isinstance(payload, Term)
                children.append(_term_ref(payload.term, matched))
            else:
                assert isinstance(payload, Work)
                children.append(xref("work", payload.id, [text(matched)]))
                children.append(text(" "))
                children.extend(self.cite(payload.citekey))
            position = end
        children.append(text(paragraph.text[position:]))
        node = nodes.paragraph("", "", *children, classes=["feedcite-paragraph"])
        node["ids"] = [f"p{paragraph.paragraph}-{paragraph.part}"]
        del chapter
        return node

    def neighbours(self, key: str, index: int, alignment: Alignment) -> nodes.Node:
        out: list[nodes.Node] = []
        if index > 0:
            previous = alignment.chapters[index - 1].chapter
            out.extend(
                [text("Previous: "), xref("chapter", f"{key}:{index - 1}", [text(previous.title)])]
            )
        if index + 1 < len(alignment.chapters):
            following = alignment.chapters[index + 1].chapter
            if out:
                out.append(text(" · "))
            out.extend(
                [text("Next: "), xref("chapter", f"{key}:{index + 1}", [text(following.title)])]
            )
        return para(*out, classes=["feedcite-neighbours"])


def _term_ref(term: str, shown: str) -> addnodes.pending_xref:
    content = nodes.inline("", shown, classes=["xref", "std", "std-term"])
    return addnodes.pending_xref(
        "",
        content,
        refdomain="std",
        reftype="term",
        reftarget=term.lower(),
        refexplicit=True,
        refwarn=True,
    )


def _row(cells: Iterable[nodes.Node | str]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += (
            para(cell)
            if isinstance(cell, (str, nodes.Text, nodes.Inline, addnodes.pending_xref))
            else cell
        )
        row += entry
    return row


def _join(parts: Sequence[nodes.Node], sep: str = ", ") -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for part in parts:
        if out:
            out.append(text(sep))
        out.append(part)
    return out


# ---------------------------------------------------------------------------- documents


class DocumentDirective(_Base):
    """``feedcite:document KEY``: a source document (feed, transcript, notes, summary, review)."""

    required_arguments = 1

    def render(self) -> list[nodes.Node]:
        key = self.arguments[0]
        path = next((p for p, k in self.plan.document_keys.items() if k == key), None)
        document = next((d for d in self.corpus.documents if d.path == path), None)
        if document is None:
            return self.unknown("document", key)
        title = _document_title(document)
        anchor = f"document-{key}"
        node = section(title, anchor, classes=["feedcite-document", f"feedcite-{document.kind}"])
        self.note("document", key, anchor, title, node)
        file_name = document.path.rsplit("/", 1)[-1]
        capture = next(
            (
                c
                for c in self.loaded.config.captures
                if self.loaded.config.path(c.path).name == file_name
            ),
            None,
        )
        work_id = self.plan.episode_of_document.get(key)
        node += field_list(
            [
                ("Format", str(document.kind)),
                ("File", f"refs/{capture.path}" if capture else (path or "")),
                ("What it is", capture.about if capture and capture.about else ""),
                (
                    "About",
                    [xref("work", work_id, [text(self.plan.works[work_id].title)])]
                    if work_id
                    else "",
                ),
                ("Evidence of that", "; ".join(self.same_work_evidence(path or "", work_id))),
            ]
        )
        if isinstance(document, Notes):
            node.extend(self.notes(document, key))
        elif isinstance(document, SummaryPage):
            node.extend(self.summary(document))
        elif isinstance(document, ReviewPage):
            node.extend(self.review(document))
        elif isinstance(document, Feed):
            node.extend(self.feed(document))
        elif isinstance(document, Transcript):
            node.extend(self.transcript(document, key))
        boilerplate = getattr(document, "boilerplate", ())
        if boilerplate:
            lines = nodes.bullet_list()
            for item in boilerplate:
                lines += nodes.list_item(
                    "", para(nodes.literal("", item.rule), f" line {item.span.line}: ", item.text)
                )
            node += section(
                "Set aside",
                f"{anchor}-boilerplate",
                para("Lines recognised as navigation or promotion, not content:"),
                lines,
            )
        node.extend(self.diagnostics(path or "", anchor))
        return [node]

    def same_work_evidence(self, path: str, work_id: str | None) -> list[str]:
        for item in self.corpus.links:
            if item.kind == "same-work" and item.path == path and item.work_id == work_id:
                return list(item.evidence)
        return []

    def diagnostics(self, path: str, anchor: str) -> list[nodes.Node]:
        found = [d for d in self.corpus.diagnostics if d.span.path == path]
        if not found:
            return []
        items = nodes.bullet_list()
        for diagnostic in found:
            items += nodes.list_item(
                "",
                para(
                    nodes.literal(
                        "", f"line {diagnostic.span.line}, {diagnostic.severity}[{diagnostic.code}]"
                    ),
                    f" {diagnostic.message}",
                ),
            )
        return [section("What feedcite noticed", f"{anchor}-diagnostics", items)]

    def notes(self, notes: Notes, key: str) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        head = [notes.source and f"Source: {notes.source}", notes.context]
        out.extend(para(line) for line in head if line)
        if notes.questions:
            listing = nodes.definition_list(classes=["feedcite-questions"])
            for question in notes.questions:
                item = nodes.definition_list_item()
                item += nodes.term("", f"{question.label} — {question.question}")
                item += nodes.definition(
                    "", *(self.flagged(p) for p in question.answer.split("\n\n"))
                )
                listing += item
            questions = section("Four questions", f"notes-{key}-questions", listing)
            self.note(
                "section",
                f"{key}:four-questions",
                f"notes-{key}-questions",
                "Notes § Four questions",
                questions,
            )
            out.append(questions)
        if notes.glossary:
            listing = nodes.definition_list(classes=["feedcite-notes-glossary"])
            for entry in notes.glossary:
                item = nodes.definition_list_item()
                item += nodes.term("", "", _term_ref(entry.short, entry.term))
                item += nodes.definition("", para(entry.definition))
                listing += item
            glossary = section(
                "Glossary",
                f"notes-{key}-glossary",
                para("Each term links to the site glossary."),
                listing,
            )
            self.note(
                "section", f"{key}:glossary", f"notes-{key}-glossary", "Notes § Glossary", glossary
            )
            out.append(glossary)
        for note_section in notes.sections:
            out.append(self.note_section(note_section, key))
        return out

    def flagged(self, line: str) -> nodes.paragraph:
        """A paragraph whose inline markers (``[?]``) are kept and explained on hover."""
        from feedcite.parsers.notes import FLAGS

        children: list[nodes.Node] = []
        rest = line
        while True:
            positions = [(rest.find(m), m) for m in FLAGS if m in rest]
            if not positions:
                break
            at, marker = min(positions)
            children.append(text(rest[:at]))
            children.append(
                nodes.abbreviation(
                    marker, marker, explanation=FLAGS[marker], classes=["feedcite-flag"]
                )
            )
            rest = rest[at + len(marker) :]
        children.append(text(rest))
        return nodes.paragraph("", "", *children)

    def note_section(self, note_section: NoteSection, key: str) -> nodes.section:
        anchor = f"section-{slug(note_section.title)}"
        node = section(note_section.title, anchor, classes=["feedcite-notes-section"])
        self.note(
            "section",
            f"{key}:{slug(note_section.title)}",
            anchor,
            f"Notes § {note_section.title}",
            node,
        )
        transcript_key = self.plan.transcript_of_episode.get(
            self.plan.episode_of_document.get(key, ""), ""
        )
        refs: list[nodes.Node] = []
        for ref in note_section.chapter_refs:
            if ref.chapter_index is not None and transcript_key:
                refs.append(
                    xref(
                        "chapter", f"{transcript_key}:{ref.chapter_index}", [text(f"§ {ref.title}")]
                    )
                )
            else:
                refs.append(
                    nodes.inline(
                        "", f"§ {ref.title} (no such chapter)", classes=["feedcite-unresolved"]
                    )
                )
        if refs:
            node += para("Chapters: ", *_join(refs), classes=["feedcite-chapter-refs"])
        items: nodes.bullet_list | nodes.enumerated_list | None = None
        for block in note_section.blocks:
            if block.kind == "item":
                if items is None:
                    numbered = bool(block.marker and block.marker[0].isdigit())
                    items = nodes.enumerated_list() if numbered else nodes.bullet_list()
                    node += items
                items.append(nodes.list_item("", self.flagged(block.text)))
            else:
                items = None
                node += self.flagged(block.text)
        for table in note_section.tables:
            node += _table(table)
        return node

    def summary(self, page: SummaryPage) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        if page.people:
            out.append(
                para(", ".join(f"{name} ({role})" if role else name for name, role in page.people))
            )
        if page.headline:
            out.append(para(nodes.strong("", page.headline)))
        for paragraph in (page.summary, page.intro):
            if paragraph:
                out.append(para(paragraph))
                break
        if page.takeaways:
            listing = nodes.definition_list(classes=["feedcite-takeaways"])
            for takeaway in page.takeaways:
                item = nodes.definition_list_item()
                item += nodes.term("", takeaway.title)
                item += nodes.definition("", para(takeaway.text))
                listing += item
            out.append(section("Key takeaways", "summary-takeaways", listing))
        if page.quotes:
            quotes: list[nodes.Node] = []
            for quote in page.quotes:
                block = nodes.block_quote("", para(f"“{quote.text}”"), classes=["feedcite-quote"])
                if quote.speaker:
                    block += nodes.attribution("", quote.speaker)
                quotes.append(block)
            out.append(section("Notable quotes", "summary-quotes", *quotes))
        if page.questions:
            questions = nodes.bullet_list()
            for question in page.questions:
                questions += nodes.list_item("", para(question.text))
            out.append(section("Questions answered", "summary-questions", questions))
        if page.preview:
            lines = nodes.line_block()
            for line in page.preview:
                lines += nodes.line("", line.text)
            out.append(section("Transcript preview", "summary-preview", lines))
        return out

    def review(self, page: ReviewPage) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        if page.label:
            out.append(para(nodes.emphasis("", page.label)))
        if page.title:
            out.append(para(nodes.strong("", page.title)))
        out.extend(para(p.text) for p in page.paragraphs)
        if page.related_topics:
            listing = nodes.bullet_list()
            for topic in page.related_topics:
                listing += nodes.list_item("", para(topic))
            out.append(section("Related topics", "review-topics", listing))
        return out

    def feed(self, feed: Feed) -> list[nodes.Node]:
        works = {
            w.item.index: w
            for w in self.corpus.works
            if w.item is not None and w.item.span.path == feed.path
        }
        listing = nodes.enumerated_list()
        for item in feed.items:
            work = works.get(item.index)
            if work is None:
                continue
            listing += nodes.list_item(
                "",
                para(
                    f"{item.kind} / {item.date_label}: ", xref("work", work.id, [text(work.title)])
                ),
            )
        summary = f"{len(feed.items)} items read of {feed.item_count_in} in the file."
        return [para(summary), listing]

    def transcript(self, transcript: Transcript, key: str) -> list[nodes.Node]:
        listing: nodes.Element = (
            nodes.enumerated_list(start=0) if transcript.chapters else nodes.bullet_list()
        )
        listing["start"] = 0
        for chapter in transcript.chapters:
            listing += nodes.list_item(
                "",
                para(
                    f"{chapter.start} ",
                    xref("chapter", f"{key}:{chapter.index}", [text(chapter.title)]),
                ),
            )
        count = f"{len(transcript.chapters)} chapters, {len(transcript.paragraphs)} paragraphs."
        return [para(count), listing]


def _document_title(document: Any) -> str:
    kind = document.kind
    title = getattr(document, "title", "") or getattr(document, "subject", "") or document.path
    prefix = {
        DocumentKind.FEED: "Feed",
        DocumentKind.TRANSCRIPT: "Transcript",
        DocumentKind.NOTES: "Reading notes",
        DocumentKind.SUMMARY: "Summary page",
        DocumentKind.REVIEW: "Review",
    }[kind]
    return f"{prefix}: {title}"


def _table(table: Table) -> nodes.table:
    node = nodes.table(classes=["feedcite-table"])
    group = nodes.tgroup(cols=len(table.header))
    node += group
    for _ in table.header:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    head += _row(list(table.header))
    group += head
    body = nodes.tbody()
    for row in table.rows:
        body += _row(list(row))
    group += body
    return node


# ---------------------------------------------------------------------------- glossary, tags, lists


class GlossaryDirective(_Base):
    """``feedcite:glossary``: every term, as a Sphinx glossary (``{term}`` works everywhere)."""

    def render(self) -> list[nodes.Node]:
        glossary = addnodes.glossary()
        glossary["sorted"] = False  # already in order
        listing = nodes.definition_list(classes=["glossary", "feedcite-glossary"])
        glossary += listing
        registered: set[str] = set()
        standard = self.env.domains.standard_domain
        for term in sorted(self.corpus.glossary, key=lambda t: t.term.casefold()):
            item = nodes.definition_list_item()
            registered.add(term.term.lower())
            shown = make_glossary_term(
                self.env,
                [text(term.term)],
                None,
                self.env.docname,
                self.lineno,
                None,
                self.state.document,
            )
            item += shown
            self.domain.data.setdefault("terms", {})[term.id] = (self.env.docname, shown["ids"][0])
            for alias in term.aliases:
                # Aliases resolve {term} references to this entry without a line of their own.
                if alias.lower() not in registered:
                    registered.add(alias.lower())
                    standard._note_term(alias, shown["ids"][0], location=shown)
            definition = nodes.definition()
            definition += para(term.definition)
            definition += self.term_fields(term)
            item += definition
            listing += item
        return [glossary]

    def term_fields(self, term: Term) -> nodes.field_list:
        source: list[nodes.Node] = []
        if term.source:
            key = self.plan.document_keys.get(term.source)
            if key:
                source = [xref("document", key, [])]
        related = _join(
            [
                xref("work", w, [text(self.plan.works[w].title)])
                for w in term.related_works
                if w in self.plan.works
            ]
        )
        uses: list[nodes.Node] = []
        for place, count in self.plan.term_uses.get(term.id, []):
            times = [text(f" ×{count}")] if count > 1 else []
            uses.append(nodes.inline("", "", self.place_link(place), *times))
        return field_list(
            [
                ("Defined in", source),
                ("Also written", ", ".join(term.aliases)),
                ("Related works", related),
                ("Used in", _join(uses) if uses else "not found in the texts"),
            ]
        )


class TagsDirective(_Base):
    """``feedcite:tags``: every tag with its number of works."""

    def render(self) -> list[nodes.Node]:
        listing = nodes.bullet_list(classes=["feedcite-tag-index"])
        for tag, works in sorted(self.plan.tags.items(), key=lambda t: (-len(t[1]), t[0])):
            listing += nodes.list_item("", para(xref("tag", tag, [text(tag)]), f" ({len(works)})"))
        return [para(f"{len(self.plan.tags)} tags, by number of works."), listing]


class TagDirective(_Base):
    """``feedcite:tag TAG``: the works with a tag, by year."""

    required_arguments = 1

    def render(self) -> list[nodes.Node]:
        tag = self.arguments[0]
        works = self.plan.tags.get(tag)
        if works is None:
            return self.unknown("tag", tag)
        anchor = f"tag-{slug(tag)}"
        node = section(tag, anchor, classes=["feedcite-tag-page"])
        self.note("tag", tag, anchor, tag, node)
        by_year: dict[str, list[Work]] = defaultdict(list)
        for work in sorted(
            (self.plan.works[w] for w in works), key=lambda w: w.sort_key, reverse=True
        ):
            by_year[str(work.year) if work.year else "Undated"].append(work)
        node += para(f"{len(works)} work{'s' if len(works) != 1 else ''} tagged “{tag}”.")
        for year, group in by_year.items():
            listing = nodes.bullet_list()
            for work in group:
                listing += nodes.list_item("", para(xref("work", work.id, [text(work.title)])))
            node += section(year, f"{anchor}-{year.lower()}", listing)
        return [node]


class ListDirective(_Base):
    """``feedcite:list episodes|documents``: links to every episode or source document."""

    required_arguments = 1

    def render(self) -> list[nodes.Node]:
        what = self.arguments[0]
        listing = nodes.bullet_list()
        if what == "episodes":
            for work_id in self.plan.episode_docs:
                work = self.plan.works[work_id]
                listing += nodes.list_item(
                    "",
                    para(xref("episode", work_id, [text(work.title)]), f" ({_date_label(work)})"),
                )
        elif what == "documents":
            for key in self.plan.document_docs:
                listing += nodes.list_item("", para(xref("document", key, [])))
        else:
            return self.unknown("list", what)
        return [listing]


class StatsDirective(_Base):
    """``feedcite:stats``: what the corpus holds, in numbers."""

    def render(self) -> list[nodes.Node]:
        corpus = self.corpus
        papers = sum(1 for w in corpus.works if w.kind == "paper")
        years = [w.year for w in corpus.works if w.year]
        chapters = sum(len(a.chapters) for a in corpus.alignments)
        mentions = sum(1 for link_ in corpus.links if link_.kind == "mention")
        rows = [
            (
                "Works",
                f"{len(corpus.works)} ({papers} papers, "
                f"{len(corpus.works) - papers} talks and episodes)",
            ),
            ("Years", f"{min(years)}–{max(years)}" if years else ""),
            ("Source documents", str(len(corpus.documents))),
            ("Transcript chapters", str(chapters)),
            ("Glossary terms", str(len(corpus.glossary))),
            ("Tags", str(len(self.plan.tags))),
            ("Mentions of works", str(mentions)),
            (
                "Problems in the inputs",
                f"{len(corpus.errors)} errors, {len(corpus.warnings)} warnings",
            ),
        ]
        return [field_list(rows)]


class TimelineDirective(_Base):
    """``feedcite:timeline``: the works-per-year figure (drawn when the build starts)."""

    def render(self) -> list[nodes.Node]:
        from feedcite.sphinx.timeline import alt_text, themes_of

        if not self.loaded.options.timeline:
            return []
        assigned = themes_of(self.corpus.works, dict(self.loaded.config.themes))
        alt = alt_text(self.corpus.works, assigned)
        uri = f"/{self.loaded.options.generated_dir}/timeline.svg"
        image = nodes.image("", uri=uri, alt=alt, classes=["feedcite-timeline"])
        figure = nodes.figure("", image, nodes.caption("", "Works per year, coloured by theme."))
        figure["ids"] = ["timeline"]
        return [figure]


DIRECTIVES: dict[str, type[SphinxDirective]] = {
    "work": WorkDirective,
    "bibliography": AnnotatedBibliographyDirective,
    "episode": EpisodeDirective,
    "chapter": ChapterDirective,
    "document": DocumentDirective,
    "glossary": GlossaryDirective,
    "tags": TagsDirective,
    "tag": TagDirective,
    "list": ListDirective,
    "stats": StatsDirective,
    "timeline": TimelineDirective,
}
"""The domain's directives, by name (``feedcite:<name>``)."""
