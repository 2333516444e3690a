"""Overlaying curated metadata on the works.

Each curated entry with a ``match`` rule is matched to exactly one feed item: same kind
and date, and the rule's claim phrase found in the item's key claim (comparison ignores
case, quote style and spacing), or the item's key given explicitly. Problems are errors
located in the metadata file: an entry that matches no item, an entry that matches
several (make the phrase longer), two entries that match the same item. Entries without
``match`` are works outside the feed (podcast episodes) and are added as works.

Works that get no metadata keep their derived title and the feed subject as author; a
warning names what is missing. Where metadata gives another month or day than the feed,
the metadata wins and a warning says so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from feedcite.curated import CuratedWork
from feedcite.enrich.context import Context
from feedcite.enrich.works import invisible_removed, visible_text
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import MONTH_ABBR, Corpus, FeedItem, Work, YearSource

__all__ = ["apply_metadata", "item_matches", "matches"]

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return re.sub(r"\s+", " ", text).strip()


def matches(entry: CuratedWork, work: Work) -> bool:
    """Whether ``entry``'s match rule selects ``work``'s feed item."""
    rule = entry.match
    if rule is None or work.item is None:
        return False
    if rule.item is not None:
        return rule.item == work.id
    return item_matches(entry, work.item)


def item_matches(entry: CuratedWork, item: FeedItem, key: str | None = None) -> bool:
    """Whether ``entry``'s match rule selects the feed ``item`` (whose work id is ``key``)."""
    rule = entry.match
    if rule is None:
        return False
    if rule.item is not None:
        return rule.item == key
    return (
        rule.kind is not None
        and rule.kind.casefold() == item.kind.casefold()
        and rule.month == item.month
        and rule.day == item.day
        and rule.claim is not None
        and _fold(rule.claim) in _fold(item.claim)
    )


def apply_metadata(corpus: Corpus, context: Context) -> Corpus:
    """Overlay ``context.curation`` on the works and add the works outside the feed."""
    curation = context.curation
    diagnostics = list(corpus.diagnostics)
    works = list(corpus.works)
    matched: dict[int, CuratedWork] = {}
    extra: list[Work] = []
    if curation is not None:
        diagnostics.extend(curation.diagnostics)
        for entry in curation.works:
            if entry.match is None:
                work = _standalone(entry)
                title, removed = visible_text(work.title)
                if removed:
                    diagnostics.append(invisible_removed("title", removed, entry.span))
                    work = replace(work, title=title)
                extra.append(work)
                continue
            hits = [i for i, work in enumerate(works) if matches(entry, work)]
            if not hits:
                diagnostics.append(_entry_problem(entry, Code.META_NO_MATCH, _no_match(entry)))
                continue
            if len(hits) > 1:
                lines = ", ".join(str(span.line) for i in hits if (span := works[i].span))
                diagnostics.append(
                    _entry_problem(
                        entry,
                        Code.META_AMBIGUOUS,
                        f"entry {entry.id!r} matches {len(hits)} feed items (lines {lines}); "
                        "make 'match.claim' longer or use 'match.item'; not applied",
                    )
                )
                continue
            index = hits[0]
            if index in matched:
                first = matched[index]
                diagnostics.append(
                    _entry_problem(
                        entry,
                        Code.META_AMBIGUOUS,
                        f"entry {entry.id!r} matches the same feed item as entry {first.id!r} "
                        f"(line {first.span.line}); not applied",
                    )
                )
                continue
            matched[index] = entry
    for index, work in enumerate(works):
        found = matched.get(index)
        if found is None:
            if work.item is not None:
                diagnostics.append(_missing(work))
            continue
        works[index] = _overlay(work, found, diagnostics)
    return replace(corpus, works=tuple(works) + tuple(extra), diagnostics=tuple(diagnostics))


def _entry_problem(entry: CuratedWork, code: Code, message: str) -> Diagnostic:
    return Diagnostic(code, message, entry.span, Severity.ERROR, "[[work]]")


def _no_match(entry: CuratedWork) -> str:
    rule = entry.match
    assert rule is not None
    if rule.item is not None:
        return f"entry {entry.id!r} names item {rule.item!r}, which is not in the feed; not applied"
    date = f"{MONTH_ABBR[(rule.month or 1) - 1]} {rule.day}"
    return (
        f"entry {entry.id!r} matches no feed item (kind {rule.kind!r}, date {date!r}, claim "
        f"containing {rule.claim!r}); not applied"
    )


def _missing(work: Work) -> Diagnostic:
    item = work.item
    assert item is not None
    return Diagnostic(
        Code.META_MISSING,
        f"no curated metadata for '{item.kind} / {item.handle} / {item.date_label}': title, "
        "full author list, year and identifiers are missing; the title is built from the key "
        "claim and the feed's subject is the only author",
        item.span,
        Severity.WARNING,
        item.raw.split("\n", 1)[0],
    )


def _complete(entry: CuratedWork) -> bool | None:
    """Whether the entry's list of people is complete.

    Yes when it lists people, unless ``authors_complete = false`` says otherwise.
    """
    if entry.authors_complete is not None:
        return entry.authors_complete
    return True if entry.authors else None


def _standalone(entry: CuratedWork) -> Work:
    return Work(
        id=entry.id,
        kind=entry.kind or "misc",
        title=entry.title or entry.id,
        title_source="metadata" if entry.title else "derived",
        authors=entry.authors,
        authors_complete=_complete(entry),
        year=entry.year,
        year_source=YearSource.METADATA if entry.year else YearSource.UNKNOWN,
        month=entry.month,
        day=entry.day,
        arxiv=entry.arxiv,
        doi=entry.doi,
        url=entry.url,
        venue=entry.venue or entry.series,
        series_number=entry.number,
        duration_seconds=entry.duration_seconds,
        aliases=entry.aliases,
        evidence=entry.evidence,
        notes=entry.notes,
        span=entry.span,
        published=entry.published,
    )


def _overlay(work: Work, entry: CuratedWork, diagnostics: list[Diagnostic]) -> Work:
    changes: dict[str, object] = {
        "id": entry.id,
        "aliases": entry.aliases,
        "evidence": entry.evidence,
        "notes": entry.notes,
        "published": entry.published,
    }
    if entry.title:
        title, removed = visible_text(entry.title)
        if removed:
            diagnostics.append(invisible_removed("title", removed, entry.span))
        changes.update(title=title, title_source="metadata")
    if entry.authors:
        changes["authors"] = entry.authors
    complete = _complete(entry)
    if complete is not None:
        changes["authors_complete"] = complete
    for field in ("arxiv", "doi", "url", "duration_seconds"):
        value = getattr(entry, field)
        if value is not None:
            changes[field] = value
    if entry.venue or entry.series:
        changes["venue"] = entry.venue or entry.series
    if entry.number is not None:
        changes["series_number"] = entry.number
    if entry.year is not None:
        changes.update(year=entry.year, year_source=YearSource.METADATA)
        item = work.item
        if entry.month is not None and entry.day is not None and item is not None:
            if (entry.month, entry.day) != (item.month, item.day):
                diagnostics.append(
                    Diagnostic(
                        Code.DATE_MISMATCH,
                        f"the feed dates this item {item.date_label}, the metadata entry "
                        f"{entry.id!r} (line {entry.span.line}) "
                        f"{entry.year}-{entry.month:02d}-{entry.day:02d}; the metadata date "
                        "is used",
                        item.span,
                        Severity.WARNING,
                        item.raw.split("\n", 1)[0],
                    )
                )
            changes.update(month=entry.month, day=entry.day)
    return replace(work, **changes)  # type: ignore[arg-type]
