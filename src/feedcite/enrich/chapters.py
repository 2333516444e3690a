"""Chapter alignment: which transcript paragraphs belong to which chapter.

A transcript page has a chapter list with start times but paragraphs without times. The
aligner places every chapter start at a sentence, jointly for all chapters:

1. **Prior.** Speech is roughly steady, so chapter *k* should start near word
   ``start_k / duration * total_words``, and its length in words should be near its
   length in seconds times the word rate. Both are soft, heavy-tailed (Cauchy) costs:
   speech rates drift, so a large deviation costs less than a Gaussian would make it.
2. **Evidence** at each candidate sentence: the chapter title's words (stemmed, numbers
   normalised, acronyms of the title such as *ASL* for *AI Safety Levels*) appearing in
   the sentence or just after it, and not just before it (a topic's first mention, rare
   words counting more); a question, which is how a host opens a topic; cue phrases
   ("let's talk about", "can you explain", "here's NAME"); and, for a chapter that
   introduces a guest (``Name - Topic``), the guest's name.
3. **Joint solution.** Candidates are the sentences within 12% of the transcript (at most
   8,000 words) of the expected start; dynamic programming over the chapters in order
   picks the sentences that maximise prior plus evidence, each chapter after the one
   before.

Where a chapter starts inside a paragraph, the paragraph is split at that sentence.
Each chapter reports a confidence: the share of the max-marginal probability mass that
lies within one paragraph of the chosen start. Paragraph times are interpolated by words
within each chapter. Everything here is an estimate and is marked as such.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, replace

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

__all__ = ["AlignerWeights", "Sentence", "align_transcript", "align_transcripts", "sentences"]

#: Words per minute assumed when no duration is known.
DEFAULT_WORDS_PER_MINUTE = 170.0

#: A sentence ends at . ! ? or … (and closing quotes) followed by a space: "3.5" is not an end.
_SENTENCE_RE = re.compile(r".+?(?:[.!?…]+[\"'”’)\]]*(?=\s|$)|$)\s*")
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_STOPWORDS = frozenset(
    (
        "a an the of in on at to for from with by via and or is are be it its this that "
        "these those what how why who when where which about into as do does did can "
        "could would should will you your i we our they their he she his her me my us so "
        "not no yes yeah just like know think right um uh oh okay well really very"
    ).split()
)
_NUMBERS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10",
}  # fmt: skip
_CUE_RE = re.compile(
    r"\b(?:let'?s (?:talk|start|go|get|turn|move|switch|jump|dive|continue)|let me ask|"
    r"i (?:got|have|want) to ask|can (?:you|we) (?:explain|describe|talk|speak|tell|expand|"
    r"just)|what (?:do|did) you think|you(?:'ve| have)? (?:written|wrote|said)|"
    r"tangent|jump into|speaking of|here'?s [A-Z]|dear friends|thanks for listening|"
    r"the following is|what about)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class AlignerWeights:
    """Weights of the aligner's scores (natural-log units)."""

    title: float = 3.0
    """Per unit of title-word evidence (rare words weigh more)."""
    novelty: float = 1.0
    """Share of the title evidence kept only if the words were not just said."""
    question: float = 1.2
    """A question at (or right after) the candidate sentence."""
    cue: float = 1.5
    """A cue phrase at (or right after) the candidate sentence."""
    guest: float = 6.0
    """The guest's name at the start of a guest's chapter."""
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
    candidates: int = 40
    """Candidate sentences kept per chapter (best by prior and evidence)."""
    search: float = 0.12
    """How far from the expected position candidates are looked for (share of all words)."""
    max_reach: int = 8000
    """...but never further than this many words (about 50 minutes of speech), so that the
    work per chapter stays bounded and alignment time grows linearly with the transcript."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a transcript paragraph."""

    paragraph: int
    offset: int
    text: str
    word: int
    """Words of the transcript before this sentence."""


def sentences(transcript: Transcript) -> list[Sentence]:
    """The transcript's sentences in order, with their paragraph and word position."""
    result: list[Sentence] = []
    words = 0
    for paragraph in transcript.paragraphs:
        text = paragraph.text
        for found in _SENTENCE_RE.finditer(text):
            chunk = found.group()
            if not chunk.strip():
                continue
            result.append(Sentence(paragraph.index, found.start(), chunk.strip(), words))
            words += len(chunk.split())
    return result


