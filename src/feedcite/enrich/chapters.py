"""Chapter alignment: which transcript paragraphs belong to which chapter.

A transcript page has a chapter list with start times but paragraphs without times. The
aligner places every chapter start at a sentence, jointly for all chapters:

1. **Prior.** Speech is roughly steady, so chapter *k* should start near word
   ``start_k × rate`` and its length in words should be near its length in seconds times
   the rate. Both are soft, heavy-tailed (Cauchy) costs: speech rates drift, so a large
   deviation costs less than a Gaussian would make it.
2. **Evidence** at each candidate sentence, computed once per sentence: the chapter
   title's words (stemmed, numbers normalised, variants such as *academia* / *academic*,
   the title's acronym) at the sentence or just after it, less when they were said just
   before (a topic is opened once) unless the sentence that says them is a question (a
   host asking about a topic opens it, whatever was said of it in passing); the title's
   words *sustained* over the next few hundred words, which tells the opening of a
   discussion from a passing mention that the talk leaves again; a question or a cue
   phrase ("let's talk about", "can you explain", "here's NAME") at the sentence; and,
   for a chapter that introduces a guest (``Name - Topic``), the guest's name.
3. **Joint solution.** Candidates are the sentences near each chapter's expected start
   (within a reach that grows with the chapter lengths around it, so that the work per
   chapter is bounded and the whole is linear in the transcript); dynamic programming over
   the chapters in order picks the sentences that maximise prior plus evidence.
4. **The speech rate** comes from the episode's duration when it is known. When it is not,
   it is a parameter of the joint solution: the programme is solved over a grid of rates
   (coarse, then finer around the best), each scored by its best alignment plus a weak
   prior on conversational speech (:data:`SPEECH_RATE_PRIOR`), and the best rate is kept.
   The rates whose score is within :data:`RATE_RANGE_NATS` of the best are reported as
   its range.

Where a chapter starts inside a paragraph, the paragraph is split at that sentence. Each
chapter reports a confidence: the share of the max-marginal probability mass that lies
within one paragraph of the chosen start (averaged over the plausible rates when the rate
was fitted). Paragraph times are interpolated by words within each chapter. Everything
here is an estimate and is marked as such.
"""

from __future__ import annotations

import bisect
import copy
import heapq
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from feedcite.enrich._speech import (
    Sentence,
    TextIndex,
    ends_sentence,
    sentences,
    stem,
    terms,
)
from feedcite.enrich.context import Context
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import (
    AlignedChapter,
    AlignedParagraph,
    Alignment,
    Chapter,
    Corpus,
    SourceSpan,
    Transcript,
    Work,
)
from feedcite.parsers.transcript import MAX_HOURS

__all__ = [
    "RATE_RANGE_NATS",
    "SPEECH_RATE_PRIOR",
    "AlignerWeights",
    "Sentence",
    "align_transcript",
    "align_transcripts",
    "format_duration",
    "sentences",
    "stem",
]

SPEECH_RATE_PRIOR = (170.0, 0.15)
"""Conversational speech: a log-normal prior on words per minute (median, sigma of the
log). Weak on purpose: it only decides between rates the text cannot tell apart."""
RATE_RANGE_NATS = 2.0
"""Rates whose score is within this many nats of the best one form the reported range."""
_SOURCES = {"user": "command line or corpus configuration", "metadata": "curated metadata"}
_RATE_LIMITS = (80.0, 320.0)
"""No rate outside these words per minute is searched; a given duration outside them is
reported as implausible."""


