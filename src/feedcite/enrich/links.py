"""Cross-document links: which documents are about which work, and where works are mentioned.

**Identity.** Each transcript, notes, summary and review document is compared with every
work. Evidence, each with a weight: the work's title contained in the document's title or
opening (dashes and quotes normalised), or their title words overlapping; the series and
episode number (``Lex Fridman Podcast #452``); the host's or a guest's name; the month
and year of the work's date (``November 2024``); the similarity of the document's text
with the work's summary. The best work with enough evidence is linked as ``same-work``,
and the evidence is kept in the link. Feed items matched by curated metadata are linked
to their work the same way, with the match as evidence.

**Mentions.** The forms of every work (its title and short title, curated aliases, and
its first author in an author-year citation) are searched in every transcript, notes,
summary and review text (not in the documents about the work itself). Each match is a
candidate; the mention rule (:mod:`feedcite.enrich.mentions`) keeps those with specific
evidence: a distinctive form, or for a common or shared one a citation, the year or an
author nearby. Each mention keeps that evidence and its document, chapter, section and
paragraph; :func:`mention_candidates` lists the rejected candidates too, with why.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence, Set
from dataclasses import dataclass, replace

from feedcite.enrich._units import context_of, text_units
from feedcite.enrich._words import stem
from feedcite.enrich.context import Context
from feedcite.enrich.mentions import (
    SERIES_WORDS,
    Candidate,
    Decision,
    Form,
    FormKind,
    MentionContext,
    Target,
    alias_pattern,
    author_year,
    candidates_in,
    citation,
    classify,
    content_words,
    episode,
    needle,
    topic,
    written_as_name,
    year_named,
)
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.library import identifiers_in
from feedcite.model import (
    MONTH_ABBR,
    MONTH_NAMES,
    Corpus,
    DocumentHead,
    Link,
    Occurrence,
    SourceSpan,
    TextUnit,
    Work,
)
from feedcite.parsers import format_of

__all__ = [
    "alias_pattern",
    "decide_work",
    "find_mentions",
    "identifier_mentions",
    "identify_documents",
    "mention_candidates",
    "needle",
    "settle_mentions",
    "work_targets",
]

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


@dataclass(frozen=True, slots=True)
class _Document:
    """A document's identity evidence, normalised once (not once per work it is compared with)."""

    head: DocumentHead
    title: str
    title_words: set[str]
    opening: str
    early: str
    dated: str
    body: Counter[str]

    @classmethod
    def of(cls, head: DocumentHead) -> _Document:
        opening = _norm(head.opening)
        return cls(
            head,
            _norm(head.title),
            _words(head.title),
            opening,
            _norm(head.body[:2000]),
            _norm(head.opening + " " + head.body[:3000]),
            Counter(_words_list(head.body)),
        )


@dataclass(frozen=True, slots=True)
class _Work:
    """What a work's identity is compared by, normalised once."""

    work: Work
    title: str
    title_words: set[str]
    venue: str
    people: tuple[tuple[str, str], ...]
    summary: Counter[str]

    @classmethod
    def of(cls, work: Work) -> _Work:
        people = tuple(
            (c.display, _norm(c.display)) for c in work.authors if c.role in ("host", "guest")
        )
        return cls(
            work,
            _norm(work.title),
            _words(work.title),
            _norm(work.venue) if work.venue else "",
            people,
            Counter(_words_list(work.summary + " " + work.claim)) if work.summary else Counter(),
        )


