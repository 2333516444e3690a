"""The ``feedcite`` domain: the build's corpus, and where each of its objects is shown.

**State.** Each build environment has its own domain, so the corpus lives there and two
projects built in one process never see each other's works. The domain's pickled ``data``
holds only small records: the fingerprint of the inputs the pages were built from, the
objects rendered, and what every page shows. The parsed corpus and the site plan are kept
on the domain object (not pickled; parallel readers, which fork, inherit it) and parsed
again only when the inputs' fingerprint changes (:meth:`FeedciteDomain.loaded`).

**Records.** Directives only *record* what they render, through the domain's methods:
:meth:`~FeedciteDomain.note_object` for cross-reference targets,
:meth:`~FeedciteDomain.note_term` for glossary entries, :meth:`~FeedciteDomain.note_shown`
for the view a page was rendered from (its fingerprint is how a changed corpus finds the
pages to read again), :meth:`~FeedciteDomain.note_meta` for a page's ``<meta>`` tags.
Links between pages are ``pending_xref`` nodes resolved later by
:meth:`~FeedciteDomain.resolve_xref`, so a link always points to wherever its target was
actually rendered; a missing target is a warning with its location. Records are kept per
document (``clear_doc``) and merged from parallel readers (``merge_domaindata``).
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
from sphinx.util.osutil import relative_uri

from feedcite.sphinx.state import Inputs, Loaded, load

__all__ = ["DOWNLOADS", "FeedciteDomain", "ObjectRecord", "Shown", "xref"]

logger = logging.getLogger(__name__)

OBJECT_TYPES = ("work", "episode", "chapter", "transcript", "section", "document", "tag", "index")
DOWNLOADS = "_downloads/feedcite"
"""Where the bibliography files are copied in the built site (relative to its root)."""


class ObjectRecord(NamedTuple):
    """Where an object was rendered."""

    docname: str
    anchor: str
    label: str


class Shown(NamedTuple):
    """A view a page was rendered from: the directive, its arguments, the view's fingerprint."""

    directive: str
    arguments: tuple[str, ...]
    fingerprint: str


class FeedciteDomain(Domain):
    """The corpus of the build, its objects on the site, and the roles that link to them."""

    name = "feedcite"
    label = "feedcite"
    # Sphinx reads these as class attributes; ``initial_data`` is deep-copied per environment.
    object_types = {name: ObjType(name, name) for name in OBJECT_TYPES}  # noqa: RUF012
    roles = {name: XRefRole() for name in OBJECT_TYPES}  # noqa: RUF012
    initial_data = {  # noqa: RUF012
        "fingerprint": None,
        "diagnostics": (),
        "objects": {},
        "terms": {},
        "shown": {},
        "meta": {},
        "downloads": {},
    }

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self._inputs: Inputs | None = None
        self._loaded: Loaded | None = None
        self._reloaded = False

    # ------------------------------------------------------------------ the corpus

    def use_inputs(self, inputs: Inputs) -> bool:
        """Take the inputs of this build; whether they differ from the environment's last ones."""
        self._inputs = inputs
        changed: bool = self.data["fingerprint"] != inputs.fingerprint
        if changed and self._loaded is not None and self._loaded.inputs != inputs:
            self._loaded = None
        return changed

    @property
    def inputs(self) -> Inputs:
        """The inputs of this build (set when the builder starts)."""
        if self._inputs is None:
            raise RuntimeError("feedcite: the build's inputs are not read yet")
        return self._inputs

    def loaded(self) -> Loaded:
        """The corpus of this build, parsed on first use."""
        if self._loaded is None or self._loaded.inputs.fingerprint != self.inputs.fingerprint:
            self._loaded = load(self.inputs)
            self._reloaded = True
            self.data["fingerprint"] = self.inputs.fingerprint
            self.data["diagnostics"] = self._loaded.corpus.diagnostics
        return self._loaded

    @property
    def reloaded(self) -> bool:
        """Whether the corpus was parsed in this build (so pages may show something new)."""
        return self._reloaded

    # ------------------------------------------------------------------ records

    @property
    def objects(self) -> dict[tuple[str, str], ObjectRecord]:
        """``(type, name)`` -> where it was rendered."""
        objects: dict[tuple[str, str], ObjectRecord] = self.data["objects"]
        return objects

    @property
    def terms(self) -> dict[str, tuple[str, str]]:
        """Glossary term id -> (docname, HTML id of its entry)."""
        terms: dict[str, tuple[str, str]] = self.data["terms"]
        return terms

    @property
    def shown(self) -> dict[str, list[Shown]]:
        """Docname -> the views its pages were rendered from."""
        shown: dict[str, list[Shown]] = self.data["shown"]
        return shown

    @property
    def meta(self) -> dict[str, list[tuple[str, str, str]]]:
        """Docname -> ``<meta>`` tags of its HTML page: (attribute, name, content)."""
        meta: dict[str, list[tuple[str, str, str]]] = self.data["meta"]
        return meta

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

    def note_term(self, term_id: str, node_id: str) -> None:
        """Record that glossary term ``term_id`` is the entry ``node_id`` of this document."""
        self.terms[term_id] = (self.env.docname, node_id)

    def note_shown(self, directive: str, arguments: tuple[str, ...], fingerprint: str) -> None:
        """Record that this document shows the view of ``directive`` with ``arguments``."""
        self.shown.setdefault(self.env.docname, []).append(Shown(directive, arguments, fingerprint))

    def note_meta(self, tags: Iterable[tuple[str, str, str]]) -> None:
        """Add ``<meta>`` tags (attribute, name, content) to this document's HTML page."""
        self.meta.setdefault(self.env.docname, []).extend(tags)

    def clear_doc(self, docname: str) -> None:
        """Forget the records of ``docname`` (it is being read again)."""
        for key, record in list(self.objects.items()):
            if record.docname == docname:
                del self.objects[key]
        for term, (doc, _) in list(self.terms.items()):
            if doc == docname:
                del self.terms[term]
        self.shown.pop(docname, None)
        self.meta.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the records of ``docnames`` from a parallel reader."""
        for key, record in otherdata["objects"].items():
            if record.docname in docnames:
                self.objects[key] = record
        for term, (doc, node_id) in otherdata["terms"].items():
            if doc in docnames:
                self.terms[term] = (doc, node_id)
        for name in ("shown", "meta"):
            for docname, records in otherdata[name].items():
                if docname in docnames:
                    self.data[name][docname] = records

    # ------------------------------------------------------------------ links

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
        if typ == "download":
            return self._download(fromdocname, builder, target, contnode)
        record = self.objects.get((typ, target))
        if record is None:
            return None
        if not contnode.astext() and record.label:
            contnode = nodes.inline("", record.label, classes=contnode.get("classes", []))
        return make_refnode(
            builder, fromdocname, record.docname, record.anchor, contnode, record.label
        )

    def _download(
        self, fromdocname: str, builder: Builder, target: str, contnode: Element
    ) -> nodes.reference | None:
        """A link to a file of the bibliography copied into the site (see :data:`DOWNLOADS`)."""
        name = self.data["downloads"].get(target)
        if name is None:
            return None
        here = builder.get_target_uri(fromdocname)
        uri = relative_uri(here, f"{DOWNLOADS}/{name}")
        return nodes.reference("", "", contnode, refuri=uri, classes=["feedcite-download"])

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
