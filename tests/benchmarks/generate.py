"""Synthetic corpora in feedcite's formats, at any multiple of the bundled documents.

The generator recombines the bundled documents rather than inventing text. A synthetic feed
of N items cycles through the bundled items, each copy a distinct item (its claim carries a
serial number) with its own date; dates run newest first, about ten items a day. Its tag
lines are one of:

``repeated``
    each copy keeps its bundled item's tag line, so the feed's 34 tag lines recur (the
    splitter splits each once);
``distinct``
    every tag line is new, as in a real feed: each item's own tags (from the bundled
    feed's answer key) in a new order, most of them kept, sometimes with a tag of another
    item, written together as the format writes them, and never repeated;
``mixed``
    every other item repeats its bundled line, the others are distinct.

:func:`synthetic_feed_with_tags` also returns each item's tags, so that the splitter can
be scored on the feed it is timed on. A synthetic transcript repeats the bundled
transcript's chapters and paragraphs, with chapter times shifted so the list stays in order.
Everything is seeded: the same arguments give the same bytes.
"""

from __future__ import annotations

import random
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from feedcite import load_paths
from feedcite.model import MONTH_ABBR, Feed, TagSplit, Transcript
from feedcite.parsers import parse_document

__all__ = [
    "Bundled",
    "TagLines",
    "synthetic_feed",
    "synthetic_feed_with_tags",
    "synthetic_transcript",
]

_ROOT = Path(__file__).resolve().parents[2]
CAPTURES = _ROOT / "refs" / "captures"
ANSWER_KEY = _ROOT / "tests" / "data" / "amodei-expected-tags.toml"
TagLines = Literal["repeated", "distinct", "mixed"]


class Bundled:
    """The bundled feed and transcript, parsed once, as material for synthetic documents."""

    def __init__(self, captures: Path = CAPTURES) -> None:
        feed_path = next(p for p in sorted(captures.iterdir()) if p.name.endswith("feed.txt"))
        transcript_path = next(p for p in sorted(captures.iterdir()) if "transcript" in p.name)
        feed = parse_document(feed_path.read_bytes(), feed_path.name)
        transcript = parse_document(transcript_path.read_bytes(), transcript_path.name)
        assert isinstance(feed, Feed)
        assert isinstance(transcript, Transcript)
        self.feed = feed
        self.transcript = transcript
        self.transcript_text = transcript_path.read_text(encoding="utf-8")
        split = load_paths([feed_path], anchor_year=2024)
        self.tags = sorted({tag for work in split.works for tag in work.tags})
        key = tomllib.loads(ANSWER_KEY.read_text(encoding="utf-8"))["tags"]
        #: The right tags of each bundled item, in feed order (the answer key).
        self.item_tags: list[list[str]] = [list(tags) for tags in key]


def synthetic_feed(
    bundled: Bundled, items: int, *, tag_lines: TagLines = "repeated", seed: int = 1
) -> str:
    """A feed of ``items`` items in the bundled feed's format (see the module docstring)."""
    return synthetic_feed_with_tags(bundled, items, tag_lines=tag_lines, seed=seed)[0]


def synthetic_feed_with_tags(
    bundled: Bundled, items: int, *, tag_lines: TagLines = "repeated", seed: int = 1
) -> tuple[str, list[list[str]]]:
    """The feed of :func:`synthetic_feed` and the right tags of each of its items."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    subject = bundled.feed.subject or "A. Researcher"
    lines = [f"Chronological feed of everything captured from {subject}."]
    truth: list[list[str]] = []
    used = {source.tag_line for source in bundled.feed.items}
    day = date(2024, 12, 31)
    sources = bundled.feed.items
    for n in range(items):
        if n and n % 10 == 0:
            day -= timedelta(days=1)
        position = n % len(sources)
        source = sources[position]
        own = bundled.item_tags[position]
        if tag_lines == "repeated" or (tag_lines == "mixed" and n % 2 == 0):
            tags, tag_line = own, source.tag_line
        else:
            tags, tag_line = _new_tags(rng, own, bundled.tags, used)
        truth.append(tags)
        lines.append(f"{source.kind} / {source.handle} / {MONTH_ABBR[day.month - 1]} {day.day}")
        lines.append(source.summary)
        lines.append(tag_line)
        lines.append(f"“{source.claim} (item {n + 1})”")
    return "\n".join(lines) + "\n", truth


def _new_tags(
    rng: random.Random, own: list[str], every: list[str], used: set[str]
) -> tuple[list[str], str]:
    """An item's own tags shuffled, most kept, sometimes one of another item: a new line."""
    while True:
        tags = rng.sample(own, rng.randint(max(2, len(own) - 2), len(own)))
        if rng.random() < 0.5:
            extra = rng.choice(every)
            if extra not in tags:
                tags.insert(rng.randrange(len(tags) + 1), extra)
        line = "".join(tags)
        if line not in used:
            used.add(line)
            return tags, line