def _evidence(document: _Document, candidate: _Work) -> tuple[float, list[str]]:
    work = candidate.work
    score = 0.0
    notes: list[str] = []
    opening = document.opening
    title = candidate.title
    if work.title_source == "metadata" and len(title) >= 12 and title in opening:
        score += 3.0
        where = "title" if title in document.title else "opening"
        notes.append(f"the work's title appears in the document's {where}")
    else:
        mine, theirs = document.title_words, candidate.title_words
        if mine and theirs:
            overlap = len(mine & theirs) / len(mine | theirs)
            if overlap >= 0.3:
                score += 2.0 * overlap
                notes.append(f"title words overlap ({overlap:.0%})")
    if work.venue:
        venue = candidate.venue
        if work.series_number is not None and re.search(
            rf"{re.escape(venue)}\s*(?:#|no\.?|episode)?\s*{work.series_number}\b", opening
        ):
            score += 3.0
            notes.append(f"series and episode number ({work.venue} #{work.series_number})")
        elif venue in opening or venue in document.early:
            score += 1.0
            notes.append(f"series named ({work.venue})")
    named = [display for display, normal in candidate.people if normal in opening]
    if named:
        score += min(2.0, 1.0 * len(named))
        notes.append("names " + " and ".join(named))
    if work.year is not None and work.month is not None:
        month = MONTH_NAMES[work.month - 1]
        pattern = rf"\b(?:{month.lower()}|{MONTH_ABBR[work.month - 1].lower()})\.?\s+{work.year}\b"
        if re.search(pattern, document.dated):
            score += 1.5
            notes.append(f"dated {month} {work.year}")
    if candidate.summary:
        similarity = _cosine(document.body, candidate.summary)
        if similarity >= 0.25:
            score += 2.0 * similarity
            notes.append(f"text similar to the work's summary (cosine {similarity:.2f})")
    return score, notes


def _words_list(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", _norm(text)) if w not in _STOP and len(w) > 2]


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
    candidates: list[_Work] | None = None
    for document in corpus.documents:
        head = format_of(document).head(document)
        if head is None:
            continue
        if candidates is None:
            candidates = [_Work.of(work) for work in corpus.works]
        features = _Document.of(head)
        scored = sorted(
            ((*_evidence(features, candidate), candidate.work.id) for candidate in candidates),
            key=lambda item: (-item[0], item[2]),
        )
        best = scored[0] if scored else None
        if best is None or best[0] < IDENTITY_THRESHOLD:
            diagnostics.append(
                Diagnostic(
                    Code.LINK_IDENTITY,
                    "no work is clearly the subject of this document (not enough matching title, "
                    "series, names or dates); it is linked to none. If it is about a work, give "
                    "that work's entry in works.toml the title, series, guests or date the "
                    "document writes",
                    document.span or SourceSpan(document.path, 1),
                    Severity.WARNING,
                )
            )
            continue
        score, notes, work_id = best
        links.append(Link("same-work", work_id, document.path, (*notes, f"score {score:.1f}")))
    return replace(corpus, links=tuple(links), diagnostics=tuple(diagnostics))


def work_targets(corpus: Corpus) -> list[Target]:
    """Every work as the mention rule sees it: its forms, classified, and its evidence.

    A work's forms are its title (when curated and of three words or more), its short
    title (before a colon, two words or more), its curated aliases and its first author's
    family name. An alias is *shared* when it is a phrase of another work's title or a
    tag of two other works; it is a *series* form when it is made of an episode's series
    or host name (with words like ``podcast`` or ``interview``).
    """
    works = corpus.works
    credited: Counter[str] = Counter()
    for work in works:
        credited.update({c.family.lower() for c in work.authors if not c.organization})
    common_names = {name for name, count in credited.items() if count * 2 > len(works)}
    titles = {w.id: _stems(w.title) for w in works if w.title_source == "metadata"}
    tagged: dict[str, set[str]] = {}
    for work in works:
        for tag in work.tags:
            tagged.setdefault(tag, set()).add(work.id)
    # Per first author, the number of their works in each year: one tuple shared by the
    # author's works (a list of years per work grew with the square of the corpus).
    years_of_first: dict[str, Counter[int | None]] = {}
    for work in works:
        first = _first_author(work)
        if first is not None:
            years_of_first.setdefault(_fold(first), Counter())[work.year] += 1
    no_years: tuple[tuple[int | None, int], ...] = ()
    siblings = {
        name: tuple(sorted(years.items(), key=lambda yn: (yn[0] is None, yn[0] or 0)))
        for name, years in years_of_first.items()
    }
    targets: list[Target] = []
    for work in works:
        forms: list[Form] = []
        seen: set[str] = set()
        if work.title_source == "metadata":
            short = work.title.split(":", 1)[0].strip() if ":" in work.title else ""
            if _people_only(short, work):
                short = ""  # "Guest Name: topic" is an episode's title, not a short title
            for title, length in ((work.title, 3), (short, 2)):
                if len(title.split()) >= length and title.casefold() not in seen:
                    seen.add(title.casefold())
                    forms.append(classify(title, title=True))
        for alias in work.aliases:
            if alias.casefold() in seen:
                continue
            seen.add(alias.casefold())
            words = _stems(alias)
            in_titles = [
                other
                for other, title in titles.items()
                if other != work.id and _contains(title, words)
            ]
            tag = "-".join(w.lower() for w in re.findall(r"[^\W_]+", alias))
            in_tags = sorted(tagged.get(tag, set()) - {work.id} - set(in_titles))
            # One other work tagged with it is about this one; two make it a topic.
            shared = in_titles + in_tags if in_titles or len(in_tags) >= 2 else []
            forms.append(classify(alias, shared_by=shared, series=_series(alias, work)))
        first = _first_author(work)
        if first is not None:
            forms.append(classify(first, author=True))
        forms.sort(key=lambda f: (-len(f.text), f.text))
        people = [c for c in work.authors if not c.organization]
        targets.append(
            Target(
                id=work.id,
                kind="work",
                forms=tuple(forms),
                topic=content_words(" ".join((work.title, work.summary, work.claim))),
                year=work.year,
                authors=frozenset(
                    _last_name(c.family)
                    for c in people
                    if c.role == "author" and c.family.lower() not in common_names
                ),
                number=work.series_number,
                month=work.month,
                guests=frozenset(_last_name(c.family) for c in people if c.role == "guest"),
                siblings=siblings.get(_fold(first), no_years) if first else no_years,
            )
        )
    return targets


def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w.lower()) for w in re.findall(r"[^\W_]+", text))


