"""The site's plan: which page shows what, and every cross-reference, computed from the corpus.

:func:`plan` is a pure function of the corpus. It names the generated pages (one per
work, episode, transcript chapter, source document and tag), and precomputes the
back links that the pages show: where each work is discussed, where each glossary term
is used, which notes sections refer to each chapter, which works each chapter mentions.
Directives read the plan; they never search the corpus themselves.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from feedcite.model import (
    AlignedChapter,
    Alignment,
    Corpus,
    DocumentKind,
    DocumentRecord,
    Feed,
    Location,
    Notes,
    Occurrence,
    Term,
    Transcript,
    Work,
)

__all__ = ["Place", "SitePlan", "plan", "slug"]


def slug(text: str) -> str:
    """A lowercase, URL-safe name (``AI Safety Levels`` -> ``ai-safety-levels``)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


@dataclass(frozen=True, slots=True)
class Place:
    """Where something is shown on the site: a cross-reference target and a label.

    Attributes:
        reftype: The feedcite role that resolves it (``work``, ``chapter``, ``section``,
            ``document``, ``episode``, ``tag``).
        target: The object's name within that type.
        label: The link text.
    """

    reftype: str
    target: str
    label: str


@dataclass(frozen=True, slots=True)
class SitePlan:
    """Everything the pages need, computed once per corpus."""

    prefix: str
    works: dict[str, Work]
    work_docs: dict[str, str]
    episode_docs: dict[str, str]
    document_keys: dict[str, str]
    document_docs: dict[str, str]
    document_kinds: dict[str, str]
    chapter_docs: dict[tuple[str, int], str]
    tag_docs: dict[str, str]
    transcript_of_episode: dict[str, str]
    episode_of_document: dict[str, str]
    documents_of_work: dict[str, list[str]]
    discussed: dict[str, list[Place]]
    term_uses: dict[str, list[tuple[Place, int]]]
    chapter_terms: dict[tuple[str, int], list[tuple[Term, Occurrence]]]
    chapter_mentions: dict[tuple[str, int], list[tuple[str, Occurrence]]]
    chapter_notes: dict[tuple[str, int], list[Place]]
    tags: dict[str, list[str]]
    pages: dict[str, str] = field(default_factory=dict)

    def work_place(self, work_id: str) -> Place:
        """The work page of ``work_id``."""
        return Place("work", work_id, self.works[work_id].title)

    def location_place(self, location: Location) -> Place | None:
        """The page that shows ``location`` (a chapter, a notes section, a document)."""
        key = self.document_keys.get(location.path)
        if key is None:
            return None
        kind = self.document_kinds[key]
        if kind == DocumentKind.TRANSCRIPT and location.chapter is not None:
            return Place("chapter", f"{key}:{location.chapter}", "")
        if kind == DocumentKind.NOTES and location.section:
            return Place(
                "section", f"{key}:{slug(location.section)}", f"Notes § {location.section}"
            )
        if kind == DocumentKind.FEED and location.section:
            return Place("work", location.section, "")
        return Place("document", key, "")


def _document_key(document: DocumentRecord) -> str:
    return slug(PurePosixPath(document.path).stem)


def _unique(places: list[Place]) -> list[Place]:
    return list(dict.fromkeys(places))