@dataclass(frozen=True, slots=True)
class AlignerWeights:
    """Weights of the aligner's scores (natural-log units) and the extent of its search."""

    title: float = 3.0
    """Per unit of title-word evidence at the candidate (rare words weigh more)."""
    novelty: float = 1.0
    """Share of a title word's evidence lost if the topic was already under discussion (the
    word said at least twice in the ``before`` words), unless the word is said in a
    question: earlier mentions then count as one passing mention (see ``passing``)."""
    passing: float = 0.5
    """Share lost if the word was said once in the ``before`` words (a passing mention
    before the topic is opened weakens the opening less than a discussion under way)."""
    sustained: float = 0.5
    """Per unit of title words repeated over the ``after`` words from the candidate."""
    question: float = 1.2
    """A question at (or right after) the candidate sentence."""
    cue: float = 1.5
    """A cue phrase at (or right after) the candidate sentence."""
    guest: float = 6.0
    """The guest's name at the start of a guest's chapter."""
    lead_in: int = 25
    """Words at most before a chapter's start in its paragraph that go with the chapter (a
    lead-in such as "Let's move on."), where the paragraphs are speaker turns..."""
    turns: float = 0.5
    """...which they are read to be when their lengths vary at least this much (standard
    deviation over mean; a site's or a tool's paragraphs of about 60 words vary about 0.2,
    speaker turns 0.7 and more)."""
    acknowledgment: int = 3
    """Words at most of a paragraph that is a short reply ("Okay.", "Awesome.", "Me too.")
    right before a chapter's start: the chapter starts with it, where the host's turn was
    cut into one paragraph per sentence (up to :attr:`acknowledgments` of them)."""
    acknowledgments: int = 2
    """Short replies at most that a start moves back over..."""
    one_sentence: float = 0.8
    """...where the transcript has at least this many paragraphs per sentence (it is cut
    into sentences; in one cut into speaker turns, a short turn is the other speaker's)."""
    cue_lead_in: int = 40
    """Words at most between an unpunctuated piece that opens with a host's cue ("now
    something different", "you also talk about", "let's move to") and a chapter start
    placed after it, in the same paragraph or the one before: the chapter starts at the cue
    (automatic captions have no sentences, and their paragraphs are cut by time)."""
    exact: float = 0.25
    """How much a start in the wrong paragraph costs, beside one more than a paragraph off,
    when each chapter's start is chosen from the probabilities of the candidates."""
    position_sigma: float = 0.03
    """Scale of a start's deviation from its expected word (Cauchy), as a share of all words."""
    length_sigma: float = 0.15
    """Scale of a chapter's length deviation (Cauchy), as a share of its expected length."""
    length_floor: float = 150.0
    """Minimum scale of a chapter's length deviation, in words."""
    window: int = 45
    """Words after the candidate's start whose sentences count as its evidence."""
    before: int = 400
    """Words before the candidate checked for the title words already being said."""
    after: int = 300
    """Words from the candidate over which the title words' repetition is counted."""
    candidates: int = 40
    """Candidate sentences kept per chapter (best by prior and evidence)."""
    reach: float = 1.5
    """How far from the expected position candidates are looked for, in lengths of the
    longer neighbouring chapter..."""
    reach_floor: int = 400
    """...but at least this many words (or three average chapters, if fewer)..."""
    search: float = 0.12
    """...and at most this share of all words..."""
    max_reach: int = 8000
    """...and never further than this many words (about 50 minutes of speech), so that the
    work per chapter stays bounded and alignment time grows linearly with the transcript."""
    rate_step: float = 0.04
    """Step of the coarse grid of speech rates (a share of the rate)."""
    rate_refine: int = 3
    """Halvings of the step around the best rate after the coarse grid."""
    search_chapters: int = 100
    """Chapters the rate search uses at most (an evenly spread subset of a longer list)."""
    search_candidates: int = 20
    search_reach: int = 2500
    """How far candidates are looked for while the rate is searched, in words at most (the
    grid of rates moves the expected starts; the final alignment looks further)."""
    """Candidate sentences kept per chapter while the rate is searched."""
    work: int = 500_000
    """Transitions the dynamic programme may examine in one solution (a fifth of it per
    rate while the rate is searched): with many chapters, fewer candidates are kept per
    chapter, so that the work stays linear in the number of chapters."""


