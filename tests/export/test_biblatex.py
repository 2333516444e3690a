"""The biblatex flavour: entry types, dates, identifiers and former keys."""

from __future__ import annotations

import re

from feedcite.export.biblatex import write_biblatex, write_biblatex_entry
from feedcite.model import Corpus, Work

_SKIPPED = ("author", "abstract", "annotation", "keywords", "note")


def works(corpus: Corpus) -> dict[str, Work]:
    return {w.citekey: w for w in corpus.works}


def fields(entry: str) -> list[str]:
    """The entry's lines, but for the long text fields."""
    return [line for line in entry.splitlines() if not line.lstrip().startswith(_SKIPPED)]


def test_preprint_is_online_with_its_eprint_and_doi(corpus: Corpus) -> None:
    entry = write_biblatex_entry(works(corpus)["kaplan2020scaling"])
    assert fields(entry) == [
        "@online{kaplan2020scaling,",
        "  title      = {Scaling Laws for Neural Language Models},",
        "  date       = {2020-01-23},",
        "  doi        = {10.48550/arXiv.2001.08361},",
        "  eprint     = {2001.08361},",
        "  eprinttype = {arxiv},",
        "}",
    ]


def test_an_inferred_year_marks_the_whole_date_approximate(corpus: Corpus) -> None:
    entry = write_biblatex_entry(works(corpus)["amodei2023ai"])
    assert "  date         = {2023-09-25~},\n" in entry
    assert "  author       = {Amodei, Dario and others},\n" in entry


def test_proceedings_title_is_protected_whole(corpus: Corpus) -> None:
    entry = write_biblatex_entry(works(corpus)["ibarz2018reward"])
    assert (
        "  booktitle  = {{Advances in Neural Information Processing Systems 31 (NeurIPS 2018)}},\n"
        in entry
    )


def test_former_keys_are_ids(corpus: Corpus) -> None:
    text = write_biblatex(corpus, retired={"scaling-laws": ["kaplan2019scaling", "kaplan2020a"]})
    assert re.findall(r"^  ids +\= \{(.*)\},$", text, re.MULTILINE) == [
        "kaplan2019scaling, kaplan2020a"
    ]
    assert text.count("\n@") + text.startswith("@") == 35
