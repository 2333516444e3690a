"""Shared fixtures: the bundled corpus (loaded once per test session) and test data paths."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import feedcite
from feedcite.model import Corpus

ROOT = Path(__file__).resolve().parent.parent
REFS = ROOT / "refs"
DATA = Path(__file__).resolve().parent / "data"
CAPTURES = REFS / "captures"

# Property tests are derandomized so that CI runs the same examples every time; the
# "explore" profile (HYPOTHESIS_PROFILE=explore) searches with fresh random examples.
# Generating data can be slow on a busy machine; how long it takes is not what is tested.
settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    database=None,
    print_blob=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore",
    max_examples=1000,
    database=None,
    print_blob=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Sphinx's `app` and `make_app` fixtures, for the test projects under tests/sphinx/roots/.
pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The bundled corpus with its curated metadata, glossary and ledger."""
    return feedcite.load_corpus(REFS / "corpus.toml")


@pytest.fixture(scope="session")
def feed_text() -> str:
    """The bundled feed's text."""
    return (CAPTURES / "amodei-feed.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site (docs/ over the bundled corpus), built with warnings as errors."""
    out = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html"]
    done = subprocess.run(
        [*command, "docs", str(out)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return out
