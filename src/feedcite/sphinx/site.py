"""The site's plan: which page shows what, and every cross-reference, computed once per corpus.

:func:`plan` is a pure function of the corpus. It names the generated pages (one per work,
episode, transcript chapter, full transcript, source document and tag) and builds the
indexes the pages read: works by tag, related works, the bibliography's order and years.

**One table of mentions.** Every place where a work is mentioned or a glossary term is used
becomes a :class:`Mark` on the text unit it is in (a transcript paragraph, a notes block, a
review paragraph, a work's summary ...). Which work words mention is the corpus's mentions'
answer (:func:`feedcite.enrich.links.settle_mentions`): the words of an ambiguous mention (the
title of several works) carry every work, and the text cites each. Overlaps with terms are
settled once, here: the longer match wins, and where a term and a work's alias cover the
same words, or a term's words hold a mention, the text links the term and a citation after
it links the work. The back links — a work's "Discussed in", a term's
"Used in" — are derived from the marks that were kept, so every back link has a link in
the text it points to, and every link in a text has its back link: both sides by
construction. Notes sections and the chapters they refer to are paired the same way.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from feedcite._strings import clock, slug, unique_name
from feedcite.export.bibtex import corpus_proper_names, write_entry
from feedcite.model import (
    Alignment,
    Corpus,
    DocumentKind,
    DocumentRecord,
    Feed,
    Location,
    Notes,
    Term,
    Transcript,
    Work,
    newest_first,
)
from feedcite.parsers import format_of
from feedcite.sphinx.style import bibtex_labels

__all__ = ["Mark", "Place", "SitePlan", "cited_year", "plan", "site_keys", "slug"]

#: Related works shown on a work page.
RELATED = 5


@dataclass(frozen=True, slots=True, order=True)
class Place:
    """Where something is shown on the site: a cross-reference target and a label.

    Attributes:
        reftype: The feedcite role that resolves it (``work``, ``chapter``, ``section``,
            ``document``, ``episode``, ``tag``, ``transcript``).
        target: The object's name within that type.
        label: The link text.
    """

    reftype: str
    target: str
    label: str


@dataclass(frozen=True, slots=True, order=True)
class Mark:
    """A stretch of a text unit that links somewhere: a work mentioned, a term used.

    Attributes:
        start: Offset of the first character in the unit's text.
        end: Offset after the last character.
        term: The glossary term the words are a use of (its id), if any.
        works: The works the words mention (their ids): one, or several for an ambiguous
            mention (the title of several works, nothing beside it telling which). The words
            link the work; with a term, or with several works, they are followed by a
            citation of each work.
    """

    start: int
    end: int
    term: str | None = None
    works: tuple[str, ...] = ()


def cited_year(work: Work) -> int | None:
    """The year a work is cited with: its published version's, when that is the one cited."""
    published = work.published
    if published is not None and published.same_work and published.year is not None:
        return published.year
    return work.year


