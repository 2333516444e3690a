"""The feed parser: structure, tolerated variations, and every error path with its exact message."""

from __future__ import annotations

import pytest

from feedcite import ParseErrors, parse_feed
from feedcite.errors import Code, Severity
from tests.conftest import CAPTURES

HEADER = "Chronological feed of everything captured from Jane Roe."


def item(head: str = "paper / janeroe / Jan 23", claim: str = "“A claim.”") -> str:
    return f"{head}\nA summary of the work, in one paragraph.\nai-safetyrlhf\n{claim}\n"


def test_bundled_feed_has_34_items_and_no_diagnostics() -> None:
    feed = parse_feed((CAPTURES / "amodei-feed.txt").read_bytes(), "amodei-feed.txt")
    assert feed.subject == "Dario Amodei"
    assert len(feed.items) == 34
    assert feed.item_count_in == 34
    assert feed.diagnostics == ()
    assert [i.kind for i in feed.items].count("youtube") == 2
    first = feed.items[0]
    assert (first.kind, first.handle, first.month, first.day) == ("youtube", "DarioAmodei", 9, 25)
    assert first.tag_line.startswith("ai-scaling-lawsllm-development")
    assert first.claim == (
        "AI scaling laws will continue to drive significant improvements, "
        "even without new algorithmic discoveries."
    )
    assert first.claim_quoted
    assert (first.span.line, first.span.column, first.span.end_line) == (2, 1, 5)
    assert first.raw.splitlines()[0] == "youtube / DarioAmodei / Sep 25"
    last = feed.items[-1]
    assert (last.index, last.span.line, last.date_label) == (34, 134, "Jul 26")


def test_any_kind_is_kept() -> None:
    text = (
        HEADER
        + "\n"
        + item("blog / janeroe / Mar 3")
        + item("podcast / janeroe / Feb 1")
        + item("newsletter / janeroe / Jan 5")
    )
    feed = parse_feed(text, "f.txt")
    assert [i.kind for i in feed.items] == ["blog", "podcast", "newsletter"]
    assert feed.diagnostics == ()


def test_a_handle_may_have_spaces() -> None:
    """A channel's name is a handle too; its spaces are kept, the ones around it are not."""
    text = HEADER + "\n" + item("youtube /  NIOZ Royal Netherlands Institute / Mar 4")
    feed = parse_feed(text, "f.txt")
    assert [i.handle for i in feed.items] == ["NIOZ Royal Netherlands Institute"]
    assert feed.diagnostics == ()


def test_crlf_bom_trailing_spaces_blank_lines_and_straight_quotes_are_tolerated() -> None:
    body = (
        HEADER + "  \n\n" + item() + "\n\n" + item("paper / janeroe / Jan 2", '"Straight quotes."')
    )
    data = "\ufeff".encode() + body.replace("\n", "\r\n").encode()
    feed = parse_feed(data, "f.txt")
    assert feed.diagnostics == ()
    assert [i.claim for i in feed.items] == ["A claim.", "Straight quotes."]
    assert feed.items[1].span.line == 9


def test_full_month_names_are_accepted() -> None:
    feed = parse_feed(HEADER + "\n" + item("paper / janeroe / September 3"), "f.txt")
    assert (feed.items[0].month, feed.items[0].day) == (9, 3)


@pytest.mark.parametrize(
    ("head", "code", "message", "column", "width"),
    [
        (
            "paper / janeroe / Foo 12",
            Code.FEED_MONTH,
            "unknown month 'Foo' (expected Jan, Feb, ... Dec); item skipped",
            19,
            3,
        ),
        (
            "paper / janeroe / Feb 30",
            Code.FEED_DAY,
            "impossible date Feb 30 (Feb has at most 29 days); item skipped",
            23,
            2,
        ),
        (
            "paper / janeroe / Apr 31",
            Code.FEED_DAY,
            "impossible date Apr 31 (Apr has at most 30 days); item skipped",
            23,
            2,
        ),
        (
            "paper / janeroe / sometime",
            Code.FEED_ITEM_HEADER,
            "the date 'sometime' is not 'Mon D' (a month and the day's number, for example "
            "'Jan 23'); item skipped",
            19,
            8,
        ),
        (
            "paper / janeroe / Jun 3rd",
            Code.FEED_ITEM_HEADER,
            "the date 'Jun 3rd' is not 'Mon D' (a month and the day's number, for example "
            "'Jan 23'); item skipped",
            19,
            7,
        ),
        (
            "paper janeroe / Jun 3",
            Code.FEED_ITEM_HEADER,
            "item head does not parse: expected 'KIND / HANDLE / Mon D' (for example "
            "'paper / alice / Jan 23'); item skipped",
            1,
            21,
        ),
    ],
)
def test_bad_item_heads_give_located_errors(
    head: str, code: Code, message: str, column: int, width: int
) -> None:
    text = HEADER + "\n" + item() + item(head) + item("paper / janeroe / Jan 1")
    feed = parse_feed(text, "f.txt")
    assert [i.day for i in feed.items] == [23, 1]
    assert feed.item_count_in == 3
    (error,) = feed.diagnostics
    assert (error.code, error.message, error.severity) == (code, message, Severity.ERROR)
    assert (error.span.path, error.span.line, error.span.column, error.span.length) == (
        "f.txt",
        6,
        column,
        width,
    )


