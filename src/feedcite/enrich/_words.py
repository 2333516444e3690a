"""Word evidence for the tag splitter: an English unigram model and the corpus's own words.

The English model is the unigram table of the `wordsegment` package (counts from the
Google Web Trillion Word Corpus, as prepared by Peter Norvig), read once per process.
The corpus lexicon counts the words of the documents being processed, so that terms of
the field (``imagenet``, ``dpo``, ``crispr``) are known even when
English has never seen them. It also records which words the text writes in capitals
(acronyms) or in CamelCase (compound names), and which word sequences occur as phrases.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources

__all__ = ["CorpusLexicon", "english_unigrams", "phrases_in", "stem", "text_stems", "tokens"]

#: Total number of tokens behind wordsegment's unigram counts.
ENGLISH_TOTAL = 1024908267229.0
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_PHRASE_MAX = 4
#: Texts joined and tokenized together by :meth:`CorpusLexicon.from_texts`.
_BATCH = 1000
_DASHES_RE = re.compile(r"[-‐‑]")
#: Possessive quantifiers: a word that is not followed by a hyphen fails at once instead
#: of retrying every shorter prefix of itself (which made long texts quadratic).
_HYPHENATED_RE = re.compile(r"(?<![^\W_])[^\W_]++(?:[-‐‑][^\W_]++)+")
#: ``RLHF``, ``GPT``, ``LLMs`` (plural kept off), ``CIFAR10``: two or more capitals. The
#: lookahead asks for the second capital, so one possessive run reads the word (two
#: overlapping runs tried every split of a long capitalised word: quadratic).
_ACRONYM_RE = re.compile(r"(?=[A-Z][0-9]*+[A-Z])([A-Z][A-Z0-9]*+)s?")


@functools.cache
def english_unigrams() -> dict[str, int]:
    """The English unigram counts (lowercase word -> count), loaded once."""
    counts: dict[str, int] = {}
    data = resources.files("wordsegment").joinpath("unigrams.txt").read_text(encoding="utf-8")
    for line in data.splitlines():
        word, _, count = line.partition("\t")
        if count:
            counts[word] = int(count)
    return counts


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude plural-insensitive form: ``models`` -> ``model`` (not ``class`` -> ``clas``)."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Word tokens of ``text`` as written (letters and digits; apostrophes kept inside)."""
    return _TOKEN_RE.findall(text)


def text_stems(text: str) -> list[str]:
    """The plural-insensitive lowercase forms (:func:`stem`) of the words of ``text``, in order."""
    return [stem(word) for word in map(str.lower, _TOKEN_RE.findall(text))]


def phrases_in(stems: Sequence[str], words: Container[str] | None = None) -> Iterator[Phrase]:
    """The 2- to 4-word sequences of ``stems``, only of ``words`` when given.

    With ``words``, only runs of consecutive words that are all in it are read, so the
    cost follows the few words that matter (a tag line's candidate words), not the text.
    """
    if words is None:
        for n in range(2, _PHRASE_MAX + 1):
            yield from zip(*(stems[i:] for i in range(n)), strict=False)
        return
    run: list[str] = []
    for word in (*stems, None):
        if word is not None and word in words:
            run.append(word)
            continue
        if len(run) > 1:
            for n in range(2, min(len(run), _PHRASE_MAX) + 1):
                yield from zip(*(run[i:] for i in range(n)), strict=False)
        run = []


Phrase = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CorpusLexicon:
    """Words and phrases of a corpus, lowercased, with counts.

    Attributes:
        counts: Word -> number of occurrences.
        total: Number of word tokens.
        acronyms: Words written in capitals at least once (``RLHF`` -> ``rlhf``).
        compounds: Words written in CamelCase (``WikiTableQuestions``) or hyphenated
            (``pre-training`` -> ``pretraining``) at least once, lowercased and joined.
        phrases: Sequences of 2-4 consecutive words (plural-insensitive, see :func:`stem`),
            hyphens counting as spaces.
    """

    counts: Counter[str]
    total: int
    acronyms: frozenset[str]
    compounds: frozenset[str]
    phrases: frozenset[Phrase]

    @classmethod
    def from_texts(cls, texts: Iterable[str], *, phrases: bool = True) -> CorpusLexicon:
        """Build the lexicon of ``texts`` (without phrases when ``phrases`` is false).

        The texts are read in batches, each joined into one string, so that the regular
        expressions and counters do the work in C; memory stays bounded by the batch.
        """
        texts = list(texts)
        counts: Counter[str] = Counter()
        acronyms: set[str] = set()
        compounds: set[str] = set()
        for first in range(0, len(texts), _BATCH):
            joined = "\n".join(texts[first : first + _BATCH])
            compounds.update(
                _DASHES_RE.sub("", hyphenated).lower()
                for hyphenated in _HYPHENATED_RE.findall(joined)
            )
            written = _TOKEN_RE.findall(joined)
            counts.update(map(str.lower, written))
            for word in set(written):
                if word.islower():
                    continue  # neither an acronym nor CamelCase
                acronym = _ACRONYM_RE.fullmatch(word)
                if acronym:
                    acronyms.add(acronym[1].lower())
                elif _is_camel(word):
                    compounds.add(word.lower())
        found: set[Phrase] = set()
        if phrases:
            for text in set(texts):
                found.update(phrases_in(text_stems(text)))
        return cls(
            counts,
            sum(counts.values()),
            frozenset(acronyms),
            frozenset(compounds),
            frozenset(found),
        )

    def probability(self, word: str) -> float:
        """Relative frequency of ``word`` in the corpus (0 if absent)."""
        if not self.total:
            return 0.0
        return self.counts.get(word, 0) / self.total


def _is_camel(word: str) -> bool:
    """``WikiTableQuestions``, ``InceptionV1``, ``DeepMind``: a capital after a lowercase letter."""
    if word[1:] == word[1:].lower():
        return False  # no capital after the first letter
    return any(a.islower() and b.isupper() for a, b in itertools.pairwise(word))


def log10(x: float) -> float:
    """``log10`` that maps 0 to -inf."""
    return math.log10(x) if x > 0 else -math.inf
