"""Word evidence for the tag splitter: an English unigram model and the corpus's own words.

The English model is the unigram table of the `wordsegment` package (counts from the
Google Web Trillion Word Corpus, as prepared by Peter Norvig), read once per process (from
a compact copy in the user's cache folder once it has been read).
The corpus lexicon counts the words of the documents being processed, so that terms of
the field (``imagenet``, ``dpo``, ``crispr``) are known even when
English has never seen them. It also records which words the text writes in capitals
(acronyms) or in CamelCase (compound names), and which word sequences occur as phrases.
"""

from __future__ import annotations

import array
import functools
import itertools
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = [
    "CorpusLexicon",
    "cache_folder",
    "english_unigrams",
    "phrases_in",
    "stem",
    "text_stems",
    "tokens",
]

#: Total number of tokens behind wordsegment's unigram counts.
ENGLISH_TOTAL = 1024908267229.0
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
PHRASE_MAX = 4
"""Most words in a phrase of the lexicon."""
#: Texts joined and tokenized together by :meth:`CorpusLexicon.from_texts`.
_BATCH = 1000
#: The hyphens a hyphenated word is written with (hyphen-minus, hyphen, non-breaking).
_DASHES = "-‐‑"
_DASHES_RE = re.compile(f"[{_DASHES}]")
#: Possessive quantifiers: a word that is not followed by a hyphen fails at once instead
#: of retrying every shorter prefix of itself (which made long texts quadratic).
_HYPHENATED_RE = re.compile(rf"(?<![^\W_])[^\W_]++(?:[{_DASHES}][^\W_]++)+")
#: ``RLHF``, ``GPT``, ``LLMs`` (plural kept off), ``CIFAR10``: two or more capitals. The
#: lookahead asks for the second capital, so one possessive run reads the word (two
#: overlapping runs tried every split of a long capitalised word: quadratic).
_ACRONYM_RE = re.compile(r"(?=[A-Z][0-9]*+[A-Z])([A-Z][A-Z0-9]*+)s?")
#: A capitalised word in mid-sentence (after a lower-case word or a comma): a name, such as
#: a language's (``for Go and Java``, ``in Rust, C and Go``). ``I`` and ``A`` are grammar.
_NAME_RE = re.compile(r"[A-Z](?<=[a-z0-9,;] [A-Z])[a-z]*+(?![\w'’-]|\.\w)")
_GRAMMAR_CAPITALS = frozenset({"i", "a"})
#: Names written as one word in tags: with a dotted suffix (``Node.js``, ``Socket.io``),
#: or a version number (``Lean 4``, ``ROS 2``).
_JOINED_RE = re.compile(
    r"[A-Z](?<![\w.][A-Z])(?:[a-z]++\.[a-z]{2,3}+(?![\w.])|[A-Za-z]*+ \d{1,2}+(?![\w.,:]\w))"
)
_JOINED_SIGNS_RE = re.compile(r"[. ]")


@functools.cache
def english_unigrams() -> dict[str, int]:
    """The English unigram counts (lowercase word -> count), loaded once per process.

    The table (333,000 lines of text) is kept in a compact binary form in the user's
    cache folder after its first reading, which loads in about half the time: the words
    as one UTF-8 string and the counts as 64-bit integers (see :func:`cache_folder`).
    """
    source = resources.files("wordsegment").joinpath("unigrams.txt")
    cached = _cache_path(source)
    if cached is not None:
        try:
            return _read_compact(cached.read_bytes())
        except (OSError, ValueError):
            pass
    counts: dict[str, int] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        word, _, count = line.partition("\t")
        if count:
            counts[word] = int(count)
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(_compact(counts))
            partial.replace(cached)  # atomic: a parallel reader sees all of it or nothing
        except OSError:
            pass  # a read-only home: read the text again next time
    return counts


#: First bytes of the compact unigram file (a new layout gets a new one).
_MAGIC = b"feedcite-unigrams-1\n"


