"""Two works with one title: the year beside a mention picks one, or the mention is ambiguous.

The ``sametitle`` project has two works titled alike (2018 and 2023) and two reviews that
name the title: one beside the year 2023, one with nothing that tells which. The JSON's
mention links and the site's links and "Discussed in" say the same thing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import feedcite
from feedcite.export.jsonexport import to_json
from feedcite.sphinx.site import Mark, _resolve
from tests.sphinx import symmetry
from tests.sphinx.conftest import ROOTS, Built, build, copy_root

pytestmark = pytest.mark.sphinx

TITLE = "Tidal Mixing in Shallow Estuaries"
CAPTURES = "refs/captures"


@pytest.fixture(scope="module")
def sametitle_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = copy_root("sametitle", tmp_path_factory.mktemp("sametitle"))
    return build(root, root / "_build")


def test_the_json_links_each_mention_to_the_work_it_means() -> None:
    corpus = feedcite.load_corpus(ROOTS / "test-sametitle" / "refs" / "corpus.toml")
    data = to_json(corpus)
    links = data["links"]
    assert isinstance(links, list)
    mentions = [
        (Path(link["path"]).name, link["work_id"], link["evidence"])
        for link in links
        if link["kind"] == "mention"
    ]
    assert mentions == [
        ("review-with-year.txt", "tidal-mixing-2023",
         ["the work's title",
          "the title of 2 works; the year beside it (2023) tells it from tidal-mixing-2018"]),
        ("review-without-year.txt", "tidal-mixing-2018",
         ["the work's title",
          "the title of 2 works (also tidal-mixing-2023); nothing beside it tells which"]),
        ("review-without-year.txt", "tidal-mixing-2023",
         ["the work's title",
          "the title of 2 works (also tidal-mixing-2018); nothing beside it tells which"]),
    ]  # fmt: skip
    ambiguous = [
        (Path(d.span.path).name, d.span.line, d.severity, d.message)
        for d in corpus.diagnostics
        if d.code is feedcite.Code.MENTION_AMBIGUOUS
    ]
    assert ambiguous == [
        (
            "review-without-year.txt",
            7,
            feedcite.Severity.WARNING,
            f"'{TITLE}' is the title of 2 works (tidal-mixing-2018, tidal-mixing-2023) and "
            "nothing beside it (a year in the sentence) tells which: it is linked to each",
        )
    ]


def _discussed_in(site: Built, work: str) -> list[str]:
    fields = site.html(f"generated/works/{work}.html").select_one("dl.feedcite-fields")
    assert fields is not None
    for dt in fields.select("dt"):
        if dt.get_text(strip=True).rstrip(":") == "Discussed in":
            dd = dt.find_next_sibling("dd")
            return [str(a["href"]) for a in dd.select("a")]
    return []


def test_discussed_in_is_what_the_json_links(sametitle_site: Built) -> None:
    assert sametitle_site.warnings == ""  # the ambiguity is a note, as every estimate is
    assert _discussed_in(sametitle_site, "tidal-mixing-2023") == [
        "../documents/review-with-year.html#document-review-with-year",
        "../documents/review-without-year.html#document-review-without-year",
    ]
    assert _discussed_in(sametitle_site, "tidal-mixing-2018") == [
        "../documents/review-without-year.html#document-review-without-year",
    ]


def _paragraph(site: Built, document: str, words: str) -> list[tuple[str, str, str]]:
    """(classes, text, link target) of each piece of the paragraph holding ``words``."""
    page = site.html(f"generated/documents/{document}.html")
    [paragraph] = [p for p in page.select("div.body p") if words in p.get_text()]
    out = []
    for span in paragraph.select("span.feedcite-mention, span.feedcite-ambiguous, a"):
        target = str(span["href"]).split("#")[0] if span.name == "a" else ""
        out.append((" ".join(span.get("class", [])), span.get_text(), target))
    return out


def test_the_year_beside_the_title_links_that_work(sametitle_site: Built) -> None:
    assert _paragraph(sametitle_site, "review-with-year", "2023 survey") == [
        ("reference internal", TITLE, "../works/tidal-mixing-2023.html"),
        ("xref feedcite feedcite-work feedcite-mention", TITLE, ""),
    ]


def test_an_ambiguous_title_is_followed_by_a_citation_of_each_work(
    sametitle_site: Built,
) -> None:
    assert _paragraph(sametitle_site, "review-without-year", "Her paper") == [
        ("feedcite-ambiguous", TITLE, ""),
        ("reference internal", "[Moreau, 2018]", "../works/tidal-mixing-2018.html"),
        ("reference internal", "[Moreau, 2023]", "../works/tidal-mixing-2023.html"),
    ]


def test_every_cross_reference_goes_both_ways(sametitle_site: Built) -> None:
    forward = symmetry.check(sametitle_site.outdir)
    assert (forward.problems, forward.checked) == ([], {"discussed in": 3})
    backward = symmetry.check_reverse(sametitle_site.outdir)
    assert (backward.problems, backward.checked) == ([], {"mention link": 3})


def test_a_mention_inside_a_longer_term_becomes_its_citation() -> None:
    """The site never drops a mention the JSON has: covered by a term's words, it is cited."""
    assert _resolve(
        [Mark(4, 30, term="salt-wedge"), Mark(10, 20, works=("a",)), Mark(40, 50, works=("b",))]
    ) == [Mark(4, 30, "salt-wedge", ("a",)), Mark(40, 50, works=("b",))]
    assert _resolve([Mark(0, 9, works=("a",)), Mark(0, 9, works=("b",)), Mark(0, 9, "t")]) == [
        Mark(0, 9, "t", ("a", "b"))
    ]
