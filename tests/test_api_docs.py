"""The library reference (``docs/guide/api/``) documents every public name."""

from __future__ import annotations

import importlib
import re

import pytest

from tests.conftest import ROOT

API = ROOT / "docs" / "guide" / "api"
_DIRECTIVE_RE = re.compile(r"^\.\. auto(\w+):: ([\w.]+)\n((?:   :.*\n)*)", re.MULTILINE)
MODULES = ["feedcite", "feedcite.model", "feedcite.library", "feedcite.match", "feedcite.project"]


def documented() -> set[str]:
    """The last part of every name an autodoc directive of the reference documents."""
    names: set[str] = set()
    for page in API.rglob("*.md"):
        for kind, target, options in _DIRECTIVE_RE.findall(page.read_text(encoding="utf-8")):
            if kind != "module":
                names.add(target.rsplit(".", 1)[-1])
                continue
            listed = re.search(r"^   :members:(.*)$", options, re.MULTILINE)
            if listed is None:
                continue
            members = [m.strip() for m in listed[1].split(",") if m.strip()]
            names.update(members or importlib.import_module(target).__all__)
    return names


@pytest.mark.parametrize("module", MODULES)
def test_every_public_name_is_in_the_reference(module: str) -> None:
    public = {n for n in importlib.import_module(module).__all__ if not n.startswith("__")}
    missing = sorted(public - documented())
    assert missing == []


def test_no_reference_page_is_one_long_page() -> None:
    """Split by part, no page holds more than 40 objects (the single page held 300)."""
    for page in API.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert len(_DIRECTIVE_RE.findall(text)) <= 40, page.name
