"""Fuzzing the parsers with mutations of the real documents.

Hypothesis deletes, duplicates, swaps and truncates lines of the bundled captures and
injects characters (NUL, invalid UTF-8, line separators, quotes, braces, markup) into
them. Whatever comes out, a parser may only return a document with diagnostics (or, in
strict mode, raise :class:`~feedcite.errors.ParseErrors`), and lenient parsing must keep
every item the mutations left intact. CI runs a fixed number of examples with a fixed
seed (the ``ci`` profile of ``tests/conftest.py``); ``HYPOTHESIS_PROFILE=explore``
searches afresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedcite.errors import ParseErrors
from feedcite.model import Feed, Notes, Transcript
from feedcite.parsers import parse_document
from feedcite.parsers._text import normalize_space
from feedcite.parsers.feed import SKIPPED_ITEM_CODES
from tests.conftest import CAPTURES

DOCUMENTS = {path.name: path.read_bytes() for path in sorted(CAPTURES.iterdir())}


@cache
def parsed(name: str, as_name: str) -> object:
    """A bundled capture parsed once (documents are frozen: examples may share them)."""
    return parse_document(DOCUMENTS[name], as_name)


INJECTED = [
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\r",
    b"\xe2\x80\xa8",  # U+2028 LINE SEPARATOR
    b"\xef\xbb\xbf",  # a BOM in the middle
    "“".encode(),
    b'"',
    b"{",
    b"}",
    b"\\",
    b"%",
    b"[\xc2\xa7 ",  # "[§ "
    b"<script>",
    b"```{include} x```",
    b" / x / Feb 30",
    b"\t",
]


@dataclass(frozen=True)
class Mutation:
    """One change to a document's lines: what, where (line indexes, a column), what text."""

    op: str
    at: int
    to: int = 0
    column: int = 0
    text: bytes = b""

    def apply(self, lines: list[bytes]) -> None:
        if not lines:
            return
        i, j = self.at % len(lines), self.to % len(lines)
        if self.op == "delete":
            del lines[i]
        elif self.op == "duplicate":
            lines.insert(j, lines[i])
        elif self.op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif self.op == "truncate":
            del lines[i + 1 :]
            lines[i] = lines[i][: self.column % (len(lines[i]) + 1)]
        elif self.op == "inject":
            column = self.column % (len(lines[i]) + 1)
            lines[i] = lines[i][:column] + self.text + lines[i][column:]
        elif self.op == "blank":
            lines.insert(i, b"")


MUTATION = st.builds(
    Mutation,
    op=st.sampled_from(["delete", "duplicate", "swap", "truncate", "inject", "blank"]),
    at=st.integers(0, 10_000),
    to=st.integers(0, 10_000),
    column=st.integers(0, 400),
    text=st.sampled_from(INJECTED),
)


def mutate(data: bytes, mutations: list[Mutation]) -> bytes:
    lines = data.split(b"\n")
    for mutation in mutations:
        mutation.apply(lines)
    return b"\n".join(lines)


def text_lines(data: bytes) -> list[str]:
    """Lines as the parsers see them, for deciding what a mutation left intact."""
    return [line.rstrip() for line in data.decode("utf-8", errors="replace").split("\n")]


def nonblank_runs(lines: list[str]) -> list[tuple[str, ...]]:
    runs: list[tuple[str, ...]] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            runs.append(tuple(current))
            current = []
    return runs


def intact_feed_items(original: Feed, mutated: bytes) -> list[tuple[str, ...]]:
    """Items whose four lines still stand together, in order, between item heads.

    An item is intact when its four lines follow each other with nothing but blank lines
    between them, are preceded by the start of the file, a blank line or a key claim, and
    are followed by the end of the file or another item's first line.
    """
    lines = [line.strip() for line in text_lines(mutated) if line.strip()]
    heads = {item.raw.split("\n")[0].strip() for item in original.items}
    intact = []
    for item in original.items:
        block = [line.strip() for line in item.raw.split("\n")]
        for start in range(len(lines) - 3):
            if lines[start : start + 4] != block:
                continue
            after = lines[start + 4] if start + 4 < len(lines) else None
            if after is None or after in heads:
                intact.append(tuple(block))
                break
    return intact


