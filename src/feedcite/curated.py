"""Curated metadata (``refs/works.toml``): verified facts the feed lacks.

Each ``[[work]]`` entry describes one work: a feed item (found by its ``match`` rule:
kind, date and a phrase of the key claim, or an explicit item key) or a work that is
not in the feed (a podcast episode). :func:`parse_works` validates the file and returns
:class:`CuratedWork` records plus diagnostics that point at ``works.toml:line:column``:
unknown keys, wrong types and malformed values are errors, and the offending field is
left out while the rest of the entry is kept. Matching entries to items is an
enrichment step (:mod:`feedcite.enrich.metadata`).

The schema is documented in the user guide ("Curated metadata").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from feedcite._toml import TomlLocator, load_toml, type_name
from feedcite.errors import Code, Diagnostic
from feedcite.model import MONTH_ABBR, Creator, Published, SourceSpan, Work, YearSource
from feedcite.parsers.transcript import parse_time

__all__ = [
    "CuratedWork",
    "Curation",
    "MatchRule",
    "PersonAlias",
    "parse_creator",
    "parse_works",
]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_FEED_DATE_RE = re.compile(r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2})$")
_ARXIV_RE = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
_DURATION_RE = re.compile(r"^(?:(\d{1,6}):)?(\d{1,2}):(\d{2})$")  # hours bounded: no huge ints
_URL_RE = re.compile(r"^https?://\S+$")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PUBLISHED_TYPES = ("article", "inproceedings", "techreport")


@dataclass(frozen=True, slots=True)
class MatchRule:
    """How a curated entry finds its feed item.

    Attributes:
        kind: The item's kind.
        month: The item's month (from ``date = "Mon D"``).
        day: The item's day.
        claim: A phrase of the key claim (case- and quote-insensitive).
        item: An explicit item key (``Work.id`` derived from the item), instead of the above.
    """

    kind: str | None = None
    month: int | None = None
    day: int | None = None
    claim: str | None = None
    item: str | None = None


@dataclass(frozen=True, slots=True)
class CuratedWork:
    """One ``[[work]]`` entry, validated: which work it describes, and the facts it gives.

    Attributes:
        id: The work's stable identifier.
        span: Where the entry starts.
        facts: The entry's facts as a :class:`~feedcite.model.Work` (a work outside the feed
            is exactly this work; the fields the entry does not give keep Work's defaults).
        given: The names of the :class:`~feedcite.model.Work` fields the entry gives: what
            is laid over a feed item's work.
        match: Which feed item the entry describes, or ``None`` for a work outside the feed.
    """

    id: str
    span: SourceSpan
    facts: Work
    given: frozenset[str] = frozenset()
    match: MatchRule | None = None


@dataclass(frozen=True, slots=True)
class PersonAlias:
    """A ``[[person]]`` entry: one person's spelling, and the spellings that mean them.

    Attributes:
        name: The spelling used everywhere (``"Tkačik, Gašper"``).
        aliases: Other spellings of the same person (``"Tkacik, Gasper"``).
        span: Where the entry is.
    """

    name: Creator
    aliases: tuple[Creator, ...]
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class Curation:
    """The curated entries of one metadata file and the problems found in it."""

    path: str
    works: tuple[CuratedWork, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    people: tuple[PersonAlias, ...] = ()


def parse_creator(text: str, role: str = "author") -> Creator:
    """Parse ``"Family, Given"``, ``"Family, Suffix, Given"`` or an organisation name."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 1:
        return Creator(family=parts[0], role=role, organization=True)
    if len(parts) == 2:
        return Creator(family=parts[0], given=parts[1], role=role)
    return Creator(family=parts[0], suffix=parts[1], given=", ".join(parts[2:]), role=role)


class _Entry:
    """Validates one table against the schema, collecting diagnostics."""

    def __init__(self, data: dict[str, Any], start: int, where: TomlLocator) -> None:
        self.data = data
        self.start = start
        self.where = where
        self.diagnostics: list[Diagnostic] = []

    def error(self, code: Code, message: str, key: str, subkey: str | None = None) -> None:
        span = self.where.key(self.start, key, subkey)
        self.diagnostics.append(self.where.diagnostic(code, message, span))

    def get(self, key: str, kind: type, check: Callable[[Any], str | None] | None = None) -> Any:
        if key not in self.data:
            return None
        value = self.data[key]
        if kind is int and isinstance(value, bool):
            value = None
        if not isinstance(value, kind) or value is None:
            self.error(
                Code.META_TYPE,
                f"'{key}' must be {type_name(kind())}, not {type_name(self.data[key])}; ignored",
                key,
            )
            return None
        problem = check(value) if check else None
        if problem:
            self.error(Code.META_VALUE, f"'{key}': {problem}; ignored", key)
            return None
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.get(key, list)
        if value is None:
            return ()
        if not all(isinstance(v, str) and v.strip() for v in value):
            self.error(
                Code.META_TYPE, f"'{key}' must be an array of non-empty strings; ignored", key
            )
            return ()
        return tuple(v.strip() for v in value)


