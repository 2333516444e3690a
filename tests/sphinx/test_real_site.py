"""The real site holds everything the bundled corpus holds: no work, chapter or term is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString

from feedcite.model import Corpus, Notes, Transcript
from feedcite.sphinx.render import time_label

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
        for added in page.select(".bibtex-citation, a.feedcite-time"):
            before = added.previous_sibling
            if "bibtex-citation" in added.get("class", []) and isinstance(before, NavigableString):
                before.replace_with(before.removesuffix(" "))  # the space the site adds
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
