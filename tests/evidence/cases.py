"""The bad-input suite: malformed and hostile variants of small documents in all five formats.

Each :class:`Case` is a set of files written to a fresh folder (the first is the one under
test) and the exact diagnostics feedcite must report for them, as
``file:line:column: severity[code]: message`` heads. The files are variants of the clean
documents in ``base/``, each changed in one way, so that every case reads as "this
document, with this one thing wrong".

Four codes report what a lone document lacks rather than what is wrong with it: no
curated metadata (``meta-missing``), no year anchor (``date-no-anchor``), no related work
(``link-identity``) and no known duration (``transcript-duration``). Every clean base
document produces some of them (``test_bad_input.test_base_documents``), so the cases
compare only the other codes, unless a case lists one of the four in ``context_codes``.
"""

from __future__ import annotations

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
    """

    name: str
    files: dict[str, bytes]
    expected: list[str]
    check: Check | None = None
    args: tuple[str, ...] = ()
    context_codes: frozenset[str] = field(default_factory=frozenset)

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
        "feed.txt:8:1: warning[feed-tags]: the tag line has spaces or underscores (tags are kebab-case, written together); read with spaces as tag boundaries and underscores as hyphens",
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


case(
    "works-toml-matches-nothing",
    with_works(WORKS.replace(b'"Jun 12"', b'"Jun 13"')),
    [
        "works.toml:1:1: error[meta-no-match]: entry 'lopez-compost-study' matches no feed item (kind 'paper', date 'Jun 13', claim containing 'Weekly turning raises'); not applied",
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
        "works.toml:2:8: error[meta-syntax]: TOML syntax error: Illegal character '\\n'",
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
