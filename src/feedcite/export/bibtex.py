"""The BibTeX writer: one entry per work, newest first, safe for every reference tool.

Mapping (see the user guide, "Citing"):

* arXiv preprints: ``@misc`` as arXiv and Better BibTeX export them, with ``eprint``,
  ``archiveprefix = {arXiv}``, ``primaryclass`` when known, ``url``,
  ``doi = {10.48550/arXiv.ID}``, ``publisher = {arXiv}`` and ``howpublished``.
* A verified published version with the preprint's title and byline:
  ``@article``, ``@inproceedings`` or ``@techreport`` with ``journal``, ``booktitle`` or
  ``institution``, volume, number, pages, the published DOI and year; the eprint is kept.
  A published version under another title or byline is described in ``note``.
* Videos and podcast episodes: ``@misc`` with ``howpublished`` (kind and series),
  ``url``, ``year``/``month``, the host and guests as ``author`` (host first), and a
  ``note`` naming who is host and who is guest.
* Every entry: ``author`` in order (``and others`` when the list is known to be
  incomplete), ``title`` with capitals protected where they matter, ``year``, ``month``
  (as a macro), ``abstract`` (the summary), ``annote`` (summary and key claim),
  ``keywords`` (the tags); doubts a reader must know go to ``note`` (title built from
  the claim, year inferred, published under another title), and the curation record
  (where the facts were read, what remains uncertain) to ``comment``, which JabRef shows
  and Zotero keeps in "Extra".

Writers are pure functions: :func:`write_bibtex` maps a corpus to text, byte-identical
for the same corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from feedcite.export.latex import escape, proper_names, protect_title, verbatim
from feedcite.model import MONTH_ABBR, Corpus, Creator, Feed, Work, YearSource

#: Fields that biblatex reads verbatim, written as they are (see
#: :func:`~feedcite.export.latex.verbatim`).
VERBATIM = frozenset(("url", "doi", "eprint"))
_RANGE_RE = re.compile(r"\s*(?:--|[-–])\s*")

__all__ = ["BibOptions", "entry_type", "ledger_text", "sorted_works", "write_bibtex", "write_entry"]


@dataclass(frozen=True, slots=True)
class BibOptions:
    """Format options of :func:`~feedcite.write_bibtex`.

    Attributes:
        header: A comment written at the top (each line prefixed with ``%``).
        indent: Indentation of fields.
        abstract: Whether to write ``abstract`` (the summary).
        annote: Whether to write ``annote`` (summary and key claim).
    """

    header: str = ""
    indent: str = "  "
    abstract: bool = True
    annote: bool = True


def sorted_works(corpus: Corpus) -> list[Work]:
    """Works newest first; works without a date last; ties in feed order."""
    return sorted(corpus.works, key=lambda w: w.sort_key, reverse=True)


def _name(creator: Creator) -> str:
    if creator.organization:
        return "{" + escape(creator.family) + "}"
    parts = (
        [creator.family, creator.suffix, creator.given]
        if creator.suffix
        else [creator.family, creator.given]
    )
    escaped = []
    for part in parts:
        if not part:
            continue
        text = escape(part)
        # A part that BibTeX would split ("and") or misread stays whole in braces.
        if " and " in f" {part.lower()} " or "," in part:
            text = "{" + text + "}"
        escaped.append(text)
    return ", ".join(escaped)


def _authors(work: Work) -> str | None:
    if not work.authors:
        return None
    names = [_name(c) for c in work.authors]
    if work.authors_complete is False:
        names.append("others")
    return " and ".join(names)


def entry_type(work: Work) -> str:
    """The BibTeX entry type of ``work``."""
    published = work.published
    if published is not None and published.same_work:
        return published.type
    return "misc"


def _howpublished(work: Work) -> str | None:
    if work.arxiv and entry_type(work) == "misc":
        return f"arXiv:{work.arxiv}"
    kind = work.kind.lower()
    series = work.venue
    if kind in ("youtube", "video"):
        label = "YouTube video" if kind == "youtube" else "Video"
    elif kind == "podcast":
        label = "Podcast episode"
    elif kind == "blog":
        label = "Blog post"
    elif kind == "paper":
        return None
    else:
        label = work.kind
    if series:
        number = f" #{work.series_number}" if work.series_number is not None else ""
        return f"{label}, {series}{number}"
    return label


def _people_note(work: Work) -> str | None:
    hosts = [c.display for c in work.authors if c.role == "host"]
    guests = [c.display for c in work.authors if c.role == "guest"]
    if not hosts and not guests:
        return None
    parts = []
    if hosts:
        parts.append(f"Host: {', '.join(hosts)}")
    if guests:
        parts.append(f"guest{'s' if len(guests) > 1 else ''}: {', '.join(guests)}")
    return "; ".join(parts) + "."


def _notes(work: Work) -> list[str]:
    notes: list[str] = []
    people = _people_note(work)
    if people:
        notes.append(people)
    if work.duration_seconds:
        hours, rest = divmod(work.duration_seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        notes.append(f"Duration {hours}:{minutes:02d}:{seconds:02d}.")
    if work.title_source != "metadata":
        notes.append("Title built from the captured key claim; no verified title is known.")
    if work.year_source is YearSource.INFERRED:
        notes.append("Year inferred from the order of the captured feed; not verified.")
    elif work.year_source is YearSource.UNKNOWN:
        notes.append("Date unknown.")
    published = work.published
    if published is not None and not published.same_work:
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
        notes.append(f"Published{title} in {where}{differ}{doi}.")
    return notes


def _fields(work: Work, proper: frozenset[str], options: BibOptions) -> list[tuple[str, str]]:
    """``(name, value)`` pairs; values are LaTeX (already escaped) or month macros."""
    kind = entry_type(work)
    published = work.published if kind != "misc" else None
    fields: list[tuple[str, str]] = []

    def add(name: str, value: str | None, raw: bool = False) -> None:
        if value:
            fields.append(
                (name, value if raw else verbatim(value) if name in VERBATIM else escape(value))
            )

    add("author", _authors(work), raw=True)
    add("title", protect_title(work.title, proper), raw=True)
    if published is not None:
        venue_field = {
            "article": "journal",
            "inproceedings": "booktitle",
            "techreport": "institution",
        }
        add(venue_field[published.type], published.venue)
        add("volume", published.volume)
        add("number", published.number)
        if published.pages:
            fields.append(("pages", "--".join(escape(p) for p in _RANGE_RE.split(published.pages))))
        year, month = published.year or work.year, published.month if published.year else work.month
    else:
        add("howpublished", _howpublished(work))
        if work.arxiv:
            add("publisher", "arXiv")
        year, month = work.year, work.month
    if year is not None:
        fields.append(("year", str(year)))
    if month is not None:
        fields.append(("month", MONTH_ABBR[month - 1].lower()))
    doi = (published.doi if published else None) or (
        f"10.48550/arXiv.{work.arxiv}" if work.arxiv else work.doi
    )
    add("doi", doi)
    url = (published.url if published and published.url else None) or work.url
    add("url", url)
    if work.arxiv:
        add("eprint", work.arxiv)
        add("archiveprefix", "arXiv")
    if work.tags:
        add("keywords", ", ".join(work.tags))
    if options.abstract and work.summary:
        add("abstract", work.summary)
    if options.annote and (work.summary or work.claim):
        claim = f" Key claim: “{work.claim}”" if work.claim else ""
        add("annote", f"{work.summary}{claim}".strip())
    notes = _notes(work)
    if notes:
        add("note", " ".join(notes))
    record = " ".join(
        part
        for part in (
            f"Evidence: {work.evidence}." if work.evidence else "",
            f"Curation notes: {work.notes}" if work.notes else "",
        )
        if part
    )
    add("comment", record)
    return fields


def write_entry(
    work: Work, proper: frozenset[str] = frozenset(), options: BibOptions | None = None
) -> str:
    """The BibTeX entry of one work (its citation key must be assigned)."""
    options = options or BibOptions()
    fields = _fields(work, proper, options)
    width = max(len(name) for name, _ in fields)
    lines = [f"@{entry_type(work)}{{{work.citekey},"]
    for name, value in fields:
        shown = value if name == "month" else f"{{{value}}}"
        lines.append(f"{options.indent}{name.ljust(width)} = {shown},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _corpus_texts(corpus: Corpus) -> list[str]:
    texts: list[str] = []
    for document in corpus.documents:
        if isinstance(document, Feed):
            texts.extend(f"{i.summary} {i.claim}" for i in document.items)
    return texts


def write_bibtex(corpus: Corpus, options: BibOptions | None = None) -> str:
    """The BibTeX bibliography of ``corpus``: every work, newest first."""
    options = options or BibOptions()
    proper = proper_names(_corpus_texts(corpus))
    parts: list[str] = []
    if options.header:
        parts.append(
            "".join(f"% {line}\n" if line else "%\n" for line in options.header.splitlines())
        )
    parts.extend(write_entry(w, proper, options) for w in sorted_works(corpus))
    return "\n".join(parts)


def ledger_text(corpus: Corpus) -> str:
    """The citation-key ledger (``refs/citekeys.toml``) for ``corpus``'s works."""
    lines = [
        "# Citation keys handed out by `feedcite bib`. A key, once written here, is never",
        "# reassigned: adding or removing other works cannot change it. Edit only to retire a key.",
        "",
        "[keys]",
    ]
    for work in sorted(corpus.works, key=lambda w: w.id):
        lines.append(f'"{work.id}" = "{work.citekey}"')
    return "\n".join(lines) + "\n"
