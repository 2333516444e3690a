"""One spelling per person across the bibliography.

Curated author lists come from different sources, so the same person can be written
``Tkacik, Gasper`` in one work and ``Tkačik, Gašper`` in another, or ``Olah, Chris`` and
``Olah, Christopher``. biber and citeproc then sort and disambiguate them as two people.
:func:`normalise_names` rewrites every spelling listed in a ``[[person]]`` entry of the
curated metadata to the entry's ``name``, and reports each rewrite (``name-alias``,
a warning at the work). Names that look like one person but are not in the table are
reported too (``name-variant``), and left as they are: the same family name (compared
in ASCII, without spaces and hyphens) with given names of which one starts the other
(``Chris``/``Christopher``, ``Tom``/``Tom B.``, ``Gasper``/``Gašper``), or the family and
given names of one swapped (``Han, Seo-yeon``/``Seo-yeon, Han``: a name written family
name first, read as if in Western order).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from anyascii import anyascii

from feedcite.enrich.context import Context
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import Corpus, Creator, SourceSpan, Work

__all__ = ["name_key", "normalise_names", "same_person", "swapped"]


def _fold(text: str) -> str:
    return re.sub(r"[^a-z]", "", anyascii(text).lower())


def name_key(creator: Creator) -> tuple[str, str, str, bool]:
    """What identifies a spelling: family, given, suffix, organisation."""
    return (creator.family, creator.given, creator.suffix, creator.organization)


def same_person(one: Creator, other: Creator) -> bool:
    """Whether two spellings look like one person (see the module docstring)."""
    if one.organization or other.organization or name_key(one) == name_key(other):
        return False
    if swapped(one, other):
        return True
    if _fold(one.family) != _fold(other.family) or _fold(one.suffix) != _fold(other.suffix):
        return False
    first, second = _fold(one.given), _fold(other.given)
    if not first or not second:
        return False
    return first.startswith(second) or second.startswith(first)


def swapped(one: Creator, other: Creator) -> bool:
    """Whether two spellings of a person are one name with family and given swapped."""
    if one.organization or other.organization or not (one.given and other.given):
        return False
    return (
        _fold(one.family) == _fold(other.given)
        and _fold(one.given) == _fold(other.family)
        and _fold(one.suffix) == _fold(other.suffix)
    )


def _shown(creator: Creator) -> str:
    if creator.organization:
        return creator.family
    return ", ".join(p for p in (creator.family, creator.suffix, creator.given) if p)


def normalise_names(corpus: Corpus, context: Context) -> Corpus:
    """Rewrite aliased spellings to the person's name; report rewrites and likely variants."""
    aliases: dict[tuple[str, str, str, bool], tuple[Creator, SourceSpan]] = {}
    canonical: set[tuple[str, str, str, bool]] = set()
    if context.curation is not None:
        for person in context.curation.people:
            canonical.add(name_key(person.name))
            for alias in person.aliases:
                aliases[name_key(alias)] = (person.name, person.span)
    diagnostics = list(corpus.diagnostics)
    works: list[Work] = []
    for work in corpus.works:
        changed = False
        creators: list[Creator] = []
        for creator in work.authors:
            found = aliases.get(name_key(creator))
            if found is None:
                creators.append(creator)
                continue
            target, span = found
            creators.append(
                replace(
                    creator,
                    family=target.family,
                    given=target.given,
                    suffix=target.suffix,
                    organization=target.organization,
                )
            )
            changed = True
            diagnostics.append(
                _at(
                    work,
                    Code.NAME_ALIAS,
                    f"{_shown(creator)!r} in work {work.id!r} is written {_shown(target)!r} "
                    f"(the [[person]] entry at {span})",
                )
            )
        works.append(replace(work, authors=tuple(creators)) if changed else work)
    diagnostics.extend(_variants(works, canonical))
    return replace(corpus, works=tuple(works), diagnostics=tuple(diagnostics))


def _at(work: Work, code: Code, message: str) -> Diagnostic:
    span = work.span or SourceSpan("<corpus>", 1)
    line = work.item.raw.split("\n", 1)[0] if work.item is not None else ""
    return Diagnostic(code, message, span, Severity.WARNING, line)


def _variants(works: list[Work], canonical: set[tuple[str, str, str, bool]]) -> list[Diagnostic]:
    """One warning per pair of spellings that look like one person and are not aliased."""
    by_family: dict[str, dict[tuple[str, str, str, bool], tuple[Creator, Work]]] = defaultdict(dict)
    for work in works:
        for creator in work.authors:
            if not creator.organization:
                by_family[_fold(creator.family)].setdefault(name_key(creator), (creator, work))
    found: list[Diagnostic] = []
    for family in sorted(by_family):
        spellings = sorted(by_family[family].items())
        # A swapped spelling is filed under the other's given name: compare it once, from
        # the family name that sorts first.
        swaps = sorted(
            item
            for given in {_fold(c.given) for c, _ in by_family[family].values()}
            if given > family
            for item in by_family.get(given, {}).items()
        )
        for index, (key, (creator, work)) in enumerate(spellings):
            for other_key, (other, other_work) in [*spellings[index + 1 :], *swaps]:
                if key in canonical and other_key in canonical:
                    continue
                if same_person(creator, other):
                    found.append(
                        _at(
                            other_work,
                            Code.NAME_VARIANT,
                            f"{_shown(other)!r} (work {other_work.id!r}) and {_shown(creator)!r} "
                            f"(work {work.id!r}) may be one person; add a [[person]] entry with "
                            "one as 'name' and the other in 'aliases' to write them the same",
                        )
                    )
    return found