def format_duration(seconds: float) -> str:
    """``H:MM:SS`` (or ``M:SS`` under an hour) for a number of seconds."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(slots=True)
class _Solution:
    """The best alignment at one speech rate."""

    rate: float
    score: float
    starts: list[int]
    options: list[list[int]]
    mass: list[list[float]]


class _Problem:
    """A transcript and its chapters, with the evidence of every candidate start cached.

    The evidence is computed for two readings of a title said more than once at a time:
    the first mention opens the topic (``reading`` 0, the title words of a later candidate
    count :attr:`AlignerWeights.passing` less), or a later one does (``reading`` 1, a
    single earlier mention was in passing). :meth:`rival` is the same problem read the
    other way, sharing the cache.
    """

    def __init__(
        self,
        found: list[Sentence],
        chapters: list[Chapter],
        weights: AlignerWeights,
        index: TextIndex | None = None,
    ) -> None:
        self.found = found
        self.chapters = chapters
        self.weights = weights
        self.index = index or TextIndex(found, weights.window, weights.before, weights.after)
        self.total_words = self.index.total_words
        self.reading = 0
        self._evidence: list[dict[int, tuple[float, float]]] = [{} for _ in chapters]
        self._titles: list[list[tuple[str, list[int], float]] | None] = [None] * len(chapters)
        self._names: list[re.Pattern[str] | None] = [None] * len(chapters)

    def rival(self) -> _Problem:
        """This problem under the other reading of a repeated title (the cache is shared)."""
        other = copy.copy(self)
        other.reading = 1 - self.reading
        return other

    def title_terms(self, k: int) -> list[tuple[str, list[int], float]]:
        """Chapter ``k``'s title terms with the sentences they occur in and their weight."""
        cached = self._titles[k]
        if cached is None:
            cached = []
            for term in sorted(_title_terms(self.chapters[k])):
                occurrences = self.index.sentences_of(term)
                weight = self.index.weight(occurrences)
                if weight > 0:
                    cached.append((term, occurrences, weight))
            self._titles[k] = cached
        return cached

    def evidence(self, k: int, s: int) -> float:
        """How strongly sentence ``s`` looks like the start of chapter ``k``."""
        cache = self._evidence[k]
        values = cache.get(s)
        if values is None:
            first, second, _ = self._evidence_of(k, s, notes=False)
            values = cache[s] = (first, second)
        return values[self.reading]

    def explain(self, k: int, s: int) -> tuple[str, ...]:
        """What the evidence for chapter ``k`` at sentence ``s`` is made of."""
        return self._evidence_of(k, s, notes=True)[2]

    def _evidence_of(self, k: int, s: int, notes: bool) -> tuple[float, float, tuple[str, ...]]:
        """The evidence under both readings, and (with ``notes``) what it is made of."""
        w, index = self.weights, self.index
        window_end = index.window_end[s]
        before, after = index.before_start[s], index.after_end[s]
        local = passed = sustained = 0.0
        questions = index.questions
        hits: list[str] = []
        for term, occurrences, weight in self.title_terms(k):
            first = index.first_from(occurrences, s)
            if first is not None and first < window_end:
                said = index.between(occurrences, before, s)
                value = weight / (1 + first - s)
                if questions[first]:
                    # Asked about ("How did X come to be?"): the topic opens here, and
                    # what was said of it before was at most in passing.
                    said = min(said, 1)
                if said > 1:
                    value *= 1.0 - w.novelty
                elif said:
                    passed += value * w.passing
                local += value
                if notes:
                    hits.append(term)
            sustained += weight * math.log1p(index.between(occurrences, s, after))
        score = w.title * local + w.sustained * sustained
        found: list[str] = []
        if hits:
            found.append("title words: " + ", ".join(hits))
        question = index.next_question[s]
        if question < window_end:
            score += w.question / (1 + question - s)
            found.append("a question")
        cue = index.next_cue[s]
        if cue < window_end:
            score += w.cue / (1 + cue - s)
            found.append("a cue phrase")
        name = self._name_pattern(k)
        if name is not None:
            for distance, i in enumerate(range(s, min(len(self.found), s + 3))):
                if name.search(self.found[i].text):
                    score += w.guest / (1 + distance)
                    found.append(f"the guest's name ({self.chapters[k].guest})")
                    break
        return score - w.title * passed, score, tuple(found)

    def _name_pattern(self, k: int) -> re.Pattern[str] | None:
        guest = self.chapters[k].guest
        if not guest:
            return None
        cached = self._names[k]
        if cached is None:
            # Name parts cut to four letters, so that misspellings still match.
            parts = [re.escape(p.lower()[:4]) for p in guest.split() if len(p) >= 3]
            if not parts:
                return None
            cached = re.compile(rf"\b(?:{'|'.join(parts)})", re.IGNORECASE)
            self._names[k] = cached
        return cached

    def solve(
        self, rate: float, duration: float, candidates: int, most: float | None = None
    ) -> _Solution:
        """The best alignment when speech runs at ``rate`` words per second.

        ``most`` caps how far from its expected start a chapter's candidates are looked
        for (in words), below :attr:`AlignerWeights.max_reach`.
        """
        w, found, chapters = self.weights, self.found, self.chapters
        count = len(chapters)
        total = self.total_words
        positions = self.index.positions
        expected = [c.start_seconds * rate for c in chapters]
        lengths = [
            ((chapters[k + 1].start_seconds if k + 1 < count else duration) - c.start_seconds)
            * rate
            for k, c in enumerate(chapters)
        ]
        spreads = [max(w.length_floor, w.length_sigma * length) for length in lengths]
        sigma = max(1.0, w.position_sigma * total)
        cap = min(most or w.max_reach, w.max_reach, max(w.reach_floor, w.search * total))
        # The floor is at most a few average chapters, so that a long list of short
        # chapters is searched in time proportional to the transcript.
        floor_reach = min(w.reach_floor, 3.0 * total / count)
        options: list[list[int]] = [[0]]
        locals_: list[list[float]] = [[0.0]]
        floor = 0
        for k in range(1, count):
            reach = min(cap, max(floor_reach, w.reach * max(lengths[k - 1], lengths[k])))
            low = max(1, bisect.bisect_left(positions, expected[k] - reach))
            high = bisect.bisect_right(positions, expected[k] + reach)
            centre = expected[k]
            scored = [
                (self.evidence(k, s) - math.log1p(((positions[s] - centre) / sigma) ** 2), s)
                for s in range(low, high)
            ]
            kept = heapq.nlargest(candidates, scored)
            # One sentence per chapter that keeps a path in order, near the expected one.
            near = bisect.bisect_left(positions, centre)
            floor = min(len(found) - count + k, max(floor + 1, near))
            if all(s != floor for _, s in kept):
                kept.append(
                    (
                        self.evidence(k, floor)
                        - math.log1p(((positions[floor] - centre) / sigma) ** 2),
                        floor,
                    )
                )
            kept.sort(key=lambda item: item[1])
            options.append([s for _, s in kept])
            locals_.append([value for value, _ in kept])
        # Per transition into chapter k: the length cost of a < b (Cauchy, normalised).
        inf = -math.inf
        forward: list[list[float]] = [[0.0]]
        back: list[list[int]] = [[-1]]
        for k in range(1, count):
            expected_length, spread = lengths[k - 1], spreads[k - 1]
            norm = math.log(spread)
            before = [positions[a] for a in options[k - 1]]
            previous_row = forward[k - 1]
            row: list[float] = []
            pointers: list[int] = []
            for b, local_b in zip(options[k], locals_[k], strict=True):
                at_b = positions[b]
                best, arg = inf, -1
                for i, a in enumerate(options[k - 1]):
                    if a >= b:
                        break
                    value = previous_row[i]
                    if value > inf:
                        z = (at_b - before[i] - expected_length) / spread
                        value -= math.log1p(z * z)
                        if value > best:
                            best, arg = value, i
                row.append(best - norm + local_b if arg >= 0 else inf)
                pointers.append(arg)
            forward.append(row)
            back.append(pointers)
        # The last chapter runs to the end of the transcript: its length is known too.
        tail_spread = spreads[-1]
        backward: list[list[float]] = [[0.0] * len(o) for o in options]
        backward[-1] = [
            -math.log1p(((total - positions[s] - lengths[-1]) / tail_spread) ** 2)
            - math.log(tail_spread)
            for s in options[-1]
        ]
        for k in range(count - 2, -1, -1):
            expected_length, spread = lengths[k], spreads[k]
            norm = math.log(spread)
            following = options[k + 1]
            after = [positions[b] for b in following]
            onward = [v + b for v, b in zip(locals_[k + 1], backward[k + 1], strict=True)]
            row = backward[k]
            for i, a in enumerate(options[k]):
                at_a = positions[a]
                best = inf
                for j in range(bisect.bisect_right(following, a), len(following)):
                    z = (after[j] - at_a - expected_length) / spread
                    value = onward[j] - math.log1p(z * z)
                    best = max(best, value)
                row[i] = best - norm if best > inf else inf
        final = [f + b for f, b in zip(forward[-1], backward[-1], strict=True)]
        last = max(range(len(final)), key=lambda i: final[i])
        chosen = [0] * count
        at = last
        for k in range(count - 1, -1, -1):
            chosen[k] = at
            at = back[k][at]
        masses: list[list[float]] = []
        for k in range(count):
            marginals = [f + b for f, b in zip(forward[k], backward[k], strict=True)]
            top = max(marginals)
            mass = [math.exp(m - top) if m > inf else 0.0 for m in marginals]
            total_mass = sum(mass) or 1.0
            masses.append([m / total_mass for m in mass])
        return _Solution(
            rate=rate,
            score=final[last],
            starts=[options[k][chosen[k]] for k in range(count)],
            options=options,
            mass=masses,
        )

    def confidence(
        self, solutions: Sequence[tuple[float, _Solution]], starts: list[int]
    ) -> list[float]:
        """Per chapter, the probability mass within one paragraph of its start in ``starts``.

        The mass is averaged over ``solutions``, each given with its weight.
        """
        result = []
        for k, start in enumerate(starts):
            paragraph = self.found[start].paragraph
            close = 0.0
            for weight, solution in solutions:
                for s, share in zip(solution.options[k], solution.mass[k], strict=True):
                    if abs(self.found[s].paragraph - paragraph) <= 1:
                        close += weight * share
            result.append(round(min(1.0, close), 4))
        return result