def test_error_prints_file_line_column_and_caret() -> None:
    feed = parse_feed(HEADER + "\n" + item("paper / janeroe / Foo 12"), "feed.txt")
    assert feed.diagnostics[0].format() == (
        "feed.txt:2:19: error[feed-month]: unknown month 'Foo' (expected Jan, Feb, ... Dec); "
        "item skipped\n"
        "    paper / janeroe / Foo 12\n"
        "                      ^^^"
    )


@pytest.mark.parametrize(
    ("lines", "missing", "line"),
    [
        (["paper / janeroe / Jan 3", "ai-safety", "“Claim.”"], "summary line", 3),
        (["paper / janeroe / Jan 3", "A summary.", "“Claim.”"], "tag line", 4),
        (["paper / janeroe / Jan 3", "A summary.", "ai-safety"], "key claim line", 4),
        (["paper / janeroe / Jan 3", "A summary."], "tag line", 3),
    ],
)
def test_missing_lines_skip_only_the_broken_item(lines: list[str], missing: str, line: int) -> None:
    text = HEADER + "\n" + "\n".join(lines) + "\n" + item("paper / janeroe / Jan 1")
    feed = parse_feed(text, "f.txt")
    assert [i.day for i in feed.items] == [1]
    (error,) = feed.diagnostics
    assert error.code is Code.FEED_MISSING_LINE
    assert error.message == (
        f"item 'paper / janeroe / Jan 3' has no {missing} (an item is: head, summary, tag line, "
        "quoted claim); item skipped"
    )
    assert error.span.line == line


def test_header_that_does_not_parse_is_an_error_but_items_are_read() -> None:
    feed = parse_feed("Everything about Jane.\n" + item(), "f.txt")
    assert feed.subject is None
    assert len(feed.items) == 1
    (error,) = feed.diagnostics
    assert error.code is Code.FEED_HEADER
    assert error.span.line == 1


def test_missing_header_line_still_reads_first_item() -> None:
    feed = parse_feed(item() + item("paper / janeroe / Jan 1"), "f.txt")
    assert len(feed.items) == 2
    assert [d.code for d in feed.diagnostics] == [Code.FEED_HEADER]


def test_duplicate_item_is_reported_and_skipped() -> None:
    feed = parse_feed(HEADER + "\n" + item() + item(), "f.txt")
    assert len(feed.items) == 1
    (error,) = feed.diagnostics
    assert error.code is Code.FEED_DUPLICATE
    assert error.message == (
        "duplicate of the item at line 2 (same kind, handle, date and claim); skipped"
    )
    assert error.span.line == 6


def test_same_date_different_claims_are_two_items() -> None:
    text = HEADER + "\n" + item(claim="“One.”") + item(claim="“Two.”")
    assert len(parse_feed(text, "f.txt").items) == 2


def test_unquoted_claim_is_a_warning_and_kept() -> None:
    feed = parse_feed(HEADER + "\n" + item(claim="Not quoted."), "f.txt")
    assert feed.items[0].claim == "Not quoted."
    assert not feed.items[0].claim_quoted
    (warning,) = feed.diagnostics
    assert (warning.code, warning.severity) == (Code.FEED_CLAIM_QUOTES, Severity.WARNING)


def test_summary_over_two_lines_is_joined_with_a_warning() -> None:
    text = HEADER + "\npaper / janeroe / Jan 3\nFirst half,\nsecond half.\nai-safety\n“C.”\n"
    feed = parse_feed(text, "f.txt")
    assert feed.items[0].summary == "First half, second half."
    assert [d.code for d in feed.diagnostics] == [Code.FEED_EXTRA_LINE]


