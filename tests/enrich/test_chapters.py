"""Chapter alignment, measured against hand-labelled chapter starts."""

from __future__ import annotations

import importlib
import re
import tomllib
from typing import Any

import pytest

from feedcite import load_paths, parse_transcript
from feedcite.enrich import _speech
from feedcite.enrich._speech import is_cue, terms, variants_match
from feedcite.enrich.chapters import (
    AlignerWeights,
    Sentence,
    _with_acknowledgments,
    _with_cue_lead_in,
    _with_lead_in,
    align_transcript,
    chapter_guests,
    sentences,
)
from feedcite.errors import Code
from feedcite.model import Alignment, Corpus, Creator, Transcript, Work, YearSource
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


# ---------------------------------------------------------------------------- no duration


@pytest.fixture(scope="module")
def bundled_alone() -> tuple[Alignment, list[str]]:
    """The bundled transcript parsed on its own: no work, no duration."""
    transcript = parse_transcript(
        (CAPTURES / "lex-fridman-452-transcript.txt").read_bytes(), "t.txt"
    )
    alignment, diagnostics = align_transcript(transcript, None)
    return alignment, [d.message for d in diagnostics if d.code is Code.TRANSCRIPT_DURATION]


def test_without_a_duration_the_rate_is_fitted(bundled_alone: tuple[Alignment, list[str]]) -> None:
    alignment, messages = bundled_alone
    within = [
        abs(c.paragraphs[0].paragraph - k["paragraph"]) <= 1
        for c, k in zip(alignment.chapters, KEY, strict=True)
    ]
    assert sum(within) >= 36
    # The true rate is 60,768 words over 5:15:01, 192.9 words per minute.
    assert alignment.words == 60768
    assert alignment.words_per_minute == 192.8
    assert alignment.words_per_minute_range == (191.8, 194.7)
    assert alignment.duration_seconds == 18913.5
    assert (alignment.duration_estimated, alignment.duration_source) == (True, "estimated")
    assert messages == [
        "no episode duration is known; the speech rate was fitted to the text: 193 words per "
        "minute (192-195), so the episode lasts about 5:15:14 (5:12:09-5:16:47); give the "
        "duration (with --duration, or 'duration' in the corpus configuration) to place "
        "chapters better"
    ]


def test_a_known_duration_is_reported_as_such(bundled: Alignment) -> None:
    assert (bundled.duration_source, bundled.words_per_minute) == ("metadata", 192.9)
    assert bundled.words_per_minute_range is None


# ---------------------------------------------------------------------------- known boundaries

BOUNDARIES = tomllib.loads((DATA / "transcripts/known-boundaries.toml").read_text("utf-8"))


def night_sky(style: str) -> Transcript:
    name = f"night-sky-7-{style}.txt"
    return parse_transcript((DATA / "transcripts" / name).read_bytes(), name)


def starts(alignment: Alignment) -> list[tuple[int, int, str]]:
    return [
        (c.paragraphs[0].paragraph, c.paragraphs[0].part, c.paragraphs[0].text[:24])
        for c in alignment.chapters
    ]


TURNS = [
    (0, 0, "Welcome to Night Sky, th"),
    (4, 0, "Let's start with the thi"),
    (12, 0, "That's a great story. No"),
    (18, 0, "You mentioned Saturn and"),
    (24, 0, "A lot of our listeners w"),
    (30, 0, "We're nearly out of time"),
]


@pytest.mark.parametrize("duration", [413, None])
def test_one_paragraph_per_turn(duration: int | None) -> None:
    """Each chapter starts at the host's turn that asks the question, not at the passing
    mention before it, and the turn is not split: its lead-in ("We're nearly out of time.")
    goes with the question."""
    alignment, diagnostics = align_transcript(night_sky("turns"), duration)
    assert starts(alignment) == TURNS
    assert [s[0] for s in TURNS] == BOUNDARIES["night-sky-7-turns"]["paragraphs"]
    # "People think they need a telescope" (paragraph 7) is a passing mention.
    assert alignment.chapters[1].paragraphs[-1].paragraph == 11
    assert all(c.confidence >= 0.89 for c in alignment.chapters)
    assert [d.code for d in diagnostics] == ([] if duration else [Code.TRANSCRIPT_DURATION])


