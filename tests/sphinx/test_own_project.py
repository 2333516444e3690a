"""The extension in a Sphinx project of its own: its own .bib, its own title, what it needs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError
from sphinx.testing.util import SphinxTestApp

from tests.sphinx.conftest import Built, build, copy_root

pytestmark = pytest.mark.sphinx

COLLISION = (
    "refs.bib:3: WARNING: citation key 'ruiz2021soil' is in refs.bib and in the corpus's "
    "generated/feedcite.bib; the corpus's entry is cited as 'feedcite-ruiz2021soil' on this "
    "site, so that both entries are kept (set feedcite_key_prefix to give every key of the "
    "corpus a prefix) [feedcite.key-collision]\n"
)


def _anchors(built: Built, page: str) -> list[str]:
    return sorted(
        str(node["id"])
        for node in built.html(page).select("[id^=cite-]")
        if not str(node["id"]).startswith("cite-work-")
    )


@pytest.fixture(scope="module")
def collision_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = copy_root("collision", tmp_path_factory.mktemp("collision"))
    return build(root, root / "_build")


def test_a_shared_key_is_one_warning_naming_both_files(collision_site: Built) -> None:
    assert collision_site.warnings == COLLISION


def test_every_entry_of_both_files_is_on_the_site(collision_site: Built) -> None:
    assert _anchors(collision_site, "references.html") == [
        "cite-ruiz2021soil",
        "cite-smith1999garden",
        "cite-zeta2020last",
    ]
    assert _anchors(collision_site, "bibliography.html") == [
        "cite-feedcite-ruiz2021soil",
        "cite-ruiz2022bare",
    ]
    text = collision_site.text("references.html")
    assert "Soil carbon under cover crops, as the project cites it" in text
    assert "The last entry of the file" in text
    assert "Soil Carbon in Cover-Cropped Fields" in collision_site.text("bibliography.html")


def test_the_projects_citation_links_its_own_entry(collision_site: Built) -> None:
    links = [a["href"] for a in collision_site.html("index.html").select("a[href*='#cite-']")]
    assert links == ["references.html#cite-ruiz2021soil", "references.html#cite-smith1999garden"]


def test_the_corpus_files_keep_their_keys(collision_site: Built) -> None:
    page = collision_site.html("generated/works/soil-carbon.html")
    block = page.select_one(".feedcite-bibtex")
    assert block is not None
    assert block.get_text().startswith("@misc{ruiz2021soil,")
    generated = (collision_site.srcdir / "generated" / "feedcite.bib").read_text()
    assert "@misc{feedcite-ruiz2021soil," in generated


def test_a_key_prefix_avoids_the_collision(tmp_path: Path) -> None:
    root = copy_root("collision", tmp_path)
    built = build(root, tmp_path / "_build", feedcite_key_prefix="fc-")
    assert built.warnings == ""
    assert _anchors(built, "bibliography.html") == ["cite-fc-ruiz2021soil", "cite-fc-ruiz2022bare"]
    assert len(_anchors(built, "references.html")) == 3


def test_an_invalid_key_prefix_falls_back_with_a_warning(tmp_path: Path) -> None:
    root = copy_root("collision", tmp_path)
    built = build(root, tmp_path / "_build", feedcite_key_prefix="a b")
    assert built.warnings.startswith(
        "WARNING: feedcite_key_prefix must be a string of letters, digits and _:.+/- (or "
        "empty), not 'a b'; using '' [feedcite.config]\n"
    )
    assert built.warnings.endswith(COLLISION)


def test_the_title_is_the_corpus_title_unless_the_project_names_itself(tmp_path: Path) -> None:
    root = copy_root("collision", tmp_path)
    own = build(root, tmp_path / "own")  # conf.py sets project: Sphinx's own title
    assert own.html("index.html").title.get_text() == "Own project — Own project  documentation"
    conf = root / "conf.py"
    conf.write_text(conf.read_text().replace('project = "Own project"\n', ""))
    untitled = build(root, tmp_path / "untitled")
    assert untitled.html("index.html").title.get_text() == ("Own project — Ana Ruiz: a test corpus")
    chosen = build(root, tmp_path / "chosen", html_title="Chosen")
    assert chosen.html("index.html").title.get_text() == "Own project — Chosen"


def test_a_missing_myst_parser_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "myst_parser", None)  # import myst_parser fails
    root = copy_root("collision", tmp_path)
    with pytest.raises(ExtensionError) as raised:
        SphinxTestApp("html", srcdir=root, builddir=tmp_path / "_build")
    assert str(raised.value).startswith("feedcite.sphinx needs myst-parser (")
    assert str(raised.value).endswith("install it with pip install 'feedcite[sphinx]'")


def test_bibfile_keys_are_the_entries_with_their_lines(tmp_path: Path) -> None:
    from feedcite.sphinx.collisions import bibfile_keys

    bib = tmp_path / "a.bib"
    bib.write_text(
        '@string{jmg = "Journal of Market Gardens"}\n'
        "@comment{not an entry}\n"
        "@Article{first,\n  title = {One},\n}\n"
        "  @misc( second ,\n  title = {Two})\n"
        "@misc{first,\n  title = {again}}\n"
    )
    other = tmp_path / "b.bib"
    other.write_text("@book{third, title={Three}}\n@book{second, title={Two again}}\n")
    missing = tmp_path / "c.bib"
    keys = bibfile_keys([("a.bib", bib), ("b.bib", other), ("c.bib", missing)])
    assert keys == {"first": ("a.bib", 3), "second": ("a.bib", 6), "third": ("b.bib", 1)}


def test_citations_keep_every_script(tmp_path: Path) -> None:
    """The site's citations show a title as the corpus writes it (CJK, Greek), not the
    transliteration that the downloadable .bib needs for pdflatex."""
    root = copy_root("collision", tmp_path)
    works = root / "corpus" / "works.toml"
    works.write_text(
        works.read_text(encoding="utf-8").replace(
            'title = "Soil Carbon in Cover-Cropped Fields"',
            'title = "Soil Carbon (土壤碳) in Cover-Cropped Fields: Ελληνικά"',
        ),
        encoding="utf-8",
    )
    built = build(root, root / "_build", bibtex_bibfiles=[])
    text = built.text("bibliography.html")
    assert "Soil Carbon (土壤碳) in Cover-Cropped Fields: Ελληνικά" in text
    assert "TuRang" not in text
    assert "Ellinika" not in text
    site_bib = (root / "generated" / "feedcite.bib").read_text(encoding="utf-8")
    assert "土壤碳" in site_bib  # what sphinxcontrib-bibtex reads
