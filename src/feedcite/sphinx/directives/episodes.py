"""Episodes: an episode's page, a transcript chapter's page, and the full transcript.

``feedcite:episode ID`` shows an episode's facts, its documents and its chapter list;
``feedcite:chapter KEY INDEX`` one chapter, its paragraphs with their estimated times and
the works and terms they mention; ``feedcite:transcript KEY`` every chapter on one page,
with a chapter list at the top and a permalink on every paragraph.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from docutils import nodes

from feedcite._strings import clock
from feedcite.model import AlignedChapter, AlignedParagraph, Location, Work
from feedcite.sphinx import jsonld as ld
from feedcite.sphinx.directives.base import (
    FeedciteDirective,
    Marks,
    join,
    marked,
    marks_of,
    place_link,
)
from feedcite.sphinx.directives.works import date_label
from feedcite.sphinx.domain import xref
from feedcite.sphinx.render import field_list, jsonld, link, para, section, text, video_at
from feedcite.sphinx.site import Place, document_title
from feedcite.sphinx.state import Loaded

__all__ = ["ChapterDirective", "EpisodeDirective", "TranscriptDirective"]

#: Below this confidence a chapter's start is shown as uncertain.
UNCERTAIN_START = 0.5


def _location(path: str, chapter: AlignedChapter, paragraph: AlignedParagraph) -> Location:
    """A paragraph's text unit, as the transcript format locates it once aligned."""
    return Location(
        path,
        "transcript",
        chapter=chapter.chapter.index,
        paragraph=paragraph.paragraph,
        span=paragraph.span,
    )


def _time_link(url: str | None, seconds: float, label: str) -> nodes.Node:
    video = video_at(url, seconds) if url else None
    if video is None:
        return nodes.inline("", label, classes=["feedcite-time"])
    return link(video, label, classes=["feedcite-time"])


@dataclass(frozen=True, slots=True)
class EpisodeView:
    """An episode's page."""

    work: Work
    transcript: str | None
    chapters: tuple[tuple[int, float, str, tuple[str, ...], bool], ...]
    """(index, start, title, guests, start uncertain) of each chapter."""
    documents: tuple[Place, ...]
    duration: float | None
    video_links: bool
    jsonld: str | None


