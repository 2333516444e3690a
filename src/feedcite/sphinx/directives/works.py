"""Works: a work's page (``feedcite:work``) and the annotated bibliography."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from pybtex.plugin import find_plugin
from sphinxcontrib.bibtex.directives import BibliographyDirective

from feedcite._strings import slug
from feedcite.model import MONTH_NAMES, Location, Work, YearSource
from feedcite.sphinx import jsonld as ld
from feedcite.sphinx.directives.base import (
    FeedciteDirective,
    Marks,
    identifiers,
    index_link,
    join,
    marked,
    marks_of,
    place_link,
    tags_line,
)
from feedcite.sphinx.domain import xref
from feedcite.sphinx.render import container, details, field_list, jsonld, link, para, section, text
from feedcite.sphinx.site import Place, SitePlan, cited_year
from feedcite.sphinx.state import Loaded

__all__ = ["BibliographyDirective", "WorkDirective", "citation_slot", "date_label", "doubts"]

_KIND_LABELS = {
    "paper": "Paper",
    "youtube": "Video",
    "video": "Video",
    "podcast": "Podcast episode",
    "blog": "Blog post",
}


def date_label(work: Work) -> str:
    """``February 15, 2023``, with ``(year inferred)`` when the year is not verified."""
    if work.year is None:
        return "unknown"
    parts = [str(work.year)]
    if work.month:
        parts.insert(0, MONTH_NAMES[work.month - 1])
        if work.day:
            parts.insert(1, f"{work.day},")
    label = " ".join(parts)
    if work.year_source is not YearSource.METADATA:
        label += f" (year {work.year_source})"
    return label


def doubts(work: Work) -> tuple[str, ...]:
    """What a reader must know is not verified about a work, in short sentences."""
    notes: list[str] = []
    if work.title_source != "metadata":
        notes.append("The title is built from the captured key claim; no verified title is known.")
    if work.authors_complete is False:
        notes.append("The author list is incomplete.")
    if work.year_source is YearSource.INFERRED:
        notes.append("The year is inferred from the order of the captured feed, not verified.")
    elif work.year_source is YearSource.UNKNOWN:
        notes.append("The date is unknown.")
    published = work.published
    if published is not None and not published.same_work:
        where = published.venue + (f", {published.year}" if published.year else "")
        title = f" as “{published.title}”" if published.title else ""
        notes.append(f"A version was published{title} in {where}.")
    return tuple(notes)


def _feed_location(work: Work) -> Location | None:
    """The feed text unit of a work (its summary and claim), as the feed format locates it."""
    if work.item is None:
        return None
    return Location(work.item.span.path, "feed", section=work.id, span=work.item.span)


@dataclass(frozen=True, slots=True)
class Entry:
    """What the bibliography and a work page show of one work."""

    work: Work
    label: str
    discussed: tuple[Place, ...]
    episode: bool


def _entry(plan: SitePlan, work: Work) -> Entry:
    return Entry(
        work,
        plan.labels.get(work.id, work.citekey),
        tuple(plan.discussed.get(work.id, ())),
        work.id in plan.episode_docs,
    )


def _fields(entry: Entry) -> nodes.field_list:
    work = entry.work
    rows: list[tuple[str, Any]] = [
        ("Kind", _KIND_LABELS.get(work.kind.lower(), work.kind[:1].upper() + work.kind[1:])),
        ("Date", date_label(work)),
        ("Tags", tags_line(work.tags)),
        ("Identifiers", identifiers(work)),
        ("Discussed in", join([place_link(p) for p in entry.discussed])),
    ]
    if entry.episode:
        rows.append(("Episode page", [xref("episode", work.id, [text(work.title)])]))
    return field_list(rows)


@dataclass(frozen=True, slots=True)
class WorkView:
    """Everything a work's page shows."""

    entry: Entry
    bibtex: str
    key: str
    related: tuple[tuple[str, str, int], ...]
    newer: tuple[str, str] | None
    older: tuple[str, str] | None
    location: Location | None
    marks: Marks
    doubts: tuple[str, ...]
    evidence: str | None
    jsonld: str | None
    meta: tuple[tuple[str, str, str], ...]


