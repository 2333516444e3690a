"""Citation keys: the scheme, collisions in date order, and stability through the ledger."""

from __future__ import annotations

import re

from feedcite.enrich.citekeys import base_key, citekeys
from feedcite.model import Corpus, Creator, Work, YearSource

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
    assert keys["debate"] == "irving2018ai"
    assert keys["lex-fridman-452"] == "fridman2024dario"
    assert all(KEY_RE.match(k) for k in keys.values())
    assert len(set(keys.values())) == len(keys)


def test_scheme() -> None:
    assert (
        base_key(work("a", "Tkačik", 2014, "The Thermodynamics of Neurons"))
        == "tkacik2014thermodynamics"
    )
    assert (
        base_key(work("a", "Ó hÉigeartaigh", 2018, "On the Malicious Use"))
        == "oheigeartaigh2018malicious"
    )
    assert base_key(work("a", "Smith", None, "A Study")) == "smithndstudy"
    organisation = Work(
        id="o",
        kind="paper",
        title="Report",
        title_source="metadata",
        authors=(Creator("OpenAI Dota Team", organization=True),),
        year=2018,
    )
    assert base_key(organisation) == "openai2018report"


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
    assert after_adding["two"] == "lee2019graphs"
    assert after_adding["zero"] == "smith2020deepa"
    after_removing = citekeys([works[1], earlier_collision], after_adding)
    assert after_removing == {"two": "lee2019graphs", "zero": "smith2020deepa"}


def test_bundled_ledger_matches_the_keys(corpus: Corpus) -> None:
    from tests.conftest import REFS

    text = (REFS / "citekeys.toml").read_text(encoding="utf-8")
    for w in corpus.works:
        assert f'"{w.id}" = "{w.citekey}"' in text
