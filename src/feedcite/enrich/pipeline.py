"""The enrichment pipeline: the default stack of small pure steps, and the runner.

Each step takes the :class:`~feedcite.model.Corpus` built so far and the
:class:`~feedcite.enrich.context.Context` (curated metadata, vocabulary, options) and returns
a new corpus; no step reads files. :func:`default_pipeline` lists the steps in order, and
:func:`enrich` runs them. The contract (``Context``, ``Step``) is in
:mod:`feedcite.enrich.context`, below the steps; this module is above them.
"""

from __future__ import annotations

from collections.abc import Sequence

from feedcite.enrich import (
    chapters,
    citekeys,
    dates,
    glossary,
    links,
    metadata,
    notes,
    tags,
    works,
)
from feedcite.enrich.context import Context, Step
from feedcite.model import Corpus

__all__ = ["Context", "Step", "default_pipeline", "enrich"]


def default_pipeline() -> list[Step]:
    """The steps :func:`enrich` runs by default, in order."""
    return [
        works.works_from_feeds,
        tags.split_tags,
        metadata.apply_metadata,
        dates.infer_years,
        citekeys.assign_citekeys,
        links.identify_documents,
        chapters.align_transcripts,
        notes.resolve_chapter_refs,
        links.find_mentions,
        glossary.build_glossary,
    ]


def enrich(corpus: Corpus, context: Context, steps: Sequence[Step] | None = None) -> Corpus:
    """Run ``steps`` (default: :func:`default_pipeline`) over ``corpus``."""
    for step in steps if steps is not None else default_pipeline():
        corpus = step(corpus, context)
    return corpus
