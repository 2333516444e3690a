"""Post-transforms of the ``feedcite`` extension."""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

__all__ = ["PlaceCitations", "resolve_year_links", "year_placeholder"]


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


#: The ``href`` placeholder of a timeline bar, replaced when the page is written.
_YEAR_HREF_RE = re.compile(r'(?P<attribute>(?:xlink:)?href)="feedcite-year:(?P<year>[0-9A-Za-z]+)"')


def year_placeholder(year: int) -> str:
    """The link of a timeline bar before it is resolved: ``feedcite-year:2023``."""
    return f"feedcite-year:{year}"


def resolve_year_links(body: str, bibliography: str | None) -> str:
    """Point the timeline's bars (``body`` is a page's HTML) at their year in the bibliography.

    The timeline is inline SVG, so that its bars can be links; where the bibliography is
    is known only once every page has been read, so the bars carry a placeholder until the
    page is written. ``bibliography`` is the bibliography page's URI relative to the page;
    without one the bars link nowhere.
    """

    def href(found: re.Match[str]) -> str:
        if bibliography is None:
            return ""
        return f'{found["attribute"]}="{html.escape(bibliography)}#year-{found["year"].lower()}"'

    return _YEAR_HREF_RE.sub(href, body)
