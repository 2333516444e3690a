"""The bad-input suite: malformed and hostile variants of small documents in all five formats.

Each :class:`Case` is a set of files written to a fresh folder (the first is the one under
test) and the exact diagnostics feedcite must report for them, as
``file:line:column: severity[code]: message`` heads. The files are variants of the clean
documents in ``base/``, each changed in one way, so that every case reads as "this
document, with this one thing wrong".

Bibliography cases (``bib-*``) also give what ``feedcite bib`` must say and write: the
ledger's errors, characters the ``.bib`` cannot hold, hostile text that must stay text.

Four codes report what a lone document lacks rather than what is wrong with it: no
curated metadata (``meta-missing``), no year anchor (``date-no-anchor``), no related work
(``link-identity``) and no known duration (``transcript-duration``). Every clean base
document produces some of them (``test_bad_input.test_base_documents``), so the cases
compare only the other codes, unless a case lists one of the four in ``context_codes``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from feedcite.model import Corpus, Feed, Notes, ReviewPage, SummaryPage, Transcript

BASE = Path(__file__).parent / "base"

CONTEXT_CODES = frozenset(
    {"meta-missing", "date-no-anchor", "link-identity", "transcript-duration"}
)


def base(name: str) -> str:
    return (BASE / name).read_text(encoding="utf-8")


def lines_of(name: str) -> list[str]:
    return base(name).splitlines()


def edit(name: str, changes: Callable[[list[str]], None]) -> bytes:
    """The base document ``name`` with ``changes`` applied to its list of lines."""
    lines = lines_of(name)
    changes(lines)
    return ("\n".join(lines) + "\n").encode("utf-8")


def replace(name: str, line: int, text: str) -> bytes:
    """Base document ``name`` with 1-based ``line`` replaced by ``text``."""

    def change(lines: list[str]) -> None:
        lines[line - 1] = text

    return edit(name, change)


def delete(name: str, *numbers: int) -> bytes:
    """Base document ``name`` without the 1-based lines ``numbers``."""

    def change(lines: list[str]) -> None:
        for number in sorted(numbers, reverse=True):
            del lines[number - 1]

    return edit(name, change)


def insert(name: str, after: int, *texts: str) -> bytes:
    """Base document ``name`` with ``texts`` inserted after 1-based line ``after``."""

    def change(lines: list[str]) -> None:
        lines[after:after] = list(texts)

    return edit(name, change)


Check = Callable[[Corpus], None]


@dataclass(frozen=True)
class Case:
    """One bad input and what feedcite must say and do about it.

    Attributes:
        name: The case's id.
        files: File name -> content; the first file is the document under test.
        expected: The diagnostics' heads, in the order feedcite reports them.
        check: Further assertions on the loaded corpus (what was recovered or kept).
        args: Extra command-line arguments (for example ``--metadata works.toml``).
        context_codes: Context codes (see the module docstring) this case asserts too.
        bib: For a bibliography case: the diagnostics' heads that ``feedcite bib -v -o
            out.bib`` (with ``bib_args``) prints, in order (context codes left out as
            above); ``None`` for the other cases.
        bib_args: Arguments for ``feedcite bib`` only (``--citekeys citekeys.toml``).
        bib_status: The exit status of that command.
        bib_check: Assertions on the ``.bib`` it wrote (``None`` if it must write none).
    """

    name: str
    files: dict[str, bytes]
    expected: list[str]
    check: Check | None = None
    args: tuple[str, ...] = ()
    context_codes: frozenset[str] = field(default_factory=frozenset)
    bib: list[str] | None = None
    bib_args: tuple[str, ...] = ()
    bib_status: int = 0
    bib_check: Callable[[str | None], None] | None = None

    @property
    def errors(self) -> int:
        """How many of the expected diagnostics are errors."""
        return sum(1 for line in self.expected if ": error[" in line)


# ---------------------------------------------------------------------------- checks


def feed_items(count: int, count_in: int | None = None) -> Check:
    """The feed kept ``count`` items of ``count_in`` (default: as many as it kept)."""

    def check(corpus: Corpus) -> None:
        (feed,) = [d for d in corpus.documents if isinstance(d, Feed)]
        assert len(feed.items) == count
        assert feed.item_count_in == (count if count_in is None else count_in)
        assert len(corpus.works) == count

    return check


def years(*expected: int) -> Check:
    """The works' years, in feed order."""

    def check(corpus: Corpus) -> None:
        assert tuple(w.year for w in corpus.works) == expected

    return check


def same_as_base_feed(corpus: Corpus) -> None:
    """Recovered: the same items, summaries, tags and claims as the clean feed."""
    (feed,) = [d for d in corpus.documents if isinstance(d, Feed)]
    assert [(i.kind, i.date_label, i.summary, i.tag_line, i.claim) for i in feed.items] == [
        (
            "podcast",
            "Mar 3",
            "Maria Lopez talks about composting, soil health and winter planning on the Garden "
            "Hour, explaining why bare soil starves the life that feeds plants.",
            "soil-healthcompostingwinter-planning",
            "Keep the soil covered: bare soil bakes, washes away and loses its life.",
        ),
        (
            "paper",
            "Jun 12",
            "A field study of three-bay composting in market gardens finds that piles turned "
            "weekly reach higher temperatures and kill more weed seeds than piles left alone.",
            "compostingweed-controlmarket-gardens",
            "Weekly turning raises compost temperature enough to kill most weed seeds.",
        ),
        (
            "blog",
            "Jan 30",
            "A blog post on planting tomatoes deep: buried stems grow roots and make sturdier "
            "plants.",
            "tomatoesplanting",
            "Tomatoes planted deep grow roots along the buried stem.",
        ),
    ]


def claim_is(corpus: Corpus, index: int, text: str) -> None:
    item = corpus.works[index].item
    assert item is not None
    assert item.claim == text


def paragraph_is(corpus: Corpus, index: int, text: str) -> None:
    assert transcript(corpus).paragraphs[index].text == text


def flags_are(corpus: Corpus, *markers: str) -> None:
    assert [flag.marker for flag in notes(corpus).flags] == list(markers)


def table_rows_are(corpus: Corpus, count: int, last: tuple[str, ...]) -> None:
    (table,) = notes(corpus).tables
    assert (len(table.rows), table.rows[-1]) == (count, last)


def glossary_is(corpus: Corpus, *entries: tuple[str, str]) -> None:
    assert [(e.term, e.definition) for e in notes(corpus).glossary] == list(entries)


def title_is(corpus: Corpus, index: int, text: str) -> None:
    assert corpus.works[index].title == text


def messages_are_short(corpus: Corpus, limit: int) -> None:
    """Every formatted diagnostic fits in ``limit`` characters, whatever the line's length."""
    assert corpus.diagnostics
    for diagnostic in corpus.diagnostics:
        assert len(diagnostic.format()) < limit


def nothing_read(corpus: Corpus) -> None:
    """Nothing was read: one empty document, no works."""
    (document,) = corpus.documents
    assert isinstance(document, Feed)
    assert document.items == ()
    assert corpus.works == ()


def summary_of(corpus: Corpus, text: str) -> None:
    (feed,) = [d for d in corpus.documents if isinstance(d, Feed)]
    assert any(item.summary == text for item in feed.items), [i.summary for i in feed.items]


def transcript(corpus: Corpus) -> Transcript:
    (document,) = [d for d in corpus.documents if isinstance(d, Transcript)]
    return document


def notes(corpus: Corpus) -> Notes:
    (document,) = [d for d in corpus.documents if isinstance(d, Notes)]
    return document


def summary(corpus: Corpus) -> SummaryPage:
    (document,) = [d for d in corpus.documents if isinstance(d, SummaryPage)]
    return document


def review(corpus: Corpus) -> ReviewPage:
    (document,) = [d for d in corpus.documents if isinstance(d, ReviewPage)]
    return document


def review_title_is(corpus: Corpus, title: str) -> None:
    assert review(corpus).title == title


# ---------------------------------------------------------------------------- the cases

CASES: list[Case] = []


def case(
    name: str,
    files: dict[str, bytes],
    expected: list[str],
    check: Check | None = None,
    args: tuple[str, ...] = (),
    context_codes: frozenset[str] = frozenset(),
) -> None:
    CASES.append(Case(name, files, expected, check, args, context_codes))


FEED = base("feed.txt")