def test_one_paragraph_per_turn_rate() -> None:
    alignment, _ = align_transcript(night_sky("turns"), None)
    # The chapter times were set at 150 words per minute.
    assert (alignment.words_per_minute, alignment.words_per_minute_range) == (
        151.7,
        (148.0, 155.5),
    )


@pytest.mark.parametrize("duration", [413, None])
def test_no_punctuation_at_all(duration: int | None) -> None:
    """Captions without a sentence end are cut into pieces where a clause opens."""
    transcript = night_sky("captions")
    assert [len(p.text.split()) for p in transcript.paragraphs] == [
        140,
        170,
        150,
        160,
        130,
        180,
        103,
    ]
    alignment, _ = align_transcript(transcript, duration)
    assert starts(alignment) == [
        (0, 1, "welcome to night sky the"),
        (0, 2, "let's start with the thi"),
        (2, 2, "now the question i get a"),
        (3, 2, "let's talk about the pla"),
        (5, 2, "how does someone get sta"),
        (6, 2, "what's your advice for b"),
    ]
    assert [s[0] for s in starts(alignment)] == BOUNDARIES["night-sky-7-captions"]["paragraphs"]
    texts: dict[int, list[str]] = {}
    for chapter in alignment.chapters:
        for part in chapter.paragraphs:
            texts.setdefault(part.paragraph, []).append(part.text)
    assert [" ".join(texts[p.index]) for p in transcript.paragraphs] == [
        p.text for p in transcript.paragraphs
    ]


_FILLER = [
    "The water moves in loops that nobody could see from the shore.",
    "We measured the drift with floats and a lot of patience.",
    "Every season the pattern shifts a little to the south.",
    "The boats followed the warm band out past the shelf.",
    "Our instruments were crude, but the numbers held up.",
    "Salt and heat drive most of that motion in the deep.",
    "Fishermen knew the routes long before the satellites did.",
    "A storm can push the whole system off course for weeks.",
]


def _filler(count: int, start: int) -> list[str]:
    """``count`` paragraphs of four sentences (about 44 words) that name no chapter."""
    return [
        " ".join(_FILLER[(start + 4 * i + j) % len(_FILLER)] for j in range(4))
        for i in range(count)
    ]


def tide_pools(tide_pools_start: str, *, captions: bool = False) -> Transcript:
    """An episode (5,293 words, 150 words a minute) whose third chapter is named in passing.

    The guest says "tide pools" in two sentences of paragraph 50, the talk goes back to
    currents, and the host opens the topic with a question in paragraph 53. With
    ``captions``, lowercased and without any punctuation, as automatic captions are.
    """
    paragraphs = [
        "Welcome to the show. My guest has spent forty years on the coast.",
        *_filler(2, 0),
        "Let's talk about ocean currents first.",
        *_filler(46, 1),
        "I grew up near tide pools. My mother took us to the tide pools every weekend. "
        "But the currents were what I wanted to understand.",
        *_filler(2, 2),
        "How did tide pools become your life's work?",
        "Tide pools are small worlds. Each tide pool refills twice a day. The anemones in "
        "tide pools close when the water leaves, and in one tide pool you can find a dozen "
        "species.",
        *_filler(45, 3),
        "Let's move on to coral reefs.",
        "Coral reefs are built by animals. A reef grows slowly, and coral bleaches in warm water.",
        *_filler(30, 4),
    ]
    if captions:
        paragraphs = [" ".join(re.sub(r"[^\w\s']", " ", p).lower().split()) for p in paragraphs]
    chapters = f"0:00 Introduction\n0:38 Ocean currents\n{tide_pools_start} Tide pools\n"
    chapters += "26:50 Coral reefs\n"
    body = "\n\n".join(paragraphs)
    text = f"Marine hour 3\n\nChapters\n\n{chapters}\nTranscript\n\n{body}\n"
    return parse_transcript(text, "marine-hour-3.txt")


