"""The glossary file (``refs/glossary.toml``): terms beyond those the reading notes define.

Two kinds of entries::

    [[term]]                 a term of the corpus with its definition
    id = "rlhf"
    term = "RLHF"
    definition = "..."       written from the corpus text
    aliases = ["reinforcement learning from human feedback"]
    related_works = ["helpful-harmless-rlhf"]
    source = "captures/amodei-feed.txt"     the capture where the term is defined or used first

    [[annotate]]             adds to a term that a notes document defines (its glossary)
    term = "ASL"             the notes' term (short form or full form)
    aliases = ["AI Safety Levels", "ASL levels"]
    related_works = [...]

The terms of the notes are parsed from the notes themselves, never copied here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from feedcite._strings import slug
from feedcite._toml import TomlLocator, load_toml, type_name
from feedcite.errors import Code, Diagnostic
from feedcite.model import SourceSpan

__all__ = ["GlossaryAnnotation", "GlossaryFile", "GlossaryTerm", "parse_glossary_file"]

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TERM_KEYS = {"id", "term", "definition", "aliases", "related_works", "source"}
_ANNOTATE_KEYS = {"id", "term", "aliases", "related_works"}


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """A ``[[term]]`` entry."""

    id: str
    term: str
    definition: str
    aliases: tuple[str, ...]
    related_works: tuple[str, ...]
    source: str | None
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class GlossaryAnnotation:
    """An ``[[annotate]]`` entry: aliases and related works for a term the notes define."""

    term: str
    id: str | None
    aliases: tuple[str, ...]
    related_works: tuple[str, ...]
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class GlossaryFile:
    """A parsed glossary file and the problems found in it."""

    path: str
    terms: tuple[GlossaryTerm, ...]
    annotations: tuple[GlossaryAnnotation, ...]
    diagnostics: tuple[Diagnostic, ...] = ()


def parse_glossary_file(text: str, path: str) -> GlossaryFile:
    """Validate and read a glossary file.

    Every problem is a diagnostic at the key or value it is about. A value of the wrong
    type or shape is left out (the rest of its entry is kept); an entry without a usable
    ``term`` (or a ``[[term]]`` without a definition) is skipped, and said to be.
    """
    data, diagnostics = load_toml(text, path)
    if diagnostics:
        return GlossaryFile(path, (), (), tuple(diagnostics))
    where = TomlLocator.of(text, path)
    for key in data:
        if key not in ("term", "annotate"):
            diagnostics.append(
                where.diagnostic(
                    Code.GLOSSARY,
                    f"unknown top-level key {key!r} (expected [[term]] or [[annotate]] tables); "
                    "ignored",
                    where.key_span(key),
                )
            )
    terms: list[GlossaryTerm] = []
    annotations: list[GlossaryAnnotation] = []
    seen: dict[str, int] = {}
    for table, keys in (("term", _TERM_KEYS), ("annotate", _ANNOTATE_KEYS)):
        entries = data.get(table, [])
        if not isinstance(entries, list):
            diagnostics.append(
                where.diagnostic(
                    Code.GLOSSARY,
                    f"'{table}' must be [[{table}]] tables, not {type_name(entries)}; ignored",
                    where.key_span(table),
                )
            )
            continue
        for index, raw in enumerate(entries):
            entry = where.at(table, index)
            span = entry.value_span()
            if not isinstance(raw, dict):
                diagnostics.append(
                    where.diagnostic(
                        Code.GLOSSARY,
                        f"each '{table}' entry must be a table ([[{table}]]), not "
                        f"{type_name(raw)}; skipped",
                        span,
                    )
                )
                continue
            values, problems = _check(raw, keys, table, entry)
            diagnostics.extend(problems)
            term = values.get("term")
            if not isinstance(term, str):
                continue
            aliases = values.get("aliases", ())
            related = values.get("related_works", ())
            entry_id = values.get("id")
            assert isinstance(aliases, tuple)
            assert isinstance(related, tuple)
            assert entry_id is None or isinstance(entry_id, str)
            if table == "annotate":
                annotations.append(GlossaryAnnotation(term, entry_id, aliases, related, span))
                continue
            definition = values.get("definition")
            if not isinstance(definition, str):
                if "definition" not in raw or isinstance(raw["definition"], str):
                    diagnostics.append(
                        where.diagnostic(
                            Code.GLOSSARY, f"term {term!r} has no definition; skipped", span
                        )
                    )
                continue
            term_id = entry_id or slug(term)  # transliterated: Холера -> kholera
            if not term_id:
                diagnostics.append(
                    where.diagnostic(
                        Code.GLOSSARY,
                        f"term {term!r} has no letter or digit to make an id from; give it an "
                        "'id'; skipped",
                        entry.value_span("term"),
                    )
                )
                continue
            if term_id in seen:
                diagnostics.append(
                    where.diagnostic(
                        Code.GLOSSARY,
                        f"duplicate term id {term_id!r} (first at line {seen[term_id]}); skipped",
                        span,
                    )
                )
                continue
            seen[term_id] = span.line
            source = values.get("source")
            assert source is None or isinstance(source, str)
            terms.append(
                GlossaryTerm(
                    term_id, term, " ".join(definition.split()), aliases, related, source, span
                )
            )
    ordered = sorted(diagnostics, key=lambda d: (d.span.line, d.span.column))
    return GlossaryFile(path, tuple(terms), tuple(annotations), tuple(ordered))


_Value = str | tuple[str, ...]


def _check(
    raw: dict[str, Any], keys: set[str], table: str, entry: TomlLocator
) -> tuple[dict[str, _Value], list[Diagnostic]]:
    """The entry's valid values (strings stripped, arrays as tuples) and its problems."""
    problems: list[Diagnostic] = []
    values: dict[str, _Value] = {}

    def problem(message: str, span: SourceSpan) -> None:
        problems.append(entry.diagnostic(Code.GLOSSARY, message, span))

    for key, value in raw.items():
        if key not in keys:
            problem(f"unknown key {key!r} in [[{table}]]; ignored", entry.key_span(key))
        elif key in ("aliases", "related_works"):
            if not isinstance(value, list):
                problem(
                    f"{key!r} must be an array of strings, not {type_name(value)}; ignored",
                    entry.value_span(key),
                )
                continue
            bad = next(
                (n for n, v in enumerate(value) if not isinstance(v, str) or not v.strip()), None
            )
            if bad is not None:
                problem(
                    f"{key!r} must be an array of non-empty strings; ignored",
                    entry.value_span(key, bad),
                )
                continue
            values[key] = tuple(dict.fromkeys(v.strip() for v in value))
        elif not isinstance(value, str):
            skipped = key == "term" or (key == "definition" and table == "term")
            what = f"[[{table}]] skipped" if skipped else "ignored"
            problem(
                f"{key!r} must be a string, not {type_name(value)}; {what}", entry.value_span(key)
            )
        elif key == "id" and not _ID_RE.match(value):
            problem(
                f"id {value!r} is not a lowercase slug (a-z, 0-9, -); ignored",
                entry.value_span(key),
            )
        elif key == "term" and not value.strip():
            problem(f"[[{table}]] has an empty 'term'; skipped", entry.value_span(key))
        elif key == "definition" and not value.strip():
            continue  # said as "has no definition"
        else:
            values[key] = value.strip()
    if "term" not in raw:
        problem(f"[[{table}]] needs a 'term'; skipped", entry.value_span())
    return values, problems
