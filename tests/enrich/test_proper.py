"""Proper names of a corpus: from its texts and from the people its works credit."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedcite import load_paths
from feedcite.enrich.proper import creator_names, proper_names, special_word
from feedcite.export.bibtex import corpus_proper_names, write_entry
from feedcite.export.csljson import csl_item
from feedcite.model import Creator, Work


def test_proper_names_come_from_capitalised_runs_in_mid_sentence() -> None:
    texts = [
        "It extends the Neural Programmer with weak supervision.",
        "We use reinforcement learning. They used Reinforcement Learning in Atari games.",
        "Atari is hard.",
    ]
    assert proper_names(texts) == frozenset({"Neural Programmer", "Atari"})


def test_an_abbreviation_or_an_initial_ends_no_sentence() -> None:
    """``Pape`` after ``v.`` and ``Kennedy`` after ``F.`` are in mid-sentence."""
    texts = ["It runs to Monroe v. Pape and Harlow v. Fitzgerald, and to John F. Kennedy."]
    assert {"Pape", "Fitzgerald", "Kennedy"} <= proper_names(texts)
    assert "Cases" not in proper_names(["It was late. Cases came in."])


def test_a_possessive_ends_a_proper_name() -> None:
    """``Montagu's account``: the name is ``Lady Mary Wortley Montagu``, which a title has."""
    texts = ["This places Lady Mary Wortley Montagu's account beside Dario’s view. It's late."]
    assert proper_names(texts) == frozenset({"Lady Mary Wortley Montagu", "Dario"})


@pytest.mark.parametrize(
    ("word", "special"),
    [
        ("RLHF", True),
        ("GPT-3", True),
        ("DeepMind", True),
        ("iPhone", True),
        ("non-Hermitian", True),
        ("anti-de-Sitter", True),
        ("Few-Shot", False),
        ("End-to-End", False),
        ("end-to-end", False),
        ("Tracy-Widom", False),
    ],
)
def test_special_words(word: str, special: bool) -> None:
    assert special_word(word) is special


def test_creator_names_are_whole_names_and_names_with_particles() -> None:
    work = Work(
        id="w",
        kind="paper",
        title="T",
        title_source="metadata",
        authors=(
            Creator("'t Hooft", "Gerard"),
            Creator("van der Meer-Kovács", "Ágnes"),
            Creator("Kaplan", "Jared"),
            Creator("OpenAI Dota Team", organization=True),
        ),
    )
    assert creator_names([work]) == frozenset(
        {
            "'t Hooft",
            "Gerard 't Hooft",
            "van der Meer-Kovács",
            "Ágnes van der Meer-Kovács",
            "Jared Kaplan",
            "OpenAI Dota Team",
        }
    )


