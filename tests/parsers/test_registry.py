"""The format registry: the five built-in formats, and a sixth one added from outside.

``tests/formats/captions.py`` declares SRT captions as a format in one module; registering
it is all it takes for detection, parsing, strict mode, text units (mentions and glossary
uses), identity and the JSON export to handle it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

import feedcite
from feedcite import parsers
from feedcite.enrich.context import Context
from feedcite.errors import Code, ParseErrors
from feedcite.export.jsonexport import SHAPES, schema, to_json
from feedcite.glossary_file import parse_glossary_file
from feedcite.parsers import Format
from tests.formats import captions

SRT = """1
00:00:01,000 --> 00:00:04,200
Welcome back to the Garden Hour.

2
00:00:04,500 --> 00:00:09,000
Today: composting in small spaces,
with three bays and a fork.

3
00:00:09,500 --> 00:00:12,000
Composting starts with browns and greens.
"""

GLOSSARY = """
[[term]]
id = "composting"
term = "composting"
definition = "Turning plant waste into soil by letting it decompose."
"""


@pytest.fixture
def registered() -> Iterator[Format[captions.Captions]]:
    parsers.register(captions.FORMAT)
    try:
        yield captions.FORMAT
    finally:
        parsers.unregister(captions.KIND)


def test_the_builtin_formats_in_the_order_they_are_tried() -> None:
    assert [f.kind for f in parsers.formats()] == [
        "feed",
        "transcript",
        "notes",
        "summary",
        "review",
    ]
    assert [f.label for f in parsers.formats()] == [
        "Feed",
        "Transcript",
        "Reading notes",
        "Summary page",
        "Review",
    ]


def test_every_builtin_format_has_a_json_shape_of_its_own() -> None:
    assert {f.kind for f in parsers.formats()} == SHAPES


def test_an_unregistered_format_is_not_recognised() -> None:
    document = feedcite.parse_document(SRT, "talk.srt")
    assert [d.code for d in document.diagnostics] == [Code.FORMAT_UNKNOWN]
    assert document.diagnostics[0].message == (
        "cannot tell the format of this file (feed, transcript, notes, summary or review); "
        "give it with --format"
    )


@pytest.mark.usefixtures("registered")
def test_a_registered_format_is_detected_and_parsed() -> None:
    document = feedcite.parse_document(SRT, "talk.srt")
    assert isinstance(document, captions.Captions)
    assert [(c.number, c.start_seconds, c.span.line, c.span.end_line) for c in document.cues] == [
        (1, 1.0, 1, 3),
        (2, 4.5, 5, 8),
        (3, 9.5, 10, 12),
    ]
    assert document.cues[1].text == "Today: composting in small spaces, with three bays and a fork."
    assert parsers.format_of(document) is captions.FORMAT


@pytest.mark.usefixtures("registered")
def test_strict_mode_and_located_errors_come_from_the_registry() -> None:
    broken = SRT.replace("00:00:04,500 --> 00:00:09,000", "soon")
    document = feedcite.parse_document(broken, "talk.srt", kind="captions")
    assert [(d.code, d.span.line) for d in document.diagnostics] == [(Code.FORMAT_UNKNOWN, 5)]
    with pytest.raises(ParseErrors) as raised:
        feedcite.parse_document(broken, "talk.srt", kind="captions", strict=True)
    assert [d.span.line for d in raised.value.diagnostics] == [5]


def test_a_kind_that_is_not_registered_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"unknown format 'captions' \(expected feed, "):
        feedcite.parse_document(SRT, "talk.srt", kind="captions")


def test_a_builtin_format_cannot_be_replaced() -> None:
    with pytest.raises(ValueError, match="'feed' is a built-in format"):
        parsers.register(parsers.formats()[0])


def test_a_format_must_declare_every_hook() -> None:
    with pytest.raises(TypeError, match="units"):
        Format(  # type: ignore[call-arg]  # what mypy reports statically, the call reports too
            kind="x",
            label="X",
            record=captions.Captions,
            detect=captions.detect,
            read=captions.read,
            head=captions.identity,
        )


@pytest.mark.usefixtures("registered")
def test_text_units_glossary_uses_and_json_of_a_registered_format(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    path.write_text(SRT, encoding="utf-8")
    glossary = parse_glossary_file(GLOSSARY, "glossary.toml")
    corpus = feedcite.load_paths([path], context=Context(glossary=glossary))
    uses = [(o.location.kind, o.location.paragraph, o.text) for o in corpus.glossary[0].occurrences]
    assert uses == [("captions", 1, "composting"), ("captions", 2, "Composting")]
    data = to_json(corpus)
    jsonschema.validate(data, schema())
    document = data["documents"][0]
    assert (document["kind"], document["path"]) == ("captions", str(path))
    assert [cue["number"] for cue in document["cues"]] == [1, 2, 3]
    assert document["cues"][0]["text"] == "Welcome back to the Garden Hour."
    assert document["cues"][0]["span"] == {"path": str(path), "line": 1, "column": 1}
    assert json.loads(json.dumps(data)) == data
