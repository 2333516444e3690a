"""The glossary: ``feedcite:glossary``, a Sphinx glossary of every term, with where each is used.

Each term is a real Sphinx glossary entry, so ``{term}`RLHF``` links to it from any page;
its aliases resolve to the same entry. The "Used in" links come from the site's table of
mentions, and every place they name links the term in its text.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes
from sphinx.domains.std import StandardDomain, make_glossary_term

from feedcite._strings import collation_key
from feedcite.model import Term
from feedcite.sphinx.directives.base import FeedciteDirective, join, place_link
from feedcite.sphinx.domain import xref
from feedcite.sphinx.render import field_list, para, text
from feedcite.sphinx.site import Place, document_title
from feedcite.sphinx.state import Loaded
from sphinx import addnodes

__all__ = ["GlossaryDirective"]


@dataclass(frozen=True, slots=True)
class Entry:
    """What the glossary shows of one term."""

    term: Term
    source: Place | None
    related: tuple[tuple[str, str], ...]
    uses: tuple[tuple[Place, int], ...]


@dataclass(frozen=True, slots=True)
class GlossaryView:
    """Every term, in alphabetical order."""

    entries: tuple[Entry, ...]


class GlossaryDirective(FeedciteDirective):
    """``feedcite:glossary``: every term, as a Sphinx glossary (``{term}`` works everywhere)."""

    directive = "glossary"

    @classmethod
    def view(cls, loaded: Loaded, arguments: tuple[str, ...]) -> GlossaryView:
        """What the directive shows (see :meth:`FeedciteDirective.view`)."""
        plan = loaded.plan
        entries = []
        for term in sorted(plan.corpus.glossary, key=lambda t: collation_key(t.term)):
            key = plan.document_keys.get(term.source or "")
            source = Place("document", key, document_title(plan.documents[key])) if key else None
            related = tuple((w, plan.works[w].title) for w in term.related_works if w in plan.works)
            entries.append(Entry(term, source, related, tuple(plan.term_uses.get(term.id, ()))))
        return GlossaryView(tuple(entries))

    def render(self, view: GlossaryView) -> list[nodes.Node]:
        """The nodes of the view."""
        glossary = addnodes.glossary()
        glossary["sorted"] = False  # already in order
        listing = nodes.definition_list(classes=["glossary", "feedcite-glossary"])
        glossary += listing
        self.note_index("glossary", "Glossary", listing)
        standard = self.env.domains.standard_domain
        assert isinstance(standard, StandardDomain)
        registered: set[str] = set()
        for entry in view.entries:
            term = entry.term
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
            self.domain.note_term(term.id, shown["ids"][0])
            for alias in term.aliases:
                # An alias resolves {term} references to this entry without a line of its own.
                if alias.lower() not in registered:
                    registered.add(alias.lower())
                    standard.note_object("term", alias.lower(), shown["ids"][0], location=shown)
            definition = nodes.definition()
            definition += para(term.definition)
            definition += self.fields(entry)
            item += definition
            listing += item
        return [glossary]

    def fields(self, entry: Entry) -> nodes.field_list:
        """The entry's fields."""
        uses: list[nodes.Node] = []
        for place, count in entry.uses:
            times = [text(f" ×{count}")] if count > 1 else []
            uses.append(nodes.inline("", "", place_link(place), *times))
        return field_list(
            [
                ("Defined in", [place_link(entry.source)] if entry.source else ""),
                ("Also written", ", ".join(entry.term.aliases)),
                (
                    "Related works",
                    join([xref("work", w, [text(title)]) for w, title in entry.related]),
                ),
                ("Used in", join(uses) if uses else "not found in the texts"),
            ]
        )