# -- feed: reading the file at all
case(
    "feed-empty-file",
    {"feed.txt": b""},
    [
        "feed.txt:1:1: error[file-empty]: the file is empty; nothing was read",
    ],
    nothing_read,
)
case(
    "feed-only-whitespace",
    {"feed.txt": b"  \n\n\t\n"},
    [
        "feed.txt:1:1: error[file-empty]: the file is empty; nothing was read",
    ],
    nothing_read,
)
case(
    "feed-binary-file",
    {"feed.txt": bytes(range(256)) * 64},
    [
        "feed.txt:1:1: error[file-binary]: this is a binary file, not text; nothing was read",
    ],
    nothing_read,
)
case(
    "feed-png-image",
    {"feed.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)},
    [
        "feed.txt:1:1: error[file-binary]: this is a binary file, not text; nothing was read",
    ],
    nothing_read,
)
case(
    "feed-nul-bytes",
    {"feed.txt": replace("feed.txt", 4, "soil-health\x00composting\x00winter-planning")},
    [
        "feed.txt:4:12: warning[file-nul]: 2 NUL bytes removed from this line",
    ],
    feed_items(3),
)
case(
    "feed-invalid-utf8",
    {
        "feed.txt": replace("feed.txt", 3, "Maria Lopez talks about compost.").replace(
            b"about", b"ab\xffout"
        )
    },
    [
        "feed.txt:3:21: warning[file-encoding]: invalid UTF-8; the bad bytes were replaced with U+FFFD",
    ],
    feed_items(3),
)
case(
    "feed-latin1-encoded",
    {
        "feed.txt": FEED.replace("“", '"')
        .replace("”", '"')
        .replace("Lopez", "López")
        .encode("latin-1")
    },
    [
        "feed.txt:1:55: warning[file-encoding]: the file is not UTF-8 and has no UTF-8 sequence at all; read as Windows-1252",
    ],
    feed_items(3),
)
case(
    "feed-crlf-line-ends", {"feed.txt": FEED.replace("\n", "\r\n").encode()}, [], same_as_base_feed
)
case("feed-cr-line-ends", {"feed.txt": FEED.replace("\n", "\r").encode()}, [], same_as_base_feed)
case("feed-bom", {"feed.txt": b"\xef\xbb\xbf" + FEED.encode()}, [], same_as_base_feed)
# Unicode line ends: a feed written with them was one long subject line with no item.
case(
    "feed-line-separator-line-ends",
    {"feed.txt": FEED.replace("\n", "\u2028").encode()},
    [],
    same_as_base_feed,
)
case(
    "feed-paragraph-separator-line-ends",
    {"feed.txt": FEED.replace("\n", "\u2029").encode()},
    [],
    same_as_base_feed,
)
case("feed-nel-line-ends", {"feed.txt": FEED.replace("\n", "\x85").encode()}, [], same_as_base_feed)
# UTF-16 and UTF-32 were rejected as binary files.
case(
    "feed-utf16-with-bom",
    {"feed.txt": FEED.encode("utf-16")},
    [
        "feed.txt:1:1: warning[file-encoding]: the file is UTF-16, not UTF-8 (it starts with a byte order mark); read as UTF-16",
    ],
    same_as_base_feed,
)
case(
    "feed-utf16-big-endian-with-bom",
    {"feed.txt": b"\xfe\xff" + FEED.encode("utf-16-be")},
    [
        "feed.txt:1:1: warning[file-encoding]: the file is UTF-16, not UTF-8 (it starts with a byte order mark); read as UTF-16",
    ],
    same_as_base_feed,
)
case(
    "feed-utf16-without-bom",
    {"feed.txt": FEED.encode("utf-16-le")},
    [
        "feed.txt:1:1: warning[file-encoding]: the file is UTF-16, not UTF-8 (no byte order mark; told by its zero bytes); read as UTF-16",
    ],
    same_as_base_feed,
)
case(
    "feed-utf32-with-bom",
    {"feed.txt": FEED.encode("utf-32")},
    [
        "feed.txt:1:1: warning[file-encoding]: the file is UTF-32, not UTF-8 (it starts with a byte order mark); read as UTF-32",
    ],
    same_as_base_feed,
)
case(
    "feed-trailing-spaces",
    {"feed.txt": FEED.replace("\n", "  \t\n").encode()},
    [],
    same_as_base_feed,
)
case(
    "feed-blank-lines-between-items",
    {"feed.txt": insert("feed.txt", 9, "", "")},
    [],
    same_as_base_feed,
)
case(
    "feed-10mb-line",
    {"feed.txt": replace("feed.txt", 7, "A field study. " + "compost " * 1_310_720)},
    [],
    feed_items(3),
)
case(
    "feed-10mb-stray-line",
    {"feed.txt": insert("feed.txt", 1, "x" * 10_485_760)},
    [
        "feed.txt:2:1: error[feed-stray-line]: line outside any item (no item head 'KIND / HANDLE / Mon D' before it); ignored",
    ],
    lambda corpus: messages_are_short(corpus, 400),
)
# -- feed: structure
case(
    "feed-header-garbled",
    {"feed.txt": replace("feed.txt", 1, "Chronological feed from Maria Lopez")},
    [
        "feed.txt:1:1: error[feed-header]: the feed header does not parse: expected 'Chronological feed of everything captured from NAME.'; its subject is unknown and the line was skipped",
    ],
    feed_items(3),
)
case(
    "feed-header-missing",
    {"feed.txt": delete("feed.txt", 1)},
    [
        "feed.txt:1:1: error[feed-header]: the feed has no header line 'Chronological feed of everything captured from NAME.'; its subject is unknown",
    ],
    feed_items(3),
)
case(
    "feed-truncated-last-item",
    {"feed.txt": delete("feed.txt", 12, 13)},
    [
        "feed.txt:11:1: error[feed-missing-line]: item 'blog / marialopez / Jan 30' has no tag line (an item is: head, summary, tag line, quoted claim); item skipped",
    ],
    feed_items(2, 3),
)
case(
    "feed-truncated-mid-line",
    {"feed.txt": FEED[: FEED.index("buried stems") + 5].encode()},
    [
        "feed.txt:11:1: error[feed-missing-line]: item 'blog / marialopez / Jan 30' has no tag line (an item is: head, summary, tag line, quoted claim); item skipped",
    ],
    feed_items(2, 3),
)
# Files cut short inside the last item's head lost it with only a warning.
case(
    "feed-truncated-in-last-head",
    {"feed.txt": FEED[: FEED.index("blog / marialopez") + 14].encode()},
    [
        "feed.txt:10:1: error[feed-item-header]: item head does not parse: expected 'KIND / HANDLE / Mon D' (for example 'paper / alice / Jan 23'); item skipped",
    ],
    feed_items(2, 3),
)
case(
    "feed-truncated-after-last-kind",
    {"feed.txt": FEED[: FEED.index("blog / marialopez") + 4].encode()},
    [
        "feed.txt:10:1: error[feed-item-header]: item head does not parse: expected 'KIND / HANDLE / Mon D' (for example 'paper / alice / Jan 23'); item skipped",
    ],
    feed_items(2, 3),
)
case(
    "feed-truncated-in-last-claim",
    {"feed.txt": FEED[: FEED.index("along the buried")].encode()},
    [
        "feed.txt:13:1: warning[feed-claim-quotes]: the key claim has no closing quote (was the line cut short?); taken as written",
    ],
    lambda corpus: claim_is(corpus, 2, "Tomatoes planted deep grow roots"),
)
case(
    "feed-missing-claim-line",
    {"feed.txt": delete("feed.txt", 9)},
    [
        "feed.txt:8:1: error[feed-missing-line]: item 'paper / marialopez / Jun 12' has no key claim line (an item is: head, summary, tag line, quoted claim); item skipped",
    ],
    feed_items(2, 3),
)
case(
    "feed-missing-tag-line",
    {"feed.txt": delete("feed.txt", 8)},
    [
        "feed.txt:8:1: error[feed-missing-line]: item 'paper / marialopez / Jun 12' has no tag line (an item is: head, summary, tag line, quoted claim); item skipped",
    ],
    feed_items(2, 3),
)
case(
    "feed-missing-summary",
    {"feed.txt": delete("feed.txt", 7)},
    [
        "feed.txt:7:1: error[feed-missing-line]: item 'paper / marialopez / Jun 12' has no summary line (an item is: head, summary, tag line, quoted claim); item skipped",
    ],
    feed_items(2, 3),
)
case(
    "feed-extra-line-in-item",
    {"feed.txt": insert("feed.txt", 7, "A second paragraph of summary.")},
    [
        "feed.txt:8:1: warning[feed-extra-line]: the summary spans 2 lines; they were joined into one paragraph",
    ],
    feed_items(3),
)
case(
    "feed-stray-line-between-items",
    {"feed.txt": insert("feed.txt", 9, "", "Read more at example.org", "")},
    [
        "feed.txt:11:1: warning[feed-extra-line]: unexpected line after the item's claim (an item has four lines); kept in the item's raw text, not used",
    ],
    feed_items(3),
)
case(
    "feed-unknown-month",
    {"feed.txt": replace("feed.txt", 6, "paper / marialopez / Jux 12")},
    [
        "feed.txt:6:22: error[feed-month]: unknown month 'Jux' (expected Jan, Feb, ... Dec); item skipped",
    ],
    feed_items(2, 3),
)
case(
    "feed-february-30",
    {"feed.txt": replace("feed.txt", 6, "paper / marialopez / Feb 30")},
    [
        "feed.txt:6:26: error[feed-day]: impossible date Feb 30 (Feb has at most 29 days); item skipped",
    ],
    feed_items(2, 3),
)
case(
    "feed-day-zero",
    {"feed.txt": replace("feed.txt", 6, "paper / marialopez / Jun 0")},
    [
        "feed.txt:6:26: error[feed-day]: impossible date Jun 0 (Jun has at most 30 days); item skipped",
    ],
    feed_items(2, 3),
)
case(
    "feed-malformed-item-head",
    {"feed.txt": replace("feed.txt", 6, "paper marialopez Jun 12")},
    [
        "feed.txt:6:1: error[feed-item-header]: item head does not parse: expected 'KIND / HANDLE / Mon D' (for example 'paper / alice / Jan 23'); item skipped",
    ],
    feed_items(2, 3),
)
case(
    "feed-duplicate-item",
    {"feed.txt": insert("feed.txt", 9, *lines_of("feed.txt")[5:9])},
    [
        "feed.txt:10:1: error[feed-duplicate]: duplicate of the item at line 6 (same kind, handle, date and claim); skipped",
    ],
    feed_items(3, 4),
)
case(
    "feed-unknown-kind-kept",
    {"feed.txt": replace("feed.txt", 10, "newsletter / marialopez / Jan 30")},
    [],
    feed_items(3),
)
# A claim with two slashes was taken for an item head: the item was lost, with two errors.
case(
    "feed-claim-with-two-slashes",
    {"feed.txt": replace("feed.txt", 9, "“Input/output costs dominate read/write workloads.”")},
    [],
    lambda corpus: claim_is(corpus, 1, "Input/output costs dominate read/write workloads."),
)
# A 200,000-character tag line took minutes to split.
case(
    "feed-200k-tag-line",
    {"feed.txt": replace("feed.txt", 4, "soil-healthcomposting" * 9524)},
    [
        "feed.txt:4:1: warning[feed-tags]: the tag line has 200,004 characters, more than the splitter reads (1,000); no tags were read from it",
    ],
    lambda corpus: messages_are_short(corpus, 600),
)
case(
    "feed-straight-quotes",
    {"feed.txt": FEED.replace("“", '"').replace("”", '"').encode()},
    [],
    same_as_base_feed,
)
case(
    "feed-claim-unquoted",
    {"feed.txt": replace("feed.txt", 9, "Weekly turning raises compost temperature.")},
    [
        "feed.txt:9:1: warning[feed-claim-quotes]: the key claim is not in quotes; taken as written",
    ],
    feed_items(3),
)
case(
    "feed-tag-line-with-spaces",
    {"feed.txt": replace("feed.txt", 8, "composting weed control")},
    [
        "feed.txt:8:1: warning[feed-tags]: the tag line is not kebab-case (it has spaces, tabs, underscores or other characters; tags are kebab-case, written together); read with spaces as tag boundaries, the signs of C++, C# and .NET spelled out (cpp, csharp, dotnet) and any other character as a hyphen",
    ],
    feed_items(3),
)
case(
    "feed-years-across-new-year",
    {"feed.txt": replace("feed.txt", 2, "podcast / marialopez / Jan 3")},
    [
        "feed.txt:6:1: warning[date-ambiguous]: year 2023 inferred from the feed's order (2 items, lines 6-10): the latest year consistent with the order; a gap of a whole year cannot be seen from order alone",
    ],
    years(2024, 2023, 2023),
    args=("--anchor-year", "2024"),
)
# -- feed: hostile text
HOSTILE_SUMMARY = (
    r"<script>alert(1)</script> ```{include} /etc/passwd``` {raw}`<b>x</b>` .. raw:: html "
    r"\input{/etc/passwd} \def\x{y} 100% of {unbalanced }} braces $x^2$ ~ # & _"
)
case(
    "feed-hostile-summary",
    {"feed.txt": replace("feed.txt", 3, HOSTILE_SUMMARY)},
    [],
    lambda corpus: summary_of(corpus, HOSTILE_SUMMARY),
)
case(
    "feed-hostile-claim",
    {"feed.txt": replace("feed.txt", 5, "“}{ \\end{document} [link](javascript:alert(1)) %”")},
    [],
    lambda corpus: claim_is(corpus, 0, "}{ \\end{document} [link](javascript:alert(1)) %"),
)

# -- transcript
case(
    "transcript-chapters-out-of-order",
    {"transcript.txt": replace("transcript.txt", 10, "0:20 Composting")},
    [
        "transcript.txt:10:1: error[transcript-chapter-order]: chapter starts at 0:20, not after the chapter above it (0:38, line 9); chapter skipped",
    ],
)
case(
    "transcript-chapter-malformed-time",
    {"transcript.txt": replace("transcript.txt", 9, "0:3x Soil health")},
    [
        "transcript.txt:9:1: error[transcript-chapter-time]: chapter line does not start with a time M:SS or H:MM:SS (seconds below 60); chapter skipped",
    ],
)
case(
    "transcript-chapter-seconds-over-59",
    {"transcript.txt": replace("transcript.txt", 9, "0:75 Soil health")},
    [
        "transcript.txt:9:1: error[transcript-chapter-time]: chapter line does not start with a time M:SS or H:MM:SS (seconds below 60); chapter skipped",
    ],
)
case(
    "transcript-duplicate-chapter-time",
    {"transcript.txt": replace("transcript.txt", 10, "0:38 Composting")},
    [
        "transcript.txt:10:1: error[transcript-chapter-order]: chapter starts at 0:38, not after the chapter above it (0:38, line 9); chapter skipped",
    ],
)
case(
    "transcript-no-chapter-list",
    {"transcript.txt": delete("transcript.txt", 6, 7, 8, 9, 10, 11)},
    [
        "transcript.txt:3:1: warning[transcript-structure]: no 'Chapters' list: the transcript is read as one chapter",
    ],
)
case(
    "transcript-no-transcript-heading",
    {"transcript.txt": delete("transcript.txt", 12)},
    [
        "transcript.txt:13:1: warning[transcript-structure]: no 'Transcript' line; the text after the chapter list was read as the transcript",
    ],
)
case(
    "transcript-no-paragraphs",
    {"transcript.txt": edit("transcript.txt", lambda lines: lines.__delitem__(slice(12, None)))},
    [
        "transcript.txt:12:1: error[transcript-structure]: the transcript has no paragraphs after its 'Transcript' line",
    ],
)
case("transcript-no-trailer", {"transcript.txt": delete("transcript.txt", 24)}, [])
case(
    "transcript-hostile-paragraph",
    {
        "transcript.txt": replace(
            "transcript.txt",
            16,
            "<script>alert(1)</script> ```{eval-rst}``` .. include:: /etc/passwd",
        )
    },
    [],
    lambda corpus: paragraph_is(
        corpus, 1, "<script>alert(1)</script> ```{eval-rst}``` .. include:: /etc/passwd"
    ),
)

HUGE_HOURS = "9" * 5000
NOT_A_TRAILER = "Transcribed by https://otter.ai" + " you" * 50_000 + " and that was it."
LONG_CAPTIONS = " ".join(["and then we turn the pile so the middle gets air"] * 3_700)


def aligned_whole(corpus: Corpus) -> None:
    """Every paragraph is in the alignment, in order, split only at chapter starts."""
    (alignment,) = corpus.alignments
    texts: dict[int, list[str]] = {}
    for chapter in alignment.chapters:
        for part in chapter.paragraphs:
            texts.setdefault(part.paragraph, []).append(part.text)
    assert [" ".join(texts[p.index]) for p in transcript(corpus).paragraphs] == [
        p.text for p in transcript(corpus).paragraphs
    ]


case(
    "transcript-chapter-time-5000-digits",
    {"transcript.txt": replace("transcript.txt", 10, f"{HUGE_HOURS}:33 Composting")},
    [
        "transcript.txt:10:1: error[transcript-chapter-time]: chapter time is over 1000 hours; chapter skipped",
    ],
)
case(
    "transcript-chapter-time-over-1000-hours",
    {"transcript.txt": replace("transcript.txt", 10, "60001:00 Composting")},
    [
        "transcript.txt:10:1: error[transcript-chapter-time]: chapter time is over 1000 hours; chapter skipped",
    ],
)
case(
    "transcript-almost-a-trailer-200000-characters",
    {"transcript.txt": replace("transcript.txt", 24, NOT_A_TRAILER)},
    [],
    lambda corpus: paragraph_is(corpus, 5, NOT_A_TRAILER),
)
case(
    "transcript-unpunctuated-200000-characters",
    {"transcript.txt": replace("transcript.txt", 22, LONG_CAPTIONS)},
    [],
    aligned_whole,
)
case(
    "transcript-duration-unknown-says-why",
    {"transcript.txt": base("transcript.txt").encode()},
    [
        "transcript.txt:3:1: warning[transcript-duration]: no episode duration is known (the transcript is linked to no work); the speech rate was fitted to the text: 77 words per minute (73-77), so the episode lasts about 1:34 (1:33-1:37), slower than anyone speaks: the transcript may be incomplete; give the duration (with --duration, or 'duration' in the corpus configuration) to place chapters better",
    ],
    context_codes=frozenset({"transcript-duration"}),
)

# -- notes (each with the transcript it refers to)


def with_transcript(notes: bytes) -> dict[str, bytes]:
    return {"notes.txt": notes, "transcript.txt": base("transcript.txt").encode()}


case(
    "notes-chapter-ref-to-no-chapter",
    with_transcript(replace("notes.txt", 24, "Soil first [§ Weather and climate]")),
    [
        "notes.txt:24:12: warning[notes-chapter-ref]: [§ Weather and climate] names no chapter in transcript.txt; left unresolved",
    ],
)
case(
    "notes-chapter-ref-unclosed",
    with_transcript(replace("notes.txt", 24, "Soil first [§ Soil health")),
    [
        "notes.txt:24:12: warning[notes-chapter-ref]: chapter reference has no closing ']'; read as [§ Soil health]",
    ],
)
case(
    "notes-table-row-wrong-cell-count",
    with_transcript(replace("notes.txt", 33, "TwoCookingNoMaybe")),
    [
        "notes.txt:33:1: warning[notes-table]: table row can be split into 3 cells more than one way; read as Two | Cooking | NoMaybe (or Two | CookingNo | Maybe)",
    ],
)
case(
    "notes-table-unsplittable-row",
    with_transcript(replace("notes.txt", 33, "twocookingno")),
    [
        "notes.txt:33:1: error[notes-table]: table row cannot be split into the header's 3 cells (Bay | State | Ready); kept as a paragraph",
    ],
)
# A 500-row flattened table took 20-26 s to recover.
case(
    "notes-500-row-table",
    with_transcript(
        edit(
            "notes.txt",
            lambda lines: lines.__setitem__(
                slice(lines.index("BayStateReady") + 1, lines.index("BayStateReady") + 4),
                [f"Row{n}FillingNo" for n in range(500)],
            ),
        )
    ),
    [],
    lambda corpus: table_rows_are(corpus, 500, ("Row499", "Filling", "No")),
)
case(
    "notes-question-without-answer",
    with_transcript(delete("notes.txt", 13)),
    [
        "notes.txt:12:1: warning[notes-question]: Q1 has no answer",
    ],
)
case(
    "notes-question-malformed-label",
    with_transcript(replace("notes.txt", 15, "Q — Is it true?")),
    [
        "notes.txt:15:1: warning[notes-question]: question has no number; read as Q2",
    ],
)
case(
    "notes-glossary-line-without-dash",
    with_transcript(replace("notes.txt", 21, "Green manure: a crop sown to be dug back in.")),
    [
        "notes.txt:21:1: warning[notes-glossary]: glossary line is not 'Term — definition'; ignored",
    ],
)
case(
    "notes-no-title",
    with_transcript(delete("notes.txt", 3)),
    [
        "notes.txt:1:1: error[notes-structure]: the notes have no title",
    ],
)
case(
    "notes-other-flags-kept",
    with_transcript(replace("notes.txt", 26, "Keep the soil covered [sic] [!].")),
    [],
    lambda corpus: flags_are(corpus, "[?]", "[sic]", "[!]"),
)
case(
    "notes-hostile-glossary",
    with_transcript(
        replace("notes.txt", 21, "<b>Green</b> manure — ```{include} /etc/passwd``` \\input{x} }{")
    ),
    [],
    lambda corpus: glossary_is(
        corpus, ("<b>Green</b> manure", "```{include} /etc/passwd``` \\input{x} }{")
    ),
)

# -- summary
case(
    "summary-without-sections",
    {"summary.txt": edit("summary.txt", lambda lines: lines.__delitem__(slice(5, None)))},
    [
        "summary.txt:1:1: warning[summary-structure]: no 'Key Takeaways' section",
        "summary.txt:1:1: warning[summary-structure]: no 'Notable Quotes' section",
        "summary.txt:1:1: warning[summary-structure]: no 'Questions Answered ...' section",
    ],
)
case(
    "summary-takeaway-without-explanation",
    {"summary.txt": delete("summary.txt", 8)},
    [
        "summary.txt:7:1: warning[summary-structure]: takeaway has a heading but no explanation",
    ],
)
case(
    "summary-quote-without-attribution",
    {"summary.txt": delete("summary.txt", 14)},
    [
        "summary.txt:13:1: warning[summary-structure]: quote has no attribution line ('— Name') after it; kept without a speaker",
    ],
)
case(
    "summary-people-line-garbled",
    {"summary.txt": replace("summary.txt", 2, "Maria Lopez and Sam Reed")},
    [
        "summary.txt:2:1: warning[summary-structure]: no 'Name (guest), Name (host)' line after the title; the page names no people",
    ],
)
# 1,000 names and a full stop: the pattern backtracked for minutes (24 names: 3-4 s).
case(
    "summary-1000-names-and-a-full-stop",
    {
        "summary.txt": replace(
            "summary.txt",
            2,
            ", ".join(f"Person Number{n} (guest)" for n in range(1000)) + ".",
        )
    },
    [
        "summary.txt:2:1: warning[summary-structure]: no 'Name (guest), Name (host)' line after the title; the page names no people",
    ],
    lambda corpus: messages_are_short(corpus, 600),
)
case(
    "summary-only-boilerplate",
    {"summary.txt": b"Get the full analysis with uListen AI\nAdd to Chrome\n"},
    [
        "summary.txt:1:1: error[format-unknown]: cannot tell the format of this file (feed, transcript, notes, summary or review); give it with --format",
    ],
)

# -- review
case(
    "review-label-only",
    {"review.txt": b"YouTube Review\n\n\nReturn to YouTube\n"},
    [
        "review.txt:1:1: error[review-structure]: the review has no title line",
        "review.txt:1:1: error[review-structure]: the review has no paragraphs",
    ],
)
case(
    "review-no-paragraphs",
    {"review.txt": delete("review.txt", 5, 6, 7)},
    [
        "review.txt:3:1: error[review-structure]: the review has no paragraphs",
    ],
)
case(
    "review-unfinished-topic-list",
    {
        "review.txt": replace(
            "review.txt", 7, "The episode belongs beside Soil Health, Composting, and"
        )
    },
    [
        "review.txt:7:1: warning[review-structure]: a list of related topics ('belongs beside A, B, and C') is unfinished; the topics before the end were kept",
    ],
)

# -- curated metadata and the other configuration files
WORKS = b"""[[work]]
id = "lopez-compost-study"
match = { kind = "paper", date = "Jun 12", claim = "Weekly turning raises" }
title = "Three-bay composting in market gardens"
authors = ["Lopez, Maria"]
date = "2023-06-12"
"""
METADATA = ("--metadata", "works.toml")


def with_works(works: bytes) -> dict[str, bytes]:
    return {"feed.txt": FEED.encode(), "works.toml": works}


YEARS_AROUND_THE_CURATED_DATE = [
    "feed.txt:2:1: warning[date-ambiguous]: year 2024 inferred from the feed's order (line 2): the earliest year consistent with the order; a gap of a whole year cannot be seen from order alone",
    "feed.txt:10:1: warning[date-ambiguous]: year 2023 inferred from the feed's order (line 10): the latest year consistent with the order; a gap of a whole year cannot be seen from order alone",
]
"""What the feed's other years become when the curated entry, with its date, applied."""


case(
    "works-toml-matches-nothing",
    with_works(WORKS.replace(b'"Jun 12"', b'"Jun 13"')),
    [
        "works.toml:1:1: error[meta-no-match]: entry 'lopez-compost-study' matches no feed item (kind 'paper', date 'Jun 13', claim containing 'Weekly turning raises'); not applied",
    ],
    args=METADATA,
)
case(
    "works-toml-duration-5000-digits",
    with_works(WORKS.replace(b"title = ", f'duration = "{HUGE_HOURS}:00:00"\ntitle = '.encode())),
    [
        f"works.toml:4:1: error[meta-value]: 'duration': '{HUGE_HOURS}:00:00' is not a duration H:MM:SS or M:SS (minutes and seconds under 60); ignored",
        "feed.txt:2:1: warning[date-ambiguous]: year 2024 inferred from the feed's order (line 2): the earliest year consistent with the order; a gap of a whole year cannot be seen from order alone",
        "feed.txt:10:1: warning[date-ambiguous]: year 2023 inferred from the feed's order (line 10): the latest year consistent with the order; a gap of a whole year cannot be seen from order alone",
    ],
    args=METADATA,
)
case(
    "works-toml-empty-claim",
    with_works(WORKS.replace(b"Weekly turning raises", b"")),
    [
        "works.toml:3:44: error[meta-value]: 'match.claim' is empty; entry skipped",
    ],
    args=METADATA,
)
case(
    "works-toml-syntax-error",
    with_works(b'[[work]]\nid = "x\nmatch = {}\n'),
    [
        'works.toml:2:6: error[meta-syntax]: TOML syntax error: the string opened with " here is not closed on its line (a "…" string ends on its line; """…""" may run over several)',
    ],
    args=METADATA,
)
case(
    "works-toml-wrong-type",
    with_works(WORKS.replace(b'["Lopez, Maria"]', b"3")),
    [
        "works.toml:5:1: error[meta-type]: 'authors' must be an array, not an integer; ignored",
        "feed.txt:2:1: warning[date-ambiguous]: year 2024 inferred from the feed's order (line 2): the earliest year consistent with the order; a gap of a whole year cannot be seen from order alone",
        "feed.txt:10:1: warning[date-ambiguous]: year 2023 inferred from the feed's order (line 10): the latest year consistent with the order; a gap of a whole year cannot be seen from order alone",
    ],
    args=METADATA,
)
case(
    "works-toml-unknown-key",
    with_works(WORKS.replace(b"title = ", b'colour = "red"\ntitle = ')),
    [
        "works.toml:4:1: error[meta-key]: unknown key 'colour'; ignored (known keys: aliases, arxiv, authors, authors_complete, date, doi, duration, evidence, guests, host, id, kind, match, notes, number, published, series, title, url, venue)",
        "feed.txt:2:1: warning[date-ambiguous]: year 2024 inferred from the feed's order (line 2): the earliest year consistent with the order; a gap of a whole year cannot be seen from order alone",
        "feed.txt:10:1: warning[date-ambiguous]: year 2023 inferred from the feed's order (line 10): the latest year consistent with the order; a gap of a whole year cannot be seen from order alone",
    ],
    args=METADATA,
)
case(
    "works-toml-bad-date",
    with_works(WORKS.replace(b"2023-06-12", b"2023-02-30")),
    [
        "works.toml:6:1: error[meta-value]: 'date': '2023-02-30' is not a real date; ignored",
    ],
    args=METADATA,
)
case(
    "works-toml-invalid-utf8",
    with_works(WORKS.replace(b"Lopez", b"L\xf3pez")),
    [
        "works.toml:5:14: error[file-encoding]: not valid UTF-8 (byte 0xf3); the file was not used",
    ],
    args=METADATA,
)
case(
    "works-toml-latex-in-title",
    with_works(WORKS.replace(b"Three-bay", b"\\\\input{x} {Three}}-bay $x$")),
    [
        "feed.txt:2:1: warning[date-ambiguous]: year 2024 inferred from the feed's order (line 2): the earliest year consistent with the order; a gap of a whole year cannot be seen from order alone",
        "feed.txt:10:1: warning[date-ambiguous]: year 2023 inferred from the feed's order (line 10): the latest year consistent with the order; a gap of a whole year cannot be seen from order alone",
    ],
    lambda corpus: title_is(corpus, 1, r"\input{x} {Three}}-bay $x$ composting in market gardens"),
    args=METADATA,
)
case(
    "unknown-format",
    {"essay.txt": b"Some thoughts on gardens.\n\nThey are nice.\n"},
    [
        "essay.txt:1:1: error[format-unknown]: cannot tell the format of this file (feed, transcript, notes, summary or review); give it with --format",
    ],
)

# -- issue #14: a review title may ask or exclaim
case(
    "review-title-ending-in-a-question-mark",
    {"review.txt": replace("review.txt", 3, "Can Soil Be Saved?")},
    [],
    lambda corpus: review_title_is(corpus, "Can Soil Be Saved?"),
)
case(
    "review-title-ending-in-an-exclamation-mark",
    {"review.txt": replace("review.txt", 3, "Soil First!")},
    [],
    lambda corpus: review_title_is(corpus, "Soil First!"),
)
case(
    "review-first-block-a-sentence-is-no-title",
    {"review.txt": replace("review.txt", 3, "Soil is the start of everything.")},
    [
        "review.txt:3:1: error[review-structure]: the review has no title line",
    ],
    lambda corpus: review_title_is(corpus, ""),
)

# -- issue #14: works.toml entries of the wrong shape, and TOML errors at the right line
case(
    "works-toml-entries-not-tables",
    with_works(b'work = ["x", 1]\n'),
    [
        "works.toml:1:9: error[meta-type]: each 'work' entry must be a table ([[work]]), not a string; skipped",
        "works.toml:1:14: error[meta-type]: each 'work' entry must be a table ([[work]]), not an integer; skipped",
    ],
    args=METADATA,
)
case(
    "works-toml-a-single-table",
    with_works(WORKS.replace(b"[[work]]", b"[work]")),
    [
        "works.toml:1:2: error[meta-type]: 'work' must be [[work]] entries, not a table; ignored",
    ],
    args=METADATA,
)
case(
    "works-toml-inline-entries-located",
    with_works(
        b"work = [\n"
        b'  { id = "lopez-compost-study", match = { kind = "paper", date = "Jun 12", claim = "Weekly turning raises" }, title = "T", date = "2023-06-12" },\n'
        b'  { id = "b", kind = "podcast", colour = "red" },\n'
        b"]\n"
    ),
    [
        "works.toml:3:33: error[meta-key]: unknown key 'colour'; ignored (known keys: aliases, arxiv, authors, authors_complete, date, doi, duration, evidence, guests, host, id, kind, match, notes, number, published, series, title, url, venue)",
        *YEARS_AROUND_THE_CURATED_DATE,
    ],
    args=METADATA,
)
case(
    "works-toml-duplicate-key",
    with_works(WORKS + b'title = "Again"\n'),
    [
        "works.toml:7:1: error[meta-syntax]: TOML syntax error: 'title' is defined twice (first at line 4)",
    ],
    args=METADATA,
)
case(
    "works-toml-unclosed-array",
    with_works(WORKS.replace(b'["Lopez, Maria"]', b'["Lopez, Maria",')),
    [
        "works.toml:6:1: error[meta-syntax]: TOML syntax error: Invalid value",
    ],
    args=METADATA,
)
case(
    "works-toml-unclosed-string-at-the-end",
    with_works(WORKS + b'notes = """never closed\n'),
    [
        "works.toml:7:9: error[meta-syntax]: TOML syntax error: the string opened with"
        ' """ here is never closed',
    ],
    args=METADATA,
)
case(
    "works-toml-line-separators-in-a-comment",
    with_works(
        b"# a comment with \xe2\x80\xa8 and \xc2\x85 in it\n"
        + WORKS.replace(b"2023-06-12", b"2023-13-01")
    ),
    [
        "works.toml:7:1: error[meta-value]: 'date': '2023-13-01' is not a real date; ignored",
    ],
    args=METADATA,
)
case(
    "works-toml-published-month-13",
    with_works(WORKS + b'published = { type = "article", venue = "J", year = 2023, month = 13 }\n'),
    [
        "works.toml:7:59: error[meta-value]: 'published.month': 13 is not a month (1 to 12); ignored",
        *YEARS_AROUND_THE_CURATED_DATE,
    ],
    args=METADATA,
)
case(
    "works-toml-huge-integer",
    with_works(WORKS + b"number = " + b"9" * 5000 + b"\n"),
    [
        "works.toml:7:10: error[meta-syntax]: TOML syntax error: an integer with more than 4300 digits",
    ],
    lambda corpus: messages_are_short(corpus, 600),
    args=METADATA,
)
case(
    "works-toml-deep-nesting",
    with_works(WORKS + b"aliases = " + b"[" * 5000 + b"]" * 5000 + b"\n"),
    [
        "works.toml:7:111: error[meta-syntax]: TOML syntax error: arrays or inline tables nested more than 100 deep",
    ],
    args=METADATA,
)
case(
    "works-toml-bom",
    with_works(b"\xef\xbb\xbf" + WORKS),
    YEARS_AROUND_THE_CURATED_DATE,
    args=METADATA,
)


# ---------------------------------------------------------------------------- configurations

CONFIG = Path(__file__).parent / "config"
"""A corpus configuration of the base documents with every side file (``config/``)."""


@dataclass(frozen=True)
class ConfigCase:
    """A corpus whose configuration or side files are wrong, and what feedcite must say.

    The project folder holds ``config/`` (``corpus.toml`` and its side files) and the base
    documents in ``captures/``; beside it, outside it, is ``precious.txt``. ``{outside}``
    in a file or a link target stands for the folder that holds the project.

    Attributes:
        name: The case's id.
        changes: File (relative to the project) -> its new bytes, or ``None`` to delete it.
        expected: The diagnostics' heads, in order (without the context codes).
        status: The exit status of ``feedcite parse``: 2 when the configuration is refused
            (and then no command may change any file), 1 for input errors, 0 when clean.
        links: Symbolic links to make: path (relative to the project) -> target.
        args: Extra command-line arguments (and ``allow_outside``/``allow_empty`` for the
            library when ``--allow-outside``/``--allow-empty`` are among them).
        works: How many works the corpus must have, when it loads.
    """

    name: str
    changes: dict[str, bytes | None]
    expected: list[str]
    status: int
    links: dict[str, str] = field(default_factory=dict)
    args: tuple[str, ...] = ()
    works: int | None = None

    @property
    def errors(self) -> int:
        return sum(1 for line in self.expected if ": error[" in line)


CONFIG_CASES: list[ConfigCase] = []


def config_case(
    name: str,
    changes: dict[str, bytes | None],
    expected: list[str],
    status: int,
    *,
    links: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
    works: int | None = None,
) -> None:
    CONFIG_CASES.append(ConfigCase(name, changes, expected, status, links or {}, args, works))


def corpus_toml(edit_text: Callable[[str], str]) -> dict[str, bytes | None]:
    """The evidence corpus.toml, changed by ``edit_text``."""
    text = (CONFIG / "corpus.toml").read_text(encoding="utf-8")
    changed = edit_text(text)
    assert changed != text, "the change must change something"
    return {"corpus.toml": changed.encode("utf-8")}


def with_captures(captures: str) -> dict[str, bytes | None]:
    """The evidence corpus.toml with its [[corpus.captures]] tables replaced by ``captures``."""
    text = (CONFIG / "corpus.toml").read_text(encoding="utf-8")
    head, rest = text.split("[[corpus.captures]]", 1)
    themes = rest[rest.index("[corpus.themes]") :]
    return {"corpus.toml": (head + captures + "\n" + themes).encode("utf-8")}


FEED_CAPTURE = '[[corpus.captures]]\npath = "captures/feed.txt"\n'
EMPTY = (
    "corpus.toml:3:2: error[config]: the corpus lists no captures ([[corpus.captures]] tables), "
    "so there is nothing to read; add captures, or set allow_empty = true if an empty corpus is "
    "intended"
)
FEED_YEAR = "captures/feed.txt:10:1: warning[date-ambiguous]: year 2023 inferred from the feed's order (line 10): the latest year consistent with the order; a gap of a whole year cannot be seen from order alone"
WARNINGS = [FEED_YEAR]
"""The warnings of the evidence corpus when nothing is wrong with it."""
LINK = "is a symbolic link that leads outside the configuration's folder"
PERMIT = "--allow-outside permits it"

# -- the shapes of `captures` (issue #14: each gave an empty corpus, and `feedcite bib` then
#    overwrote the bibliography with an empty one)
config_case(
    "config-captures-a-single-table",
    with_captures('[corpus.captures]\npath = "captures/feed.txt"\n'),
    [
        "corpus.toml:15:9: error[config]: 'captures' must be an array of tables ([[corpus.captures]]), not a table",
    ],
    2,
)
config_case(
    "config-captures-a-string",
    corpus_toml(
        lambda t: t.replace(
            'name = "Maria Lopez"', 'name = "Maria Lopez"\ncaptures = "captures/feed.txt"'
        ).replace("[[corpus.captures]]", "[[corpus.other]]")
    ),
    [
        "corpus.toml:5:1: error[config]: 'captures' must be an array of tables ([[corpus.captures]]), not a string",
        "corpus.toml:16:10: error[config]: unknown key 'other' in [corpus]",
    ],
    2,
)
config_case(
    "config-captures-not-tables",
    with_captures('captures = ["captures/feed.txt", 7, {path = true}, {format = "feed"}]\n'),
    [
        "corpus.toml:15:13: error[config]: each capture must be a table with a 'path', not a string",
        "corpus.toml:15:34: error[config]: each capture must be a table with a 'path', not an integer",
        "corpus.toml:15:45: error[config]: 'path' must be a string, not a boolean",
        "corpus.toml:15:52: error[config]: a capture needs a 'path'",
    ],
    2,
)
config_case(
    "config-capture-listed-twice",
    with_captures(FEED_CAPTURE + "\n" + FEED_CAPTURE),
    [
        "corpus.toml:19:8: error[config]: capture 'captures/feed.txt' is listed twice (first at line 16)",
    ],
    2,
)
config_case(
    "config-capture-two-paths-of-one-file",
    with_captures(FEED_CAPTURE + '[[corpus.captures]]\npath = "captures/../captures/./feed.txt"\n'),
    [
        "corpus.toml:18:8: error[config]: capture 'captures/../captures/./feed.txt' is the same file as the capture 'captures/feed.txt' at line 16",
    ],
    2,
)
config_case(
    "config-capture-unknown-key-and-wrong-types",
    with_captures(FEED_CAPTURE + 'kind = "feed"\ntitle = 3\nformat = "blog"\n'),
    [
        "corpus.toml:17:1: error[config]: unknown key 'kind' in a capture",
        "corpus.toml:18:9: error[config]: 'title' must be a string, not an integer",
        "corpus.toml:19:10: error[config]: unknown format 'blog' (expected one of feed, transcript, notes, summary, review)",
    ],
    2,
)
# -- an empty corpus is an error unless asked for
config_case("config-no-captures", with_captures(""), [EMPTY], 2)
config_case(
    "config-no-captures-allowed-in-the-configuration",
    {
        **corpus_toml(
            lambda t: t.replace(
                "anchor_year = 2024", "anchor_year = 2024\nallow_empty = true"
            ).split("[[corpus.captures]]")[0]
        ),
        "works.toml": b"",
        "glossary.toml": b"",
    },
    [],
    0,
    works=0,
)
config_case(
    "config-no-captures-allowed-on-the-command-line",
    {**with_captures(""), "works.toml": b"", "glossary.toml": b""},
    [],
    0,
    args=("--allow-empty",),
    works=0,
)
# -- paths are confined to the configuration's folder
config_case(
    "config-capture-etc-passwd",
    with_captures('[[corpus.captures]]\npath = "/etc/passwd"\n'),
    [
        f"corpus.toml:16:8: error[config]: capture '/etc/passwd' is outside the configuration's folder; {PERMIT}"
    ],
    2,
)
config_case(
    "config-capture-climbs-out",
    with_captures(FEED_CAPTURE + '[[corpus.captures]]\npath = "../precious.txt"\n'),
    [
        f"corpus.toml:18:8: error[config]: capture '../precious.txt' is outside the configuration's folder; {PERMIT}"
    ],
    2,
)
config_case(
    "config-capture-outside-allowed",
    with_captures('[[corpus.captures]]\npath = "{outside}/feed-outside.txt"\n'),
    [
        "glossary.toml:1:1: warning[glossary]: [[annotate]] names 'Green manure', which no notes glossary defines; ignored",
        FEED_YEAR,
    ],
    0,
    links={"../feed-outside.txt": "project/captures/feed.txt"},
    args=("--allow-outside",),
    works=4,
)
config_case(
    "config-capture-symlink-to-etc-passwd",
    with_captures('[[corpus.captures]]\npath = "captures/passwd.txt"\n'),
    [
        f"corpus.toml:16:8: error[config]: capture 'captures/passwd.txt' {LINK} (to /etc/passwd); {PERMIT}"
    ],
    2,
    links={"captures/passwd.txt": "/etc/passwd"},
)
config_case(
    "config-capture-through-a-linked-folder",
    with_captures('[[corpus.captures]]\npath = "system/passwd"\n'),
    [f"corpus.toml:16:8: error[config]: capture 'system/passwd' {LINK} (to /etc/passwd); {PERMIT}"],
    2,
    links={"system": "/etc"},
)
config_case(
    "config-bibliography-outside",
    corpus_toml(lambda t: t.replace('"lopez.bib"', '"../precious.txt"')),
    [
        f"corpus.toml:11:16: error[config]: the 'bibliography' file '../precious.txt' is outside the configuration's folder; {PERMIT}"
    ],
    2,
)
config_case(
    "config-bibliography-symlink-outside",
    {},
    [
        f"corpus.toml:11:16: error[config]: the 'bibliography' file 'lopez.bib' {LINK} (to {{outside}}/precious.txt); {PERMIT}"
    ],
    2,
    links={"lopez.bib": "../precious.txt"},
)
config_case(
    "config-csl-absolute-outside",
    corpus_toml(lambda t: t.replace('"lopez.json"', '"{outside}/precious.txt"')),
    [
        f"corpus.toml:12:7: error[config]: the 'csl' file '{{outside}}/precious.txt' is outside the configuration's folder; {PERMIT}"
    ],
    2,
)
config_case(
    "config-citekeys-symlink-outside",
    {"citekeys.toml": None},
    [
        f"corpus.toml:10:12: error[config]: the 'citekeys' file 'citekeys.toml' {LINK} (to {{outside}}/precious.txt); {PERMIT}"
    ],
    2,
    links={"citekeys.toml": "../precious.txt"},
)
config_case(
    "config-metadata-outside",
    corpus_toml(lambda t: t.replace('"works.toml"', '"../../works.toml"')),
    [
        f"corpus.toml:7:12: error[config]: the 'metadata' file '../../works.toml' is outside the configuration's folder; {PERMIT}"
    ],
    2,
)
# -- outputs that would overwrite an input
config_case(
    "config-bibliography-is-a-capture",
    corpus_toml(lambda t: t.replace('"lopez.bib"', '"captures/feed.txt"')),
    [
        "corpus.toml:11:16: error[config]: 'bibliography' names the capture 'captures/feed.txt', which it would overwrite"
    ],
    2,
)
config_case(
    "config-citekeys-is-the-metadata",
    corpus_toml(lambda t: t.replace('"citekeys.toml"', '"works.toml"')),
    [
        "corpus.toml:10:12: error[config]: 'citekeys' names the 'metadata' file, which it would overwrite"
    ],
    2,
)
config_case(
    "config-csl-is-the-configuration",
    corpus_toml(lambda t: t.replace('"lopez.json"', '"corpus.toml"')),
    [
        "corpus.toml:12:7: error[config]: 'csl' names the configuration itself, which it would overwrite"
    ],
    2,
)
config_case(
    "config-bibliography-is-a-folder",
    corpus_toml(lambda t: t.replace('"lopez.bib"', '"captures"')),
    ["corpus.toml:11:16: error[config]: 'bibliography' names a folder, not a file"],
    2,
)
# -- unknown keys, wrong types, TOML errors
config_case(
    "config-unknown-keys",
    corpus_toml(lambda t: t.replace("[corpus]", "[site]\ncolor = 1\n\n[corpus]\nlayout = 2")),
    [
        "corpus.toml:3:2: error[config]: unknown top-level key 'site' (the configuration is one [corpus] table)",
        "corpus.toml:7:1: error[config]: unknown key 'layout' in [corpus]",
    ],
    2,
)
config_case(
    "config-wrong-types",
    corpus_toml(
        lambda t: (
            t.replace('title = "Maria Lopez: an evidence corpus"', "title = 3")
            .replace("anchor_year = 2024", "anchor_year = 20240")
            .replace('"Tomatoes" = ["tomatoes"]', '"Tomatoes" = "tomatoes"')
        )
    ),
    [
        "corpus.toml:5:9: error[config]: 'title' must be a string, not an integer",
        "corpus.toml:13:15: error[config]: 'anchor_year' 20240 is not a year (1 to 9999)",
        "corpus.toml:38:14: error[config]: theme 'Tomatoes' must be an array of tags (strings), not a string",
    ],
    2,
)
config_case(
    "config-duplicate-key",
    corpus_toml(lambda t: t.replace("anchor_year = 2024", 'anchor_year = 2024\nname = "Again"')),
    [
        "corpus.toml:14:1: error[meta-syntax]: TOML syntax error: 'name' is defined twice (first at line 4)"
    ],
    2,
)
config_case(
    "config-unclosed-string-at-the-end",
    corpus_toml(lambda t: t + 'about = """never closed\n'),
    [
        "corpus.toml:39:9: error[meta-syntax]: TOML syntax error: the string opened with"
        ' """ here is never closed'
    ],
    2,
)
config_case(
    "config-line-separator-in-a-comment",
    corpus_toml(
        lambda t: t.replace("# A corpus", "# A\u2028corpus").replace(
            "anchor_year = 2024", "anchor_year = 2024x"
        )
    ),
    [
        "corpus.toml:13:19: error[meta-syntax]: TOML syntax error: Expected newline or end of document after a statement"
    ],
    2,
)
config_case(
    "config-bom",
    {"corpus.toml": b"\xef\xbb\xbf" + (CONFIG / "corpus.toml").read_bytes()},
    WARNINGS,
    0,
    works=4,
)
config_case(
    "config-invalid-utf8",
    {
        "corpus.toml": (CONFIG / "corpus.toml")
        .read_bytes()
        .replace(b'Maria Lopez"\n', b'Mar\xeda L\xf3pez"\n')
    },
    [
        "corpus.toml:4:12: error[config]: not valid UTF-8 (byte 0xed); the configuration was not read"
    ],
    2,
)
# -- missing files: errors where the configuration names them, the rest is read
config_case(
    "config-capture-missing",
    {"captures/review.txt": None},
    [
        "corpus.toml:34:8: error[file-unreadable]: cannot read capture 'captures/review.txt': no such file",
        *WARNINGS,
    ],
    1,
    works=4,
)
config_case(
    "config-capture-link-loop",
    {"captures/review.txt": None},
    [
        "corpus.toml:34:8: error[file-unreadable]: cannot read capture 'captures/review.txt': a symbolic link loop",
        *WARNINGS,
    ],
    1,
    links={"captures/review.txt": "loop.txt", "captures/loop.txt": "review.txt"},
    works=4,
)
config_case(
    "config-metadata-missing",
    {"works.toml": None},
    [
        "corpus.toml:7:12: error[file-unreadable]: cannot read the 'metadata' file 'works.toml': no such file",
        "glossary.toml:1:1: warning[glossary]: term 'Three-bay composting' names related work 'lopez-compost-study', which is not in the corpus",
        "captures/feed.txt:6:1: warning[date-ambiguous]: year 2023 inferred from the feed's order (2 items, lines 6-10): the latest year consistent with the order; a gap of a whole year cannot be seen from order alone",
    ],
    1,
    works=3,
)
# -- glossary.toml
config_case(
    "glossary-toml-term-an-array-of-strings",
    {"glossary.toml": b'term = ["x", "y"]\n'},
    [
        "glossary.toml:1:9: error[glossary]: each 'term' entry must be a table ([[term]]), not a string; skipped",
        "glossary.toml:1:14: error[glossary]: each 'term' entry must be a table ([[term]]), not a string; skipped",
        *WARNINGS,
    ],
    1,
    works=4,
)
config_case(
    "glossary-toml-term-a-string",
    {"glossary.toml": b'term = "Compost"\n'},
    [
        "glossary.toml:1:1: error[glossary]: 'term' must be [[term]] tables, not a string; ignored",
        *WARNINGS,
    ],
    1,
    works=4,
)
config_case(
    "glossary-toml-aliases-a-string",
    {
        "glossary.toml": (CONFIG / "glossary.toml")
        .read_bytes()
        .replace(b'["three bays"]', b'"three bays"')
    },
    [
        "glossary.toml:9:11: error[glossary]: 'aliases' must be an array of strings, not a string; ignored",
        *WARNINGS,
    ],
    1,
    works=4,
)
config_case(
    "glossary-toml-invalid-utf8",
    {
        "glossary.toml": (CONFIG / "glossary.toml")
        .read_bytes()
        .replace(b"three bays", b"three b\xe4ys")
    },
    [
        "glossary.toml:8:36: error[file-encoding]: not valid UTF-8 (byte 0xe4); the file was not used",
        *WARNINGS,
    ],
    1,
    works=4,
)
# -- citekeys.toml and tags.toml: what is read by this branch's code (their shapes are
#    checked by the ledger and the vocabulary readers)
config_case(
    "citekeys-toml-syntax-error",
    {
        "citekeys.toml": (CONFIG / "citekeys.toml")
        .read_bytes()
        .replace(b'= "lopez2023threebay"', b"= lopez2023threebay")
    },
    ["citekeys.toml:7:25: error[meta-syntax]: TOML syntax error: Invalid value", *WARNINGS],
    1,
    works=4,
)
config_case(
    "tags-toml-duplicate-key",
    {"tags.toml": b'tags = ["weed-control"]\ntags = []\n'},
    [
        "tags.toml:2:1: error[meta-syntax]: TOML syntax error: 'tags' is defined twice (first at line 1)",
        *WARNINGS,
    ],
    1,
    works=4,
)
config_case(
    "config-name-with-a-line-break",
    corpus_toml(
        lambda t: t.replace('name = "Maria Lopez"', 'name = "Maria Lopez\\n@misc{evil, title={x}}"')
    ),
    [
        "corpus.toml:4:8: error[config]: 'name' must not contain line breaks or control characters",
    ],
    2,
)

# -- bibliography (feedcite bib): the key ledger, text the .bib cannot hold, hostile text
BIB_ARGS = ("--citekeys", "citekeys.toml")
LEDGER = (
    "[keys]\n"
    '"blog-jan-30-tomatoes-planted-deep" = "lopezndtomatoes"\n'
    '"paper-jun-12-weekly-turning-raises" = "lopezndweekly"\n'
    '"podcast-mar-3-keep-soil-covered" = "lopezndkeep"\n'
)


def with_ledger(ledger: str, feed: str = FEED) -> dict[str, bytes]:
    return {"feed.txt": feed.encode(), "citekeys.toml": ledger.encode()}


def bib_case(
    name: str,
    files: dict[str, bytes],
    bib: list[str],
    bib_check: Callable[[str | None], None] | None,
    *,
    expected: tuple[str, ...] = (),
    bib_status: int = 0,
    bib_args: tuple[str, ...] = BIB_ARGS,
    check: Check | None = None,
) -> None:
    CASES.append(
        Case(
            name,
            files,
            list(expected),
            check,
            bib=bib,
            bib_args=bib_args,
            bib_status=bib_status,
            bib_check=bib_check,
        )
    )


def nothing_written(text: str | None) -> None:
    assert text is None


def entries(*keys: str) -> Callable[[str | None], None]:
    """The .bib has exactly these entry keys, in order."""

    def check(text: str | None) -> None:
        assert text is not None
        assert re.findall(r"^@\w+\{([^,]+),", text, re.MULTILINE) == list(keys)

    return check


def entries_and(
    *keys: str, present: tuple[str, ...] = (), absent: tuple[str, ...] = ()
) -> Callable[[str | None], None]:
    """:func:`entries`, and these substrings present in (or absent from) the .bib."""

    def check(text: str | None) -> None:
        entries(*keys)(text)
        assert text is not None
        for piece in present:
            assert piece in text, piece
        for piece in absent:
            assert piece not in text, piece

    return check


# Undated items keep the feed's order (newest first; a month without its year orders
# nothing: Jun 12 below Mar 3 is of the year before).
ALL_KEYS = ("lopezndkeep", "lopezndweekly", "lopezndtomatoes")

bib_case(
    "bib-ledger-clean",
    with_ledger(LEDGER),
    [],
    entries(*ALL_KEYS),
)
bib_case(
    "bib-ledger-missing",
    {"feed.txt": FEED.encode()},
    [],
    entries(*ALL_KEYS),
)
bib_case(
    "bib-ledger-duplicate-key",
    with_ledger(LEDGER.replace('"lopezndweekly"', '"lopezndkeep"')),
    [
        "citekeys.toml:4:38: error[bib-key]: key 'lopezndkeep' is recorded for work 'podcast-mar-3-keep-soil-covered' and for work 'paper-jun-12-weekly-turning-raises' (line 3); 'paper-jun-12-weekly-turning-raises' keeps it, 'podcast-mar-3-keep-soil-covered' gets a new key",
    ],
    nothing_written,
    bib_status=1,
)
bib_case(
    "bib-ledger-invalid-key",
    with_ledger(LEDGER.replace('"lopezndtomatoes"', '"Lopez Tomatoes"')),
    [
        "citekeys.toml:2:40: error[bib-key]: key 'Lopez Tomatoes' of work 'blog-jan-30-tomatoes-planted-deep' is not a valid citation key ([a-z][a-z0-9]*, at most 64 characters); the work gets a new key",
    ],
    nothing_written,
    bib_status=1,
)
bib_case(
    "bib-ledger-key-too-long",
    with_ledger(LEDGER.replace('"lopezndtomatoes"', '"' + "k" * 65 + '"')),
    [
        "citekeys.toml:2:40: error[bib-key]: key '"
        + "k" * 65
        + "' of work 'blog-jan-30-tomatoes-planted-deep' is not a valid citation key ([a-z][a-z0-9]*, at most 64 characters); the work gets a new key",
    ],
    nothing_written,
    bib_status=1,
)
bib_case(
    "bib-ledger-syntax-error",
    with_ledger(LEDGER.replace('= "lopezndweekly"', '= "lopezndweekly')),
    [
        'citekeys.toml:3:40: error[meta-syntax]: TOML syntax error: the string opened with " here is not closed on its line (a "…" string ends on its line; """…""" may run over several)',
    ],
    nothing_written,
    bib_status=1,
)
bib_case(
    "bib-ledger-retired-key-in-use",
    with_ledger(LEDGER + '\n[retired]\n"lopezndkeep" = "podcast-mar-3-keep-soil-covered"\n'),
    [
        "citekeys.toml:4:38: error[bib-key]: key 'lopezndkeep' of work 'podcast-mar-3-keep-soil-covered' is also listed in [retired]; the work gets a new key",
    ],
    nothing_written,
    bib_status=1,
)
bib_case(
    "bib-ledger-unknown-table",
    with_ledger(LEDGER + '\n[keyz]\n"x" = "y"\n'),
    [
        "citekeys.toml:1:1: error[bib-key]: unknown table 'keyz' in the key ledger (expected [keys] and [retired])",
    ],
    nothing_written,
    bib_status=1,
)
bib_case(
    "bib-ledger-key-of-a-removed-work",
    with_ledger(LEDGER + '"talk-may-1-gone" = "lopezndgone"\n'),
    [
        "citekeys.toml:5:1: warning[bib-key]: key 'lopezndgone' of work 'talk-may-1-gone' is kept in the ledger, but no work 'talk-may-1-gone' was loaded this time (it failed to load or was removed); to give up the key, move its line to [retired]",
    ],
    entries(*ALL_KEYS),
)
bib_case(
    "bib-ledger-rekeyed-by-hand",
    with_ledger(
        LEDGER.replace('"lopezndkeep"', '"lopez2024keep"')
        + '\n[retired]\n"lopezndkeep" = "podcast-mar-3-keep-soil-covered"\n'
    ),
    [],
    entries("lopez2024keep", "lopezndweekly", "lopezndtomatoes"),
)
bib_case(
    "bib-ledger-keys-are-not-reused",
    with_ledger(
        LEDGER.replace('"lopezndweekly"', '"lopezndkeepa"')
        + '\n[retired]\n"lopezndweekly" = "gone"\n'
    ),
    [],
    entries("lopezndkeep", "lopezndkeepa", "lopezndtomatoes"),
)


def _feed_with(summary: str) -> str:
    lines = FEED.splitlines()
    lines[2] = summary
    return "\n".join(lines) + "\n"


bib_case(
    "bib-text-outside-t1",
    {"feed.txt": _feed_with("Ελληνικά notes on 王 compost, with 🙂 and x\u0303.").encode()},
    [
        "feed.txt:2:1: warning[bib-text]: the abstract and annote of work 'podcast-mar-3-keep-soil-covered' have characters that pdflatex cannot typeset with T1 fonts: 'Ε' (U+0395), 'λ' (U+03BB), 'η' (U+03B7), 'ν' (U+03BD), 'ι' (U+03B9) and 4 more; the .bib has them transliterated (the CSL-JSON keeps them)",
    ],
    entries_and(
        *ALL_KEYS,
        present=("Ellinika notes on Wang compost, with :slight\\_smile: and \\~{x}.",),
    ),
    bib_args=(),
)
bib_case(
    "bib-text-hostile",
    {
        "feed.txt": _feed_with(
            "Braces } { and {pairs}, \\input{/etc/passwd}, @misc{x, $x$ ^ ~ % # & _ "
            "\u202eevil\u202c zero\u200bwidth"
        ).encode()
    },
    [
        "feed.txt:2:1: warning[text-invisible]: invisible characters removed from the summary: U+202E RIGHT-TO-LEFT OVERRIDE, U+202C POP DIRECTIONAL FORMATTING, U+200B ZERO WIDTH SPACE",
    ],
    entries_and(
        *ALL_KEYS,
        present=(
            "Braces \\ensuremath{\\rbrace} \\ensuremath{\\lbrace} and \\{pairs\\}, "
            "\\textbackslash{}input\\{/etc/passwd\\}, @misc\\ensuremath{\\lbrace}x, \\$x\\$ \\string^ "
            "\\textasciitilde{} \\% \\# \\& \\_ evil zerowidth",
        ),
        absent=("\\input{", "\u202e", "\u200b"),
    ),
    expected=(
        "feed.txt:2:1: warning[text-invisible]: invisible characters removed from the summary: U+202E RIGHT-TO-LEFT OVERRIDE, U+202C POP DIRECTIONAL FORMATTING, U+200B ZERO WIDTH SPACE",
    ),
    bib_args=(),
)
bib_case(
    "bib-output-is-an-input",
    {"feed.txt": FEED.encode()},
    [],
    nothing_written,
    bib_status=2,
    bib_args=("-o", "feed.txt"),
)
