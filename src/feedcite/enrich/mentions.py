"""The mention rule: which matches of a work's or a term's forms are real mentions.

A *candidate* is any match of any form (a work's title or alias, a term or its alias) in a
text unit. Whether it counts depends first on how distinctive the form is
(:class:`FormKind`), and for the forms that are not, on evidence near the match:

* **Distinctive forms** count wherever they match: a work's title (or short title, the
  part before a colon, unless that is only the names of its people); a code (``RLHF``,
  ``GPT-3``, ``HumanEval``: capitals, digits or CamelCase); a form with a word rare in
  English (under one in a million words of the tag splitter's English unigram model,
  ``feedcite.enrich._words``: ``superposition``, ``iterated``); a phrase of ordinary
  words (``induction heads``, ``system prompt``); for a glossary, a term's own name when
  it is one word (``circuits``).
* **A capitalised name** of ordinary words (``Concrete Problems``, ``Codex``) counts where
  the text keeps its capitals (a sentence start does not show them); written in lower case
  it is ordinary words. A glossary's names of several words count either way.
* **One ordinary word** (``debate``) counts only with evidence within :data:`WINDOW`
  words. For a work: a citation cue (``paper``, ``et al.``, ``published``, ``arXiv`` ...),
  the work's year or one of its authors, or three words of its description. For a term
  (where such a word is a shortening, ``debate`` for ``AI safety via debate``): a defining
  context (``we call that a ...``), another form of the term, two words of its
  definition, or another term of the glossary.
* **Shared forms** name a topic rather than a work: a phrase of another work's title, or
  a tag of two other works (``scaling laws``). They count only with a citation cue, the
  year or an author: the topic says nothing about which work is meant.
* **Series forms** of an episode (its series' or host's name, with words like
  ``podcast``) count only with the episode's number, date or a guest's name nearby.
* **Author forms** (a work's first author) are searched only where ``et al.`` or a year
  follows, and count as an author-year citation when that names one work.
* **A form of several works** (two works with one title) means the work whose year is
  written nearest it in its sentence (:func:`year_named`: ``the 2024 study``, ``(2024)``);
  what else settles it, and what happens when nothing does, is the works' rule
  (:func:`feedcite.enrich.links.settle_mentions`).

For works, evidence belongs to the nearest candidate of the same work: each window ends
halfway to the next one, so the year beside a title does not also vouch for a topic named
one sentence earlier. Every accepted candidate says what made it a mention
(:attr:`Candidate.evidence`), every rejected one why not (:attr:`Candidate.rejected`).
The cost is linear: each unit is tokenised once, and each candidate looks at a bounded
window.
"""

from __future__ import annotations

import bisect
import enum
import functools
import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from feedcite.enrich._words import ENGLISH_TOTAL, english_unigrams, stem, tokens
from feedcite.model import MONTH_ABBR, MONTH_NAMES, TextUnit

__all__ = [
    "CITATION_WORDS",
    "CONTENT_LOG10",
    "RARE_LOG10",
    "SERIES_WORDS",
    "WINDOW",
    "Candidate",
    "Decide",
    "Decision",
    "Form",
    "FormKind",
    "MentionContext",
    "Target",
    "alias_pattern",
    "author_year",
    "candidates_in",
    "citation",
    "classify",
    "content_words",
    "episode",
    "is_code",
    "needle",
    "sentence_of",
    "topic",
    "word_log10",
    "written_as_name",
    "year_named",
]

WINDOW = 25
"""How many words each side of a match evidence is looked for in."""
RARE_LOG10 = -6.0
"""A word whose English probability (log10) is below this is rare (one in a million)."""
CONTENT_LOG10 = -4.0
"""Content words (of a description, a definition) are at most this common in English (log10)."""

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_FUNCTION_WORDS = frozenset(
    "a an the of on in and or to for from with by at as via is are be was were it its this "
    "that these those their his her our your we you they i not no do does".split()
)
#: Words that say a text is citing a publication.
CITATION_WORDS = frozenset(
    "paper papers preprint preprints arxiv published publication publications article "
    "articles journal proceedings".split()
)
#: Words that, with a podcast's or host's name, name the series rather than one episode.
SERIES_WORDS = frozenset("podcast podcasts interview interviews episode episodes show".split())