@pytest.mark.parametrize(
    "line", ["économie-publiquefiscalité", "мировая-экономика", "机器-学习", "मशीन-लर्निंग"]
)
def test_tag_lines_in_any_script_are_kebab_case(line: str) -> None:
    """Accented letters, Cyrillic, Chinese, and Devanagari with its combining vowel signs."""
    text = HEADER + f"\npaper / janeroe / Jan 3\nUne synthèse.\n{line}\n“C.”\n"
    feed = parse_feed(text, "f.txt")
    assert [i.tag_line for i in feed.items] == [line]
    assert feed.diagnostics == ()


@pytest.mark.parametrize(
    "line",
    [
        "composting weed_control",
        "labor-economics\tminimum-wage",
        "r&d-policyinnovation",
        "labor-economics-",
        "minimum-wage---",
        "GPT-3.5 evals",
        "c#-langfsharp",
        "fsharp#",
        ".netcpp",
        "#pragmaopenmp",
    ],
)
def test_a_tag_line_that_is_not_kebab_case_is_read_with_a_warning(line: str) -> None:
    """Spaces, tabs, underscores and stray characters: the item is kept, the line named."""
    text = HEADER + f"\npaper / janeroe / Jan 3\nA summary.\n{line}\n“C.”\n"
    feed = parse_feed(text, "f.txt")
    assert [i.tag_line for i in feed.items] == [line]
    assert [(d.code, d.severity, d.span.line) for d in feed.diagnostics] == [
        (Code.FEED_TAGS, Severity.WARNING, 4)
    ]


@pytest.mark.parametrize("summary", ["Überblick", "Overview", "経済学の入門書"])
def test_a_one_word_summary_is_a_summary(summary: str) -> None:
    """A summary of one word reads like a tag line; the quoted claim shows it is not."""
    text = HEADER + f"\npaper / janeroe / Jan 3\n{summary}\nlabor-economics\n“C.”\n"
    feed = parse_feed(text, "f.txt")
    assert [(i.summary, i.tag_line, i.claim) for i in feed.items] == [
        (summary, "labor-economics", "C.")
    ]
    assert feed.diagnostics == ()


def test_a_second_summary_sentence_is_not_a_tag_line() -> None:
    text = HEADER + "\npaper / janeroe / Jan 3\nA summary,\nin two lines.\n“C.”\n"
    feed = parse_feed(text, "f.txt")
    assert feed.items == ()
    assert [d.code for d in feed.diagnostics] == [Code.FEED_MISSING_LINE]


def test_stray_line_before_the_first_item_is_reported() -> None:
    feed = parse_feed(HEADER + "\nSome stray text.\n" + item(), "f.txt")
    assert len(feed.items) == 1
    assert [(d.code, d.span.line) for d in feed.diagnostics] == [(Code.FEED_STRAY_LINE, 2)]


def test_strict_mode_raises_every_error_together() -> None:
    text = HEADER + "\n" + item("paper / janeroe / Foo 1") + item("paper / janeroe / Feb 31")
    with pytest.raises(ParseErrors) as raised:
        parse_feed(text, "f.txt", strict=True)
    group = raised.value
    assert group.message == "2 errors in f.txt"
    assert [d.code for d in group.diagnostics] == [Code.FEED_MONTH, Code.FEED_DAY]
    assert str(group.exceptions[0]).startswith("f.txt:2:19: error[feed-month]")


def test_strict_mode_passes_a_clean_feed() -> None:
    feed = parse_feed(HEADER + "\n" + item(), "f.txt", strict=True)
    assert len(feed.items) == 1


def test_every_part_of_an_item_is_located() -> None:
    text = (
        HEADER + "\n\n"
        "paper / janeroe / Jan 3\n"
        "  First half of a summary,\n"
        "the second half.\n"
        "ai-safetyrlhf\n"
        "\n"
        "    “A claim.”\n"
    )
    (item,) = parse_feed(text, "f.txt").items
    spans = {
        name: (s.line, s.column, s.length, s.end_line)
        for name, s in (
            ("item", item.span),
            ("summary", item.summary_span),
            ("tags", item.tag_span),
            ("claim", item.claim_span),
        )
    }
    assert spans == {
        "item": (3, 1, 23, 8),
        "summary": (4, 3, 24, 5),
        "tags": (6, 1, 13, 6),
        "claim": (8, 5, 10, 8),
    }
    assert item.summary == "First half of a summary, the second half."
    assert item.lines == (
        "paper / janeroe / Jan 3",
        "  First half of a summary,",
        "the second half.",
        "ai-safetyrlhf",
        "    “A claim.”",
    )
    assert item.raw == "\n".join(item.lines)


