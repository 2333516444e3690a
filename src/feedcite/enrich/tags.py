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
  CamelCase (``WikiTableQuestions``) cost less, one-letter words more, and words neither
  model knows pay a cost per character;
* bonuses for tags whose words occur as a phrase in the corpus text ("scalable
  oversight"), for tags found in other items' tag lines, and for tags of the user's
  vocabulary file.

Candidate cut points come from each chunk's best few word segmentations, so the search
stays small. The result carries the runner-up split and a confidence (the probability of
the best split against the runner-up under the same costs).

:func:`split_tags` runs the splitter over a corpus in two passes: the first pass's tags,
counted over the *other* items, become the "seen elsewhere" evidence of the second.
"""

from __future__ import annotations

import functools
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from feedcite.enrich._words import ENGLISH_TOTAL, CorpusLexicon, english_unigrams, stem
from feedcite.enrich.context import Context, SplitterWeights
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import Corpus, Feed, SourceSpan, TagSplit, Work

__all__ = ["SplitterWeights", "TagSplitter", "WordModel", "split_tag_lines", "split_tags"]

_VALID_LINE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: English derivational prefixes: ``pre`` + ``training`` is one word, not two tags.
_PREFIXES = (
    "anti", "auto", "bi", "co", "counter", "de", "dis", "hyper", "inter", "intra", "meta",
    "micro", "mis", "multi", "non", "over", "post", "pre", "pseudo", "re", "semi", "sub",
    "super", "trans", "ultra", "un", "under",
)  # fmt: skip
_PREFIX_SET = frozenset(_PREFIXES)
_PREFIX_SIZES = sorted({len(prefix) for prefix in _PREFIXES})
#: Words a tag does not end with: function words and bare prefixes.
_DANGLING = frozenset(
    ("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
     "the", "to", "via", "with", *_PREFIXES)
)  # fmt: skip
#: English counts below this are checked for being web concatenations.
_RARE = 200_000
#: English counts above this (about 1 in 20,000 words) make a word too common to be a whole tag.
_COMMON = 50_000_000


#: The two best ways to reach a position of a line: (cost, previous position, its rank).
_Best = dict[int, list[tuple[float, int, int]]]


class WordModel:
    """Costs of single words (``-log10`` probabilities), cached; shared by both passes.

    Args:
        lexicon: Words and phrases of the corpus.
        weights: The costs.
    """

    def __init__(self, lexicon: CorpusLexicon, weights: SplitterWeights) -> None:
        self.lexicon = lexicon
        self.weights = weights
        self.english = english_unigrams()
        self.cost = functools.lru_cache(maxsize=1 << 17)(self._cost)
        self._known = functools.lru_cache(maxsize=1 << 17)(self._known_uncached)

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

    def _known_uncached(self, word: str) -> float:
        share = self.weights.corpus_share
        p = (1 - share) * self.english_probability(word) + share * self.lexicon.probability(word)
        return -math.log10(p) if p > 0 else math.inf

    def known(self, word: str) -> float:
        """``-log10 P(word)`` for a word either model knows, else infinity."""
        return self._known(word)

    def _unknown(self, word: str) -> float:
        """Cost of a word neither model knows: by its length, or as a prefix on a known word."""
        w = self.weights
        cost = w.unknown_base + w.unknown_per_char * len(word)
        for size in _PREFIX_SIZES:
            rest = word[size:]
            if word[:size] in _PREFIX_SET and len(rest) >= max(4, 8 - size):
                cost = min(cost, w.prefixed + self.known(rest))
        return cost

    def _cost(self, word: str) -> float:
        w = self.weights
        if word.isdigit():
            return w.digits
        known = self.known(word)
        cost = known if known < math.inf else self._unknown(word)
        if word in self.lexicon.acronyms:
            cost -= w.acronym
        if word in self.lexicon.compounds:
            cost -= w.compound
        if len(word) == 1:
            cost += w.one_letter
        return cost


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
        self.word_cost = self.words.cost
        self.tag_cost = functools.lru_cache(maxsize=1 << 17)(self._tag_cost)
        self._chunk_cuts = functools.lru_cache(maxsize=1 << 15)(self._chunk_cuts_uncached)

    # ------------------------------------------------------------------ costs

    def _tag_cost(self, tag: str) -> float:
        w = self.weights
        words = tag.split("-")
        cost = w.tag + sum(self.word_cost(word) for word in words)
        if tag in self.vocabulary:
            cost -= w.vocabulary
        if len(words) == 1:
            cost += w.single
            word = words[0]
            if self.words.english.get(word, 0) > _COMMON and word not in self.lexicon.acronyms:
                cost += w.common
        if words[-1] in _DANGLING:
            cost += w.dangling
        if len(words) > 1 and tuple(stem(w) for w in words) in self.lexicon.phrases:
            cost -= w.phrase
        return cost

    # ------------------------------------------------------------------ candidates

    def _chunk_cuts_uncached(self, chunk: str) -> frozenset[int]:
        """Cut offsets proposed by the best few word segmentations of one chunk."""
        w = self.weights
        n = len(chunk)
        k = w.chunk_candidates
        # paths[i]: up to k best (cost, cuts) segmentations of chunk[:i].
        paths: list[list[tuple[float, tuple[int, ...]]]] = [[] for _ in range(n + 1)]
        paths[0] = [(0.0, ())]
        word_cost = self.word_cost
        tag = w.tag
        for end in range(1, n + 1):
            options: list[tuple[float, tuple[int, ...]]] = []
            for start in range(max(0, end - w.max_word_length), end):
                here = paths[start]
                if not here:
                    continue
                piece = word_cost(chunk[start:end]) + (tag if start else 0.0)
                if start:
                    options.extend((cost + piece, (*cuts, start)) for cost, cuts in here)
                else:
                    options.extend((cost + piece, cuts) for cost, cuts in here)
            paths[end] = heapq.nsmallest(k, options)
        return frozenset(cut for _, cuts in paths[n] for cut in cuts)

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
        parts = line.split()
        if len(parts) > 1:
            splits = [self.split(part, exclude=exclude, local=local) for part in parts]
            weakest = min(range(len(splits)), key=lambda i: splits[i].confidence)
            runner_up = [
                s.runner_up if i == weakest and s.runner_up is not None else s.tags
                for i, s in enumerate(splits)
            ]
            return TagSplit(
                tuple(tag for s in splits for tag in s.tags),
                splits[weakest].confidence,
                tuple(tag for tags in runner_up for tag in tags)
                if splits[weakest].runner_up is not None
                else None,
                splits[weakest].margin,
            )
        clean = _clean(line)
        if not clean:
            return TagSplit((), 1.0)
        boundaries = self._boundaries(clean)
        best: _Best = {b: [] for b in boundaries}
        best[0].append((0.0, -1, -1))
        w = self.weights
        seen = self.seen
        tag_cost = self.tag_cost
        local_hits: dict[str, int] = {}
        max_words, max_word_length = w.max_words, w.max_word_length
        for i, start in enumerate(boundaries[:-1]):
            here = best[start]
            if not here:
                continue
            hyphens = 0
            last = start
            word_start = start
            for end in boundaries[i + 1 :]:
                hyphen = clean.rfind("-", last, end)
                if hyphen >= 0:
                    hyphens += clean.count("-", last, end)
                    word_start = hyphen + 1
                last = end
                if hyphens >= max_words or end - word_start > max_word_length:
                    break  # too many words, or a word longer than any word considered
                tag = clean[start:end]
                cost = tag_cost(tag)
                if seen and seen.get(tag, 0) - (tag in exclude) > 0:
                    cost -= w.seen
                if local:
                    hits = local_hits.get(tag)
                    if hits is None:
                        hits = local_hits[tag] = sum(stem(x) in local for x in tag.split("-"))
                    cost -= w.local * hits
                target = best[end]
                for rank, (base, _, _) in enumerate(here):
                    entry = (base + cost, start, rank)
                    if len(target) < 2:
                        target.append(entry)
                        target.sort()
                    elif entry < target[1]:
                        target[1] = entry
                        target.sort()
        return self._result(clean, best, len(clean))

    def _boundaries(self, clean: str) -> list[int]:
        cuts = {0, len(clean)}
        offset = 0
        for chunk in clean.split("-"):
            cuts.update(offset + c for c in self._chunk_cuts(chunk))
            offset += len(chunk) + 1
        return sorted(cuts)

    def _result(self, clean: str, nodes: _Best, end: int) -> TagSplit:
        finals = nodes[end]
        best = _backtrack(clean, nodes, end, 0)
        if len(finals) < 2:
            return TagSplit(tuple(best), 1.0)
        margin = finals[1][0] - finals[0][0]
        runner_up = _backtrack(clean, nodes, end, 1)
        confidence = 1.0 / (1.0 + 10.0 ** (-margin))
        return TagSplit(tuple(best), round(confidence, 6), tuple(runner_up), round(margin, 6))


def _backtrack(clean: str, nodes: _Best, end: int, rank: int) -> list[str]:
    tags: list[str] = []
    position = end
    while position > 0:
        _, previous, previous_rank = nodes[position][rank]
        tags.append(clean[previous:position])
        position, rank = previous, previous_rank
    tags.reverse()
    return tags


def _clean(line: str) -> str:
    lowered = line.strip().lower()
    if _VALID_LINE_RE.match(lowered):
        return lowered
    return "-".join(part for part in re.split(r"[^a-z0-9]+", lowered) if part)


def split_tag_lines(
    lines: Sequence[str],
    lexicon: CorpusLexicon,
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
    words = WordModel(lexicon, weights or SplitterWeights())
    first = TagSplitter(words, vocabulary=vocabulary)
    locals_ = local if local is not None else [frozenset()] * len(lines)
    # A local word can only earn its bonus inside the line it occurs in, so each item's
    # local words are cut down to those; identical (line, words) pairs then split alike
    # and are split once (large feeds repeat tag lines).
    keys = [
        (line, frozenset(word for word in words if word in line.lower()))
        for line, words in zip(lines, locals_, strict=True)
    ]
    first_splits: dict[tuple[str, frozenset[str]], TagSplit] = {}
    for key in keys:
        if key not in first_splits:
            first_splits[key] = first.split(key[0], local=key[1])
    first_tags = [frozenset(first_splits[key].tags) for key in keys]
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


def feed_texts(corpus: Corpus) -> list[str]:
    """The texts the tag splitter learns words from: every feed's subject, summaries, claims."""
    texts: list[str] = []
    for document in corpus.documents:
        if isinstance(document, Feed):
            texts.append(document.subject or "")
            texts.extend(f"{item.summary}\n{item.claim}" for item in document.items)
    return texts


def split_tags(corpus: Corpus, context: Context) -> Corpus:
    """Split the tag line of every work that comes from a feed item."""
    from feedcite.enrich._words import tokens

    lexicon = CorpusLexicon.from_texts(feed_texts(corpus))
    with_items = [w for w in corpus.works if w.item is not None]
    lines = [w.item.tag_line for w in with_items if w.item is not None]
    # An item's own words, as far as they occur in its tag line (only those can matter).
    local = [
        frozenset(
            word
            for word in map(stem, set(tokens(f"{w.summary} {w.claim}".lower())))
            if word in line.lower()
        )
        for w, line in zip(with_items, lines, strict=True)
    ]
    splits = split_tag_lines(
        lines, lexicon, vocabulary=context.vocabulary, weights=context.splitter, local=local
    )
    by_id = {w.id: s for w, s in zip(with_items, splits, strict=True)}
    diagnostics = list(corpus.diagnostics)
    works: list[Work] = []
    for work in corpus.works:
        split = by_id.get(work.id)
        if split is None:
            works.append(work)
            continue
        works.append(replace(work, tags=split.tags, tag_split=split))
        if split.confidence < UNCERTAIN_BELOW and split.runner_up is not None and work.item:
            item = work.item
            line = item.span.line + 2
            diagnostics.append(
                Diagnostic(
                    Code.TAGS_UNCERTAIN,
                    f"tag line split with confidence {split.confidence:.2f}: "
                    f"{' | '.join(split.tags)} (runner-up: {' | '.join(split.runner_up)}); "
                    "add the right tags to the vocabulary file to settle it",
                    SourceSpan(item.span.path, line, 1, len(item.tag_line)),
                    Severity.WARNING,
                    item.tag_line,
                )
            )
    return replace(corpus, works=tuple(works), diagnostics=tuple(diagnostics))
