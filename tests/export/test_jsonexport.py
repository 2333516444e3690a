"""The JSON export: valid against the shipped schema, with the documented keys, deterministic."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

import feedcite
from feedcite.export.jsonexport import dumps, schema, to_json, work_json, write_json
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
    assert data["schema"] == "feedcite/2"
    documents = data["documents"]
    works = data["works"]
    assert isinstance(documents, list)
    assert isinstance(works, list)
    feed = documents[0]
    assert (feed["kind"], feed["subject"], len(feed["items"])) == ("feed", "Dario Amodei", 34)
    assert (feed["items_in"], feed["skipped"]) == (34, [])
    # Each work is written once, in "works"; the feed lists its items by work id.
    by_id = {work["id"]: work for work in works}
    assert len(by_id) == len(works)
    for work_id in feed["items"]:
        assert set(by_id[work_id]) >= ITEM_KEYS
    nineteenth = by_id[feed["items"][18]]
    assert nineteenth["tags"] == [
        "scaling-laws",
        "neural-language-models",
        "language-models",
        "compute-efficiency",
        "model-training",
        "overfitting",
        "arxiv-paper",
    ]
    assert nineteenth["item"] == {
        "path": feed["path"],
        "index": 19,
        "line": 74,
        "end_line": 77,
        "summary": {"line": 75, "column": 1, "end_line": 75},
        "tags": {"line": 76, "column": 1, "end_line": 76},
        "claim": {"line": 77, "column": 1, "end_line": 77},
        "tag_line": "scaling-lawsneural-language-modelslanguage-modelscompute-efficiencymodel-"
        "trainingoverfittingarxiv-paper",
        "claim_quoted": True,
    }
    episodes = [work for work in works if work["item"] is None]
    assert len(episodes) == 1
    assert data["errors"] == []
    warnings = data["warnings"]
    assert isinstance(warnings, list)
    for warning in warnings:
        assert set(warning) == {"path", "line", "column", "code", "message", "severity"}


def test_compact_and_indented_json_are_the_same_data(corpus: Corpus) -> None:
    compact = dumps(corpus, indent=None)
    indented = dumps(corpus)
    assert compact.count("\n") == 1
    assert compact.endswith("}\n")
    assert json.loads(compact) == json.loads(indented) == to_json(corpus)
    assert indented == json.dumps(to_json(corpus), ensure_ascii=False, indent=2) + "\n"


def test_written_as_a_stream(corpus: Corpus) -> None:
    """write_json writes one element at a time: many small writes, no whole string."""
    writes: list[str] = []

    class Stream(io.StringIO):
        def write(self, text: str) -> int:
            writes.append(text)
            return len(text)

    write_json(corpus, Stream())
    assert "".join(writes) == dumps(corpus, indent=None)
    written = set(writes)
    for work in corpus.works:
        assert json.dumps(work_json(work), ensure_ascii=False, separators=(",", ":")) in written


def test_skipped_feed_items_keep_their_raw_text_and_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "f.txt").write_text(
        "Chronological feed of everything captured from Jane Roe.\n"
        "paper / janeroe / Feb 30\nA summary.\nai-safety\n“A claim.”\n"
        "paper / janeroe / Jan 3\nA summary.\nai-safety\n“Another claim.”\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    corpus = feedcite.load_paths(["f.txt"])
    (feed,) = to_json(corpus)["documents"]
    assert (feed["items_in"], len(feed["items"])) == (2, 1)
    assert feed["skipped"] == [
        {
            "index": 1,
            "raw": "paper / janeroe / Feb 30\nA summary.\nai-safety\n“A claim.”",
            "path": "f.txt",
            "line": 2,
            "column": 1,
            "end_line": 5,
            "error": {
                "path": "f.txt",
                "line": 2,
                "column": 23,
                "code": "feed-day",
                "severity": "error",
                "message": "impossible date Feb 30 (Feb has at most 29 days); item skipped",
            },
        }
    ]
    jsonschema.validate(to_json(corpus), schema())


def test_a_transcript_with_no_chapter_list_keeps_its_text_in_one_chapter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The transcript is read as one chapter (its title, from 0:00): its paragraphs are in
    the JSON, as on the site."""
    (tmp_path / "t.txt").write_text(
        "Back to Index\n\nA Talk About Soil\n\nTranscript\n\nFirst paragraph.\n\n"
        "Second paragraph.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    (transcript,) = to_json(feedcite.load_paths(["t.txt"]))["documents"]
    (chapter,) = transcript["chapters"]
    assert (chapter["title"], chapter["start"], chapter["line"]) == ("A Talk About Soil", "0:00", 3)
    assert [p["text"] for p in chapter["paragraphs"]] == ["First paragraph.", "Second paragraph."]
    assert transcript["paragraph_count"] == 2
    jsonschema.validate(to_json(feedcite.load_paths(["t.txt"])), schema())


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
    # Blocks carry their lines, so their order around a section's tables is kept.
    block = notes["sections"][0]["blocks"][0]
    assert (block["path"], type(block["line"]), block["column"]) == (notes["path"], int, 1)
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
