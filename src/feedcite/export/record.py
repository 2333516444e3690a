"""One bibliographic record per work: the single truth every bibliography file is written from.

The BibTeX writer (:mod:`feedcite.export.bibtex`), the biblatex writer
(:mod:`feedcite.export.biblatex`) and the CSL-JSON writer (:mod:`feedcite.export.csljson`)
all map the same :class:`Record`, so the two files say the same thing about a work: the
same type, date, DOI, names and notes. Decisions made here, once:

* **Which version is cited** (:func:`cited_version`): a verified published version with the
  preprint's title and byline is cited as published (journal, proceedings or report, its
  year and its DOI); otherwise the work itself (the arXiv preprint, the video, the episode),
  and a published version under another title or byline is described in a note.
* **The year** (:func:`cited_date`, :func:`cited_year`): the date of the version cited.
  Citation keys, the site's year groups and both files use it.
* **The DOI**: the published version's DOI for a published entry (none if it is not known:
  the arXiv DOI names another version); the arXiv DOI (``10.48550/arXiv.ID``) only for an
  entry that cites the preprint.
* **An inferred year** is approximate (``circa``), and says so in the note.
* **An incomplete author list** is flagged (``incomplete``) and said in the note.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from feedcite.model import Creator, Published, Work, YearSource

__all__ = [
    "Kind",
    "Record",
    "cited_date",
    "cited_version",
    "cited_year",
    "duration_text",
    "record",
]

_ARXIV_URL_RE = re.compile(r"^https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/", re.IGNORECASE)


class Kind(enum.StrEnum):
    """What a record describes (each writer maps it to its own entry types)."""

    PREPRINT = "preprint"
    ARTICLE = "article"
    CONFERENCE_PAPER = "conference-paper"
    REPORT = "report"
    VIDEO = "video"
    EPISODE = "episode"
    TALK = "talk"
    BLOG_POST = "blog-post"
    DOCUMENT = "document"


_PUBLISHED_KINDS = {
    "article": Kind.ARTICLE,
    "inproceedings": Kind.CONFERENCE_PAPER,
    "techreport": Kind.REPORT,
}
_WORK_KINDS = {
    "youtube": Kind.VIDEO,
    "video": Kind.VIDEO,
    "podcast": Kind.EPISODE,
    "talk": Kind.TALK,
    "lecture": Kind.TALK,
    "speech": Kind.TALK,
    "blog": Kind.BLOG_POST,
}


@dataclass(frozen=True, slots=True)
class Record:
    """A work as a bibliography entry, in plain Unicode text (each writer escapes it).

    Attributes:
        key: The citation key.
        kind: What is cited.
        title: The title.
        authors: Authors in order (for an episode or interview: none, see hosts/guests).
        hosts: Hosts of an episode or interview.
        guests: Guests of an episode or interview.
        incomplete: Whether the list of people is known to be incomplete.
        year: Year of the version cited.
        month: Its month.
        day: Its day.
        circa: Whether the year is inferred (approximate).
        doi: The DOI of the version cited.
        url: The URL of the version cited.
        arxiv: The arXiv identifier, when the work is (or has) an arXiv preprint.
        container: Journal or proceedings title.
        publisher: Publisher or institution (a report's institution).
        volume: Volume.
        issue: Issue number.
        pages: Page range, with ``--`` between the numbers.
        series: The podcast or video series.
        number: The episode number.
        medium: How a video or episode was distributed (``YouTube``), if known.
        duration: Running time ``H:MM:SS``.
        keywords: The tags.
        abstract: The summary.
        claim: The key claim.
        notes: What a reader must know, as sentences (derived title, inferred year,
            incomplete list, published under another title); no curation records.
        evidence: Where the curated facts were read (for data files, not for .bib).
        curation: Curation notes (for data files, not for .bib).
        work_id: The work's id.
        year_source: Where the year comes from.
    """

    key: str
    kind: Kind
    title: str
    authors: tuple[Creator, ...] = ()
    hosts: tuple[Creator, ...] = ()
    guests: tuple[Creator, ...] = ()
    incomplete: bool = False
    year: int | None = None
    month: int | None = None
    day: int | None = None
    circa: bool = False
    doi: str | None = None
    url: str | None = None
    arxiv: str | None = None
    container: str | None = None
    publisher: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    series: str | None = None
    number: str | None = None
    medium: str | None = None
    duration: str | None = None
    keywords: tuple[str, ...] = ()
    abstract: str = ""
    claim: str = ""
    notes: tuple[str, ...] = ()
    evidence: str | None = None
    curation: str | None = None
    work_id: str = ""
    year_source: YearSource = YearSource.UNKNOWN

    @property
    def people(self) -> tuple[Creator, ...]:
        """Everyone credited in order (the authors, or the host(s) then the guests)."""
        return self.authors or (self.hosts + self.guests)

    @property
    def arxiv_doi(self) -> str | None:
        """The arXiv DOI of the preprint, if the work has one."""
        return f"10.48550/arXiv.{self.arxiv}" if self.arxiv else None

    @property
    def url_is_arxiv(self) -> bool:
        """Whether the URL is the preprint's arXiv page (which the eprint already links)."""
        return bool(self.url and self.arxiv and _ARXIV_URL_RE.match(self.url))


def cited_version(work: Work) -> Published | None:
    """The published version the bibliography cites instead of the work, if any.

    That is a verified published version with the same title and byline (a version under
    another title or byline is a different work, named in the note).
    """
    published = work.published
    return published if published is not None and published.same_work else None


def cited_date(work: Work) -> tuple[int | None, int | None, int | None]:
    """``(year, month, day)`` of the version the bibliography cites.

    This is the year policy: the year printed in both bibliography files, the year in a
    new citation key, and the year the site groups a work under. For a work cited as its
    published version it is the publication date; otherwise the work's own date (arXiv
    first version, upload, broadcast).
    """
    published = cited_version(work)
    if published is not None and published.year is not None:
        return published.year, published.month, published.day if published.month else None
    return work.year, work.month, work.day if work.month else None


def cited_year(work: Work) -> int | None:
    """The year of the version the bibliography cites (see :func:`cited_date`)."""
    return cited_date(work)[0]


def duration_text(seconds: int) -> str:
    """``H:MM:SS``."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def _kind(work: Work, published: Published | None) -> Kind:
    if published is not None:
        return _PUBLISHED_KINDS.get(published.type, Kind.DOCUMENT)
    if work.arxiv:
        return Kind.PREPRINT
    kind = work.kind.lower()
    if kind in _WORK_KINDS:
        return _WORK_KINDS[kind]
    return Kind.PREPRINT if kind == "paper" else Kind.DOCUMENT


def _published_elsewhere(published: Published) -> str:
    where = published.venue
    if published.volume:
        where += f" {published.volume}"
        if published.number:
            where += f"({published.number})"
    if published.pages:
        where += f":{published.pages.replace('--', '-')}"
    if published.year:
        where += f", {published.year}"
    title = f" as “{published.title}”" if published.title else ""
    differ = f" ({published.authors_differ})" if published.authors_differ else ""
    doi = f", doi:{published.doi}" if published.doi else ""
    return f"Published{title} in {where}{differ}{doi}."


def _notes(work: Work, hosts: tuple[Creator, ...], incomplete: bool) -> tuple[str, ...]:
    notes: list[str] = []
    if work.title_source != "metadata":
        notes.append("Title built from the captured key claim; no verified title is known.")
    if work.year_source is YearSource.INFERRED:
        notes.append("Year inferred from the order of the captured feed; not verified.")
    elif work.year_source is YearSource.UNKNOWN:
        notes.append("Date unknown.")
    if incomplete:
        notes.append(
            "The list of hosts and guests is incomplete."
            if hosts
            else "The author list is incomplete."
        )
    published = work.published
    if published is not None and not published.same_work:
        notes.append(_published_elsewhere(published))
    return tuple(notes)


def _medium(work: Work) -> str | None:
    return "YouTube" if work.kind.lower() == "youtube" else None


def record(work: Work) -> Record:
    """The record of ``work`` (its citation key must be assigned)."""
    published = cited_version(work)
    kind = _kind(work, published)
    hosts = tuple(c for c in work.authors if c.role == "host")
    guests = tuple(c for c in work.authors if c.role == "guest")
    authors = tuple(c for c in work.authors if c.role not in ("host", "guest"))
    if authors and (hosts or guests):
        # A mixed list has no host/guest structure: everyone is credited as an author.
        authors, hosts, guests = work.authors, (), ()
    incomplete = work.authors_complete is False
    year, month, day = cited_date(work)
    if published is not None:
        doi = published.doi
        url = published.url or work.url
        container = published.venue if published.type != "techreport" else None
        publisher = published.venue if published.type == "techreport" else None
        volume, issue = published.volume, published.number
        pages = (
            "--".join(p.strip() for p in re.split(r"\s*(?:--|[-–])\s*", published.pages))
            if published.pages
            else None
        )
    else:
        # A curated DOI is the work's own; the arXiv DOI stands in only without one.
        doi = work.doi or (f"10.48550/arXiv.{work.arxiv}" if work.arxiv else None)
        url = work.url
        container = publisher = volume = issue = pages = None
    series = work.venue if kind in (Kind.VIDEO, Kind.EPISODE, Kind.TALK, Kind.BLOG_POST) else None
    if kind in (Kind.DOCUMENT, Kind.PREPRINT) and work.venue and published is None:
        container = work.venue
    return Record(
        key=work.citekey,
        kind=kind,
        title=work.title,
        authors=authors,
        hosts=hosts,
        guests=guests,
        incomplete=incomplete,
        year=year,
        month=month,
        day=day,
        circa=work.year_source is YearSource.INFERRED,
        doi=doi,
        url=url,
        arxiv=work.arxiv,
        container=container,
        publisher=publisher,
        volume=volume,
        issue=issue,
        pages=pages,
        series=series,
        number=str(work.series_number) if work.series_number is not None else None,
        medium=_medium(work),
        duration=duration_text(work.duration_seconds) if work.duration_seconds else None,
        keywords=work.tags,
        abstract=work.summary,
        claim=work.claim,
        notes=_notes(work, hosts, incomplete),
        evidence=work.evidence,
        curation=work.notes,
        work_id=work.id,
        year_source=work.year_source,
    )
