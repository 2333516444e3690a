"""The feedcite directives, one module per kind of page.

* :mod:`~feedcite.sphinx.directives.works`: ``work``, ``bibliography``;
* :mod:`~feedcite.sphinx.directives.episodes`: ``episode``, ``chapter``, ``transcript``;
* :mod:`~feedcite.sphinx.directives.documents`: ``document``, one renderer per format;
* :mod:`~feedcite.sphinx.directives.glossary`: ``glossary``;
* :mod:`~feedcite.sphinx.directives.indexes`: ``tags``, ``tag``, ``list``, ``stats``,
  ``timeline``, ``downloads``.

Each is a :class:`~feedcite.sphinx.directives.base.FeedciteDirective`: a pure view of the
corpus, rendered into nodes. :func:`setup_directives` registers them in the ``feedcite``
domain (``feedcite:<name>``).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from feedcite.sphinx.directives.base import FeedciteDirective
from feedcite.sphinx.directives.documents import DocumentDirective
from feedcite.sphinx.directives.episodes import (
    ChapterDirective,
    EpisodeDirective,
    TranscriptDirective,
)
from feedcite.sphinx.directives.glossary import GlossaryDirective
from feedcite.sphinx.directives.indexes import (
    DownloadsDirective,
    ListDirective,
    StatsDirective,
    TagDirective,
    TagsDirective,
    TimelineDirective,
)
from feedcite.sphinx.directives.works import WorkDirective, WorksBibliographyDirective

__all__ = ["DIRECTIVES", "FeedciteDirective", "setup_directives"]

DIRECTIVES: dict[str, type[FeedciteDirective]] = {
    directive.directive: directive
    for directive in (
        WorkDirective,
        WorksBibliographyDirective,
        EpisodeDirective,
        ChapterDirective,
        TranscriptDirective,
        DocumentDirective,
        GlossaryDirective,
        TagsDirective,
        TagDirective,
        ListDirective,
        StatsDirective,
        TimelineDirective,
        DownloadsDirective,
    )
}
"""The domain's directives, by name (``feedcite:<name>``)."""


def setup_directives(app: Sphinx) -> None:
    """Register every directive in the ``feedcite`` domain."""
    for name, directive in DIRECTIVES.items():
        app.add_directive_to_domain("feedcite", name, directive)
