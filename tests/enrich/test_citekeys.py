"""Citation keys: the scheme, collisions in date order, and stability through the ledger."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from feedcite.enrich.citekeys import base_key, citekeys, ledger_text, parse_ledger
from feedcite.model import Corpus, Creator, Published, Work, YearSource

KEY_RE = re.compile(r"^[a-z][a-z0-9]*$")


def work(work_id: str, family: str, year: int | None, title: str, month: int = 1) -> Work:
    return Work(
        id=work_id,
        kind="paper",
        title=title,
        title_source="metadata",
        authors=(Creator(family, "A."),),
        year=year,
        year_source=YearSource.METADATA if year else YearSource.UNKNOWN,
        month=month,
        day=1,
    )


def test_bundled_keys(corpus: Corpus) -> None:
    keys = {w.id: w.citekey for w in corpus.works}
    assert keys["scaling-laws"] == "kaplan2020scaling"
    assert keys["induction-heads"] == "olsson2022incontext"
    assert keys["collective-behavior"] == "tkacik2013searching"
    assert keys["lex-fridman-452"] == "fridman2024dario"
    # Handed out before the year policy: the ledger keeps them, though the entries now
    # cite the published version's year (2013, 2023, 2017).
    assert keys["maximum-entropy-model"] == "tkacik2012simplest"
    assert keys["model-written-evaluations"] == "perez2022discovering"
    assert keys["neural-programmer"] == "neelakantan2016learning"
    assert all(KEY_RE.match(k) for k in keys.values())
    assert len(set(keys.values())) == len(keys)


def test_transliteration_keeps_the_letters() -> None:
    cases = {
        "Tkačik": "tkacik",
        "Østergaard": "ostergaard",
        "Großmann": "grossmann",
        "Łukasz": "lukasz",
        "王": "wang",
        "Петров": "petrov",
        "Ó hÉigeartaigh": "oheigeartaigh",
    }
    for family, expected in cases.items():
        assert base_key(work("a", family, 2014, "Neurons")) == f"{expected}2014neurons"
    assert base_key(work("a", "Smith", None, "A Study")) == "smithndstudy"


def test_an_elided_article_is_not_the_title_word() -> None:
    """``'t`` (Dutch *het*) is no word of the title's own; one-letter words are."""
    assert base_key(work("a", "'t Hooft", 2024, "'t Hooft's notation")) == "thooft2024hoofts"
    assert base_key(work("a", "Ritchie", 1978, "C: a language")) == "ritchie1978c"
    assert base_key(work("a", "Lee", 2020, "“’t Kofschip”")) == "lee2020kofschip"


def test_a_number_or_a_sign_is_not_the_title_word() -> None:
    """The year would run into the number: ``almasri202542``."""
    title = "42 U.S.C. § 1983 for Comparativists"
    assert base_key(work("a", "al-Masri", 2025, title)) == "almasri2025usc"
    assert base_key(work("a", "Smith", 2001, "2001: A Space Odyssey")) == "smith2001space"
    assert base_key(work("a", "Smith", 2021, "3D printing")) == "smith20213d"
    assert base_key(work("a", "Smith", 1984, "1984")) == "smith19841984"
    # With no word of letters, the first significant one: not a later number.
    assert base_key(work("a", "Smith", 1984, "1984 2001")) == "smith19841984"


def test_a_language_sign_after_a_letter_is_spelled_out() -> None:
    """``C``, ``C++`` and ``C#`` are three languages, not three ``c`` keys."""
    assert base_key(work("a", "Ng", 2024, "C# Source Generators")) == "ng2024csharp"
    assert base_key(work("a", "Ng", 2024, "The C++ Memory Model")) == "ng2024cpp"
    assert base_key(work("a", "Ng", 2024, "C++17 to Rust")) == "ng2024cpp17"
    assert base_key(work("a", "Ng", 2024, "F# for Fun")) == "ng2024fsharp"
    assert base_key(work("a", "Ng", 2024, "C Is Not a Low-Level Language")) == "ng2024c"
    # A sign before the letters, or standing alone, is still dropped.
    assert base_key(work("a", "Ng", 2024, "++i or i++")) == "ng2024i"
    assert base_key(work("a", "Ng", 2024, "#MeToo and the Press")) == "ng2024metoo"


