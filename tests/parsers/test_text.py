"""Decoding: what is tolerated silently, what is repaired with a warning, what is refused."""

from __future__ import annotations

import pytest

from feedcite import detect_format, parse_document
from feedcite.errors import Code, Severity, format_excerpt
from feedcite.model import DocumentKind, Feed
from feedcite.parsers._text import decode, normalize_space, split_lines, strip_quotes
from tests.conftest import CAPTURES, DATA


def test_bom_crlf_cr_and_trailing_spaces_are_tolerated() -> None:
    text = decode("\ufeffa  \r\nb\rc\t\n\n\n".encode(), "x")
    assert text.lines == ("a", "b", "c")
    assert text.diagnostics == ()


def test_nul_bytes_are_removed_with_a_warning() -> None:
    text = decode(b"ab\x00c\nd", "x")
    assert text.lines == ("abc", "d")
    (warning,) = text.diagnostics
    assert (warning.code, warning.severity, warning.span.line, warning.span.column) == (
        Code.FILE_NUL,
        Severity.WARNING,
        1,
        3,
    )


def test_invalid_utf8_is_replaced_with_a_located_warning() -> None:
    text = decode("fine — UTF-8\n".encode() + b"bad \xff byte\n", "x")
    assert text.lines[1] == "bad \ufffd byte"
    (warning,) = text.diagnostics
    assert (warning.code, warning.span.line, warning.span.column) == (Code.FILE_ENCODING, 2, 5)
    assert warning.message == "invalid UTF-8; the bad bytes were replaced with U+FFFD"


def test_a_file_without_any_utf8_sequence_is_read_as_windows_1252() -> None:
    text = decode("plain\nMaría’s “notes”\n".encode("cp1252"), "x")
    assert text.lines == ("plain", "María’s “notes”")
    (warning,) = text.diagnostics
    assert warning.format() == (
        "x:2:4: warning[file-encoding]: the file is not UTF-8 and has no UTF-8 sequence at all; "
        "read as Windows-1252\n    María’s “notes”\n       ^"
    )


def test_empty_and_binary_files_are_errors() -> None:
    for data, code in (
        (b"", Code.FILE_EMPTY),
        (b"  \n\n", Code.FILE_EMPTY),
        (bytes(range(256)) * 4, Code.FILE_BINARY),
    ):
        text = decode(data, "x")
        assert not text.readable
        assert [d.code for d in text.diagnostics] == [code]


def test_excerpt_of_a_very_long_line_is_windowed() -> None:
    line = "x" * 10_000_000 + "!" + "y" * 100
    excerpt = format_excerpt(line, 10_000_001)
    shown, caret = excerpt.splitlines()
    assert len(shown) < 200
    assert shown.strip().startswith("…")
    assert shown[caret.index("^")] == "!"


def test_the_caret_is_under_its_character_after_wide_and_combining_ones() -> None:
    """A terminal gives a CJK character two columns and a combining mark none."""
    assert format_excerpt("talk / 국립국악원 / Jun 31", 20, 2).splitlines()[1] == " " * 28 + "^^"
    assert format_excerpt("e\u0301te\u0301 / Jun 31", 13, 2).splitlines()[1] == " " * 14 + "^^"
    assert format_excerpt("雅楽x", 3, 1).splitlines()[1] == " " * 8 + "^"


def test_control_characters_are_not_printed_raw() -> None:
    assert "\x1b" not in format_excerpt("a\x1b[31mred", 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“x”", ("x", True)),
        ('"x"', ("x", True)),
        ("““doubled””", ("doubled", True)),
        ("“lost closing", ("lost closing", True)),
        ("plain", ("plain", False)),
    ],
)
def test_strip_quotes(text: str, expected: tuple[str, bool]) -> None:
    assert strip_quotes(text) == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("amodei-feed.txt", DocumentKind.FEED),
        ("lex-fridman-452-transcript.txt", DocumentKind.TRANSCRIPT),
        ("lex-fridman-452-notes.txt", DocumentKind.NOTES),
        ("dwarkesh-2023-summary.txt", DocumentKind.SUMMARY),
        ("dwarkesh-2023-review.txt", DocumentKind.REVIEW),
    ],
)
def test_format_detection(name: str, kind: DocumentKind) -> None:
    lines = (CAPTURES / name).read_text(encoding="utf-8").splitlines()
    assert detect_format(lines) is kind