@dataclass(frozen=True, slots=True)
class _Fit:
    """The speech rate fitted to a transcript, in words per minute."""

    rate: float
    low: float
    high: float
    solutions: list[tuple[float, _Solution]] = field(default_factory=list)


def _fit_rate(full: _Problem, weights: AlignerWeights) -> tuple[_Fit, _Solution]:
    """Search the speech rate that the text supports best; return it and its alignment.

    With more than ``search_chapters`` chapters the search solves an evenly spread subset
    of them (the first and last included), so that its cost does not grow with the
    chapter list; the final alignment uses every chapter.
    """
    count = len(full.chapters)
    problem = full
    if count > weights.search_chapters:
        picked = sorted(
            {
                round(i * (count - 1) / (weights.search_chapters - 1))
                for i in range(weights.search_chapters)
            }
        )
        problem = _Problem(full.found, [full.chapters[i] for i in picked], weights, full.index)
    chapters = problem.chapters
    total = problem.total_words
    last_start = chapters[-1].start_seconds
    low, high = _RATE_LIMITS
    median, spread = SPEECH_RATE_PRIOR
    low = max(low, median * math.exp(-2.5 * spread))
    high = min(high, median * math.exp(2.5 * spread))
    if last_start > 0:
        ceiling = total / last_start * 60.0 * 0.999  # the last chapter needs some words
        high = min(high, ceiling)
        low = min(low, high * 0.7)
    steps = max(1, math.ceil(math.log(high / low) / weights.rate_step))
    grid = [low * math.exp(i * math.log(high / low) / steps) for i in range(steps + 1)]
    candidates = _candidates(weights.search_candidates, weights.work / 5, len(chapters))
    scored: dict[float, _Solution] = {}

    def value(rate: float) -> float:
        solution = scored.get(rate)
        if solution is None:
            duration = max(last_start + 1.0, total / rate * 60.0)
            solution = problem.solve(rate / 60.0, duration, candidates, weights.search_reach)
            scored[rate] = solution
        prior = -0.5 * (math.log(rate / median) / spread) ** 2
        return solution.score + prior

    for rate in grid:
        value(rate)
    step = math.log(high / low) / steps if steps else weights.rate_step
    for _ in range(weights.rate_refine):
        best = max(scored, key=value)
        step /= 2
        for rate in (best * math.exp(-step), best * math.exp(step)):
            if low <= rate <= high:
                value(rate)
    best = max(scored, key=value)
    top = value(best)
    near = sorted(r for r in scored if value(r) >= top - RATE_RANGE_NATS)
    # The range reaches half a step past the farthest rates kept (the grid's resolution).
    margin = math.exp(step)
    fit_low = max(low, near[0] / margin)
    fit_high = min(high, near[-1] * margin) if last_start > 0 else near[-1] * margin
    weights_of = {r: math.exp(value(r) - top) for r in scored}
    norm = sum(weights_of.values())
    plausible = [
        (share / norm, scored[r]) for r, share in weights_of.items() if share / norm >= 0.01
    ]
    final = full.solve(
        best / 60.0,
        max(last_start + 1.0, total / best * 60.0),
        _candidates(weights.candidates, weights.work, count),
    )
    if problem is not full:
        plausible = [(1.0, final)]
    total_share = sum(share for share, _ in plausible) or 1.0
    plausible = [(share / total_share, solution) for share, solution in plausible]
    return _Fit(best, fit_low, fit_high, plausible), final


def _title_terms(chapter: Chapter) -> set[str]:
    """The terms a chapter's title is matched by: its words, and its acronyms.

    Acronyms are the initials of its capitalised words (*ASL* for *AI Safety Levels*) and,
    when that gives at least three letters, of all its content words (*AGI* for
    *Artificial general intelligence*).
    """
    topic = chapter.topic
    found = set(terms(topic))
    capitals = [w for w in re.findall(r"[^\W\d_][\w'-]*", topic) if w[0].isupper()]
    if len(capitals) >= 2:
        found.add("".join(w[0] for w in capitals).lower())
    content = terms(topic.replace("-", " "))
    found.update(content)
    if len(content) >= 3 and all(t[0].isalpha() for t in content):
        found.add("".join(t[0] for t in content))
    return {t for t in found if t}