@pytest.mark.parametrize("captions", [False, True])
@pytest.mark.parametrize("duration", [2117, None])
def test_a_question_opens_a_topic_named_before_in_passing(
    duration: int | None, captions: bool
) -> None:
    """The host's question about the topic is its opening, though the guest said it twice.

    The chapter time is at the question (word 2,120 at 150 words a minute). Without
    punctuation, the question is known by how it opens ("how did ...").
    """
    alignment, _ = align_transcript(tide_pools("14:10", captions=captions), duration)
    assert first_paragraphs(alignment) == [0, 3, 53, 100]
    opening = alignment.chapters[2].paragraphs[0].text
    assert opening.startswith("how did tide pools" if captions else "How did tide pools")


@pytest.mark.parametrize("captions", [False, True])
@pytest.mark.parametrize("duration", [2117, None])
def test_a_passing_mention_and_an_opening_compete(duration: int | None, captions: bool) -> None:
    """With the chapter time at the passing mention, either could open the chapter: the
    start is one of the two, and its confidence says that it is in doubt."""
    alignment, _ = align_transcript(tide_pools("13:24", captions=captions), duration)
    assert first_paragraphs(alignment)[2] in {50, 53}
    assert alignment.chapters[2].confidence < 0.8
    assert [alignment.chapters[k].confidence >= 0.95 for k in (0, 1, 3)] == [True] * 3


def test_title_words_in_another_script_are_found() -> None:
    """A chapter title in Cyrillic is matched by its words, as a Latin one is."""
    paragraphs = [
        *_filler(20, 1),
        "Морские травы растут медленно. Эволюция морских трав началась в море.",
        *_filler(20, 2),
    ]
    body = "\n\n".join(paragraphs)
    chapters = "0:00 Introduction\n3:00 Эволюция морских трав\n"
    transcript = parse_transcript(
        f"Tidal minds 39\n\nChapters\n\n{chapters}\nTranscript\n\n{body}\n", "tidal-39.txt"
    )
    alignment, _ = align_transcript(transcript, None)
    assert first_paragraphs(alignment) == [0, 20]
    assert any("эволюция" in note for note in alignment.chapters[1].evidence)


def test_unpunctuated_runs_become_pieces() -> None:
    words = (
        "so the thing about the sky is that it changes every night and you never see the "
        "same thing twice what do you look for first when you go out well i look for the "
        "moon and then the planets because they are the easiest and then i let my eyes adapt"
    )
    transcript = parse_transcript(f"T\n\nChapters\n\n0:00 A\n\nTranscript\n\n{words}\n", "p.txt")
    pieces = [(s.offset, s.text, s.word) for s in sentences(transcript)]
    assert pieces == [
        (0, "so the thing about the sky is that it changes every night and you never see the "
         "same thing twice", 0),
        (97, "what do you look for first when you go out", 20),
        (140, "well i look for the moon and then the planets because they are the easiest and "
         "then i let my eyes adapt", 30),
    ]  # fmt: skip


def test_variants_of_a_word_match() -> None:
    assert [
        variants_match(a, b)
        for a, b in [
            ("academia", "academic"),
            ("competency", "competence"),
            ("power", "powerful"),
            ("mars", "marshall"),
            ("life", "lifetime"),
            ("ai", "aim"),
        ]
    ] == [True, True, True, False, False, False]
    assert terms("Revolut’s approach to AI, and Claude's 3.5 models") == [
        "revolut",
        "approach",
        "ai",
        "claude",
        "3.5",
        "model",
    ]


