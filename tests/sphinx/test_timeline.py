"""The timeline figure: bars stacked per year, integer ticks, escaped labels, same bytes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from feedcite.model import Work, YearSource
from feedcite.sphinx.timeline import _step, alt_text, legend, svg, themes_of

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


def parse(drawn: str) -> ET.Element:
    """The SVG as XML: our own output, which must be well-formed (every label escaped)."""
    return ET.fromstring(drawn)  # noqa: S314 - our own drawing, not untrusted input


def work(work_id: str, year: int | None, tags: tuple[str, ...]) -> Work:
    return Work(
        id=work_id,
        kind="paper",
        title=work_id,
        title_source="metadata",
        year=year,
        year_source=YearSource.METADATA if year else YearSource.UNKNOWN,
        tags=tags,
    )


WORKS = (
    work("a", 2020, ("soil",)),
    work("b", 2020, ("soil", "<script>")),
    work("c", 2022, ("<script>",)),
    work("d", 2022, ("other",)),
    work("e", None, ("soil",)),
)
THEMES = {"Soil & <b>roots</b>": ["soil"], "Scripts": ["<script>"]}


def test_bars_stack_per_year_with_a_link_each() -> None:
    assigned = themes_of(WORKS, THEMES)
    drawn = svg(WORKS, assigned, "Works", link=lambda year: f"bib.html#year-{year}")
    root = parse(drawn)
    links = root.findall(f"{SVG}a")
    bars = [(a.get(XLINK), a.find(f"{SVG}rect/{SVG}title").text) for a in links]  # type: ignore[union-attr]
    assert bars == [
        ("bib.html#year-2020", "2020: Soil & <b>roots</b> 2"),
        ("bib.html#year-2022", "2022: Scripts 1"),
        ("bib.html#year-2022", "2022: Other 1"),
    ]
    # The 2021 slot is there and empty; the x labels are every year of the span.
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert labels[:3] == ["Works", "works", "0"]
    assert [x for x in labels if x and x.startswith("20")] == ["2020", "2021", "2022"]
    assert "<b>" not in drawn
    assert "&lt;b&gt;" in drawn
    assert drawn == svg(WORKS, assigned, "Works", link=lambda year: f"bib.html#year-{year}")


def test_the_legend_is_drawn_only_when_asked() -> None:
    assigned = themes_of(WORKS, THEMES)
    inside = parse(svg(WORKS, assigned, "Works"))
    outside = parse(svg(WORKS, assigned, "Works", with_legend=False))
    texts = [t.text for t in inside.iter(f"{SVG}text")]
    assert texts[-3:] == ["Scripts (1)", "Soil & <b>roots</b> (2)", "Other (1)"]  # "Other" last
    assert int(inside.get("width", "0")) > int(outside.get("width", "0")) == 800
    assert outside.findall(f"{SVG}a") == []
    assert legend(WORKS, assigned)[1] == ("Soil & <b>roots</b>", "#dd8452", 2)


def test_no_year_at_all_still_draws_axes() -> None:
    undated = (work("x", None, ("soil",)),)
    root = parse(svg(undated, themes_of(undated, None), "Works"))
    assert root.findall(f"{SVG}rect") == []
    assert alt_text(undated, themes_of(undated, None)).endswith("no work has a known year.")


@pytest.mark.parametrize(
    ("top", "step"), [(1, 1), (5, 1), (6, 2), (10, 2), (11, 5), (25, 5), (26, 10), (999, 200)]
)
def test_ticks_are_one_two_or_five_times_a_power_of_ten(top: int, step: int) -> None:
    assert _step(top) == step
    assert top / step <= 5