def _candidates(most: int, work: float, chapters: int) -> int:
    """Candidates per chapter: ``most``, fewer when ``chapters`` × candidates² exceeds ``work``."""
    return max(6, min(most, int(math.sqrt(work / max(1, chapters)))))


def align_transcript(
    transcript: Transcript,
    duration_seconds: float | None,
    *,
    work: Work | None = None,
    weights: AlignerWeights | None = None,
    duration_source: str = "metadata",
    unknown_because: str = "",
) -> tuple[Alignment, list[Diagnostic]]:
    """Align one transcript's paragraphs with its chapters.

    Args:
        transcript: The transcript.
        duration_seconds: The episode's duration, or ``None`` to fit the speech rate to the
            text and estimate the duration from it. A duration that ends before the last
            chapter starts, or is over :data:`~feedcite.parsers.transcript.MAX_HOURS`
            hours, is reported and not used.
        work: The episode, if identified (its first guest is the guest of the chapters
            before any ``Name - Topic`` chapter).
        weights: The aligner's weights.
        duration_source: Where ``duration_seconds`` comes from (``"metadata"`` or
            ``"user"``), for the report.
        unknown_because: Why no duration is known, for the warning (for example "the
            transcript is linked to no work").
    """
    w = weights or AlignerWeights()
    diagnostics: list[Diagnostic] = []
    where = transcript.span or SourceSpan(transcript.path, 1)
    found = sentences(transcript)
    chapters = list(transcript.chapters) or [
        Chapter(0, "0:00", 0, transcript.title or "Transcript", None, transcript.title, where)
    ]
    problem = _Problem(found, chapters, w)
    total_words = problem.total_words
    last_start = chapters[-1].start_seconds
    duration_seconds = _usable(duration_seconds, duration_source, chapters, where, diagnostics)
    if duration_seconds is None and not unknown_because and diagnostics:
        unknown_because = "the duration given was not usable"
    fit: _Fit | None = None
    solution: _Solution | None = None
    feasible = bool(found) and len(chapters) <= len(found)
    if duration_seconds is not None:
        duration = float(duration_seconds)
        rate = total_words / duration * 60.0
        _check_rate(rate, duration, total_words, found, where, diagnostics)
    elif last_start > 0 and feasible:
        fit, solution = _fit_rate(problem, w)
        rate = fit.rate
    else:
        rate = SPEECH_RATE_PRIOR[0]
    if duration_seconds is None:
        duration = max(last_start + 1.0, total_words / rate * 60.0)
    if feasible and solution is None:
        solution = problem.solve(
            rate / 60.0, duration, _candidates(w.candidates, w.work, len(chapters))
        )
    if solution is None:
        starts = _proportional(found, chapters, rate / 60.0)
        confidences = [1.0] + [0.0] * (len(chapters) - 1)  # the first starts at the start
        notes: list[tuple[str, ...]] = [()] * len(chapters)
        if found:
            diagnostics.append(
                Diagnostic(
                    Code.ALIGN_LOW_CONFIDENCE,
                    f"the transcript has fewer sentences ({len(found)}) than chapters "
                    f"({len(chapters)}); chapters were placed by time alone and some are empty",
                    where,
                    Severity.WARNING,
                )
            )
    else:
        plausible = fit.solutions if fit and fit.solutions else [(1.0, solution)]
        # The other reading of a repeated title: the later mention opens the topic (a
        # passing mention came first). Both readings, and the plausible rates, are averaged;
        # each chapter starts where the most probability lies within one paragraph.
        rival = problem.rival()
        other = rival.solve(
            solution.rate, duration, _candidates(w.candidates, w.work, len(chapters))
        )
        mixture = [(share / 2, each) for share, each in plausible] + [(0.5, other)]
        starts = _with_lead_in(found, _decide(found, solution.starts, mixture, w.exact), w)
        starts = _with_cue_lead_in(found, starts, w)
        starts = _with_acknowledgments(found, starts, w)
        confidences = problem.confidence(mixture, starts)
        notes = [
            ("the transcript's start",) if k == 0 else problem.explain(k, start)
            for k, start in enumerate(starts)
        ]
    if duration_seconds is None:
        diagnostics.append(
            _estimate_warning(fit, rate, duration, total_words, unknown_because, where)
        )
    aligned = _assemble(transcript, found, chapters, starts, confidences, notes, duration, work)
    for chapter in aligned:
        if chapter.confidence < 0.5:
            diagnostics.append(
                Diagnostic(
                    Code.ALIGN_LOW_CONFIDENCE,
                    f"the start of chapter {chapter.chapter.start} {chapter.chapter.title!r} was "
                    f"placed with confidence {chapter.confidence:.2f} (estimated)",
                    chapter.chapter.span,
                    Severity.WARNING,
                    "",
                )
            )
    alignment = Alignment(
        path=transcript.path,
        work_id=work.id if work else None,
        duration_seconds=round(duration, 1),
        duration_estimated=duration_seconds is None,
        chapters=tuple(aligned),
        duration_source="estimated" if duration_seconds is None else duration_source,
        words=total_words,
        words_per_minute=round(rate, 1),
        words_per_minute_range=(round(fit.low, 1), round(fit.high, 1)) if fit else None,
    )
    return alignment, diagnostics


