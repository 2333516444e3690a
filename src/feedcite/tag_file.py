"""The tag file (``refs/tags.toml``): known tags for the splitter, and how tags group.

::

    tags = ["superalignment"]       tags the splitter should treat as known
    distinct = ["ai-ethics"]        tags the grouping rule must not group with others

    [aliases]                       near-duplicates the rule cannot see: tag = the tag
    "scalable-supervision" = "scalable-oversight"      it is grouped under

Every key is optional. A value of the wrong type, a tag that is not lowercase kebab-case,
an alias of a tag to itself or a chain of aliases that comes back to its start is an
error naming the file, line and column; that entry is not used, and the rest are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from feedcite._strings import is_kebab
from feedcite._toml import TomlLocator, load_toml, type_name
from feedcite.errors import Code, Diagnostic
from feedcite.model import SourceSpan

__all__ = ["TAG_RE", "TagAlias", "TagFile", "is_tag", "parse_tag_file"]

TAG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""An ASCII tag: lowercase words of letters and digits joined by single hyphens."""


def is_tag(text: str) -> bool:
    """Whether ``text`` is a tag: :data:`TAG_RE`, or the same in any script, in lower case.

    ``ai-safety``, ``économie-publique`` and ``मशीन-लर्निंग`` are tags.
    """
    return is_kebab(text) and text == text.lower()


_KEYS = ("tags", "distinct", "aliases")


@dataclass(frozen=True, slots=True)
class TagAlias:
    """An ``[aliases]`` entry: ``tag`` is grouped under ``canonical``."""

    tag: str
    canonical: str
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class TagFile:
    """A parsed tag file and the problems found in it.

    Attributes:
        path: The file.
        vocabulary: Tags the splitter treats as known.
        distinct: Tags the grouping rule keeps apart.
        aliases: Tags grouped under another, in file order.
        diagnostics: Problems found (each names the entry that was not used).
    """

    path: str
    vocabulary: frozenset[str] = frozenset()
    distinct: frozenset[str] = frozenset()
    aliases: tuple[TagAlias, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


def parse_tag_file(text: str, path: str) -> TagFile:
    """Validate and read a tag file."""
    data, diagnostics = load_toml(text, path)
    if diagnostics:
        return TagFile(path, diagnostics=tuple(diagnostics))
    where = TomlLocator.of(text, path)
    problems: list[Diagnostic] = []
    for key in data:
        if key not in _KEYS:
            problems.append(
                where.diagnostic(
                    Code.CONFIG,
                    f"unknown key {key!r} in the tag file (expected {', '.join(_KEYS)})",
                    _line_of(where, key) or SourceSpan(path, 1),
                )
            )
    vocabulary = _tag_list(data, "tags", where, problems, "the vocabulary was not used")
    distinct = _tag_list(data, "distinct", where, problems, "no tag is kept apart")
    aliases = _aliases(data.get("aliases"), where, problems)
    return TagFile(
        path,
        frozenset(t.strip().lower() for t in vocabulary if t.strip()),
        frozenset(distinct),
        aliases,
        tuple(problems),
    )


def _line_of(
    where: TomlLocator, key: str, start: int = 1, table: bool = False
) -> SourceSpan | None:
    """Where ``key`` (bare or quoted) is assigned, from line ``start`` on."""
    pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
    header = re.compile(rf"^\s*\[\s*{re.escape(key)}\s*\]")
    for number in range(start, len(where.lines) + 1):
        line = where.lines[number - 1]
        if table and header.match(line):
            return SourceSpan(where.path, number, line.index(key) + 1, len(key))
        if pattern.match(line):
            return SourceSpan(where.path, number, line.index(key) + 1, len(key))
    return None


def _tag_list(
    data: dict[str, object],
    key: str,
    where: TomlLocator,
    problems: list[Diagnostic],
    consequence: str,
) -> list[str]:
    value = data.get(key, [])
    span = _line_of(where, key) or SourceSpan(where.path, 1)
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        problems.append(
            where.diagnostic(Code.CONFIG, f"{key!r} must be a list of strings; {consequence}", span)
        )
        return []
    if key == "tags":
        return value  # the splitter lowercases and cleans its vocabulary itself
    good = []
    for tag in value:
        if is_tag(tag):
            good.append(tag)
        else:
            problems.append(
                where.diagnostic(
                    Code.CONFIG, f"{tag!r} in {key!r} is not a tag (lowercase-kebab-case)", span
                )
            )
    return good


def _aliases(value: object, where: TomlLocator, problems: list[Diagnostic]) -> tuple[TagAlias, ...]:
    if value is None:
        return ()
    table = _line_of(where, "aliases", table=True)
    start = table.line if table else 1
    if not isinstance(value, dict):
        problems.append(
            where.diagnostic(
                Code.CONFIG,
                f"'aliases' must be a table of tag = \"tag\", not {type_name(value)}; no alias "
                "was used",
                table or SourceSpan(where.path, 1),
            )
        )
        return ()
    found: dict[str, TagAlias] = {}
    for tag, canonical in value.items():
        span = _line_of(where, tag, start) or SourceSpan(where.path, start)
        if not isinstance(canonical, str):
            message = f"alias {tag!r} must name a tag, not {type_name(canonical)}; it was not used"
        elif not is_tag(tag) or not is_tag(canonical):
            bad = tag if not is_tag(tag) else canonical
            message = f"{bad!r} is not a tag (lowercase-kebab-case); alias {tag!r} was not used"
        elif tag == canonical:
            message = f"alias {tag!r} names itself; it was not used"
        else:
            found[tag] = TagAlias(tag, canonical, span)
            continue
        problems.append(where.diagnostic(Code.CONFIG, message, span))
    circular: set[str] = set()
    for alias in found.values():
        seen = [alias.tag]
        step = found.get(alias.canonical)
        while step is not None and step.tag not in seen:
            seen.append(step.tag)
            step = found.get(step.canonical)
        if step is not None:  # came back to a tag already on the path
            circular.add(alias.tag)
            problems.append(
                where.diagnostic(
                    Code.CONFIG,
                    "aliases go round in a circle (" + " -> ".join([*seen, step.tag]) + "); "
                    f"alias {alias.tag!r} was not used",
                    alias.span,
                )
            )
    return tuple(a for a in found.values() if a.tag not in circular)
