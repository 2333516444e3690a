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

from feedcite._toml import TomlLocator, load_toml
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


def slug(text: str) -> str:
    """A lowercase id from a term (``Race to the Top`` -> ``race-to-the-top``)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def parse_glossary_file(text: str, path: str) -> GlossaryFile:
    """Validate and read a glossary file."""
    data, diagnostics = load_toml(text, path)
    if diagnostics:
        return GlossaryFile(path, (), (), tuple(diagnostics))
    where = TomlLocator.of(text, path)
    for key in data:
        if key not in ("term", "annotate"):
            diagnostics.append(
                where.diagnostic(Code.GLOSSARY, f"unknown top-level key {key!r}", where.key(1, key))
            )
    terms: list[GlossaryTerm] = []
    annotations: list[GlossaryAnnotation] = []
    seen: set[str] = set()
    for table, keys in (("term", _TERM_KEYS), ("annotate", _ANNOTATE_KEYS)):
        entries = data.get(table, [])
        starts = where.entries(table)
        for index, raw in enumerate(entries if isinstance(entries, list) else []):
            start = starts[index] if index < len(starts) else 1
            span = SourceSpan(path, start, 1, len(table) + 4)
            problems = _check(raw, keys, table, where, start)
            diagnostics.extend(problems)
            if problems and not isinstance(raw.get("term"), str):
                continue
            term = str(raw.get("term", "")).strip()
            aliases = tuple(
                a.strip() for a in raw.get("aliases", []) if isinstance(a, str) and a.strip()
            )
            related = tuple(r for r in raw.get("related_works", []) if isinstance(r, str))
            entry_id = raw.get("id") if isinstance(raw.get("id"), str) else None
            if table == "term":
                definition = raw.get("definition")
                if not isinstance(definition, str) or not definition.strip():
                    diagnostics.append(
                        where.diagnostic(
                            Code.GLOSSARY, f"term {term!r} has no definition; skipped", span
                        )
                    )
                    continue
                term_id = entry_id or slug(term)
                if term_id in seen:
                    diagnostics.append(
                        where.diagnostic(
                            Code.GLOSSARY, f"duplicate term id {term_id!r}; skipped", span
                        )
                    )
                    continue
                seen.add(term_id)
                source = raw.get("source") if isinstance(raw.get("source"), str) else None
                terms.append(
                    GlossaryTerm(
                        term_id, term, " ".join(definition.split()), aliases, related, source, span
                    )
                )
            else:
                annotations.append(GlossaryAnnotation(term, entry_id, aliases, related, span))
    return GlossaryFile(path, tuple(terms), tuple(annotations), tuple(diagnostics))


def _check(
    raw: object, keys: set[str], table: str, where: TomlLocator, start: int
) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    if not isinstance(raw, dict):
        return [
            where.diagnostic(
                Code.GLOSSARY, f"[[{table}]] must be a table", SourceSpan(where.path, start)
            )
        ]
    for key, value in raw.items():
        span = where.key(start, key)
        if key not in keys:
            problems.append(
                where.diagnostic(
                    Code.GLOSSARY, f"unknown key {key!r} in [[{table}]]; ignored", span
                )
            )
        elif key in ("aliases", "related_works"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(
                    where.diagnostic(Code.GLOSSARY, f"{key!r} must be an array of strings", span)
                )
        elif not isinstance(value, str):
            problems.append(where.diagnostic(Code.GLOSSARY, f"{key!r} must be a string", span))
        elif key == "id" and not _ID_RE.match(value):
            problems.append(
                where.diagnostic(Code.GLOSSARY, f"id {value!r} is not a lowercase slug", span)
            )
    if not isinstance(raw.get("term"), str) or not raw["term"].strip():
        problems.append(
            where.diagnostic(
                Code.GLOSSARY, f"[[{table}]] needs a 'term'", SourceSpan(where.path, start)
            )
        )
    return problems