_SCHEMA: dict[str, str] = {
    "id": "stable identifier (lowercase slug)",
    "match": "which feed item: { kind, date = 'Mon D', claim } or { item }",
    "kind": "kind of a work that is not a feed item (e.g. 'podcast')",
    "title": "verified title",
    "authors": "authors in order, 'Family, Given'",
    "authors_complete": "false when the author list is known to be incomplete (default: "
    "complete when 'authors', 'host' or 'guests' are given)",
    "date": "ISO date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "arxiv": "arXiv identifier",
    "doi": "DOI (10.NNNN/...)",
    "url": "http(s) URL",
    "venue": "where it appeared",
    "host": "host of an episode, 'Family, Given'",
    "guests": "guests of an episode",
    "series": "podcast or video series",
    "number": "episode number",
    "duration": "H:MM:SS or M:SS",
    "published": "verified published version",
    "aliases": "names under which the work is mentioned",
    "evidence": "where the facts were read",
    "notes": "doubts and remarks",
}
_MATCH_KEYS = ("kind", "date", "claim", "item")
_PUBLISHED_KEYS = (
    "type",
    "venue",
    "year",
    "month",
    "day",
    "volume",
    "number",
    "pages",
    "doi",
    "url",
    "title",
    "authors_differ",
)


def _check_date(value: str) -> str | None:
    found = _DATE_RE.match(value)
    if not found:
        return f"{value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"
    month = int(found[2]) if found[2] else 1
    day = int(found[3]) if found[3] else 1
    if not 1 <= month <= 12 or not 1 <= day <= _days_in(int(found[1]), month):
        return f"{value!r} is not a real date"
    return None


