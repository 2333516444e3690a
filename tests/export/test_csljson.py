"""refs/amodei.json: current, valid CSL-JSON, rendered by citeproc-py."""

from __future__ import annotations

import json
import warnings

import jsonschema
import pytest

from feedcite.export.csljson import dumps_csl
from feedcite.model import Corpus
from tests.conftest import DATA, REFS


@pytest.fixture(scope="module")
def items() -> list[dict[str, object]]:
    loaded: list[dict[str, object]] = json.loads((REFS / "amodei.json").read_text(encoding="utf-8"))
    return loaded


def test_committed_file_is_current(corpus: Corpus) -> None:
    assert dumps_csl(corpus) == (REFS / "amodei.json").read_text(encoding="utf-8")


def test_valid_against_the_csl_schema(items: list[dict[str, object]]) -> None:
    schema = json.loads((DATA / "csl/csl-data.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(items, schema)
    assert len(items) == 35


def test_mapping(items: list[dict[str, object]]) -> None:
    by_id = {item["id"]: item for item in items}
    kaplan = by_id["kaplan2020scaling"]
    assert (kaplan["type"], kaplan["number"], kaplan["DOI"]) == (
        "article",
        "arXiv:2001.08361",
        "10.48550/arXiv.2001.08361",
    )
    assert kaplan["issued"] == {"date-parts": [[2020, 1, 23]]}
    assert by_id["perez2022discovering"]["type"] == "paper-conference"
    assert by_id["brundage2018malicious"]["type"] == "report"
    assert by_id["marblestone2013physical"]["type"] == "article-journal"
    lex = by_id["fridman2024dario"]
    assert (lex["type"], lex["container-title"], lex["number"], lex["dimensions"]) == (
        "broadcast",
        "Lex Fridman Podcast",
        "452",
        "5:15:01",
    )
    assert by_id["patel2023dario"]["type"] == "motion_picture"
    assert by_id["mccandlish2018empirical"]["author"][-1] == {"literal": "OpenAI Dota Team"}  # type: ignore[index]


def test_citeproc_renders_every_item(items: list[dict[str, object]]) -> None:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL fields it does not model
        source = CiteProcJSON(items)
        style = CitationStylesStyle("harvard-cite-them-right", validate=False)
        bibliography = CitationStylesBibliography(style, source, formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(str(item["id"]))]))
        rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == 35
    kaplan = next(
        r
        for r in rendered
        if "Scaling laws for neural language models" in r
        or "Scaling Laws for Neural Language Models" in r
    )
    assert "Kaplan" in kaplan
    assert "2020" in kaplan
