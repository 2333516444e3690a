"""refs/amodei.json: current, valid CSL-JSON, imported by Zotero with every key, type and creator."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from feedcite.export.csljson import dumps_csl
from feedcite.model import Corpus
from tests.conftest import DATA, REFS

Item = dict[str, Any]


@pytest.fixture(scope="module")
def items() -> list[Item]:
    loaded: list[Item] = json.loads((REFS / "amodei.json").read_text(encoding="utf-8"))
    return loaded


def test_committed_file_is_current(corpus: Corpus) -> None:
    assert dumps_csl(corpus) == (REFS / "amodei.json").read_text(encoding="utf-8")


# Variables of CSL 1.0.2 that the vendored schema (CSL 1.0.1's, which forbids unknown
# properties) predates: ``citation-key`` is a standard variable and ``host``/``guest`` are
# name variables of the CSL 1.0.2 specification ("Appendix IV - Variables"). They are typed
# here as the schema types every other standard and name variable.
CSL_1_0_2_VARIABLES: dict[str, Any] = {
    "citation-key": {"type": "string"},
    "host": {"type": "array", "items": {"$ref": "#/definitions/name-variable"}},
    "guest": {"type": "array", "items": {"$ref": "#/definitions/name-variable"}},
}


def test_valid_against_the_csl_schema(items: list[Item]) -> None:
    schema = json.loads((DATA / "csl/csl-data.json").read_text(encoding="utf-8"))
    properties = schema["items"]["properties"]
    assert schema["items"]["additionalProperties"] is False
    assert not set(CSL_1_0_2_VARIABLES) & set(properties)
    properties.update(CSL_1_0_2_VARIABLES)
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(items, schema)
    assert len(items) == 35
    # Without the 1.0.2 variables the file is refused: the schema does check every key.
    del properties["citation-key"]
    with pytest.raises(jsonschema.ValidationError, match="'citation-key' was unexpected"):
        jsonschema.validate(items, schema)


def test_mapping(items: list[Item]) -> None:
    by_id = {item["id"]: item for item in items}
    kaplan = by_id["kaplan2020scaling"]
    assert (kaplan["type"], kaplan["number"], kaplan["DOI"], kaplan["citation-key"]) == (
        "article",
        "arXiv:2001.08361",
        "10.48550/arXiv.2001.08361",
        "kaplan2020scaling",
    )
    assert kaplan["issued"] == {"date-parts": [[2020, 1, 23]]}
    assert kaplan["title"] == "Scaling laws for neural language models"
    assert by_id["perez2022discovering"]["type"] == "paper-conference"
    assert by_id["perez2022discovering"]["DOI"] == "10.18653/v1/2023.findings-acl.847"
    assert "DOI" not in by_id["tkacik2012simplest"]
    assert by_id["tkacik2012simplest"]["issued"] == {"date-parts": [[2013]]}
    assert by_id["brundage2018malicious"]["type"] == "report"
    assert by_id["marblestone2013physical"]["type"] == "article-journal"
    lex = by_id["fridman2024dario"]
    assert (lex["type"], lex["collection-title"], lex["number"], lex["dimensions"]) == (
        "broadcast",
        "Lex Fridman Podcast",
        "452",
        "5:15:01",
    )
    assert lex["host"] == [{"family": "Fridman", "given": "Lex"}]
    assert [g["family"] for g in lex["guest"]] == ["Amodei", "Askell", "Olah"]
    assert "author" not in lex
    assert "container-title" not in lex  # it would make Zotero import a TV broadcast
    dwarkesh = by_id["patel2023dario"]
    assert (dwarkesh["type"], dwarkesh["collection-title"]) == (
        "motion_picture",
        "Dwarkesh Podcast",
    )
    assert by_id["mccandlish2018empirical"]["author"][-1] == {"literal": "OpenAI Dota Team"}
    fireside = by_id["amodei2023ai"]
    assert fireside["type"] == "speech"
    assert fireside["issued"] == {"date-parts": [[2023, 9, 25]], "circa": True}
    assert fireside["note"].endswith("The author list is incomplete.")
    assert "evidence" in fireside["custom"]


# Zotero's CSL-JSON import (Zotero.Utilities.Item.itemFromCSLJSON in zotero/utilities, with
# the CSL mappings of zotero/zotero-schema's schema.json, version 41): the rules it applies to
# the fields feedcite writes, as a table. Types: CSL type -> Zotero type, with the special cases
# it checks first; names: CSL name variable -> Zotero creator type, replaced by the item type's
# primary creator type when the type does not allow it; fields: whether the Zotero type has the
# field a CSL variable maps to (citation-key -> citationKey exists for every type used here).
ZOTERO_TYPES = {
    "article": "preprint",
    "article-journal": "journalArticle",
    "paper-conference": "conferencePaper",
    "report": "report",
    "broadcast": "podcast",
    "motion_picture": "film",
    "speech": "presentation",
    "post-weblog": "blogPost",
    "document": "document",
}
BROADCAST_TO_TV = (
    "archive",
    "archive_location",
    "container-title",
    "event-place",
    "publisher",
    "publisher-place",
    "source",
)
VIDEO_RECORDING = ("collection-title", "volume", "number-of-volumes", "ISBN")
CREATOR_TYPES = {
    "preprint": ("author",),
    "journalArticle": ("author",),
    "conferencePaper": ("author",),
    "report": ("author",),
    "podcast": ("podcaster", "guest"),
    "videoRecording": ("creator", "host", "guest"),
    "film": ("director",),
    "presentation": ("presenter",),
    "blogPost": ("author",),
    "tvBroadcast": ("director", "host", "guest"),
    "document": ("author",),
}
#: In the order of the schema's ``csl.names`` (Zotero creator types, alphabetical but for
#: ``author``), which is the order the import adds creators in: guests before the host.
CSL_NAMES = {"author": "author", "guest": "guest", "host": "host"}


def zotero_import(item: Item) -> tuple[str, list[tuple[str, str]], str | None]:
    """The Zotero item type, ``(creator type, family)`` pairs and citation key of ``item``."""
    kind = item["type"]
    if kind == "broadcast" and any(field in item for field in BROADCAST_TO_TV):
        zotero_type = "tvBroadcast"
    elif kind == "motion_picture" and any(field in item for field in VIDEO_RECORDING):
        zotero_type = "videoRecording"
    else:
        zotero_type = ZOTERO_TYPES[kind]
    allowed = CREATOR_TYPES[zotero_type]
    creators = []
    for variable, creator_type in CSL_NAMES.items():
        for name in item.get(variable, []):
            typed = creator_type if creator_type in allowed else allowed[0]
            creators.append((typed, name.get("family") or name.get("literal", "")))
    return zotero_type, creators, item.get("citation-key")


def test_zotero_import_keeps_every_key_type_and_creator(items: list[Item]) -> None:
    imported = {item["id"]: zotero_import(item) for item in items}
    assert sum(1 for item in items if imported[item["id"]][2] == item["id"]) == 35
    types = {key: zotero_type for key, (zotero_type, _, _) in imported.items()}
    assert types["fridman2024dario"] == "podcast"
    assert types["patel2023dario"] == "videoRecording"
    assert types["amodei2023ai"] == "presentation"
    assert types["kaplan2020scaling"] == "preprint"
    assert types["perez2022discovering"] == "conferencePaper"
    assert "film" not in types.values()
    assert "tvBroadcast" not in types.values()
    assert imported["fridman2024dario"][1] == [
        ("guest", "Amodei"),
        ("guest", "Askell"),
        ("guest", "Olah"),
        ("podcaster", "Fridman"),
    ]
    assert imported["patel2023dario"][1] == [("guest", "Amodei"), ("host", "Patel")]
    for item in items:
        _zotero_type, creators, _ = imported[item["id"]]
        people = sum(len(item.get(v, [])) for v in CSL_NAMES)
        assert len(creators) == people
        assert all(t != "director" for t, _ in creators), item["id"]
