"""Recovering tables whose cells were flattened with no separator.

Some captures lose a table's cell borders: ``BayStateReady`` is the header
*Bay | State | Ready*, and ``Bay 2Cooking since March (hot)Not before June`` is a row of
three cells. A cell boundary leaves a mark: the next cell
starts with a capital letter glued to the end of the previous cell, with no space.

:func:`cut_points` lists those candidate boundaries with a strength (a capitalised word
glued to a lowercase letter, digit or bracket is strongest; an acronym glued to a
lowercase letter, as in ``domainAI``, is weaker; a capitalised word glued to an acronym,
as in ``AIResearch``, weaker still; capitals inside an acronym such as ``CBRN`` are no
boundary). :func:`split_row` then chooses exactly ``n - 1`` of them,
where ``n`` is the header's cell count, preferring strong cuts and, among equals, cells
of balanced length; a row with too few candidates cannot be recovered.
"""

from __future__ import annotations

import itertools

__all__ = [
    "cut_points",
    "looks_like_header",
    "split_header",
    "split_row",
    "split_row_with_doubt",
]

_WORD = 2.0
"""A capitalised word glued to a lowercase letter, digit or bracket: ``hotNot``, ``2Cooking``."""
_ACRONYM = 1.5
"""An acronym glued to a lowercase letter: ``domainAI``."""
_WEAK = 1.0
"""A capitalised word glued to an acronym: ``AIResearch``."""
_NO_CUT_BEFORE = frozenset("-/'’([{&+_.@#")
_MAX_COMBINATIONS = 20_000
_HEADER_MAX = 100


def cut_points(text: str) -> list[tuple[int, float]]:
    """Candidate cell boundaries of a flattened row: ``(offset, strength)`` pairs."""
    cuts: list[tuple[int, float]] = []
    for i in range(1, len(text)):
        current, previous = text[i], text[i - 1]
        if not current.isupper() or previous.isspace() or previous in _NO_CUT_BEFORE:
            continue
        following = text[i + 1] if i + 1 < len(text) else ""
        if previous.isupper():
            # Inside an acronym (CBRN) unless a capitalised word starts here (AIResearch).
            if following.islower():
                cuts.append((i, _WEAK))
            continue
        cuts.append((i, _WORD if following.islower() else _ACRONYM))
    return cuts


def looks_like_header(line: str) -> bool:
    """Whether ``line`` reads as a flattened header: short, capitalised cells, no sentence."""
    stripped = line.strip()
    if not stripped or len(stripped) > _HEADER_MAX or stripped[-1] in ".:;,!?":
        return False
    if not stripped[0].isupper():
        return False
    return any(strength == _WORD for _, strength in cut_points(stripped))


def split_row(text: str, cells: int) -> list[str] | None:
    """Split a flattened row into exactly ``cells`` cells, or ``None`` if it cannot be done."""
    found = split_row_with_doubt(text, cells)
    return found[0] if found is not None else None


def split_row_with_doubt(text: str, cells: int) -> tuple[list[str], list[str] | None] | None:
    """Like :func:`split_row`, with the runner-up split when it is as strong as the best.

    The runner-up is returned only when the two splits cut at equally strong boundaries
    and the choice between them rests on cell lengths alone: a guess worth a warning.
    """
    if cells <= 1:
        return [text.strip()], None
    candidates = cut_points(text)
    need = cells - 1
    if len(candidates) < need:
        return None
    ranked: list[tuple[tuple[float, float], tuple[int, ...]]] = []
    combinations = itertools.combinations(candidates, need)
    for chosen in itertools.islice(combinations, _MAX_COMBINATIONS):
        offsets = (0, *(o for o, _ in chosen), len(text))
        lengths = [b - a for a, b in itertools.pairwise(offsets)]
        score = (sum(s for _, s in chosen), -max(lengths) / len(text))
        ranked.append((score, offsets))
        ranked.sort(key=lambda entry: entry[0], reverse=True)
        del ranked[2:]
    best = [text[a:b].strip() for a, b in itertools.pairwise(ranked[0][1])]
    if any(not p for p in best):
        return None
    runner_up = None
    if len(ranked) > 1 and ranked[1][0][0] == ranked[0][0][0]:
        runner_up = [text[a:b].strip() for a, b in itertools.pairwise(ranked[1][1])]
    return best, runner_up


def split_header(text: str) -> list[str]:
    """Split a flattened header at every candidate boundary (headers have no sentences)."""
    offsets = [0, *(o for o, _ in cut_points(text)), len(text)]
    return [text[a:b].strip() for a, b in itertools.pairwise(offsets) if text[a:b].strip()]
