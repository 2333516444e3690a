"""The enrichment pipeline: a list of small pure steps over a corpus.

Each step takes the :class:`~feedcite.model.Corpus` built so far and the
:class:`Context` (curated metadata, vocabulary, options) and returns a new corpus; no
step reads files. :func:`default_pipeline` lists the steps in order, and
:func:`enrich` runs them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from feedcite.curated import Curation
from feedcite.enrich.tags import SplitterWeights
from feedcite.errors import Diagnostic
from feedcite.glossary_file import GlossaryFile
from feedcite.model import Corpus

__all__ = ["Context", "Step", "default_pipeline", "enrich"]


@dataclass(frozen=True, slots=True)
class Context:
    """Everything besides the documents that enrichment uses.

    Attributes:
        curation: Curated metadata (``refs/works.toml``), if any.
        glossary: The glossary file (``refs/glossary.toml``), if any.
        vocabulary: Tags the user declares known (``refs/tags.toml``).
        anchor_year: Year of the newest feed item, when no metadata gives it.
        splitter: Weights of the tag splitter.
        citekeys: Citation keys already handed out (``refs/citekeys.toml``): work id -> key.
        diagnostics: Problems met reading these files (see
            :func:`feedcite.corpus.read_context`); whoever builds the corpus reports them.
        durations: Episode durations in seconds given by the user for transcript files
            (``--duration``, or a capture's ``duration``): path -> seconds.
    """

    curation: Curation | None = None
    glossary: GlossaryFile | None = None
    vocabulary: frozenset[str] = frozenset()
    anchor_year: int | None = None
    splitter: SplitterWeights = field(default_factory=SplitterWeights)
    citekeys: tuple[tuple[str, str], ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    durations: tuple[tuple[str, float], ...] = ()


Step = Callable[[Corpus, Context], Corpus]
"""An enrichment step."""


def default_pipeline() -> list[Step]:
    """The steps :func:`enrich` runs by default, in order."""
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
