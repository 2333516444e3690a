"""Count in equals count out: every feed item is in the JSON, the BibTeX, the CSL-JSON and on
the site, or it is listed as an error, for the bundled corpus and for a damaged copy of it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import bibtexparser
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

import feedcite
from feedcite.errors import Code
from feedcite.export.bibtex import BibOptions, write_bibtex
from feedcite.export.csljson import dumps_csl
from feedcite.export.jsonexport import dumps
from feedcite.model import Corpus
from feedcite.parsers.feed import SKIPPED_ITEM_CODES
from tests.conftest import REFS

#: An item's first line, as the format defines it (independently of the parser's pattern).
HEAD = re.compile(r"^\S+ / \S+ / [A-Za-z]+ \d{1,2}$")


def heads_in(text: str) -> list[int]:
    """Line numbers of every item head (duplicates included) in a feed's text."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if HEAD.match(line.strip())]


def outputs(corpus: Corpus) -> tuple[dict[str, object], list[str], list[str]]:
    """The JSON, the BibTeX keys and the CSL-JSON ids of a corpus."""
    data = json.loads(dumps(corpus))
    library = bibtexparser.parse_string(write_bibtex(corpus, BibOptions()))
    assert library.failed_blocks == []
    keys = [entry.key for entry in library.entries]
    ids = [str(item["id"]) for item in json.loads(dumps_csl(corpus))]
    return data, keys, ids


def account(corpus: Corpus, heads: list[int], feed_path: str) -> None:
    """Every item of the feed (its head's line) is a work in every output, or an error."""
    from_feed = [w for w in corpus.works if w.item is not None]
    skipped = [
        d for d in corpus.errors if d.span.path == feed_path and d.code in SKIPPED_ITEM_CODES
    ]
    assert len(from_feed) + len(skipped) == len(heads)
    # Each head is accounted for exactly once, by a work or by an error on its line or
    # inside its item.
    lines = sorted(heads)
    owners: dict[int, int] = {}
    for work in from_feed:
        assert work.item is not None
        owners[work.item.span.line] = owners.get(work.item.span.line, 0) + 1
    for error in skipped:
        head = max(n for n in lines if n <= error.span.line)
        owners[head] = owners.get(head, 0) + 1
    assert owners == dict.fromkeys(lines, 1)

    data, keys, ids = outputs(corpus)
    works = data["works"]
    assert isinstance(works, list)
    assert len(works) == len(corpus.works) == len(keys) == len(ids)
    assert sorted(keys) == sorted(w.citekey for w in corpus.works)
    assert sorted(ids) == sorted(w.citekey for w in corpus.works)
    errors = data["errors"]
    assert isinstance(errors, list)
    listed = {(e["path"], e["line"]) for e in errors}
    for error in skipped:
        assert (error.span.path, error.span.line) in listed


def test_the_bundled_corpus_loses_nothing(corpus: Corpus, feed_text: str) -> None:
    assert corpus.errors == ()
    account(corpus, heads_in(feed_text), "refs/captures/amodei-feed.txt")
    episodes = [w for w in corpus.works if w.item is None]
    assert len(episodes) == 1  # Lex Fridman #452; the Dwarkesh episode is a feed item


def damage(text: str) -> tuple[str, list[int]]:
    """The feed with three items broken in three ways and one duplicated; and the lines of
    its item heads (the broken ones included)."""
    lines = text.splitlines()
    heads = heads_in(text)
    first, second, third, fourth = heads[3], heads[7], heads[11], heads[15]
    lines[first - 1] = lines[first - 1].rsplit(" ", 2)[0] + " Smarch 3"  # unknown month
    lines[second + 2] = ""  # the claim line of the eighth item
    lines[third - 1] = lines[third - 1].replace(" / ", " ", 1)  # a head that does not parse
    lines[fourth + 3 : fourth + 3] = lines[fourth - 1 : fourth + 3]  # a duplicated item
    after = [n + 4 if n > fourth else n for n in heads]
    return "\n".join(lines) + "\n", sorted([*after, fourth + 4])


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A copy of refs/ whose feed is damaged; returns its corpus.toml."""
    copy = tmp_path / "refs"
    shutil.copytree(REFS, copy)
    feed = copy / "captures" / "amodei-feed.txt"
    feed.write_text(damage(feed.read_text(encoding="utf-8"))[0], encoding="utf-8")
    return copy / "corpus.toml"


def test_a_damaged_corpus_accounts_for_every_item(damaged: Path, feed_text: str) -> None:
    corpus = feedcite.load_corpus(damaged)
    path = next(w.item.span.path for w in corpus.works if w.item is not None)
    account(corpus, damage(feed_text)[1], path)
    codes = sorted(str(d.code) for d in corpus.errors if d.span.path == path)
    assert codes == ["feed-duplicate", "feed-item-header", "feed-missing-line", "feed-month"]
    # The curated entries of the three skipped items now match nothing: said, not dropped.
    no_match = [d for d in corpus.errors if d.code is Code.META_NO_MATCH]
    assert len(no_match) == 3


def test_the_site_of_a_damaged_corpus_accounts_for_every_item(tmp_path: Path) -> None:
    """The bibliography shows every work; the feed's page lists every skipped item."""
    source = Path(__file__).parent.parent / "sphinx" / "roots" / "test-basic"
    project = tmp_path / "project"
    shutil.copytree(source, project)
    feed = project / "refs" / "captures" / "roe-feed.txt"
    text = feed.read_text(encoding="utf-8")
    feed.write_text(text.replace("paper / marialopez / Jun 12", "paper / marialopez / Jun 31"))
    app = SphinxTestApp("html", srcdir=project, builddir=tmp_path / "build", freshenv=True)
    try:
        app.build()
        warnings = app.warning.getvalue()
    finally:
        app.cleanup()
    assert "roe-feed.txt:6:26: WARNING: impossible date Jun 31" in warnings
    assert "item skipped [feedcite.feed-day]" in warnings
    out = tmp_path / "build" / "html"
    bibliography = BeautifulSoup(
        (out / "bibliography.html").read_text(encoding="utf-8"), "html.parser"
    )
    corpus = feedcite.load_corpus(project / "refs" / "corpus.toml")
    entries = bibliography.select("div.feedcite-entry")
    assert len(entries) == len(corpus.works) == 2  # the two items left (one is the episode)
    page = BeautifulSoup(
        (out / "generated" / "documents" / "roe-feed.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    noticed = page.select_one("details.feedcite-how")
    assert noticed is not None
    assert "line 6, error[feed-day]" in noticed.get_text()
    assert "impossible date Jun 31" in noticed.get_text()
    from_feed = [w for w in corpus.works if w.item is not None]
    assert len(heads_in(text)) == len(from_feed) + 1  # three items: two works and one error
