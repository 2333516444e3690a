"""refs/amodei.bib: current, complete, readable without warnings, and mapped as documented."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import bibtexparser
import pybtex.errors
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import BibliographyData, parse_string

from feedcite import load_paths
from feedcite.cli import _generated_header
from feedcite.corpus import read_config
from feedcite.export.bibtex import (
    BibOptions,
    _annote,
    annote_text,
    header_lines,
    name,
    sorted_works,
    write_bibtex,
)
from feedcite.export.latex import escape
from feedcite.export.record import Record, record
from feedcite.model import Corpus, Creator, Work
from tests.conftest import REFS


@pytest.fixture(scope="module")
def text() -> str:
    return (REFS / "amodei.bib").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def entries(text: str) -> BibliographyData:
    pybtex.errors.set_strict_mode(True)
    try:
        return parse_string(text, "bibtex")
    finally:
        pybtex.errors.set_strict_mode(False)


def test_committed_file_is_current_and_deterministic(corpus: Corpus, text: str) -> None:
    header = _generated_header(read_config(REFS / "corpus.toml"), "bib")
    first = write_bibtex(corpus, BibOptions(header=header))
    assert first == text
    assert write_bibtex(corpus, BibOptions(header=header)) == first


def test_every_work_has_one_entry_newest_first(corpus: Corpus, entries: BibliographyData) -> None:
    assert len(entries.entries) == len(corpus.works) == 35
    keys = list(entries.entries)
    assert keys[:3] == ["fridman2024dario", "amodei2023ai", "patel2023dario"]
    assert keys[-1] == "tkacik2012simplest"


def test_bibtexparser_reads_it_without_failures(text: str) -> None:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert len(library.entries) == 35


def test_arxiv_preprint_entry(entries: BibliographyData) -> None:
    entry = entries.entries["kaplan2020scaling"]
    assert entry.type == "misc"
    fields = entry.fields
    assert fields["eprint"] == "2001.08361"
    assert fields["archiveprefix"] == "arXiv"
    assert fields["doi"] == "10.48550/arXiv.2001.08361"
    assert fields["url"] == "https://arxiv.org/abs/2001.08361"
    assert fields["howpublished"] == "arXiv:2001.08361"
    assert "publisher" not in fields  # not in biber's data model for @misc
    assert (fields["year"], fields["month"]) == ("2020", "January")
    assert fields["keywords"].startswith("scaling-laws, neural-language-models")
    assert "Key claim: “Cross-entropy loss scales as a power-law" in fields["annote"]
    assert [str(p) for p in entry.persons["author"]][:2] == ["Kaplan, Jared", "McCandlish, Sam"]
    assert len(entry.persons["author"]) == 10


def test_published_versions_cite_their_own_doi_and_year(entries: BibliographyData) -> None:
    perez = entries.entries["perez2022discovering"]
    assert perez.type == "inproceedings"
    assert (
        perez.fields["booktitle"]
        == "{Findings of the Association for Computational Linguistics: ACL 2023}"
    )
    assert perez.fields["doi"] == "10.18653/v1/2023.findings-acl.847"
    assert perez.fields["eprint"] == "2212.09251"
    assert perez.fields["year"] == "2023"
    # A published version whose DOI is not known has none: the arXiv DOI names the preprint.
    for key in (
        "tkacik2012simplest",
        "ibarz2018reward",
        "christiano2017deep",
        "neelakantan2016learning",
    ):
        assert "doi" not in entries.entries[key].fields, key
    simplest = entries.entries["tkacik2012simplest"]
    assert (simplest.type, simplest.fields["year"]) == ("article", "2013")
    frontiers = entries.entries["marblestone2013physical"]
    assert (
        frontiers.type,
        frontiers.fields["journal"],
        frontiers.fields["volume"],
        frontiers.fields["pages"],
    ) == ("article", "Frontiers in Computational Neuroscience", "7", "137")
    report = entries.entries["brundage2018malicious"]
    assert report.type == "techreport"
    assert "institution" in report.fields
    pnas = entries.entries["tkacik2014thermodynamics"]
    assert pnas.type == "misc"
    assert pnas.fields["note"].startswith(
        "Published as “Thermodynamics and signatures of criticality in a network of neurons” in Proceedings of the National Academy of Sciences 112(37):11508-11513, 2015"
    )


def test_episodes_and_videos(entries: BibliographyData) -> None:
    lex = entries.entries["fridman2024dario"]
    assert lex.type == "misc"
    assert lex.fields["howpublished"] == "Podcast episode, Lex Fridman Podcast \\#452"
    assert (
        lex.fields["note"]
        == "Host: Lex Fridman; guests: Dario Amodei, Amanda Askell, Chris Olah. Duration 5:15:01."
    )
    assert [str(p) for p in lex.persons["author"]] == [
        "Fridman, Lex",
        "Amodei, Dario",
        "Askell, Amanda",
        "Olah, Chris",
    ]
    dwarkesh = entries.entries["patel2023dario"]
    assert dwarkesh.fields["url"] == "https://www.youtube.com/watch?v=Nlkk3glap_U"


def test_doubts_are_in_the_note_and_curation_records_stay_out(entries: BibliographyData) -> None:
    unknown = entries.entries["amodei2023ai"]
    assert [str(p) for p in unknown.persons["author"]] == ["Amodei, Dario", "others"]
    assert unknown.fields["note"] == (
        "Title built from the captured key claim; no verified title is known. Year inferred "
        "from the order of the captured feed; not verified. The author list is incomplete."
    )
    assert all("comment" not in e.fields for e in entries.entries.values())
    assistant = entries.entries["askell2021general"]
    assert str(assistant.persons["author"][-1]) == "others"


def test_names_and_systems_are_protected_as_phrases(entries: BibliographyData) -> None:
    titles = {key: entry.fields["title"] for key, entry in entries.entries.items()}
    assert titles["amodei2015deep"] == (
        "{Deep Speech 2}: End-to-End Speech Recognition in {English} and {Mandarin}"
    )
    assert titles["neelakantan2016learning"] == (
        "Learning a Natural Language Interface with {Neural Programmer}"
    )
    assert titles["brown2020language"] == "Language Models are Few-Shot Learners"
    assert "{AI}" in titles["irving2018ai"]
    assert titles["fridman2024dario"].startswith("{Dario Amodei}: ")


def test_one_spelling_per_person(entries: BibliographyData) -> None:
    spellings = {
        str(person)
        for entry in entries.entries.values()
        for person in entry.persons.get("author", [])
    }
    assert "Tkačik, Gašper" in spellings
    assert "Tkacik, Gasper" not in spellings
    assert {"Olah, Chris", "Brown, Tom B."} <= spellings
    assert not {"Olah, Christopher", "Brown, Tom", "El-Showk, Sheer"} & spellings


def test_names_with_particles_suffixes_and_organisations(entries: BibliographyData) -> None:
    authors = [str(p) for p in entries.entries["mccandlish2018empirical"].persons["author"]]
    assert authors[-1] == "{OpenAI Dota Team}"
    berry = [str(p) for p in entries.entries["tkacik2013searching"].persons["author"]]
    assert "Berry, II, Michael J." in berry
    # A family name with a word in lower case stays whole: no "von" part for BibTeX to split.
    brundage = entries.entries["brundage2018malicious"].persons["author"]
    (oheigeartaigh,) = [p for p in brundage if "Seán" in p.first_names]
    assert (oheigeartaigh.prelast_names, oheigeartaigh.last_names) == ([], ["{Ó hÉigeartaigh}"])
    (pinto,) = [
        p for p in entries.entries["chen2021evaluating"].persons["author"] if "Pinto" in str(p)
    ]
    assert (pinto.prelast_names, pinto.last_names) == ([], ["{Ponde de Oliveira Pinto}"])


def test_a_particle_that_starts_with_an_apostrophe_stays_with_the_family_name() -> None:
    """BibTeX reads ``'t`` as a "von" part (its first letter is in lower case)."""
    assert name(Creator("'t Hooft", "Gerard")) == "{'t Hooft}, Gerard"
    assert name(Creator("O'Connor", "Sandra Day")) == "O'Connor, Sandra Day"
    # BibTeX splits at hyphens too: "al-Masri" would be "al" (von) + "Masri".
    assert name(Creator("al-Masri", "Leila")) == "{al-Masri}, Leila"
    assert name(Creator("Herbert-Voss", "Ariel")) == "Herbert-Voss, Ariel"