def test_many_short_chapters_are_aligned_in_order() -> None:
    chapters = "\n".join(f"{i}:00 Topic number {i}" for i in range(2000))
    body = "\n\n".join(f"Now topic number {i} starts here. And it goes on." for i in range(2000))
    transcript = parse_transcript(f"T\n\nChapters\n\n{chapters}\n\nTranscript\n\n{body}\n", "p.txt")
    alignment, _ = align_transcript(transcript, 2000 * 60)
    firsts = [c.paragraphs[0].paragraph for c in alignment.chapters]
    assert firsts == sorted(firsts)
    assert sum(abs(f - i) <= 1 for i, f in enumerate(firsts)) >= 1990


def test_more_chapters_than_sentences() -> None:
    chapters = "\n".join(f"0:{i:02d} C{i}" for i in range(5))
    transcript = parse_transcript(
        f"T\n\nChapters\n\n{chapters}\n\nTranscript\n\nOne. Two.\n", "p.txt"
    )
    alignment, diagnostics = align_transcript(transcript, 60)
    assert [[p.text for p in c.paragraphs] for c in alignment.chapters] == [
        ["One."],
        [],
        [],
        [],
        ["Two."],
    ]
    assert [d.message for d in diagnostics] == [
        "the episode's duration (1:00) gives 2 words per minute for the 2 words of the "
        "transcript, outside 80-320: the transcript may be incomplete or the duration wrong; "
        "chapter starts may be far off",
        "the transcript has fewer sentences (2) than chapters (5); chapters were placed by "
        "time alone and some are empty",
        *(
            f"the start of chapter 0:0{i} 'C{i}' was placed with confidence 0.00 (estimated)"
            for i in range(1, 5)
        ),
    ]


def test_an_unusable_duration_is_reported_and_estimated_instead() -> None:
    transcript = parse_transcript((DATA / "transcripts/garden-hour-12.txt").read_bytes(), "g.txt")
    early, early_problems = align_transcript(transcript, 60, duration_source="user")
    huge, huge_problems = align_transcript(transcript, 10**5000)
    assert early.duration_estimated
    assert huge.duration_estimated
    assert [d.message for d in early_problems] == [
        "the episode's duration from the command line or corpus configuration (1:00) ends "
        "before the last chapter starts (4:34); it was not used",
        "no episode duration is known (the duration given was not usable); the speech rate was "
        "fitted to the text: 150 words per minute (145-155), so the episode lasts about 5:23 "
        "(5:11-5:32); give the duration (with --duration, or 'duration' in the corpus "
        "configuration) to place chapters better",
    ]
    assert huge_problems[0].message == (
        "the episode's duration from the curated metadata is over 1000 hours; it was not used"
    )


def test_an_implausible_rate_is_reported() -> None:
    transcript = parse_transcript((DATA / "transcripts/garden-hour-12.txt").read_bytes(), "g.txt")
    _, diagnostics = align_transcript(transcript, 3 * 3600)
    assert [d.message for d in diagnostics] == [
        "the episode's duration (3:00:00) gives 4 words per minute for the 805 words of the "
        "transcript, outside 80-320: the transcript may be incomplete or the duration wrong; "
        "chapter starts may be far off"
    ]


def test_the_duration_given_for_a_file_comes_first() -> None:
    garden = DATA / "transcripts/garden-hour-12.txt"
    given = load_paths([garden], durations={str(garden): 322})
    (alignment,) = given.alignments
    assert (alignment.duration_seconds, alignment.duration_source) == (322, "user")
    assert not [d for d in given.diagnostics if d.code is Code.TRANSCRIPT_DURATION]
    alone = load_paths([garden])
    assert [d.message for d in alone.diagnostics if d.code is Code.TRANSCRIPT_DURATION] == [
        "no episode duration is known (the transcript is linked to no work); the speech rate "
        "was fitted to the text: 150 words per minute (145-155), so the episode lasts about "
        "5:23 (5:11-5:32); give the duration (with --duration, or 'duration' in the corpus "
        "configuration) to place chapters better"
    ]


