"""What every feedcite directive shares: a view computed from the plan, then rendered.

A directive takes only identifiers (a work id, a transcript key and chapter index, a
document key, a tag). :meth:`FeedciteDirective.view` computes, as a pure function of the
loaded corpus and those identifiers, everything the directive will show: a frozen value
whose fingerprint the domain records (:meth:`~feedcite.sphinx.domain.FeedciteDomain.note_shown`).
:meth:`FeedciteDirective.render` builds docutils nodes from the view alone, corpus text
always as text nodes. Because a page is rendered from nothing but its views, a page whose
views have the same fingerprints after the corpus changed shows exactly what it showed,
and need not be read again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from feedcite.model import Location, Term, Work
from feedcite.sphinx.domain import FeedciteDomain, xref
from feedcite.sphinx.render import link, text
from feedcite.sphinx.site import Mark, Place, SitePlan
from feedcite.sphinx.state import Loaded
from sphinx import addnodes

__all__ = [
    "FeedciteDirective",
    "Marks",
    "citations",
    "fingerprint",
    "index_link",
    "join",
    "marks_of",
    "place_link",
    "term_ref",
    "toctree",
]

logger = logging.getLogger(__name__)

V = TypeVar("V")


def fingerprint(view: object) -> str:
    """A hash of everything a view holds (its ``repr``: frozen dataclasses and tuples)."""
    return hashlib.sha256(repr(view).encode()).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Marks:
    """The marks of the text units a view shows, and the labels their links need.

    Attributes:
        at: ``(location, marks)`` for each unit that has marks.
        works: ``(id, title, citation label)`` of each work the marks mention.
        terms: ``(id, term)`` of each glossary term the marks use.
    """

    at: tuple[tuple[Location, tuple[Mark, ...]], ...] = ()
    works: tuple[tuple[str, str, str], ...] = ()
    terms: tuple[tuple[str, str], ...] = ()

    def get(self, location: Location) -> tuple[Mark, ...]:
        """The marks of ``location``."""
        for where, marks in self.at:
            if where == location:
                return marks
        return ()


def marks_of(plan: SitePlan, locations: Iterable[Location]) -> Marks:
    """The :class:`Marks` of ``locations`` (those without marks are left out)."""
    at: list[tuple[Location, tuple[Mark, ...]]] = []
    works: dict[str, tuple[str, str, str]] = {}
    terms: dict[str, tuple[str, str]] = {}
    for location in locations:
        found = plan.marks.get(location)
        if not found:
            continue
        at.append((location, tuple(found)))
        for mark in found:
            for work_id in mark.works:
                work = plan.works[work_id]
                works[work.id] = (work.id, work.title, plan.labels.get(work.id, work.citekey))
            if mark.term is not None:
                terms[mark.term] = (mark.term, plan.terms[mark.term].term)
    return Marks(tuple(at), tuple(sorted(works.values())), tuple(sorted(terms.values())))


def term_ref(term: str, shown: str) -> addnodes.pending_xref:
    """A link to the glossary entry of ``term`` (a Sphinx ``term`` reference)."""
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


def place_link(place: Place) -> nodes.Node:
    """A link to a place, labelled as the place is."""
    return xref(place.reftype, place.target, [text(place.label)] if place.label else [])


def index_link(name: str, label: str) -> addnodes.pending_xref:
    """A link to the site's index page of ``name``; plain text when the site has none."""
    node = xref("index", name, [text(label)])
    node["refwarn"] = False
    return node


def join(parts: Sequence[nodes.Node], sep: str = ", ") -> list[nodes.Node]:
    """``parts`` separated by ``sep``."""
    out: list[nodes.Node] = []
    for part in parts:
        if out:
            out.append(text(sep))
        out.append(part)
    return out


def marked(
    text_: str, marks: Marks, location: Location | None, offset: int = 0
) -> list[nodes.Node]:
    """``text_`` (which starts at ``offset`` of its unit's text) with its marks as links.

    A mention links the work's page; a term use links the glossary; words that are both
    link the term and are followed by a citation that links the work. Words that mention
    several works (an ambiguous mention) link none of them and are followed by a citation
    of each.
    """
    if location is None:
        return [text(text_)]
    works = {w: (title, label) for w, title, label in marks.works}
    terms = dict(marks.terms)
    out: list[nodes.Node] = []
    position = 0
    for mark in marks.get(location):
        start, end = mark.start - offset, mark.end - offset
        if start < position or start < 0 or end > len(text_):
            continue  # in another piece of the unit's text
        out.append(text(text_[position:start]))
        words = text_[start:end]
        if mark.term is not None:
            out.append(term_ref(terms[mark.term], words))
        elif len(mark.works) == 1:
            out.append(xref("work", mark.works[0], [text(words)], classes=["feedcite-mention"]))
        elif mark.works:
            out.append(nodes.inline("", words, classes=["feedcite-ambiguous"]))
        else:
            out.append(text(words))
        if mark.term is not None or len(mark.works) > 1:
            out.extend(_citation(work_id, works[work_id][1]) for work_id in mark.works)
        position = end
    out.append(text(text_[position:]))
    return out


