"""The site's pybtex style: decoded text, author-year labels, "et al." for "and others"."""

from __future__ import annotations

from typing import Any

from pybtex.database import BibliographyData, parse_string

from feedcite.export.bibtex import write_bibtex
from feedcite.model import Corpus, Creator, Work, YearSource
from feedcite.sphinx.style import (
    CitedPersonStyle,
    FeedciteReferenceStyle,
    FeedciteStyle,
    _LabelParenthetical,
    author_year_label,
    rich,
)

HOSTILE_TITLE = "Braces } { and {pairs}, \\input{x}, $x$ ^ ~ % # & _ -- “Ελληνικά” x\u0303"


def work(work_id: str, authors: list[str], title: str, complete: bool = True) -> Work:
    return Work(
        id=work_id,
        kind="paper",
        title=title,
        title_source="metadata",
        authors=tuple(Creator(a.split(", ")[0], a.split(", ")[1]) for a in authors),
        authors_complete=complete,
        year=2023,
        year_source=YearSource.METADATA,
        month=6,
        citekey=work_id,
    )


def bibliography() -> BibliographyData:
    works = (
        work("hostile2023", ["Ó hÉigeartaigh, Seán"], HOSTILE_TITLE),
        work("one2023", ["Amodei, Dario"], "Scaling", complete=False),
        work("two2023", ["Patel, Dwarkesh", "Amodei, Dario"], "An Interview"),
        work("many2023", ["Kaplan, Jared", "McCandlish, Sam", "Henighan, Tom"], "Laws"),
    )
    return parse_string(write_bibtex(Corpus(documents=(), works=works)), "bibtex")


def formatted() -> dict[str, Any]:
    entries = bibliography().entries
    return {e.key: e for e in FeedciteStyle().format_entries(entries.values())}


def test_fields_are_decoded_not_shown_as_latex() -> None:
    entry = formatted()["hostile2023"]
    text = entry.text.render_as("text")
    assert text == (
        "Seán Ó hÉigeartaigh. Braces } { and {pairs}, \\input{x}, $x$ ^ ~ % # & _ -- "
        # Greek is outside T1: the .bib transliterates the word; the capital the title's
        # author wrote after the dash of a sentence-case title is protected.
        "“Ellinika” x̃. June 2023."
    )
    html = entry.text.render_as("html")
    for artefact in ("\\textbraceright", "\\ensuremath", "\\$", "\\string", "\\textasciitilde"):
        assert artefact not in html


def test_protected_parts_keep_their_case() -> None:
    assert rich("{Deep Speech 2}: End-to-End").capitalize().render_as("text") == (
        "Deep Speech 2: end-to-end"
    )


def test_labels_are_the_author_year_citations() -> None:
    entries = formatted()
    labels = {key: entry.label for key, entry in entries.items()}
    assert labels == {
        "hostile2023": "Ó hÉigeartaigh, 2023",
        "one2023": "Amodei et al., 2023",
        "two2023": "Patel and Amodei, 2023",
        "many2023": "Kaplan et al., 2023",
    }
    # "and others" is shown as "et al." in the entry too.
    assert entries["one2023"].text.render_as("text").startswith("Dario Amodei et al. Scaling.")


def test_citations_in_the_text_match_the_labels() -> None:
    style = FeedciteReferenceStyle()
    assert isinstance(style.person, CitedPersonStyle)
    for key, entry in bibliography().entries.items():
        short = style.person.author_or_editor_or_title(full=False).format_data({"entry": entry})
        assert f"{short.render_as('text')}, 2023" == author_year_label(entry), key
    one = bibliography().entries["one2023"]
    full = style.person.author_or_editor_or_title(full=True).format_data({"entry": one})
    assert full.render_as("text") == "Amodei et al."
    many = bibliography().entries["many2023"]
    full = style.person.author_or_editor_or_title(full=True).format_data({"entry": many})
    assert full.render_as("text") == "Kaplan, McCandlish, and Henighan"


def test_parenthetical_citations_are_the_labels() -> None:
    style = FeedciteReferenceStyle()
    bracket = style.role_style["p"]
    assert isinstance(bracket, _LabelParenthetical)
    assert bracket.person is style.person
    assert set(bracket.role_names()) == {"p", "ps", "alp", "alps"}


def test_bundled_corpus_labels(corpus: Corpus) -> None:
    entries = parse_string(write_bibtex(corpus), "bibtex").entries
    style = FeedciteStyle()
    # As sphinxcontrib-bibtex does: sort, then label.
    labels = {e.key: e.label for e in style.format_entries(style.sort(entries.values()))}
    assert len(set(labels.values())) == 35
    suffixed = {key: label for key, label in labels.items() if label[-1].isalpha()}
    assert suffixed == {
        "bai2022training": "Bai et al., 2022b",
        "bai2022constitutional": "Bai et al., 2022a",
        "ganguli2022predictability": "Ganguli et al., 2022a",
        "ganguli2022red": "Ganguli et al., 2022b",
        "tkacik2013searching": "Tkačik et al., 2013b",
        "tkacik2012simplest": "Tkačik et al., 2013a",
    }
    assert labels["kaplan2020scaling"] == "Kaplan et al., 2020"
    assert labels["patel2023dario"] == "Patel and Amodei, 2023"
    assert labels["amodei2023ai"] == "Amodei et al., 2023"
    assert labels["tkacik2014thermodynamics"] == "Tkačik et al., 2014"
    assert not any("\\" in label or "{" in label for label in labels.values())
