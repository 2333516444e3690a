"""Chapter alignment, measured against hand-labelled chapter starts."""

from __future__ import annotations

import tomllib

import pytest

from feedcite import parse_transcript
from feedcite.enrich.chapters import align_transcript, sentences
from feedcite.errors import Code
from feedcite.model import Alignment, Corpus
from tests.conftest import CAPTURES, DATA

KEY = tomllib.loads(
    (DATA / "transcripts/lex-fridman-452-chapter-starts.toml").read_text(encoding="utf-8")
)["starts"]


def first_paragraphs(alignment: Alignment) -> list[int]:
    return [c.paragraphs[0].paragraph for c in alignment.chapters]


@pytest.fixture(scope="module")
def bundled() -> Alignment:
    transcript = parse_transcript(
        (CAPTURES / "lex-fridman-452-transcript.txt").read_bytes(), "t.txt"
    )
    alignment, _ = align_transcript(transcript, 5 * 3600 + 15 * 60 + 1)
    return alignment


def test_at_least_36_of_40_chapter_starts_within_one_paragraph(bundled: Alignment) -> None:
    got = first_paragraphs(bundled)
    within = [abs(g - k["paragraph"]) <= 1 for g, k in zip(got, KEY, strict=True)]
    assert sum(within) >= 36, [
        (i, g, k["paragraph"])
        for i, (g, k) in enumerate(zip(got, KEY, strict=True))
        if abs(g - k["paragraph"]) > 1
    ]


def test_proportional_alignment_is_the_baseline_it_beats(bundled: Alignment) -> None:
    transcript = parse_transcript(
        (CAPTURES / "lex-fridman-452-transcript.txt").read_bytes(), "t.txt"
    )
    found = sentences(transcript)
    total = found[-1].word + len(found[-1].text.split())
    duration = 5 * 3600 + 15 * 60 + 1
    proportional = []
    for chapter in transcript.chapters:
        target = chapter.start_seconds / duration * total
        proportional.append(min(found, key=lambda s: abs(s.word - target)).paragraph)
    baseline = sum(abs(p - k["paragraph"]) <= 1 for p, k in zip(proportional, KEY, strict=True))
    ours = sum(
        abs(p - k["paragraph"]) <= 1 for p, k in zip(first_paragraphs(bundled), KEY, strict=True)
    )
    assert baseline <= 21
    assert ours >= baseline + 15


def test_every_paragraph_is_assigned_once_in_order(bundled: Alignment) -> None:
    seen = [(p.paragraph, p.part) for c in bundled.chapters for p in c.paragraphs]
    assert seen == sorted(seen)
    assert {p for p, _ in seen} == set(range(911))
    texts: dict[int, list[str]] = {}
    for chapter in bundled.chapters:
        for part in chapter.paragraphs:
            texts.setdefault(part.paragraph, []).append(part.text)
    transcript = parse_transcript(
        (CAPTURES / "lex-fridman-452-transcript.txt").read_bytes(), "t.txt"
    )
    for paragraph in transcript.paragraphs:
        assert " ".join(texts[paragraph.index]) == paragraph.text


def test_split_paragraphs_start_at_the_topic_sentence(bundled: Alignment) -> None:
    scaling = bundled.chapters[1]
    assert scaling.paragraphs[0].paragraph == 7
    assert scaling.paragraphs[0].part == 2
    assert scaling.paragraphs[0].text.startswith("Let's start with the big idea of scaling laws")
    intro_tail = bundled.chapters[0].paragraphs[-1]
    assert (intro_tail.paragraph, intro_tail.part) == (7, 1)


def test_times_are_interpolated_within_chapters(bundled: Alignment) -> None:
    for chapter in bundled.chapters:
        times = [p.approx_seconds for p in chapter.paragraphs]
        assert times == sorted(times)
        assert times[0] == chapter.chapter.start_seconds
        assert times[-1] < chapter.end_seconds
    assert bundled.chapters[-1].end_seconds == 18901
    assert bundled.estimated


def test_guests_follow_the_chapter_list(bundled: Alignment) -> None:
    guests = [c.guest for c in bundled.chapters]
    assert guests[20:33] == ["Amanda Askell"] * 13
    assert guests[33:] == ["Chris Olah"] * 7


def test_confidence_is_reported_per_chapter(bundled: Alignment) -> None:
    confidences = [c.confidence for c in bundled.chapters]
    assert all(0 <= c <= 1 for c in confidences)
    right = [
        c.confidence
        for c, k in zip(bundled.chapters, KEY, strict=True)
        if abs(c.paragraphs[0].paragraph - k["paragraph"]) <= 1
    ]
    assert sum(right) / len(right) > 0.6


GARDEN_KEY = [(0, False), (2, False), (4, True), (8, False), (10, True), (13, False)]


def test_self_built_transcript_with_known_boundaries() -> None:
    transcript = parse_transcript((DATA / "transcripts/garden-hour-12.txt").read_bytes(), "g.txt")
    alignment, diagnostics = align_transcript(transcript, 5 * 60 + 22)
    assert diagnostics == []
    starts = [(c.paragraphs[0].paragraph, c.paragraphs[0].part > 0) for c in alignment.chapters]
    assert starts == GARDEN_KEY
    composting = alignment.chapters[2].paragraphs[0]
    assert composting.text.startswith("So feeding that life brings us to composting.")
    assert all(c.confidence >= 0.5 for c in alignment.chapters)


def test_without_a_duration_it_is_estimated_and_said_so() -> None:
    transcript = parse_transcript((DATA / "transcripts/garden-hour-12.txt").read_bytes(), "g.txt")
    alignment, diagnostics = align_transcript(transcript, None)
    assert alignment.duration_estimated
    assert [d.code for d in diagnostics][:1] == [Code.TRANSCRIPT_DURATION]


def test_bundled_corpus_uses_the_episode_duration(corpus: Corpus) -> None:
    (alignment,) = corpus.alignments
    assert alignment.work_id == "lex-fridman-452"
    assert alignment.duration_seconds == 18901
    assert not alignment.duration_estimated
    assert alignment.chapters[0].guest == "Dario Amodei"
