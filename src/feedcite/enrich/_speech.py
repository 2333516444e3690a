"""What the aligner reads in a transcript's text: sentences, terms, and where they occur.

Transcripts come in several styles: paragraphs of about 60 words, one short paragraph per
speaker turn, a site's own paragraphs, or automatic captions with no punctuation at all.
:func:`sentences` gives every style the same units: sentences where the text is
punctuated, and pieces of at most :data:`MAX_SENTENCE_WORDS` words where it is not
(cut before a word that usually opens a clause, such as *so*, *what* or *let's*), so that
a chapter can start inside a long unpunctuated paragraph.

:class:`TextIndex` holds, once per transcript, what the evidence of every candidate start
needs: each sentence's terms (stemmed, with numbers normalised), whether it is a
question or a cue phrase, and for every term the sorted list
of sentences it occurs in. Counting a term in any window is then a bisection, so scoring
a candidate costs the same however long the transcript is.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from feedcite.model import Transcript

__all__ = [
    "MAX_SENTENCE_WORDS",
    "Sentence",
    "TextIndex",
    "sentences",
    "stem",
    "terms",
]

MAX_SENTENCE_WORDS = 40
"""A longer run of words without a sentence end is cut into pieces (unpunctuated captions)."""
_PIECE_MIN, _PIECE_MAX = 6, 30
"""A piece of an unpunctuated run ends before an opening word after at least ``_PIECE_MIN``
words, and after ``_PIECE_MAX`` words at the latest."""

#: A sentence ends at . ! ? or … (and closing quotes) followed by a space: "3.5" is not an end.
_SENTENCE_RE = re.compile(r".+?(?:[.!?…]+[\"'”’)\]]*(?=\s|$)|$)\s*")
_WORD_RE = re.compile(r"\S+")
_TOKEN_RE = re.compile(r"[^\W_]+(?:\.[0-9]+)?")  # letters of any script
_POSSESSIVE_RE = re.compile(r"['’]s\b")
_STOPWORDS = frozenset(
    (
        "a an the of in on at to for from with by via and or is are be it its this that "
        "these those what how why who when where which about into as do does did can "
        "could would should will you your i we our they their he she his her me my us so "
        "not no yes yeah just like know think right um uh oh okay well really very vs "
        "versus part"
    ).split()
)
_NUMBERS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10",
}  # fmt: skip
_SUFFIXES: tuple[str, ...] = ("ations", "ation", "ities", "ity", "ings", "ing", "ers", "er")
_SUFFIXES += ("ies", "es", "s", "ed", "ly")
#: Words that usually open a clause: where an unpunctuated run is cut into pieces.
_OPENERS = frozenset(
    ("so now okay ok well what what's how why let's lets tell alright anyway actually").split()
)
_WEAK_OPENERS = frozenset("and but yeah because then".split())
_ASKING = frozenset("do did does can could would will have has is are was were".split())
_ADDRESSED = frozenset("you we there i".split())
_INTERROGATIVES = frozenset("what what's how why who where which".split())
_ASKED = _ADDRESSED | frozenset("it they he she that this".split())
#: Phrases with which a host opens a topic.
CUE_RE = re.compile(
    r"\b(?:let'?s (?:talk|start|go|get|turn|move|switch|jump|dive|continue|zoom)|"
    r"let me ask|i (?:got|have|want|wanted) to (?:ask|talk)|"
    r"can (?:you|we) (?:explain|describe|talk|speak|tell|expand|just)|"
    r"what (?:do|did) you think|you(?:'ve| have)? (?:written|wrote|said)|"
    r"tangent|jump into|speaking of|here'?s [A-Z]|dear friends|thanks for listening|"
    r"the following is|what about|(?:next|last|final) question|"
    r"brings us to|takes us to|switch gears|change gears|on the topic of|"
    r"welcome to the (?:show|podcast)|"
    r"thanks? (?:you )?(?:so much )?for (?:being here|joining|coming))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a transcript paragraph (or a piece of an unpunctuated run).

    Attributes:
        paragraph: Index of its paragraph.
        offset: Where it starts in the paragraph's text (0 for the paragraph's start).
        text: The sentence.
        word: Words of the transcript before this sentence.
    """

    paragraph: int
    offset: int
    text: str
    word: int