def test_header_cannot_start_an_entry() -> None:
    header = header_lines("Generated for Maria Lopez (@marialopez)\n@misc{x,\n")
    assert header == "% Generated for Maria Lopez ((at)marialopez)\n% (at)misc{x,\n"
    library = bibtexparser.parse_string(header)
    assert library.entries == []
    assert library.failed_blocks == []


@settings(max_examples=300, deadline=None)
@given(
    abstract=st.text(alphabet=st.sampled_from("ab -`'<>,?!{}\\\u0301\u00e9 \t\n~%"), max_size=30),
    claim=st.text(alphabet=st.sampled_from("ab -`'<>,?!{}\\\u0301\u00e9 \t~%"), max_size=20),
)
def test_the_annote_reuses_the_escaped_abstract_without_changing_it(
    abstract: str, claim: str
) -> None:
    rec = dataclasses.replace(_record(), abstract=abstract, claim=claim)
    whole = escape(annote_text(rec))
    assert _annote(rec, escape(abstract) if abstract else "") == whole


def _record() -> Record:
    work = Work(id="w", kind="paper", title="T", title_source="metadata", citekey="k")
    return record(work)


def test_a_curated_doi_is_kept_beside_the_arxiv_id() -> None:
    """A work's own DOI is cited; the arXiv DOI stands in only where there is none."""
    work = Work(
        id="w", kind="paper", title="T", title_source="metadata", citekey="k",
        arxiv="2412.01234", doi="10.1214/23-AOP1650",
    )  # fmt: skip
    assert record(work).doi == "10.1214/23-AOP1650"
    assert record(work).arxiv == "2412.01234"
    assert record(dataclasses.replace(work, doi=None)).doi == "10.48550/arXiv.2412.01234"


def test_without_years_the_feed_order_is_the_order(tmp_path: Path) -> None:
    """``Nov 28`` (newest) stays before ``Dec 12`` (the year before): a month alone orders
    nothing, in the BibTeX file as on the site."""
    feed = tmp_path / "feed.txt"
    feed.write_text(
        "Chronological feed of everything captured from Ann Lee.\n"
        "paper / ann / Nov 28\nNewest.\nlabor\n“Newest claim.”\n"
        "paper / ann / Dec 12\nOlder.\nlabor\n“Older claim.”\n",
        encoding="utf-8",
    )
    corpus = load_paths([str(feed)])
    assert [w.year for w in corpus.works] == [None, None]
    assert [w.summary for w in sorted_works(corpus)] == ["Newest.", "Older."]
    by_key = sorted(corpus.works, key=lambda work: work.sort_key, reverse=True)
    assert [w.summary for w in by_key] == ["Newest.", "Older."]
    # The site's bibliography page has the same order.
    from feedcite.sphinx.site import plan

    assert [corpus.work(i).summary for i in plan(corpus).order] == ["Newest.", "Older."]
