"""Shared text helpers: slugs, and the tag patterns for any script."""

from __future__ import annotations

import pytest

from feedcite._strings import (
    abbreviation,
    collation_key,
    kebab_re,
    loose_tags_re,
    not_tag_re,
    romanize,
    slug,
    spell_greek,
    spell_signs,
    unique_name,
)
from feedcite.sphinx.site import _tag_docs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AI Safety Levels", "ai-safety-levels"),
        ("Tkačik", "tkacik"),
        ("Dario’s view", "darios-view"),
        ("Søderberg-Núñez", "soderberg-nunez"),
        ("мировая-экономика", "mirovaya-ekonomika"),
        ("机器-学习", "jiqi-xuexi"),
        ("--", ""),
    ],
)
def test_slugs_are_ascii_in_every_script(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_every_tag_gets_its_own_page() -> None:
    """Tags whose slugs agree, or that have none of their own, still get one page each."""
    docs = _tag_docs("g", ["économie", "economie", "☃", "☂"])
    assert docs == {
        "economie": "g/tags/economie",
        "économie": "g/tags/economie-2",
        "☂": "g/tags/umbrella2",
        "☃": "g/tags/snowman2",
    }
    assert _tag_docs("g", ["\u200b", "\u2060"]) == {
        "\u200b": "g/tags/tag",
        "\u2060": "g/tags/tag-2",
    }


@pytest.mark.parametrize(
    ("line", "kebab", "loose"),
    [
        ("économie-publique", True, True),
        ("मशीन-लर्निंग", True, True),  # vowel signs are combining marks, not \w
        ("मशीन लर्निंग", False, True),
        ("labor\teconomics", False, True),
        ("a_b", False, True),
        ("A sentence, with a comma.", False, False),
        ("-leading", False, False),
        # The signs of language names: C#, F#, .NET, C++, #pragma
        ("c#-langfsharp", False, True),
        ("fsharp#", False, True),
        (".netcpp", False, True),
        ("#pragmaopenmp", False, True),
        ("c++borrow-checker", False, True),
        ("It ends here.", False, False),
    ],
)
def test_tag_patterns(line: str, kebab: bool, loose: bool) -> None:
    assert bool(kebab_re().match(line)) is kebab
    assert bool(loose_tags_re().match(line)) is loose


def test_not_tag_runs_keep_combining_marks() -> None:
    assert [p for p in not_tag_re().split("मशीन_लर्निंग r&d") if p] == ["मशीन", "लर्निंग", "r", "d"]


def test_unique_names_count_on_from_two() -> None:
    taken = {"a"}
    assert [unique_name("a", taken), unique_name("a", taken), unique_name("b", taken)] == [
        "a-2",
        "a-3",
        "b",
    ]
    assert taken == {"a", "a-2", "a-3", "b"}


def test_mixed_scripts() -> None:
    from feedcite._strings import mixed_scripts

    assert mixed_scripts("θάλασσαocean")
    assert mixed_scripts("мироваяeconomy")
    assert not mixed_scripts("économie-publique")
    assert not mixed_scripts("データ分析")  # katakana, the prolonged sound mark and kanji
    assert not mixed_scripts("ｄａｔａ")  # fullwidth Latin
    assert not mixed_scripts("gpt-4o")


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("v.", True),
        ("vs.", True),
        ("(cf.", True),
        ("Dr.", True),
        ("No.", True),
        ("F.", True),
        ("U.S.", True),
        ("e.g.", True),
        # A word's dot ends a sentence; so do "?" and "!"; "etc." and "al." may.
        ("Pape.", False),
        ("so.", False),
        ("a.", False),
        ("B?", False),
        ("etc.", False),
        ("al.", False),
        ("v", False),
        ("3.", False),
    ],
)
def test_abbreviations(token: str, expected: bool) -> None:
    assert abbreviation(token) is expected


def test_terms_sort_as_an_index_does() -> None:
    terms = ["zeta function", "Ω-loop", "β-lactamase", "Émile effect", "alpha helix", "Ribosom"]
    assert sorted(terms, key=collation_key) == [
        "alpha helix",
        "β-lactamase",
        "Émile effect",
        "Ω-loop",
        "Ribosom",
        "zeta function",
    ]
    assert collation_key("RLHF") != collation_key("rlhf")  # a total order


def test_greek_letters_alone_are_spelled_out() -> None:
    assert spell_greek("α-helix and TNF-α") == "alpha-helix and TNF-alpha"
    assert spell_greek("Λ baryons, αβ T cells") == "lambda baryons, alphabeta T cells"
    assert spell_greek("Ελληνικά") == "Ελληνικά"


@pytest.mark.parametrize(
    ("text", "spelled", "tag_line"),
    [
        ("C++ and C# in .NET", "Cpp and Csharp in dotNET", "Cpp and Csharp in dotNET"),
        ("C++17 to Rust", "Cpp17 to Rust", "Cpp17 to Rust"),
        ("Notepad++ or F#", "Notepadpp or Fsharp", "Notepadpp or Fsharp"),
        ("c++borrow-checker", "cppborrow-checker", "cpp borrow-checker"),
        ("c#-lang", "csharp-lang", "csharp-lang"),
        # Not a sign of a name: before the letters, after a word, or a dot inside a word.
        ("#MeToo, ++i, fsharp#", "#MeToo, ++i, fsharp#", "#MeToo, ++i, fsharp#"),
        ("file.NET and ...net", "file.NET and ...net", "file.NET and ...net"),
    ],
)
def test_signs_of_names_are_spelled_out(text: str, spelled: str, tag_line: str) -> None:
    assert spell_signs(text) == spelled
    assert spell_signs(text, ends=True) == tag_line


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        ("Παπαδόπουλος", "papadopoulos"),  # ου is ou, not oy
        ("Ευάγγελος", "evangelos"),  # ευ before a vowel is ev; γγ is ng
        ("Ευτυχία", "eftychia"),  # ευ before a voiceless consonant is ef
        ("Μπαμπάκος", "bampakos"),  # μπ opening a word is b
        ("ταΰγετος", "taygetos"),  # the dialytika parts the digraph
        ("TNF-α and Tkačik", "TNF-alpha and Tkacik"),
    ],
)
def test_greek_is_romanized_by_its_digraphs(text: str, latin: str) -> None:
    assert romanize(text) == latin
    assert slug(text) == slug(latin)