def _contains(haystack: tuple[str, ...], needle_words: tuple[str, ...]) -> bool:
    n = len(needle_words)
    return n > 0 and any(haystack[i : i + n] == needle_words for i in range(len(haystack) - n + 1))


def _fold(name: str) -> str:
    """``name`` without accents, lowercased (``Tkačik`` and ``Tkacik`` are one author)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _last_name(family: str) -> str:
    return family.rsplit(maxsplit=1)[-1].lower()


def _first_author(work: Work) -> str | None:
    if not work.authors:
        return None
    first = work.authors[0]
    if first.role != "author" or first.organization or len(first.family) < 3:
        return None
    return first.family


def _people_only(text: str, work: Work) -> bool:
    """Whether ``text`` is made of the names of the work's people (``Dario Amodei``)."""
    names = {w.lower() for c in work.authors for w in re.findall(r"[^\W_]+", c.display)}
    words = {w.lower() for w in re.findall(r"[^\W_]+", text)}
    return bool(words) and words <= names


def _series(alias: str, work: Work) -> bool:
    """Whether ``alias`` names the series or host of an episode rather than the episode."""
    if work.venue is None or any(c.isdigit() for c in alias):
        return False
    names = {w.lower() for w in re.findall(r"[^\W_]+", work.venue)}
    for creator in work.authors:
        if creator.role == "host":
            names.update(w.lower() for w in re.findall(r"[^\W_]+", creator.display))
    words = {w.lower() for w in re.findall(r"[^\W_]+", alias)}
    return bool(words & names) and words <= names | SERIES_WORDS


#: Description words near a common alias that make it a mention (with no citation cue).
TOPIC_WORDS = 3


def decide_work(target: Target, form: Form, context: MentionContext) -> Decision:
    """Whether a match of a work's form is a mention (see :mod:`feedcite.enrich.mentions`)."""
    kind = form.kind
    if kind in (FormKind.TITLE, FormKind.CODE, FormKind.RARE, FormKind.PHRASE):
        return (form.why,), None
    if kind is FormKind.NAME and written_as_name(form, context):
        return (form.why, "written with its capitals"), None
    if kind is FormKind.AUTHOR:
        return author_year(target, context)
    if kind is FormKind.SERIES:
        notes = episode(target, context)
        if notes:
            return (form.why, *notes), None
        return (), f"{form.why}, with no episode number, date or guest nearby"
    notes = citation(target, context)
    if notes:
        return (form.why, *notes), None
    if kind is FormKind.SHARED:
        return (), f"{form.why}; no paper, year or author nearby"
    words = topic(target, context)
    if len(words) >= TOPIC_WORDS:
        return (form.why, "words of the work's summary nearby: " + ", ".join(words)), None
    return (), f"{form.why}, with no citation, year, author or words of the work nearby"