def sentences(transcript: Transcript) -> list[Sentence]:
    """The transcript's sentences in order, with their paragraph and word position.

    A run of more than :data:`MAX_SENTENCE_WORDS` words without a sentence end is cut
    into pieces, so text without punctuation still has places a chapter can start.
    """
    result: list[Sentence] = []
    words = 0
    for paragraph in transcript.paragraphs:
        text = paragraph.text
        for found in _SENTENCE_RE.finditer(text):
            chunk = found.group()
            if not chunk.strip():
                continue
            for offset, piece, count in _pieces(chunk, found.start()):
                result.append(Sentence(paragraph.index, offset, piece, words))
                words += count
    return result


def _pieces(chunk: str, start: int) -> list[tuple[int, str, int]]:
    """``chunk`` as ``(offset, text, words)`` pieces of at most MAX_SENTENCE_WORDS words.

    A piece ends before a word that opens a clause (*so*, *now*, *what*, *let's*, *do you*
    ...) once it has :data:`_PIECE_MIN` words, and after :data:`_PIECE_MAX` words at the
    latest (before the last weaker opener, *and* or *but*, if there is one).
    """
    spans = [(m.start(), m.end()) for m in _WORD_RE.finditer(chunk)]
    if len(spans) <= MAX_SENTENCE_WORDS:
        return [(start + spans[0][0], chunk.strip(), len(spans))]
    words = [chunk[a:b].lower().strip(",.;:!?\"'") for a, b in spans]
    cuts = [0]
    weak = -1
    for j in range(1, len(words)):
        length = j - cuts[-1]
        if words[j] in _WEAK_OPENERS:
            weak = j
        strong = words[j] in _OPENERS or (
            words[j] in _ASKING and j + 1 < len(words) and words[j + 1] in _ADDRESSED
        )
        if strong and length >= _PIECE_MIN:
            cuts.append(j)
        elif length >= _PIECE_MAX:
            cuts.append(weak if weak > cuts[-1] + _PIECE_MIN else j)
    cuts.append(len(spans))
    return [
        (start + spans[a][0], chunk[spans[a][0] : spans[b - 1][1]], b - a)
        for a, b in itertools.pairwise(cuts)
    ]