class FormKind(enum.StrEnum):
    """How distinctive a form is, which decides what evidence a match of it needs."""

    TITLE = "title"
    """The work's title, or its short title (the part before a colon)."""
    CODE = "code"
    """Written with capitals, digits or CamelCase (``RLHF``, ``GPT-3``, ``HumanEval``)."""
    RARE = "rare"
    """With a word rare in English (``superposition``, ``Dwarkesh``)."""
    NAME = "name"
    """Capitalised ordinary words (``Concrete Problems``), a name where written with capitals."""
    PHRASE = "phrase"
    """Ordinary words making a phrase (``induction heads``, ``system prompt``)."""
    WORD = "word"
    """One ordinary English word (``debate``, ``misuse``), which needs evidence nearby."""
    HEADWORD = "headword"
    """One ordinary word that is a glossary term's own name (``circuits``, ``calibration``)."""
    SHARED = "shared"
    """The topic of several works (``scaling laws``), which needs a citation, year or author."""
    SERIES = "series"
    """The name of a podcast or its host, which needs the episode's number, date or a guest."""
    AUTHOR = "author"
    """The first author of a work, which counts only as an author-year citation."""


@dataclass(frozen=True, slots=True)
class Form:
    """A searched form of a work or term, with how distinctive it is.

    Attributes:
        text: The form as curated (or the title, or the author's family name).
        kind: How distinctive it is.
        why: The reason for ``kind`` in words (``a rare word: superposition``).
        pattern: What matches it (see :func:`alias_pattern`).
        needle: A lowercase piece of text every match contains (a quick test).
    """

    text: str
    kind: FormKind
    why: str
    pattern: re.Pattern[str] = field(compare=False, repr=False)
    needle: str = ""