def _usable(
    duration: float | None,
    source: str,
    chapters: list[Chapter],
    where: SourceSpan,
    diagnostics: list[Diagnostic],
) -> float | None:
    """``duration`` if it can be used; otherwise ``None``, with a warning saying why."""
    if duration is None:
        return None
    origin = _SOURCES.get(source, source)
    limit = MAX_HOURS * 3600
    if not (isinstance(duration, int) or math.isfinite(duration)) or duration > limit:
        problem = f"is over {MAX_HOURS} hours"
    elif duration <= chapters[-1].start_seconds:
        problem = (
            f"({format_duration(duration)}) ends before the last chapter starts "
            f"({chapters[-1].start})"
        )
    else:
        return duration
    diagnostics.append(
        Diagnostic(
            Code.TRANSCRIPT_DURATION,
            f"the episode's duration from the {origin} {problem}; it was not used",
            where,
            Severity.WARNING,
        )
    )
    return None


def _check_rate(
    rate: float,
    duration: float,
    words: int,
    found: list[Sentence],
    where: SourceSpan,
    diagnostics: list[Diagnostic],
) -> None:
    """Warn when a known duration gives a speech rate no conversation has."""
    low, high = _RATE_LIMITS
    if found and not low <= rate <= high:
        diagnostics.append(
            Diagnostic(
                Code.TRANSCRIPT_DURATION,
                f"the episode's duration ({format_duration(duration)}) gives {rate:.0f} words "
                f"per minute for the {words} words of the transcript, outside "
                f"{low:.0f}-{high:.0f}: the transcript may be incomplete or the duration "
                "wrong; chapter starts may be far off",
                where,
                Severity.WARNING,
            )
        )


def _estimate_warning(
    fit: _Fit | None, rate: float, duration: float, words: int, because: str, where: SourceSpan
) -> Diagnostic:
    """The warning that the duration was estimated: how, with the rate's range."""
    if fit is not None:
        shortest, longest = words / fit.high * 60.0, words / fit.low * 60.0
        how = (
            f"the speech rate was fitted to the text: {fit.rate:.0f} words per minute "
            f"({fit.low:.0f}-{fit.high:.0f}), so the episode lasts about "
            f"{format_duration(duration)} ({format_duration(shortest)}-"
            f"{format_duration(longest)})"
        )
        if fit.high < _RATE_LIMITS[0]:
            how += ", slower than anyone speaks: the transcript may be incomplete"
    else:
        how = (
            f"estimated {format_duration(duration)} at {rate:.0f} words per minute, a usual "
            "rate of conversation (the chapter list has no later start to fit a rate to)"
        )
    return Diagnostic(
        Code.TRANSCRIPT_DURATION,
        f"no episode duration is known{f' ({because})' if because else ''}; {how}; give the "
        "duration (with --duration, or 'duration' in the corpus configuration) to place "
        "chapters better",
        where,
        Severity.WARNING,
    )


def _decide(
    found: list[Sentence],
    path: list[int],
    mixture: Sequence[tuple[float, _Solution]],
    exact: float,
) -> list[int]:
    """Per chapter, the start with the least expected loss under the ``mixture``.

    The loss counts a start more than one paragraph from the true one as wrong (the mass
    outside one paragraph, whose complement is the confidence reported), and a start in
    another paragraph than the true one as ``exact`` of that (a reader wants the chapter
    to open where it opens). Where the mass is spread over neighbouring paragraphs this
    can pick a paragraph next to the single most likely sentence; within the chosen
    paragraph, the most likely sentence is taken. A start that would not come after the
    one before is replaced by the chapter's start on ``path`` (the best single
    alignment), or the next sentence.
    """
    result: list[int] = []
    for k, fallback in enumerate(path):
        mass: dict[int, float] = {}
        for weight, solution in mixture:
            for s, share in zip(solution.options[k], solution.mass[k], strict=True):
                mass[s] = mass.get(s, 0.0) + weight * share
        by_paragraph: dict[int, float] = {}
        for s, share in mass.items():
            paragraph = found[s].paragraph
            by_paragraph[paragraph] = by_paragraph.get(paragraph, 0.0) + share
        near = {
            s: sum(
                by_paragraph.get(q, 0.0)
                for q in range(found[s].paragraph - 1, found[s].paragraph + 2)
            )
            for s in mass
        }
        best = max(
            sorted(mass),
            key=lambda s: (near[s] + exact * by_paragraph[found[s].paragraph], mass[s]),
        )
        if result and best <= result[-1]:
            best = fallback if fallback > result[-1] else result[-1] + 1
        result.append(min(best, len(found) - 1))
    return result


def _with_lead_in(found: list[Sentence], starts: list[int], weights: AlignerWeights) -> list[int]:
    """Starts moved back over a short lead-in to where their turn starts.

    A chapter that starts after the first sentences of a turn would leave them in the
    chapter before: the host's "Let's move to China." before the question. When the
    paragraphs are turns (their lengths vary as much as :attr:`AlignerWeights.turns` says;
    paragraphs cut by a site or a tool are of even length, and a cut in them can be right)
    and the sentences before the start are at most :attr:`AlignerWeights.lead_in` words,
    the chapter starts with the turn. The paragraph, and so the confidence, is the same.
    """
    # Each paragraph's first sentence, in order; its length in words from the positions.
    first_of: dict[int, int] = {}
    for index, sentence in enumerate(found):
        first_of.setdefault(sentence.paragraph, index)
    if len(first_of) < 2:
        return starts
    firsts = list(first_of.values())
    ends = [found[i].word for i in firsts[1:]]
    ends.append(found[-1].word + len(found[-1].text.split()))
    lengths = [end - found[i].word for i, end in zip(firsts, ends, strict=True)]
    mean = sum(lengths) / len(lengths)
    spread = math.sqrt(sum((n - mean) ** 2 for n in lengths) / len(lengths))
    if not mean or spread / mean < weights.turns:
        return starts
    result = list(starts)
    for k in range(1, len(result)):
        s = result[k]
        first = first_of[found[s].paragraph]
        if first == s or first <= result[k - 1]:
            continue
        if found[s].word - found[first].word <= weights.lead_in:
            result[k] = first
    return result


