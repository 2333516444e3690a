"""How well chapter alignment places chapter starts, with and without the episode's duration.

``python -m tests.benchmarks.alignment`` prints the table; ``nox -s bench`` puts it in the
report. Transcripts scored:

- the bundled transcript, against its hand-labelled answer key
  (``tests/data/transcripts/lex-fridman-452-chapter-starts.toml``);
- the transcripts written for the tests with known boundaries (``tests/data/transcripts/``);
- every transcript in ``shared/benchmarks/transcripts/`` (real public episodes with answer
  keys made from their timestamps), read from where it is, never copied: the folder is
  looked for beside the project and its parents (or named by ``$FEEDCITE_ALIGNMENT_BENCH``);
  skipped when absent;
- variants of those real episodes made on the fly, to see whether a result depends on one
  paragraph style: one paragraph per sentence, paragraphs merged to about 60 words, and
  the merged paragraphs lowercased with all punctuation removed (as automatic captions).

A chapter is right when its first paragraph is within one of the key's paragraph (or is
the key's ``alt_paragraph``). *Calibration* is how often a chapter placed with confidence
0.8 or more is right. *Rate* compares the speech rate fitted without a duration with the
true one (words over the true duration).
"""

from __future__ import annotations

import json
import os
import re
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from feedcite import parse_transcript
from feedcite.enrich.chapters import align_transcript
from feedcite.model import Transcript

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "transcripts"
_ENV = "FEEDCITE_ALIGNMENT_BENCH"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_PUNCTUATION = re.compile(r"[^\w\s']")


@dataclass(frozen=True)
class Case:
    """A transcript with the paragraph each chapter starts in."""

    name: str
    group: str
    """Which kind of transcript it is, for the summary."""
    transcript: Transcript
    key: tuple[tuple[int, int | None], ...]
    """Per chapter: the paragraph it starts in, and an equally right one (or ``None``)."""
    duration: float


@dataclass(frozen=True)
class Score:
    """How one case aligned, with or without its duration."""

    right: int
    chapters: int
    mean_error: float
    confident: int
    confident_right: int
    rate: float
    true_rate: float
    seconds: float


def shared_folder() -> Path | None:
    """The folder of real transcripts with answer keys, if it is on this machine."""
    named = os.environ.get(_ENV)
    if named:
        return Path(named) if Path(named).is_dir() else None
    for folder in ROOT.parents:
        candidate = folder / "shared" / "benchmarks" / "transcripts"
        if candidate.is_dir():
            return candidate
    return None


def bundled_case() -> Case:
    """The bundled transcript and its hand-labelled key (its duration is curated)."""
    starts = tomllib.loads(
        (DATA / "lex-fridman-452-chapter-starts.toml").read_text(encoding="utf-8")
    )["starts"]
    transcript = parse_transcript(
        (ROOT / "refs" / "captures" / "lex-fridman-452-transcript.txt").read_bytes(),
        "lex-fridman-452-transcript.txt",
    )
    key = tuple((int(s["paragraph"]), None) for s in starts)
    return Case("lex-fridman-452 (bundled)", "bundled", transcript, key, 18901.0)


def synthetic_cases() -> Iterator[Case]:
    """The transcripts written for the tests, with their known boundaries."""
    keys = tomllib.loads((DATA / "known-boundaries.toml").read_text(encoding="utf-8"))
    for name, entry in sorted(keys.items()):
        transcript = parse_transcript((DATA / f"{name}.txt").read_bytes(), f"{name}.txt")
        key = tuple((int(p), None) for p in entry["paragraphs"])
        group = f"written for the tests ({entry['style']})"
        yield Case(name, group, transcript, key, float(entry["duration_seconds"]))


def shared_cases(folder: Path) -> Iterator[Case]:
    """The real episodes of ``folder`` (``<slug>-transcript.txt`` with ``<slug>-key.json``)."""
    for key_path in sorted(folder.glob("*-key.json")):
        slug = key_path.name.removesuffix("-key.json")
        text_path = folder / f"{slug}-transcript.txt"
        if not text_path.exists():
            continue
        key = json.loads(key_path.read_text(encoding="utf-8"))
        transcript = parse_transcript(text_path.read_bytes(), text_path.name)
        chapters = tuple((int(c["paragraph"]), c.get("alt_paragraph")) for c in key["chapters"])
        case = Case(slug, "real episodes", transcript, chapters, float(key["duration_seconds"]))
        yield case
        yield from variants(case, [str(c.get("sentence", "")) for c in key["chapters"]])


