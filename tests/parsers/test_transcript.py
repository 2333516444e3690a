"""The transcript parser: title, chapter list, paragraphs, boilerplate, and its error paths."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from feedcite import parse_transcript
from feedcite.errors import Code
from feedcite.parsers.transcript import (
    BOILERPLATE,
    MAX_HOURS,
    parse_chapter_title,
    parse_time,
    trailer_start,
)
from tests.conftest import CAPTURES, DATA


def test_bundled_transcript() -> None:
    transcript = parse_transcript(
        (CAPTURES / "lex-fridman-452-transcript.txt").read_bytes(), "t.txt"
    )
    assert transcript.title == (
        "Dario Amodei: Anthropic CEO on Claude, AGI & the Future of AI & Humanity | "
        "Lex Fridman Podcast #452"
    )
    assert len(transcript.chapters) == 40
    assert len(transcript.paragraphs) == 911
    assert transcript.diagnostics == ()
    assert [(c.start, c.start_seconds, c.title) for c in transcript.chapters[:3]] == [
        ("0:0", 0, "Introduction"),
        ("3:14", 194, "Scaling laws"),
        ("12:20", 740, "Limits of LLM scaling"),
    ]
    assert transcript.chapters[-1].start_seconds == 311 * 60 + 50
    guests = [(c.index, c.guest, c.topic) for c in transcript.chapters if c.guest]
    assert guests == [
        (20, "Amanda Askell", "Philosophy"),
        (33, "Chris Olah", "Mechanistic Interpretability"),
    ]
    assert [(b.rule, b.text) for b in transcript.boilerplate] == [
        ("navigation", "Back to Index"),
        (
            "service-trailer",
            "Transcribed by https://otter.ai Transcribed by https://otter.ai you you",
        ),
    ]
    assert transcript.paragraphs[0].span.line == 51
    assert transcript.paragraphs[-1].text.endswith(
        "Thank you for listening and hope to see you next time."
    )


def test_boilerplate_patterns_are_named() -> None:
    names = [name for name, _ in BOILERPLATE]
    assert names == ["navigation", "service-trailer"]


def test_guest_prefix_only_for_name_dash_topic() -> None:
    assert parse_chapter_title("Amanda Askell - Philosophy") == ("Amanda Askell", "Philosophy")
    assert parse_chapter_title("Chris Olah – Features") == ("Chris Olah", "Features")
    assert parse_chapter_title("Features, Circuits, Universality") == (
        None,
        "Features, Circuits, Universality",
    )
    assert parse_chapter_title("Post-training") == (None, "Post-training")
    # A name in any script; a word that is not capitalised is no name.
    assert parse_chapter_title("Émilie Lefèvre - Estuaries") == ("Émilie Lefèvre", "Estuaries")
    assert parse_chapter_title("Henrik Ørsted Nielsen - Heat") == ("Henrik Ørsted Nielsen", "Heat")
    assert parse_chapter_title("Ольга Петрова - Лёд") == ("Ольга Петрова", "Лёд")
    assert parse_chapter_title("Émilie de Lefèvre - Estuaries") == (
        None,
        "Émilie de Lefèvre - Estuaries",
    )


def test_self_built_transcript_parses() -> None:
    transcript = parse_transcript((DATA / "transcripts/garden-hour-12.txt").read_bytes(), "g.txt")
    assert [c.title for c in transcript.chapters] == [
        "Introduction",
        "Soil health",
        "Composting",
        "Tomatoes",
        "Pest control",
        "Winter planning",
    ]
    assert len(transcript.paragraphs) == 16
    assert [b.rule for b in transcript.boilerplate] == ["navigation", "service-trailer"]


def page(chapters: str, body: str = "First paragraph.\n\nSecond paragraph.") -> str:
    return f"Back to Index\n\nAn Episode\n\nChapters\n\n{chapters}\n\nTranscript\n\n{body}\n"


def test_hours_and_minutes_over_59() -> None:
    transcript = parse_transcript(page("0:00 Start\n75:30 Later\n1:20:05 Much later"), "p.txt")
    assert [c.start_seconds for c in transcript.chapters] == [0, 4530, 4805]


def test_malformed_chapter_time_is_an_error_and_skipped() -> None:
    transcript = parse_transcript(
        page("0:00 Start\n3:7x Broken\n5:75 Too many seconds\n9:00 Fine"), "p.txt"
    )
    assert [c.title for c in transcript.chapters] == ["Start", "Fine"]
    errors = [(d.code, d.span.line) for d in transcript.diagnostics]
    assert errors == [(Code.TRANSCRIPT_CHAPTER_TIME, 8), (Code.TRANSCRIPT_CHAPTER_TIME, 9)]
    assert transcript.diagnostics[0].message == (
        "chapter line does not start with a time M:SS or H:MM:SS (seconds below 60); chapter skipped"
    )


def test_chapters_out_of_order_are_reported() -> None:
    transcript = parse_transcript(page("0:00 Start\n10:00 Ten\n5:00 Five"), "p.txt")
    assert [c.title for c in transcript.chapters] == ["Start", "Ten"]
    (error,) = transcript.diagnostics
    assert error.code is Code.TRANSCRIPT_CHAPTER_ORDER
    assert error.message == (
        "chapter starts at 5:00, not after the chapter above it (10:00, line 8); chapter skipped"
    )


def test_one_mistyped_time_skips_only_its_chapter() -> None:
    """``1:10:00`` for ``1:10`` is out of order with every chapter after it: only it goes."""
    listing = "0:00 Start\n0:45 Money\n1:10:00 Poverty\n3:30 Carbon\n4:50 Trade\n6:05 End"
    transcript = parse_transcript(page(listing), "p.txt")
    assert [c.title for c in transcript.chapters] == ["Start", "Money", "Carbon", "Trade", "End"]
    assert [c.index for c in transcript.chapters] == [0, 1, 2, 3, 4]
    (error,) = transcript.diagnostics
    assert (error.code, error.span.line, error.span.column, error.span.length) == (
        Code.TRANSCRIPT_CHAPTER_ORDER,
        9,
        1,
        7,
    )
    assert error.message == (
        "chapter starts at 1:10:00, not before the chapter below it (3:30, line 10); "
        "chapter skipped"
    )


def test_of_two_clashing_chapters_the_earlier_line_is_kept() -> None:
    listing = "0:00 Start\n5:00 Five\n4:00 Four\n10:00 Ten\n2:00 Two\n20:00 Twenty"
    transcript = parse_transcript(page(listing), "p.txt")
    assert [c.title for c in transcript.chapters] == ["Start", "Five", "Ten", "Twenty"]
    assert [(d.code, d.span.line) for d in transcript.diagnostics] == [
        (Code.TRANSCRIPT_CHAPTER_ORDER, 9),
        (Code.TRANSCRIPT_CHAPTER_ORDER, 11),
    ]


def test_missing_sections_are_reported() -> None:
    no_chapters = parse_transcript("A Title\n\nTranscript\n\nSome text.\n", "p.txt")
    assert [d.code for d in no_chapters.diagnostics] == [Code.TRANSCRIPT_STRUCTURE]
    assert len(no_chapters.paragraphs) == 1
    no_body = parse_transcript("A Title\n\nChapters\n\n0:00 Start\n", "p.txt")
    assert no_body.paragraphs == ()
    assert [d.message for d in no_body.diagnostics] == [
        "no 'Transcript' line and no text after the chapter list: there are no paragraphs to read"
    ]
    no_heading = parse_transcript("A Title\n\nChapters\n\n0:00 Start\n\nSome text.\n", "p.txt")
    assert [p.text for p in no_heading.paragraphs] == ["Some text."]
    assert [str(d.span) + " " + d.message for d in no_heading.diagnostics] == [
        "p.txt:7:1 no 'Transcript' line; the text after the chapter list was read as the transcript"
    ]
    neither = parse_transcript("Back to Index\n\nA Title\n\nSome text.\n\nMore text.\n", "p.txt")
    assert neither.title == "A Title"
    assert [p.text for p in neither.paragraphs] == ["Some text.", "More text."]
    assert [str(d.span) + " " + d.message for d in neither.diagnostics] == [
        "p.txt:3:1 no 'Chapters' list: the transcript is read as one chapter",
        "p.txt:5:1 no 'Transcript' line; the text after the title was read as the transcript",
    ]
    title_only = parse_transcript("A Title\n", "p.txt")
    assert [d.message for d in title_only.diagnostics][-1] == (
        "no 'Transcript' line and no text after the title: there are no paragraphs to read"
    )


def test_trailer_glued_to_the_last_paragraph_is_split_off() -> None:
    body = "The end of the talk. Transcribed by https://otter.ai"
    transcript = parse_transcript(page("0:00 Start", body), "p.txt")
    assert transcript.paragraphs[-1].text == "The end of the talk."
    assert transcript.boilerplate[-1].text == "Transcribed by https://otter.ai"


def test_a_paragraph_that_says_transcribed_by_hand_is_kept() -> None:
    body = "The minutes were transcribed by hand."
    transcript = parse_transcript(page("0:00 Start", body), "p.txt")
    assert transcript.paragraphs[-1].text == body


def test_times() -> None:
    assert [parse_time(t) for t in ("0:00", "3:14", "75:30", "1:20:05", "10825", " 2:05 ")] == [
        0,
        194,
        4530,
        4805,
        10825,
        125,
    ]
    assert [parse_time(t) for t in ("3:7x", "5:75", "1:60:00", "1:2:3:4", "", "1000:00:01")] == [
        None
    ] * 6
    assert parse_time("1000:00:00") == MAX_HOURS * 3600
    assert parse_time("9" * 5000 + ":00") is None


def test_a_chapter_time_too_big_is_an_error_not_a_crash() -> None:
    for hours in ("9" * 5000, "1001"):
        transcript = parse_transcript(page(f"0:00 Start\n{hours}:00:00 Huge\n9:00 Fine"), "p.txt")
        assert [c.title for c in transcript.chapters] == ["Start", "Fine"]
        (error,) = transcript.diagnostics
        assert error.code is Code.TRANSCRIPT_CHAPTER_TIME
        assert (error.span.line, error.span.length) == (8, len(hours) + 6)
        assert error.message == "chapter time is over 1000 hours; chapter skipped"


def test_trailers() -> None:
    assert trailer_start("Bye now. Transcribed by https://otter.ai you Thank you.") == 9
    assert trailer_start("Transcribed by otter.ai Transcribed by rev.com") == 0
    assert trailer_start("The minutes were transcribed by hand.") is None
    assert trailer_start("Transcribed by https://otter.ai you you x") is None
    assert trailer_start("") is None


def test_a_long_paragraph_that_almost_ends_like_a_trailer() -> None:
    """200,000 characters that a backtracking pattern took hours on are read at once."""
    body = "Transcribed by https://otter.ai" + " you" * 50_000 + " and that was it."
    transcript = parse_transcript(page("0:00 Start", body), "p.txt")
    assert transcript.paragraphs[-1].text == body
    assert transcript.boilerplate[-1].rule == "navigation"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=12))
def test_the_chapters_kept_are_a_longest_rising_run(minutes: list[int]) -> None:
    listing = "\n".join(f"{m}:00 C{i}" for i, m in enumerate(minutes))
    transcript = parse_transcript(page(listing), "p.txt")
    kept = [c.start_seconds // 60 for c in transcript.chapters]
    assert all(a < b for a, b in itertools.pairwise(kept))
    longest = [1] * len(minutes)  # the longest rising run ending at each chapter, O(n^2)
    for j in range(len(minutes)):
        for i in range(j):
            if minutes[i] < minutes[j]:
                longest[j] = max(longest[j], longest[i] + 1)
    assert len(kept) == max(longest)
    assert len(kept) + len(transcript.diagnostics) == len(minutes)