def _with_acknowledgments(
    found: list[Sentence], starts: list[int], weights: AlignerWeights
) -> list[int]:
    """Starts moved back over short replies that stand as paragraphs before them.

    A transcript with one paragraph per sentence cuts the host's "Okay. So let me ask you
    about..." in two, and the question wins the start; the reply opens the chapter. A start
    at a paragraph's first sentence moves back over at most
    :attr:`AlignerWeights.acknowledgments` paragraphs right before it that are one sentence
    of at most :attr:`AlignerWeights.acknowledgment` words, never to or before the chapter
    before's start; only where there are :attr:`AlignerWeights.one_sentence` paragraphs
    per sentence or more.
    """
    if not found:
        return starts
    paragraphs = len({sentence.paragraph for sentence in found})
    if paragraphs < weights.one_sentence * len(found):
        return starts
    result = list(starts)
    for k in range(1, len(result)):
        s = result[k]
        if s == 0 or found[s - 1].paragraph == found[s].paragraph:
            continue  # not a paragraph's first sentence
        moved = 0
        j = s - 1
        while (
            moved < weights.acknowledgments
            and j > result[k - 1]
            and len(found[j].text.split()) <= weights.acknowledgment
            and found[j - 1].paragraph != found[j].paragraph
            and (j + 1 == len(found) or found[j + 1].paragraph != found[j].paragraph)
        ):
            result[k] = j
            moved += 1
            j -= 1
    return result


def _with_cue_lead_in(
    found: list[Sentence], starts: list[int], weights: AlignerWeights
) -> list[int]:
    """Starts in unpunctuated text moved back to a host's cue just before them.

    In automatic captions a chapter's title words are often said a few words after the
    host's lead-in ("now something quite different, you have been writing about eBPF"),
    and the piece that says them wins. When the start is an unpunctuated piece that does
    not open with a cue itself, and a piece that does
    (:attr:`~feedcite.enrich._speech.Sentence.lead`) begins at most
    :attr:`AlignerWeights.cue_lead_in` words before it, after the chapter before starts,
    with no sentence end between them, the chapter starts at the nearest such piece (in
    the same paragraph or an earlier one). The work is bounded per chapter.
    """
    result = list(starts)
    for k in range(1, len(result)):
        s = result[k]
        if ends_sentence(found[s].text):
            continue
        if not found[s].lead:
            j = s - 1
            while j > result[k - 1] and found[s].word - found[j].word <= weights.cue_lead_in:
                if ends_sentence(found[j].text):
                    break
                if found[j].lead:
                    result[k] = j
                    break
                j -= 1
        # A lead-in of two cues ("i wanted to ask you about the ethics side because | you
        # gave a keynote on ..."): the chapter starts at the first.
        s = result[k]
        j = s - 1
        if (
            found[s].lead
            and j > result[k - 1]
            and found[j].lead
            and not ends_sentence(found[j].text)
            and found[s].word - found[j].word <= weights.cue_lead_in
        ):
            result[k] = j
    return result


def _proportional(found: list[Sentence], chapters: list[Chapter], rate: float) -> list[int]:
    """Starts by time alone, in order (chapters may share a start when sentences run out)."""
    starts: list[int] = []
    positions = [s.word for s in found]
    for chapter in chapters:
        at = min(len(found) - 1, bisect.bisect_left(positions, chapter.start_seconds * rate))
        starts.append(max(at, starts[-1]) if starts else 0)
    return starts if found else [0] * len(chapters)


def _assemble(
    transcript: Transcript,
    found: list[Sentence],
    chapters: list[Chapter],
    starts: list[int],
    confidences: list[float],
    evidence: list[tuple[str, ...]],
    duration: float,
    work: Work | None,
) -> list[AlignedChapter]:
    # Cut points (paragraph, offset) where each chapter begins.
    cuts = [(found[s].paragraph, found[s].offset) if found else (0, 0) for s in starts]
    cuts[0] = (0, 0)
    pieces: list[list[tuple[int, int, str]]] = [[] for _ in chapters]  # (paragraph, part, text)
    # Starts are in order, so the cuts are sorted: a paragraph's owner is found by bisection.
    inside_of: dict[int, list[tuple[int, int]]] = {}
    for k, (p, off) in enumerate(cuts):
        if off > 0:
            inside_of.setdefault(p, []).append((k, off))
    for paragraph in transcript.paragraphs:
        inside = inside_of.get(paragraph.index, [])
        owner = max(0, bisect.bisect_right(cuts, (paragraph.index, 0)) - 1)
        if not inside:
            pieces[owner].append((paragraph.index, 0, paragraph.text))
            continue
        bounds = [(owner, 0), *inside]
        for part, ((k, start), (_, end)) in enumerate(
            zip(bounds, [*bounds[1:], (None, len(paragraph.text))], strict=True)
        ):
            text = paragraph.text[start:end].strip()
            if text:
                pieces[k].append((paragraph.index, part + 1, text))
    present = chapter_guests(chapters, [[text for _, _, text in piece] for piece in pieces], work)
    result: list[AlignedChapter] = []
    spans = {p.index: p.span for p in transcript.paragraphs}
    for k, chapter in enumerate(chapters):
        guests = present[k]
        guest = chapter.guest or (guests[-1] if guests else None)
        begin = float(chapter.start_seconds)
        finish = float(chapters[k + 1].start_seconds) if k + 1 < len(chapters) else float(duration)
        words = [len(text.split()) for _, _, text in pieces[k]]
        total = sum(words) or 1
        elapsed = 0
        aligned: list[AlignedParagraph] = []
        for (index, part, text), length in zip(pieces[k], words, strict=True):
            seconds = begin + (finish - begin) * elapsed / total
            aligned.append(AlignedParagraph(index, part, text, round(seconds, 1), spans[index]))
            elapsed += length
        result.append(
            AlignedChapter(
                chapter, finish, guest, tuple(aligned), confidences[k], evidence[k], guests
            )
        )
    return result


