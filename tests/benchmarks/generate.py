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
from feedcite.model import MONTH_ABBR, Feed, Transcript
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
