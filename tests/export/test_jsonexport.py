"""The JSON export: valid against the shipped schema, with the documented keys, deterministic."""

from __future__ import annotations

import json

import jsonschema
import pytest

import feedcite
from feedcite.export.jsonexport import dumps, schema, to_json
from feedcite.model import Corpus
from tests.conftest import REFS

ITEM_KEYS = {
    "id",
    "kind",
    "handle",
    "month",
    "day",
    "year",
    "year_source",
    "title",
    "authors",
    "arxiv",
    "doi",
    "url",
    "venue",
    "tags",
    "summary",
    "claim",
    "line",
}


@pytest.fixture(scope="module")
def data(corpus: Corpus) -> dict[str, object]:
    return to_json(corpus)


def test_valid_against_the_schema(data: dict[str, object]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(data, schema())


def test_top_level_and_feed_items(data: dict[str, object]) -> None:
    assert list(data) == [
        "schema",
        "documents",
        "works",
        "links",
        "glossary",
        "tag_groups",
        "errors",
        "warnings",
    ]
    assert data["schema"] == "feedcite/1"
    documents = data["documents"]
    assert isinstance(documents, list)
    feed = documents[0]
    assert (feed["kind"], feed["subject"], len(feed["items"])) == ("feed", "Dario Amodei", 34)
    for item in feed["items"]:
        assert set(item) >= ITEM_KEYS
    assert feed["items"][18]["tags"] == [
        "scaling-laws",
        "neural-language-models",
        "language-models",
        "compute-efficiency",
        "model-training",
        "overfitting",
        "arxiv-paper",
    ]
    assert data["errors"] == []
    warnings = data["warnings"]
    assert isinstance(warnings, list)
    for warning in warnings:
        assert set(warning) == {"path", "line", "column", "code", "message", "severity"}


def test_other_documents_have_their_keys(data: dict[str, object]) -> None:
    documents = data["documents"]
    assert isinstance(documents, list)
    kinds = {d["kind"]: d for d in documents}
    transcript = kinds["transcript"]
    chapter = transcript["chapters"][1]
    assert {"index", "start", "start_seconds", "title", "guest", "paragraphs"} <= set(chapter)
    assert {"text", "approx_seconds"} <= set(chapter["paragraphs"][0])
    assert len(transcript["chapters"]) == 40
    notes = kinds["notes"]
    assert {"title", "questions", "glossary", "sections", "tables"} <= set(notes)
    assert notes["tables"][0]["header"] == ["Level", "Trigger", "Response"]
    assert notes["sections"][0]["chapter_refs"][0] == {
        "title": "Scaling laws",
        "chapter_index": 1,
        "path": notes["path"],
        "line": 44,
        "column": 14,
    }
    summary = kinds["summary"]
    assert {"title", "takeaways", "quotes", "questions"} <= set(summary)
    assert set(summary["quotes"][0]) >= {"text", "speaker"}
    review = kinds["review"]
    assert {"title", "paragraphs", "related_topics"} <= set(review)
    assert data["links"]
    assert {"id", "term", "occurrences"} <= set(data["glossary"][0])  # type: ignore[index]


def test_deterministic(corpus: Corpus) -> None:
    again = feedcite.load_corpus(REFS / "corpus.toml")
    assert dumps(again) == dumps(corpus)
    json.loads(dumps(corpus))
