"""The CSL-JSON writer, for Zotero, Pandoc, Quarto and citeproc processors.

Written from the same :class:`~feedcite.export.record.Record` as both ``.bib`` flavours,
so the files agree on type, date, DOI, names and notes. Mapping (see the user guide,
"Citing"), chosen so that Zotero's CSL-JSON importer (``Zotero.Utilities.Item.
itemFromCSLJSON``) makes the right item with every creator and the key:

* every item: ``id`` and ``citation-key`` (Zotero's *Citation Key* field) are the key;
  ``title`` is in sentence case, as CSL expects and Zotero stores it, with the names the
  ``.bib`` protects kept (:func:`~feedcite.export.latex.sentence_case`);
  ``issued`` the date of the version cited, with ``circa: true`` when the year is
  inferred; ``abstract`` the summary; ``annote`` the summary and key claim; ``note``
  what a reader must know (the ``.bib``'s ``note``, word for word, e.g. that the author
  list is incomplete: CSL has no "and others"); ``keyword`` the tags; ``custom`` the
  feedcite id, the year's source, the evidence and curation notes.
* arXiv preprints: ``article`` (Zotero: *Preprint*) with ``publisher: "arXiv"``,
  ``number: "arXiv:ID"``, ``genre: "Preprint"`` and the arXiv DOI.
* published versions: ``article-journal``, ``paper-conference`` or ``report`` with
  ``container-title`` (``publisher`` for a report's institution), volume, issue, page and
  the published DOI (none when it is not known).
* podcast episodes: ``broadcast`` with ``host``/``guest``, the series as
  ``collection-title``, the episode ``number`` and the running time in ``dimensions``
  (Zotero: *Podcast*, host as *Podcaster*, guests as *Guest*).
* videos of interviews: ``motion_picture`` with ``host``/``guest`` and the series as
  ``collection-title`` (Zotero: *Video Recording*, *Host*, *Guest*); a video of a talk
  (its people are authors) and a talk: ``speech`` (Zotero: *Presentation*, *Presenter*);
  blog posts ``post-weblog``.

Output validates against the CSL-JSON schema and is deterministic.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from feedcite.export.bibtex import annote_text, corpus_proper_names, note_text, sorted_works
from feedcite.export.latex import sentence_case
from feedcite.export.record import Kind, Record, record
from feedcite.model import Corpus, Creator, Work

__all__ = ["csl_item", "csl_type", "dumps_csl", "to_csl"]

_TYPES = {
    Kind.PREPRINT: "article",
    Kind.ARTICLE: "article-journal",
    Kind.CONFERENCE_PAPER: "paper-conference",
    Kind.REPORT: "report",
    Kind.EPISODE: "broadcast",
    Kind.TALK: "speech",
    Kind.BLOG_POST: "post-weblog",
    Kind.DOCUMENT: "document",
}
_GENRES = {Kind.VIDEO: "Video", Kind.EPISODE: "Podcast episode", Kind.TALK: "Talk"}


def csl_name(creator: Creator) -> dict[str, str]:
    """A CSL name: ``family``/``given`` (``suffix``), or ``literal`` for an organisation."""
    if creator.organization:
        return {"literal": creator.family}
    name = {"family": creator.family, "given": creator.given}
    if creator.suffix:
        name["suffix"] = creator.suffix
    return name


def csl_type(rec: Record) -> str:
    """The CSL type of a record."""
    if rec.kind is Kind.VIDEO:
        return "motion_picture" if rec.hosts or rec.guests else "speech"
    return _TYPES[rec.kind]


def _item(rec: Record, proper: Iterable[str]) -> dict[str, Any]:
    kind = csl_type(rec)
    item: dict[str, Any] = {
        "id": rec.key,
        "citation-key": rec.key,
        "type": kind,
        "title": sentence_case(rec.title, proper, nocase=True),
    }
    if rec.hosts or rec.guests:
        if rec.hosts:
            item["host"] = [csl_name(c) for c in rec.hosts]
        if rec.guests:
            item["guest"] = [csl_name(c) for c in rec.guests]
    elif rec.authors:
        item["author"] = [csl_name(c) for c in rec.authors]
    if rec.year is not None:
        parts = [rec.year]
        if rec.month is not None:
            parts.append(rec.month)
            if rec.day is not None:
                parts.append(rec.day)
        issued: dict[str, Any] = {"date-parts": [parts]}
        if rec.circa:
            issued["circa"] = True
        item["issued"] = issued
    if rec.kind in (Kind.ARTICLE, Kind.CONFERENCE_PAPER) and rec.container:
        item["container-title"] = rec.container
    if rec.kind is Kind.REPORT and rec.publisher:
        item["publisher"] = rec.publisher
    item.update({k: v for k, v in (("volume", rec.volume), ("issue", rec.issue)) if v})
    if rec.pages:
        item["page"] = rec.pages.replace("--", "–")
    if rec.kind is Kind.PREPRINT and rec.arxiv:
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{rec.arxiv}"
        item["genre"] = "Preprint"
    elif rec.kind is Kind.PREPRINT and rec.container:
        item["container-title"] = rec.container
    if rec.series:
        item["container-title" if kind == "post-weblog" else "collection-title"] = rec.series
    if rec.number is not None and rec.kind in (Kind.VIDEO, Kind.EPISODE, Kind.TALK):
        item["number"] = rec.number
    if rec.kind in _GENRES:
        item["genre"] = _GENRES[rec.kind]
    if rec.medium and kind == "motion_picture":
        item["medium"] = rec.medium
    if rec.doi:
        item["DOI"] = rec.doi
    if rec.url:
        item["URL"] = rec.url
    if rec.duration:
        item["dimensions"] = rec.duration
    if rec.abstract:
        item["abstract"] = rec.abstract
    annote = annote_text(rec)
    if annote:
        item["annote"] = annote
    note = note_text(rec)
    if note:
        item["note"] = note
    if rec.keywords:
        item["keyword"] = ", ".join(rec.keywords)
    custom: dict[str, Any] = {"feedcite-id": rec.work_id, "year-source": str(rec.year_source)}
    if rec.evidence:
        custom["evidence"] = rec.evidence
    if rec.curation:
        custom["curation-notes"] = rec.curation
    item["custom"] = custom
    return item


def csl_item(work: Work, proper: Iterable[str] = frozenset()) -> dict[str, Any]:
    """The CSL-JSON item of one work (its citation key is the item id and ``citation-key``).

    Args:
        work: The work.
        proper: Proper names kept capitalised in the sentence-case title (see
            :func:`~feedcite.export.bibtex.corpus_proper_names`).
    """
    return _item(record(work), proper)


def to_csl(corpus: Corpus) -> list[dict[str, Any]]:
    """The CSL-JSON items of ``corpus``, newest first."""
    proper = corpus_proper_names(corpus)
    return [csl_item(w, proper) for w in sorted_works(corpus)]


def dumps_csl(corpus: Corpus) -> str:
    """CSL-JSON text (UTF-8, indented, ending in a newline)."""
    return json.dumps(to_csl(corpus), ensure_ascii=False, indent=2) + "\n"
