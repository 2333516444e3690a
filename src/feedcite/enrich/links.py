"""Cross-document links: which documents are about which work, and where works are mentioned.

**Identity.** Each transcript, notes, summary and review document is compared with every
work. Evidence, each with a weight: the work's title contained in the document's title or
opening (dashes and quotes normalised), or their title words overlapping; the series and
episode number (``Lex Fridman Podcast #452``); the host's or a guest's name; the month
and year of the work's date (``November 2024``); the similarity of the document's text
with the work's summary. The best work with enough evidence is linked as ``same-work``,
and the evidence is kept in the link. Feed items matched by curated metadata are linked
to their work the same way, with the match as evidence.

**Mentions.** The aliases of every work (curated, plus its title) are searched in every
transcript, notes, summary and review text (not in the documents about the work itself),
each occurrence with its document, chapter, section and paragraph.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace

from feedcite.enrich._units import context_of, text_units
from feedcite.enrich.context import Context
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import (
    MONTH_ABBR,
    MONTH_NAMES,
    Corpus,
    DocumentHead,
    Link,
    Occurrence,
    SourceSpan,
    Work,
)
from feedcite.parsers import format_of

__all__ = ["alias_pattern", "find_mentions", "identify_documents"]

_STOP = frozenset("a an the of on in and or to for with from by at is are & - ai".split())
_DASHES = str.maketrans(
    {"—": "-", "–": "-", "‐": "-", "‑": "-", "“": '"', "”": '"', "’": "'", "‘": "'"}
)
#: Evidence below this total does not make a document about a work.
IDENTITY_THRESHOLD = 3.0


def _norm(text: str) -> str:
    text = text.translate(_DASHES).lower()
    text = re.sub(r"[^\w#\s-]", " ", text)
    text = re.sub(r"\s*-\s*", " - ", text)
    return re.sub(r"\s+", " ", text).strip()


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", _norm(text)) if w not in _STOP}


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(a[t] * b[t] for t in a.keys() & b.keys())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _evidence(head: DocumentHead, work: Work) -> tuple[float, list[str]]:
    score = 0.0
    notes: list[str] = []
    opening = _norm(head.opening)
    title = _norm(work.title)
    if work.title_source == "metadata" and len(title) >= 12 and title in opening:
        score += 3.0
        notes.append(f"the work's title appears in the document's {_where(head, work)}")
    else:
        mine, theirs = _words(head.title), _words(work.title)
        if mine and theirs:
            overlap = len(mine & theirs) / len(mine | theirs)
            if overlap >= 0.3:
                score += 2.0 * overlap
                notes.append(f"title words overlap ({overlap:.0%})")
    if work.venue:
        venue = _norm(work.venue)
        if work.series_number is not None and re.search(
            rf"{re.escape(venue)}\s*(?:#|no\.?|episode)?\s*{work.series_number}\b", opening
        ):
            score += 3.0
            notes.append(f"series and episode number ({work.venue} #{work.series_number})")
        elif venue in opening or venue in _norm(head.body[:2000]):
            score += 1.0
            notes.append(f"series named ({work.venue})")
    people = [c for c in work.authors if c.role in ("host", "guest")]
    named = [c.display for c in people if _norm(c.display) in opening]
    if named:
        score += min(2.0, 1.0 * len(named))
        notes.append("names " + " and ".join(named))
    if work.year is not None and work.month is not None:
        month = MONTH_NAMES[work.month - 1]
        pattern = rf"\b(?:{month.lower()}|{MONTH_ABBR[work.month - 1].lower()})\.?\s+{work.year}\b"
        if re.search(pattern, _norm(head.opening + " " + head.body[:3000])):
            score += 1.5
            notes.append(f"dated {month} {work.year}")
    if work.summary:
        similarity = _cosine(
            Counter(_words_list(head.body)), Counter(_words_list(work.summary + " " + work.claim))
        )
        if similarity >= 0.25:
            score += 2.0 * similarity
            notes.append(f"text similar to the work's summary (cosine {similarity:.2f})")
    return score, notes


def _words_list(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", _norm(text)) if w not in _STOP and len(w) > 2]


def _where(head: DocumentHead, work: Work) -> str:
    return "title" if _norm(work.title) in _norm(head.title) else "opening"


def identify_documents(corpus: Corpus, context: Context) -> Corpus:
    """Link each non-feed document to the work it is about, with the evidence."""
    del context
    links = list(corpus.links)
    diagnostics = list(corpus.diagnostics)
    for work in corpus.works:
        if work.item is not None and work.title_source == "metadata":
            item = work.item
            links.append(
                Link(
                    "same-work",
                    work.id,
                    item.span.path,
                    (
                        f"feed item at line {item.span.line} ({item.kind}, {item.date_label})",
                        "matched by its curated metadata entry",
                    ),
                )
            )
    for document in corpus.documents:
        head = format_of(document).head(document)
        if head is None:
            continue
        scored = sorted(
            ((*_evidence(head, work), work.id) for work in corpus.works),
            key=lambda item: (-item[0], item[2]),
        )
        best = scored[0] if scored else None
        if best is None or best[0] < IDENTITY_THRESHOLD:
            diagnostics.append(
                Diagnostic(
                    Code.LINK_IDENTITY,
                    "no work is clearly the subject of this document (not enough matching title, "
                    "series, names or dates); it is linked to none",
                    document.span or SourceSpan(document.path, 1),
                    Severity.WARNING,
                )
            )
            continue
        score, notes, work_id = best
        links.append(Link("same-work", work_id, document.path, (*notes, f"score {score:.1f}")))
    return replace(corpus, links=tuple(links), diagnostics=tuple(diagnostics))


def alias_pattern(alias: str) -> re.Pattern[str]:
    """A pattern for ``alias``: whole words, optional plural, case-insensitive unless all capitals.

    Acronyms (``RLHF``, ``GPT-3``) must match their case, so that ``rsp`` inside a word or
    a lowercase homograph does not count; other aliases ignore case. Spaces and hyphens
    are interchangeable (``in-context`` / ``in context``).
    """
    words = re.split(r"[\s-]+", alias.strip())
    body = r"[\s-]+".join(re.escape(w) for w in words)
    letters = [c for c in alias if c.isalpha()]
    acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
    flags = 0 if acronym else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){body}(?:e?s)?(?![\w-])", flags)


def needle(alias: str) -> str:
    """A lowercase piece of text that every match of ``alias_pattern(alias)`` contains.

    Its longest word; empty (which every text contains) when the word is not ASCII, where
    ``str.lower`` and the pattern's case-insensitive matching may disagree.
    """
    word = max(re.split(r"[\s-]+", alias.strip()), key=len)
    return word.lower() if word.isascii() else ""


def find_mentions(corpus: Corpus, context: Context) -> Corpus:
    """Find where each work is mentioned, by its aliases and title."""
    del context
    about = {(link.path, link.work_id) for link in corpus.links if link.kind == "same-work"}
    patterns: list[tuple[Work, str, re.Pattern[str], str]] = []
    for work in corpus.works:
        aliases = list(work.aliases)
        if work.title_source == "metadata" and len(work.title.split()) >= 3:
            aliases.append(work.title)
        for alias in dict.fromkeys(aliases):
            patterns.append((work, alias, alias_pattern(alias), needle(alias)))
    links = list(corpus.links)
    for unit in text_units(corpus, about_works_only=True):
        taken: set[tuple[str, int]] = set()
        lower = unit.text.lower()
        for work, alias, pattern, word in patterns:
            if (unit.location.path, work.id) in about or word not in lower:
                continue
            for found in pattern.finditer(unit.text):
                if (work.id, found.start()) in taken:
                    continue  # another alias of the same work matched here already
                taken.add((work.id, found.start()))
                occurrence = Occurrence(
                    found.group(),
                    alias,
                    unit.location,
                    context_of(unit.text, found.start(), found.end()),
                    found.start(),
                )
                links.append(Link("mention", work.id, unit.location.path, (), occurrence))
    return replace(corpus, links=tuple(links))