@dataclass(frozen=True, slots=True)
class Target:
    """A work or a term, as the mention rule sees it.

    Attributes:
        id: The work's or term's id.
        kind: ``work`` or ``term``.
        forms: Its forms, longest first.
        topic: Content words of its description (work: title, summary, claim; term:
            definition and forms), plural-insensitive (see :func:`content_words`).
        year: The work's year.
        authors: Family names of its authors that tell it from most works (lowercase).
        number: An episode's number.
        month: The work's month (1-12).
        guests: Family names of an episode's guests (lowercase).
        siblings: For an author form: each year of the works with the same first author,
            and how many works of that year there are (one tuple shared by those works).
    """

    id: str
    kind: str
    forms: tuple[Form, ...]
    topic: frozenset[str] = frozenset()
    year: int | None = None
    authors: frozenset[str] = frozenset()
    number: int | None = None
    month: int | None = None
    guests: frozenset[str] = frozenset()
    siblings: tuple[tuple[int | None, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A match of a form in a text unit, and the decision on it.

    Attributes:
        target: The work's or term's id.
        form: The form that matched.
        unit: The text unit.
        start: Where the match starts in ``unit.text``.
        end: Where it ends.
        evidence: What made it a mention (empty when rejected).
        rejected: Why it is not a mention (``None`` when accepted).
    """

    target: str
    form: Form
    unit: TextUnit
    start: int
    end: int
    evidence: tuple[str, ...] = ()
    rejected: str | None = None

    @property
    def text(self) -> str:
        """The matched text."""
        return self.unit.text[self.start : self.end]

    @property
    def accepted(self) -> bool:
        """Whether it counts as a mention."""
        return self.rejected is None


# --------------------------------------------------------------------------- forms


#: What joins an alias's words: spaces, hyphens and dashes, any of them for any other.
_JOINER_RE = re.compile(r"[\s\-‐‑‒–—]+")


def alias_pattern(alias: str) -> re.Pattern[str]:
    """A pattern for ``alias``: whole words, singular or plural, case-insensitive unless a code.

    Codes written in capitals (``RLHF``, ``GPT-3``, ``RSPs``) must match their case, so that
    ``rsp`` inside a word or a lowercase homograph does not count; other aliases ignore
    case. Spaces, hyphens and dashes are interchangeable (``in-context`` / ``in context``,
    ``ribosome-eIF4E`` / ``ribosome–eIF4E``), and a
    compound that starts with the alias counts (``RLHF-trained``, not ``GPT-35``); a
    plural last word also matches its singular (``scaling laws`` / ``scaling law``); a
    digit also matches its spelled-out word, as transcripts write numbers (``GPT three``).
    A title's closing ``?``, ``!`` or ``.`` may be left out (``… a Constitutional Actor
    when``).
    """
    words = [w for w in _JOINER_RE.split(alias.strip()) if w]
    # A title's closing "?" or "!" is often left out when the title is named in a sentence.
    tail = ""
    if words and (core := words[-1].rstrip("?!.…")) and core != words[-1]:
        words[-1], tail = core, words[-1][len(core) :]
    letters = [c for c in re.sub(r"(?<=[A-Z])s\b", "", alias) if c.isalpha()]
    acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
    parts: list[str] = []
    for index, word in enumerate(words):
        if word.isdigit() and len(word) == 1:
            parts.append(f"(?:{word}|{_NUMBER_WORDS[int(word)]})")
        elif index == len(words) - 1 and _plural(word):
            parts.append(re.escape(word[:-1]))
        else:
            parts.append(re.escape(word))
    body = _JOINER_RE.pattern.join(parts)
    flags = 0 if acronym else re.IGNORECASE
    if tail:  # the title's last word and its own punctuation, or the word alone
        return re.compile(rf"(?<![\w-]){body}(?:{re.escape(tail)}|(?:e?s)?(?!\w|-\d))", flags)
    return re.compile(rf"(?<![\w-]){body}(?:e?s)?(?!\w|-\d)", flags)


def _plural(word: str) -> bool:
    if len(word) > 3 and word.endswith("s") and word[-2].isupper():
        return True  # RSPs
    return len(word) > 3 and word.islower() and stem(word) != word


def needle(alias: str) -> str:
    """A lowercase piece of text that every match of ``alias_pattern(alias)`` contains.

    Its longest word that is not a number (a plural's ``s`` dropped); empty (which every
    text contains) when that word is not ASCII, where ``str.lower`` and the pattern's
    case-insensitive matching may disagree.
    """
    words = [w for w in _JOINER_RE.split(alias.strip()) if w and not w.isdigit()]
    if not words:
        return ""
    word = max(words, key=len)
    word = word[:-1] if _plural(word) else word
    return word.lower() if word.isascii() else ""


def word_log10(word: str) -> float | None:
    """``log10`` of the English probability of ``word`` (lowercase), ``None`` if unknown."""
    count = english_unigrams().get(word)
    return math.log10(count / ENGLISH_TOTAL) if count else None


def _rare(word: str) -> bool:
    if word.isdigit():
        return False
    lower = word.lower()
    probability = word_log10(lower)
    if probability is None and stem(lower) != lower:
        probability = word_log10(stem(lower))
    return probability is None or probability < RARE_LOG10


def is_code(word: str) -> bool:
    """Whether a word is written as a code: 3+ capitals (``RLHF``), a digit, or CamelCase."""
    if any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
        return True
    letters = [c for c in word if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    if len(letters) >= 3 and capitals >= 3 and capitals >= len(letters) - 1:
        return True  # RLHF, RSPs
    return len(letters) >= 4 and word[0].isalpha() and any(c.isupper() for c in word[2:])


def _words(text: str) -> list[str]:
    return tokens(text, _TOKEN_RE)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def content_words(text: str) -> frozenset[str]:
    """The words of ``text`` that carry its topic.

    Not function words, not among the commonest English words (see
    :data:`CONTENT_LOG10`), lowercased and plural-insensitive.
    """
    # Each distinct word once, as written and then lowercased.
    found = set(map(_content_form, set(map(str.lower, set(_words(text))))))
    found.discard("")
    return frozenset(found)


@functools.lru_cache(maxsize=1 << 16)
def _content_form(word: str) -> str:
    """The plural-insensitive form of a lowercase ``word`` if it carries a topic, else ``""``.

    Cached: a corpus's texts share most of their words, and the answer depends only on the
    word and the (fixed) English word model.
    """
    lower = stem(word)
    if len(lower) < 4 or lower in _FUNCTION_WORDS or lower.isdigit():
        return ""
    probability = word_log10(lower)
    return lower if probability is None or probability < CONTENT_LOG10 else ""


def classify(
    text: str,
    *,
    title: bool = False,
    shared_by: Sequence[str] = (),
    series: bool = False,
    author: bool = False,
) -> Form:
    """How distinctive a form is (see the module's rule).

    Args:
        text: The form.
        title: It is the work's title or short title.
        shared_by: Other works whose titles contain it or that have it as a tag.
        series: It names an episode's series or host rather than the episode.
        author: It is the work's first author's family name.
    """
    pattern, hint = alias_pattern(text), needle(text)
    if author:
        cited = re.compile(rf"(?<![\w-]){re.escape(text)}(?={_CITED})")
        return Form(text, FormKind.AUTHOR, f"the first author's name ({text})", cited, hint)
    if title:
        return Form(text, FormKind.TITLE, "the work's title", pattern, hint)
    if series:
        return Form(text, FormKind.SERIES, "the name of the series or host", pattern, hint)
    if shared_by:
        named = ", ".join(shared_by[:3]) + (" ..." if len(shared_by) > 3 else "")
        why = f"the topic of {len(shared_by) + 1} works (also {named})"
        return Form(text, FormKind.SHARED, why, pattern, hint)
    words = _words(text)
    codes = [w for w in words if is_code(w)]
    if codes:
        return Form(text, FormKind.CODE, f"a code ({codes[0]})", pattern, hint)
    rare = [w for w in words if _rare(w)]
    if rare:
        return Form(text, FormKind.RARE, f"a word rare in English ({rare[0]})", pattern, hint)
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    if content and all(_capitalised(w) for w in content):
        return Form(text, FormKind.NAME, "a capitalised name", pattern, hint)
    if len(words) > 1:
        return Form(text, FormKind.PHRASE, "a phrase of ordinary words", pattern, hint)
    return Form(text, FormKind.WORD, "an ordinary English word", pattern, hint)


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    lower: str


@functools.lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[_Token, ...]:
    return tuple(_Token(m.start(), m.end(), m.group().lower()) for m in _TOKEN_RE.finditer(text))


@dataclass(frozen=True, slots=True)
class MentionContext:
    """What a decision sees around a match.

    Attributes:
        unit: The text unit.
        start: The match's start.
        end: The match's end.
        before: Lowercase words before the match (nearest last), within the window.
        after: Lowercase words after the match (nearest first), within the window.
        inside: Lowercase words of the match.
        neighbours: Other targets matched in the window (their ids), when
            :func:`candidates_in` is asked for them.
        companions: Other forms of the same target matched in the window.
    """

    unit: TextUnit
    start: int
    end: int
    before: tuple[str, ...]
    after: tuple[str, ...]
    inside: tuple[str, ...]
    neighbours: tuple[str, ...] = ()
    companions: tuple[Form, ...] = ()

    @property
    def around(self) -> tuple[str, ...]:
        """The words before and after."""
        return self.before + self.after


Decision = tuple[tuple[str, ...], str | None]
"""(evidence, ``None``) to accept a candidate, or ((), reason) to reject it."""
Decide = Callable[[Target, Form, MentionContext], Decision]
"""How a kind of target decides on a match."""


_WORD_RUN_RE = re.compile(r"\w+")
_TRAILING_DIGITS_RE = re.compile(r"\d+$")
_INDEXED_FROM = 64
"""With more targets than this, :func:`candidates_in` narrows them by :class:`_NeedleIndex`
(reading a text's words costs about as much as testing this many needles in it)."""


class _NeedleIndex:
    """Which targets a text can match, from the words of the text: no scan over all targets.

    A form's needle is one of its words (see :func:`needle`); every match of the form
    holds that word as a whole run of word characters, or followed by a plural ending
    (``s``, ``es``) or by digits (an author-year citation, ``Amodei2020``). So a target
    can match a text only if one of the text's word runs, or the run without its
    trailing digits, is a key of one of its forms. Targets with a form whose needle is
    empty or not a plain word are always tried. The index only narrows the targets: the
    needle and the pattern still decide, so the matches are the same as trying them all.
    """

    def __init__(self, targets: Sequence[Target]) -> None:
        self.by_key: dict[str, set[int]] = {}
        self.always: set[int] = set()
        for index, target in enumerate(targets):
            for form in target.forms:
                word = form.needle
                if not word or not _WORD_RUN_RE.fullmatch(word):
                    self.always.add(index)
                    continue
                for key in (word, word + "s", word + "es"):
                    self.by_key.setdefault(key, set()).add(index)

    def candidates(self, lower: str) -> list[int]:
        """Indices (in order) of the targets that may match the lowercased text."""
        found = set(self.always)
        by_key = self.by_key
        for run in set(_WORD_RUN_RE.findall(lower)):
            hit = by_key.get(run)
            if hit is not None:
                found |= hit
            if run[-1].isdecimal():  # the author pattern's \d: digits of any script
                hit = by_key.get(_TRAILING_DIGITS_RE.sub("", run))
                if hit is not None:
                    found |= hit
        return sorted(found)


def _raw_matches(
    unit: TextUnit, lower: str, targets: Iterable[Target], skip: Callable[[Target], bool]
) -> list[tuple[Target, Form, int, int]]:
    found: list[tuple[Target, Form, int, int]] = []
    for target in targets:
        if skip(target):
            continue
        taken: list[tuple[int, int]] = []
        for form in target.forms:
            if form.needle not in lower:
                continue  # a quick test before the regular expression
            for match in form.pattern.finditer(unit.text):
                start, end = match.span()
                if any(a < end and start < b for a, b in taken):
                    continue  # inside a longer form of the same target
                taken.append((start, end))
                found.append((target, form, start, end))
    return found


BESIDE = 20
"""Characters within which another match of a target vouches for a family name alone."""


class _Within:
    """The first of some spans ``(start, end, why, alone)`` that holds a range.

    The spans are sorted by start once, with the furthest end reached so far, so a lookup
    bisects and reads only the spans that may hold the range (one, where none overlap).
    """

    def __init__(self, spans: Sequence[tuple[int, int, str, bool]]) -> None:
        order = sorted(range(len(spans)), key=lambda i: (spans[i][0], i))
        self._spans = [spans[i] for i in order]
        self._order = order
        self._starts = [span[0] for span in self._spans]
        self._reach = list(itertools.accumulate((span[1] for span in self._spans), max))

    def first(self, start: int, end: int) -> tuple[str, bool] | None:
        """``(why, alone)`` of the first span (in the given order) with ``start``-``end``."""
        best: tuple[int, str, bool] | None = None
        at = bisect.bisect_right(self._starts, start) - 1
        while at >= 0 and self._reach[at] >= end:
            a, b, why, alone = self._spans[at]
            if a <= start and end <= b and (best is None or self._order[at] < best[0]):
                best = (self._order[at], why, alone)
            at -= 1
        return None if best is None else (best[1], best[2])


def _beside(places: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether another of ``places`` (sorted by start) is within ``BESIDE`` of a match."""
    at = bisect.bisect_left(places, (start - BESIDE - 1, 0))
    for other_start, other_end in places[at:]:
        if other_start > end + BESIDE:
            return False
        if (other_start, other_end) != (start, end) and other_end >= start - BESIDE:
            return True
    return False


def candidates_in(
    units: Iterable[TextUnit],
    targets: Sequence[Target],
    decide: Decide,
    *,
    skip: Callable[[TextUnit, Target], bool] = lambda unit, target: False,
    neighbours: bool = False,
    attribute: bool = False,
    reserved: Callable[[TextUnit], Sequence[tuple[int, int, str, bool]]] | None = None,
) -> list[Candidate]:
    """Every candidate match of every target's forms in ``units``, each with its decision.

    Args:
        units: Where to search.
        targets: What to search for.
        decide: The decision for a match (see :data:`Decide`).
        skip: Units not searched for a target (the documents about a work itself).
        neighbours: Tell each decision which other targets match in its window
            (:attr:`MentionContext.neighbours`).
        attribute: End each match's window halfway to the next match of the same target
            (evidence belongs to the nearest match).
        reserved: Spans of a unit's text that mean something else (a person's name), each
            ``(start, end, why, alone)``: a match inside one is rejected with ``why``,
            without a decision, and is no other match's neighbour or companion; but where
            ``alone`` (a family name on its own, which may be the word itself), not when
            another match of the same target is within ``BESIDE`` (20) characters.
    """
    result: list[Candidate] = []
    # With few targets, testing each needle is cheaper than reading a text's words.
    needles = _NeedleIndex(targets) if len(targets) > _INDEXED_FROM else None
    for unit in units:
        found: list[Candidate] = []
        lower = unit.text.lower()
        tried = targets if needles is None else [targets[i] for i in needles.candidates(lower)]
        raw = _raw_matches(unit, lower, tried, functools.partial(skip, unit))
        if raw and reserved is not None and (taken := reserved(unit)):
            # Where each target's forms are matched: another form of the same target beside
            # a family name alone ("Han, 한 in Korean") says the words are the target's.
            places: dict[str, list[tuple[int, int]]] = {}
            for target, _, start, end in raw:
                places.setdefault(target.id, []).append((start, end))
            for spans in places.values():
                spans.sort()
            kept = []
            within = _Within(taken)
            for target, form, start, end in raw:
                hit = within.first(start, end)
                if hit is not None and hit[1] and _beside(places[target.id], start, end):
                    hit = None
                if hit is None:
                    kept.append((target, form, start, end))
                else:
                    found.append(Candidate(target.id, form, unit, start, end, (), hit[0]))
            raw = kept
        if not raw:
            result.extend(sorted(found, key=lambda c: (c.start, c.target)))
            continue
        tokens = _tokens(unit.text)
        starts = [t.start for t in tokens]
        by_target: dict[str, list[tuple[Target, Form, int, int]]] = {}
        for item in raw:
            by_target.setdefault(item[0].id, []).append(item)
        marks = sorted((start, target.id) for target, _, start, _ in raw) if neighbours else []
        mark_starts = [m[0] for m in marks]
        for items in by_target.values():
            items.sort(key=lambda item: item[2])
            item_starts = [item[2] for item in items]
            for index, (target, form, start, end) in enumerate(items):
                first = bisect.bisect_left(starts, start)
                last = bisect.bisect_left(starts, end)
                low = max(0, first - WINDOW)
                high = min(len(tokens), last + WINDOW)
                if attribute and index > 0:  # evidence past halfway is the other's
                    middle = (items[index - 1][3] + start) // 2
                    low = max(low, bisect.bisect_left(starts, middle))
                if attribute and index + 1 < len(items):
                    middle = (end + items[index + 1][2]) // 2
                    high = min(high, bisect.bisect_left(starts, middle))
                left = tokens[low].start if low < len(tokens) else start
                right = tokens[high - 1].end if high > 0 else end
                near = tuple(
                    dict.fromkeys(
                        marks[i][1]
                        for i in range(
                            bisect.bisect_left(mark_starts, left),
                            bisect.bisect_right(mark_starts, right),
                        )
                        if marks[i][1] != target.id
                    )
                )
                companions = tuple(
                    dict.fromkeys(
                        other
                        for _, other, a, b in items[
                            bisect.bisect_left(item_starts, left) : bisect.bisect_right(
                                item_starts, right
                            )
                        ]
                        if other != form and b <= right and (a, b) != (start, end)
                    )
                )
                context = MentionContext(
                    unit,
                    start,
                    end,
                    tuple(t.lower for t in tokens[low:first]),
                    tuple(t.lower for t in tokens[last:high]),
                    tuple(t.lower for t in tokens[first:last]),
                    near,
                    companions,
                )
                evidence, reason = decide(target, form, context)
                found.append(Candidate(target.id, form, unit, start, end, evidence, reason))
        result.extend(sorted(found, key=lambda c: (c.start, c.target)))
    return result


# --------------------------------------------------------------------------- evidence


def written_as_name(form: Form, context: MentionContext) -> bool:
    """Whether the match keeps the capitals of a capitalised form (sentence starts aside)."""
    text = context.unit.text[context.start : context.end]
    mine = [w for w in _words(form.text) if w.lower() not in _FUNCTION_WORDS]
    theirs = [w for w in _words(text) if w.lower() not in _FUNCTION_WORDS]
    if len(mine) != len(theirs) or not all(_capitalised(w) for w in theirs):
        return False
    if len(theirs) > 1:
        return True
    before = context.unit.text[: context.start].rstrip()
    return bool(before) and before[-1] not in ".!?:;\"“‘'(—–-"


def citation(target: Target, context: MentionContext) -> list[str]:
    """Citation evidence for a work near a match: cue words, its year, its authors."""
    words = context.around + context.inside
    notes: list[str] = []
    cues = sorted({w for w in words if w in CITATION_WORDS})
    if any(a == "et" and b == "al" for a, b in itertools.pairwise(words)):
        cues.append("et al.")
    if cues:
        notes.append("citation words nearby: " + ", ".join(cues))
    if target.year is not None and str(target.year) in context.around:
        notes.append(f"the work's year ({target.year}) nearby")
    names = sorted(target.authors & set(context.around))
    if names:
        notes.append("its author nearby: " + ", ".join(n.title() for n in names))
    return notes


def topic(target: Target, context: MentionContext) -> list[str]:
    """Words of the target's description near the match (plural-insensitive)."""
    own = {stem(w) for w in context.inside}
    return sorted({stem(w) for w in context.around} & target.topic - own)


def episode(target: Target, context: MentionContext) -> list[str]:
    """Evidence that a series name means this episode: its number, date or a guest."""
    words = set(context.around + context.inside)
    text = context.unit.text
    notes: list[str] = []
    if target.number is not None and (
        str(target.number) in words
        or re.search(rf"#\s*{target.number}\b", text[context.start : context.end + 12])
    ):
        notes.append(f"the episode number ({target.number}) nearby")
    if target.year is not None and target.month is not None and str(target.year) in words:
        months = {MONTH_NAMES[target.month - 1].lower(), MONTH_ABBR[target.month - 1].lower()}
        if months & words:
            notes.append(f"the episode's date ({MONTH_NAMES[target.month - 1]} {target.year})")
    guests = sorted(target.guests & words)
    if guests:
        notes.append("a guest named nearby: " + ", ".join(g.title() for g in guests))
    return notes


#: What follows an author's name in an author-year citation: ``et al.``, or a year.
_CITED = r"\s+(?:et\s+al\b|and\s+(?:colleagues|others)\b)|[\s,]*\(?\s*(?:19|20)\d\d\b"
_AUTHOR_YEAR_RE = re.compile(
    r"\A(?P<etal>\s+(?:et\s+al\b\.?|and\s+(?:colleagues|others)\b))?"
    r"(?:[\s,]*\(?\s*(?P<year>(?:19|20)\d\d)[a-z]?\b)?"
)


#: Where a sentence ends: ``.``, ``!``, ``?`` or ``…`` (and closing quotes or brackets), then
#: space; it ends there only if the next word opens with a capital (not ``et al. (2020)``).
_SENTENCE_END_RE = re.compile(r"[.!?…][\"”’')\]]*\s+")
_OPENING = "\"“‘'([ "
#: A year, written alone: not part of a longer number, a word (``2020s``) or a decimal.
_YEAR_RE = re.compile(r"(?<![\w.,])((?:1[5-9]|20)\d\d)(?!\w|[.,]\d)")


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence holding ``text[start:end]`` starts and ends (the whole text at most).

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (closing quotes and brackets with it)
    followed by space and a capital; a full stop inside the match (a title's question mark)
    ends nothing.
    """
    low, high = 0, len(text)
    for found in _SENTENCE_END_RE.finditer(text):
        if not text[found.end() :].lstrip(_OPENING)[:1].isupper():
            continue  # "et al. (2020)", "e.g. the": not a new sentence
        if found.end() <= start:
            low = found.end()
        elif found.start() >= end:
            high = found.start() + 1
            break
    return low, high


def year_named(text: str, start: int, end: int, years: Iterable[int]) -> int | None:
    """The one of ``years`` written nearest ``text[start:end]`` in its sentence.

    ``None`` when the sentence names none of them, or two of them equally near. A year
    inside the match (a title's own number) does not count.
    """
    wanted = set(years)
    low, high = sentence_of(text, start, end)
    nearest: dict[int, int] = {}
    for found in _YEAR_RE.finditer(text, low, high):
        year = int(found.group(1))
        if year not in wanted or start <= found.start() < end:
            continue
        distance = start - found.end() if found.end() <= start else found.start() - end
        nearest[year] = min(distance, nearest.get(year, distance))
    if not nearest:
        return None
    ranked = sorted(nearest.items(), key=lambda yd: yd[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def author_year(target: Target, context: MentionContext) -> Decision:
    """An author form counts as an author-year citation of one work, or not at all."""
    found = _AUTHOR_YEAR_RE.match(context.unit.text[context.end : context.end + 40])
    etal = bool(found and found["etal"])
    year = int(found["year"]) if found and found["year"] else None
    name = context.unit.text[context.start : context.end]
    if year is None and not etal:
        return (), f"{name} without 'et al.' or a year: the person, not a citation"
    if year is not None and year != target.year:
        return (), f"{name} {year}: another work's year"
    works = sum(n for y, n in target.siblings if year is None or y == year)
    if works > 1:
        return (), f"{name} is the first author of {works} works; which one is not said"
    cited = f"{name} et al." if etal else name
    return (f"author-year citation ({cited}{f' {year}' if year else ''})",), None
