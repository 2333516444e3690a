"""The package's layering: every module imports on its own, every public type resolves.

An import cycle only shows when a module of the cycle is the first one imported, so each
module is imported into an interpreter that has no feedcite module loaded yet. And tools
that read annotations at run time (cattrs, pydantic, ``typing.get_type_hints``) must be
able to resolve every public dataclass's hints, which a ``TYPE_CHECKING``-only import breaks.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import sys
import typing
from collections.abc import Iterator

import pytest

import feedcite


def _modules() -> list[str]:
    names = ["feedcite"]
    for info in pkgutil.walk_packages(feedcite.__path__, "feedcite."):
        if not info.name.endswith("__main__"):
            names.append(info.name)
    return sorted(names)


MODULES = _modules()


@pytest.fixture
def fresh_feedcite() -> Iterator[None]:
    """Unload feedcite for the test, and restore the loaded modules afterwards."""
    saved = {name: mod for name, mod in sys.modules.items() if name.split(".")[0] == "feedcite"}
    for name in saved:
        del sys.modules[name]
    try:
        yield
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] == "feedcite"]:
            del sys.modules[name]
        sys.modules.update(saved)


def test_the_package_has_the_expected_layers() -> None:
    assert {"feedcite.span", "feedcite.enrich.context", "feedcite.enrich.pipeline"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
@pytest.mark.usefixtures("fresh_feedcite")
def test_module_imports_on_its_own(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__name__ == name


def _public_dataclasses() -> list[tuple[str, str]]:
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attribute in getattr(module, "__all__", []):
            value = getattr(module, attribute)
            # Each class once, in the module that defines it.
            if (
                isinstance(value, type)
                and dataclasses.is_dataclass(value)
                and value.__module__ == name
            ):
                found.append((name, attribute))
    return found


DATACLASSES = _public_dataclasses()


def test_the_public_dataclasses_are_found() -> None:
    names = {attribute for _, attribute in DATACLASSES}
    assert {"SourceSpan", "Diagnostic", "Feed", "Work", "Corpus", "Context"} <= names


@pytest.mark.parametrize(("module_name", "name"), DATACLASSES)
def test_public_dataclass_resolves_its_type_hints(module_name: str, name: str) -> None:
    record = getattr(importlib.import_module(module_name), name)
    hints = typing.get_type_hints(record)
    assert set(hints) >= {f.name for f in dataclasses.fields(record)}