def test_articles_and_prepositions_of_other_languages_and_greek_letters() -> None:
    """``die``, ``von``, ``über`` name nothing; a lone Greek letter is read by its name."""
    assert base_key(work("a", "Weiß", 2025, "Die Struktur der Ribosomen")) == "weiss2025struktur"
    assert base_key(work("a", "Weiß", 2025, "Über die Faltung")) == "weiss2025faltung"
    assert base_key(work("a", "Roux", 2020, "La mémoire et l'oubli")) == "roux2020memoire"
    assert base_key(work("a", "Weiß", 2024, "α-Helix packing")) == "weiss2024alphahelix"
    assert base_key(work("a", "Lee", 2024, "TNF-α trimers")) == "lee2024tnfalpha"
    assert base_key(work("a", "Lee", 2024, "Λ baryons")) == "lee2024lambda"


def test_key_year_is_the_cited_year() -> None:
    published = Published(type="article", venue="J", year=2013)
    paper = Work(
        id="p",
        kind="paper",
        title="Simplest Model",
        title_source="metadata",
        authors=(Creator("Tkačik", "G."),),
        year=2012,
        published=published,
    )
    assert base_key(paper) == "tkacik2013simplest"


def test_the_ledger_wins_over_the_year_policy() -> None:
    """A key keeps its year when the cited version (and so the entry's year) changes later."""
    preprint = work("p", "Perez", 2022, "Discovering Behaviors")
    assert citekeys([preprint]) == {"p": "perez2022discovering"}
    published = replace(preprint, published=Published(type="inproceedings", venue="ACL", year=2023))
    assert base_key(published) == "perez2023discovering"
    assert citekeys([published]) == {"p": "perez2023discovering"}
    assert citekeys([published], {"p": "perez2022discovering"}) == {"p": "perez2022discovering"}
    # The new key of another work never takes the old key, nor the one the policy would give.
    rival = work("r", "Perez", 2022, "Discovering Things")
    keys = citekeys([published, rival], {"p": "perez2022discovering"})
    assert keys == {"p": "perez2022discovering", "r": "perez2022discoveringa"}


def test_organisations_and_long_names() -> None:
    organisation = Work(
        id="o",
        kind="paper",
        title="Report",
        title_source="metadata",
        authors=(Creator("OpenAI Dota Team", organization=True),),
        year=2018,
    )
    assert base_key(organisation) == "openai2018report"
    long = work("l", "x" * 100, 2020, "y" * 200_000)
    assert base_key(long) == "x" * 24 + "2020" + "y" * 20


def test_collisions_get_suffixes_in_date_order() -> None:
    works = [
        work("late", "Smith", 2020, "Deep Learning", month=9),
        work("early", "Smith", 2020, "Deep Nets", month=2),
        work("other", "Jones", 2020, "Deep Learning"),
    ]
    assert citekeys(works) == {
        "early": "smith2020deepa",
        "late": "smith2020deepb",
        "other": "jones2020deep",
    }


def test_suffixes_never_run_out() -> None:
    works = [work(f"w{n:04d}", "Smith", 2020, "Deep") for n in range(800)]
    keys = citekeys(works)
    assert len(set(keys.values())) == 800
    assert keys["w0000"] == "smith2020deepa"
    assert keys["w0701"] == "smith2020deepzz"
    assert keys["w0702"] == "smith2020deepaaa"
    assert keys["w0799"] == "smith2020deepadt"


