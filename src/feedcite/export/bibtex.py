"""The BibTeX writer: one entry per work, newest first, for BibTeX styles (natbib/plainnat).

Both ``.bib`` flavours are written from the same :class:`~feedcite.export.record.Record`
(see :mod:`feedcite.export.record` for which version is cited, its year and DOI); this
module writes the BibTeX one, and :mod:`feedcite.export.biblatex` the biblatex one.

Mapping (see the user guide, "Citing"):

* arXiv preprints: ``@misc`` with ``howpublished = {arXiv:ID}``, ``eprint``,
  ``archiveprefix = {arXiv}``, the arXiv ``doi`` and the ``url``.
* A verified published version with the preprint's title and byline: ``@article``,
  ``@inproceedings`` or ``@techreport`` with ``journal``, ``booktitle`` or ``institution``,
  volume, number, pages, its year and its DOI (none when it is not known: the arXiv DOI
  names another version); the eprint is kept. A published version under another title or
  byline is described in ``note``.
* Videos, talks and podcast episodes: ``@misc`` with ``howpublished`` (kind and series),
  ``url``, ``year``/``month``, the host and guests as ``author`` (host first), and a
  ``note`` naming who is host and who is guest, and the running time.
* Every entry: ``author`` in order (``and others`` when the list is known to be
  incomplete), ``title`` with proper names, acronyms and system names protected as whole
  phrases, ``year``, ``month`` (as a macro), ``abstract`` (the summary), ``annote``
  (summary and key claim), ``keywords`` (the tags), and ``note`` for what a reader must
  know (title built from the claim, year inferred, list incomplete, published under
  another title). Curation records (evidence, curation notes) stay in the JSON data.

Every field is valid in biber's data model too (``biber --tool --validate-datamodel``
reports nothing). Writers are pure functions: :func:`write_bibtex` maps a corpus to
text, byte-identical for the same corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from anyascii import anyascii

from feedcite.enrich.proper import corpus_proper_names as _corpus_names
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.export.latex import (
    decode,
    escape,
    protect_title,
    untypeset,
    verbatim,
)
from feedcite.export.record import Kind, Record, cited_date, record
from feedcite.model import (
    MONTH_ABBR,
    Corpus,
    Creator,
    SourceSpan,
    Work,
    newest_first,
)

__all__ = [
    "BibOptions",
    "container_title",
    "corpus_proper_names",
    "entry_type",
    "header_lines",
    "sorted_works",
    "untypeset_fields",
    "untypeset_warnings",
    "write_bibtex",
    "write_entry",
]

_MONTHS = tuple(m.lower() for m in MONTH_ABBR)
_SHOWN = 5  # characters named in one bib-text warning

_TYPES = {
    Kind.ARTICLE: "article",
    Kind.CONFERENCE_PAPER: "inproceedings",
    Kind.REPORT: "techreport",
}
_VENUE_FIELD = {Kind.ARTICLE: "journal", Kind.CONFERENCE_PAPER: "booktitle"}


@dataclass(frozen=True, slots=True)
class BibOptions:
    """Format options of :func:`~feedcite.write_bibtex`.

    Attributes:
        header: A comment written at the top (each line prefixed with ``%``; ``@`` is
            written as ``(at)``, since BibTeX would read it as the start of an entry).
        indent: Indentation of fields.
        abstract: Whether to write ``abstract`` (the summary).
        annote: Whether to write ``annote`` (summary and key claim).
        others: Whether an incomplete author list ends in ``and others`` (else the
            ``note`` alone says so; for tools that show "others" as a name).
        unicode: Keep characters outside T1 as they are (see
            :func:`~feedcite.export.latex.escape`), for biber with XeLaTeX or LuaLaTeX, and
            for the site, instead of accent macros and transliterations for pdflatex.
    """

    header: str = ""
    indent: str = "  "
    abstract: bool = True
    annote: bool = True
    others: bool = True
    unicode: bool = False


def sorted_works(corpus: Corpus) -> list[Work]:
    """Works newest first by the date they are cited with, undated works last.

    The date is :func:`~feedcite.export.record.cited_date`, ordered as
    :func:`~feedcite.model.newest_first` orders it (ties and works without a year keep the
    feed's order).
    """

    def key(work: Work) -> tuple[int, int, int, int]:
        return newest_first(*cited_date(work), work.item.index if work.item else 0)

    return sorted(corpus.works, key=key, reverse=True)


def name(creator: Creator, *, unicode: bool = False) -> str:
    """One BibTeX name: ``Family, Given`` (``Family, Suffix, Given``), an organisation in braces."""
    if creator.organization:
        return "{" + escape(creator.family, unicode=unicode) + "}"
    parts = (
        (creator.family, creator.suffix, creator.given)
        if creator.suffix
        else (creator.family, creator.given)
    )
    escaped = []
    for number, part in enumerate(parts):
        if not part:
            continue
        text = escape(part, unicode=unicode)
        # A part that BibTeX would split ("and") or misread stays whole in braces; so does
        # a family name with a word in lower case, which BibTeX and biber would take as
        # the "von" particle ("Ponde de Oliveira Pinto", "Ó hÉigeartaigh").
        if (
            " and " in f" {part.lower()} "
            or "," in part
            or part.lower() == "others"
            or (number == 0 and _reads_as_von(part))
        ):
            text = "{" + text + "}"
        escaped.append(text)
    return ", ".join(escaped)


def _reads_as_von(family: str) -> bool:
    """Whether BibTeX would split ``family``: it has several words, one in lower case."""
    # BibTeX splits a name's words at spaces, ties and hyphens (``al-Masri`` is ``al`` +
    # ``Masri``), and tells the case of a word by its first letter (``'t`` is lower case).
    words = re.split(r"[\s~-]+", family.strip())
    firsts = (next((ch for ch in word if ch.isalpha()), "") for word in words)
    return len(words) > 1 and any(first.islower() for first in firsts)


def names(
    people: Sequence[Creator], incomplete: bool, others: bool = True, *, unicode: bool = False
) -> str | None:
    """A BibTeX name list, ``and others`` at the end of an incomplete one."""
    if not people:
        return None
    listed = [name(c, unicode=unicode) for c in people]
    if incomplete and others:
        listed.append("others")
    return " and ".join(listed)


def entry_type(work: Work) -> str:
    """The BibTeX entry type of ``work``."""
    return _TYPES.get(record(work).kind, "misc")


def howpublished(rec: Record) -> str | None:
    """What kind of thing a ``@misc`` entry is, and its series: ``Podcast episode, X #452``."""
    if rec.kind is Kind.PREPRINT and rec.arxiv:
        return f"arXiv:{rec.arxiv}"
    label = {
        Kind.VIDEO: "YouTube video" if rec.medium == "YouTube" else "Video",
        Kind.EPISODE: "Podcast episode",
        Kind.TALK: "Talk",
        Kind.BLOG_POST: "Blog post",
    }.get(rec.kind)
    if label is None:
        return rec.container
    if rec.series:
        number = f" #{rec.number}" if rec.number is not None else ""
        return f"{label}, {rec.series}{number}"
    return label


def people_note(rec: Record) -> str | None:
    """``Host: A; guests: B, C.`` for an episode or interview."""
    if not rec.hosts and not rec.guests:
        return None
    parts = []
    if rec.hosts:
        parts.append(f"Host: {', '.join(c.display for c in rec.hosts)}")
    if rec.guests:
        plural = "s" if len(rec.guests) > 1 else ""
        parts.append(f"guest{plural}: {', '.join(c.display for c in rec.guests)}")
    return "; ".join(parts) + "."


def note_text(rec: Record) -> str:
    """Everything a reader must know about the entry, as sentences."""
    notes: list[str] = []
    people = people_note(rec)
    if people:
        notes.append(people)
    if rec.duration:
        notes.append(f"Duration {rec.duration}.")
    notes.extend(rec.notes)
    return " ".join(notes)


def annote_text(rec: Record) -> str:
    """The summary and the key claim."""
    claim = f" Key claim: “{rec.claim}”" if rec.claim else ""
    return f"{rec.abstract}{claim}".strip()


def _annote(rec: Record, abstract: str, unicode: bool = False) -> str:
    """The ``annote`` field: :func:`annote_text` escaped, reusing the escaped ``abstract``.

    Escaping is the same piece by piece here: the claim's part starts with a letter (no
    ligature, accent or whitespace joins across) and, without braces, nothing pairs across.
    """
    text = annote_text(rec)
    if not abstract or not rec.claim or "{" in text or "}" in text:
        return escape(text, unicode=unicode)
    return f"{abstract} {escape(f'Key claim: “{rec.claim}”', unicode=unicode)}"


def _fields(rec: Record, proper: Iterable[str], options: BibOptions) -> list[tuple[str, str]]:
    """``(name, value)`` pairs; values are LaTeX (already escaped) or month macros."""
    fields: list[tuple[str, str]] = []
    add = fields.append
    unicode = options.unicode

    def esc(text: str) -> str:
        return escape(text, unicode=unicode)

    authors = names(rec.people, rec.incomplete, options.others, unicode=unicode)
    if authors:
        add(("author", authors))
    add(("title", protect_title(rec.title, proper, unicode=unicode)))
    venue_field = _VENUE_FIELD.get(rec.kind)
    if venue_field and rec.container:
        add((venue_field, container_title(rec.container, venue_field, unicode=unicode)))
    elif rec.kind is Kind.REPORT and rec.publisher:
        add(("institution", esc(rec.publisher)))
    for field, value in (("volume", rec.volume), ("number", rec.issue), ("pages", rec.pages)):
        if value:
            add((field, esc(value) if field != "pages" else _pages(value, unicode)))
    if rec.kind not in _TYPES:
        how = howpublished(rec)
        if how:
            add(("howpublished", esc(how)))
    if rec.year is not None:
        add(("year", str(rec.year)))
    if rec.month is not None:
        add(("month", _MONTHS[rec.month - 1]))
    if rec.doi:
        add(("doi", verbatim(rec.doi)))
    if rec.url:
        add(("url", verbatim(rec.url)))
    if rec.arxiv:
        add(("eprint", verbatim(rec.arxiv)))
        add(("archiveprefix", "arXiv"))
    if rec.keywords:
        add(("keywords", esc(", ".join(rec.keywords))))
    abstract = esc(rec.abstract) if rec.abstract else ""
    if options.abstract and abstract:
        add(("abstract", abstract))
    if options.annote and (rec.abstract or rec.claim):
        add(("annote", _annote(rec, abstract, unicode)))
    note = note_text(rec)
    if note:
        add(("note", esc(note)))
    return fields


def container_title(container: str, field: str, *, unicode: bool = False) -> str:
    """A ``journal`` as it is; a ``booktitle`` protected whole (``{{Advances in ...}}``).

    A proceedings title is a name, but readers that take ``booktitle`` as a title
    (Pandoc's, which lowercases titles into sentence case) would change its case.
    """
    text = escape(container, unicode=unicode)
    return "{" + text + "}" if field == "booktitle" else text


def _pages(pages: str, unicode: bool = False) -> str:
    return "--".join(escape(p, unicode=unicode) for p in pages.split("--"))


def format_entry(kind: str, key: str, fields: Sequence[tuple[str, str]], indent: str) -> str:
    """``@kind{key, name = {value}, ...}`` with aligned ``=`` (month macros unbraced)."""
    width = max(len(field) for field, _ in fields)
    lines = [f"@{kind}{{{key},"]
    for field, value in fields:
        shown = value if field == "month" else f"{{{value}}}"
        lines.append(f"{indent}{field.ljust(width)} = {shown},")
    lines.append("}\n")
    return "\n".join(lines)


def write_entry(
    work: Work, proper: Iterable[str] = frozenset(), options: BibOptions | None = None
) -> str:
    """The BibTeX entry of one work (its citation key must be assigned).

    Args:
        work: The work.
        proper: Proper names to protect in the title (see :func:`corpus_proper_names`).
        options: Format options.
    """
    options = options or BibOptions()
    rec = record(work)
    return format_entry(
        _TYPES.get(rec.kind, "misc"), rec.key, _fields(rec, proper, options), options.indent
    )


def corpus_proper_names(corpus: Corpus) -> frozenset[str]:
    """The proper names of ``corpus`` (its texts', its creators'): what titles protect.

    Found once by the enrichment step :func:`~feedcite.enrich.proper.find_proper_names`
    (or here, for a corpus enriched without it).
    """
    if corpus.proper_names is not None:
        return corpus.proper_names
    return _corpus_names(corpus)


def header_lines(header: str) -> str:
    """``header`` as BibTeX comment lines, with no ``@`` (which would start an entry)."""
    lines = []
    for line in header.splitlines():
        clean = " ".join(line.replace("@", "(at)").split())
        lines.append(f"% {clean}\n" if clean else "%\n")
    return "".join(lines)


def write_bibtex(corpus: Corpus, options: BibOptions | None = None) -> str:
    """The BibTeX bibliography of ``corpus``: every work, newest first."""
    options = options or BibOptions()
    proper = corpus_proper_names(corpus)
    parts: list[str] = []
    if options.header:
        parts.append(header_lines(options.header))
    parts.extend(write_entry(w, proper, options) for w in sorted_works(corpus))
    return "\n".join(parts)


def untypeset_fields(work: Work) -> dict[str, tuple[str, ...]]:
    """Field -> the characters of it that the ``.bib`` does not hold as they are.

    Those :func:`~feedcite.export.latex.untypeset` lists and that the written value does
    not give back when decoded: transliterated or dropped characters (a letter written
    with accent macros decodes to itself and is not listed).
    """
    rec = record(work)
    found: dict[str, tuple[str, ...]] = {}
    texts = {
        "title": rec.title,
        "author": " ".join(f"{c.given} {c.family} {c.suffix}" for c in rec.people),
        "abstract": rec.abstract,
        "annote": rec.claim,  # with the abstract's characters: the annote holds both
        "note": note_text(rec),
        "keywords": " ".join(rec.keywords),
        "venue": rec.container or rec.publisher or rec.series or "",
    }
    for field, text in texts.items():
        chars = untypeset(text)
        if not chars:
            continue
        kept = decode(escape(text))
        lost = tuple(ch for ch in chars if ch not in kept)
        if lost:
            found[field] = lost
    if "abstract" in found:
        claim = found.get("annote", ())
        found["annote"] = found["abstract"] + tuple(c for c in claim if c not in found["abstract"])
    return found


def untypeset_warnings(corpus: Corpus) -> list[Diagnostic]:
    """A ``bib-text`` warning, at the work, for each field the ``.bib`` loses characters of.

    Lost characters are transliterated or dropped (see :func:`untypeset_fields`); the
    CSL-JSON keeps them.
    """
    warnings: list[Diagnostic] = []
    for work in corpus.works:
        # Fields that lose the same characters (the abstract and the annote, which repeats
        # it) share one warning.
        grouped: dict[tuple[str, ...], list[str]] = {}
        for field, chars in untypeset_fields(work).items():
            grouped.setdefault(chars, []).append(field)
        for chars, fields in grouped.items():
            field = " and ".join(fields)
            shown = ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in chars[:_SHOWN])
            more = f" and {len(chars) - _SHOWN} more" if len(chars) > _SHOWN else ""
            how = (
                "transliterated"
                if all(anyascii(ch) for ch in chars)
                else "transliterated, or dropped where there is no transliteration"
            )
            line = work.item.raw.split("\n", 1)[0] if work.item is not None else ""
            warnings.append(
                Diagnostic(
                    Code.BIB_TEXT,
                    f"the {field} of work {work.id!r} {'have' if len(fields) > 1 else 'has'} "
                    "characters that pdflatex cannot "
                    f"typeset with T1 fonts: {shown}{more}; the .bib has them {how} "
                    "(the CSL-JSON keeps them)",
                    work.span or SourceSpan("<corpus>", 1),
                    Severity.WARNING,
                    line,
                )
            )
    return warnings
