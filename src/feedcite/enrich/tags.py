"""Splitting concatenated tag lines: ``ai-safetyrlhfrlaifai-alignment`` -> four tags.

A tag line is kebab-case tags written with no separator between them. Hyphens only join
words *inside* a tag, so a tag boundary can only fall inside a hyphen-free run (a
*chunk*): ``ai-safetyrlhfrlaifai-alignment`` has the chunks ``ai``,
``safetyrlhfrlaifai`` and ``alignment``, and every boundary is inside the middle one.

The splitter scores every way of cutting the chunks and keeps the cheapest, by dynamic
programming over the whole line. The cost of a split is the sum of its tags' costs:

* a fixed cost per tag, so that a long known word is not cut into several one-word tags;
* for each word, ``-log10 P(word)`` under a mixture of the English unigram model and the
  corpus's own word frequencies; words the text writes as acronyms (``RLHF``) or in
  CamelCase (``WikiTableQuestions``) cost less, one-letter words more; a bare English
  suffix (``ity``, ``ness``) is never a word, a known word plus a suffix is one
  (``monosemantic`` + ``ity``), and other words neither model knows pay a cost per
  character;
* bonuses for tags whose words occur as a phrase in the corpus text ("scalable
  oversight"), for tags found in other items' tag lines, and for tags of the user's
  vocabulary file.

Candidate cut points come from each chunk's best few word segmentations (linear in the
chunk's length, computed once per distinct chunk and shared by both passes), so the search
stays small; lines longer than ``SplitterWeights.max_line_length`` are not split. The
result carries the runner-up split and a confidence (the probability of the best split
against the runner-up under the same costs).

:func:`split_tags` runs the splitter over a corpus in two passes: the first pass's tags,
counted over the *other* items, become the "seen elsewhere" evidence of the second.
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import insort
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TypeVar

from feedcite._strings import is_kebab, mixed_scripts, not_tag_re, spell_greek, spell_signs
from feedcite.enrich._words import (
    ENGLISH_TOTAL,
    PHRASE_MAX,
    CorpusLexicon,
    Phrase,
    english_unigrams,
    phrases_in,
    stem,
    text_stems,
)
from feedcite.enrich.context import Context, SplitterWeights
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import Corpus, Feed, TagSplit, Work

__all__ = ["SplitterWeights", "TagSplitter", "WordModel", "split_tag_lines", "split_tags"]

_NOT_ASCII_TAG_RE = re.compile(r"[^a-z0-9]+")
#: English prefixes and combining forms: ``pre`` + ``training`` is one word, not two tags.
#: Combining forms that are words too (``photo``, ``radio``, ``neo``) are left out: a tag may
#: end with them.
_PREFIXES = (
    "allo", "anti", "astro", "auto", "bi", "bio", "cardio", "chrono", "circum", "co",
    "counter", "cryo", "de", "dis", "eco", "electro", "endo", "exo", "geo", "glyco", "hemi",
    "hetero", "hydro", "hyper", "idio", "immuno", "infra", "inter", "intra", "iso", "juxta",
    "lexico", "litho", "macro", "magneto", "meta", "micro", "mis", "mono", "morpho", "multi",
    "nano", "neuro", "non", "onco", "opto", "ortho", "over", "paleo", "palaeo", "peri",
    "petro", "pharmaco", "phono", "physio", "poly", "post", "pre", "proto", "pseudo", "psycho",
    "re", "semi", "socio", "sub", "super", "supra", "thermo", "trans", "ultra", "un", "under",
)  # fmt: skip
_PREFIX_SET = frozenset(_PREFIXES)
_PREFIX_SIZES = sorted({len(prefix) for prefix in _PREFIXES})
_PREFIX_HEADS = frozenset(prefix[:2] for prefix in _PREFIXES)
#: Words a tag does not end with: function words and bare prefixes.
_DANGLING = frozenset(
    ("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
     "the", "to", "via", "with", *_PREFIXES)
)  # fmt: skip
#: English counts below this are checked for being web concatenations.
#: English suffixes that derive a word from another (``nested`` -> ``nestedness``). A word
#: ending in one may be read as its base plus the suffix. (``-tion`` and ``-sion`` are
#: left out: they attach to stems too irregular for spelling rules, ``extend`` ->
#: ``extension``, and gluing them onto any word reads ``membranes`` + ``ion...`` as one;
#: ``-ion``, ``-ation`` and ``-ization`` are regular: ``retroflex`` -> ``retroflexion``,
#: ``glottal`` -> ``glottalization``.)
_SUFFIXES = (
    "ity", "ities", "ness", "nesses", "ment", "ments", "ance", "ances", "ence", "ences",
    "ancy", "ency", "ism", "isms", "ist", "ists", "ize", "izes", "ized", "izing", "ise",
    "ises", "ised", "ising", "ify", "ified", "ous", "ious", "ive", "ives", "ative", "al",
    "ial", "ical", "ally", "ic", "ics", "ly", "ing", "ings", "ed", "er", "ers", "s", "es",
    "ology", "ologies", "ologist", "ologists", "ological", "ion", "ions", "ation", "ations",
    "ization", "izations", "isation", "isations",
)  # fmt: skip
#: Bound suffixes: never a word, so never a word of a tag, on their own (``ity``, ``ness``).
#: Suffixes that are also words (``ism``, ``ally``) and the plural ``s`` are not here.
_BOUND = (
    "tion", "tions", "sion", "sions", "ation", "ations", "ization", "izations", "isation",
    "isations",
)  # fmt: skip
_DERIVATIONS: dict[str, tuple[str, ...]] = {}
for _suffix in _SUFFIXES:
    _DERIVATIONS[_suffix[-1]] = (*_DERIVATIONS.get(_suffix[-1], ()), _suffix)
_SUFFIX_ENDS = (*_SUFFIXES, *_BOUND)
_FRAGMENTS = frozenset((*_SUFFIXES, *_BOUND)) - {"ism", "isms", "ally", "s", "es", "ion", "ions"}
#: Suffixes a chain of suffixes (``al`` + ``ization``) starts with: not the plural.
_CHAIN_HEADS = tuple(sorted(_FRAGMENTS - {"er", "ers", "ed", "ly"}))
#: English counts below this make a word that suffixes spell a fragment: the web table has
#: ``alization`` and ``ically`` (bits of longer words), but also ``mental`` and ``ionic``.
_CHAIN_COUNT = 1_000_000
#: A letter three times running: no English word has it (``weeks`` + ``ssp2``).
_TRIPLE_RE = re.compile(r"([a-z])\1\1")
#: Endings that take the plural ``-es`` (``classes``, ``boxes``, ``matches``).
_SIBILANTS = ("s", "x", "z", "ch", "sh")
#: Shortest base a suffix is taken off.
_MIN_BASE = 3
_RARE = 200_000
#: English counts above this (about 1 in 20,000 words) make a short word too common to be a
#: whole tag (``open`` of ``openai``, ``net`` of ``googlenet``)...
_COMMON = 50_000_000
#: ...if it is shorter than this: a long word that common is a content word (``science``).
_COMMON_LENGTH = 7
_V = TypeVar("_V")


#: Entries kept in each of the word model's caches before it starts afresh (bounds memory).
_CACHE_LIMIT = 1 << 18
#: The same, for caches of larger entries (sets of words).
_SMALL_CACHE = 1 << 15
#: The same, for the candidate words of whole lines (recurring lines hit it).
_LINE_CACHE = 1 << 12
#: Rounding margin of the search's bound on what a tag's bonuses can take off its cost.
_MARGIN = 1e-9


@dataclass(frozen=True, slots=True)
class _Chunk:
    """What the line search needs of one chunk.

    Its cut points, and for every place a word can start (the chunk's start and each cut)
    or end (each cut and the chunk's end) that word, its cost and its :func:`stem`.
    """

    cuts: tuple[int, ...]
    heads: tuple[str, ...]
    head_costs: tuple[float, ...]
    head_stems: tuple[str, ...]
    tails: tuple[str, ...]
    tail_costs: tuple[float, ...]
    tail_stems: tuple[str, ...]
    dangling: tuple[bool, ...]
    cost: float
    stem: str


class WordModel:
    """Costs of single words (``-log10`` probabilities) and the cut points of hyphen-free runs.

    Both depend only on the corpus's words and the weights, so one model serves both passes
    of :func:`split_tag_lines` and its caches are shared by them.

    Args:
        lexicon: Words and phrases of the corpus.
        weights: The costs.
    """

    def __init__(self, lexicon: CorpusLexicon, weights: SplitterWeights) -> None:
        self.lexicon = lexicon
        self.weights = weights
        self.english = english_unigrams()
        #: Words the corpus has evidence for besides its counts.
        self._corpus_words = frozenset(lexicon.counts) | lexicon.acronyms | lexicon.compounds
        self._costs: dict[str, float] = {}
        self._known_costs: dict[str, float] = {}
        self._cuts: dict[str, tuple[int, ...]] = {}
        self._piece_stems: dict[str, frozenset[str]] = {}
        self._infos: dict[str, _Chunk] = {}
        self._line_words: dict[str, frozenset[str]] = {}
        #: The last chunk segmented, with its k best segmentations of every prefix.
        self._last: tuple[str, list[list[tuple[float, int, int]]], list[float]] = (
            "",
            [[(0.0, -1, 0)]],
            [0.0],
        )

    def english_probability(self, word: str) -> float:
        """English probability, discounting rare entries that two common words spell.

        The long tail of the web unigram table holds run-together words
        (``accessscience``); a rare entry that two much likelier words spell is not
        taken as evidence of a single word.
        """
        count = self.english.get(word, 0)
        if not count:
            return 0.0
        p = count / ENGLISH_TOTAL
        if count < _RARE and len(word) >= 6:
            english = self.english
            best = max(
                (
                    english.get(word[:i], 0) * english.get(word[i:], 0)
                    for i in range(2, len(word) - 1)
                ),
                default=0,
            )
            if best and math.log10(
                best / ENGLISH_TOTAL**2
            ) + self.weights.concatenation > math.log10(p):
                return 0.0
        return p

    def known(self, word: str) -> float:
        """``-log10 P(word)`` for a word either model knows, else infinity."""
        found = self._known_costs.get(word)
        if found is not None:
            return found
        if word not in self.english and word not in self.lexicon.counts:
            return math.inf
        share = self.weights.corpus_share
        p = (1 - share) * self.english_probability(word) + share * self.lexicon.probability(word)
        cost = -math.log10(p) if p > 0 else math.inf
        _remember(self._known_costs, word, cost)
        return cost

    def _unknown(self, word: str) -> float:
        """Cost of a word neither model knows: by its length, or as a prefix on a known word."""
        w = self.weights
        cost = w.unknown_base + w.unknown_per_char * len(word)
        for size in _PREFIX_SIZES:
            rest = word[size:]
            if word[:size] in _PREFIX_SET and len(rest) >= max(4, 8 - size):
                cost = min(cost, w.prefixed + self.known(rest))
        return cost

    def cost(self, word: str) -> float:
        """The cost of one word of a tag (cached)."""
        found = self._costs.get(word)
        if found is None:
            found = self._cost(word)
            _remember(self._costs, word, found)
        return found

    def derived(self, word: str, *, corpus_only: bool = False) -> float:
        """Cost of ``word`` as a known word plus an English suffix, else infinity.

        ``nestedness`` is ``nested`` + ``ness``, ``monosemanticity`` is ``monosemantic`` +
        ``ity``, ``sustainability`` is ``sustainable`` with ``-able`` become ``-ability``:
        the summary often uses a shorter form of a tag's word. With ``corpus_only``, the
        base must be a word of the corpus; a base only English knows costs
        :attr:`~feedcite.enrich.context.SplitterWeights.derived_english` more (``freeform`` +
        ``al`` is no reading of ``lock-freeformal-verification``).
        """
        best = math.inf
        counts = self.lexicon.counts
        english_only = self.weights.derived_english
        for suffix in _DERIVATIONS.get(word[-1], ()):
            if not word.endswith(suffix) or len(word) - len(suffix) < _MIN_BASE:
                continue
            stem_part = word[: -len(suffix)]
            for base in _bases(stem_part, suffix):
                if base in counts:
                    best = min(best, self.known(base))
                elif not corpus_only:
                    best = min(best, self.known(base) + english_only)
        return best + self.weights.derived if best < math.inf else math.inf

    def _cost(self, word: str) -> float:
        w = self.weights
        if word.isdigit():
            return w.digits
        known = self.known(word)
        if known < math.inf:
            cost = known
            if word not in self.lexicon.counts:
                # English knows it, but the corpus may write a shorter form of it.
                cost = min(cost, self.derived(word, corpus_only=True))
        else:
            cost = min(self._unknown(word), self.derived(word))
        if word not in self.lexicon.counts and (
            word in _FRAGMENTS or self._suffix_chain(word) or _TRIPLE_RE.search(word)
        ):
            cost += w.fragment
        if mixed_scripts(word):  # two words in two scripts, run together
            cost += w.fragment
        if word in self.lexicon.acronyms:
            cost -= w.acronym
        if word in self.lexicon.compounds:
            cost -= w.compound
        if len(word) == 1 and word not in self.lexicon.names:
            cost += w.one_letter  # but a name of one letter (``C``, ``R``)
        return cost

    def _suffix_chain(self, word: str) -> bool:
        """Whether suffixes spell all of ``word`` and English seldom writes it alone.

        Such a word (``alization``, ``ically``) is a piece of a longer word, never a word
        of a tag.
        """
        if not word.startswith(_CHAIN_HEADS) or self.english.get(word, 0) >= _CHAIN_COUNT:
            return False
        return _spelled_by_suffixes(word)

    def with_phrases(self, phrases: Iterable[Phrase]) -> None:
        """Give the lexicon these phrases (they enter tag costs, not word costs: caches stay)."""
        self.lexicon = replace(self.lexicon, phrases=frozenset(phrases))

    def candidates(self, lines: Iterable[str]) -> frozenset[str]:
        """Every word (as its :func:`stem`) that a tag of any of ``lines`` can have."""
        found: set[str] = set()
        longest = self.weights.max_line_length
        chunks = {
            chunk
            for line in lines
            if len(line) <= longest
            for part in line.split()
            for chunk in _clean(part).split("-")
            if chunk
        }
        for chunk in chunks:
            found |= self._pieces(chunk)
        return frozenset(found)

    def words_in_line(self, line: str, words: frozenset[str]) -> frozenset[str]:
        """Those of ``words`` that a tag of ``line`` can have (see :meth:`line_words`)."""
        if not words:
            return frozenset()
        found = self._line_words.get(line)
        if found is None:
            found = self.line_words(line)
            _remember(self._line_words, line, found, _LINE_CACHE)
        return words & found

    def _pieces(self, chunk: str) -> frozenset[str]:
        """The stems of the pieces of ``chunk`` between its cut points (cached)."""
        pieces = self._piece_stems.get(chunk)
        if pieces is None:
            points = (0, *self.chunk_cuts(chunk), len(chunk))
            pieces = frozenset(
                stem(chunk[start:end]) for i, start in enumerate(points) for end in points[i + 1 :]
            )
            _remember(self._piece_stems, chunk, pieces, _SMALL_CACHE)
        return pieces

    def line_words(self, line: str) -> frozenset[str]:
        """Every word (as its :func:`stem`) that a tag of ``line`` can have.

        A tag's words are the pieces of a chunk between its cut points (and its ends), so
        only these words' phrases and local occurrences can change a split of the line.
        """
        found: set[str] = set()
        if len(line) > self.weights.max_line_length:
            return frozenset()
        for part in line.split():
            for chunk in _clean(part).split("-"):
                if not chunk:
                    continue
                found |= self._pieces(chunk)
        return frozenset(found)

    def prepare(self, lines: Iterable[str]) -> None:
        """Compute the cut points of every chunk of ``lines`` at once, in sorted order.

        Sorted chunks share long beginnings (``safety...``, ``learning...``), and the
        segmentation of a chunk's first characters does not depend on the rest, so each
        chunk resumes from where it and the one before it first differ.
        """
        longest = self.weights.max_line_length
        chunks = {
            chunk
            for line in lines
            if len(line) <= longest
            for part in line.split()
            for chunk in _clean(part).split("-")
            if chunk and chunk not in self._cuts
        }
        for chunk in sorted(chunks):
            self.chunk_cuts(chunk)

    def chunk_info(self, chunk: str) -> _Chunk:
        """A chunk's cut points and the words that start and end at them (cached)."""
        found = self._infos.get(chunk)
        if found is None:
            cuts = self.chunk_cuts(chunk)
            cost = self.cost
            heads = tuple(chunk[cut:] for cut in (0, *cuts))
            tails = tuple(chunk[:cut] for cut in (*cuts, len(chunk)))
            found = _Chunk(
                cuts,
                heads,
                tuple(cost(word) for word in heads),
                tuple(stem(word) for word in heads),
                tails,
                tuple(cost(word) for word in tails),
                tuple(stem(word) for word in tails),
                tuple(word in _DANGLING for word in tails),
                cost(chunk),
                stem(chunk),
            )
            _remember(self._infos, chunk, found, _SMALL_CACHE)
        return found

    def chunk_cuts(self, chunk: str) -> tuple[int, ...]:
        """Cut offsets (sorted) proposed by the best few word segmentations of one chunk."""
        found = self._cuts.get(chunk)
        if found is None:
            found = self._chunk_cuts(chunk)
            _remember(self._cuts, chunk, found)
        return found

    def _chunk_cuts(self, chunk: str) -> tuple[int, ...]:
        """The k best segmentations by dynamic programming, with back pointers.

        Each position keeps its k best ``(cost, start of the last word, rank there)``; the
        k best of the union of every start's entries come from the k starts whose best
        entries are cheapest, so only those are merged. Work is linear in the chunk's
        length; positions the chunk shares with the previous chunk computed are reused.
        """
        w = self.weights
        n = len(chunk)
        k = w.chunk_candidates
        tag = w.tag
        longest = w.max_word_length
        base, per_char, one_letter = w.unknown_base, w.unknown_per_char, w.one_letter
        english, corpus_words = self.english, self._corpus_words
        costs = self._costs
        cost_of = self.cost
        # Digits, and words in two scripts, need the full word cost.
        slow = not chunk.isalpha() or mixed_scripts(chunk)
        # Positions where a known prefix starts: words starting there need the full cost.
        prefixed = [
            chunk[start : start + 2] in _PREFIX_HEADS
            and any(chunk[start : start + size] in _PREFIX_SET for size in _PREFIX_SIZES)
            for start in range(n)
        ]
        # Positions where a suffix ends: words ending there may be derived words.
        suffixed = [chunk.endswith(_SUFFIX_ENDS, 0, end) for end in range(n + 1)]
        previous, paths, cheapest = self._last
        shared = 0
        limit = min(n, len(previous))
        while shared < limit and chunk[shared] == previous[shared]:
            shared += 1
        del paths[shared + 1 :], cheapest[shared + 1 :]
        inf = math.inf
        for end in range(shared + 1, n + 1):
            # The k starts whose best segmentations reach `end` most cheaply.
            top: list[tuple[float, int, float]] = []
            worst = inf
            for start in range(end - longest if end > longest else 0, end):
                word = chunk[start:end]
                c = costs.get(word)
                if c is None:
                    if (
                        slow
                        or prefixed[start]
                        or suffixed[end]
                        or word in english
                        or word in corpus_words
                    ):
                        c = cost_of(word)
                    else:
                        c = base + per_char * (end - start)
                        if end - start == 1:
                            c += one_letter
                piece = c + tag if start else c + 0.0
                value = cheapest[start] + piece
                if value < worst:
                    insort(top, (value, start, piece))
                    if len(top) > k:
                        top.pop()
                    if len(top) == k:
                        worst = top[-1][0]
            options: list[tuple[float, int, int]] = []
            for _, start, piece in top:
                for rank, entry in enumerate(paths[start]):
                    options.append((entry[0] + piece, start, rank))
            options.sort()
            del options[k:]
            paths.append(options)
            cheapest.append(options[0][0])
        self._last = (chunk, paths, cheapest)
        cuts: set[int] = set()
        for _, last, last_rank in paths[n]:
            start, rank = last, last_rank
            while start > 0:
                cuts.add(start)
                _, start, rank = paths[start][rank]
        return tuple(sorted(cuts))


def _bases(stem_part: str, suffix: str) -> tuple[str, ...]:
    """The words ``stem_part`` + ``suffix`` can be derived from, by English spelling rules.

    The suffix may have been added as is (``nested`` + ``ness``), after a dropped final
    ``e`` (``active`` -> ``activity``), after ``y`` turned ``i`` (``happy`` -> ``happiness``),
    or with ``-able`` turned ``-abil-`` (``sustainable`` -> ``sustainability``); a plural
    ``-s`` or ``-es`` only where English writes one.
    """
    if suffix == "s":
        # A plural ``s`` never follows an ``s`` (``classes``, not ``classs``).
        return () if stem_part.endswith("s") else (stem_part,)
    if suffix == "es":
        return (stem_part,) if stem_part.endswith(_SIBILANTS) else ()
    if suffix in ("ion", "ions"):
        # ``-ion`` follows a ``t``, an ``x`` or a double ``s`` (``retroflexion``,
        # ``expression``), or takes an ``e`` off (``complete``): never a plural
        # (``membranes`` + ``ion-sieving``).
        found = [stem_part + "e"] if stem_part.endswith(("t", "s")) else []
        if stem_part.endswith(("t", "x", "ss")):
            found.append(stem_part)
        return tuple(found)
    if suffix[0] not in "aeiouy":
        # ``-ness``, ``-ment``, ``-ly`` are added as they are (``y`` turns ``i``).
        return (stem_part[:-1] + "y", stem_part) if stem_part.endswith("i") else (stem_part,)
    found = [stem_part, stem_part + "e"]
    if stem_part.endswith("i"):
        found.append(stem_part[:-1] + "y")
    if stem_part.endswith("il") and suffix.startswith("it"):
        found.append(stem_part[:-2] + "le")
    return tuple(found)


@lru_cache(maxsize=1 << 12)
def _spelled_by_suffixes(word: str) -> bool:
    """Whether ``word`` is two or more suffixes of :data:`_SUFFIX_ENDS` in a row."""
    # The most suffixes a chain reaching each position has (-1: none reaches it).
    most = [-1] * (len(word) + 1)
    most[0] = 0
    for start in range(len(word)):
        if most[start] < 0:
            continue
        for suffix in _SUFFIX_ENDS:
            if word.startswith(suffix, start):
                end = start + len(suffix)
                most[end] = max(most[end], most[start] + 1)
    return most[-1] >= 2


def _remember(cache: dict[str, _V], key: str, value: _V, limit: int = _CACHE_LIMIT) -> None:
    """Store ``value``; a full cache starts afresh (its entries are cheap to recompute)."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value


class TagSplitter:
    """Splits tag lines using a corpus lexicon, known tags and a user vocabulary.

    Args:
        lexicon: Words and phrases of the corpus (or a ready :class:`WordModel`).
        vocabulary: Tags the user declares known (``refs/tags.toml``).
        seen: Tag -> how many items' first-pass splits have it (see :meth:`split`).
        weights: The costs (ignored when a :class:`WordModel` is given).
    """

    def __init__(
        self,
        lexicon: CorpusLexicon | WordModel,
        *,
        vocabulary: Iterable[str] = (),
        seen: Mapping[str, int] | None = None,
        weights: SplitterWeights | None = None,
    ) -> None:
        self.words = (
            lexicon
            if isinstance(lexicon, WordModel)
            else WordModel(lexicon, weights or SplitterWeights())
        )
        self.lexicon = self.words.lexicon
        self.weights = self.words.weights
        self.vocabulary = frozenset(t.lower() for t in vocabulary)
        self.seen: Mapping[str, int] = seen or {}
        self._phrase_starts = frozenset(phrase[:2] for phrase in self.lexicon.phrases)
        self._one_words: dict[str, float] = {}
        #: First words of the multi-word tags seen elsewhere, and of the phrases.
        self._seen_first = frozenset(tag.split("-", 1)[0] for tag in self.seen if "-" in tag)
        self._phrase_first = frozenset(phrase[0] for phrase in self.lexicon.phrases)

    def common(self, word: str) -> bool:
        """Whether ``word`` is short and among the commonest English words (``open``, ``go``)."""
        return (
            len(word) < _COMMON_LENGTH
            and self.words.english.get(word, 0) > _COMMON
            and word not in self.lexicon.acronyms
        )

    def tag_cost(self, tag: str) -> float:
        """The cost of one tag, before the "seen elsewhere" and "local" bonuses."""
        words = tag.split("-")
        word_cost = self.words.cost
        return self._finish(tag, words, sum(word_cost(word) for word in words))

    def _finish(self, tag: str | None, words: Sequence[str], word_sum: float) -> float:
        """A tag's cost from the sum of its words' costs (``tag`` is needed for the vocabulary)."""
        w = self.weights
        cost = w.tag + word_sum
        if tag is not None and tag in self.vocabulary:
            cost -= w.vocabulary
        if len(words) == 1:
            cost += w.single
            word = words[0]
            if self.common(word):
                cost += w.common
            if word.isdigit():
                cost += w.fragment  # a number alone is no tag (``lean | 4``: ``lean4``)
            elif (
                len(word) == 2
                and word.isascii()
                and word.isalpha()
                and word not in self.lexicon.counts
            ):
                cost += w.two_letters  # ``vi | trimers``: ``vitrimers``
        if words[-1] in _DANGLING:
            cost += w.dangling
        if (
            len(words) > 1
            and (stem(words[0]), stem(words[1])) in self._phrase_starts
            and tuple(stem(x) for x in words) in self.lexicon.phrases
        ):
            cost -= w.phrase
        return cost

    # ------------------------------------------------------------------ search

    def split(
        self,
        line: str,
        *,
        exclude: frozenset[str] = frozenset(),
        local: frozenset[str] = frozenset(),
    ) -> TagSplit:
        """Split one tag line.

        Lines that are not kebab-case (upper case, underscores, doubled hyphens) are
        lowercased and cleaned first; the tags are returned lowercased. Whitespace in a
        line is a tag boundary that the writer made explicit: each part is split on its
        own, and the split is as confident as its least confident part.

        Args:
            line: The tag line.
            exclude: Tags whose "seen elsewhere" count includes this very line once
                (the line's own first-pass tags); one occurrence is taken off each.
            local: Words of the item's own summary and claim (lowercased).
        """
        if len(line) > self.weights.max_line_length:
            return TagSplit((), 1.0)
        return self._split(line, exclude, local, runner_up=True)

    def best_tags(self, line: str, *, local: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """Only the tags of the best split of ``line`` (no runner-up: about a third faster)."""
        if len(line) > self.weights.max_line_length:
            return ()
        return self._split(line, frozenset(), local, runner_up=False).tags

    def _split(
        self, line: str, exclude: frozenset[str], local: frozenset[str], *, runner_up: bool
    ) -> TagSplit:
        parts = line.split()
        if len(parts) > 1:
            splits = [self._split(part, exclude, local, runner_up=runner_up) for part in parts]
            weakest = min(range(len(splits)), key=lambda i: splits[i].confidence)
            second = [
                s.runner_up if i == weakest and s.runner_up is not None else s.tags
                for i, s in enumerate(splits)
            ]
            return TagSplit(
                tuple(tag for s in splits for tag in s.tags),
                splits[weakest].confidence,
                tuple(tag for tags in second for tag in tags)
                if splits[weakest].runner_up is not None
                else None,
                splits[weakest].margin,
            )
        clean = _clean(line)
        if not clean:
            return TagSplit((), 1.0)
        return self._search(clean, exclude, local, runner_up=runner_up)

    def _search(
        self,
        clean: str,
        exclude: frozenset[str],
        local: frozenset[str],
        *,
        runner_up: bool = True,
    ) -> TagSplit:
        """The two cheapest splits of a clean line, by dynamic programming over its boundaries.

        A boundary is the start or end of the line or a cut point inside a chunk. A tag from
        one boundary to a later one is the rest of the first chunk (its *head*), whole
        chunks, and the start of the last chunk (its *tail*); the words' costs are looked
        up once per boundary and summed as the search moves right.
        """
        w = self.weights
        model = self.words
        chunks = clean.split("-")
        infos = [model.chunk_info(chunk) for chunk in chunks]
        # Every boundary: its position in the line, its chunk and its offset in the chunk;
        # the words that start there (head) and end there (tail), with their costs.
        first = infos[0]
        pos, chunk_of, offset_of = [0], [0], [0]
        heads, head_costs = [first.heads[0]], [first.head_costs[0]]
        head_stems = [first.head_stems[0]]
        tails, tail_costs, tail_stems, dangling = [""], [0.0], [""], [False]
        # The points of each chunk: first and last index (a chunk may have none).
        first_point = [0] * len(chunks)
        last_point = [-1] * len(chunks)
        last_point[0] = 0
        offset = 0
        for index, (chunk, info) in enumerate(zip(chunks, infos, strict=True)):
            cuts = info.cuts
            if cuts:
                if index:
                    first_point[index] = len(pos)
                last_point[index] = len(pos) + len(cuts) - 1
                pos.extend(offset + cut for cut in cuts)
                chunk_of.extend([index] * len(cuts))
                offset_of.extend(cuts)
                heads.extend(info.heads[1:])
                head_costs.extend(info.head_costs[1:])
                head_stems.extend(info.head_stems[1:])
                tails.extend(info.tails[:-1])
                tail_costs.extend(info.tail_costs[:-1])
                tail_stems.extend(info.tail_stems[:-1])
                dangling.extend(info.dangling[:-1])
            offset += len(chunk) + 1
        last = len(chunks) - 1
        info = infos[last]
        if last and not infos[last].cuts:
            first_point[last] = len(pos)
        last_point[last] = len(pos)
        pos.append(len(clean))
        chunk_of.append(last)
        offset_of.append(len(chunks[last]))
        tails.append(info.tails[-1])
        tail_costs.append(info.tail_costs[-1])
        tail_stems.append(info.tail_stems[-1])
        dangling.append(info.dangling[-1])
        count = len(pos)
        chunk_costs = [info.cost for info in infos]
        phrases, phrase_starts = self.lexicon.phrases, self._phrase_starts
        chunk_stems = [info.stem for info in infos]
        if local:
            head_hits = [word in local for word in head_stems]
            tail_hits = [word in local for word in tail_stems]
            chunk_hits = [word in local for word in chunk_stems]
        seen, vocabulary = self.seen, self.vocabulary
        seen_bonus, local_bonus = w.seen, w.local
        common_cost = w.common
        tag_base, vocabulary_bonus, dangling_cost = w.tag, w.vocabulary, w.dangling
        phrase_bonus = w.phrase
        max_words, longest = w.max_words, w.max_word_length
        one_word, one_words = self._one_word_cost, self._one_words
        seen_first = self._seen_first
        phrase_first = self._phrase_first
        inf = math.inf
        # Each chunk's points that end a word no longer than any word considered (offsets
        # grow along a chunk, so they come first), and whether some do not.
        stop_point = [0] * len(chunks)
        cut_short = [False] * len(chunks)
        for index in range(len(chunks)):
            stop = first_point[index]
            end_point = last_point[index] + 1
            while stop < end_point and offset_of[stop] <= longest:
                stop += 1
            stop_point[index] = stop
            cut_short[index] = stop < end_point
        # What the local bonus can take off a tag of ``hyphens + 1`` words.
        local_slack = [
            local_bonus * (hyphens + 1) if local else 0.0 for hyphens in range(max_words)
        ]
        vocabulary_slack = _MARGIN + (vocabulary_bonus if vocabulary else 0.0)
        # The best and second-best cost of reaching each boundary, with back pointers
        # (previous boundary, and whether it was reached by its best or second-best way).
        cost0, cost1 = [inf] * count, [inf] * count
        back0, back1 = [-1] * count, [-1] * count
        rank0, rank1 = [0] * count, [0] * count
        cost0[0] = 0.0
        # Only the best way counts in the first pass (and only it is kept); the second
        # keeps two.
        bound = cost1 if runner_up else cost0

        for i in range(count - 1):
            here0, here1 = cost0[i], cost1[i]
            if here0 == inf:
                continue
            start, first_chunk, first_offset = pos[i], chunk_of[i], offset_of[i]
            first_text = chunks[first_chunk]
            # One-word tags: the ends in the same chunk.
            too_long = False
            for j in range(i + 1, last_point[first_chunk] + 1):
                end_offset = offset_of[j]
                if end_offset - first_offset > longest:
                    too_long = True
                    break
                word = first_text[first_offset:end_offset]
                if vocabulary and word in vocabulary:
                    cost = one_word(word, word)
                else:
                    found = one_words.get(word)
                    cost = one_word(word, None) if found is None else found
                if seen and seen.get(word, 0) - (word in exclude) > 0:
                    cost -= seen_bonus
                if local and stem(word) in local:
                    cost -= local_bonus
                    if self.common(word):
                        # The item's own text uses it (``Go and Java``, ``OCR ... data``).
                        cost -= common_cost
                value = here0 + cost
                if not runner_up:
                    if value < cost0[j]:
                        cost0[j], back0[j] = value, i
                # Ties keep the earlier entry (as comparing (cost, start, rank) would).
                elif value < cost1[j]:
                    if value < cost0[j]:
                        cost1[j], back1[j], rank1[j] = cost0[j], back0[j], rank0[j]
                        cost0[j], back0[j], rank0[j] = value, i, 0
                    else:
                        cost1[j], back1[j], rank1[j] = value, i, 0
                    value = here1 + cost
                    if value < cost1[j]:
                        cost1[j], back1[j], rank1[j] = value, i, 1
            if too_long:
                continue  # a word longer than any word considered: no longer tag either
            # Tags of several words: the ends in the next chunks.
            inner_sum = 0.0 + head_costs[i]
            inner_hits = head_hits[i] if local else 0
            head_stem = head_stems[i]
            may_be_seen = bool(seen) and heads[i] in seen_first
            may_be_phrase = bool(phrases) and head_stem in phrase_first
            need_tag = bool(vocabulary) or may_be_seen
            # The most the bonuses can take off a tag of these words (and a margin for
            # rounding): a tag that cannot beat the ways kept at its end is skipped.
            bonus_slack = (
                vocabulary_slack
                + (phrase_bonus if may_be_phrase else 0.0)
                + (seen_bonus if may_be_seen else 0.0)
            )
            for end_chunk in range(first_chunk + 1, min(len(chunks), first_chunk + max_words)):
                if end_chunk > first_chunk + 1:
                    inner_sum += chunk_costs[end_chunk - 1]
                    if local:
                        inner_hits += chunk_hits[end_chunk - 1]
                hyphens = end_chunk - first_chunk
                slack = bonus_slack + local_slack[hyphens]
                # A phrase of these words: its first two words decide whether it may be
                # one unless the tag has only two.
                phrase_words: tuple[str, ...] | None = None
                if (
                    may_be_phrase
                    and hyphens < 4
                    and (hyphens == 1 or (head_stem, chunk_stems[first_chunk + 1]) in phrase_starts)
                ):
                    phrase_words = (head_stem, *chunk_stems[first_chunk + 1 : end_chunk])
                for j in range(first_point[end_chunk], stop_point[end_chunk]):
                    cost = tag_base + (inner_sum + tail_costs[j])
                    if here0 + cost - slack >= bound[j]:
                        continue  # no bonus could make this tag reach the kept ways
                    if need_tag:
                        tag = clean[start : pos[j]]
                        if tag in vocabulary:
                            cost -= vocabulary_bonus
                    if dangling[j]:
                        cost += dangling_cost
                    if phrase_words is not None and (
                        (hyphens > 1 or (head_stem, tail_stems[j]) in phrase_starts)
                        and (*phrase_words, tail_stems[j]) in phrases
                    ):
                        cost -= phrase_bonus
                    if may_be_seen and seen.get(tag, 0) - (tag in exclude) > 0:
                        cost -= seen_bonus
                    if local:
                        cost -= local_bonus * (inner_hits + tail_hits[j])
                    value = here0 + cost
                    if not runner_up:
                        if value < cost0[j]:
                            cost0[j], back0[j] = value, i
                    # Ties keep the earlier entry (as comparing (cost, start, rank) would).
                    elif value < cost1[j]:
                        if value < cost0[j]:
                            cost1[j], back1[j], rank1[j] = cost0[j], back0[j], rank0[j]
                            cost0[j], back0[j], rank0[j] = value, i, 0
                        else:
                            cost1[j], back1[j], rank1[j] = value, i, 0
                        value = here1 + cost
                        if value < cost1[j]:
                            cost1[j], back1[j], rank1[j] = value, i, 1
                if cut_short[end_chunk]:
                    break
        ways = ((back0, rank0), (back1, rank1))
        tags = _backtrack(clean, pos, ways, 0)
        if not runner_up or cost1[-1] == inf:
            return TagSplit(tuple(tags), 1.0)
        margin = cost1[-1] - cost0[-1]
        confidence = 1.0 / (1.0 + 10.0 ** (-margin))
        return TagSplit(
            tuple(tags),
            round(confidence, 6),
            tuple(_backtrack(clean, pos, ways, 1)),
            round(margin, 6),
        )

    def _one_word_cost(self, word: str, tag: str | None) -> float:
        """The cost of a one-word tag (cached per word unless the vocabulary has it)."""
        if tag is not None and tag in self.vocabulary:
            return self._finish(tag, (word,), 0.0 + self.words.cost(word))
        found = self._one_words.get(word)
        if found is None:
            found = self._finish(None, (word,), 0.0 + self.words.cost(word))
            _remember(self._one_words, word, found, _SMALL_CACHE)
        return found


def _backtrack(
    clean: str, points: list[int], ways: tuple[tuple[list[int], list[int]], ...], rank: int
) -> list[str]:
    """The tags of the ``rank``-th best way (0 or 1) to the end of the line."""
    tags: list[str] = []
    index = len(points) - 1
    while index > 0:
        backs, ranks = ways[rank]
        previous, rank = backs[index], ranks[index]
        tags.append(clean[points[previous] : points[index]])
        index = previous
    tags.reverse()
    return tags


def _clean(line: str) -> str:
    lowered = line.strip().lower()
    if is_kebab(lowered):
        return lowered
    apart = _NOT_ASCII_TAG_RE if lowered.isascii() else not_tag_re()
    return "-".join(part for part in apart.split(lowered) if part)


def split_tag_lines(
    lines: Sequence[str],
    lexicon: CorpusLexicon | WordModel,
    *,
    vocabulary: Iterable[str] = (),
    weights: SplitterWeights | None = None,
    local: Sequence[frozenset[str]] | None = None,
) -> list[TagSplit]:
    """Split every tag line of a corpus, in two passes.

    The first pass uses the word models only. Its tags, counted over the *other* lines
    (a line never counts as evidence for itself), are the "seen elsewhere" evidence of
    the second pass.
    """
    vocabulary = frozenset(vocabulary)
    words = (
        lexicon
        if isinstance(lexicon, WordModel)
        else WordModel(lexicon, weights or SplitterWeights())
    )
    first = TagSplitter(words, vocabulary=vocabulary)
    locals_ = local if local is not None else [frozenset()] * len(lines)
    # A local word can only earn its bonus inside the line it occurs in, so each item's
    # local words are cut down to those; identical (line, words) pairs then split alike
    # and are split once (large feeds repeat tag lines).
    keys: list[tuple[str, frozenset[str]]] = []
    for line, own_words in zip(lines, locals_, strict=True):
        lowered = line.lower()
        keys.append((line, frozenset(word for word in own_words if word in lowered)))
    first_splits: dict[tuple[str, frozenset[str]], tuple[str, ...]] = {}
    for key in keys:
        if key not in first_splits:
            first_splits[key] = first.best_tags(key[0], local=key[1])
    first_tags = [frozenset(first_splits[key]) for key in keys]
    seen: Counter[str] = Counter()
    for tags in first_tags:
        seen.update(tags)
    second = TagSplitter(words, vocabulary=vocabulary, seen=seen)
    second_splits: dict[tuple[str, frozenset[str]], TagSplit] = {}
    results: list[TagSplit] = []
    for key, own in zip(keys, first_tags, strict=True):
        if key not in second_splits:  # the same key has the same first-pass tags
            second_splits[key] = second.split(key[0], exclude=own, local=key[1])
        results.append(second_splits[key])
    return results


#: Below this confidence a tag split is reported with its runner-up.
UNCERTAIN_BELOW = 0.8


def _spelled(text: str) -> str:
    """``text`` with the signs of names spelled out, and its Greek letters too if it has any.

    A Greek letter standing alone is also written by its name (``β2-adrenergic`` is also
    ``beta2-adrenergic``: tag lines are mostly ASCII), so both forms are words of the corpus.
    """
    signs = spell_signs(text)
    if spell_greek(signs) == signs:
        return signs  # no Greek letter standing alone (any ASCII text: at once)
    # Only the words that change are added: the text is not read twice.
    spelled = [spelled for word in signs.split() if (spelled := spell_greek(word)) != word]
    return f"{signs}\n{' '.join(spelled)}"


def split_tags(corpus: Corpus, context: Context) -> Corpus:
    """Split the tag line of every work that comes from a feed item.

    The corpus evidence is built only as far as the tag lines can use it: word counts,
    acronyms and compounds of every text (cheap, in C), then the cut points of every
    distinct line, then the phrases and each item's own words among the words those cut
    points can produce. A summary or claim that recurs is read once.
    """
    with_items = [w for w in corpus.works if w.item is not None]
    items = [w.item for w in with_items if w.item is not None]
    subjects = [
        document.subject or ""
        for document in corpus.documents
        if isinstance(document, Feed) and document.items
    ]
    # The texts and tag lines with the signs of names spelled out (``C++`` -> ``cpp``,
    # ``C#`` -> ``csharp``, ``.NET`` -> ``dotnet``), so that both spell them alike.
    # Each distinct text spelled once (feeds repeat texts; an item's texts are read twice).
    spelled = {text: _spelled(text) for item in items for text in (item.summary, item.claim)}
    summaries = Counter(spelled[item.summary] for item in items)
    claims = Counter(spelled[item.claim] for item in items)
    subjects = [_spelled(subject) for subject in subjects]
    lexicon = CorpusLexicon.from_texts(
        itertools.chain(
            (text for text, times in summaries.items() for _ in range(times)),
            (text for text, times in claims.items() for _ in range(times)),
            subjects,
        ),
        phrases=False,
    )
    model = WordModel(lexicon, context.splitter)
    lines = [spell_signs(item.tag_line, ends=True) for item in items]
    model.prepare(set(lines))
    candidates = model.candidates(set(lines))
    # Each distinct text once: its phrases, its candidate words, and its first and last
    # words (an item's text is its summary then its claim: phrases may run across).
    # Equal word sets are kept once (large feeds repeat them).
    phrases: set[Phrase] = set()
    interned: dict[frozenset[str], frozenset[str]] = {}
    words_of: dict[str, frozenset[str]] = {}
    ends: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    edge = PHRASE_MAX - 1
    for text in itertools.chain(summaries, claims, subjects):
        if text in words_of:
            continue
        stems = text_stems(text)
        phrases.update(phrases_in(stems, candidates))
        found = candidates.intersection(stems)
        words_of[text] = interned.setdefault(found, found)
        ends[text] = (tuple(stems[:edge]), tuple(stems[-edge:]) if edge else ())
    local: list[frozenset[str]] = []
    joined: set[tuple[str, str]] = set()
    for item, line in zip(items, lines, strict=True):
        summary, claim = spelled[item.summary], spelled[item.claim]
        tail, head = ends[summary][1], ends[claim][0]
        if (
            tail
            and head
            and tail[-1] in candidates
            and head[0] in candidates
            and (summary, claim) not in joined
        ):
            joined.add((summary, claim))
            phrases.update(phrases_in([*tail, *head], candidates))
        # An item's own words, as far as they can be words of its tag line.
        own = model.words_in_line(line, words_of[summary] | words_of[claim])
        local.append(interned.setdefault(own, own))
    del words_of, ends, joined, interned
    model.with_phrases(phrases)
    splits = split_tag_lines(lines, model, vocabulary=context.vocabulary, local=local)
    by_id = {w.id: s for w, s in zip(with_items, splits, strict=True)}
    diagnostics = list(corpus.diagnostics)
    works: list[Work] = []
    for work in corpus.works:
        split = by_id.get(work.id)
        if split is None:
            works.append(work)
            continue
        works.append(replace(work, tags=split.tags, tag_split=split))
        if work.item is not None and len(work.item.tag_line) > context.splitter.max_line_length:
            item = work.item
            diagnostics.append(
                Diagnostic(
                    Code.FEED_TAGS,
                    f"the tag line has {len(item.tag_line):,} characters, more than the "
                    f"splitter reads ({context.splitter.max_line_length:,}); no tags were read "
                    "from it",
                    item.tag_span,
                    Severity.WARNING,
                    " " * (item.tag_span.column - 1) + item.tag_line,
                )
            )
        if split.confidence < UNCERTAIN_BELOW and split.runner_up is not None and work.item:
            item = work.item
            diagnostics.append(
                Diagnostic(
                    Code.TAGS_UNCERTAIN,
                    f"tag line split with confidence {split.confidence:.2f}: "
                    f"{' | '.join(split.tags)} (runner-up: {' | '.join(split.runner_up)}); "
                    "add the right tags to the vocabulary file to settle it",
                    item.tag_span,
                    Severity.WARNING,
                    " " * (item.tag_span.column - 1) + item.tag_line,
                )
            )
    return replace(corpus, works=tuple(works), diagnostics=tuple(diagnostics))
