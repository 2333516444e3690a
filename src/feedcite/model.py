"""The typed objects feedcite reads and produces.

Parsers emit *raw* records (:class:`Feed`, :class:`Transcript`, :class:`Notes`,
:class:`SummaryPage`, :class:`ReviewPage`) that keep their source span and text and
add no interpretation. Enrichment steps (:mod:`feedcite.enrich`) build the *derived*
records (:class:`Work`, :class:`Alignment`, :class:`Link`, :class:`Term`) and collect
them in a :class:`Corpus`. Every record is a frozen, slotted dataclass.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import Literal, Protocol

from feedcite.errors import Diagnostic
from feedcite.span import SourceSpan

__all__ = [
    "RECORDING_KINDS",
    "AlignedChapter",
    "AlignedParagraph",
    "Alignment",
    "Boilerplate",
    "Chapter",
    "ChapterRef",
    "Corpus",
    "Creator",
    "Document",
    "DocumentHead",
    "DocumentKind",
    "DocumentRecord",
    "Feed",
    "FeedItem",
    "Flag",
    "GlossaryEntry",
    "Line",
    "Link",
    "Location",
    "NoteBlock",
    "NoteSection",
    "Notes",
    "Occurrence",
    "Paragraph",
    "Published",
    "Question",
    "Quote",
    "ReviewPage",
    "SkippedItem",
    "SourceSpan",
    "SummaryPage",
    "Table",
    "TagGroup",
    "TagSplit",
    "Takeaway",
    "Term",
    "TextUnit",
    "Transcript",
    "Work",
    "YearSource",
    "newest_first",
]


class DocumentKind(enum.StrEnum):
    """The five input formats feedcite reads."""

    FEED = "feed"
    TRANSCRIPT = "transcript"
    NOTES = "notes"
    SUMMARY = "summary"
    REVIEW = "review"


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """A line a parser recognised as navigation, promotion or a service trailer and set aside.

    Attributes:
        text: The line as it was.
        rule: Name of the pattern that matched (see each parser's ``BOILERPLATE``).
        span: Where it was.
    """

    text: str
    rule: str
    span: SourceSpan


# --------------------------------------------------------------------------- feed


@dataclass(frozen=True, slots=True)
class FeedItem:
    r"""One item of a feed, exactly as captured (four lines).

    Attributes:
        index: 1-based position of the item in the file (newest first).
        kind: The item kind: ``paper``, ``youtube``, ``blog``, ``podcast``, ... (any word).
        handle: The account the item was captured from.
        month: 1-12.
        day: 1-31 (checked against the month; Feb 29 is checked once a year is known).
        summary: The summary paragraph.
        tag_line: The tag line as written: kebab-case tags with no separator between them.
        claim: The key claim without its surrounding quotes.
        claim_quoted: Whether the claim was in quotes (curly or straight).
        span: The item's header line; ``end_line`` is its last line.
        lines: The item's lines as they were in the file (blank lines left out); see
            :attr:`raw`.
        summary_span: The summary's first line (``end_line``: its last, when it spans several).
        tag_span: The tag line.
        claim_span: The key claim's line.
    """

    index: int
    kind: str
    handle: str
    month: int
    day: int
    summary: str
    tag_line: str
    claim: str
    claim_quoted: bool
    span: SourceSpan
    lines: tuple[str, ...]
    summary_span: SourceSpan
    tag_span: SourceSpan
    claim_span: SourceSpan

    @property
    def raw(self) -> str:
        r"""The item's lines as they were in the file, joined with ``\n``.

        Kept as lines, which the other fields share, rather than as one more copy of the
        text: a large feed holds half as much.
        """
        return "\n".join(self.lines)

    @property
    def identity(self) -> tuple[str, str, int, int, str]:
        """The kind, handle, date and claim (case-folded) that make two items one item."""
        return (self.kind, self.handle, self.month, self.day, self.claim.casefold())

    @property
    def date_label(self) -> str:
        """The date as the feed writes it, e.g. ``Jan 23``."""
        return f"{MONTH_ABBR[self.month - 1]} {self.day}"


MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
"""The months' names, January first."""
MONTH_ABBR = tuple(name[:3] for name in MONTH_NAMES)
"""The months' three-letter abbreviations as feeds write them (``Jan`` ... ``Dec``)."""


@dataclass(frozen=True, slots=True)
class SkippedItem:
    r"""A feed item that could not be read, kept as data with the error that skipped it.

    Like bibtexparser's ``ParsingFailedBlock``: nothing the file holds is dropped without a
    record, so that a caller can show, repair or count what was skipped.

    Attributes:
        index: 1-based position of the item in the file, counting read and skipped items.
        raw: The item's lines as they were in the file, joined with ``\\n``.
        span: The item's first line; ``end_line`` is its last line.
        diagnostic: The error that skipped it (its code is in
            :data:`feedcite.parsers.feed.SKIPPED_ITEM_CODES`).
    """

    index: int
    raw: str
    span: SourceSpan
    diagnostic: Diagnostic


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed document.

    Attributes:
        path: The file.
        subject: The person named in the header (``None`` if the header did not parse).
        items: Items that parsed, in file order.
        diagnostics: Errors (skipped items) and warnings (recoveries), in file order.
        item_count_in: How many items the file holds (parsed plus skipped).
        span: The header line (or the first line, when there is no header).
        skipped: Items that could not be read, in file order, each with its raw text and
            error; ``len(items) + len(skipped) == item_count_in``.
        kind: The document's kind (:class:`DocumentKind`), the same for every document of
            the class: what a reader of :data:`Document` tells them apart by.
    """

    path: str
    subject: str | None
    items: tuple[FeedItem, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    item_count_in: int = 0
    span: SourceSpan | None = None
    skipped: tuple[SkippedItem, ...] = ()
    kind: Literal[DocumentKind.FEED] = DocumentKind.FEED


# --------------------------------------------------------------------------- transcript


@dataclass(frozen=True, slots=True)
class Chapter:
    """A line of a transcript's chapter list (``M:SS Title``).

    Attributes:
        index: 0-based position in the list.
        start: The start time as written (``162:53``).
        start_seconds: The start in seconds.
        title: The chapter title.
        guest: The person named when the title reads ``Name - Topic`` (else ``None``).
        topic: The title without the guest prefix.
        span: Where the line is.
    """

    index: int
    start: str
    start_seconds: int
    title: str
    guest: str | None
    topic: str
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of running text (transcript, review) with its place in the file.

    Attributes:
        index: 0-based position among the document's paragraphs.
        text: The paragraph, whitespace-normalised.
        span: Its first line.
    """

    index: int
    text: str
    span: SourceSpan

    @property
    def word_count(self) -> int:
        """Number of whitespace-separated words."""
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Transcript:
    """A parsed transcript page: title, chapter list and paragraphs (no times, no speakers).

    Attributes:
        path: The file.
        title: The episode title.
        chapters: The chapter list, in order.
        paragraphs: The transcript's paragraphs.
        boilerplate: Navigation and transcription-service lines set aside.
        diagnostics: Problems found.
        span: The title line.
        kind: The document's kind (:class:`DocumentKind`), the same for every document of
            the class: what a reader of :data:`Document` tells them apart by.
    """

    path: str
    title: str
    chapters: tuple[Chapter, ...]
    paragraphs: tuple[Paragraph, ...]
    boilerplate: tuple[Boilerplate, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    span: SourceSpan | None = None
    kind: Literal[DocumentKind.TRANSCRIPT] = DocumentKind.TRANSCRIPT


# --------------------------------------------------------------------------- notes


@dataclass(frozen=True, slots=True)
class Question:
    """One of the notes' "Four questions".

    Attributes:
        label: ``Q1`` ... ``Q4``.
        question: The question text.
        answer: The answer paragraph(s).
        span: The question's line.
    """

    label: str
    question: str
    answer: str
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """A ``Term — definition`` line of a glossary.

    Attributes:
        term: The term as written, e.g. ``ASL (AI Safety Level)``.
        short: The term without its parenthesised expansion (``ASL``).
        expansion: The parenthesised expansion (``AI Safety Level``) or ``None``.
        definition: The definition.
        span: Where it is.
    """

    term: str
    short: str
    expansion: str | None
    definition: str
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class ChapterRef:
    """A ``[§ Chapter title]`` reference and, once resolved, the chapter it names.

    Attributes:
        title: The title inside the brackets.
        span: Where the reference is.
        chapter_index: Index of the transcript chapter (``None`` until resolved or if none).
    """

    title: str
    span: SourceSpan
    chapter_index: int | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """An inline marker such as ``[?]``, kept with its meaning and context.

    Attributes:
        marker: The marker as written (``[?]``).
        meaning: What the marker means (``uncertain``).
        context: The sentence it qualifies.
        span: Where it is.
    """

    marker: str
    meaning: str
    context: str
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class Table:
    """A table recovered from rows whose cells were flattened with no separator.

    Attributes:
        header: The header cells.
        rows: The body rows; every row has as many cells as the header.
        span: The header line; ``end_line`` is the last row.
        row_spans: Where each row is (one per row).
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    span: SourceSpan
    row_spans: tuple[SourceSpan, ...] = ()

    def __post_init__(self) -> None:
        if len(self.row_spans) != len(self.rows):
            raise ValueError(f"{len(self.rows)} rows but {len(self.row_spans)} row spans")


@dataclass(frozen=True, slots=True)
class NoteBlock:
    """A paragraph or list item of a notes section (``[§ ...]`` references taken out).

    Attributes:
        kind: ``paragraph`` or ``item``.
        text: The text.
        marker: The list marker of an item (``1.``, ``-``), else ``None``.
        span: Its first line.
    """

    kind: Literal["paragraph", "item"]
    text: str
    marker: str | None
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class NoteSection:
    """A section of reading notes.

    Attributes:
        title: The heading without its chapter references.
        chapter_refs: ``[§ ...]`` references in the heading and the body, in order.
        blocks: Body paragraphs and list items, in order (tables apart).
        tables: Tables found in the section.
        flags: Inline markers found in the section.
        span: The heading line.
    """

    title: str
    chapter_refs: tuple[ChapterRef, ...]
    blocks: tuple[NoteBlock, ...]
    tables: tuple[Table, ...]
    flags: tuple[Flag, ...]
    span: SourceSpan

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The texts of the section's blocks."""
        return tuple(b.text for b in self.blocks)

    @property
    def text(self) -> str:
        """The section body as plain text, blocks separated by blank lines."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Notes:
    """Parsed reading notes.

    Attributes:
        path: The file.
        title: The work the notes are about.
        label: The page label on the first line (``Reading Notes``), if any.
        source: The ``Source:`` line's value.
        context: The line describing the episode (series, date, length, coverage).
        questions: The four questions.
        glossary: The notes' glossary.
        sections: The other sections, in order.
        flags: Every inline marker of the document.
        diagnostics: Problems found.
        span: The first line.
        kind: The document's kind (:class:`DocumentKind`), the same for every document of
            the class: what a reader of :data:`Document` tells them apart by.
    """

    path: str
    title: str
    label: str | None
    source: str | None
    context: str | None
    questions: tuple[Question, ...]
    glossary: tuple[GlossaryEntry, ...]
    sections: tuple[NoteSection, ...]
    flags: tuple[Flag, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    span: SourceSpan | None = None
    kind: Literal[DocumentKind.NOTES] = DocumentKind.NOTES

    @property
    def tables(self) -> tuple[Table, ...]:
        """Every table of every section."""
        return tuple(t for s in self.sections for t in s.tables)


# --------------------------------------------------------------------------- summary and review


@dataclass(frozen=True, slots=True)
class Line:
    """A line of a page kept as a unit (a question, a transcript preview line), with its place."""

    text: str
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class Takeaway:
    """A key takeaway: a one-line heading and its explanation."""

    title: str
    text: str
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class Quote:
    """A notable quote, quote marks normalised, with its attribution."""

    text: str
    speaker: str | None
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class SummaryPage:
    """A parsed summary page of an episode.

    Attributes:
        path: The file.
        title: The episode title.
        people: The byline: ``(name, role)`` pairs such as ``("Dwarkesh Patel", "host")``.
        intro: The introductory paragraph.
        headline: The summary's one-line headline.
        summary: The summary paragraph.
        takeaways: Key takeaways.
        quotes: Notable quotes.
        questions: Questions the episode answers.
        preview: Transcript preview lines.
        boilerplate: Promotional lines set aside.
        diagnostics: Problems found.
        span: The first line of its head (the title and people).
        kind: The document's kind (:class:`DocumentKind`), the same for every document of
            the class: what a reader of :data:`Document` tells them apart by.
    """

    path: str
    title: str
    people: tuple[tuple[str, str | None], ...]
    intro: str
    headline: str
    summary: str
    takeaways: tuple[Takeaway, ...]
    quotes: tuple[Quote, ...]
    questions: tuple[Line, ...]
    preview: tuple[Line, ...]
    boilerplate: tuple[Boilerplate, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    span: SourceSpan | None = None
    kind: Literal[DocumentKind.SUMMARY] = DocumentKind.SUMMARY


@dataclass(frozen=True, slots=True)
class ReviewPage:
    """A parsed review page.

    Attributes:
        path: The file.
        label: The page kind label on the first line (``YouTube Review``).
        title: The review's title.
        paragraphs: The review's paragraphs.
        related_topics: Topics from "belongs beside A, B, and C" sentences, in order.
        boilerplate: Navigation lines set aside.
        diagnostics: Problems found.
        span: The title line.
        kind: The document's kind (:class:`DocumentKind`), the same for every document of
            the class: what a reader of :data:`Document` tells them apart by.
    """

    path: str
    label: str | None
    title: str
    paragraphs: tuple[Paragraph, ...]
    related_topics: tuple[str, ...]
    boilerplate: tuple[Boilerplate, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    span: SourceSpan | None = None
    kind: Literal[DocumentKind.REVIEW] = DocumentKind.REVIEW


Document = Feed | Transcript | Notes | SummaryPage | ReviewPage
"""A parsed document of one of the five built-in formats."""


class DocumentRecord(Protocol):
    """What every parsed document has, whatever its format (built in or registered).

    The five built-in records (:data:`Document`) have these fields; a format registered
    with :func:`feedcite.parsers.register` must give its records them too.
    """

    @property
    def path(self) -> str:
        """The file."""

    @property
    def kind(self) -> str:
        """The format's name (:attr:`feedcite.parsers.Format.kind`)."""

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Problems found while reading it."""

    @property
    def span(self) -> SourceSpan | None:
        """Where the document starts (its title or header line), if it was readable."""


@dataclass(frozen=True, slots=True)
class DocumentHead:
    """What a document says about itself, the evidence for which work it is about.

    Attributes:
        title: Its title.
        opening: Its title and opening lines (byline, source, context).
        body: Text that should resemble the work's summary.
    """

    title: str
    opening: str
    body: str


# --------------------------------------------------------------------------- works


class YearSource(enum.StrEnum):
    """Where a work's year comes from."""

    METADATA = "metadata"
    """Curated metadata (``refs/works.toml``)."""
    ANCHOR = "anchor"
    """The ``--anchor-year`` given for the newest item."""
    INFERRED = "inferred"
    """Inferred from the newest-first order and the nearest known year."""
    UNKNOWN = "unknown"
    """No year could be given (no metadata, no anchor)."""


@dataclass(frozen=True, slots=True)
class Creator:
    """A person or organisation credited for a work.

    Attributes:
        family: Family name (``El Showk``); for an organisation, its full name.
        given: Given names (``Sheer``), empty for organisations.
        suffix: Generational suffix (``II``), if any.
        role: ``author``, ``host`` or ``guest``.
        organization: Whether this is an organisation rather than a person.
    """

    family: str
    given: str = ""
    suffix: str = ""
    role: str = "author"
    organization: bool = False

    @property
    def display(self) -> str:
        """The name in reading order (``Michael J Berry II``)."""
        parts = [self.given, self.family, self.suffix]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Published:
    """A verified published version of a preprint (journal, proceedings, report).

    Attributes:
        type: ``article``, ``inproceedings`` or ``techreport``.
        venue: Journal, proceedings or institution.
        year: Year of publication.
        month: Month of publication.
        day: Day of publication.
        volume: Volume.
        number: Issue number.
        pages: Pages (``11508--11513``) or article number.
        doi: DOI of the published version.
        url: URL of the published version.
        title: The published title, where it differs from the preprint's.
        authors_differ: How the published byline differs, where it does.
    """

    type: str
    venue: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    doi: str | None = None
    url: str | None = None
    title: str | None = None
    authors_differ: str | None = None

    @property
    def same_work(self) -> bool:
        """Whether the published version has the preprint's title and byline."""
        return self.title is None and self.authors_differ is None


@dataclass(frozen=True, slots=True)
class TagSplit:
    """How a concatenated tag line was split, with the evidence for it.

    Attributes:
        tags: The tags, in order.
        confidence: Probability of this split against the runner-up (0.5-1.0).
        runner_up: The second-best split, if there is one.
        margin: Cost difference to the runner-up (log10 units).
    """

    tags: tuple[str, ...]
    confidence: float
    runner_up: tuple[str, ...] | None = None
    margin: float = float("inf")


RECORDING_KINDS = frozenset({"podcast", "youtube", "video"})
"""The kinds of works that are recordings, podcast episodes and videos.

A recording has hosts and guests, and a transcript of one has chapters."""
#: Addresses of videos (a podcast's episode there is a video).
_VIDEO_SITE_RE = re.compile(r"https?://(?:www\.|m\.)?(?:youtube\.com|youtu\.be|vimeo\.com)/")


@dataclass(frozen=True, slots=True)
class Work:
    """A citable work: a feed item, a podcast episode, or both, with curated metadata.

    Attributes:
        id: Stable identifier (the curated metadata's id, else derived from the item).
        kind: ``paper``, ``youtube``, ``podcast``, ``blog`` ... (the feed's kind, or
            ``podcast`` for an episode known only from metadata).
        title: The verified title, or a title built from the item (see ``title_source``).
        title_source: ``metadata`` or ``derived``.
        authors: Creators in order (authors, or host and guests for episodes).
        authors_complete: ``False`` when the curated list is known to be incomplete.
        year: The year (``None`` if unknown).
        year_source: Where the year comes from.
        month: Month 1-12, if known.
        day: Day of month, if known.
        arxiv: arXiv identifier.
        doi: DOI of the published version (or of the work itself).
        url: Canonical URL (video page, publisher page).
        venue: Where it was published (journal, proceedings, podcast series).
        series_number: Episode number for podcast episodes.
        duration_seconds: Length of a video or episode, when known.
        published: A verified published version, if any.
        handle: The feed handle the item was captured from.
        tags: Tags from the feed's tag line, each replaced by the canonical tag of its
            group (see :class:`TagGroup`), without repeats.
        tag_split: The tag splitter's result, with confidence and runner-up (its tags are
            the line as split, before grouping).
        summary: The feed's summary paragraph.
        claim: The feed's key claim.
        aliases: Names under which a work is mentioned in other documents.
        evidence: Where the curated facts were read.
        notes: Doubts and remarks on the curated facts.
        item: The feed item this work comes from, if any.
        citekey: The BibTeX citation key (assigned by ``feedcite.enrich.citekeys``).
        span: Where the work is defined (feed item, or metadata entry).
        former_id: The id derived from the feed item when curated metadata gives the work
            another (``None`` otherwise): the key recorded under it carries over.
    """

    id: str
    kind: str
    title: str
    title_source: str
    authors: tuple[Creator, ...] = ()
    authors_complete: bool | None = None
    year: int | None = None
    year_source: YearSource = YearSource.UNKNOWN
    month: int | None = None
    day: int | None = None
    arxiv: str | None = None
    doi: str | None = None
    url: str | None = None
    venue: str | None = None
    series_number: int | None = None
    duration_seconds: int | None = None
    published: Published | None = None
    handle: str | None = None
    tags: tuple[str, ...] = ()
    tag_split: TagSplit | None = None
    summary: str = ""
    claim: str = ""
    aliases: tuple[str, ...] = ()
    evidence: str | None = None
    notes: str | None = None
    item: FeedItem | None = None
    citekey: str = ""
    span: SourceSpan | None = None
    former_id: str | None = None

    @property
    def recording(self) -> bool:
        """Whether the work is a recording (see :data:`RECORDING_KINDS`)."""
        return self.kind.lower() in RECORDING_KINDS

    @property
    def medium(self) -> str:
        """What the work's URL leads to, in a word.

        ``video`` for a video or an address on a video site, ``episode`` for another
        podcast's page, ``page`` for the rest.
        """
        if self.kind.lower() in ("youtube", "video") or (
            self.url and _VIDEO_SITE_RE.match(self.url)
        ):
            return "video"
        return "episode" if self.kind.lower() == "podcast" else "page"

    @property
    def date(self) -> str | None:
        """The ISO date, when year, month and day are all known."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        """Newest first when sorted in reverse; unknown parts sort as oldest.

        Without a year, only the feed's order counts (a month alone orders nothing).
        """
        return newest_first(self.year, self.month, self.day, self.item.index if self.item else 0)


def newest_first(
    year: int | None, month: int | None, day: int | None, index: int
) -> tuple[int, int, int, int]:
    """A key that sorts newest first in reverse: the date, then the feed's order (``index``).

    Unknown parts sort as oldest; without a year, only the feed's order counts (a month
    alone orders nothing: ``Dec 12`` of the year before comes after ``Nov 28``).
    """
    if year is None:
        return (0, 0, 0, -index)
    return (year, month or 0, day or 0, -index)


# --------------------------------------------------------------------------- alignment, links


@dataclass(frozen=True, slots=True)
class AlignedParagraph:
    """A transcript paragraph placed in a chapter, with an estimated time.

    Attributes:
        paragraph: Index of the source paragraph.
        part: 0 for a whole paragraph; 1, 2 ... for the parts of one split at a chapter start.
        text: The paragraph (or the part of it in this chapter).
        approx_seconds: Estimated start time (interpolated by words within the chapter).
        span: Where the source paragraph is.
    """

    paragraph: int
    part: int
    text: str
    approx_seconds: float
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class AlignedChapter:
    """A chapter with the paragraphs assigned to it.

    Attributes:
        chapter: The chapter list entry.
        end_seconds: Start of the next chapter (or the episode's duration).
        guest: The guest who joined last by this chapter (the one a ``Name - Topic``
            title names, else the episode's guest), if known; kept for readers of one guest.
        paragraphs: The chapter's paragraphs, in order.
        confidence: The aligner's confidence that the chapter starts where it was placed.
        evidence: Short notes on what placed the boundary (title words, a question ...).
        guests: Everyone the host is talking with in this chapter, in the order they joined
            (``guest`` last); empty when none is known. Left out, it is ``guest`` alone.
    """

    chapter: Chapter
    end_seconds: float
    guest: str | None
    paragraphs: tuple[AlignedParagraph, ...]
    confidence: float
    evidence: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.guests and self.guest:
            object.__setattr__(self, "guests", (self.guest,))


@dataclass(frozen=True, slots=True)
class Alignment:
    """A transcript's paragraphs assigned to its chapters.

    Attributes:
        path: The transcript file.
        work_id: The episode it transcribes, if identified.
        duration_seconds: Episode duration used (from metadata, or estimated).
        duration_estimated: Whether the duration had to be estimated (from the speech
            rate fitted to the text).
        chapters: Aligned chapters, in order.
        estimated: Always ``True``: chapter starts and paragraph times are estimates.
        duration_source: Where the duration comes from: ``"user"`` (``--duration`` or the
            capture's ``duration`` in the corpus configuration), ``"metadata"`` (the work's
            curated duration) or ``"estimated"``.
        words: Words of the transcript.
        words_per_minute: The speech rate used (words over the duration).
        words_per_minute_range: When the rate was fitted, the rates the text supports about
            as well (low, high); ``None`` when the duration was known.
    """

    path: str
    work_id: str | None
    duration_seconds: float
    duration_estimated: bool
    chapters: tuple[AlignedChapter, ...]
    estimated: bool = True
    duration_source: str = "metadata"
    words: int = 0
    words_per_minute: float = 0.0
    words_per_minute_range: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a document: the file, and where relevant the chapter, section, paragraph.

    Attributes:
        path: The document's file.
        kind: The document's format (``feed``, ``transcript`` ...).
        chapter: Chapter index (transcripts).
        section: Section title (notes) or part name (summary: ``takeaways`` ...).
        paragraph: Paragraph index within the chapter, section or document.
        span: Where in the file: the first line of the item, paragraph, block or line the
            text is in (for an occurrence, its place in that text is
            :attr:`Occurrence.offset`; line and column of the match itself are not kept).
    """

    path: str
    kind: str
    chapter: int | None = None
    section: str | None = None
    paragraph: int | None = None
    span: SourceSpan | None = None


@dataclass(frozen=True, slots=True)
class TextUnit:
    """A searchable piece of a document (a paragraph, a block, a table row) and where it is.

    Attributes:
        location: Where it is.
        text: The text.
    """

    location: Location
    text: str


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place where a work or term is mentioned.

    Attributes:
        text: The matched text as it appears.
        alias: The alias or term form that matched.
        location: Where.
        context: A short excerpt around the match.
        offset: Character offset of the match in the text of its unit (paragraph, block,
            part; a feed item's is its summary and claim, a line apart).
        evidence: What made the match a mention or a use (a distinctive form, a citation
            nearby, a defining context ...; see :mod:`feedcite.enrich.mentions`).
    """

    text: str
    alias: str
    location: Location
    context: str
    offset: int = 0
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Link:
    """A relation between a work and a document.

    Attributes:
        kind: ``same-work`` (the document is about the work) or ``mention``.
        work_id: The work.
        path: The document.
        evidence: Why (for ``same-work``: matching title, date, names ...; for ``mention``:
            what made the match a mention, as in its occurrence).
        occurrence: For mentions, where.
    """

    kind: Literal["same-work", "mention"]
    work_id: str
    path: str
    evidence: tuple[str, ...] = ()
    occurrence: Occurrence | None = None


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary term of the corpus with everywhere it occurs.

    Attributes:
        id: Stable slug.
        term: The term.
        definition: The definition.
        aliases: Other forms that count as occurrences.
        related_works: Ids of related works.
        source: Path of the document where the term is defined (or the glossary file).
        source_span: Where the definition is.
        occurrences: Every place it occurs.
    """

    id: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    related_works: tuple[str, ...] = ()
    source: str | None = None
    source_span: SourceSpan | None = None
    occurrences: tuple[Occurrence, ...] = ()


@dataclass(frozen=True, slots=True)
class TagGroup:
    """Near-duplicate tags grouped under one canonical tag.

    See :func:`feedcite.enrich.tag_groups.group_tags` for the rule.

    Attributes:
        tag: The canonical tag, the one works carry.
        members: The other tags grouped under it, each with why (``the generic qualifier
            llm-``, ``the same words in another order``, ``the alias table (tags.toml:7)``).
        works: How many works carry the group.
    """

    tag: str
    members: tuple[tuple[str, str], ...]
    works: int = 0


@dataclass(frozen=True, slots=True)
class Corpus:
    """Everything feedcite knows about a set of documents.

    Attributes:
        documents: Parsed documents, in the order given.
        works: Citable works, newest first.
        alignments: One per transcript.
        links: Same-work identities and mentions.
        glossary: Terms with their occurrences.
        diagnostics: Every error and warning, from parsing and enrichment.
        proper_names: Proper names the texts write (``Deep Speech 2``), which titles keep
            capitalised in every style; ``None`` until
            the enrichment step ``find_proper_names`` has run.
        tag_groups: Tags grouped with near-duplicates, by canonical tag (groups of one
            are left out).
    """

    documents: tuple[DocumentRecord, ...]
    works: tuple[Work, ...] = ()
    alignments: tuple[Alignment, ...] = ()
    links: tuple[Link, ...] = ()
    glossary: tuple[Term, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    tag_groups: tuple[TagGroup, ...] = ()
    proper_names: frozenset[str] | None = None

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """Diagnostics of severity error."""
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """Diagnostics of severity warning."""
        return tuple(d for d in self.diagnostics if not d.is_error)

    def work(self, work_id: str) -> Work:
        """The work with id ``work_id`` (``KeyError`` if there is none)."""
        for w in self.works:
            if w.id == work_id:
                return w
        raise KeyError(work_id)
