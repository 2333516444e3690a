"""Resolving the ``[§ Chapter title]`` references of reading notes.

A reference names a chapter of the transcript of the same episode (the transcript
linked ``same-work`` to the work the notes are about). Titles are compared without
case, punctuation or a guest prefix; where a title repeats (a topic discussed with two
guests), the first such chapter at or after the previous reference's chapter is taken.
A reference that matches no chapter is a warning with its line and column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from feedcite.enrich.context import Context
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import (
    Chapter,
    ChapterRef,
    Corpus,
    DocumentRecord,
    Notes,
    NoteSection,
    Transcript,
)

__all__ = ["match_ref", "resolve_chapter_refs", "resolve_ref"]


_ASCII_WORD_RE = re.compile(r"[a-z0-9]+")
_WORD_RE = re.compile(r"[^\W_]+")


def _key(text: str) -> str:
    """The words of a chapter title or reference: case-folded, without accents, any script.

    ``Épidémies à Marseille`` and ``epidemies a marseille`` have one key.
    """
    if text.isascii():
        return " ".join(_ASCII_WORD_RE.findall(text.lower()))
    folded = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(_WORD_RE.findall("".join(c for c in folded if not unicodedata.combining(c))))


def resolve_ref(title: str, chapters: tuple[Chapter, ...], after: int = 0) -> int | None:
    """The index of the chapter ``title`` names, preferring chapters from ``after`` on."""
    return match_ref(title, chapters, after)[0]


def match_ref(
    title: str, chapters: tuple[Chapter, ...], after: int = 0
) -> tuple[int | None, float]:
    """The chapter ``title`` names (as ``resolve_ref``) and how closely it names it.

    1.0 when its words are the chapter's title or topic, else the share of words the two
    have in common (at least 0.6, or no chapter).
    """
    wanted = _key(title)
    if not wanted:
        return None, 0.0  # no word to match by
    matches = [c.index for c in chapters if wanted in (_key(c.title), _key(c.topic))]
    closeness = 1.0
    if not matches:
        words = set(wanted.split())
        scored = []
        for chapter in chapters:
            theirs = set(_key(chapter.title).split())
            if words and theirs:
                overlap = len(words & theirs) / len(words | theirs)
                if overlap >= 0.6:
                    scored.append((overlap, chapter.index))
        if scored:
            closeness = max(o for o, _ in scored)
            matches = [i for o, i in scored if o == closeness]
    if not matches:
        return None, 0.0
    later = [i for i in matches if i >= after]
    return (later[0] if later else matches[0]), closeness


def _transcript_for(notes: Notes, corpus: Corpus) -> tuple[Transcript | None, bool, str]:
    """The transcript the notes refer to, whether it is assumed, and else why there is none."""
    about = {link.path: link.work_id for link in corpus.links if link.kind == "same-work"}
    transcripts = [d for d in corpus.documents if isinstance(d, Transcript)]
    work = about.get(notes.path)
    for transcript in transcripts:
        if work is not None and about.get(transcript.path) == work:
            return transcript, False, ""
    if len(transcripts) == 1 and (work is None or transcripts[0].path not in about):
        return transcripts[0], True, ""  # the one transcript, identified with no other episode
    if work is None and transcripts:
        return (
            None,
            False,
            f"(the notes are identified with no episode, and the corpus has {len(transcripts)} "
            "transcripts: which one they refer to is not known)",
        )
    return None, False, "(no transcript of this episode)"


def resolve_chapter_refs(corpus: Corpus, context: Context) -> Corpus:
    """Give every chapter reference of every notes document its chapter index."""
    del context
    diagnostics = list(corpus.diagnostics)
    documents: list[DocumentRecord] = []
    for document in corpus.documents:
        if not isinstance(document, Notes) or not any(s.chapter_refs for s in document.sections):
            documents.append(document)
            continue
        transcript, assumed, missing = _transcript_for(document, corpus)
        if transcript is not None and assumed:
            diagnostics.append(
                Diagnostic(
                    Code.LINK_IDENTITY,
                    "the notes are not identified with an episode; chapter references are "
                    f"resolved against the only transcript, {transcript.path}",
                    document.span or document.sections[0].span,
                    Severity.WARNING,
                )
            )
        chapters = transcript.chapters if transcript else ()
        sections: list[NoteSection] = []
        after = 0
        for section in document.sections:
            refs: list[ChapterRef] = []
            for ref in section.chapter_refs:
                index, closeness = (
                    match_ref(ref.title, chapters, after) if chapters else (None, 0.0)
                )
                if index is not None and closeness < 1.0:
                    named = next(c for c in chapters if c.index == index)
                    diagnostics.append(
                        Diagnostic(
                            Code.NOTES_CHAPTER_REF,
                            f"[§ {ref.title}] names no chapter exactly; taken as chapter "
                            f"{index + 1}, {named.title!r} ({closeness:.0%} of their words "
                            "shared); write the chapter's title to be sure",
                            ref.span,
                            Severity.WARNING,
                            "",
                        )
                    )
                if index is None:
                    where = f"in {transcript.path}" if transcript else missing
                    diagnostics.append(
                        Diagnostic(
                            Code.NOTES_CHAPTER_REF,
                            f"[§ {ref.title}] names no chapter {where}; left unresolved",
                            ref.span,
                            Severity.WARNING,
                            "",
                        )
                    )
                else:
                    after = index
                refs.append(replace(ref, chapter_index=index))
            sections.append(replace(section, chapter_refs=tuple(refs)))
        documents.append(replace(document, sections=tuple(sections)))
    return replace(corpus, documents=tuple(documents), diagnostics=tuple(diagnostics))