def _opens_question(text: str) -> bool:
    """Whether unpunctuated ``text`` opens as a question: a wh-word, or *do you*, *is it*..."""
    words = [w.strip(",;:\"'") for w in text.lower().split(None, 2)[:2]]
    if not words:
        return False
    if words[0] in _INTERROGATIVES:
        return True
    return len(words) == 2 and words[0] in _ASKING and words[1] in _ASKED


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude stem for matching title words with their variants (competitors/competition)."""
    word = _NUMBERS.get(word, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """The content words of ``text``, stemmed (stopwords and single letters left out)."""
    lowered = _POSSESSIVE_RE.sub("", text.lower())
    return [
        stem(t)
        for t in _TOKEN_RE.findall(lowered)
        if t not in _STOPWORDS and (len(t) > 1 or t.isdigit())
    ]


def variants_match(a: str, b: str) -> bool:
    """Whether two stems are forms of one word.

    They are when equal, or when they share a start of at least four letters with at most
    three letters left on either side: *academia* and *academic*, *competence* and
    *competency*, *power* and *powerful*, but not *mars* and *marshall*.
    """
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or a[:4] != b[:4]:
        return False
    common = 4
    limit = min(len(a), len(b))
    while common < limit and a[common] == b[common]:
        common += 1
    return len(a) - common <= 3 and len(b) - common <= 3


class TextIndex:
    """Per-sentence features of a transcript and, for every term, the sentences it occurs in.

    Built once per transcript in time linear in its length.
    """

    def __init__(self, found: Sequence[Sentence], window: int, before: int, after: int) -> None:
        """Index ``found``.

        Args:
            found: The transcript's sentences.
            window: Words after a sentence that count as "at the sentence" for its evidence.
            before: Words before a sentence checked for a topic's words already being said.
            after: Words after a sentence in which a topic's discussion is counted.
        """
        self.found = list(found)
        count = len(self.found)
        self.positions = [s.word for s in self.found]
        self.lengths = [len(s.text.split()) for s in self.found]
        self.total_words = self.positions[-1] + self.lengths[-1] if self.found else 0
        self.questions = [s.text.rstrip("\"'”’ )").endswith("?") for s in self.found]
        if not any(self.questions):
            # No question mark anywhere (automatic captions): a question is a piece that
            # opens as one ("how did ...", "do you ...").
            self.questions = [_opens_question(s.text) for s in self.found]
        self.cues = [bool(CUE_RE.search(s.text)) for s in self.found]
        occurrences: dict[str, list[int]] = defaultdict(list)
        for i, sentence in enumerate(self.found):
            for term in dict.fromkeys(terms(sentence.text)):
                occurrences[term].append(i)
        self.occurrences: dict[str, list[int]] = dict(occurrences)
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        for term in self.occurrences:
            if len(term) >= 4:
                self._by_prefix[term[:4]].append(term)
        self.scale = max(1.0, math.log(max(1, count)))
        self.window_end = self._ends(window)
        self.after_end = self._ends(after)
        self.before_start = self._starts(before)
        self.next_question = _next_true(self.questions)
        self.next_cue = _next_true(self.cues)

    def _ends(self, words: int) -> list[int]:
        """For each sentence, the first sentence at least ``words`` words after its start."""
        ends: list[int] = []
        end = 0
        for start, position in enumerate(self.positions):
            end = max(end, start + 1)
            while end < len(self.positions) and self.positions[end] - position < words:
                end += 1
            ends.append(end)
        return ends

    def _starts(self, words: int) -> list[int]:
        """For each sentence, the first sentence that starts less than ``words`` words before it."""
        starts: list[int] = []
        begin = 0
        for position in self.positions:
            while self.positions[begin] < position - words:
                begin += 1
            starts.append(begin)
        return starts

    def sentences_of(self, term: str) -> list[int]:
        """Sorted indices of the sentences where ``term`` or a variant of it occurs."""
        if len(term) < 4:
            return self.occurrences.get(term, [])
        found = [t for t in self._by_prefix.get(term[:4], ()) if variants_match(term, t)]
        if len(found) == 1:
            return self.occurrences[found[0]]
        return sorted({i for t in found for i in self.occurrences[t]})

    def weight(self, occurrences: Sequence[int]) -> float:
        """How telling a term is, from 0 (in every sentence) to 1 (in one): its idf, scaled."""
        if not occurrences:
            return 0.0
        return math.log(len(self.found) / len(occurrences)) / self.scale

    def between(self, occurrences: Sequence[int], start: int, end: int) -> int:
        """How many of ``occurrences`` lie in sentences ``start`` to ``end - 1``."""
        return bisect.bisect_left(occurrences, end) - bisect.bisect_left(occurrences, start)

    def first_from(self, occurrences: Sequence[int], start: int) -> int | None:
        """The first of ``occurrences`` at or after sentence ``start``."""
        at = bisect.bisect_left(occurrences, start)
        return occurrences[at] if at < len(occurrences) else None


def _next_true(flags: Sequence[bool]) -> list[int]:
    """For each index, the first index at or after it whose flag is set (``len`` if none)."""
    result = [len(flags)] * len(flags)
    following = len(flags)
    for i in range(len(flags) - 1, -1, -1):
        if flags[i]:
            following = i
        result[i] = following
    return result
