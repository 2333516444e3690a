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
from collections.abc import Sequence
from dataclasses import replace

from feedcite._toml import toml_string as q
from feedcite.curated import CuratedWork, MatchRule
from feedcite.enrich.context import Context
from feedcite.enrich.works import invisible_removed, visible_text
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import MONTH_ABBR, Corpus, FeedItem, Work

__all__ = ["apply_metadata", "item_matches", "match_rule", "match_toml", "matches"]

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
    return item_matches(rule, work.item)


def item_matches(rule: MatchRule | None, item: FeedItem, key: str | None = None) -> bool:
    """Whether the match ``rule`` selects the feed ``item`` (whose work id is ``key``)."""
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
        for written in curation.works:
            entry = _visible(written, diagnostics)
            if entry.match is None:
                extra.append(entry.facts)  # a work outside the feed
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
    # A work outside the feed of the kind and date of an item with no entry may be that item
    # (an episode written with 'kind' where 'match' was meant): the warning says so.
    outside = {(w.kind.casefold(), w.month, w.day): w for w in reversed(extra) if w.day}
    items = [w.item for w in works if w.item is not None]
    for index, work in enumerate(works):
        found = matched.get(index)
        if found is None:
            if work.item is not None:
                item = work.item
                twin = outside.get((item.kind.casefold(), item.month, item.day))
                diagnostics.append(_missing(work, twin, items))
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


def match_rule(item: FeedItem, others: Sequence[FeedItem]) -> MatchRule:
    """A ``match`` rule for ``item``: its kind, date and claim opening.

    The opening is the shortest one, from five words, that no other item of the same kind
    and date has.
    """
    words = item.claim.split()
    same = [
        o
        for o in others
        if o is not item and (o.kind, o.month, o.day) == (item.kind, item.month, item.day)
    ]
    for count in range(min(5, len(words)), len(words) + 1):
        rule = MatchRule(item.kind, item.month, item.day, " ".join(words[:count]))
        if not any(item_matches(rule, o) for o in same):
            return rule
    return MatchRule(item.kind, item.month, item.day, item.claim)


def match_toml(rule: MatchRule) -> str:
    """The ``match = { kind = ..., date = ..., claim = ... }`` line of a works.toml entry."""
    date = f"{MONTH_ABBR[(rule.month or 1) - 1]} {rule.day}"
    return (
        f"match = {{ kind = {q(rule.kind or '')}, date = {q(date)}, "
        f"claim = {q(rule.claim or '')} }}"
    )


def _missing(work: Work, twin: Work | None, items: Sequence[FeedItem]) -> Diagnostic:
    item = work.item
    assert item is not None
    message = (
        f"no curated metadata for '{item.kind} / {item.handle} / {item.date_label}': title, "
        "full author list, year and identifiers are missing; the title is built from the key "
        "claim and the feed's subject is the one author known (the list is marked incomplete: "
        "'and others')"
    )
    if twin is not None:
        message += (
            f". Entry {twin.id!r} of works.toml has this item's kind and date but no 'match', "
            "so it is a second work: if it is this item, replace its 'kind' with "
            + match_toml(match_rule(item, items))
        )
    return Diagnostic(
        Code.META_MISSING, message, item.span, Severity.WARNING, item.raw.split("\n", 1)[0]
    )


#: Fields a curated entry always sets on the work it describes (``None`` clears them).
_ALWAYS = ("aliases", "evidence", "notes", "published")


def _visible(entry: CuratedWork, diagnostics: list[Diagnostic]) -> CuratedWork:
    """The entry with its title's invisible characters removed (and a warning if any were)."""
    title, removed = visible_text(entry.facts.title)
    if not removed:
        return entry
    diagnostics.append(invisible_removed("title", removed, entry.span))
    return replace(entry, facts=replace(entry.facts, title=title))


def _overlay(work: Work, entry: CuratedWork, diagnostics: list[Diagnostic]) -> Work:
    facts = entry.facts
    changes: dict[str, object] = {"id": entry.id}
    if entry.id != work.id:
        changes["former_id"] = work.id
    changes.update((name, getattr(facts, name)) for name in (*_ALWAYS, *sorted(entry.given)))
    item = work.item
    if (
        "day" in entry.given
        and item is not None
        and (facts.month, facts.day) != (item.month, item.day)
    ):
        diagnostics.append(
            Diagnostic(
                Code.DATE_MISMATCH,
                f"the feed dates this item {item.date_label}, the metadata entry "
                f"{entry.id!r} (line {entry.span.line}) {facts.date}; the metadata date is used",
                item.span,
                Severity.WARNING,
                item.raw.split("\n", 1)[0],
            )
        )
    return replace(work, **changes)  # type: ignore[arg-type]