def _days_in(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _pattern(regex: re.Pattern[str], what: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if regex.match(value) else f"{value!r} is not {what}"

    return check


def _nonempty(value: str) -> str | None:
    return None if value.strip() else "must not be empty"


def parse_works(text: str, path: str) -> Curation:
    """Validate a curated-metadata file and return its entries.

    Args:
        text: The TOML text.
        path: The file name used in diagnostics.
    """
    data, diagnostics = load_toml(text, path)
    where = TomlLocator.of(text, path)
    if diagnostics:
        return Curation(path, (), tuple(diagnostics))
    for key in data:
        if key not in ("work", "person"):
            span = where.key(1, key)
            diagnostics.append(
                where.diagnostic(
                    Code.META_KEY,
                    f"unknown top-level key {key!r} (expected [[work]] and [[person]] entries)",
                    span,
                )
            )
    entries = data.get("work", [])
    if not isinstance(entries, list):
        span = where.key(1, "work")
        diagnostics.append(
            where.diagnostic(
                Code.META_TYPE,
                f"'work' must be [[work]] entries, not {type_name(entries)}; ignored",
                span,
            )
        )
        entries = []
    works: list[CuratedWork] = []
    seen_ids: dict[str, int] = {}
    for number, raw in enumerate(entries):
        scope = where.at("work", number)
        start = scope.value_span().line
        if not isinstance(raw, dict):
            diagnostics.append(
                where.diagnostic(
                    Code.META_TYPE,
                    f"each 'work' entry must be a table ([[work]]), not {type_name(raw)}; skipped",
                    scope.value_span(),
                )
            )
            continue
        entry = _Entry(raw, start, scope)
        work = _parse_entry(entry)
        diagnostics.extend(entry.diagnostics)
        if work is None:
            continue
        if work.id in seen_ids:
            span = scope.key(start, "id")
            diagnostics.append(
                where.diagnostic(
                    Code.META_VALUE,
                    f"id {work.id!r} is already used by the entry at line {seen_ids[work.id]}; "
                    "entry skipped",
                    span,
                )
            )
            continue
        seen_ids[work.id] = start
        works.append(work)
    people = _parse_people(data.get("person", []), where, diagnostics)
    ordered = sorted(diagnostics, key=lambda d: (d.span.line, d.span.column))
    return Curation(path, tuple(works), tuple(ordered), people)


_PERSON_KEYS = ("name", "aliases")


def _parse_people(
    entries: object, where: TomlLocator, diagnostics: list[Diagnostic]
) -> tuple[PersonAlias, ...]:
    """The ``[[person]]`` entries: ``name = "Family, Given"`` and ``aliases = [...]``.

    An alias given for two people, or equal to another person's name, is an error; the
    second entry is skipped.
    """
    if not isinstance(entries, list):
        span = where.key(1, "person")
        diagnostics.append(
            where.diagnostic(Code.META_TYPE, "'person' must be [[person]] entries", span)
        )
        return ()
    starts = where.entries("person")
    people: list[PersonAlias] = []
    claimed: dict[str, int] = {}
    for number, raw in enumerate(entries):
        start = starts[number] if number < len(starts) else 1
        scope = where.at("person", number)
        entry = _Entry(raw if isinstance(raw, dict) else {}, start, scope)
        for key in entry.data:
            if key not in _PERSON_KEYS:
                entry.error(
                    Code.META_KEY,
                    f"unknown key {key!r} in [[person]]; ignored (known keys: aliases, name)",
                    key,
                )
        name = entry.get("name", str, _nonempty)
        aliases = entry.strings("aliases")
        diagnostics.extend(entry.diagnostics)
        if name is None:
            if "name" not in entry.data:
                span = SourceSpan(where.path, start, 1, 10)
                diagnostics.append(
                    where.diagnostic(
                        Code.META_KEY, "[[person]] entry has no 'name'; entry skipped", span
                    )
                )
            continue
        spellings = [name.strip(), *aliases]
        clash = next((s for s in spellings if s in claimed), None)
        if clash is not None:
            diagnostics.append(
                where.diagnostic(
                    Code.META_VALUE,
                    f"{clash!r} is already a spelling of the person at line {claimed[clash]}; "
                    "entry skipped",
                    scope.key(start, "name" if clash == name.strip() else "aliases"),
                )
            )
            continue
        for spelling in spellings:
            claimed[spelling] = start
        people.append(
            PersonAlias(
                name=parse_creator(name.strip()),
                aliases=tuple(parse_creator(a) for a in aliases),
                span=SourceSpan(where.path, start, 1, 10),
            )
        )
    return tuple(people)


def _parse_entry(entry: _Entry) -> CuratedWork | None:
    for key in entry.data:
        if key not in _SCHEMA:
            known = ", ".join(sorted(_SCHEMA))
            entry.error(Code.META_KEY, f"unknown key {key!r}; ignored (known keys: {known})", key)
    work_id = entry.get("id", str, _pattern(_ID_RE, "a lowercase slug (a-z, 0-9, -)"))
    if work_id is None:
        if "id" not in entry.data:
            span = SourceSpan(entry.where.path, entry.start, 1, 8)
            entry.diagnostics.append(
                entry.where.diagnostic(Code.META_KEY, "entry has no 'id'; entry skipped", span)
            )
        return None
    match = _parse_match(entry)
    kind = entry.get("kind", str, _nonempty)
    if match is None and kind is None:
        if "match" in entry.data:
            return None  # the 'match' table was invalid, and said so
        span = SourceSpan(entry.where.path, entry.start, 1, 8)
        entry.diagnostics.append(
            entry.where.diagnostic(
                Code.META_KEY,
                f"entry {work_id!r} has neither 'match' (a feed item) nor 'kind' "
                "(a work outside the feed); entry skipped",
                span,
            )
        )
        return None
    year = month = day = None
    date = entry.get("date", str, _check_date)
    if date:
        found = _DATE_RE.match(date)
        assert found is not None
        year = int(found[1])
        month = int(found[2]) if found[2] else None
        day = int(found[3]) if found[3] else None
    authors = tuple(parse_creator(a) for a in entry.strings("authors"))
    host = entry.get("host", str, _nonempty)
    guests = entry.strings("guests")
    people = ((parse_creator(host, "host"),) if host else ()) + tuple(
        parse_creator(g, "guest") for g in guests
    )
    duration = entry.get("duration", str, _duration_problem)
    title = entry.get("title", str, _nonempty)
    complete = entry.get("authors_complete", bool)
    venue = entry.get("venue", str, _nonempty)
    series = entry.get("series", str, _nonempty)
    facts: dict[str, Any] = {
        "title": title,
        "authors": authors + people,
        # A list of people is complete unless the entry says it is not.
        "authors_complete": complete
        if complete is not None
        else (True if authors or people else None),
        "year": year,
        "month": month,
        "day": day,
        "arxiv": entry.get("arxiv", str, _pattern(_ARXIV_RE, "an arXiv identifier")),
        "doi": entry.get("doi", str, _pattern(_DOI_RE, "a DOI (10.NNNN/...)")),
        "url": entry.get("url", str, _pattern(_URL_RE, "an http(s) URL")),
        "venue": venue or series,
        "series_number": entry.get("number", int),
        "duration_seconds": parse_duration(duration) if duration else None,
    }
    given = {name for name, value in facts.items() if value not in (None, ())}
    if title:
        given.add("title_source")
    if year is not None:
        given.add("year_source")
    span = SourceSpan(entry.where.path, entry.start, 1, 8)
    work = Work(
        id=work_id,
        kind=kind or "misc",
        title=title or work_id,
        title_source="metadata" if title else "derived",
        year_source=YearSource.METADATA if year is not None else YearSource.UNKNOWN,
        published=_parse_published(entry),
        aliases=entry.strings("aliases"),
        evidence=entry.get("evidence", str),
        notes=entry.get("notes", str),
        span=span,
        **{name: value for name, value in facts.items() if name in given and name != "title"},
    )
    return CuratedWork(work_id, span, work, frozenset(given), match)


def parse_duration(text: str) -> int:
    """Seconds in ``H:MM:SS`` or ``M:SS`` (minutes and seconds after an hour under 60)."""
    seconds = parse_time(text) if _DURATION_RE.match(text) else None
    if seconds is None:
        raise ValueError(f"not a duration: {text!r}")
    return seconds


def _duration_problem(value: str) -> str | None:
    try:
        parse_duration(value)
    except ValueError:
        return f"{value!r} is not a duration H:MM:SS or M:SS (minutes and seconds under 60)"
    return None


def _parse_match(entry: _Entry) -> MatchRule | None:
    raw = entry.get("match", dict)
    if raw is None:
        return None
    for key in raw:
        if key not in _MATCH_KEYS:
            entry.error(
                Code.META_KEY,
                f"unknown key {key!r} in 'match'; ignored (known: {', '.join(_MATCH_KEYS)})",
                "match",
                key,
            )
    values: dict[str, str] = {}
    for key in _MATCH_KEYS:
        if key in raw:
            if isinstance(raw[key], str) and raw[key].strip():
                values[key] = raw[key].strip()
            elif isinstance(raw[key], str):
                entry.error(Code.META_VALUE, f"'match.{key}' is empty; entry skipped", "match", key)
            else:
                entry.error(
                    Code.META_TYPE,
                    f"'match.{key}' must be a string, not {type_name(raw[key])}; entry skipped",
                    "match",
                    key,
                )
    if "item" in values:
        return MatchRule(item=values["item"])
    if any(key in raw and key not in values for key in _MATCH_KEYS):
        return None  # reported above
    missing = [k for k in ("kind", "date", "claim") if k not in values]
    if missing:
        entry.error(
            Code.META_KEY,
            f"'match' needs kind, date and claim (or item); missing {', '.join(missing)}; "
            "entry not matched",
            "match",
        )
        return None
    date = _FEED_DATE_RE.match(values["date"])
    month = day = None
    if date and date[1].title() in MONTH_ABBR:
        month = MONTH_ABBR.index(date[1].title()) + 1
        day = int(date[2])
    if month is None or day is None:
        entry.error(
            Code.META_VALUE,
            f"'match.date' {values['date']!r} is not a feed date like 'Jan 23'; entry not matched",
            "match",
            "date",
        )
        return None
    return MatchRule(kind=values["kind"], month=month, day=day, claim=values["claim"])


#: Text fields of 'published' that are often whole numbers: an integer is taken as its digits.
_WHOLE_NUMBER_TEXTS = frozenset({"volume", "number", "pages"})


def _published_number(key: str, value: object) -> str | None:
    """Why a year, month or day of 'published' is impossible (``None`` when it is fine)."""
    if not isinstance(value, int) or key not in ("year", "month", "day"):
        return None
    limit = {"year": 9999, "month": 12, "day": 31}[key]
    if not 1 <= value <= limit:
        return f"{value} is not a {key} (1 to {limit})"
    return None


def _parse_published(entry: _Entry) -> Published | None:
    raw = entry.get("published", dict)
    if raw is None:
        return None
    values: dict[str, Any] = {}
    for key, given in raw.items():
        value = given
        if key not in _PUBLISHED_KEYS:
            entry.error(
                Code.META_KEY, f"unknown key {key!r} in 'published'; ignored", "published", key
            )
            continue
        expected: type = int if key in ("year", "month", "day") else str
        if key in _WHOLE_NUMBER_TEXTS and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # TOML's ``volume = 32`` is as good as ``volume = "32"``
        if not isinstance(value, expected) or isinstance(value, bool):
            entry.error(
                Code.META_TYPE,
                f"'published.{key}' must be {type_name(expected())}, not {type_name(value)}; "
                "ignored",
                "published",
                key,
            )
            continue
        problem = _published_number(key, value)
        if problem:
            entry.error(Code.META_VALUE, f"'published.{key}': {problem}; ignored", "published", key)
            continue
        values[key] = value
    if values.get("type") not in _PUBLISHED_TYPES or not values.get("venue"):
        entry.error(
            Code.META_VALUE,
            f"'published' needs type ({' | '.join(_PUBLISHED_TYPES)}) and venue; ignored",
            "published",
        )
        return None
    if "doi" in values and not _DOI_RE.match(values["doi"]):
        entry.error(Code.META_VALUE, "'published.doi' is not a DOI; ignored", "published", "doi")
        del values["doi"]
    return Published(**values)
