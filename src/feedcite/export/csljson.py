"""The CSL-JSON writer, for Zotero, Pandoc, Quarto and citeproc processors.

Mapping (see the user guide, "Citing"): arXiv preprints are ``article`` with
``publisher: "arXiv"``, ``number: "arXiv:ID"`` and the arXiv DOI; a verified published
version with the same title and byline is ``article-journal``, ``paper-conference`` or
``report`` with ``container-title`` (or ``publisher`` for reports), volume, issue, page
and DOI; videos are ``motion_picture``, podcast episodes ``broadcast``, blog posts
``post-weblog``, with ``container-title`` for the series and ``dimensions`` for the
running time; the host and guests are the ``author`` list, host first. ``abstract`` is
the summary,
``note`` the key claim and doubts, ``keyword`` the tags. Output validates against the
CSL-JSON schema and is deterministic.
"""

from __future__ import annotations

import json
from typing import Any

from feedcite.export.bibtex import _notes, entry_type, sorted_works
from feedcite.model import Corpus, Creator, Work

__all__ = ["csl_item", "dumps_csl", "to_csl"]

_PUBLISHED_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "techreport": "report",
}
_KIND_TYPES = {
    "paper": "article",
    "youtube": "motion_picture",
    "video": "motion_picture",
    "podcast": "broadcast",
    "blog": "post-weblog",
}


def _name(creator: Creator) -> dict[str, str]:
    if creator.organization:
        return {"literal": creator.family}
    name = {"family": creator.family, "given": creator.given}
    if creator.suffix:
        name["suffix"] = creator.suffix
    return name


def csl_item(work: Work) -> dict[str, Any]:
    """The CSL-JSON item of one work (its citation key is the item id)."""
    kind = entry_type(work)
    published = work.published if kind != "misc" else None
    item: dict[str, Any] = {
        "id": work.citekey,
        "type": _PUBLISHED_TYPES[kind]
        if published
        else _KIND_TYPES.get(work.kind.lower(), "document"),
        "title": work.title,
    }
    if work.authors:
        item["author"] = [_name(c) for c in work.authors]
    year = (published.year if published and published.year else None) or work.year
    if year is not None:
        parts: list[int] = [year]
        month = published.month if published and published.year else work.month
        day = published.day if published and published.year else work.day
        if month is not None:
            parts.append(month)
            if day is not None:
                parts.append(day)
        item["issued"] = {"date-parts": [parts]}
    if published is not None:
        if published.type == "techreport":
            item["publisher"] = published.venue
        else:
            item["container-title"] = published.venue
        for key, value in (
            ("volume", published.volume),
            ("issue", published.number),
            ("page", published.pages),
        ):
            if value:
                item[key] = value.replace("--", "–") if key == "page" else value
        if published.doi:
            item["DOI"] = published.doi
    elif work.arxiv:
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{work.arxiv}"
        item["genre"] = "Preprint"
        item["DOI"] = f"10.48550/arXiv.{work.arxiv}"
    else:
        if work.venue:
            item["container-title"] = work.venue
        if work.series_number is not None:
            item["number"] = str(work.series_number)
        if work.doi:
            item["DOI"] = work.doi
    url = (published.url if published and published.url else None) or work.url
    if url:
        item["URL"] = url
    if work.duration_seconds:
        hours, rest = divmod(work.duration_seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        item["dimensions"] = f"{hours}:{minutes:02d}:{seconds:02d}"
    if work.summary:
        item["abstract"] = work.summary
    notes = []
    if work.claim:
        notes.append(f"Key claim: “{work.claim}”")
    notes.extend(_notes(work))
    if work.authors_complete is False:
        notes.append("The author list is incomplete.")
    if notes:
        item["note"] = " ".join(notes)
    if work.tags:
        item["keyword"] = ", ".join(work.tags)
    custom: dict[str, Any] = {"feedcite-id": work.id, "year-source": str(work.year_source)}
    if work.evidence:
        custom["evidence"] = work.evidence
    if work.notes:
        custom["curation-notes"] = work.notes
    item["custom"] = custom
    return item


def to_csl(corpus: Corpus) -> list[dict[str, Any]]:
    """The CSL-JSON items of ``corpus``, newest first."""
    return [csl_item(w) for w in sorted_works(corpus)]


def dumps_csl(corpus: Corpus) -> str:
    """CSL-JSON text (UTF-8, indented, ending in a newline)."""
    return json.dumps(to_csl(corpus), ensure_ascii=False, indent=2) + "\n"