@dataclass(frozen=True, slots=True)
class SitePlan:
    """Everything the pages need, computed once per corpus (see the module docstring)."""

    prefix: str
    corpus: Corpus
    works: dict[str, Work]
    order: tuple[str, ...]
    """Work ids in the bibliography's order: newest first by the year they are cited with."""
    work_docs: dict[str, str]
    episode_docs: dict[str, str]
    document_keys: dict[str, str]
    """Document path -> key."""
    documents: dict[str, DocumentRecord]
    """Document key -> document."""
    document_docs: dict[str, str]
    alignments: dict[str, Alignment]
    """Transcript key -> alignment."""
    chapter_docs: dict[tuple[str, int], str]
    transcript_docs: dict[str, str]
    """Transcript key -> its full-transcript page."""
    tag_docs: dict[str, str]
    episode_of_document: dict[str, str]
    transcript_of_episode: dict[str, str]
    documents_of_work: dict[str, list[str]]
    tags: dict[str, list[str]]
    related: dict[str, list[tuple[str, int]]]
    terms: dict[str, Term]
    marks: dict[Location, list[Mark]]
    discussed: dict[str, list[Place]]
    term_uses: dict[str, list[tuple[Place, int]]]
    chapter_notes: dict[tuple[str, int], list[Place]]
    section_chapters: dict[tuple[str, str], list[Place]]
    """(notes key, section slug) -> the chapters its references resolve to."""
    places: dict[Place, list[Location]] = field(default_factory=dict)
    """The marked text units each place shows."""
    marked: dict[str, list[Location]] = field(default_factory=dict)
    """Document path -> its marked text units."""
    bibtex: dict[str, str] = field(default_factory=dict)
    """Work id -> its BibTeX entry, as the bibliography file has it."""
    keys: dict[str, str] = field(default_factory=dict)
    """Work id -> its citation key on the site."""
    positions: dict[str, int] = field(default_factory=dict)
    """Work id -> its place in :attr:`order`."""
    labels: dict[str, str] = field(default_factory=dict)
    """Work id -> its author-year label (``Kaplan et al., 2020``), as the bibliography shows it."""

    def place_of(self, location: Location) -> Place | None:
        """The page (and section) that shows ``location``."""
        key = self.document_keys.get(location.path)
        if key is None:
            return None
        kind = self.documents[key].kind
        if kind == DocumentKind.TRANSCRIPT and location.chapter is not None:
            return self.chapter_place(key, location.chapter)
        if kind == DocumentKind.NOTES and location.section:
            return section_place(key, location.section)
        if kind == DocumentKind.FEED:
            if location.section and location.section in self.works:
                return Place("work", location.section, self.works[location.section].title)
            return None
        return Place("document", key, document_title(self.documents[key]))

    def chapter_place(self, key: str, index: int) -> Place:
        """The page of chapter ``index`` of transcript ``key``."""
        chapter = self.alignments[key].chapters[index].chapter
        return Place("chapter", f"{key}:{index}", f"{clock(chapter.start_seconds)} {chapter.title}")

    def episode_of_transcript(self, key: str) -> Work | None:
        """The episode a transcript is the transcript of, if it is identified."""
        work_id = self.episode_of_document.get(key)
        return self.works.get(work_id) if work_id else None


def section_place(notes_key: str, title: str) -> Place:
    """The anchor of a notes section on its document page."""
    return Place("section", f"{notes_key}:{slug(title, 'section')}", f"Notes § {title}")


def document_title(document: DocumentRecord) -> str:
    """``Reading notes: <title>``: the format's label and the document's own title."""
    title = getattr(document, "title", "") or getattr(document, "subject", "")
    title = title or PurePosixPath(document.path).name
    return f"{format_of(document).label}: {title}"


def _document_key(document: DocumentRecord) -> str:
    return slug(PurePosixPath(document.path).stem, "document")


def _tag_docs(prefix: str, tags: Iterable[str]) -> dict[str, str]:
    """Tag -> its page, one page per tag.

    Tags whose slugs agree (``économie`` and ``economie``) get ``-2``, ``-3`` ... in the
    order of the tags.
    """
    taken: set[str] = set()
    return {tag: f"{prefix}/tags/{unique_name(slug(tag, 'tag'), taken)}" for tag in sorted(tags)}


def _bibliography_order(works: Iterable[Work]) -> tuple[str, ...]:
    def key(work: Work) -> tuple[int, int, int, int]:
        year = cited_year(work)
        same_year = year == work.year  # the item's month and day are of the work's year
        month, day = (work.month, work.day) if same_year else (None, None)
        return newest_first(year, month, day, work.item.index if work.item else 0)

    return tuple(w.id for w in sorted(works, key=key, reverse=True))


def _related(
    tags: Mapping[str, list[str]], works: Mapping[str, Work]
) -> dict[str, list[tuple[str, int]]]:
    """Each work's most related works (id, shared tags): most shared tags, newest, then id.

    Counted through the tag index, so the cost is the number of (work, tag, other work)
    triples, not the square of the number of works.
    """
    related: dict[str, list[tuple[str, int]]] = {}
    for work_id, work in works.items():
        shared: Counter[str] = Counter()
        for tag in set(work.tags):
            shared.update(tags.get(tag, ()))
        del shared[work_id]
        ranked = heapq.nsmallest(
            RELATED,
            shared.items(),
            key=lambda item: (-item[1], -(works[item[0]].year or 0), item[0]),
        )
        related[work_id] = ranked
    return related


def _resolve(marks: list[Mark]) -> list[Mark]:
    """Settle overlaps: the longer stretch wins, and keeps the works of those it covers.

    Mentions of works never overlap but on the same words (the corpus settled them), so a
    mention is never lost: inside a term's longer words it becomes a citation after the
    term. A term's use inside a longer stretch is not shown there; one on the same words as
    a mention merges with it.
    """
    kept: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, -(m.end - m.start), m.term is None)):
        if kept and mark.start < kept[-1].end:
            last = kept[-1]
            same = (mark.start, mark.end) == (last.start, last.end)
            term = mark.term if same and last.term is None else last.term
            works = last.works + tuple(w for w in mark.works if w not in last.works)
            kept[-1] = Mark(last.start, last.end, term, works)
            continue  # inside (or across) a stretch already marked
        kept.append(mark)
    return kept