def chapter_guests(
    chapters: Sequence[Chapter], texts: Sequence[Sequence[str]], work: Work | None
) -> list[tuple[str, ...]]:
    """Who the host is talking with in each chapter, in the order they joined.

    Before the first ``Name - Topic`` chapter, the episode's guests whom no such title names
    (with no episode known: nobody). A ``Name - Topic`` chapter starts a segment that the
    named guest joins. Whether the guests present before stay depends on the segment's text
    (its chapters up to the next ``Name - Topic`` one, ``texts`` being each chapter's
    paragraphs): one who is addressed there by name (*"Katharina, to close, ..."*, *"thank
    you, Chris."*) is still in the conversation and stays for the whole segment; the others
    have left (a series that talks to its guests one after another). A name that is only
    mentioned (*"said Katharina"*, *"Dario's essay"*) keeps nobody.

    Args:
        chapters: The transcript's chapters, in order.
        texts: Each chapter's paragraph texts (as aligned), one sequence per chapter.
        work: The episode, if identified.
    """
    named = {_name_key(c.guest) for c in chapters if c.guest}
    # A title may write the family name first (``Nguyễn Thị Hương``) or last.
    families = {
        word
        for c in chapters
        if c.guest
        for word in (_name_words(c.guest)[0], _name_words(c.guest)[-1])
    }
    present = tuple(
        c.display
        for c in (work.authors if work else ())
        if c.role == "guest"
        and _name_key(c.display) not in named
        and _name_key(c.family) not in families
    )
    starts = [k for k, c in enumerate(chapters) if c.guest]
    bounds = [*starts, len(chapters)]
    result = [present] * (starts[0] if starts else len(chapters))
    for begin, end in itertools.pairwise(bounds):
        joining = chapters[begin].guest
        assert joining is not None
        text = " ".join(t for k in range(begin, end) for t in texts[k])
        stays = [g for g in present if _name_key(g) == _name_key(joining) or _addressed(g, text)]
        if all(_name_key(g) != _name_key(joining) for g in stays):
            stays.append(joining)
        present = tuple(stays)
        result.extend([present] * (end - begin))
    return result


def _name_words(name: str) -> list[str]:
    return name.casefold().split() or [""]


def _name_key(name: str) -> str:
    """A name's words, in any order: ``Thị Hương Nguyễn`` is ``Nguyễn Thị Hương``."""
    return " ".join(sorted(_name_words(name)))


def _addressed(name: str, text: str) -> bool:
    """Whether ``text`` speaks to the person: the full or first name as a vocative.

    A vocative stands at the start of a sentence followed by a comma (``Katharina, to
    close``) or closes a sentence after a comma (``thank you, Chris.``).
    """
    words = name.split()
    forms = "|".join(re.escape(f) for f in dict.fromkeys([name, words[0]]))
    pattern = rf"(?:(?:^|[.?!]\s+)(?:{forms}),|,\s*(?:{forms})[.?!])"
    return re.search(pattern, text) is not None


def align_transcripts(corpus: Corpus, context: Context) -> Corpus:
    """Align every transcript of the corpus.

    The duration is, in order: the one given for the transcript's file (``--duration``, or
    ``duration`` on its capture in the corpus configuration, in
    :attr:`~feedcite.enrich.pipeline.Context.durations`), its episode's curated duration,
    or estimated from the text (with a warning that says why).
    """
    given = dict(context.durations)
    diagnostics = list(corpus.diagnostics)
    alignments = []
    works = {w.id: w for w in corpus.works}
    same: dict[str, str] = {
        link.path: link.work_id for link in corpus.links if link.kind == "same-work"
    }
    for document in corpus.documents:
        if not isinstance(document, Transcript) or not document.paragraphs:
            continue  # a transcript without paragraphs was reported by its parser
        work = works.get(same.get(document.path, ""))
        source = "user"
        duration: float | None = given.get(document.path)
        because = ""
        if duration is None:
            source = "metadata"
            duration = work.duration_seconds if work else None
            if work is None:
                because = "the transcript is linked to no work"
            elif duration is None:
                because = f"its work {work.id!r} has no duration"
        alignment, problems = align_transcript(
            document,
            duration,
            work=work,
            duration_source=source,
            unknown_because=because,
        )
        alignments.append(alignment)
        diagnostics.extend(problems)
    return replace(corpus, alignments=tuple(alignments), diagnostics=tuple(diagnostics))
