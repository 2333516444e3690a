"""refs/amodei.bib: current, complete, readable without warnings, and mapped as documented."""

from __future__ import annotations

import bibtexparser
import pybtex.errors
import pytest
from pybtex.database import BibliographyData, parse_string

from feedcite.cli import _generated_header
from feedcite.corpus import read_config
from feedcite.export.bibtex import BibOptions, ledger_text, write_bibtex
from feedcite.model import Corpus
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
    assert ledger_text(corpus) == (REFS / "citekeys.toml").read_text(encoding="utf-8")


def test_every_work_has_one_entry_newest_first(corpus: Corpus, entries: BibliographyData) -> None:
    assert len(entries.entries) == len(corpus.works) == 35
    years = [
        int(e.fields["year"])
        for e in entries.entries.values()
        if e.type == "misc" and "eprint" in e.fields
    ]
    assert years == sorted(years, reverse=True)
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
    assert fields["publisher"] == "arXiv"
    assert fields["howpublished"] == "arXiv:2001.08361"
    assert (fields["year"], fields["month"]) == ("2020", "January")
    assert fields["keywords"].startswith("scaling-laws, neural-language-models")
    assert "Key claim: “Cross-entropy loss scales as a power-law" in fields["annote"]
    assert [str(p) for p in entry.persons["author"]][:2] == ["Kaplan, Jared", "McCandlish, Sam"]
    assert len(entry.persons["author"]) == 10


def test_published_versions(entries: BibliographyData) -> None:
    perez = entries.entries["perez2022discovering"]
    assert perez.type == "inproceedings"
    assert (
        perez.fields["booktitle"]
        == "Findings of the Association for Computational Linguistics: ACL 2023"
    )
    assert perez.fields["doi"] == "10.18653/v1/2023.findings-acl.847"
    assert perez.fields["eprint"] == "2212.09251"
    assert perez.fields["year"] == "2023"
    frontiers = entries.entries["marblestone2013physical"]
    assert (
        frontiers.type,
        frontiers.fields["journal"],
        frontiers.fields["volume"],
        frontiers.fields["pages"],
    ) == (
        "article",
        "Frontiers in Computational Neuroscience",
        "7",
        "137",
    )
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


def test_doubts_are_visible(entries: BibliographyData) -> None:
    unknown = entries.entries["amodei2023ai"]
    assert [str(p) for p in unknown.persons["author"]] == ["Amodei, Dario", "others"]
    assert "Title built from the captured key claim" in unknown.fields["note"]
    assert "Year inferred from the order of the captured feed" in unknown.fields["note"]
    assert unknown.fields["comment"].startswith(
        "Evidence: https://lilys.ai/notes/674702. Curation notes: NOT IDENTIFIED."
    )
    assistant = entries.entries["askell2021general"]
    assert str(assistant.persons["author"][-1]) == "others"


def test_capitals_are_protected_where_they_matter(entries: BibliographyData) -> None:
    assert entries.entries["amodei2015deep"].fields["title"] == (
        "Deep Speech 2: End-to-End Speech Recognition in {English} and {Mandarin}"
    )
    assert entries.entries["bai2022training"].fields["title"].startswith("Training a Helpful")
    assert "{AI}" in entries.entries["irving2018ai"].fields["title"]
    assert (
        entries.entries["brown2020language"].fields["title"]
        == "Language Models are Few-Shot Learners"
    )


def test_names_with_particles_suffixes_and_organisations(entries: BibliographyData) -> None:
    authors = [str(p) for p in entries.entries["mccandlish2018empirical"].persons["author"]]
    assert authors[-1] == "{OpenAI Dota Team}"
    berry = [str(p) for p in entries.entries["tkacik2013searching"].persons["author"]]
    assert "Berry, II, Michael J" in berry
    brundage = [str(p) for p in entries.entries["brundage2018malicious"].persons["author"]]
    assert "Ó hÉigeartaigh, Seán" in brundage
