"""Synthetic corpora in feedcite's formats, at any multiple of the bundled documents.

The generator recombines the bundled documents rather than inventing text. A synthetic feed
N times the bundled one repeats the bundled items N times, each copy a distinct item (its
claim carries a serial number) with its own date; dates run newest first, about ten
items a day. With ``fresh_tags``, every item gets a tag line never seen before: three to
seven tags drawn from the bundled feed's tags, concatenated as the format writes them,
which is the tag splitter's worst case (no line repeats). A synthetic transcript
repeats the bundled transcript's chapters and paragraphs, with chapter times shifted so the
list stays in order. Everything is seeded: the same scale gives the same bytes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from feedcite import load_paths
from feedcite.model import MONTH_ABBR, Feed, Transcript
from feedcite.parsers import parse_document

__all__ = ["Bundled", "synthetic_feed", "synthetic_transcript"]

_ROOT = Path(__file__).resolve().parents[2]
CAPTURES = _ROOT / "refs" / "captures"


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


def synthetic_feed(bundled: Bundled, items: int, *, fresh_tags: bool = False, seed: int = 1) -> str:
    """A feed of ``items`` items in the bundled feed's format (see the module docstring)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    subject = bundled.feed.subject or "A. Researcher"
    lines = [f"Chronological feed of everything captured from {subject}."]
    day = date(2024, 12, 31)
    sources = bundled.feed.items
    for n in range(items):
        if n and n % 10 == 0:
            day -= timedelta(days=1)
        source = sources[n % len(sources)]
        tag_line = (
            "".join(rng.sample(bundled.tags, rng.randint(3, 7))) if fresh_tags else source.tag_line
        )
        lines.append(f"{source.kind} / {source.handle} / {MONTH_ABBR[day.month - 1]} {day.day}")
        lines.append(source.summary)
        lines.append(tag_line)
        lines.append(f"“{source.claim} (item {n + 1})”")
    return "\n".join(lines) + "\n"


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