def variants(case: Case, openings: list[str]) -> Iterator[Case]:
    """``case`` re-paragraphed three ways, with its key moved to the new paragraphs.

    Each chapter's start is the first word of its opening sentence (found in its key
    paragraph by its first words, or the paragraph's start), so the key follows the text.
    """
    paragraphs = [p.text for p in case.transcript.paragraphs]
    offsets = [0]
    for text in paragraphs:
        offsets.append(offsets[-1] + len(text.split()))
    starts = [
        _opening_word(paragraphs, offsets, p, o)
        for (p, _), o in zip(case.key, openings, strict=True)
    ]
    alts = [offsets[a] if a is not None else None for _, a in case.key]
    sentences = [s for text in paragraphs for s in _SENTENCE_END.split(text) if s.strip()]
    merged = _merge(sentences, 60)
    flattened = [" ".join(_PUNCTUATION.sub(" ", m).lower().split()) for m in merged]
    # Removing punctuation can change word counts ("2.0", "co-founder"): the key follows
    # the words of the punctuated pieces the flattened ones come from.
    for style, pieces, counted in (
        ("one paragraph per sentence", sentences, sentences),
        ("merged to about 60 words", merged, merged),
        ("merged, no punctuation", flattened, merged),
    ):
        transcript = _rebuilt(case.transcript, pieces)
        bounds = [0]
        for piece in counted:
            bounds.append(bounds[-1] + len(piece.split()))
        key = tuple(
            (_containing(bounds, s), _containing(bounds, a) if a is not None else None)
            for s, a in zip(starts, alts, strict=True)
        )
        yield Case(f"{case.name}, {style}", f"real, {style}", transcript, key, case.duration)


def _opening_word(paragraphs: list[str], offsets: list[int], index: int, opening: str) -> int:
    text = paragraphs[index]
    head = " ".join(opening.split()[:6])
    at = text.find(head) if head else -1
    return offsets[index] + (len(text[:at].split()) if at > 0 else 0)


def _containing(bounds: list[int], word: int) -> int:
    """The index of the piece that holds ``word`` (``bounds``: each piece's first word)."""
    low, high = 0, len(bounds) - 2
    while low < high:
        middle = (low + high + 1) // 2
        if bounds[middle] <= word:
            low = middle
        else:
            high = middle - 1
    return low


def _merge(sentences: list[str], words: int) -> list[str]:
    merged: list[str] = []
    current: list[str] = []
    count = 0
    for sentence in sentences:
        current.append(sentence)
        count += len(sentence.split())
        if count >= words:
            merged.append(" ".join(current))
            current, count = [], 0
    if current:
        merged.append(" ".join(current))
    return merged


def _rebuilt(transcript: Transcript, paragraphs: list[str]) -> Transcript:
    lines = [transcript.title, "", "Chapters", ""]
    lines += [f"{c.start} {c.title}" for c in transcript.chapters]
    lines += ["", "Transcript", "", "\n\n".join(paragraphs), ""]
    return parse_transcript("\n".join(lines), transcript.path)


def score(case: Case, duration: float | None) -> Score:
    """Align ``case`` (with ``duration``, or fitting the rate) and score it against its key."""
    start = time.perf_counter()
    alignment, _ = align_transcript(case.transcript, duration)
    seconds = time.perf_counter() - start
    right = errors = confident = confident_right = 0
    for chapter, (paragraph, alt) in zip(alignment.chapters, case.key, strict=True):
        got = chapter.paragraphs[0].paragraph if chapter.paragraphs else -1
        ok = abs(got - paragraph) <= 1 or got == alt
        right += ok
        errors += abs(got - paragraph)
        if chapter.confidence >= 0.8:
            confident += 1
            confident_right += ok
    count = len(case.key)
    return Score(
        right,
        count,
        errors / max(1, count),
        confident,
        confident_right,
        alignment.words_per_minute,
        alignment.words / case.duration * 60.0,
        seconds,
    )


def all_cases() -> tuple[list[Case], Path | None]:
    """Every case there is on this machine, and the shared folder (if found)."""
    cases = [bundled_case(), *synthetic_cases()]
    folder = shared_folder()
    if folder is not None:
        cases.extend(shared_cases(folder))
    return cases, folder


