"""Recovering tables whose cells were flattened with no separator.

Some captures lose a table's cell borders: ``BayStateReady`` is the header
*Bay | State | Ready*, and ``Bay 2Cooking since March (hot)Not before June`` is a row of
three cells. A cell boundary leaves a mark: the next cell
starts with a capital letter glued to the end of the previous cell, with no space (after
a letter, digit or bracket, or after signs that end a name: ``C++No``, ``C#Yes``), or,
where there are too few of those, with a number glued to a word (``Kenya2008Low``) or
after a per cent sign (``7%3%``).

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
import math

__all__ = [
    "cut_points",
    "looks_like_header",
    "split_header",
    "split_row",
    "split_row_with_doubt",
    "split_rows",
]

_WORD = 2.0
"""A capitalised word glued to a lowercase letter, digit or bracket: ``hotNot``, ``2Cooking``."""
_ACRONYM = 1.5
"""An acronym glued to a lowercase letter: ``domainAI``."""
_WEAK = 1.0
"""A capitalised word glued to an acronym: ``AIResearch``."""
_NUMBER_AFTER_CAPITAL = 0.5
"""A number glued to a capital: ``CRNN84%`` (but ``GPT4``): only where no other cut will do."""
_NO_CUT_BEFORE = frozenset("-/'’([{&+_.@#")
_HEADER_MAX = 100
#: A row whose candidate boundaries would take more steps than this to choose from (their
#: number squared, times the cuts to choose) is no table row: it is kept as a paragraph.
_MAX_WORK = 200_000
#: Most choices the search looks at in one row (the bound makes it far fewer in practice).
_MAX_NODES = 100_000


def cut_points(
    text: str, *, numbers: bool = False, after_capitals: bool = False
) -> list[tuple[int, float]]:
    """Candidate cell boundaries of a flattened row: ``(offset, strength)`` pairs.

    With ``numbers``, a number glued to a lowercase letter or after a per cent sign is a
    boundary too (``Kenya2008``, ``headed7%3%``), as strong as an acronym's. With
    ``after_capitals`` as well, so is a percentage glued to a capital (``CRNN84%``), the
    weakest boundary (a name's digits, ``GPT4``, ``H100``, are no cell).
    """
    cuts: list[tuple[int, float]] = []
    for i in range(1, len(text)):
        current, previous = text[i], text[i - 1]
        if numbers and current.isdecimal() and (previous.islower() or previous == "%"):
            cuts.append((i, _ACRONYM))
            continue
        if after_capitals and current.isdecimal() and previous.isupper() and _percent(text, i):
            cuts.append((i, _NUMBER_AFTER_CAPITAL))
            continue
        if not current.isupper() or previous.isspace():
            continue
        if previous in _NO_CUT_BEFORE and not _ends_a_cell(text, i):
            continue
        following = text[i + 1] if i + 1 < len(text) else ""
        if previous.isupper():
            # Inside an acronym (CBRN) unless a capitalised word starts here (AIResearch).
            if following.islower():
                cuts.append((i, _WEAK))
            continue
        cuts.append((i, _WORD if following.islower() else _ACRONYM))
    return cuts


def _percent(text: str, i: int) -> bool:
    """Whether the number starting at offset ``i`` is a percentage (``84%``, ``4.2%``)."""
    j = i
    while j < len(text) and (text[j].isdecimal() or text[j] in ".,"):
        j += 1
    return j < len(text) and text[j] == "%"


def _ends_a_cell(text: str, i: int) -> bool:
    """Whether the signs before offset ``i`` end a word, so the capital there starts a cell.

    A run of ``+`` or ``#`` after a letter or digit ends a name (``C++No``, ``C#Yes``,
    ``F#Yes``, ``A+Grade``), and so does a full stop after a word of lowercase letters
    (``etc.Yes``). A full stop after a capital or a single letter is inside an
    abbreviation (``U.S.Army``, ``e.g.Paris``, ``ASP.NET``) and a sign after a space or
    at the start (``#Tag``, ``.NET``) begins a word: no boundary.
    """
    if text[i - 1] == ".":
        return i >= 3 and text[i - 2].islower() and text[i - 3].islower()
    if text[i - 1] not in "+#":
        return False
    start = i - 1  # the first sign of the run (each run is walked once, by the capital after it)
    while start > 0 and text[start - 1] in "+#":
        start -= 1
    return start > 0 and text[start - 1].isalnum()


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

    The best split has the largest sum of strengths, then the shortest longest cell, then
    the earliest cuts. Every split of the largest sum keeps the boundaries stronger than the
    weakest one it needs and chooses the rest among the equally weak ones, so only those
    choices are searched, in order, with the shortest longest cell any completion can still
    reach as a bound (computed once per row): polynomial work, however many candidates.
    """
    if cells <= 1:
        return [text.strip()], None
    candidates = cut_points(text)
    need = cells - 1
    if len(candidates) < need:
        # Too few capitals to cut at: cells that are numbers (``Kenya2008Low``) are glued
        # to the cell before them without one.
        candidates = cut_points(text, numbers=True)
    if len(candidates) < need:
        # Still too few: a number glued to an acronym starts a cell (``CRNN84%55%``).
        candidates = cut_points(text, numbers=True, after_capitals=True)
    if len(candidates) < need:
        return None
    weakest = sorted((strength for _, strength in candidates), reverse=True)[need - 1]
    pool = [(offset, strength > weakest) for offset, strength in candidates if strength >= weakest]
    free = need - sum(1 for _, forced in pool if forced)
    if len(pool) ** 2 * (free + 1) > _MAX_WORK:
        return None
    found = _two_shortest(pool, free, len(text))
    best = [text[a:b].strip() for a, b in itertools.pairwise(_offsets(pool, found[0], text))]
    if any(not cell for cell in best):
        return None
    runner_up = None
    if len(found) > 1:
        runner_up = [
            text[a:b].strip() for a, b in itertools.pairwise(_offsets(pool, found[1], text))
        ]
    return best, runner_up


def _offsets(pool: list[tuple[int, bool]], chosen: tuple[int, ...], text: str) -> list[int]:
    return [0, *(pool[q][0] for q in chosen), len(text)]


def _two_shortest(pool: list[tuple[int, bool]], free: int, length: int) -> list[tuple[int, ...]]:
    """The two best choices of cuts from ``pool`` (offset, forced).

    A choice takes every forced cut and ``free`` others; choices are ranked by their
    longest cell, then by the earliest cuts.

    ``bound[(q, r)]`` is the shortest longest cell from cut ``q`` to the end when ``r`` more
    optional cuts are to be chosen; the depth-first search in order of cuts skips every
    choice that cannot beat the second best found so far.
    """
    inf = length + 1
    size = len(pool)
    # The first forced cut after each position: no choice may skip it.
    next_forced = [size] * (size + 1)
    for q in range(size - 1, -1, -1):
        next_forced[q] = q if pool[q][1] else next_forced[q + 1]

    def options(q: int) -> range:
        """Cuts that may follow cut ``q`` (-1: the start of the row)."""
        return range(q + 1, min(size - 1, next_forced[q + 1]) + 1)

    bound: dict[tuple[int, int], int] = {}
    for q in range(size - 1, -2, -1):
        start = pool[q][0] if q >= 0 else 0
        for r in range(free + 1):
            best = length - start if r == 0 and next_forced[q + 1] == size else inf
            for nxt in options(q):
                rest = r - (not pool[nxt][1])
                if rest < 0:
                    continue
                after = bound.get((nxt, rest), inf)
                best = min(best, max(pool[nxt][0] - start, after))
            bound[(q, r)] = best

    found: list[tuple[int, tuple[int, ...]]] = []
    visited = [0]

    def search(q: int, r: int, longest: int, chosen: tuple[int, ...]) -> None:
        limit = found[1][0] if len(found) == 2 else inf
        if max(longest, bound[(q, r)]) >= limit or visited[0] > _MAX_NODES:
            return  # later choices come later in order: they must be strictly better
        visited[0] += 1
        start = pool[q][0] if q >= 0 else 0
        if r == 0 and next_forced[q + 1] == size:
            found.append((max(longest, length - start), chosen))
            found.sort()
            del found[2:]
        for nxt in options(q):
            rest = r - (not pool[nxt][1])
            if rest >= 0:
                search(nxt, rest, max(longest, pool[nxt][0] - start), (*chosen, nxt))

    search(-1, free, 0, ())
    return [chosen for _, chosen in found]


def split_header(text: str) -> list[str]:
    """Split a flattened header at every candidate boundary (headers have no sentences)."""
    offsets = [0, *(o for o, _ in cut_points(text)), len(text)]
    return [text[a:b].strip() for a, b in itertools.pairwise(offsets) if text[a:b].strip()]


#: Most splits of one row compared with the column types (else the row keeps its split).
_MAX_READINGS = 2_000
_NUMBER_CHARS = frozenset("0123456789.,%")


def split_rows(rows: list[str], cells: int) -> list[tuple[list[str], list[str] | None] | None]:
    """Split every row of a table, letting the columns decide what one row cannot.

    Each row is first split by :func:`split_row_with_doubt`. A row's other readings of the
    same strength come from the candidate boundaries with numbers too (``Court1980``) and
    with a digit glued after a capital that follows a digit (``R164S32``: the capital
    ends a mutation, *R164S | 32*, or starts the next cell, *R164 | S32*). Each cell has a
    shape: a number, text that starts with a letter, or other text. A column's shape is the
    one all cells of the rows with a single reading share; a row's reading that matches
    more column shapes than its split replaces it; among readings of as many shapes, one
    with more cells that are values their column holds in those rows (``No``, ``Yes``)
    does, so ``WebAssemblyNoNoYes`` is *WebAssembly | No | No | Yes*, not *Web | Assembly |
    No | NoYes*. Where a capital between two numbers still can go either way, the other
    reading is the runner-up (a warning).
    """
    first = [split_row_with_doubt(row, cells) for row in rows]
    readings = [
        _readings(row, cells) if found else [] for row, found in zip(rows, first, strict=True)
    ]
    # Only rows with a single reading teach the columns; the rows re-read below have two or
    # more, so they are never among them and one pass over the table serves every row.
    settled = [r[0] for r in readings if len(r) == 1]
    shapes = _column_shapes(settled, cells)
    values = [{row[column] for row in settled} for column in range(cells)]
    result: list[tuple[list[str], list[str] | None] | None] = []
    for k, found in enumerate(first):
        if found is None or len(readings[k]) < 2:
            result.append(found)
            continue
        best, runner_up = found
        score = _fit(best, shapes, values)
        top = max(readings[k], key=lambda cells_: _fit(cells_, shapes, values))
        if _fit(top, shapes, values) > score:
            best, score = top, _fit(top, shapes, values)
            runner_up = None
        if runner_up is None:
            runner_up = next(
                (
                    r
                    for r in readings[k]
                    if r != best and _fit(r, shapes, values) == score and _across_a_capital(best, r)
                ),
                None,
            )
        result.append((best, runner_up))
    return result


def _readings(row: str, cells: int) -> list[list[str]]:
    """The splits of ``row`` at boundaries of the largest sum of strengths (with numbers)."""
    candidates = cut_points(row, numbers=True)
    for i in range(2, len(row)):
        if row[i].isdecimal() and row[i - 1].isupper() and row[i - 2].isdecimal():
            candidates.append((i, _ACRONYM))
    candidates.sort()
    need = cells - 1
    if len(candidates) < need or math.comb(len(candidates), need) > _MAX_READINGS:
        return []
    best_sum = -1.0
    found: list[list[str]] = []
    for chosen in itertools.combinations(candidates, need):
        total = sum(strength for _, strength in chosen)
        offsets = [0, *(o for o, _ in chosen), len(row)]
        split = [row[a:b].strip() for a, b in itertools.pairwise(offsets)]
        if any(not cell for cell in split) or total < best_sum:
            continue
        if total > best_sum:
            best_sum, found = total, []
        found.append(split)
    return found


def _shape(cell: str) -> str:
    if cell[0].isdecimal() and all(c in _NUMBER_CHARS for c in cell):
        return "number"
    return "letter" if cell[0].isalpha() else "other"


def _column_shapes(rows: list[list[str]], cells: int) -> list[str | None]:
    shapes: list[str | None] = []
    for column in range(cells):
        seen = {_shape(row[column]) for row in rows}
        shapes.append(seen.pop() if len(seen) == 1 else None)
    return shapes


def _fit(cells: list[str], shapes: list[str | None], values: list[set[str]]) -> tuple[int, int]:
    """How well a reading fits the columns, best first compared.

    The cells of their column's shape, then the cells that are a value their column holds
    in another row (``No``, ``Yes``).
    """
    return (
        sum(1 for cell, shape in zip(cells, shapes, strict=True) if _shape(cell) == shape),
        sum(1 for cell, seen in zip(cells, values, strict=True) if cell in seen),
    )


def _across_a_capital(one: list[str], other: list[str]) -> bool:
    """Whether two readings differ only by one capital going to the next cell."""
    differ = [i for i, (x, y) in enumerate(zip(one, other, strict=True)) if x != y]
    if len(differ) != 2 or differ[1] != differ[0] + 1:
        return False
    a, b = one[differ[0]], one[differ[1]]
    c, d = other[differ[0]], other[differ[1]]
    moved = a[len(c) :] if len(a) > len(c) else c[len(a) :]
    return a + b == c + d and len(moved) == 1 and moved.isupper()
