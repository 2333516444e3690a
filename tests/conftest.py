"""Shared fixtures: the bundled corpus (loaded once per test session) and test data paths."""

from __future__ import annotations

from pathlib import Path

import pytest

import feedcite
from feedcite.model import Corpus

ROOT = Path(__file__).resolve().parent.parent
REFS = ROOT / "refs"
DATA = Path(__file__).resolve().parent / "data"
CAPTURES = REFS / "captures"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The bundled corpus with its curated metadata, glossary and ledger."""
    return feedcite.load_corpus(REFS / "corpus.toml")


@pytest.fixture(scope="session")
def feed_text() -> str:
    """The bundled feed's text."""
    return (CAPTURES / "amodei-feed.txt").read_text(encoding="utf-8")