def settle_mentions(
    candidates: Sequence[Candidate],
    targets: Sequence[Target],
    about: Set[tuple[str, str]] = frozenset(),
) -> list[Candidate]:
    """The candidates, with the words that several works' candidates share settled.

    Words mention one work, the one the text means; the site draws its links and
    "Discussed in" from the same mentions, so it links what the JSON does.

    * A mention inside (or across) a longer mention of another work is not one: the longer
      words say which work is meant (``Time and Ornament`` in ``Time and Ornament in Korean
      Court Notation``). Equal stretches start together: the first (longest) wins.
    * Where several works have the same form (two works with one title), the year written
      nearest it in its sentence picks those of that year
      (:func:`~feedcite.enrich.mentions.year_named`); then, if the document is about one of
      them, that one, which is not searched there, so nothing else is linked.
    * If nothing tells them apart, the words mention each of them, and each mention says so
      in its evidence (the mentions step adds a ``mention-ambiguous`` warning).

    Args:
        candidates: The decided candidates, unit by unit (as ``candidates_in`` lists them).
        targets: The works searched for.
        about: ``(path, work id)`` of the documents about a work.
    """
    years = {target.id: target.year for target in targets}
    owners: dict[str, set[str]] = {}
    for target in targets:
        for form in target.forms:
            if form.kind is not FormKind.AUTHOR:  # author-year citations settle their own
                owners.setdefault(form.text.casefold(), set()).add(target.id)
    settled: list[Candidate] = []
    for _, group in itertools.groupby(candidates, key=lambda c: c.unit):
        found = list(group)
        accepted = sorted(
            (i for i, c in enumerate(found) if c.accepted),
            key=lambda i: (found[i].start, found[i].start - found[i].end, found[i].target),
        )
        spans: dict[tuple[int, int], list[int]] = {}
        longest: Candidate | None = None
        for index in accepted:
            candidate = found[index]
            span = (candidate.start, candidate.end)
            if longest is not None and candidate.start < longest.end:
                if span != (longest.start, longest.end):
                    where = "inside" if candidate.end <= longest.end else "across"
                    found[index] = replace(
                        candidate,
                        evidence=(),
                        rejected=f"{where} a mention of {longest.target} ({longest.text})",
                    )
                    continue
            else:
                longest = candidate
            spans.setdefault(span, []).append(index)
        for indices in spans.values():
            _settle_shared(found, indices, owners, years, about)
        settled.extend(found)
    return settled


def _settle_shared(
    found: list[Candidate],
    indices: list[int],
    owners: dict[str, set[str]],
    years: dict[str, int | None],
    about: Set[tuple[str, str]],
) -> None:
    """Settle one stretch of words that the works in ``owners`` of its forms share."""
    first = found[indices[0]]
    works: set[str] = set()
    for index in indices:
        works |= owners.get(found[index].form.text.casefold(), set()) | {found[index].target}
    if len(works) < 2:
        return
    what = "title" if all(found[i].form.kind is FormKind.TITLE for i in indices) else "name"
    shared = f"the {what} of {len(works)} works"
    meant, why = set(works), ""
    named = {year for work in works if (year := years[work]) is not None}
    year = year_named(first.unit.text, first.start, first.end, named)
    if year is not None and any(years[w] != year for w in works):
        meant = {w for w in works if years[w] == year}
        why = f"{shared}; the year beside it ({year}) is that of {', '.join(sorted(meant))}"
    subjects = {w for w in meant if (first.unit.location.path, w) in about}
    if subjects and subjects != meant:
        meant = subjects
        why = f"{shared}; this document is about {', '.join(sorted(subjects))}"
    kept = [i for i in indices if found[i].target in meant]
    for index in indices:
        candidate = found[index]
        others = ", ".join(sorted(works - {candidate.target}))
        if candidate.target not in meant:
            found[index] = replace(candidate, evidence=(), rejected=why)
        elif len(kept) > 1:
            also = ", ".join(sorted(meant - {candidate.target}))
            note = f"{shared} (also {also}); nothing beside it tells which"
            found[index] = replace(candidate, evidence=(*candidate.evidence, note))
        elif year is not None and why:
            note = f"{shared}; the year beside it ({year}) tells it from {others}"
            found[index] = replace(candidate, evidence=(*candidate.evidence, note))


