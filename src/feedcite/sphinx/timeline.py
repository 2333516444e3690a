"""The home page's timeline: works per year, coloured by theme (a deterministic SVG).

Themes are the corpus configuration's ``[corpus.themes]`` (a theme name and the tags
that put a work in it, first match wins); without themes, each of the five most common
tags is a theme. Works that match no theme are "Other". The SVG is drawn by hand, with
no date or random ids, so the same corpus gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping, Sequence

from feedcite.model import Work

__all__ = ["alt_text", "svg", "themes_of"]

_COLOURS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c")
_DEFAULT_THEMES = 5
_INK = "#777777"  # legible on white and on furo's dark background
_GRID = "#7777774d"


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
    years = sorted({w.year for w in works if w.year is not None})
    if not years:
        return [], [], {}
    span = list(range(years[0], years[-1] + 1))
    names = list(dict.fromkeys(assigned[w.id] for w in works if w.year is not None))
    names.sort(key=lambda n: (n == "Other", n))
    counts = {n: [0] * len(span) for n in names}
    for work in works:
        if work.year is not None:
            counts[assigned[work.id]][span.index(work.year)] += 1
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


def svg(works: Sequence[Work], assigned: Mapping[str, str], title: str) -> str:
    """The timeline as SVG text: stacked bars per year, a year axis and a legend.

    The drawing is built with :mod:`xml.etree.ElementTree`, so theme names and the
    title are escaped as text; the colours are mid-tones that read on light and dark
    pages alike (the image is shown with ``<img>``, where page CSS cannot reach).
    """
    span, names, counts = _counts(works, assigned)
    totals = [sum(counts[n][i] for n in names) for i in range(len(span))]
    peak = max(totals, default=0) or 1
    step = max(1, -(-peak // 5))  # about five gridlines
    top = -(-peak // step) * step
    left, right, head, foot = 40, 12, 30, 44
    bar, gap = 26, 8
    labels = [f"{name} ({sum(counts[name])})" for name in names]
    legend_width = 30 + 7 * max((len(label) for label in labels), default=0)  # ~7px a character
    plot_width = max(len(span), 1) * (bar + gap)
    plot_height = 180
    width = left + plot_width + right + legend_width
    height = max(head + plot_height + foot, head + 16 * len(names) + 10)
    root = ET.Element(
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        width=str(width),
        height=str(height),
        viewBox=f"0 0 {width} {height}",
        role="img",
        fontFamily="sans-serif",
        fontSize="11",
    )
    root.set("font-family", root.attrib.pop("fontFamily"))
    root.set("font-size", root.attrib.pop("fontSize"))
    ET.SubElement(root, "title").text = title
    heading = ET.SubElement(root, "text", x=str(left), y="18", fill=_INK, style="font-weight:bold")
    heading.text = title

    def y_of(value: float) -> float:
        return head + plot_height - value * plot_height / top

    for value in range(0, top + 1, step):
        y = f"{y_of(value):.1f}"
        ET.SubElement(
            root,
            "line",
            x1=str(left),
            x2=str(left + plot_width),
            y1=y,
            y2=y,
            stroke=_GRID,
            attrib={"stroke-width": "1"},
        )
        label = ET.SubElement(
            root,
            "text",
            x=str(left - 6),
            y=y,
            fill=_INK,
            attrib={"text-anchor": "end", "dominant-baseline": "middle"},
        )
        label.text = str(value)
    for i, year in enumerate(span):
        x = left + i * (bar + gap) + gap / 2
        base = 0
        for index, name in enumerate(names):
            count = counts[name][i]
            if not count:
                continue
            rect = ET.SubElement(
                root,
                "rect",
                x=f"{x:.1f}",
                y=f"{y_of(base + count):.1f}",
                width=str(bar),
                height=f"{count * plot_height / top:.1f}",
                fill=_COLOURS[index % len(_COLOURS)],
            )
            ET.SubElement(rect, "title").text = f"{year}: {count} {name}"
            base += count
        cx, cy = x + bar / 2, head + plot_height + 10
        tick = ET.SubElement(
            root,
            "text",
            x=f"{cx:.1f}",
            y=f"{cy:.1f}",
            fill=_INK,
            transform=f"rotate(45 {cx:.1f} {cy:.1f})",
            attrib={"font-size": "9"},
        )
        tick.text = str(year)
    legend_x = left + plot_width + right + 8
    for index, legend in enumerate(labels):
        row = head + 4 + index * 16
        ET.SubElement(
            root,
            "rect",
            x=str(legend_x),
            y=str(row),
            width="10",
            height="10",
            fill=_COLOURS[index % len(_COLOURS)],
        )
        entry = ET.SubElement(root, "text", x=str(legend_x + 15), y=str(row + 9), fill=_INK)
        entry.text = legend
    ET.indent(root)
    return ET.tostring(root, encoding="unicode") + "\n"
