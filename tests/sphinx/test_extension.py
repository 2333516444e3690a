"""The feedcite.sphinx extension, built on small test projects (no warnings allowed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.sphinx


def html(app: SphinxTestApp, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


def warnings(app: SphinxTestApp) -> str:
    return app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_builds_without_warnings(app: SphinxTestApp) -> None:
    app.build()
    assert warnings(app) == ""
    generated = Path(app.srcdir) / "generated"
    assert sorted(p.name for p in (generated / "works").iterdir()) == [
        "blog-jan-30-tomatoes-planted-deep.md",
        "garden-hour-12.md",
        "three-bay-composting.md",
    ]
    assert len(list((generated / "chapters" / "garden-hour-12-transcript").iterdir())) == 6


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_stubs_hold_identifiers_only(app: SphinxTestApp) -> None:
    app.build()
    stub = (Path(app.srcdir) / "generated/works/three-bay-composting.md").read_text(
        encoding="utf-8"
    )
    assert stub.splitlines()[-2:] == ["```{feedcite:work} three-bay-composting", "```"]
    assert "Composting" not in stub


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_bibliography_entries_with_annotations_and_stable_anchors(app: SphinxTestApp) -> None:
    app.build()
    page = html(app, "bibliography.html")
    entries = page.select("div.feedcite-entry")
    assert [e.select_one(".feedcite-entry-title").get_text() for e in entries] == [
        "The Garden Hour #12: Growing Food in Small Spaces with Maria Lopez",
        "Three-Bay Composting in Market Gardens",
        "Tomatoes planted deep grow roots along the buried stem",
    ]
    composting = entries[1]
    assert composting.select_one("#cite-lopez2023threebay") is not None
    assert (
        "Weekly turning raises compost temperature"
        in composting.select_one("blockquote").get_text()
    )
    assert [a.get_text() for a in composting.select("a .feedcite-tag, .feedcite-tag")][:3] == [
        "composting",
        "weed-control",
        "market-gardens",
    ]
    assert composting.find("a", href="https://doi.org/10.1234/compost.2023.1") is not None
    headings = [h.get_text().strip("¶ ") for h in page.select("section.feedcite-year > h2")]
    assert headings == ["2024", "2023"]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_chapter_pages_link_terms_cite_works_and_neighbours(app: SphinxTestApp) -> None:
    app.build()
    page = html(app, "generated/chapters/garden-hour-12-transcript/02.html")
    assert page.select_one("h1").get_text().startswith("1:33 Composting")
    first = page.select("p.feedcite-paragraph")[0]
    assert first.get_text().startswith("≈1:33 So feeding that life brings us to composting.")
    time_link = first.select_one("a.feedcite-time")
    assert time_link["href"] == "https://www.youtube.com/watch?v=abcdefghijk&t=93s"
    terms = [a for a in page.select("a") if "term-compost" in a.get("href", "")]
    assert terms
    notes = [a.get_text() for a in page.select("a") if "garden-hour-12-notes" in a.get("href", "")]
    assert "Notes § Composting" in notes
    neighbours = page.select_one("p.feedcite-neighbours").get_text()
    assert neighbours == "Previous: Soil health · Next: Tomatoes"


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_generated_bibfile_is_listed_for_sphinxcontrib_bibtex(app: SphinxTestApp) -> None:
    # conf.py of this project does not list it; the extension adds it once.
    assert app.config.bibtex_bibfiles == ["generated/feedcite.bib"]


@pytest.mark.sphinx("html", testroot="hostile", freshenv=True)
def test_a_listed_bibfile_is_not_added_twice(app: SphinxTestApp) -> None:
    # conf.py of this project lists it already.
    assert app.config.bibtex_bibfiles == ["generated/feedcite.bib"]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_captured_text_is_not_smart_quoted(app: SphinxTestApp) -> None:
    app.build()
    home = html(app, "index.html").get_text()
    assert "This page’s own prose gets “smart” quotes." in home  # smart quotes are on
    chapter = html(app, "generated/chapters/garden-hour-12-transcript/01.html").get_text()
    assert "Maria, let's start with soil health." in chapter  # as captured
    assert "let’s" not in chapter


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_glossary_terms_and_backlinks(app: SphinxTestApp) -> None:
    app.build()
    page = html(app, "glossary.html")
    terms = [dt.get_text().strip("¶ ") for dt in page.select("dl.glossary > dt")]
    assert terms == ["compost", "Green manure"]
    index = html(app, "index.html")
    links = {a.get_text(): a["href"] for a in index.select("a.reference.internal")}
    assert links["compost"].startswith("glossary.html#term-compost")
    assert links["cover crop"].startswith("glossary.html#term-Green-manure")
    used = page.select("dl.glossary dd")[0].get_text()
    assert "Used in" in used


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_notes_table_flags_and_chapter_links(app: SphinxTestApp) -> None:
    app.build()
    page = html(app, "generated/documents/garden-hour-12-notes.html")
    table = page.select_one("table.feedcite-table")
    rows = [[c.get_text().strip() for c in tr.select("th, td")] for tr in table.select("tr")]
    assert rows == [
        ["Bay", "State", "Ready"],
        ["One", "Filling", "No"],
        ["Two", "Cooking", "No"],
        ["Three", "Finished", "Yes"],
    ]
    flag = page.select_one("abbr.feedcite-flag")
    assert (flag.get_text(), flag["title"]) == ("[?]", "uncertain")
    chapter_links = [a.get_text() for a in page.select("p.feedcite-chapter-refs a")]
    assert chapter_links == ["§ Soil health", "§ Composting"]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_episode_page_and_structured_data(app: SphinxTestApp) -> None:
    app.build()
    page = html(app, "generated/episodes/garden-hour-12.html")
    rows = page.select("table.feedcite-chapters tbody tr")
    assert len(rows) == 6
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "PodcastEpisode"
    assert [c["name"] for c in data["hasPart"]][:2] == ["Introduction", "Soil health"]
    work = html(app, "generated/works/three-bay-composting.html")
    article = json.loads(work.select_one('script[type="application/ld+json"]').string)
    assert article["@type"] == "ScholarlyArticle"
    assert article["sameAs"] == ["https://doi.org/10.1234/compost.2023.1"]
    assert (
        work.select_one("div.feedcite-bibtex pre").get_text().startswith("@misc{lopez2023threebay,")
    )


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_timeline_figure_has_alt_text(app: SphinxTestApp) -> None:
    app.build()
    image = html(app, "index.html").select_one("img.feedcite-timeline")
    assert image["alt"].startswith("Bar chart of works per year from 2023 to 2024")
    assert (Path(app.outdir) / "_images" / "timeline.svg").is_file()


@pytest.mark.sphinx("html", testroot="basic", freshenv=True, parallel=2)
def test_parallel_build_matches_serial(app: SphinxTestApp, tmp_path: Path) -> None:
    app.build()
    assert warnings(app) == ""
    parallel = (Path(app.outdir) / "bibliography.html").read_text(encoding="utf-8")
    app.cleanup()
    serial_app = SphinxTestApp(
        "html", srcdir=Path(app.srcdir), builddir=tmp_path / "serial", freshenv=True
    )
    try:
        serial_app.build()
        serial = (tmp_path / "serial" / "html" / "bibliography.html").read_text(encoding="utf-8")
    finally:
        serial_app.cleanup()
    assert parallel == serial


def rebuild(app: SphinxTestApp) -> tuple[list[str], str]:
    """Build again in a new Sphinx run on the same folders; the pages read and the warnings."""
    app.cleanup()
    again = SphinxTestApp("html", srcdir=Path(app.srcdir), builddir=Path(app.outdir).parent)
    read: list[str] = []
    again.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    try:
        again.build()
        return sorted(read), again.warning.getvalue()
    finally:
        again.cleanup()


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_editing_a_capture_rebuilds_the_pages_that_show_it(app: SphinxTestApp) -> None:
    app.build()
    capture = Path(app.srcdir) / "refs/captures/garden-hour-12-transcript.txt"
    text = capture.read_text(encoding="utf-8").replace(
        "Healthy soil is alive.", "Healthy soil is teeming."
    )
    capture.write_text(text, encoding="utf-8")
    read, warned = rebuild(app)
    assert warned == ""
    page = (Path(app.outdir) / "generated/chapters/garden-hour-12-transcript/01.html").read_text(
        encoding="utf-8"
    )
    assert "Healthy soil is teeming." in page
    assert "Healthy soil is alive." not in page
    assert "generated/chapters/garden-hour-12-transcript/01" in read
    assert "tags" in read  # every page built from the corpus depends on every input
    assert "episodes" in read


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_a_rebuild_without_changes_reads_nothing(app: SphinxTestApp) -> None:
    app.build()
    read, warned = rebuild(app)
    assert read == []
    assert warned == ""


@pytest.mark.sphinx("html", testroot="hostile", freshenv=True)
def test_a_rebuild_without_changes_reports_the_input_errors_again(app: SphinxTestApp) -> None:
    app.build()
    first = [line for line in warnings(app).splitlines() if "feedcite:" in line]
    assert any("meta-value" in line for line in first)  # the hostile corpus has an input error
    read, warned = rebuild(app)
    assert read == []  # nothing read again, and the corpus not parsed ...
    # ... but a second build with -W fails exactly like the first.
    assert [line for line in warned.splitlines() if "feedcite:" in line] == first


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_previews_script_is_written(app: SphinxTestApp) -> None:
    app.build()
    script = (Path(app.outdir) / "_static/feedcite-previews.js").read_text(encoding="utf-8")
    data = json.loads(re.sub(r"^window.FEEDCITE_PREVIEWS = |;\n$", "", script))
    assert data["term-compost"]["title"] == "compost"
    assert data["term-Green-manure"]["title"] == "Green manure"
    assert data["cite-lopez2023threebay"]["text"].startswith("“Weekly turning")


@pytest.mark.sphinx("html", testroot="hostile", freshenv=True)
def test_hostile_corpus_arrives_as_text(app: SphinxTestApp) -> None:
    app.build()
    output = Path(app.outdir)
    pages = {p: p.read_text(encoding="utf-8") for p in output.rglob("*.html")}
    everything = "\n".join(pages.values())
    # No script, image, iframe or link from the corpus became markup ...
    for injected in (
        "alert(1)",
        'alert("title")',
        'alert("notes")',
        "alert(3)",
        'alert("term")',
        "alert('g')",
    ):
        assert f"<script>{injected}" not in everything
    assert "<img src=x" not in everything
    assert "<iframe" not in everything
    assert 'href="javascript:' not in everything.lower()
    assert "root:x:0:0" not in everything  # no file was included
    # ... it is shown as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everything
    assert "```{include} /etc/passwd```" in everything
    assert "&lt;b&gt;bold&lt;/b&gt;" in everything
    # The raw directive of a hand-written page is refused too.
    assert 'alert("raw")' not in everything
    assert '"raw" directive disabled' in warnings(app)
    # The javascript: URL of the metadata is an input error, reported, and never linked.
    assert "meta-value" in warnings(app)
    bib = (Path(app.srcdir) / "generated/feedcite.bib").read_text(encoding="utf-8")
    assert "\\textbackslash{}input" in bib
    assert "\\input{" not in bib
