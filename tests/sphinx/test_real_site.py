"""The real site holds everything the bundled corpus holds: no work, chapter or term is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from feedcite.model import Corpus, Notes, Transcript
from feedcite.sphinx.render import time_label
from tests.sphinx import symmetry

pytestmark = pytest.mark.sphinx


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def text(site: Path, page: str) -> str:
    return " ".join(soup(site, page).get_text().split())


def test_every_work_is_in_the_bibliography_with_its_claim(real_site: Path, corpus: Corpus) -> None:
    page = soup(real_site, "bibliography.html")
    entries = page.select("div.feedcite-entry")
    assert len(entries) == len(corpus.works)
    anchors = {str(tag["id"]) for tag in page.select("[id]")}
    shown = " ".join(page.get_text().split())
    for work in corpus.works:
        assert f"cite-{work.citekey}" in anchors, work.id
        if work.item is not None:
            assert " ".join(work.item.claim.split()) in shown, work.id
        assert (real_site / "generated" / "works" / f"{work.id}.html").is_file()


def test_every_chapter_has_its_page_with_every_paragraph(real_site: Path, corpus: Corpus) -> None:
    (transcript,) = [d for d in corpus.documents if isinstance(d, Transcript)]
    (alignment,) = corpus.alignments
    folder = real_site / "generated" / "chapters" / "lex-fridman-452-transcript"
    pages = sorted(folder.glob("*.html"))
    assert len(pages) == len(transcript.chapters) == 40
    shown = " ".join(text(real_site, str(p.relative_to(real_site))) for p in pages)
    for chapter in transcript.chapters:
        assert f"{time_label(chapter.start_seconds)} {chapter.title}" in shown
    # Every piece of every paragraph, in order, word for word (citations and time links,
    # which the site adds, left out).
    on_pages: list[str] = []
    for path in pages:
        page = soup(real_site, str(path.relative_to(real_site)))
        for added in page.select("a.feedcite-time, span.feedcite-cite"):
            added.decompose()
        on_pages.extend(" ".join(p.get_text().split()) for p in page.select("p.feedcite-paragraph"))
    pieces = [" ".join(p.text.split()) for ch in alignment.chapters for p in ch.paragraphs]
    assert len(pieces) >= len(transcript.paragraphs)
    assert on_pages == pieces


def test_every_glossary_term_is_on_the_glossary_page(real_site: Path, corpus: Corpus) -> None:
    page = soup(real_site, "glossary.html")
    terms = {dt.get_text().strip("¶ ") for dt in page.select("dl.glossary > dt")}
    assert terms == {term.term for term in corpus.glossary}
    assert len(terms) >= 32


def test_the_notes_table_is_a_real_table(real_site: Path, corpus: Corpus) -> None:
    (notes,) = [d for d in corpus.documents if isinstance(d, Notes)]
    (table,) = [t for section in notes.sections for t in section.tables]
    page = soup(real_site, "generated/documents/lex-fridman-452-notes.html")
    shown = page.select_one("table.feedcite-table")
    assert shown is not None
    rows = [tuple(c.get_text().strip() for c in tr.select("th, td")) for tr in shown.select("tr")]
    assert rows == [table.header, *table.rows]


def test_every_cross_reference_goes_both_ways(real_site: Path) -> None:
    forward = symmetry.check(real_site)
    backward = symmetry.check_reverse(real_site)
    assert forward.problems == []
    assert backward.problems == []
    assert forward.checked["discussed in"] >= 20
    assert forward.checked["used in"] >= 150
    assert (
        forward.checked["notes on this chapter"] == forward.checked["chapters of a notes section"]
    )


def test_the_bibliography_files_are_downloads(real_site: Path) -> None:
    folder = real_site / "_downloads" / "feedcite"
    assert (folder / "amodei.bib").read_text(encoding="utf-8").count("\n@") >= 34
    home = soup(real_site, "index.html")
    assert {a["href"] for a in home.select("p.feedcite-downloads a")} == {
        "_downloads/feedcite/amodei.bib",
        "_downloads/feedcite/amodei.json",
    }


def test_the_home_page_counts_the_works_by_kind(real_site: Path, corpus: Corpus) -> None:
    """Each kind under its own name (a blog post is no talk), the commonest first."""
    kinds: dict[str, int] = {}
    for work in corpus.works:
        kinds[work.kind] = kinds.get(work.kind, 0) + 1
    (stats,) = [dl for dl in soup(real_site, "index.html").select("dl") if "Years" in dl.text]
    works = " ".join(stats.get_text(" ").split()).split(" Years", 1)[0]
    commonest, count = max(kinds.items(), key=lambda kc: (kc[1], kc[0]))
    assert works.startswith(f"Works : {len(corpus.works)} ({count} {commonest}s, ")
    assert "talks and episodes" not in works