def test_skipped_items_are_kept_with_their_raw_text_and_error() -> None:
    text = (
        HEADER
        + "\n"
        + item("paper / janeroe / Jan 5")
        + item("paper / janeroe / Foo 3")
        + "paper / janeroe / Jan 2\nOnly a summary.\n"
        + item("paper / janeroe / Jan 5")
        + item("paper / janeroe / Jan 1")
    )
    feed = parse_feed(text, "f.txt")
    assert [i.index for i in feed.items] == [1, 5]
    assert feed.item_count_in == len(feed.items) + len(feed.skipped) == 5
    assert [(s.index, s.span.line, s.span.end_line, s.diagnostic.code) for s in feed.skipped] == [
        (2, 6, 9, Code.FEED_MONTH),
        (3, 10, 11, Code.FEED_MISSING_LINE),
        (4, 12, 15, Code.FEED_DUPLICATE),
    ]
    assert feed.skipped[1].raw == "paper / janeroe / Jan 2\nOnly a summary."
    assert feed.skipped[0].raw == item("paper / janeroe / Foo 3").rstrip("\n")
    assert [s.diagnostic for s in feed.skipped] == [d for d in feed.diagnostics if d.is_error]


def test_a_claim_with_two_slashes_is_a_claim() -> None:
    claim = "“Input/output costs dominate read/write workloads.”"
    feed = parse_feed(HEADER + "\n" + item(claim=claim) + item("paper / janeroe / Jan 1"), "f")
    assert feed.diagnostics == ()
    assert feed.items[0].claim == "Input/output costs dominate read/write workloads."


@pytest.mark.parametrize(
    "summary",
    [
        "Input/output costs dominate read/write workloads",
        "TCP and/or UDP carry it",
        "A / B testing of the read/write path",
    ],
)
def test_prose_with_slashes_is_not_an_item_head(summary: str) -> None:
    text = HEADER + "\npaper / janeroe / Jan 3\n" + summary + "\nai-safety\n“C.”\n"
    (parsed,) = parse_feed(text, "f.txt").items
    assert parsed.summary == summary


@pytest.mark.parametrize(
    "cut", ["blog", "blog /", "blog / jane", "blog / jane /", "blog / jane / Ja", "blog / Jane Roe"]
)
def test_a_head_cut_short_at_the_end_of_the_file_is_a_located_error(cut: str) -> None:
    feed = parse_feed(HEADER + "\n" + item() + cut + "\n", "f.txt")
    assert len(feed.items) == 1
    assert feed.item_count_in == 2
    (error,) = feed.diagnostics
    assert (error.code, error.span.line) == (Code.FEED_ITEM_HEADER, 6)
    assert feed.skipped[0].raw == cut


def test_a_stray_sentence_at_the_end_is_still_only_a_warning() -> None:
    feed = parse_feed(HEADER + "\n" + item() + "Read more at example.org\n", "f.txt")
    assert feed.item_count_in == 1
    assert [(d.code, d.severity) for d in feed.diagnostics] == [
        (Code.FEED_EXTRA_LINE, Severity.WARNING)
    ]


def test_a_claim_without_its_closing_quote_is_kept_with_a_warning() -> None:
    feed = parse_feed(HEADER + "\n" + item(claim="“A claim cut sho"), "f.txt")
    assert feed.items[0].claim == "A claim cut sho"
    (warning,) = feed.diagnostics
    assert (warning.code, warning.severity, warning.message) == (
        Code.FEED_CLAIM_QUOTES,
        Severity.WARNING,
        "the key claim has no closing quote (was the line cut short?); taken as written",
    )
    assert parse_feed(HEADER + "\n" + item(claim="“A claim.” (2023)"), "f.txt").diagnostics == ()


def test_unicode_line_ends_give_the_same_items() -> None:
    text = HEADER + "\n" + item() + item("paper / janeroe / Jan 1")
    plain = parse_feed(text, "f.txt")
    for end in ("\u2028", "\u2029", "\x85", "\r\n"):
        other = parse_feed(text.replace("\n", end).encode(), "f.txt")
        assert other.diagnostics == ()
        assert [(i.summary, i.tag_line, i.claim, i.span) for i in other.items] == [
            (i.summary, i.tag_line, i.claim, i.span) for i in plain.items
        ]