def _citation(work_id: str, label: str) -> nodes.inline:
    """`` [Kaplan et al., 2020]``: a citation of a work, linking its page."""
    link_ = xref("work", work_id, [text(f"[{label}]")], classes=["feedcite-citation-link"])
    return nodes.inline("", "", text(" "), link_, classes=["feedcite-cite"])


def citations(marks: Marks, location: Location, end: int) -> list[nodes.Node]:
    """Citation links for the works mentioned in the first ``end`` characters of a unit.

    For a piece of text shown as something else than text (a glossary entry's term, which
    is a link of its own), so that the mentions in it still link their works.
    """
    labels = {w: label for w, _, label in marks.works}
    out: list[nodes.Node] = []
    for mark in marks.get(location):
        if mark.end <= end:
            out.extend(_citation(work_id, labels[work_id]) for work_id in mark.works)
    return out


def toctree(parent: str, docnames: Sequence[str], *, hidden: bool = True) -> nodes.Node:
    """A toctree of ``docnames`` in this order (the navigation follows the page)."""
    node = addnodes.toctree()
    node["parent"] = parent
    node["entries"] = [(None, name) for name in docnames]
    node["includefiles"] = list(docnames)
    node["maxdepth"] = 1
    node["caption"] = None
    node["glob"] = False
    node["hidden"] = hidden
    node["includehidden"] = False
    node["numbered"] = 0
    node["titlesonly"] = True
    return nodes.compound("", node, classes=["toctree-wrapper"])


def identifiers(work: Work) -> list[nodes.Node]:
    """Links to the work's arXiv page, DOI, video or page, and published version."""
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
        add(link(work.url, work.medium if work.recording else "link"))
    if work.published and work.published.url:
        add(link(work.published.url, "published version"))
    return out


def tags_line(tags: Sequence[str]) -> list[nodes.Node]:
    """Each tag as a link to its page."""
    out: list[nodes.Node] = []
    for tag in tags:
        if out:
            out.append(text(" "))
        out.append(xref("tag", tag, [text(tag)], classes=["feedcite-tag"]))
    return out


class FeedciteDirective(SphinxDirective):
    """A directive rendered from a view of the corpus (see the module docstring).

    Subclasses set :attr:`directive` (their name in the domain), implement :meth:`view`
    and :meth:`render`, and record the objects they render with :meth:`note`.
    """

    directive: ClassVar[str] = ""
    has_content = False
    required_arguments = 0
    optional_arguments = 0

    @classmethod
    def view(cls, loaded: Loaded, arguments: tuple[str, ...]) -> Any:
        """Everything the directive shows, or ``None`` when its arguments name nothing."""
        raise NotImplementedError

    def render(self, view: Any) -> list[nodes.Node]:
        """The nodes of ``view``."""
        raise NotImplementedError

    @property
    def domain(self) -> FeedciteDomain:
        """The build's feedcite domain."""
        domain = self.env.domains["feedcite"]
        assert isinstance(domain, FeedciteDomain)
        return domain

    def run(self) -> list[nodes.Node]:
        """Compute the view, record its fingerprint, and render it."""
        self.loaded = self.domain.loaded()
        arguments = tuple(self.arguments)
        view = self.view(self.loaded, arguments)
        if view is None:
            logger.warning(
                "feedcite: no %s %r in the corpus",
                self.directive,
                " ".join(arguments),
                location=(self.env.docname, self.lineno),
                type="feedcite",
                subtype="unknown",
            )
            return []
        self.domain.note_shown(self.directive, arguments, fingerprint(view))
        rendered = self.render(view)
        for node in rendered:
            if isinstance(node, nodes.Element):
                # Captured text is shown as written: Sphinx's smart quotes (which would
                # turn "--" into a dash and straight quotes into curly ones) skip it.
                node["support_smartquotes"] = False
        return rendered

    def note(self, objtype: str, name: str, anchor: str, label: str, node: nodes.Element) -> None:
        """Record that this page renders ``objtype`` ``name`` at ``anchor``."""
        self.domain.note_object(objtype, name, anchor, label, node)

    def note_index(self, name: str, label: str, node: nodes.Element) -> None:
        """Record that this page is the site's index of ``name`` (``tags``, ``glossary`` ...)."""
        anchor = f"feedcite-index-{name}"
        node["ids"].append(anchor)
        self.domain.note_object("index", name, anchor, label, node)


def term_of(plan: SitePlan, term_id: str) -> Term:
    """The glossary term ``term_id``."""
    return plan.terms[term_id]