def _percent(right: int, total: int) -> str:
    return f"{right}/{total} ({right / total:.0%})" if total else "-"


def stress() -> list[tuple[str, float]]:
    """Seconds (best of three) to parse and align transcripts built to be hard on the parser
    and the aligner."""
    chapters = "\n".join(f"{i}:00 Topic number {i}" for i in range(2000))
    body = "\n\n".join(f"Now topic number {i} starts here. And it goes on." for i in range(2000))
    many = f"T\n\nChapters\n\n{chapters}\n\nTranscript\n\n{body}\n"
    trailer = "Transcribed by https://otter.ai" + " you" * 50_000 + " and that was it."
    almost = f"T\n\nChapters\n\n0:00 A\n\nTranscript\n\n{trailer}\n"
    words = " ".join(["and then we turn the pile so the middle gets air"] * 3_700)
    captions = f"T\n\nChapters\n\n0:00 A\n30:00 B\n\nTranscript\n\n{words}\n"
    results = []
    for label, text in (
        ("2,000 chapters a minute apart over 20,000 words, no duration", many),
        ("a 200,000-character paragraph that almost ends like a service trailer", almost),
        ("a 200,000-character paragraph without punctuation, no duration", captions),
    ):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            align_transcript(parse_transcript(text, "stress.txt"), None)
            best = min(best, time.perf_counter() - start)
        results.append((label, best))
    return results


def section() -> str:
    """The report's section on alignment quality (markdown)."""
    cases, folder = all_cases()
    rows = []
    totals: dict[tuple[str, bool], list[int]] = {}
    for case in cases:
        for known in (True, False):
            result = score(case, case.duration if known else None)
            total = totals.setdefault((case.group, known), [0, 0, 0, 0])
            total[0] += result.right
            total[1] += result.chapters
            total[2] += result.confident_right
            total[3] += result.confident
            rate = f"{result.rate:.0f}" + ("" if known else f" (true {result.true_rate:.0f})")
            cells = (
                case.name,
                "yes" if known else "no",
                _percent(result.right, result.chapters),
                f"{result.mean_error:.1f}",
                _percent(result.confident_right, result.confident),
                rate,
                f"{result.seconds:.2f}",
            )
            rows.append("| " + " | ".join(cells) + " |")
    header = (
        "| transcript | duration known | within one paragraph | mean error (paragraphs) "
        "| right when confidence ≥ 0.8 | words per minute | seconds |\n"
        "|---|---|---|---|---|---|---|"
    )
    summary = [
        "| transcripts | duration known | within one paragraph | right when confidence ≥ 0.8 |",
        "|---|---|---|---|",
    ]
    for (group, known), (right, count, sure_right, sure) in sorted(totals.items()):
        summary.append(
            f"| {group} | {'yes' if known else 'no'} | {_percent(right, count)} "
            f"| {_percent(sure_right, sure)} |"
        )
    where = (
        f"Real episodes: every transcript in `{folder}` (read in place, not copied)"
        if folder
        else "No folder of real transcripts was found on this machine, so only the bundled "
        "transcript and the ones written for the tests are scored"
    )
    return "\n\n".join(
        [
            "## Chapter alignment: how often chapter starts are right",
            "Every chapter start placed by the aligner, against an answer key: the bundled "
            "transcript's hand-labelled key and the transcripts written for the tests with "
            f"known boundaries. {where}; each is also re-paragraphed three ways (one paragraph "
            "per sentence, merged to about 60 words, merged with no punctuation) with its key "
            "moved along. Each is aligned with its true duration and without any (the speech "
            "rate fitted to the text). A start is right within one paragraph of the key (or "
            "on its alternative); *right when confidence ≥ 0.8* is the calibration of the "
            "confidence. See `tests/benchmarks/alignment.py`.",
            "\n".join(summary),
            header + "\n" + "\n".join(rows),
            "Inputs built to be hard on the parser and the aligner (parse and align, best of "
            "three, in this process):",
            "| input | seconds |\n|---|---|\n"
            + "\n".join(f"| {label} | {seconds:.2f} |" for label, seconds in stress()),
        ]
    )


if __name__ == "__main__":
    print(section())