def highwire(work: Work, key: str) -> tuple[tuple[str, str, str], ...]:
    """The ``citation_*`` meta tags Google Scholar reads, and a description and Open Graph."""
    tags: list[tuple[str, str, str]] = [("name", "citation_title", work.title)]
    people = [c for c in work.authors if c.role != "host"] or list(work.authors)
    tags += [
        ("name", "citation_author", f"{c.family}, {c.given}" if c.given else c.family)
        for c in people
    ]
    published = work.published if work.published and work.published.same_work else None
    year = cited_year(work)
    if year is not None:
        month = (published.month if published else work.month) or None
        day = (published.day if published else work.day) or None
        date = (
            f"{year:04d}"
            + (f"/{month:02d}" if month else "")
            + (f"/{day:02d}" if month and day else "")
        )
        tags.append(("name", "citation_publication_date", date))
    if published is not None:
        venue = {
            "article": "citation_journal_title",
            "inproceedings": "citation_conference_title",
            "techreport": "citation_technical_report_institution",
        }[published.type]
        tags.append(("name", venue, published.venue))
        for name, value in (
            ("citation_volume", published.volume),
            ("citation_issue", published.number),
        ):
            if value:
                tags.append(("name", name, value))
        if published.pages:
            first, _, last = published.pages.replace("–", "--").partition("--")
            tags.append(("name", "citation_firstpage", first.strip()))
            if last.strip():
                tags.append(("name", "citation_lastpage", last.strip()))
    doi = published.doi if published and published.doi else work.doi
    if doi:
        tags.append(("name", "citation_doi", doi))
    if work.arxiv:
        tags.append(("name", "citation_arxiv_id", work.arxiv))
        tags.append(("name", "citation_pdf_url", f"https://arxiv.org/pdf/{work.arxiv}"))
    if work.tags:
        tags.append(("name", "citation_keywords", "; ".join(work.tags)))
    description = _description(work)
    if description:
        tags.append(("name", "description", description))
        tags.append(("property", "og:description", description))
    tags.append(("property", "og:title", work.title))
    tags.append(("property", "og:type", "video.episode" if work.recording else "article"))
    del key
    return tuple(tags)


def _description(work: Work) -> str:
    """The work's summary cut to about 200 characters at a word boundary."""
    summary = " ".join(work.summary.split())
    if len(summary) <= 200:
        return summary
    return summary[: summary.rfind(" ", 0, 197)].rstrip(",;:") + "…"


@functools.cache
def _pybtex(style_name: str) -> tuple[Any, Any]:
    """The pybtex style and docutils backend, made once per process (plugin lookup is slow)."""
    return find_plugin("pybtex.style.formatting", style_name)(), find_plugin(
        "pybtex.backends", "docutils"
    )()


class WorkDirective(FeedciteDirective):
    """``feedcite:work ID``: a work's page."""

    directive = "work"
    required_arguments = 1

    @classmethod
    def view(cls, loaded: Loaded, arguments: tuple[str, ...]) -> WorkView | None:
        """What the directive shows (see :meth:`FeedciteDirective.view`)."""
        plan = loaded.plan
        work = plan.works.get(arguments[0])
        if work is None:
            return None
        position = plan.positions.get(work.id, -1)
        newer = plan.order[position - 1] if position > 0 else None
        older = plan.order[position + 1] if 0 <= position < len(plan.order) - 1 else None
        location = _feed_location(work)
        data = None
        if loaded.options.jsonld and work.id not in plan.episode_docs:
            data = json.dumps(ld.work_data(work), sort_keys=True)
        evidence = work.evidence if work.evidence and work.evidence.startswith("https://") else None
        return WorkView(
            entry=_entry(plan, work),
            bibtex=plan.bibtex[work.id],
            key=plan.keys[work.id],
            related=tuple(
                (other, plan.works[other].title, shared)
                for other, shared in plan.related.get(work.id, ())
            ),
            newer=(newer, plan.works[newer].title) if newer else None,
            older=(older, plan.works[older].title) if older else None,
            location=location,
            marks=marks_of(plan, [location] if location else []),
            doubts=doubts(work),
            evidence=evidence,
            jsonld=data,
            meta=highwire(work, plan.keys[work.id]),
        )

    def render(self, view: WorkView) -> list[nodes.Node]:
        """The nodes of the view."""
        work = view.entry.work
        anchor = f"work-{slug(work.id, 'work')}"
        node = section(work.title, anchor, classes=["feedcite-work"])
        self.note("work", work.id, anchor, work.title, node)
        self.domain.note_meta(view.meta)
        year = cited_year(work)
        node += para(
            index_link("bibliography", "Bibliography"),
            text(f" › {year if year else 'Undated'}"),
            classes=["feedcite-breadcrumbs"],
        )
        node += self.formatted_citation(view.key)
        if work.summary:
            node += para(
                *marked(work.summary, view.marks, view.location), classes=["feedcite-annotation"]
            )
        if work.claim:
            claim = para(
                "“", *marked(work.claim, view.marks, view.location, len(work.summary) + 1), "”"
            )
            node += nodes.block_quote("", claim, classes=["feedcite-claim"])
        node += _fields(view.entry)
        if view.doubts:
            box = nodes.admonition("", nodes.title("", "Not verified"), classes=["feedcite-doubts"])
            for note in view.doubts:
                box += para(note)
            node += box
        if view.evidence:
            node += details(
                "How we know",
                para(
                    "The facts above were checked against ",
                    link(view.evidence, _host(view.evidence)),
                    ".",
                ),
                classes=["feedcite-how"],
            )
        block = nodes.literal_block(
            view.bibtex, view.bibtex, language="bibtex", classes=["feedcite-bibtex"]
        )
        node += section(
            "Cite",
            f"{anchor}-cite",
            para(
                "This entry (",
                xref("download", f"entry:{view.key}", [text(f"{view.key}.bib")]),
                "), or the whole bibliography as ",
                xref("download", "bib", [text("BibTeX")]),
                " or ",
                xref("download", "csl", [text("CSL-JSON")]),
                ":",
            ),
            block,
        )
        if view.related:
            items = nodes.bullet_list()
            for other, title, shared in view.related:
                count = f"{shared} shared tag{'s' if shared != 1 else ''}"
                items += nodes.list_item(
                    "", para(xref("work", other, [text(title)]), f" ({count})")
                )
            node += section("Related works", f"{anchor}-related", items)
        node += _neighbours(view.newer, view.older)
        if view.jsonld is not None:
            node += jsonld(json.loads(view.jsonld))
        return [node]

    def formatted_citation(self, key: str) -> list[nodes.Node]:
        """The entry as the site's pybtex style formats it (text, not a citation target)."""
        domain = self.env.domains["cite"]
        entries = domain.bibdata.data.entries  # type: ignore[attr-defined]
        entry = entries.get(key)
        if entry is None:
            return []
        style, backend = _pybtex(self.config.bibtex_default_style)
        formatted = style.format_entry("", entry)
        return [
            nodes.paragraph("", "", *formatted.text.render(backend), classes=["feedcite-citation"])
        ]