def site_keys(
    corpus: Corpus, key_prefix: str = "", reserved: Set[str] = frozenset()
) -> dict[str, str]:
    """Work id -> its citation key on the site: ``key_prefix`` and the corpus's key.

    A key that is ``reserved`` (a key of another BibTeX file of the project) becomes
    ``feedcite-KEY`` (then ``feedcite-KEY-2`` ...), so that no entry of either file is lost.
    """
    keys: dict[str, str] = {}
    taken = set(reserved)
    for work in corpus.works:
        key = f"{key_prefix}{work.citekey}"
        if key in taken:
            base = f"feedcite-{key}"
            key, number = base, 2
            while key in taken:
                key, number = f"{base}-{number}", number + 1
        taken.add(key)
        keys[work.id] = key
    return keys


def plan(
    corpus: Corpus,
    prefix: str = "generated",
    *,
    key_prefix: str = "",
    reserved: Set[str] = frozenset(),
) -> SitePlan:
    """The site plan of ``corpus``; generated pages live under ``prefix``.

    Citation keys on the site are :func:`site_keys` (``key_prefix``, and none of the
    ``reserved`` keys).
    """
    works = {w.id: w for w in corpus.works}
    document_keys: dict[str, str] = {}
    documents: dict[str, DocumentRecord] = {}
    for document in corpus.documents:
        key = _document_key(document)
        while key in documents:
            key += "-2"
        document_keys[document.path] = key
        documents[key] = document
    same_work = sorted(
        {(link.path, link.work_id) for link in corpus.links if link.kind == "same-work"}
    )
    episode_of_document: dict[str, str] = {}
    documents_of_work: dict[str, list[str]] = defaultdict(list)
    for path, work_id in same_work:
        key_ = document_keys.get(path)
        if key_ is None or isinstance(documents[key_], Feed) or work_id not in works:
            continue
        episode_of_document[key_] = work_id
        documents_of_work[work_id].append(key_)
    alignments = {document_keys[a.path]: a for a in corpus.alignments if a.path in document_keys}
    episodes = sorted(
        w.id for w in corpus.works if w.recording and (w.id in documents_of_work or w.series_number)
    )
    transcript_of_episode = {
        work_id: key
        for key, work_id in episode_of_document.items()
        if isinstance(documents[key], Transcript) and key in alignments
    }
    chapter_docs = {
        (key, chapter.chapter.index): f"{prefix}/chapters/{key}/{chapter.chapter.index:02d}"
        for key, alignment in alignments.items()
        for chapter in alignment.chapters
    }
    tags: dict[str, list[str]] = defaultdict(list)
    for work in corpus.works:
        for tag in dict.fromkeys(work.tags):
            tags[tag].append(work.id)

    terms = {term.id: term for term in corpus.glossary}
    partial = SitePlan(
        prefix=prefix,
        corpus=corpus,
        works=works,
        order=_bibliography_order(corpus.works),
        work_docs={w: f"{prefix}/works/{w}" for w in works},
        episode_docs={w: f"{prefix}/episodes/{w}" for w in episodes},
        document_keys=document_keys,
        documents=documents,
        document_docs={k: f"{prefix}/documents/{k}" for k in documents},
        alignments=alignments,
        chapter_docs=chapter_docs,
        transcript_docs={k: f"{prefix}/transcripts/{k}" for k in alignments},
        tag_docs=_tag_docs(prefix, tags),
        episode_of_document=episode_of_document,
        transcript_of_episode=transcript_of_episode,
        documents_of_work=dict(documents_of_work),
        tags=dict(tags),
        related={},
        terms=terms,
        marks={},
        discussed={},
        term_uses={},
        chapter_notes={},
        section_chapters={},
    )

    # One table of mentions: every mention and term use as a mark on its text unit.
    raw: dict[Location, list[Mark]] = defaultdict(list)
    for link in corpus.links:
        occurrence = link.occurrence
        if link.kind == "mention" and occurrence is not None and link.work_id in works:
            start = occurrence.offset
            raw[occurrence.location].append(
                Mark(start, start + len(occurrence.text), works=(link.work_id,))
            )
    for term in corpus.glossary:
        for occurrence in term.occurrences:
            start = occurrence.offset
            raw[occurrence.location].append(Mark(start, start + len(occurrence.text), term=term.id))
    marks: dict[Location, list[Mark]] = {}
    places: dict[Place, list[Location]] = defaultdict(list)
    marked: dict[str, list[Location]] = defaultdict(list)
    discussed: dict[str, dict[Place, None]] = defaultdict(dict)
    uses: dict[str, Counter[Place]] = defaultdict(Counter)
    for location, found in raw.items():
        place = partial.place_of(location)
        if place is None:
            continue
        kept = _resolve(found)
        marks[location] = kept
        places[place].append(location)
        marked[location.path].append(location)
        for mark in kept:
            for work_id in mark.works:
                if place != Place("work", work_id, place.label):
                    discussed[work_id][place] = None
            if mark.term is not None:
                uses[mark.term][place] += 1
    for work_id, keys in documents_of_work.items():
        for key_ in keys:
            discussed[work_id][Place("document", key_, document_title(documents[key_]))] = None

    chapter_notes: dict[tuple[str, int], dict[Place, None]] = defaultdict(dict)
    section_chapters: dict[tuple[str, str], dict[Place, None]] = defaultdict(dict)
    for key, document in documents.items():
        if not isinstance(document, Notes):
            continue
        transcript = _transcript_of_notes(partial, key)
        if transcript is None:
            continue
        for section in document.sections:
            here = section_place(key, section.title)
            for ref in section.chapter_refs:
                if ref.chapter_index is None or (transcript, ref.chapter_index) not in chapter_docs:
                    continue
                chapter_notes[(transcript, ref.chapter_index)][here] = None
                there = partial.chapter_place(transcript, ref.chapter_index)
                section_chapters[(key, slug(section.title, "section"))][there] = None

    order = _place_order(partial)
    entries = _entries(corpus)
    citekeys = site_keys(corpus, key_prefix, reserved)
    # Labels as the site's bibliography computes them: over the entries under their site keys.
    labels = bibtex_labels(
        "\n".join(
            entry.replace(f"{{{work.citekey},", f"{{{citekeys[work.id]},", 1)
            for work, entry in zip(corpus.works, entries.values(), strict=True)
        )
    )
    # The pages and indexes first (``partial``, which places are found in), then the tables
    # of mentions and back links drawn from them.
    return dataclasses.replace(
        partial,
        related=_related(partial.tags, works),
        marks=marks,
        discussed={w: list(p) for w, p in discussed.items()},
        term_uses={t: sorted(c.items(), key=lambda pc: order(pc[0])) for t, c in uses.items()},
        chapter_notes={k: list(v) for k, v in chapter_notes.items()},
        section_chapters={k: list(v) for k, v in section_chapters.items()},
        places=dict(places),
        marked=dict(marked),
        bibtex=entries,
        keys=citekeys,
        positions={work_id: n for n, work_id in enumerate(partial.order)},
        labels={work_id: labels[key] for work_id, key in citekeys.items() if key in labels},
    )


def _entries(corpus: Corpus) -> dict[str, str]:
    """Each work's BibTeX entry, as :func:`feedcite.write_bibtex` writes it."""
    proper = corpus_proper_names(corpus)
    return {work.id: write_entry(work, proper) for work in corpus.works}


def _place_order(plan: SitePlan) -> Callable[[Place], tuple[int, int, str]]:
    """A sort key for places: work pages in the bibliography's order, then documents in order."""
    works = {work_id: n for n, work_id in enumerate(plan.order)}
    documents = {key: n for n, key in enumerate(plan.documents)}

    def key(place: Place) -> tuple[int, int, str]:
        if place.reftype == "work":
            return (0, works.get(place.target, len(works)), place.target)
        document = place.target.split(":", 1)[0]
        return (1, documents.get(document, len(documents)), place.target)

    return key


def _transcript_of_notes(plan: SitePlan, notes_key: str) -> str | None:
    """The transcript whose chapters a notes document's references name."""
    episode = plan.episode_of_document.get(notes_key)
    if episode is not None and episode in plan.transcript_of_episode:
        return plan.transcript_of_episode[episode]
    transcripts = list(plan.alignments)
    return transcripts[0] if len(transcripts) == 1 else None