class EpisodeDirective(FeedciteDirective):
    """``feedcite:episode ID``: an episode's page (facts, documents, chapter list)."""

    directive = "episode"
    required_arguments = 1

    @classmethod
    def view(cls, loaded: Loaded, arguments: tuple[str, ...]) -> EpisodeView | None:
        """What the directive shows (see :meth:`FeedciteDirective.view`)."""
        plan = loaded.plan
        work = plan.works.get(arguments[0])
        if work is None or work.id not in plan.episode_docs:
            return None
        key = plan.transcript_of_episode.get(work.id)
        alignment = plan.alignments.get(key) if key else None
        chapters = tuple(
            (
                c.chapter.index,
                float(c.chapter.start_seconds),
                c.chapter.title,
                c.guests,
                c.confidence < UNCERTAIN_START,
            )
            for c in (alignment.chapters if alignment else ())
        )
        documents = tuple(
            Place("document", k, document_title(plan.documents[k]))
            for k in plan.documents_of_work.get(work.id, [])
        )
        data = None
        if loaded.options.jsonld:
            video = work.url if loaded.options.video_links else None
            data = json.dumps(ld.episode_data(work, alignment, video), sort_keys=True)
        return EpisodeView(
            work,
            key,
            chapters,
            documents,
            work.duration_seconds or (alignment.duration_seconds if alignment else None),
            loaded.options.video_links,
            data,
        )

    def render(self, view: EpisodeView) -> list[nodes.Node]:
        """The nodes of the view."""
        work = view.work
        anchor = f"episode-{work.id}"
        node = section(work.title, anchor, classes=["feedcite-episode"])
        self.note("episode", work.id, anchor, work.title, node)
        hosts = [c.display for c in work.authors if c.role == "host"]
        guests = [c.display for c in work.authors if c.role == "guest"]
        series = work.venue or ""
        if series and work.series_number is not None:
            series += f" #{work.series_number}"
        node += field_list(
            [
                ("Series", series),
                ("Date", date_label(work)),
                ("Host", ", ".join(hosts)),
                ("Guests", ", ".join(guests)),
                ("Duration", clock(view.duration) if view.duration else ""),
                (work.medium.capitalize(), [link(work.url, work.url or "")] if work.url else ""),
                ("In the bibliography", [xref("work", work.id, [text(work.title)])]),
                ("Documents about it", join([place_link(p) for p in view.documents])),
            ]
        )
        if work.summary:
            node += para(work.summary, classes=["feedcite-annotation"])
        if view.transcript is not None:
            node += self.chapter_list(view)
        if view.jsonld is not None:
            node += jsonld(json.loads(view.jsonld))
        return [node]

    def chapter_list(self, view: EpisodeView) -> nodes.section:
        """The episode's chapters with their starts."""
        key = view.transcript
        assert key is not None
        url = view.work.url if view.video_links else None
        table = nodes.table(classes=["feedcite-chapters"])
        group = nodes.tgroup(cols=3)
        table += group
        for width in (12, 63, 25):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        several = any(len(c[3]) > 1 for c in view.chapters)
        head += _row([text("Start"), text("Chapter"), text("Guests" if several else "Guest")])
        group += head
        body = nodes.tbody()
        for index, start, title, guests, uncertain in view.chapters:
            chapter: list[nodes.Node] = [xref("chapter", f"{key}:{index}", [text(title)])]
            if uncertain:
                chapter.append(
                    nodes.inline("", " (start uncertain)", classes=["feedcite-uncertain"])
                )
            body += _row(
                [
                    _time_link(url, start, clock(start)),
                    nodes.inline("", "", *chapter),
                    text(", ".join(guests)),
                ]
            )
        group += body
        note = para(
            "Chapter starts are given by the episode; which paragraph each starts at is "
            "estimated (the transcript has no times), as are the paragraphs' times. ",
            xref("transcript", key, [text("Read the whole transcript")]),
            ".",
        )
        return section("Chapters", f"episode-{view.work.id}-chapters", note, table)


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        row += nodes.entry("", para(cell))
    return row


@dataclass(frozen=True, slots=True)
class ChapterView:
    """A chapter's page."""

    key: str
    path: str
    chapter: AlignedChapter
    episode: tuple[str, str] | None
    video: str | None
    notes: tuple[Place, ...]
    marks: Marks


class ChapterDirective(FeedciteDirective):
    """``feedcite:chapter KEY INDEX``: one transcript chapter."""

    directive = "chapter"
    required_arguments = 2

    @classmethod
    def view(cls, loaded: Loaded, arguments: tuple[str, ...]) -> ChapterView | None:
        """What the directive shows (see :meth:`FeedciteDirective.view`)."""
        plan = loaded.plan
        key, raw = arguments
        alignment = plan.alignments.get(key)
        if alignment is None or not raw.isdigit() or int(raw) >= len(alignment.chapters):
            return None
        chapter = alignment.chapters[int(raw)]
        work = plan.episode_of_transcript(key)
        locations = [_location(alignment.path, chapter, p) for p in chapter.paragraphs]
        return ChapterView(
            key,
            alignment.path,
            chapter,
            (work.id, work.title) if work and work.id in plan.episode_docs else None,
            work.url if work and loaded.options.video_links else None,
            tuple(plan.chapter_notes.get((key, int(raw)), ())),
            marks_of(plan, locations),
        )

    def render(self, view: ChapterView) -> list[nodes.Node]:
        """The nodes of the view."""
        chapter = view.chapter
        index = chapter.chapter.index
        anchor = f"chapter-{index:02d}"
        title = f"{clock(chapter.chapter.start_seconds)} {chapter.chapter.title}"
        node = section(title, anchor, classes=["feedcite-chapter"])
        self.note("chapter", f"{view.key}:{index}", anchor, title, node)
        episode = (
            [xref("episode", view.episode[0], [text(view.episode[1])])] if view.episode else ""
        )
        uncertain = (
            " The paragraph it starts at is uncertain."
            if chapter.confidence < UNCERTAIN_START
            else ""
        )
        node += field_list(
            [
                (
                    "Time",
                    f"{clock(chapter.chapter.start_seconds)} – {clock(chapter.end_seconds)} "
                    f"(paragraph times are estimated){uncertain}",
                ),
                ("Guests" if len(chapter.guests) > 1 else "Guest", ", ".join(chapter.guests)),
                ("Episode", episode),
                ("Notes on this chapter", join([place_link(p) for p in view.notes])),
            ]
        )
        for paragraph in chapter.paragraphs:
            location = _location(view.path, chapter, paragraph)
            children: list[nodes.Node] = [
                _time_link(
                    view.video, paragraph.approx_seconds, f"≈{clock(paragraph.approx_seconds)}"
                ),
                text(" "),
                *marked(paragraph.text, view.marks, location),
            ]
            shown = nodes.paragraph("", "", *children, classes=["feedcite-paragraph"])
            shown["ids"] = [f"p{paragraph.paragraph}-{paragraph.part}"]
            node += shown
        return [node]