def _host(url: str) -> str:
    return url.split("/", 3)[2] if url.count("/") >= 2 else url


def _neighbours(newer: tuple[str, str] | None, older: tuple[str, str] | None) -> nodes.Node:
    out: list[nodes.Node] = []
    if newer is not None:
        out.extend([text("Newer: "), xref("work", newer[0], [text(newer[1])])])
    if older is not None:
        if out:
            out.append(text(" · "))
        out.extend([text("Older: "), xref("work", older[0], [text(older[1])])])
    return para(*out, classes=["feedcite-neighbours"])


@dataclass(frozen=True, slots=True)
class BibliographyView:
    """Every work's entry, grouped by the year it is cited with, newest first."""

    years: tuple[tuple[str, tuple[Entry, ...]], ...]
    keys: tuple[str, ...]


def citation_slot(key: str) -> nodes.container:
    """Where the formatted citation of ``key`` goes once sphinxcontrib-bibtex has made it."""
    slot = container(classes=["feedcite-citation"])
    slot["feedcite-key"] = key
    return slot


class WorksBibliographyDirective(FeedciteDirective):
    """``feedcite:bibliography``: every work, newest first, grouped by the year it is cited with.

    The formatted citations come from one sphinxcontrib-bibtex ``bibliography`` of every
    key (so each key has one citation target, ``#cite-<key>``); once it is formatted,
    :class:`~feedcite.sphinx.transforms.PlaceCitations` moves each citation into the
    slot of its work, beside the work's annotation.
    """

    directive = "bibliography"

    @classmethod
    def view(cls, loaded: Loaded, arguments: tuple[str, ...]) -> BibliographyView:
        """What the directive shows (see :meth:`FeedciteDirective.view`)."""
        plan = loaded.plan
        years: dict[str, list[Entry]] = {}
        for work_id in plan.order:
            work = plan.works[work_id]
            year = cited_year(work)
            years.setdefault(str(year) if year is not None else "Undated", []).append(
                _entry(plan, work)
            )
        return BibliographyView(
            tuple((year, tuple(entries)) for year, entries in years.items()),
            tuple(plan.keys[w] for w in plan.order),
        )

    def render(self, view: BibliographyView) -> list[nodes.Node]:
        """The nodes of the view."""
        downloads = para(
            "Download the bibliography as ",
            xref("download", "bib", [text("BibTeX")]),
            " or ",
            xref("download", "csl", [text("CSL-JSON")]),
            " (for Zotero, Pandoc and Quarto).",
            classes=["feedcite-downloads"],
        )
        self.note_index("bibliography", "Bibliography", downloads)
        out: list[nodes.Node] = [downloads]
        keys = dict(
            zip((e.work.id for _, entries in view.years for e in entries), view.keys, strict=True)
        )
        for year, entries in view.years:
            year_section = section(year, f"year-{year.lower()}", classes=["feedcite-year"])
            for entry in entries:
                box = container(classes=["feedcite-entry"])
                box["ids"] = [f"entry-{slug(entry.work.id, 'work')}"]
                box += para(
                    xref("work", entry.work.id, [text(entry.work.title)]),
                    classes=["feedcite-entry-title"],
                )
                box += citation_slot(keys[entry.work.id])
                if entry.work.summary:
                    box += para(entry.work.summary, classes=["feedcite-annotation"])
                if entry.work.claim:
                    box += nodes.block_quote(
                        "", para(f"“{entry.work.claim}”"), classes=["feedcite-claim"]
                    )
                box += _fields(entry)
                year_section += box
            out.append(year_section)
        directive = BibliographyDirective(
            "bibliography",
            [],
            {"filter": "False"},
            list(view.keys),
            self.lineno,
            self.content_offset,
            self.block_text,
            self.state,
            self.state_machine,
        )
        out.append(container(*directive.run(), classes=["feedcite-citation-pool"]))
        return out