def found(lengths: list[list[int]]) -> list[Sentence]:
    """Sentences of paragraphs, each given as its sentences' lengths in words."""
    result, word = [], 0
    for p, sentence_lengths in enumerate(lengths):
        offset = 0
        for n in sentence_lengths:
            result.append(Sentence(p, offset, " ".join(["w"] * n), word))
            offset, word = offset + 2 * n, word + n
    return result


def test_a_turn_keeps_a_short_lead_in_only_where_paragraphs_are_turns() -> None:
    w = AlignerWeights()
    # Turns of uneven length: a 5-word lead-in goes with the chapter, a 30-word one does not.
    turns = found([[40], [5, 10], [80], [30, 10], [3], [60]])
    assert _with_lead_in(turns, [0, 2, 5], w) == [0, 1, 5]
    assert _with_lead_in(turns, [0, 5], w) == [0, 5]
    # Paragraphs of even length are cut by a tool: the cut stays where it was placed.
    even = found([[30, 30], [20, 40], [30, 30], [50, 10]])
    assert _with_lead_in(even, [0, 3, 7], w) == [0, 3, 7]


def test_short_replies_before_a_start_open_the_chapter_where_paragraphs_are_sentences() -> None:
    """ "Okay." and "Me too." as paragraphs before the question: the chapter starts with them,
    two at most, never at or before the chapter before's start."""
    w = AlignerWeights()
    sentences = found([[12], [9], [1], [2], [15], [10], [2], [14], [1], [1], [1], [11]])
    assert _with_acknowledgments(sentences, [0, 4, 7, 11], w) == [0, 2, 6, 9]
    assert _with_acknowledgments(sentences, [0, 2, 4], w) == [0, 2, 3]
    # Paragraphs of several sentences are turns: a short one is the other speaker's reply.
    turns = found([[12, 8], [9, 3], [1], [15, 4], [10, 6]])
    assert _with_acknowledgments(turns, [0, 5], w) == [0, 5]


# ---------------------------------------------------------------------------- guests


def _episode(*guests: tuple[str, str]) -> Work:
    return Work(
        id="zellgefluester-47",
        kind="podcast",
        title="Katharina Weiß-Özdemir on cryo-EM",
        title_source="metadata",
        authors=(
            Creator("Host", "Hanna", role="host"),
            *(Creator(family, given, role="guest") for given, family in guests),
        ),
        year=2024,
        year_source=YearSource.METADATA,
    )


def _guests(alignment: Alignment) -> list[tuple[str | None, tuple[str, ...]]]:
    return [(c.guest, c.guests) for c in alignment.chapters]


def test_a_guest_who_joins_is_added_and_the_guest_spoken_to_stays() -> None:
    """Emre Şahin joins at his chapter; Katharina is spoken to after it ("Katharina, to close")."""
    transcript = parse_transcript(
        (DATA / "transcripts/zellgefluester-47.txt").read_bytes(), "tx.txt"
    )
    work = _episode(("Katharina", "Weiß-Özdemir"), ("Emre", "Şahin"))
    alignment, _ = align_transcript(transcript, 120, work=work)
    katharina, emre = "Katharina Weiß-Özdemir", "Emre Şahin"
    assert _guests(alignment) == [
        (katharina, (katharina,)),
        (katharina, (katharina,)),
        (emre, (katharina, emre)),
        (emre, (katharina, emre)),
    ]


def test_guests_who_follow_one_another_replace_each_other(corpus: Corpus) -> None:
    """Lex Fridman talks to his three guests in turn; nobody addresses the one before."""
    (alignment,) = corpus.alignments
    assert [c.guests for c in alignment.chapters] == [("Dario Amodei",)] * 20 + [
        ("Amanda Askell",)
    ] * 13 + [("Chris Olah",)] * 7


