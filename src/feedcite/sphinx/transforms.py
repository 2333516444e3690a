"""Post-transforms of the ``feedcite`` extension."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

__all__ = ["PlaceCitations"]


class PlaceCitations(SphinxPostTransform):
    """Move each formatted citation of the bibliography page into its work's slot.

    sphinxcontrib-bibtex's ``BibliographyTransform`` (priority 5) turns the page's one
    bibliography into citations, each with the id ``cite-<key>``. This transform
    (priority 6) moves every citation into the slot of its work (``feedcite-key``
    attribute), and drops the emptied pool.
    """

    default_priority = 6

    def run(self, **kwargs: Any) -> None:
        """Move the citations, then remove the pool they came in."""
        slots = {
            node["feedcite-key"]: node
            for node in self.document.findall(nodes.container)
            if "feedcite-key" in node.attributes
        }
        if not slots:
            return
        for pool in list(self.document.findall(nodes.container)):
            if "feedcite-citation-pool" not in pool["classes"]:
                continue
            for citation in list(pool.findall(nodes.citation)):
                key = next(
                    (i.removeprefix("cite-") for i in citation["ids"] if i.startswith("cite-")),
                    None,
                )
                slot = slots.get(key) if key else None
                if slot is not None:
                    citation.parent.remove(citation)
                    slot += citation
            pool.parent.remove(pool)
