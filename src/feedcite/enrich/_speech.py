"""What the aligner reads in a transcript's text: sentences, terms, and where they occur.

Transcripts come in several styles: paragraphs of about 60 words, one short paragraph per
speaker turn, a site's own paragraphs, or automatic captions with no punctuation at all.
:func:`sentences` gives every style the same units: sentences where the text is
punctuated, and pieces of at most :data:`MAX_SENTENCE_WORDS` words where it is not
(cut before a word that usually opens a clause, such as *so*, *what* or *let's*, or
before a host's cue such as *you also talk about*), so that a chapter can start inside a
long unpunctuated paragraph, and at the cue that leads into it.

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
    "ends_sentence",
    "is_cue",
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
    "so now okay ok well what what's whats how why let's lets tell alright anyway actually".split()
)
_WEAK_OPENERS = frozenset("and but yeah because then".split())
_ASKING = frozenset("do did does can could would will have has is are was were".split())
_ADDRESSED = frozenset("you we there i".split())
_INTERROGATIVES = frozenset("what what's whats how why who where which".split())
_ASKED = _ADDRESSED | frozenset("it they he she that this".split())
#: Phrases with which a host opens a topic, that open a clause: an unpunctuated run is cut
#: before them, and they are a lead-in that a chapter starting just after them moves back to.
_OPENING_CUES = (
    r"let'?s (?:talk|start|go|get|turn|move|switch|jump|dive|continue|zoom|shift)",
    r"let me ask",
    r"i(?:'d| would)? (?:got|have|want|wanted|like) to (?:ask|talk|turn|move|switch)",
    r"can (?:you|we) (?:explain|describe|talk|speak|tell|expand|just)",
    r"what (?:do|did) you think",
    r"you(?:'ve| have) been (?:writing|working|thinking|talking) (?:about|on)",
    r"you (?:also |often )?(?:talk|write|wrote|speak|spoke|teach|taught)"
    r"(?: (?:a lot|a bit|quite a bit|often))? (?:about|on)",
    r"you (?:gave|give|did) a (?:talk|keynote|lecture|presentation)",
    r"(?:and )?now (?:for )?something (?:quite |completely |totally |a bit |a little )?"
    r"different",
    r"tell (?:me|us) (?:a (?:bit|little) |more )?about",
    r"moving on",
    r"on a different note",
    r"(?:a )?(?:different|another) (?:topic|subject)",
    r"changing (?:the )?(?:subject|topic)",
    r"welcome to the (?:show|podcast)",
    r"speaking of",
    r"switch gears|change gears",
    r"here'?s [A-Z]",
    r"dear friends",
    r"the following is",
    r"what about",
    r"before we (?:go|wrap up|finish|close|end)",
    r"to wrap (?:things )?up",
)
_OTHER_CUES = (
    r"you(?:'ve| have)? (?:written|wrote|said)",
    r"tangent|jump into|thanks for listening|(?:next|last|final) question",
    r"brings us to|takes us to|on the topic of",
    r"thanks? (?:you )?(?:so much )?for (?:being here|joining|coming)",
)
#: Words that lead into a topic without naming it ("amélie, you also teach, is that
#: right?"): where a run is cut and a lead-in starts, though no evidence by themselves (a
#: host's introduction of a guest says them too).
_LEADS = (r"you also (?:teach|work|study|research|build|run|maintain)",)
#: Phrases with which a host opens a topic (group ``opening``: those that open a clause and
#: the leads, which are no cue phrase by themselves).
_CUE_FIRST_LETTERS = "abcdfhijlmnostwy"
"""Every letter a cue phrase can start with (a look-ahead on it makes the search about
twice as fast): keep it in step with the phrases."""
CUE_RE = re.compile(
    rf"\b(?=[{_CUE_FIRST_LETTERS}])(?:(?P<opening>{'|'.join(_OPENING_CUES)})|(?P<lead>{'|'.join(_LEADS)})|"
    rf"{'|'.join(_OTHER_CUES)})\b",
    re.IGNORECASE,
)
_LEAD_WORDS = 3
"""A piece whose opening cue starts within this many words opens with it (a name or an
*okay* may come first: "amélie you also teach ...")."""
_TAIL_WORDS = 6
"""Words of the text that follows an unpunctuated piece that a cue it starts may run into
(caption paragraphs are cut by time: "you gave a | keynote")."""
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
#: An opener after one of these words does not open a clause ("right now", "even so").
_BINDING = frozenset("right just for by until till from even or not as very pretty quite".split())


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a transcript paragraph (or a piece of an unpunctuated run).

    Attributes:
        paragraph: Index of its paragraph.
        offset: Where it starts in the paragraph's text (0 for the paragraph's start).
        text: The sentence.
        word: Words of the transcript before this sentence.
        cue: Whether it says a cue phrase (one it starts may run into the next words when
            it has no sentence end: caption paragraphs are cut by time).
        lead: Whether it is unpunctuated and opens with a cue that opens a topic (within
            its first :data:`_LEAD_WORDS` words): a lead-in a chapter can start at.
    """

    paragraph: int
    offset: int
    text: str
    word: int
    cue: bool = False
    lead: bool = False