def test_a_credited_name_in_a_title_is_protected_whole(tmp_path: Path) -> None:
    """Names with particles ('t Hooft) in the .bib and in the CSL-JSON, with every other rule."""
    feed = tmp_path / "feed.txt"
    feed.write_text(
        "Chronological feed of everything captured from Ágnes van der Meer-Kovács.\n"
        "paper / agnes / Dec 3\nEdges of Tracy matrices.\nrandom-matrices\n“Edges hold.”\n"
        "paper / agnes / Oct 21\nPlanar maps.\nlarge-n\n“The 1/N expansion.”\n",
        encoding="utf-8",
    )
    works = tmp_path / "works.toml"
    works.write_text(
        '[[work]]\nid = "edge"\nmatch = { kind = "paper", date = "Dec 3", claim = "Edges" }\n'
        'title = "Tracy–Widom for non-Hermitian #P-hard 1/N matrices of Ágnes van der Meer-Kovács"\n'
        'authors = ["van der Meer-Kovács, Ágnes"]\ndate = "2024-12-03"\n'
        '[[work]]\nid = "thooft"\nmatch = { kind = "paper", date = "Oct 21", claim = "The 1/N" }\n'
        "title = \"'t Hooft's double-line notation revisited\"\n"
        'authors = ["\'t Hooft, Gerard"]\ndate = "2024-10-21"\n',
        encoding="utf-8",
    )
    corpus = load_paths([feed], metadata=works)
    assert corpus.errors == ()
    proper = corpus_proper_names(corpus)
    assert {"Tracy", "Ágnes van der Meer-Kovács", "'t Hooft"} <= proper
    titles = {}
    for work in corpus.works:
        (line,) = [
            line
            for line in write_entry(work, proper).splitlines()
            if line.lstrip().startswith("title")
        ]
        titles[work.id] = (line.split("= ", 1)[1], csl_item(work, proper)["title"])
    assert titles == {
        "edge": (
            r"{{Tracy–Widom} for {non-Hermitian} \#{P-hard} {1/N} matrices of"
            r" {Ágnes van der Meer-Kovács}},",
            # CSL-JSON keeps what the .bib braces keep: lowercase words of a protected
            # name, and words with a capital after a digit, are nocase spans.
            'Tracy–Widom for <span class="nocase">non</span>-Hermitian #P-hard'
            ' <span class="nocase">1/N</span> matrices of Ágnes'
            ' <span class="nocase">van der</span> Meer-Kovács',
        ),
        "thooft": (
            "{{'t Hooft}'s double-line notation revisited},",
            "<span class=\"nocase\">'t</span> Hooft's double-line notation revisited",
        ),
    }


def test_a_venue_name_in_a_title_keeps_its_case(tmp_path: Path) -> None:
    """A podcast's series (a name of its own) keeps its capitals in a title that quotes it,
    in the .bib and in the sentence-case CSL-JSON; the rest of the title is cased as before."""
    feed = tmp_path / "feed.txt"
    feed.write_text(
        "Chronological feed of everything captured from Ann Lee.\n"
        "podcast / annlee / Mar 3\nAnn Lee talks about tides.\ntides\n“Tides matter.”\n",
        encoding="utf-8",
    )
    works = tmp_path / "works.toml"
    works.write_text(
        '[[work]]\nid = "ep"\nmatch = { kind = "podcast", date = "Mar 3", claim = "Tides" }\n'
        'title = "Waves of Change #12: Ann Lee on Tides and Empire"\n'
        'series = "Waves of Change"\nnumber = 12\ndate = "2024-03-03"\n',
        encoding="utf-8",
    )
    corpus = load_paths([feed], metadata=works)
    assert corpus.errors == ()
    proper = corpus_proper_names(corpus)
    assert "Waves of Change" in proper
    (work,) = corpus.works
    assert csl_item(work, proper)["title"] == (
        'Waves <span class="nocase">of</span> Change #12: Ann Lee on tides and empire'
    )
    (line,) = [
        line for line in write_entry(work, proper).splitlines() if line.lstrip().startswith("title")
    ]
    assert "{Waves of Change}" in line


def test_a_text_without_capitals_tells_nothing_about_names() -> None:
    """Auto-captions write every name in lower case; they do not unmake the names."""
    title = "the ruling of the Israeli Supreme Court in 1995 was a revolution."
    captions = "so the israeli supreme court decided that in nineteen ninety five"
    assert "Israeli Supreme Court" in proper_names([title, captions])
    assert proper_names([title, captions]) == proper_names([title])


def test_inline_code_and_addresses_are_no_lower_case_evidence() -> None:
    """An identifier or a URL is written in lower case whatever the name is in prose."""
    prose = "We fuzz the Wasm runtimes of two browsers."
    assert "Wasm" not in proper_names([prose, "Then wasm runs everywhere."])
    assert "Wasm" in proper_names([prose, "Build for `wasm32-unknown-unknown` first."])
    assert "Wasm" in proper_names([prose, "See https://example.org/wasm/spec for more."])
    # A name inside the code is not taken from it either.
    assert "Foo" not in proper_names(["Call `a.Foo()` twice."])