def stem(word: str) -> str:
    """A crude stem for matching title words with their variants (competitors/competition)."""
    word = _NUMBERS.get(word, word)
    for suffix in (
        "ations",
        "ation",
        "ities",
        "ity",
        "ings",
        "ing",
        "ers",
        "er",
        "ies",
        "es",
        "s",
        "ed",
        "ly",
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _terms(text: str) -> list[str]:
    return [stem(t) for t in _TOKEN_RE.findall(text.lower()) if t not in _STOPWORDS]


def _title_terms(chapter: Chapter) -> set[str]:
    topic = chapter.topic
    terms = set(_terms(topic))
    capitals = [w for w in re.findall(r"[A-Za-z][\w'-]*", topic) if w[0].isupper()]
    if len(capitals) >= 2:
        terms.add("".join(w[0] for w in capitals).lower())
    terms.update(_terms(topic.replace("-", " ")))
    return {t for t in terms if t}


def _name_terms(name: str | None) -> list[str]:
    """A guest's name parts, cut to four letters so that misspellings still match."""
    if not name:
        return []
    return [p.lower()[:4] for p in name.split() if len(p) >= 3]


class _Scorer:
    """Evidence that a chapter starts at a sentence; per-sentence features computed once."""

    def __init__(
        self, transcript: Transcript, found: list[Sentence], weights: AlignerWeights
    ) -> None:
        self.found = found
        self.weights = weights
        self.terms = [_terms(s.text) for s in found]
        self.term_sets = [set(terms) for terms in self.terms]
        self.lengths = [len(s.text.split()) for s in found]
        self.questions = [s.text.rstrip("\"'”’ ").endswith("?") for s in found]
        self.cues = [bool(_CUE_RE.search(s.text)) for s in found]
        documents = Counter(t for terms in self.term_sets for t in terms)
        total = max(1, len(found))
        self.idf = {t: math.log(total / n) for t, n in documents.items()}
        self.total_words = found[-1].word + self.lengths[-1] if found else 0
        # window_end[s]: the first sentence at least ``window`` words after sentence s.
        self.window_end: list[int] = []
        end = 0
        for start, sentence in enumerate(found):
            end = max(end, start + 1)
            while end < len(found) and found[end].word - sentence.word < weights.window:
                end += 1
            self.window_end.append(end)
        self._title_terms: dict[int, set[str]] = {}
        del transcript

    def title_terms(self, chapter: Chapter) -> set[str]:
        if chapter.index not in self._title_terms:
            self._title_terms[chapter.index] = _title_terms(chapter)
        return self._title_terms[chapter.index]

    def before(self, s: int) -> set[str]:
        """Terms of the ``before`` words preceding sentence ``s``."""
        seen: set[str] = set()
        j, words = s - 1, 0
        while j >= 0 and words < self.weights.before:
            seen.update(self.term_sets[j])
            words += self.lengths[j]
            j -= 1
        return seen

    def evidence(self, s: int, chapter: Chapter) -> tuple[float, list[str]]:
        w = self.weights
        terms = self.title_terms(chapter)
        notes: list[str] = []
        score = 0.0
        window = range(s, self.window_end[s])
        before: set[str] | None = None
        hits: set[str] = set()
        scale = max(1.0, math.log(len(self.found)))
        for distance, i in enumerate(window):
            decay = 1.0 / (1 + distance)
            for term in terms & self.term_sets[i]:
                if term in hits:
                    continue
                hits.add(term)
                if before is None:
                    before = self.before(s)
                weight = self.idf.get(term, 0.0) / scale
                fresh = 1.0 if term not in before else (1.0 - w.novelty)
                score += w.title * weight * decay * fresh
        if hits:
            notes.append("title words: " + ", ".join(sorted(hits)))
        for distance, i in enumerate(window):
            if self.questions[i]:
                score += w.question / (1 + distance)
                notes.append("a question")
                break
        for distance, i in enumerate(window):
            if self.cues[i]:
                score += w.cue / (1 + distance)
                notes.append("a cue phrase")
                break
        names = _name_terms(chapter.guest)
        if names:
            for distance, i in enumerate(range(s, min(len(self.found), s + 3))):
                lowered = self.found[i].text.lower()
                if any(re.search(rf"\b{re.escape(n)}", lowered) for n in names):
                    score += w.guest / (1 + distance)
                    notes.append(f"the guest's name ({chapter.guest})")
                    break
        return score, notes


def align_transcript(
    transcript: Transcript,
    duration_seconds: float | None,
    *,
    work: Work | None = None,
    weights: AlignerWeights | None = None,
) -> tuple[Alignment, list[Diagnostic]]:
    """Align one transcript's paragraphs with its chapters.

    Args:
        transcript: The transcript.
        duration_seconds: The episode's duration, or ``None`` to estimate it from the words.
        work: The episode, if identified (its first guest is the guest of the chapters
            before any ``Name - Topic`` chapter).
        weights: The aligner's weights.
    """
    w = weights or AlignerWeights()
    diagnostics: list[Diagnostic] = []
    found = sentences(transcript)
    chapters = list(transcript.chapters)
    if not chapters:
        chapters = [
            Chapter(
                0,
                "0:00",
                0,
                transcript.title or "Transcript",
                None,
                transcript.title,
                transcript.span or SourceSpan(transcript.path, 1),
            )
        ]
    total_words = found[-1].word + len(found[-1].text.split()) if found else 0
    estimated = duration_seconds is None
    if duration_seconds is None:
        duration_seconds = max(
            chapters[-1].start_seconds + 60.0, total_words / DEFAULT_WORDS_PER_MINUTE * 60.0
        )
        diagnostics.append(
            Diagnostic(
                Code.TRANSCRIPT_DURATION,
                f"no episode duration is known; estimated {duration_seconds / 60:.0f} min from "
                f"{total_words} words at {DEFAULT_WORDS_PER_MINUTE:.0f} words per minute",
                transcript.span or SourceSpan(transcript.path, 1),
                Severity.WARNING,
            )
        )
    if chapters[-1].start_seconds >= duration_seconds:
        duration_seconds = chapters[-1].start_seconds + 60.0
    starts, confidences, evidence = _solve(
        transcript, found, chapters, duration_seconds, total_words, w
    )
    aligned = _assemble(
        transcript, found, chapters, starts, confidences, evidence, duration_seconds, work
    )
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
        duration_seconds=float(duration_seconds),
        duration_estimated=estimated,
        chapters=tuple(aligned),
    )
    return alignment, diagnostics