def synthetic_transcript(bundled: Bundled, times: int) -> str:
    """The bundled transcript's page with its chapters and paragraphs repeated ``times`` times."""
    transcript = bundled.transcript
    last = transcript.chapters[-1].start_seconds if transcript.chapters else 0
    span = last + 600  # the episode's length after its last chapter start, roughly
    chapter_lines = []
    for copy in range(times):
        for chapter in transcript.chapters:
            seconds = chapter.start_seconds + copy * span
            title = chapter.title if copy == 0 else f"{chapter.title} ({copy + 1})"
            chapter_lines.append(f"{seconds // 60}:{seconds % 60:02d} {title}")
    paragraphs = [p.text for p in transcript.paragraphs] * times
    return "\n".join(
        [
            "Back to Index",
            "",
            transcript.title,
            "",
            "",
            "Chapters",
            "",
            *chapter_lines,
            "",
            "Transcript",
            "",
            "\n\n".join(paragraphs),
            "",
            "Transcribed by https://otter.ai",
            "",
        ]
    )


# --------------------------------------------------------------------------- worst cases

BASE = _ROOT / "tests" / "evidence" / "base"
"""The small clean documents of the bad-input suite, which the worst cases start from."""


def _base_lines(name: str) -> list[str]:
    return (BASE / name).read_text(encoding="utf-8").splitlines()


def _joined(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def long_tag_line(bundled: Bundled, characters: int) -> str:
    """The base feed with its first tag line made ``characters`` long, of real tags."""
    rng = random.Random(characters)  # noqa: S311 - reproducible test data
    parts: list[str] = []
    length = 0
    while length < characters:
        tag = rng.choice(bundled.tags)
        parts.append(tag)
        length += len(tag)
    lines = _base_lines("feed.txt")
    lines[3] = "".join(parts)[:characters]
    return _joined(lines)


def long_summary_line(characters: int) -> str:
    """The base feed with a summary line of ``characters`` characters of prose."""
    lines = _base_lines("feed.txt")
    sentence = "A field study of composting in market gardens, with RLHF-style feedback. "
    lines[6] = (sentence * (characters // len(sentence) + 1))[:characters]
    return _joined(lines)


def long_capitalised_word(characters: int) -> str:
    """The base feed with a summary that is one capitalised word, then a lowercase letter."""
    lines = _base_lines("feed.txt")
    lines[6] = "A" * characters + "b."
    return _joined(lines)


def many_names(names: int) -> str:
    """The base summary page whose people line names ``names`` people and ends in a full stop."""
    lines = _base_lines("summary.txt")
    lines[1] = ", ".join(f"Person Number{n} (guest)" for n in range(names)) + "."
    return _joined(lines)


def flattened_table(rows: int) -> str:
    """The base notes with a flattened table of ``rows`` rows of four capitalised cells each.

    Every row has a dozen capitals glued to lowercase letters, so a row has many more
    candidate cell boundaries than it needs (the case that made the old recovery slow).
    """
    rng = random.Random(rows)  # noqa: S311 - reproducible test data
    words = ["Alpha", "Beta", "Gamma", "Delta", "Ready", "Soon", "Never", "March", "June"]
    lines = _base_lines("notes.txt")
    at = lines.index("BayStateReady")
    body = ["".join(rng.choice(words) for _ in range(12)) for _ in range(rows)]
    lines[at : at + 4] = ["LevelTriggerResponseOwner", *body]
    return _joined(lines)


def many_chapters(chapters: int) -> str:
    """The base transcript with ``chapters`` chapter lines (the paragraphs as they are)."""
    lines = _base_lines("transcript.txt")
    start = lines.index("Chapters") + 2
    end = lines.index("Transcript") - 1
    listed = [f"{n // 60}:{n % 60:02d} Chapter {n + 1}" for n in range(chapters)]
    lines[start:end] = listed
    return _joined(lines)


def long_trailer(repetitions: int) -> str:
    """The base transcript whose last line is a service trailer with a long tail of words."""
    lines = _base_lines("transcript.txt")
    lines[-1] = "Transcribed by https://otter.ai" + " you" * repetitions + " and more"
    return _joined(lines)


def many_chapter_refs(references: int) -> str:
    """The base notes with a line of ``references`` unclosed ``[§`` references and spaces."""
    lines = _base_lines("notes.txt")
    at = lines.index("Keep the soil covered.")
    lines[at] = "Keep the soil covered " + "[§ Soil   " * references
    return _joined(lines)


def big_feed(bundled: Bundled, megabytes: float) -> str:
    """A synthetic feed with distinct tag lines, about ``megabytes`` MB long."""
    item = sum(len(i.raw) + 24 for i in bundled.feed.items) / len(bundled.feed.items)
    return synthetic_feed(bundled, int(megabytes * 1e6 / item), tag_lines="distinct")


def exact_tags(split: TagSplit, expected: list[str]) -> int:
    """How many expected tags the split has exactly, at the same place in the line."""
    got, position = set(), 0
    for tag in split.tags:
        got.add((position, tag))
        position += len(tag)
    hits, position = 0, 0
    for tag in expected:
        hits += (position, tag) in got
        position += len(tag)
    return hits
