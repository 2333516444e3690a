"""The home page's timeline: works per year, coloured by theme (a deterministic SVG).

Each work counts in the year it is cited with (:func:`~feedcite.sphinx.site.cited_year`),
as the bibliography groups it. Themes are the corpus configuration's ``[corpus.themes]``
(a theme name and the tags that put a work in it, first match wins); without themes, each
of the five most common tags is a theme. Works that match no theme are "Other". The SVG is
drawn by matplotlib with a fixed hash salt and no date, so the same corpus gives the same bytes.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from feedcite.model import Work
from feedcite.sphinx.site import cited_year

__all__ = ["alt_text", "legend", "svg", "themes_of"]

_COLOURS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c")
_DEFAULT_THEMES = 5
_INK = "#777777"  # legible on white and on furo's dark background


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
    return [(name, _COLOURS[i % len(_COLOURS)], sum(counts[name])) for i, name in enumerate(names)]


def svg(
    works: Sequence[Work],
    assigned: Mapping[str, str],
    title: str,
    *,
    link: Callable[[int], str] | None = None,
    with_legend: bool = True,
) -> str:
    """The timeline as SVG text, drawn by matplotlib (stacked bars per year).

    Args:
        works: The works.
        assigned: Work id -> theme (see :func:`themes_of`).
        title: The figure's title.
        link: The URL each bar of a year links to, if any.
        with_legend: Draw the legend inside the figure (a page can show :func:`legend` as
            text instead, which stays legible at any width).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    span, names, counts = _counts(works, assigned)
    style = {
        "svg.hashsalt": "feedcite",  # stable ids in the SVG
        "svg.fonttype": "none",  # text stays text: searchable and small
        "text.color": _INK,
        "axes.labelcolor": _INK,
        "axes.edgecolor": _INK,
        "xtick.color": _INK,
        "ytick.color": _INK,
    }
    with matplotlib.rc_context(style):
        figure, axes = plt.subplots(figsize=(8, 3.2), dpi=100)
        try:
            figure.patch.set_alpha(0)  # transparent: reads on furo's light and dark themes
            axes.patch.set_alpha(0)
            bottom = [0] * len(span)
            for index, name in enumerate(names):
                bars = axes.bar(
                    span,
                    counts[name],
                    bottom=bottom,
                    color=_COLOURS[index % len(_COLOURS)],
                    label=f"{name} ({sum(counts[name])})",
                    width=0.8,
                )
                if link is not None:
                    for year, bar, count in zip(span, bars, counts[name], strict=True):
                        if count:
                            bar.set_url(link(year))
                bottom = [b + c for b, c in zip(bottom, counts[name], strict=True)]
            axes.set_title(title, fontsize=11)
            axes.set_ylabel("works")
            axes.set_xticks(span)
            axes.set_xticklabels([str(y) for y in span], rotation=45, fontsize=8)
            axes.yaxis.get_major_locator().set_params(integer=True)
            axes.spines[["top", "right"]].set_visible(False)
            if with_legend:
                axes.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
            figure.tight_layout()
            buffer = io.StringIO()
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(figure)
    # Links open in the same window (matplotlib makes them open a new one).
    return buffer.getvalue().replace(' target="_blank"', "")