def mention_candidates(corpus: Corpus) -> list[Candidate]:
    """Every match of every work's forms, each with its decision (accepted or why not).

    Works are searched in every transcript, notes, summary and review text, except in the
    documents about the work itself; words that several works' matches share are settled
    by :func:`settle_mentions`.
    """
    about = {(link.path, link.work_id) for link in corpus.links if link.kind == "same-work"}
    targets = work_targets(corpus)
    found = candidates_in(
        text_units(corpus, about_works_only=True),
        targets,
        decide_work,
        skip=lambda unit, target: (unit.location.path, target.id) in about,
        attribute=True,
    )
    return settle_mentions(found, targets, about)


def identifier_mentions(corpus: Corpus) -> list[Link]:
    """Mentions by identifier: a text that writes a work's arXiv identifier or DOI.

    ``arXiv:2503.01234`` in a review is that preprint, whatever words are around it; the
    texts are those the mention rule reads, and a document is not a mention of its own work.
    """
    by_arxiv = {re.sub(r"v\d+$", "", w.arxiv): w.id for w in corpus.works if w.arxiv}
    by_doi = {w.doi.casefold(): w.id for w in corpus.works if w.doi}
    if not by_arxiv and not by_doi:
        return []
    about = {(link.path, link.work_id) for link in corpus.links if link.kind == "same-work"}
    links: list[Link] = []
    for unit in text_units(corpus, about_works_only=True):
        for kind, identifier, start, end in identifiers_in(unit.text):
            work_id = (by_arxiv if kind == "arxiv" else by_doi).get(identifier)
            path = unit.location.path
            if work_id is None or (path, work_id) in about:
                continue
            evidence = (f"its {'arXiv identifier' if kind == 'arxiv' else 'DOI'}",)
            occurrence = Occurrence(
                unit.text[start:end],
                identifier,
                unit.location,
                context_of(unit.text, start, end),
                start,
                evidence,
            )
            links.append(Link("mention", work_id, path, evidence, occurrence))
    return links


def find_mentions(corpus: Corpus, context: Context) -> Corpus:
    """Find where each work is mentioned: the candidates the mention rule accepts.

    Words that mention several works (the title of each, and nothing beside it telling
    which) are a mention of each, with a ``mention-ambiguous`` warning.
    """
    del context
    links = list(corpus.links)
    diagnostics = list(corpus.diagnostics)
    accepted = [c for c in mention_candidates(corpus) if c.accepted]
    by_words: dict[tuple[TextUnit, int, int], list[Candidate]] = {}
    for candidate in accepted:
        unit = candidate.unit
        by_words.setdefault((unit, candidate.start, candidate.end), []).append(candidate)
        occurrence = Occurrence(
            candidate.text,
            candidate.form.text,
            unit.location,
            context_of(unit.text, candidate.start, candidate.end),
            candidate.start,
            candidate.evidence,
        )
        links.append(
            Link("mention", candidate.target, unit.location.path, candidate.evidence, occurrence)
        )
    links.extend(identifier_mentions(corpus))
    for (unit, start, end), same in by_words.items():
        if len(same) > 1:
            what = "title" if all(c.form.kind is FormKind.TITLE for c in same) else "name"
            diagnostics.append(
                Diagnostic(
                    Code.MENTION_AMBIGUOUS,
                    f"'{unit.text[start:end]}' is the {what} of {len(same)} works "
                    f"({', '.join(sorted(c.target for c in same))}) and nothing beside it "
                    "(a year in the sentence) tells which: it is linked to each",
                    unit.location.span or SourceSpan(unit.location.path, 1),
                    Severity.WARNING,
                )
            )
    return replace(corpus, links=tuple(links), diagnostics=tuple(diagnostics))