def test_unknown_format_is_an_error_not_a_guess() -> None:
    document = parse_document("Just some prose.\nNothing else.\n", "x.txt")
    assert isinstance(document, Feed)
    assert document.items == ()
    (error,) = document.diagnostics
    assert error.code is Code.FORMAT_UNKNOWN


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85"])
def test_every_line_end_is_a_line_end(end: str) -> None:
    text = decode(f"a{end}b{end}{end}c{end}".encode(), "x")
    assert text.lines == ("a", "b", "", "c")
    assert text.diagnostics == ()


def test_mixed_line_ends_are_each_one_break() -> None:
    assert split_lines("a\r\nb\rc\u2028d\x85e\nf") == ["a", "b", "c", "d", "e", "f"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "é—“a”\nb\n".encode("utf-16"),
            "the file is UTF-16, not UTF-8 (it starts with a byte order mark); read as UTF-16",
        ),
        (
            b"\xfe\xff" + "é—“a”\nb\n".encode("utf-16-be"),
            "the file is UTF-16, not UTF-8 (it starts with a byte order mark); read as UTF-16",
        ),
        (
            "é—“a”\nb\n".encode("utf-32"),
            "the file is UTF-32, not UTF-8 (it starts with a byte order mark); read as UTF-32",
        ),
        (
            ("é—“a”\nb\n" + "Mostly plain text, as a feed is.\n" * 8).encode("utf-16-le"),
            "the file is UTF-16, not UTF-8 (no byte order mark; told by its zero bytes); read as "
            "UTF-16",
        ),
    ],
)
def test_utf16_and_utf32_are_decoded_with_a_warning(data: bytes, message: str) -> None:
    text = decode(data, "x")
    assert text.lines[:2] == ("é—“a”", "b")
    (warning,) = text.diagnostics
    assert (warning.code, warning.severity, warning.message) == (
        Code.FILE_ENCODING,
        Severity.WARNING,
        message,
    )
    assert (warning.span.line, warning.span.column) == (1, 1)


def test_a_binary_file_with_zero_bytes_in_pairs_is_still_binary() -> None:
    data = bytes(b for n in range(4096) for b in (n % 31, 0))
    text = decode(data, "x")
    assert not text.readable
    assert [d.code for d in text.diagnostics] == [Code.FILE_BINARY]


def test_a_file_of_nul_bytes_is_empty() -> None:
    text = decode(b"\x00\x00\n\x00", "x")
    assert not text.readable
    assert [d.code for d in text.diagnostics] == [Code.FILE_EMPTY]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a  b\tc\n d ", "a b c d"),
        (" x\u00a0y\u2003z ", "x y z"),
        ("", ""),
        ("a\u200bb", "a\u200bb"),  # a zero-width space is no whitespace
    ],
)
def test_normalize_space(text: str, expected: str) -> None:
    assert normalize_space(text) == expected


def test_normalize_space_returns_the_same_text_when_nothing_changes() -> None:
    text = "".join(["already", " ", "normal"])
    assert normalize_space(text) is text


def test_a_transcript_cut_off_in_its_chapter_list_is_a_transcript() -> None:
    """Navigation line, title, ``Chapters`` and timed lines, then the file ends."""
    data = (DATA / "transcripts/cut-off-in-chapters.txt").read_bytes()
    document = parse_document(data, "trunc.txt")
    assert document.kind is DocumentKind.TRANSCRIPT
    assert [(d.code, d.span.line, d.span.column) for d in document.diagnostics] == [
        (Code.TRANSCRIPT_STRUCTURE, 6, 1),
        (Code.TRANSCRIPT_CHAPTER_TIME, 13, 1),
    ]
    assert document.diagnostics == parse_document(data, "trunc.txt", kind="transcript").diagnostics


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a chapter list alone: a transcript, the weakest of signs
        ("Episode 3\n\nChapters\n\n0:00 Intro\n1:10 Soil\n", DocumentKind.TRANSCRIPT),
        # a navigation line alone says nothing
        ("Back to Index\n\nSome prose.\n", None),
        # any other format's landmark wins over a chapter list
        ("Reading Notes\n\nChapters\n\n0:00 Intro\n1:10 Soil\n", DocumentKind.NOTES),
        ("Episode 3 Review\n\nChapters\n\n0:00 Intro\n", DocumentKind.REVIEW),
        ("Back to Index\n\nEpisode 3\n\nChapters\n\n0:00 Intro\n", DocumentKind.TRANSCRIPT),
    ],
)
def test_format_detection_by_landmarks(text: str, kind: DocumentKind | None) -> None:
    assert detect_format(text.splitlines()) == kind