def plan(corpus: Corpus, prefix: str = "generated") -> SitePlan:
    """The site plan of ``corpus``; generated pages live under ``prefix``."""
    works = {w.id: w for w in corpus.works}
    document_keys: dict[str, str] = {}
    document_kinds: dict[str, str] = {}
    for document in corpus.documents:
        key = _document_key(document)
        while key in document_kinds:
            key += "-2"
        document_keys[document.path] = key
        document_kinds[key] = document.kind
    same_work = {(link.path, link.work_id) for link in corpus.links if link.kind == "same-work"}
    episode_of_document: dict[str, str] = {}
    documents_of_work: dict[str, list[str]] = defaultdict(list)
    for path, work_id in sorted(same_work):
        same_key = document_keys.get(path)
        if same_key is None or document_kinds[same_key] == DocumentKind.FEED:
            continue
        episode_of_document[same_key] = work_id
        documents_of_work[work_id].append(same_key)
    episodes = {
        w.id
        for w in corpus.works
        if w.kind in ("podcast", "youtube", "video")
        and (w.id in documents_of_work or w.series_number)
    }
    transcript_of_episode = {
        work_id: key
        for key, work_id in episode_of_document.items()
        if document_kinds[key] == DocumentKind.TRANSCRIPT
    }

    chapter_docs: dict[tuple[str, int], str] = {}
    for document in corpus.documents:
        if isinstance(document, Transcript):
            key = document_keys[document.path]
            for chapter in document.chapters:
                chapter_docs[(key, chapter.index)] = f"{prefix}/chapters/{key}/{chapter.index:02d}"

    tags: dict[str, list[str]] = defaultdict(list)
    for work in corpus.works:
        for tag in work.tags:
            tags[tag].append(work.id)

    discussed: dict[str, list[Place]] = defaultdict(list)
    chapter_mentions: dict[tuple[str, int], list[tuple[str, Occurrence]]] = defaultdict(list)
    partial = SitePlan(
        prefix=prefix,
        works=works,
        work_docs={w: f"{prefix}/works/{w}" for w in works},
        episode_docs={w: f"{prefix}/episodes/{w}" for w in sorted(episodes)},
        document_keys=document_keys,
        document_docs={k: f"{prefix}/documents/{k}" for k in document_kinds},
        document_kinds=document_kinds,
        chapter_docs=chapter_docs,
        tag_docs={t: f"{prefix}/tags/{slug(t)}" for t in sorted(tags)},
        transcript_of_episode=transcript_of_episode,
        episode_of_document=episode_of_document,
        documents_of_work=dict(documents_of_work),
        discussed={},
        term_uses={},
        chapter_terms={},
        chapter_mentions={},
        chapter_notes={},
        tags=dict(tags),
    )
    for link in corpus.links:
        occurrence = link.occurrence
        if link.kind != "mention" or occurrence is None:
            continue
        place = partial.location_place(occurrence.location)
        if place is not None:
            discussed[link.work_id].append(place)
        location = occurrence.location
        mention_key = document_keys.get(location.path)
        if mention_key is not None and location.chapter is not None:
            chapter_mentions[(mention_key, location.chapter)].append((link.work_id, occurrence))
    for work_id, keys in documents_of_work.items():
        for doc_key in keys:
            discussed[work_id].append(Place("document", doc_key, ""))

    term_uses: dict[str, list[tuple[Place, int]]] = {}
    chapter_terms: dict[tuple[str, int], list[tuple[Term, Occurrence]]] = defaultdict(list)
    for term in corpus.glossary:
        counts: dict[Place, int] = {}
        first_in_chapter: dict[tuple[str, int], Occurrence] = {}
        for occurrence in term.occurrences:
            place = partial.location_place(occurrence.location)
            if place is not None:
                counts[place] = counts.get(place, 0) + 1
            location = occurrence.location
            term_key = document_keys.get(location.path)
            if term_key is not None and location.chapter is not None:
                first_in_chapter.setdefault((term_key, location.chapter), occurrence)
        term_uses[term.id] = list(counts.items())
        for chapter_key, occurrence in first_in_chapter.items():
            chapter_terms[chapter_key].append((term, occurrence))

    chapter_notes: dict[tuple[str, int], list[Place]] = defaultdict(list)
    for document in corpus.documents:
        if not isinstance(document, Notes):
            continue
        notes_key = document_keys[document.path]
        notes_work = episode_of_document.get(notes_key)
        transcript_key = transcript_of_episode.get(notes_work or "")
        if transcript_key is None:
            transcripts = [
                k for k, kind in document_kinds.items() if kind == DocumentKind.TRANSCRIPT
            ]
            transcript_key = transcripts[0] if len(transcripts) == 1 else None
        if transcript_key is None:
            continue
        for section in document.sections:
            for ref in section.chapter_refs:
                if ref.chapter_index is not None:
                    place = Place(
                        "section", f"{notes_key}:{slug(section.title)}", f"Notes § {section.title}"
                    )
                    chapter_notes[(transcript_key, ref.chapter_index)].append(place)

    return SitePlan(
        prefix=prefix,
        works=works,
        work_docs=partial.work_docs,
        episode_docs=partial.episode_docs,
        document_keys=document_keys,
        document_docs=partial.document_docs,
        document_kinds=document_kinds,
        chapter_docs=chapter_docs,
        tag_docs=partial.tag_docs,
        transcript_of_episode=transcript_of_episode,
        episode_of_document=episode_of_document,
        documents_of_work=dict(documents_of_work),
        discussed={k: _unique(v) for k, v in discussed.items()},
        term_uses=term_uses,
        chapter_terms=dict(chapter_terms),
        chapter_mentions=dict(chapter_mentions),
        chapter_notes={k: _unique(v) for k, v in chapter_notes.items()},
        tags=dict(tags),
    )


def feed_of(corpus: Corpus) -> Feed | None:
    """The first feed document of the corpus."""
    return next((d for d in corpus.documents if isinstance(d, Feed)), None)


def alignment_of(corpus: Corpus, path: str) -> Alignment | None:
    """The alignment of the transcript at ``path``."""
    return next((a for a in corpus.alignments if a.path == path), None)


def chapter_of(alignment: Alignment, index: int) -> AlignedChapter:
    """The aligned chapter ``index``."""
    return alignment.chapters[index]