def _solve(
    transcript: Transcript,
    found: list[Sentence],
    chapters: list[Chapter],
    duration: float,
    total_words: int,
    w: AlignerWeights,
) -> tuple[list[int], list[float], list[tuple[str, ...]]]:
    """Chosen start sentence, confidence and evidence notes for every chapter."""
    count = len(chapters)
    if not found:
        return [0] * count, [0.0] * count, [()] * count
    scorer = _Scorer(transcript, found, w)
    rate = total_words / duration
    expected = [c.start_seconds * rate for c in chapters]
    sigma = max(1.0, w.position_sigma * total_words)
    reach = min(w.search * total_words, w.max_reach)
    positions = [sentence.word for sentence in found]
    # Candidates and their local scores (prior + evidence), best first, per chapter.
    options: list[list[tuple[int, float, list[str]]]] = [[(0, 0.0, ["the transcript's start"])]]
    for k in range(1, count):
        scored: list[tuple[int, float, list[str]]] = []
        low = max(1, bisect.bisect_left(positions, expected[k] - reach))
        high = bisect.bisect_right(positions, expected[k] + reach)
        for s in range(low, high):
            prior = _robust((found[s].word - expected[k]) / sigma)
            local, notes = scorer.evidence(s, chapters[k])
            scored.append((s, prior + local, notes))
        scored.sort(key=lambda item: -item[1])
        kept = scored[: w.candidates]
        if not kept:
            near = bisect.bisect_left(positions, expected[k])
            nearest = min(
                (s for s in (near - 1, near) if 1 <= s < len(found)),
                key=lambda s: abs(found[s].word - expected[k]),
                default=0,
            )
            kept = [(nearest, 0.0, [])]
        options.append(sorted(kept))

    def length_cost(k: int, a: int, b: int) -> float:
        expected_length = (chapters[k].start_seconds - chapters[k - 1].start_seconds) * rate
        spread = max(w.length_floor, w.length_sigma * expected_length)
        return _robust((found[b].word - found[a].word - expected_length) / spread)

    # Forward and backward max-sum over the chapters (each start after the one before).
    forward: list[list[float]] = [[0.0]]
    back: list[list[int]] = [[-1]]
    for k in range(1, count):
        row, pointers = [], []
        for b, local_b, _ in options[k]:
            best, arg = -math.inf, -1
            for i, (a, _, _) in enumerate(options[k - 1]):
                if a < b and forward[k - 1][i] > -math.inf:
                    value = forward[k - 1][i] + length_cost(k, a, b)
                    if value > best:
                        best, arg = value, i
            row.append(best + local_b if arg >= 0 else -math.inf)
            pointers.append(arg)
        forward.append(row)
        back.append(pointers)
    # The last chapter runs to the end of the transcript: its length is known too.
    tail_length = (duration - chapters[-1].start_seconds) * rate
    tail_spread = max(w.length_floor, w.length_sigma * tail_length)
    backward: list[list[float]] = [[0.0] * len(o) for o in options]
    backward[-1] = [
        _robust((total_words - found[s].word - tail_length) / tail_spread)
        for s, _, _ in options[-1]
    ]
    for k in range(count - 2, -1, -1):
        for i, (a, _, _) in enumerate(options[k]):
            best = -math.inf
            for j, (b, local_b, _) in enumerate(options[k + 1]):
                if a < b:
                    best = max(best, length_cost(k + 1, a, b) + local_b + backward[k + 1][j])
            backward[k][i] = best
    final = [f + b for f, b in zip(forward[-1], backward[-1], strict=True)]
    last = max(range(len(final)), key=lambda i: final[i])
    chosen = [0] * count
    index = last
    for k in range(count - 1, -1, -1):
        chosen[k] = index
        index = back[k][index] if k > 0 else -1
    starts = [options[k][chosen[k]][0] for k in range(count)]
    confidences: list[float] = []
    reasons: list[tuple[str, ...]] = []
    for k in range(count):
        marginals = [f + b for f, b in zip(forward[k], backward[k], strict=True)]
        top = max(marginals)
        if top == -math.inf:
            confidences.append(0.0)
        else:
            mass = [math.exp(m - top) if m > -math.inf else 0.0 for m in marginals]
            paragraph = found[starts[k]].paragraph
            close = 0.0
            for share, (start, _, _) in zip(mass, options[k], strict=True):
                if abs(found[start].paragraph - paragraph) <= 1:
                    close += share
            confidences.append(round(close / sum(mass), 4))
        reasons.append(tuple(options[k][chosen[k]][2]))
    return starts, confidences, reasons


def _robust(z: float) -> float:
    """Log-density of a Cauchy deviation ``z``.

    Speech rates vary, so a large deviation costs less than a Gaussian would make it cost.
    """
    return -math.log1p(z * z)


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
    guest = _first_guest(work)
    result: list[AlignedChapter] = []
    spans = {p.index: p.span for p in transcript.paragraphs}
    for k, chapter in enumerate(chapters):
        if chapter.guest:
            guest = chapter.guest
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
            AlignedChapter(chapter, finish, guest, tuple(aligned), confidences[k], evidence[k])
        )
    return result


def _first_guest(work: Work | None) -> str | None:
    if work is None:
        return None
    guests = [c.display for c in work.authors if c.role == "guest"]
    return guests[0] if guests else None


def align_transcripts(corpus: Corpus, context: Context) -> Corpus:
    """Align every transcript of the corpus, with its episode's duration when identified."""
    del context
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
        alignment, problems = align_transcript(
            document, work.duration_seconds if work else None, work=work
        )
        alignments.append(alignment)
        diagnostics.extend(problems)
    return replace(corpus, alignments=tuple(alignments), diagnostics=tuple(diagnostics))