def test_chapter_guests_keep_only_those_addressed() -> None:
    chapters = parse_transcript(
        "T\n\nChapters\n\n0:00 Start\n1:00 Ann Lee - Soil\n2:00 Bo Chan - Rain\n3:00 End\n\n"
        "Transcript\n\nHello.\n\nHi.\n\nHey.\n\nBye.\n",
        "t.txt",
    ).chapters
    texts = [
        ["Welcome, Kim."],
        ["Ann Lee joins. Kim, meet Ann. Kim said it: Ann is here."],
        ["Bo Chan is here. Ann's book came out, said Kim."],
        ["Thank you, Ann. Bo, any last words?"],
    ]
    work = _episode(("Kim", "Park"))
    assert chapter_guests(chapters, texts, work) == [
        ("Kim Park",),
        ("Kim Park", "Ann Lee"),
        ("Ann Lee", "Bo Chan"),
        ("Ann Lee", "Bo Chan"),
    ]
    assert chapter_guests(chapters, texts, None)[:2] == [(), ("Ann Lee",)]


def test_a_guest_whose_chapter_title_puts_the_family_name_first_joins_there() -> None:
    """``Nguyễn Thị Hương - Archives`` names the guest whom the episode's metadata lists as
    ``Nguyễn, Thị Hương`` (shown ``Thị Hương Nguyễn``): she joins at that chapter, under one
    spelling, and is not present before it."""
    chapters = parse_transcript(
        "T\n\nChapters\n\n0:00 Start\n1:00 Nguyễn Thị Hương - Archives\n\n"
        "Transcript\n\nHello, Zoë.\n\nWelcome, Hương. Zoë, over to you.\n",
        "t.txt",
    ).chapters
    texts = [["Hello, Zoë."], ["Welcome, Hương. Zoë, over to you."]]
    work = _episode(("Zoë", "Łukasiewicz"), ("Thị Hương", "Nguyễn"))
    assert chapter_guests(chapters, texts, work) == [
        ("Zoë Łukasiewicz",),
        ("Zoë Łukasiewicz", "Nguyễn Thị Hương"),
    ]


# ------------------------------------------------------- cues and lead-ins in captions


def test_generic_host_transitions_are_cues() -> None:
    """Common ways a host opens a topic are cue phrases; a bare "you also teach" is not."""
    opening = [
        "now something quite different",
        "and now for something completely different",
        "let's move on to the next thing",
        "lets switch to your other project",
        "you have been writing about storms",
        "you've been working on floats",
        "you also talk a lot about salt",
        "you write about heat",
        "i wanted to ask about the boats",
        "i'd like to turn to the deep",
        "tell me about the satellites",
        "tell us a bit about the shelf",
        "moving on",
        "on a different note",
        "you gave a talk on drift",
    ]
    assert [is_cue(text) for text in opening] == [True] * len(opening)
    assert not is_cue("you also teach is that right")
    assert not is_cue("the water moves in loops that nobody could see")


def _captions(*paragraphs: str, chapters: str = "0:00 A\n") -> Transcript:
    body = "\n\n".join(paragraphs)
    return parse_transcript(f"T\n\nChapters\n\n{chapters}\nTranscript\n\n{body}\n", "c.txt")


def _words(count: int, start: int = 0) -> str:
    """``count`` unpunctuated words of filler that open no clause and say no cue."""
    words = " ".join(re.sub(r"[^\w\s]", " ", s).lower() for s in _FILLER).split()
    words = [w for w in words if w not in {"so", "now", "well", "what", "how", "but", "and"}]
    return " ".join(words[(start + i) % len(words)] for i in range(count))


