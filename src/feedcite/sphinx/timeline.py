"""The home page's timeline: works per year, coloured by theme (a deterministic SVG).

Each work counts in the year it is cited with (:func:`~feedcite.sphinx.site.cited_year`),
as the bibliography groups it. Themes are the corpus configuration's ``[corpus.themes]``
(a theme name and the tags that put a work in it, first match wins); without themes, each
of the five most common tags is a theme. Works that match no theme are "Other". The SVG is
written here (a few rectangles and labels), so the same corpus gives the same bytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from html import escape

from feedcite.model import Work
from feedcite.sphinx.site import cited_year

__all__ = ["alt_text", "legend", "svg", "themes_of"]

_COLOURS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c")
_DEFAULT_THEMES = 5
_INK = "#777777"  # legible on white and on furo's dark background
_CHAR_WIDTH = 0.6  # a sans-serif character's average width, in ems, for the legend's box
_LEGEND_FONT = 11  # px


def themes_of(works: Sequence[Work], themes: Mapping[str, Sequence[str]] | None) -> dict[str, str]:
    """Work id -> theme name."""
    if not themes:
        common = Counter(tag for w in works for tag in w.tags).most_common(_DEFAULT_THEMES)
        themes = {tag: [tag] for tag, _ in common}
    assigned: dict[str, str] = {}
    for work in works:
        tags = set(work.tags)
        assigned[work.id] = next(
            (name for name, members in themes.items() if tags & set(members)), "Other"
        )
    return assigned


def _counts(
    works: Sequence[Work], assigned: Mapping[str, str]
) -> tuple[list[int], list[str], dict[str, list[int]]]:
    years = sorted({y for w in works if (y := cited_year(w)) is not None})
    if not years:
        return [], [], {}
    span = list(range(years[0], years[-1] + 1))
    names = list(dict.fromkeys(assigned[w.id] for w in works if cited_year(w) is not None))
    names.sort(key=lambda n: (n == "Other", n))
    counts = {n: [0] * len(span) for n in names}
    for work in works:
        year = cited_year(work)
        if year is not None:
            counts[assigned[work.id]][year - span[0]] += 1
    return span, names, counts


def alt_text(works: Sequence[Work], assigned: Mapping[str, str]) -> str:
    """A text description of the figure, for screen readers."""
    span, names, counts = _counts(works, assigned)
    if not span:
        return "Timeline of works: no work has a known year."
    per_year = [
        f"{year}: {sum(counts[n][i] for n in names)}"
        for i, year in enumerate(span)
        if any(counts[n][i] for n in names)
    ]
    totals = [f"{n} {sum(counts[n])}" for n in names]
    return (
        f"Bar chart of works per year from {span[0]} to {span[-1]}, stacked by theme. "
        f"Works per year: {', '.join(per_year)}. By theme: {', '.join(totals)}."
    )


def legend(works: Sequence[Work], assigned: Mapping[str, str]) -> list[tuple[str, str, int]]:
    """``(theme, colour, works)`` for each theme, in the order the bars stack them."""
    _, names, counts = _counts(works, assigned)
    return _keys(names, counts)


def _keys(names: Sequence[str], counts: Mapping[str, list[int]]) -> list[tuple[str, str, int]]:
    return [(name, _COLOURS[i % len(_COLOURS)], sum(counts[name])) for i, name in enumerate(names)]


def _step(top: int) -> int:
    """An integer tick step (1, 2 or 5 times a power of ten) giving at most six ticks."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if top <= 5 * factor * magnitude:
                return factor * magnitude
        magnitude *= 10


def svg(
    works: Sequence[Work],
    assigned: Mapping[str, str],
    title: str,
    *,
    link: Callable[[int], str] | None = None,
    with_legend: bool = True,
) -> str:
    """The timeline as SVG text: stacked bars per year, integer ticks, one link per bar.

    Drawn here rather than by a plotting library: the figure is a few rectangles and
    labels, and importing matplotlib cost about 2.5 s on every build. Every label is
    escaped, ids are not used, and nothing depends on the date, so the same corpus gives
    the same bytes.

    Args:
        works: The works.
        assigned: Work id -> theme (see :func:`themes_of`).
        title: The figure's title.
        link: The URL each bar of a year links to, if any.
        with_legend: Draw the legend inside the figure (a page can show :func:`legend` as
            text instead, which stays legible at any width).
    """
    span, names, counts = _counts(works, assigned)
    keys = _keys(names, counts) if with_legend else []
    labels = [f"{name} ({total})" for name, _, total in keys]
    top = max((sum(counts[n][i] for n in names) for i in range(len(span))), default=0) or 1
    step = _step(top)
    ceiling = -(-top // step) * step
    legend_width = 30 + round(max(map(len, labels)) * _CHAR_WIDTH * _LEGEND_FONT) if labels else 0
    width, height = 800 + legend_width, 320
    left, right, top_margin, bottom = 50, 10 + legend_width, 34, 56
    plot_w, plot_h = width - left - right, height - top_margin - bottom
    slot = plot_w / max(len(span), 1)

    def y_of(value: float) -> float:
        return top_margin + plot_h - plot_h * value / ceiling

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="sans-serif" fill="{_INK}">',
        f'<text x="{left + plot_w / 2:.1f}" y="20" font-size="15" text-anchor="middle">'
        f"{escape(title)}</text>",
        f'<text transform="translate(14 {top_margin + plot_h / 2:.1f}) rotate(-90)" '
        'font-size="12" text-anchor="middle">works</text>',
    ]
    axis = f'stroke="{_INK}" stroke-width="1"'
    base = top_margin + plot_h
    out.append(f'<path d="M{left} {top_margin}V{base}H{left + plot_w}" fill="none" {axis}/>')
    for tick in range(0, ceiling + 1, step):
        y = y_of(tick)
        out.append(f'<path d="M{left - 4} {y:.1f}H{left}" {axis}/>')
        out.append(
            f'<text x="{left - 7}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{tick}</text>'
        )
    for i, year in enumerate(span):
        x = left + slot * i
        middle = x + slot / 2
        bottom_value = 0
        for index, name in enumerate(names):
            count = counts[name][i]
            if not count:
                continue
            y0, y1 = y_of(bottom_value + count), y_of(bottom_value)
            colour = _COLOURS[index % len(_COLOURS)]
            rect = (
                f'<rect x="{x + slot * 0.1:.1f}" y="{y0:.1f}" width="{slot * 0.8:.1f}" '
                f'height="{y1 - y0:.1f}" fill="{colour}">'
                f"<title>{year}: {escape(name)} {count}</title></rect>"
            )
            if link is not None:
                rect = f'<a xlink:href="{escape(link(year))}">{rect}</a>'
            out.append(rect)
            bottom_value += count
        out.append(f'<path d="M{middle:.1f} {base}v4" {axis}/>')
        out.append(
            f'<text transform="translate({middle + 3:.1f} {base + 10}) rotate(-45)" '
            f'font-size="10" text-anchor="end">{year}</text>'
        )
    x = width - legend_width + 10
    for index, ((_, colour, _), label) in enumerate(zip(keys, labels, strict=True)):
        y = top_margin + 6 + 16 * index
        out.append(f'<rect x="{x}" y="{y}" width="10" height="10" fill="{colour}"/>')
        out.append(
            f'<text x="{x + 15}" y="{y + 9}" font-size="{_LEGEND_FONT}">{escape(label)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"
