"""The enrichment contract: what every step receives besides the corpus, and what a step is.

This module sits below the steps (:mod:`feedcite.enrich.works`, :mod:`~feedcite.enrich.tags`
...), which import it; the stack that orders them (:mod:`feedcite.enrich.pipeline`) sits
above them. Weights of the steps that have tunable costs live here too, since the context
carries them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from feedcite.curated import Curation
from feedcite.errors import Diagnostic
from feedcite.glossary_file import GlossaryFile
from feedcite.model import Corpus
from feedcite.tag_file import TagAlias

__all__ = ["Context", "SplitterWeights", "Step"]


@dataclass(frozen=True, slots=True)
class SplitterWeights:
    """The costs behind the tag splitter, in ``log10`` units (see the guide, "Tag splitting")."""

    tag: float = 4.0
    """Cost of each tag."""
    corpus_share: float = 0.5
    """Weight of the corpus's word frequencies in the word model (the rest is English)."""
    unknown_base: float = 4.0
    """Base cost of a word neither model knows."""
    unknown_per_char: float = 1.6
    """Extra cost per character of an unknown word."""
    digits: float = 3.0
    """Cost of a run of digits (``3`` in ``gpt-3``)."""
    acronym: float = 1.5
    """Bonus for a word the corpus writes in capitals."""
    compound: float = 3.0
    """Bonus for a word the corpus writes in CamelCase."""
    one_letter: float = 6.0
    """Penalty for a one-letter word."""
    two_letters: float = 3.0
    """Penalty for a one-word tag of two letters that the corpus does not write (``vi`` of
    ``vitrimers``): such tags are acronyms the texts use (``ai``, ``ml``)."""
    phrase: float = 2.0
    """Bonus for a multi-word tag whose words occur as a phrase in the corpus."""
    single: float = 1.0
    """Penalty for a one-word tag (most tags have two or more words)."""
    common: float = 7.0
    """Penalty for a one-word tag that is short and among the commonest English words (``open``)."""
    fragment: float = 10.0
    """Penalty for a word that is a bare English suffix (``ity``, ``ness``): never a word."""
    derived: float = 1.5
    """Cost of an English suffix on a known word (``nested`` + ``ness``), beyond the word's."""
    derived_english: float = 2.0
    """Extra cost of a derived word whose base the corpus never writes (``freeform`` + ``al``
    of ``lock-freeformal-verification``, which is ``lock-free`` and ``formal-verification``;
    1 to 4 give the same tags on every feed measured)."""
    dangling: float = 4.0
    """Penalty for a tag that ends in a function word or a prefix (``data-de``, ``pre``)."""
    prefixed: float = 1.5
    """Cost of a known prefix on a known word (``pre`` + ``training``), beyond the word's."""
    concatenation: float = 1.3
    """How much likelier (log10) two words must be than one rare English word that
    they spell, for the English word to be taken as a web concatenation (``accessscience``)."""
    local: float = 0.5
    """Bonus per word of a tag that occurs in the item's own summary or claim."""
    seen: float = 4.0
    """Bonus for a tag found in other items' tag lines."""
    vocabulary: float = 12.0
    """Bonus for a tag of the user's vocabulary file."""
    max_words: int = 7
    """Most words in one tag."""
    max_word_length: int = 30
    """Longest word considered."""
    chunk_candidates: int = 3
    """How many segmentations of each chunk propose cut points (3 splits the held-out
    feeds as well as 6 did, in half the time)."""
    max_line_length: int = 1_000
    """Longest tag line split (real ones are under 300 characters); a longer line gets no
    tags and a warning, so that no line can make the splitter slow."""


@dataclass(frozen=True, slots=True)
class Context:
    """Everything besides the documents that enrichment uses.

    Attributes:
        curation: Curated metadata (``refs/works.toml``), if any.
        glossary: The glossary file (``refs/glossary.toml``), if any.
        vocabulary: Tags the user declares known (``refs/tags.toml``).
        tag_aliases: Tags the tag file groups under another (its ``[aliases]``).
        tag_distinct: Tags the grouping rule keeps apart (its ``distinct``).
        anchor_year: Year of the newest feed item, when no metadata gives it.
        splitter: Weights of the tag splitter.
        citekeys: Citation keys already handed out (``refs/citekeys.toml``): work id -> key.
        retired_citekeys: Keys retired from the ledger (never handed out again).
        durations: Episode durations in seconds given by the user for transcript files
            (``--duration``, or a capture's ``duration``): path -> seconds.
        subject: Who the corpus is about, as its configuration writes them (the
            ``name`` of ``corpus.toml``); written ``Family, Given``, it says which word of
            the feed header's name is the family name (see
            :func:`~feedcite.enrich.works.subject_in_order`).
        diagnostics: Problems met reading these files (see
            :func:`feedcite.corpus.read_context`); whoever builds the corpus reports them.
    """

    curation: Curation | None = None
    glossary: GlossaryFile | None = None
    vocabulary: frozenset[str] = frozenset()
    tag_aliases: tuple[TagAlias, ...] = ()
    tag_distinct: frozenset[str] = frozenset()
    anchor_year: int | None = None
    splitter: SplitterWeights = field(default_factory=SplitterWeights)
    citekeys: tuple[tuple[str, str], ...] = ()
    retired_citekeys: tuple[str, ...] = ()
    durations: tuple[tuple[str, float], ...] = ()
    subject: str | None = None
    diagnostics: tuple[Diagnostic, ...] = ()


Step = Callable[[Corpus, Context], Corpus]
"""An enrichment step."""