def test_an_unpunctuated_run_is_cut_before_a_cue_and_not_inside_right_now() -> None:
    """A cue that opens a topic starts a piece, even one said after a name; "now" after
    "right" does not (it closes "right now"); a cue that runs on into the next caption
    paragraph ("you gave a | keynote") still counts."""
    transcript = _captions(
        f"{_words(12)} you also talk a lot about salt whats the state of it right now "
        f"{_words(20, 3)} ok rafael you gave a",
        f"keynote on drift {_words(40, 5)}",
    )
    pieces = [(s.text.split()[:4], s.cue, s.lead) for s in sentences(transcript)]
    assert pieces[1:4] == [
        (["you", "also", "talk", "a"], True, True),
        (["whats", "the", "state", "of"], False, False),
        (["ok", "rafael", "you", "gave"], True, True),
    ]
    assert "right now" in sentences(transcript)[2].text
    # "you also teach" leads into a topic (a piece starts at it) but is no cue.
    (_, teach, *_) = sentences(_captions(f"{_words(12)} amélie you also teach {_words(40)}"))
    assert (teach.text.split()[:3], teach.cue, teach.lead) == (
        ["you", "also", "teach"],
        False,
        True,
    )


def test_a_start_in_captions_moves_back_to_the_cue_before_it() -> None:
    """In an unpunctuated run, a start placed after a piece that opens with a host's cue
    moves back to it within 40 words, across a paragraph break, never past a sentence end
    or the chapter before."""

    def piece(p: int, text: str, word: int, lead: bool = False) -> Sentence:
        return Sentence(p, 0, text, word, lead, lead)

    w = AlignerWeights()
    found = [
        piece(0, _words(30), 0),
        piece(0, "now something quite different you have been writing about", 30, True),
        piece(0, _words(10), 39),
        piece(1, "floats and drift " + _words(30), 49),
        piece(1, _words(30), 82),
        piece(2, "lets move to your work on the", 112, True),
        piece(3, _words(45), 119),
        piece(3, "drift " + _words(20), 164),
    ]
    assert _with_cue_lead_in(found, [0, 3, 6], w) == [0, 1, 5]
    # More than 40 words after the cue, or the chapter before in between: no move.
    assert _with_cue_lead_in(found, [0, 4, 7], w) == [0, 4, 7]
    assert _with_cue_lead_in(found, [0, 1, 3], w) == [0, 1, 3]
    # A sentence end between them: the text is punctuated there, its sentences are right.
    ended = [*found[:2], piece(0, "It ends here.", 39), *found[3:]]
    assert _with_cue_lead_in(ended, [0, 3, 6], w) == [0, 3, 5]


def test_a_short_caption_paragraph_is_cut_before_a_cue_in_it() -> None:
    """A caption paragraph cut by time is shorter than a run cut by length, but a chapter
    may start inside it: it is cut before each cue that opens a topic (six words at least on
    either side); a paragraph with no cue, or a punctuated one, stays whole."""
    transcript = _captions(
        f"{_words(16)} now something quite different you have written that {_words(12, 2)}",
        f"{_words(20, 4)} before we go what should people listen to {_words(3, 6)}",
        f"{_words(30, 8)}",
        f"It was good. {_words(10, 9)} and let me ask you about {_words(12, 10)}.",
    )
    pieces = [(s.paragraph, s.text.split()[:3], s.lead) for s in sentences(transcript)]
    assert pieces == [
        (0, _words(16).split()[:3], False),
        (0, ["now", "something", "quite"], True),
        (1, _words(20, 4).split()[:3], False),
        (1, ["before", "we", "go"], True),
        (2, _words(30, 8).split()[:3], False),
        (3, ["It", "was", "good."], False),
        (3, _words(10, 9).split()[:3], False),
    ]


def test_a_lead_in_of_two_cues_starts_at_the_first() -> None:
    """ "i wanted to ask you about the ethics side because | you gave a keynote on ...": a
    start at the second cue (or after it) moves back to the first, within 40 words."""

    def piece(p: int, text: str, word: int, lead: bool = False) -> Sentence:
        return Sentence(p, 0, text, word, lead, lead)

    found = [
        piece(0, _words(30), 0),
        piece(0, "i wanted to ask you about the ethics side because", 30, True),
        piece(0, "you gave a keynote on training music models", 40, True),
        piece(1, "on music " + _words(30), 48),
    ]
    w = AlignerWeights()
    assert _with_cue_lead_in(found, [0, 2], w) == [0, 1]
    assert _with_cue_lead_in(found, [0, 3], w) == [0, 1]
    # Never to or before the chapter before's start.
    assert _with_cue_lead_in(found, [1, 2], w) == [1, 2]