def run(name: str, data: bytes) -> object:
    """Parse leniently, then strictly; only ParseErrors may come out of the strict run."""
    document = parse_document(data, name)
    errors = [d for d in document.diagnostics if d.is_error]
    if errors:
        with pytest.raises(ParseErrors) as raised:
            parse_document(data, name, strict=True)
        assert list(raised.value.diagnostics) == errors
    else:
        parse_document(data, name, strict=True)
    return document


#: The budget comes from the profile: 60 examples per test in CI, 1000 when exploring.
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(mutations=st.lists(MUTATION, min_size=1, max_size=6))
def test_feed_keeps_every_intact_item(mutations: list[Mutation]) -> None:
    original = parsed("amodei-feed.txt", "feed.txt")
    assert isinstance(original, Feed)
    data = mutate(DOCUMENTS["amodei-feed.txt"], mutations)
    document = run("feed.txt", data)
    if not isinstance(document, Feed):
        return  # the mutations made it another format (for example, by deleting the header)
    kept = {tuple(item.raw.split("\n")) for item in document.items}
    kept_stripped = {tuple(line.strip() for line in raw) for raw in kept}
    for block in intact_feed_items(original, data):
        assert block in kept_stripped, block
    # Count in equals count out: every item head is an item or an error that skipped it.
    skipped = [d for d in document.diagnostics if d.code in SKIPPED_ITEM_CODES]
    assert len(document.items) + len(skipped) == document.item_count_in


@FUZZ
@given(mutations=st.lists(MUTATION, min_size=1, max_size=6))
def test_transcript_keeps_every_intact_paragraph(mutations: list[Mutation]) -> None:
    name = "lex-fridman-452-transcript.txt"
    original = parsed(name, name)
    assert isinstance(original, Transcript)
    data = mutate(DOCUMENTS[name], mutations)
    document = run(name, data)
    if not isinstance(document, Transcript):
        return
    lines = text_lines(data)
    runs = set(nonblank_runs(lines))
    kept = {normalize_space(p.text) for p in document.paragraphs}
    if "Transcript" not in lines:
        return
    heading = lines.index("Transcript")
    # Where each line first stands (as list.index finds it), looked up once per paragraph.
    first_at: dict[str, int] = {}
    for position, line in enumerate(lines):
        first_at.setdefault(line, position)
    for paragraph in original.paragraphs:
        if (paragraph.text,) in runs and first_at[paragraph.text] > heading:
            assert paragraph.text in kept, paragraph.text[:80]


@FUZZ
@given(mutations=st.lists(MUTATION, min_size=1, max_size=6))
def test_notes_keep_every_intact_glossary_entry(mutations: list[Mutation]) -> None:
    name = "lex-fridman-452-notes.txt"
    original = parsed(name, name)
    assert isinstance(original, Notes)
    data = mutate(DOCUMENTS[name], mutations)
    document = run(name, data)
    if not isinstance(document, Notes):
        return
    lines = text_lines(data)
    if lines.count("Glossary") != 1:
        return
    start = lines.index("Glossary")
    # The glossary runs to the next heading: a line after two blank lines, a "Title
    # [§ Chapter]" line, or the "Four questions" or "Glossary" heading, anywhere.
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if (lines[i] and not lines[i - 1] and not lines[i - 2])
            or (lines[i].startswith(tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) and "[§" in lines[i])
            or lines[i].lower().startswith(("four questions", "glossary"))
        ),
        len(lines),
    )
    kept = {(e.term, e.definition) for e in document.glossary}
    source = text_lines(DOCUMENTS[name])
    for entry in original.glossary:
        line = source[entry.span.line - 1]
        position = lines.index(line) if line in lines[start:end] else -1
        alone = not lines[position - 1] and (position + 1 == len(lines) or not lines[position + 1])
        if position > start and alone:
            assert (entry.term, entry.definition) in kept, line


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
@FUZZ
@given(mutations=st.lists(MUTATION, min_size=1, max_size=8))
def test_no_document_makes_a_parser_fail(name: str, mutations: list[Mutation]) -> None:
    run(name, mutate(DOCUMENTS[name], mutations))