@dataclass(frozen=True, slots=True)
class TranscriptView:
    """The full-transcript page of a transcript."""

    key: str
    title: str
    chapters: tuple[AlignedChapter, ...]
    episode: tuple[str, str] | None
    video: str | None


class TranscriptDirective(FeedciteDirective):
    """``feedcite:transcript KEY``: every chapter on one page, paragraphs with permalinks."""

    directive = "transcript"
    required_arguments = 1

    @classmethod
    def view(cls, loaded: Loaded, arguments: tuple[str, ...]) -> TranscriptView | None:
        """What the directive shows (see :meth:`FeedciteDirective.view`)."""
        plan = loaded.plan
        key = arguments[0]
        alignment = plan.alignments.get(key)
        if alignment is None:
            return None
        work = plan.episode_of_transcript(key)
        document = plan.documents[key]
        return TranscriptView(
            key,
            getattr(document, "title", "") or key,
            alignment.chapters,
            (work.id, work.title) if work and work.id in plan.episode_docs else None,
            work.url if work and loaded.options.video_links else None,
        )

    def render(self, view: TranscriptView) -> list[nodes.Node]:
        """The nodes of the view."""
        anchor = f"transcript-{view.key}"
        title = f"Full transcript: {view.title}"
        node = section(title, anchor, classes=["feedcite-transcript"])
        self.note("transcript", view.key, anchor, title, node)
        if view.episode:
            node += para("Episode: ", xref("episode", view.episode[0], [text(view.episode[1])]))
        contents = nodes.bullet_list(classes=["feedcite-contents"])
        for chapter in view.chapters:
            index = chapter.chapter.index
            reference = nodes.reference("", "", refid=f"t-chapter-{index:02d}")
            reference += text(f"{clock(chapter.chapter.start_seconds)} {chapter.chapter.title}")
            contents += nodes.list_item("", para(reference))
        node += contents
        for chapter in view.chapters:
            index = chapter.chapter.index
            heading = f"{clock(chapter.chapter.start_seconds)} {chapter.chapter.title}"
            part = section(
                heading, f"t-chapter-{index:02d}", classes=["feedcite-transcript-chapter"]
            )
            part += para(
                xref("chapter", f"{view.key}:{index}", [text("This chapter on its own page")]),
                classes=["feedcite-chapter-link"],
            )
            for paragraph in chapter.paragraphs:
                ident = f"p{paragraph.paragraph}-{paragraph.part}"
                permalink = nodes.reference("", "¶", refid=ident, classes=["feedcite-permalink"])
                permalink["reftitle"] = "Link to this paragraph"
                shown = nodes.paragraph(
                    "",
                    "",
                    _time_link(
                        view.video, paragraph.approx_seconds, f"≈{clock(paragraph.approx_seconds)}"
                    ),
                    text(" "),
                    text(paragraph.text),
                    text(" "),
                    permalink,
                    classes=["feedcite-paragraph"],
                )
                shown["ids"] = [ident]
                part += shown
            node += part
        return [node]
