"""The biblatex writer (``feedcite bib --biblatex``): the same records in biblatex's data model.

Written from the same :class:`~feedcite.export.record.Record` as the BibTeX flavour
(:mod:`feedcite.export.bibtex`); only the entry types and field names differ:

* arXiv preprints: ``@online`` with ``eprint``, ``eprinttype = {arxiv}``, ``date`` and the
  arXiv DOI (the same DOI as the BibTeX flavour and the CSL-JSON give). biblatex links the
  eprint to the arXiv page, so the arXiv URL is not written again.
* Published versions: ``@article`` (``journaltitle``), ``@inproceedings`` (``booktitle``)
  or ``@report`` (``type = {techreport}``, ``institution``) with the published DOI and the
  eprint of the preprint.
* Videos, talks and podcast episodes: ``@misc`` with ``howpublished`` (kind and series),
  ``date``, ``url``, and the note naming host and guests; blog posts ``@online``.
* ``date`` is ISO 8601 (``2020-01-23``); a date whose year is inferred ends in ``~``
  (``2023-09-25~``, EDTF level 1 "approximate", which biber reads and biblatex prints
  as approximate with ``datecirca=true``; level 1 marks the whole date, not the year alone).
* ``annotation`` (summary and key claim), ``abstract``, ``keywords``, ``note``; keys
  retired from the ledger are given as ``ids`` so that documents citing them still compile.

Every field is in biblatex's default data model: ``biber --tool --validate-datamodel``
reports nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from feedcite.export.bibtex import (
    BibOptions,
    annote_text,
    container_title,
    corpus_proper_names,
    format_entry,
    header_lines,
    howpublished,
    names,
    note_text,
    sorted_works,
)
from feedcite.export.latex import escape, protect_title, verbatim
from feedcite.export.record import Kind, Record, record
from feedcite.model import Corpus, Work

__all__ = ["biblatex_date", "biblatex_type", "write_biblatex", "write_biblatex_entry"]

_TYPES = {
    Kind.PREPRINT: "online",
    Kind.ARTICLE: "article",
    Kind.CONFERENCE_PAPER: "inproceedings",
    Kind.REPORT: "report",
    Kind.BLOG_POST: "online",
}


def biblatex_type(rec: Record) -> str:
    """The biblatex entry type of a record.

    ``@online`` needs one of ``url``, ``doi`` or ``eprint`` (biber's data model): a preprint
    or blog post known without any of them is ``@misc``.
    """
    if rec.kind in (Kind.PREPRINT, Kind.BLOG_POST) and not (rec.arxiv or rec.url or rec.doi):
        return "misc"
    return _TYPES.get(rec.kind, "misc")


def biblatex_date(rec: Record) -> str | None:
    """The ``date`` field: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, with ``~`` when inferred."""
    if rec.year is None:
        return None
    date = f"{rec.year:04d}"
    if rec.month is not None:
        date += f"-{rec.month:02d}"
        if rec.day is not None:
            date += f"-{rec.day:02d}"
    return f"{date}~" if rec.circa else date


def _fields(
    rec: Record, proper: Iterable[str], options: BibOptions, ids: Iterable[str]
) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    add = fields.append
    kind = biblatex_type(rec)
    retired = sorted(ids)
    if retired:
        add(("ids", ", ".join(retired)))
    unicode = options.unicode

    def esc(text: str) -> str:
        return escape(text, unicode=unicode)

    authors = names(rec.people, rec.incomplete, options.others, unicode=unicode)
    if authors:
        add(("author", authors))
    add(("title", protect_title(rec.title, proper, unicode=unicode)))
    if kind == "article" and rec.container:
        add(("journaltitle", esc(rec.container)))
    elif kind == "inproceedings" and rec.container:
        add(("booktitle", container_title(rec.container, "booktitle", unicode=unicode)))
    elif kind == "report":
        add(("type", "techreport"))
        if rec.publisher:
            add(("institution", esc(rec.publisher)))
    elif kind == "online" and rec.kind is Kind.BLOG_POST and rec.series:
        add(("organization", esc(rec.series)))
    for field, value in (("volume", rec.volume), ("number", rec.issue)):
        if value:
            add((field, esc(value)))
    if rec.pages:
        add(("pages", "--".join(esc(p) for p in rec.pages.split("--"))))
    if kind == "misc":
        how = howpublished(rec)
        if how:
            add(("howpublished", esc(how)))
    date = biblatex_date(rec)
    if date:
        add(("date", date))
    if rec.doi:
        add(("doi", verbatim(rec.doi)))
    if rec.url and not rec.url_is_arxiv:
        add(("url", verbatim(rec.url)))
    if rec.arxiv:
        add(("eprint", verbatim(rec.arxiv)))
        add(("eprinttype", "arxiv"))
    if rec.keywords:
        add(("keywords", esc(", ".join(rec.keywords))))
    if options.abstract and rec.abstract:
        add(("abstract", esc(rec.abstract)))
    if options.annote and (rec.abstract or rec.claim):
        add(("annotation", esc(annote_text(rec))))
    note = note_text(rec)
    if note:
        add(("note", esc(note)))
    return fields


def write_biblatex_entry(
    work: Work,
    proper: Iterable[str] = frozenset(),
    options: BibOptions | None = None,
    ids: Iterable[str] = (),
) -> str:
    """The biblatex entry of one work (its citation key must be assigned).

    Args:
        work: The work.
        proper: Proper names to protect in the title.
        options: Format options.
        ids: Former keys of the work (retired in the ledger), written as ``ids``.
    """
    options = options or BibOptions()
    rec = record(work)
    return format_entry(
        biblatex_type(rec), rec.key, _fields(rec, proper, options, ids), options.indent
    )


def write_biblatex(
    corpus: Corpus,
    options: BibOptions | None = None,
    retired: Mapping[str, Iterable[str]] | None = None,
) -> str:
    """The biblatex bibliography of ``corpus``: every work, newest first.

    Args:
        corpus: The corpus.
        options: Format options.
        retired: Work id -> its former keys (from the ledger's ``[retired]`` table).
    """
    options = options or BibOptions()
    retired = retired or {}
    proper = corpus_proper_names(corpus)
    parts: list[str] = []
    if options.header:
        parts.append(header_lines(options.header))
    parts.extend(
        write_biblatex_entry(w, proper, options, retired.get(w.id, ()))
        for w in sorted_works(corpus)
    )
    return "\n".join(parts)
