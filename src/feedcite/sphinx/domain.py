"""The ``feedcite`` domain: where each work, chapter, notes section, document and tag is shown.

Directives only *record* objects (:meth:`FeedciteDomain.note_object`) as they render
them; links between pages are ``pending_xref`` nodes resolved later by
:meth:`FeedciteDomain.resolve_xref`, so a link always points to wherever its target was
actually rendered, and a missing target is a warning with its location. Records are kept
per document (``clear_doc``) and merged from parallel readers (``merge_domaindata``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import Any, NamedTuple

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

__all__ = ["FeedciteDomain", "ObjectRecord", "xref"]

logger = logging.getLogger(__name__)

OBJECT_TYPES = ("work", "episode", "chapter", "section", "document", "tag")


class ObjectRecord(NamedTuple):
    """Where an object was rendered."""

    docname: str
    anchor: str
    label: str


class FeedciteDomain(Domain):
    """Objects of the corpus on the site, and the roles that link to them."""

    name = "feedcite"
    label = "feedcite"
    # Sphinx reads these as class attributes; ``initial_data`` is deep-copied per environment.
    object_types = {name: ObjType(name, name) for name in OBJECT_TYPES}  # noqa: RUF012
    roles = {name: XRefRole() for name in OBJECT_TYPES}  # noqa: RUF012
    initial_data = {"objects": {}, "terms": {}}  # noqa: RUF012

    @property
    def objects(self) -> dict[tuple[str, str], ObjectRecord]:
        """``(type, name)`` -> where it was rendered."""
        objects: dict[tuple[str, str], ObjectRecord] = self.data.setdefault("objects", {})
        return objects

    def note_object(
        self, objtype: str, name: str, anchor: str, label: str, location: Element
    ) -> None:
        """Record that ``objtype`` ``name`` is rendered in the current document at ``anchor``."""
        key = (objtype, name)
        if key in self.objects and self.objects[key].docname != self.env.docname:
            other = self.objects[key].docname
            logger.warning(
                "feedcite %s %r is shown twice (also in %s)",
                objtype,
                name,
                other,
                location=location,
                type="feedcite",
                subtype="duplicate",
            )
        self.objects[key] = ObjectRecord(self.env.docname, anchor, label)

    @property
    def terms(self) -> dict[str, tuple[str, str]]:
        """Glossary term id -> (docname, HTML id of its entry)."""
        terms: dict[str, tuple[str, str]] = self.data.setdefault("terms", {})
        return terms

    def clear_doc(self, docname: str) -> None:
        """Forget the objects of ``docname`` (it is being read again)."""
        for key, record in list(self.objects.items()):
            if record.docname == docname:
                del self.objects[key]
        for term, (doc, _) in list(self.terms.items()):
            if doc == docname:
                del self.terms[term]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the records of ``docnames`` from a parallel reader."""
        for key, record in otherdata.get("objects", {}).items():
            if record.docname in docnames:
                self.objects[key] = record
        for term, (doc, node_id) in otherdata.get("terms", {}).items():
            if doc in docnames:
                self.terms[term] = (doc, node_id)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        """Link to where the object was rendered (``None`` leaves it to missing-reference)."""
        record = self.objects.get((typ, target))
        if record is None:
            return None
        if not contnode.astext() and record.label:
            contnode = nodes.inline("", record.label, classes=contnode.get("classes", []))
        return make_refnode(
            builder, fromdocname, record.docname, record.anchor, contnode, record.label
        )

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Resolve ``:any:`` references to any object type with this name."""
        results: list[tuple[str, nodes.reference]] = []
        for objtype in OBJECT_TYPES:
            found = self.resolve_xref(env, fromdocname, builder, objtype, target, node, contnode)
            if found is not None:
                results.append((f"feedcite:{objtype}", found))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Objects for the search index and inventory."""
        for (objtype, name), record in sorted(self.objects.items()):
            yield name, record.label or name, objtype, record.docname, record.anchor, 1


def xref(
    reftype: str, target: str, children: Iterable[nodes.Node] = (), *, classes: Iterable[str] = ()
) -> pending_xref:
    """A link to a feedcite object, resolved once every page has been read."""
    content = nodes.inline(
        "", "", *children, classes=["xref", "feedcite", f"feedcite-{reftype}", *classes]
    )
    return pending_xref(
        "",
        content,
        refdomain="feedcite",
        reftype=reftype,
        reftarget=target,
        refexplicit=True,
        refwarn=True,
    )