def test_adding_or_removing_a_work_never_changes_an_existing_key() -> None:
    works = [
        work("one", "Smith", 2020, "Deep Learning", month=5),
        work("two", "Lee", 2019, "Graphs"),
    ]
    ledger = citekeys(works)
    assert ledger == {"one": "smith2020deep", "two": "lee2019graphs"}
    earlier_collision = work("zero", "Smith", 2020, "Deep Thoughts", month=1)
    after_adding = citekeys([*works, earlier_collision], ledger)
    assert after_adding["one"] == "smith2020deep"
    assert after_adding["zero"] == "smith2020deepa"
    after_removing = citekeys([works[1], earlier_collision], after_adding)
    assert after_removing == {"two": "lee2019graphs", "zero": "smith2020deepa"}


def test_a_work_given_another_id_keeps_the_key_of_its_former_one() -> None:
    before = citekeys([work("paper-jun-12-weekly", "Lopez", 2023, "Weekly")])
    assert before == {"paper-jun-12-weekly": "lopez2023weekly"}
    renamed = replace(
        work("compost-heat", "Lopez", 2023, "Heat in compost"), former_id="paper-jun-12-weekly"
    )
    assert citekeys([renamed], before) == {"compost-heat": "lopez2023weekly"}
    # Not when the former id is still a work of its own: that work keeps its key.
    again = work("paper-jun-12-weekly", "Lopez", 2023, "Weekly")
    assert citekeys([again, renamed], before) == {
        "paper-jun-12-weekly": "lopez2023weekly",
        "compost-heat": "lopez2023heat",
    }


def test_keys_of_works_that_did_not_load_stay_reserved() -> None:
    pinned = {"a": "lopez2023weeklya", "b": "lopez2023weeklyb"}
    only_b = citekeys([work("b", "Lopez", 2023, "Weekly")], pinned)
    assert only_b == {"b": "lopez2023weeklyb"}
    newcomer = citekeys([work("c", "Lopez", 2023, "Weekly")], pinned, retired=("lopez2023weekly",))
    assert newcomer == {"c": "lopez2023weeklyc"}
    text = ledger_text(only_b, kept={"a": "lopez2023weeklya"}, retired=[("lopez2023weekly", "z")])
    assert '"a" = "lopez2023weeklya"' in text
    assert text.endswith('[retired]\n"lopez2023weekly" = "z"\n')


def test_ledger_errors_are_located() -> None:
    text = (
        '[keys]\n"a" = "smith2020x"\n"b" = "smith2020x"\n"c" = "Bad Key"\n"d" = "'
        + "k" * 65
        + '"\n'
    )
    ledger = parse_ledger(text, "citekeys.toml")
    assert ledger.keys == (("a", "smith2020x"),)
    assert [d.format().split("\n")[0] for d in ledger.diagnostics] == [
        "citekeys.toml:3:8: error[bib-key]: key 'smith2020x' is recorded for work 'b' and for work 'a' (line 2); 'a' keeps it, 'b' gets a new key",
        "citekeys.toml:4:8: error[bib-key]: key 'Bad Key' of work 'c' is not a valid citation key ([a-z][a-z0-9]*, at most 64 characters); the work gets a new key",
        "citekeys.toml:5:8: error[bib-key]: key '"
        + "k" * 65
        + "' of work 'd' is not a valid citation key ([a-z][a-z0-9]*, at most 64 characters); the work gets a new key",
    ]


@pytest.mark.parametrize("value", ["[]", '""', "1", '["x"]'])
def test_a_ledger_table_that_is_not_a_table_is_located(value: str) -> None:
    ledger = parse_ledger(f"keys = {value}\n", "citekeys.toml")
    assert ledger.keys == ()
    [only] = ledger.diagnostics
    assert only.format().startswith(
        "citekeys.toml:1:8: error[bib-key]: [keys] must be a table of strings"
    )


def test_bundled_ledger_matches_the_keys(corpus: Corpus) -> None:
    from tests.conftest import REFS

    text = (REFS / "citekeys.toml").read_text(encoding="utf-8")
    for w in corpus.works:
        assert f'"{w.id}" = "{w.citekey}"' in text
    assert "\n[retired]\n" not in text  # no key was ever retired