def sentences(transcript: Transcript) -> list[Sentence]:
    """The transcript's sentences in order, with their paragraph and word position.

    A run of more than :data:`MAX_SENTENCE_WORDS` words without a sentence end is cut
    into pieces, so text without punctuation still has places a chapter can start.
    """
    result: list[Sentence] = []
    paragraphs = transcript.paragraphs
    words = 0
    for n, paragraph in enumerate(paragraphs):
        text = paragraph.text
        # Cues are found once per paragraph; one may run on into the next paragraph's first
        # words (caption paragraphs are cut by time: "you gave a | keynote").
        following = paragraphs[n + 1].text if n + 1 < len(paragraphs) else ""
        tail = " ".join(following.split(None, _TAIL_WORDS)[:_TAIL_WORDS])
        cues = [
            (m.start(), m.lastgroup)
            for m in CUE_RE.finditer(f"{text} {tail}" if tail else text)
            if m.start() < len(text)
        ]
        openings = [where for where, kind in cues if kind]
        at = 0  # the first cue not before the current sentence
        for found in _SENTENCE_RE.finditer(text):
            chunk = found.group()
            if not chunk.strip():
                continue
            for offset, piece, count in _pieces(chunk, found.start(), openings):
                while at < len(cues) and cues[at][0] < offset:
                    at += 1
                end = offset + len(piece)
                cue = lead = False
                for where, kind in itertools.islice(cues, at, None):
                    if where >= end:
                        break
                    cue = cue or kind != "lead"
                    if kind and not lead:
                        lead = len(text[offset:where].split()) < _LEAD_WORDS
                    if cue and lead:
                        break
                lead = lead and not ends_sentence(piece)
                result.append(Sentence(paragraph.index, offset, piece, words, cue, lead))
                words += count
    return result


def is_cue(text: str) -> bool:
    """Whether ``text`` says a cue phrase (a lead such as *you also teach* is none)."""
    return any(m.lastgroup != "lead" for m in CUE_RE.finditer(text))


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with a sentence end (. ! ? or …, perhaps with closing quotes)."""
    return _SENTENCE_END_RE.search(text) is not None


def _pieces(chunk: str, start: int, cues: Sequence[int] = ()) -> list[tuple[int, str, int]]:
    """``chunk`` as ``(offset, text, words)`` pieces of at most MAX_SENTENCE_WORDS words.

    A piece ends before a word that opens a clause (*so*, *now*, *what*, *let's*, *do you*
    ...; not *now* in *right now*) or before a cue phrase that opens a topic (*you also
    talk about*, *now something different*: ``cues`` holds where such cues start in the
    paragraph, ``start`` being where the chunk starts in it), once it has
    :data:`_PIECE_MIN` words, and after :data:`_PIECE_MAX` words at the latest (before the
    last weaker opener, *and* or *but*, if there is one).
    """
    spans = [(m.start(), m.end()) for m in _WORD_RE.finditer(chunk)]
    low = bisect.bisect_left(cues, start)
    high = bisect.bisect_left(cues, start + len(chunk))
    short = len(spans) <= MAX_SENTENCE_WORDS
    if short and (low == high or ends_sentence(chunk)):
        return [(start + spans[0][0], chunk.strip(), len(spans))]
    # The words at which a cue that opens a topic starts.
    firsts = [start + a for a, _ in spans]
    cued = {bisect.bisect_left(firsts, at) for at in cues[low:high]}
    cuts = [0]
    if short:
        # An unpunctuated run too short to cut by length (a caption paragraph cut by time)
        # is still cut before a cue that opens a topic in it: a chapter may start there.
        for j in sorted(cued):
            if j - cuts[-1] >= _PIECE_MIN and len(spans) - j >= _PIECE_MIN:
                cuts.append(j)
    else:
        words = [chunk[a:b].lower().strip(",.;:!?\"'") for a, b in spans]
        weak = -1
        for j in range(1, len(words)):
            length = j - cuts[-1]
            if words[j] in _WEAK_OPENERS:
                weak = j
            strong = j in cued or (
                words[j - 1] not in _BINDING
                and (
                    words[j] in _OPENERS
                    or (words[j] in _ASKING and j + 1 < len(words) and words[j + 1] in _ADDRESSED)
                )
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
        self.cues = [s.cue for s in self.found]
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
