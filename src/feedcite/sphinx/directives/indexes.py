"""Index pages: tags, a tag's works, lists of episodes and documents, numbers, the timeline.

``feedcite:list episodes`` and ``feedcite:list documents`` also put the pages they list into
the site's navigation (a hidden toctree), so a project needs no toctree of generated pages
of its own; a transcript's chapters sit under its episode's page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from docutils import nodes
from sphinx.util import logging

from feedcite._strings import slug
from feedcite.model import Work
from feedcite.sphinx.directives.base import FeedciteDirective, index_link, toctree
from feedcite.sphinx.directives.works import date_label
from feedcite.sphinx.domain import xref
from feedcite.sphinx.render import (
    container,
    field_list,
    inline_svg,
    legend_list,
    para,
    section,
    text,
)
from feedcite.sphinx.site import cited_year, document_title
from feedcite.sphinx.state import Loaded
from feedcite.sphinx.transforms import year_placeholder

__all__ = [
    "DownloadsDirective",
    "ListDirective",
    "StatsDirective",
    "TagDirective",
    "TagsDirective",
    "TimelineDirective",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TagsView:
    """Every tag with its number of works."""

    tags: tuple[tuple[str, int, tuple[str, ...]], ...]
    """(tag, works, the near-duplicates grouped under it) of each tag."""


class TagsDirective(FeedciteDirective):
    """``feedcite:tags``: every tag with its number of works, most used first, in columns."""

    directive = "tags"

    @classmethod
    def view(cls, loaded: Loaded, arguments: tuple[str, ...]) -> TagsView:
        """What the directive shows (see :meth:`FeedciteDirective.view`)."""
        grouped = {g.tag: tuple(m for m, _ in g.members) for g in loaded.plan.corpus.tag_groups}
        counted = [(t, len(w), grouped.get(t, ())) for t, w in loaded.plan.tags.items()]
        return TagsView(tuple(sorted(counted, key=lambda t: (-t[1], t[0]))))

    def render(self, view: TagsView) -> list[nodes.Node]:
        """The nodes of the view."""
        listing = nodes.bullet_list(classes=["feedcite-tag-index"])
        for tag, count, members in view.tags:
            entry = para(
                xref("tag", tag, [text(tag)]),
                nodes.inline("", f" {count}", classes=["feedcite-count"]),
            )
            if members:
                entry += nodes.inline(
                    "", f" (also {', '.join(members)})", classes=["feedcite-also"]
                )
            listing += nodes.list_item("", entry)
        self.note_index("tags", "Tags", listing)
        return [para(f"{len(view.tags)} tags, by number of works."), listing]


@dataclass(frozen=True, slots=True)
class TagView:
    """The works with one tag, by year."""

    tag: str
    years: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    count: int


class TagDirective(FeedciteDirective):
    """``feedcite:tag TAG``: the works with a tag, by the year they are cited with."""

    directive = "tag"
    required_arguments = 1

    @classmethod
    def view(cls, loaded: Loaded, arguments: tuple[str, ...]) -> TagView | None:
        """What the directive shows (see :meth:`FeedciteDirective.view`)."""
        plan = loaded.plan
        tag = arguments[0]
        found = plan.tags.get(tag)
        if found is None:
            return None
        years: dict[str, list[tuple[str, str]]] = defaultdict(list)
        members = set(found)
        for work_id in plan.order:
            if work_id in members:
                work = plan.works[work_id]
                year = cited_year(work)
                years[str(year) if year is not None else "Undated"].append((work.id, work.title))
        return TagView(tag, tuple((y, tuple(w)) for y, w in years.items()), len(found))

    def render(self, view: TagView) -> list[nodes.Node]:
        """The nodes of the view."""
        anchor = f"tag-{slug(view.tag, 'tag')}"
        node = section(view.tag, anchor, classes=["feedcite-tag-page"])
        self.note("tag", view.tag, anchor, view.tag, node)
        node += para(index_link("tags", "All tags"), classes=["feedcite-breadcrumbs"])
        node += para(f"{view.count} work{'s' if view.count != 1 else ''} tagged “{view.tag}”.")
        for year, works in view.years:
            listing = nodes.bullet_list()
            for work_id, title in works:
                listing += nodes.list_item("", para(xref("work", work_id, [text(title)])))
            node += section(year, f"{anchor}-{year.lower()}", listing)
        return [node]


@dataclass(frozen=True, slots=True)
class ListView:
    """The episodes or the documents, with the pages that show them."""

    what: str
    entries: tuple[tuple[str, str, str, str], ...]
    """(reftype, target, label, docname) of each entry."""


class ListDirective(FeedciteDirective):
    """``feedcite:list episodes|documents``: links to every episode or source document."""

    directive = "list"
    required_arguments = 1

    @classmethod
    def view(cls, loaded: Loaded, arguments: tuple[str, ...]) -> ListView | None:
        """What the directive shows (see :meth:`FeedciteDirective.view`)."""
        plan = loaded.plan
        what = arguments[0]
        if what == "episodes":
            entries = tuple(
                ("episode", w, f"{plan.works[w].title} ({date_label(plan.works[w])})", doc)
                for w, doc in plan.episode_docs.items()
            )
        elif what == "documents":
            entries = tuple(
                ("document", k, document_title(plan.documents[k]), doc)
                for k, doc in plan.document_docs.items()
            )
        else:
            return None
        return ListView(what, entries)

    def render(self, view: ListView) -> list[nodes.Node]:
        """The nodes of the view."""
        if not view.entries:  # a corpus without this kind of document (yet)
            return [para(f"No {view.what} yet.", classes=["feedcite-none"])]
        listing = nodes.bullet_list(classes=[f"feedcite-{view.what}"])
        for reftype, target, label, _ in view.entries:
            listing += nodes.list_item("", para(xref(reftype, target, [text(label)])))
        self.note_index(view.what, view.what.capitalize(), listing)
        return [listing, toctree(self.env.docname, [doc for *_, doc in view.entries])]


@dataclass(frozen=True, slots=True)
class StatsView:
    """What the corpus holds, in numbers."""

    rows: tuple[tuple[str, str], ...]


#: How the stats name a number of works of a kind (singular, plural).
_KIND_NAMES = {
    "podcast": ("podcast episode", "podcast episodes"),
    "youtube": ("video", "videos"),
    "blog": ("blog post", "blog posts"),
    "thesis": ("thesis", "theses"),
}


def _kinds(kinds: Counter[str]) -> str:
    """``16 papers, 4 talks, 1 blog post``: the commonest kinds first, then by name."""
    parts = []
    for kind, count in sorted(kinds.items(), key=lambda kc: (-kc[1], kc[0])):
        one, many = _KIND_NAMES.get(kind, (kind, f"{kind}s"))
        parts.append(f"{count} {one if count == 1 else many}")
    return ", ".join(parts)


class StatsDirective(FeedciteDirective):
    """``feedcite:stats``: what the corpus holds, in numbers."""

    directive = "stats"

    @classmethod
    def view(cls, loaded: Loaded, arguments: tuple[str, ...]) -> StatsView:
        """What the directive shows (see :meth:`FeedciteDirective.view`)."""
        plan = loaded.plan
        corpus = plan.corpus
        kinds = Counter(w.kind.lower() for w in corpus.works)
        years = [y for w in corpus.works if (y := cited_year(w)) is not None]
        chapters = sum(len(a.chapters) for a in corpus.alignments)
        mentions = sum(len(places) for places in plan.discussed.values())
        rows = (
            (
                "Works",
                f"{len(corpus.works)} ({_kinds(kinds)})" if kinds else "0",
            ),
            ("Years", f"{min(years)}–{max(years)}" if years else ""),
            ("Source documents", str(len(corpus.documents))),
            ("Transcript chapters", str(chapters)),
            ("Glossary terms", str(len(corpus.glossary))),
            ("Tags", str(len(plan.tags))),
            ("Places discussing works", str(mentions)),
        )
        return StatsView(rows)

    def render(self, view: StatsView) -> list[nodes.Node]:
        """The nodes of the view."""
        return [field_list(list(view.rows))]


@dataclass(frozen=True, slots=True)
class TimelineView:
    """The works-per-year figure: its SVG, text description and legend.

    There is no SVG when ``feedcite_timeline = False``.
    """

    svg: str | None
    alt: str
    legend: tuple[tuple[str, str, int], ...]


class TimelineDirective(FeedciteDirective):
    """``feedcite:timeline``: works per year, coloured by theme; each bar links its year.

    The figure is inline SVG (:func:`feedcite.sphinx.timeline.svg`) with its text
    description as its label and its legend as text beside it.
    """

    directive = "timeline"

    @classmethod
    def view(cls, loaded: Loaded, arguments: tuple[str, ...]) -> TimelineView:
        """What the directive shows (see :meth:`FeedciteDirective.view`)."""
        from feedcite.sphinx.timeline import alt_text, legend, svg, themes_of

        works: list[Work] = list(loaded.plan.works.values())
        assigned = themes_of(works, dict(loaded.config.themes))
        alt = alt_text(works, assigned)
        keys = tuple(legend(works, assigned))
        if not loaded.options.timeline:
            return TimelineView(None, alt, keys)
        drawn = svg(works, assigned, "Works per year", link=year_placeholder, with_legend=False)
        return TimelineView(drawn, alt, keys)

    def render(self, view: TimelineView) -> list[nodes.Node]:
        """The nodes of the view."""
        if view.svg is None:
            return []  # feedcite_timeline = False
        figure = container(
            inline_svg(view.svg, view.alt), legend_list(view.legend), classes=["feedcite-timeline"]
        )
        figure["ids"] = ["timeline"]
        caption = "Works per year, coloured by theme; a bar links to its year in the bibliography."
        return [figure, para(caption, classes=["feedcite-caption"])]


@dataclass(frozen=True, slots=True)
class DownloadsView:
    """The bibliography files of the site."""

    names: tuple[str, str]


class DownloadsDirective(FeedciteDirective):
    """``feedcite:downloads``: links to the bibliography as BibTeX and CSL-JSON."""

    directive = "downloads"

    @classmethod
    def view(cls, loaded: Loaded, arguments: tuple[str, ...]) -> DownloadsView:
        """What the directive shows (see :meth:`FeedciteDirective.view`)."""
        return DownloadsView(downloads(loaded))

    def render(self, view: DownloadsView) -> list[nodes.Node]:
        """The nodes of the view."""
        bib, csl = view.names
        return [
            para(
                "The whole bibliography: ",
                xref("download", "bib", [text(f"{bib} (BibTeX)")]),
                " · ",
                xref("download", "csl", [text(f"{csl} (CSL-JSON, for Zotero, Pandoc and Quarto)")]),
                classes=["feedcite-downloads"],
            )
        ]


def downloads(loaded: Loaded) -> tuple[str, str]:
    """The site's bibliography files: named as in the configuration, or after the corpus."""
    config = loaded.config
    stem = slug(config.name, "bibliography")
    bib = config.bibliography.rsplit("/", 1)[-1] if config.bibliography else f"{stem}.bib"
    csl = config.csl.rsplit("/", 1)[-1] if config.csl else f"{stem}.json"
    return bib, csl