def test_a_caption_chapter_starts_at_the_hosts_lead_in() -> None:
    """The title words come after the host's "now something quite different, you have been
    writing about ...", in the next caption paragraph: the chapter starts with the lead-in,
    not after it."""
    paragraphs = [
        f"hey everyone welcome back {_words(50)}",
        *(_words(50, 7 * i) for i in range(1, 12)),
        f"{_words(30, 3)} now something quite different you have been writing about "
        "the sea floor yes this came from",
        f"a dive we made where the coral reefs had bleached {_words(30, 5)} the reefs were "
        "white and the coral was dying",
        *(f"coral reefs {_words(48, 11 * i)}" for i in range(1, 4)),
        *(_words(50, 13 * i) for i in range(1, 6)),
    ]
    transcript = _captions(*paragraphs, chapters="0:00 Introduction\n4:00 Coral reefs\n")
    alignment, _ = align_transcript(transcript, 22 * 50 / 150 * 60)
    opening = alignment.chapters[1].paragraphs[0]
    assert (opening.paragraph, opening.text.split()[:3]) == (12, ["now", "something", "quite"])


def test_the_look_ahead_of_the_cue_search_loses_no_cue() -> None:
    """The first-letter look-ahead that speeds the cue search finds what the search without
    it finds, on the bundled transcript and on every cue phrase written here."""
    phrases = _speech._OPENING_CUES + _speech._LEADS + _speech._OTHER_CUES
    plain = re.compile(rf"\b(?:{'|'.join(phrases)})\b", re.IGNORECASE)
    text = (CAPTURES / "lex-fridman-452-transcript.txt").read_text(encoding="utf-8")
    text += " thanks for listening final question jump into next question brings us to "
    text += "now something different and now for something else tangent last question"
    assert [m.span() for m in _speech.CUE_RE.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]


#: The standard library's regular-expression parser (private, with no type stubs).
_parser: Any = importlib.import_module("re._parser")
sre: Any = importlib.import_module("re._constants")


def _first_letters(items: Any) -> tuple[set[str], bool]:
    """The letters a parsed pattern can start with, and whether it can match nothing."""
    found: set[str] = set()
    for op, value in items:
        if op == sre.LITERAL:
            return found | {chr(value).lower()}, False
        if op == sre.IN:
            for kind, item in value:
                if kind == sre.LITERAL:
                    found.add(chr(item).lower())
                elif kind == sre.RANGE:
                    found.update(chr(ch).lower() for ch in range(item[0], item[1] + 1))
            return found, False
        if op == sre.SUBPATTERN:
            letters, empty = _first_letters(value[-1])
        elif op == sre.BRANCH:
            parts = [_first_letters(branch) for branch in value[1]]
            letters = set().union(*(part[0] for part in parts))
            empty = any(part[1] for part in parts)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            letters, empty = _first_letters(value[2])
            empty = empty or value[0] == 0
        else:
            continue  # an assertion (\b) takes no character
        found |= letters
        if not empty:
            return found, False
    return found, True


def test_the_cue_search_look_ahead_holds_every_first_letter() -> None:
    """Every letter a cue phrase can start with is in the hand-kept look-ahead list."""
    phrases = _speech._OPENING_CUES + _speech._LEADS + _speech._OTHER_CUES
    for phrase in phrases:
        letters, empty = _first_letters(_parser.parse(phrase))
        assert not empty, phrase
        assert letters <= set(_speech._CUE_FIRST_LETTERS), (phrase, letters)