def cache_folder() -> Path | None:
    """Where feedcite keeps derived data.

    ``$FEEDCITE_CACHE_DIR`` (set but empty: keep nothing), else ``$XDG_CACHE_HOME/feedcite``
    or ``~/.cache/feedcite``.
    """
    configured = os.environ.get("FEEDCITE_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "feedcite"


def _cache_path(source: object) -> Path | None:
    """The compact file for ``source``, named after its size and time.

    A new table gets a new file; ``None`` when there is no cache folder or the table is
    not a plain file.
    """
    folder = cache_folder()
    if folder is None or not isinstance(source, Path):
        return None
    try:
        stat = source.stat()
    except OSError:
        return None
    return folder / f"unigrams-{stat.st_size}-{stat.st_mtime_ns}.bin"


def _compact(counts: dict[str, int]) -> bytes:
    words = "\n".join(counts).encode("utf-8")
    numbers = array.array("q", counts.values())
    if sys.byteorder != "little":
        numbers.byteswap()
    header = _MAGIC + len(counts).to_bytes(8, "little") + len(words).to_bytes(8, "little")
    return header + words + numbers.tobytes()


def _read_compact(data: bytes) -> dict[str, int]:
    if not data.startswith(_MAGIC):
        raise ValueError("not a compact unigram file")
    at = len(_MAGIC)
    size = int.from_bytes(data[at : at + 8], "little")
    length = int.from_bytes(data[at + 8 : at + 16], "little")
    at += 16
    words = data[at : at + length].decode("utf-8").split("\n")
    numbers = array.array("q")
    numbers.frombytes(data[at + length :])
    if sys.byteorder != "little":
        numbers.byteswap()
    if len(words) != size or len(numbers) != size:
        raise ValueError("a truncated compact unigram file")
    return dict(zip(words, numbers, strict=True))


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude plural-insensitive form: ``models`` -> ``model`` (not ``class`` -> ``clas``)."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


#: Every ASCII character but a letter or a digit, as a space (and one keeping apostrophes).
_ASCII_BREAKS = str.maketrans({chr(code): " " for code in range(128) if not chr(code).isalnum()})
_ASCII_BREAKS_BUT_APOSTROPHES = str.maketrans(
    {chr(code): " " for code in range(128) if not chr(code).isalnum() and chr(code) != "'"}
)


#: The possessive ending of a token (``Sørensen's``, ``UNCLOS’s``), which is not part of the word.
_POSSESSIVES = ("'s", "’s", "'S", "’S")


def tokens(text: str, pattern: re.Pattern[str] = _TOKEN_RE) -> list[str]:
    """Word tokens of ``text`` as written (letters and digits; apostrophes kept inside).

    ``pattern`` reads a token: a run of letters and digits, joined to the next one by an
    apostrophe as far as it says. A possessive ``'s`` is taken off (``Sørensen's`` is the
    word ``Sørensen``, ``UNCLOS's`` the acronym ``UNCLOS``; ``it's`` is ``it``). An ASCII
    text is cut by ``str.translate`` and ``str.split`` at every character that is neither a
    letter, a digit nor an apostrophe (no token crosses one), and only the pieces with an
    apostrophe are read by ``pattern``: about three times faster than reading the whole
    text with it.
    """
    if not text.isascii():
        found = pattern.findall(text)
        if "'" in text or "’" in text:
            found = [word[:-2] if word.endswith(_POSSESSIVES) else word for word in found]
        return found
    if "'" not in text:
        return text.translate(_ASCII_BREAKS).split()
    found = []
    for piece in text.translate(_ASCII_BREAKS_BUT_APOSTROPHES).split():
        if "'" in piece:
            found.extend(
                word[:-2] if word.endswith(_POSSESSIVES) else word
                for word in pattern.findall(piece)
            )
        else:
            found.append(piece)
    return found


def text_stems(text: str) -> list[str]:
    """The plural-insensitive lowercase forms (:func:`stem`) of the words of ``text``, in order.

    Each distinct word is stemmed once; the rest is done by ``map`` in C. An ASCII text is
    lowercased before it is read (the same words: lowercasing changes no ASCII character's
    class), which saves lowering each word.
    """
    lowered = tokens(text.lower()) if text.isascii() else list(map(str.lower, tokens(text)))
    table = {word: stem(word) for word in set(lowered)}
    return list(map(table.__getitem__, lowered))


#: Runs of two or more words of interest, in a mask of one byte per word.
_RUN_RE = re.compile(rb"\x01{2,}")


def phrases_in(stems: Sequence[str], words: Container[str] | None = None) -> set[Phrase]:
    """The distinct 2- to 4-word sequences of ``stems``, only of ``words`` when given.

    With ``words``, only runs of consecutive words that are all in it are read (found in
    a byte mask by a pattern), so the cost follows the few words that matter (a tag
    line's candidate words), not the text; a run that recurs is read once. Each sequence
    goes straight into the set (a list of every occurrence first cost twice the time on a
    long text).
    """
    found: set[Phrase] = set()
    if words is None:
        for n in range(2, PHRASE_MAX + 1):
            found.update(zip(*(stems[i:] for i in range(n)), strict=False))
        return found
    mask = bytes(map(words.__contains__, stems))
    runs = {tuple(stems[at.start() : at.end()]) for at in _RUN_RE.finditer(mask)}
    for run in runs:
        for n in range(2, min(len(run), PHRASE_MAX) + 1):
            found.update(zip(*(run[i:] for i in range(n)), strict=False))
    return found


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
        names: Words written capitalised in mid-sentence at least once (``Go``, ``C``),
            lowercased: names, even where the word is also a common English one.
    """

    counts: Counter[str]
    total: int
    acronyms: frozenset[str]
    compounds: frozenset[str]
    phrases: frozenset[Phrase]
    names: frozenset[str] = frozenset()

    @classmethod
    def from_texts(cls, texts: Iterable[str], *, phrases: bool = True) -> CorpusLexicon:
        """Build the lexicon of ``texts`` (without phrases when ``phrases`` is false).

        A text that recurs is read once and its words counted as often as it occurs. The
        other texts are read in batches, each joined into one string, so that the regular
        expressions and counters do the work in C; memory stays bounded by the batch.
        """
        occurrences = Counter(texts)
        counts: Counter[str] = Counter()
        acronyms: set[str] = set()
        compounds: set[str] = set()
        names: set[str] = set()

        def read(text: str, times: int) -> None:
            if any(dash in text for dash in _DASHES):  # else no hyphenated word
                compounds.update(
                    _DASHES_RE.sub("", hyphenated).lower()
                    for hyphenated in _HYPHENATED_RE.findall(text)
                )
            joined = [_JOINED_SIGNS_RE.sub("", name).lower() for name in _JOINED_RE.findall(text)]
            if joined:
                # Words of the text as much as its tokens are (``nodejs``, ``lean4``).
                compounds.update(joined)
                for name in joined:
                    counts[name] += times
            names.update(map(str.lower, _NAME_RE.findall(text)))
            # Each distinct word as written once: counted, lowercased and looked at.
            written = Counter(tokens(text))
            for word, count in written.items():
                counts[word.lower()] += count * times
                if word.islower():
                    continue  # neither an acronym nor CamelCase
                acronym = _ACRONYM_RE.fullmatch(word)
                if acronym:
                    acronyms.add(acronym[1].lower())
                elif _is_camel(word):
                    compounds.add(word.lower())

        once = [text for text, times in occurrences.items() if times == 1]
        for first in range(0, len(once), _BATCH):
            read("\n".join(once[first : first + _BATCH]), 1)
        for text, times in occurrences.items():
            if times > 1:
                read(text, times)
        found: set[Phrase] = set()
        if phrases:
            for text in occurrences:
                found.update(phrases_in(text_stems(text)))
        return cls(
            counts,
            sum(counts.values()),
            frozenset(acronyms),
            frozenset(compounds),
            frozenset(found),
            frozenset(names - _GRAMMAR_CAPITALS),
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
