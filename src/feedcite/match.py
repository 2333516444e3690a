"""Matching feed items to the user's library, for ``works.toml`` entries to review.

:func:`match_works` is a pure function: feed works (each with its item and split tags) and
library entries in, a :class:`Matches` out: the proposed entries (one library entry per
item, with a confidence and the evidence for it), the *ambiguous* items (listed with their
candidates, never applied), the items nothing matched, and the library entries no item
took. :func:`works_toml` writes the proposals as ``[[work]]`` entries; every value in them
is what the library says (an entry is never completed from anything else), and the
evidence and confidence go into ``evidence`` and ``notes``.

**Evidence**, each with a weight, summed into a score (confidence = score / 4, at most 1):

======================================================  ==========
an arXiv identifier or DOI of the entry in the item      +4
the entry's title words in the item's summary, claim      up to +3, weighted by how rare
and tags                                                  each word is in the library
the title (or its part before a colon) verbatim           +1
the month agrees (an arXiv identifier's month for a       +0.75, the day too +0.5;
published paper), or differs                              differs -0.5
the feed's subject among the authors, or not              +0.5 / -1
a paper matched to a video, or a video to a paper         -1.5
a video or podcast matched to a recording                 +0.5
======================================================  ==========

The feed's subject's own names are not counted as title words (every item is about them).

**Decision.** Pairs are assigned best first, each item and each entry once. An assignment is
proposed when its confidence is at least :data:`PROPOSE` and it beats the item's next
candidate and the entry's next item by :data:`MARGIN`; an item whose best candidate is below
:data:`CANDIDATE` is unmatched; anything between is ambiguous.

**Cost.** Candidates come from an index of the library's title words (words held by more
than :data:`POSTINGS` entries are too common to propose candidates, but still count in
scores) and of its identifiers, so each item is scored against a bounded number of entries.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence, Set
from dataclasses import dataclass

from feedcite._strings import unique_name
from feedcite._toml import toml_string as q
from feedcite.curated import MatchRule
from feedcite.enrich.metadata import match_rule, match_toml
from feedcite.enrich.works import person_from_name
from feedcite.library import LibraryEntry, arxiv_id
from feedcite.model import MONTH_ABBR, Creator, FeedItem, Work

__all__ = [
    "CANDIDATE",
    "MARGIN",
    "POSTINGS",
    "PROPOSE",
    "Ambiguity",
    "Candidate",
    "Matches",
    "Proposal",
    "match_rule",
    "match_works",
    "works_toml",
]

PROPOSE = 0.6
"""Least confidence of a proposed entry."""
CANDIDATE = 0.35
"""Least confidence of a candidate worth listing."""
MARGIN = 0.5
"""Least lead (in score) over the next candidate, for the item and for the entry."""
POSTINGS = 50
"""A title word held by more entries than this proposes no candidates."""

_STOPWORDS = frozenset(
    "a an and are as at be by for from in into is it its of on or the their this to toward "
    "towards via vs with without what when where which who why how do does can we our you "
    "your new using use".split()
)
_WORD_RE = re.compile(r"[a-z0-9]+")
_ARXIV_TEXT_RE = re.compile(r"\b(\d{4}\.\d{4,5})(?:v\d+)?\b")
_DOI_TEXT_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")
_PAPER_KINDS = frozenset({"paper", "preprint", "article", "publication"})
_RECORDING_KINDS = frozenset({"youtube", "video", "podcast", "talk", "interview", "lecture"})
_RECORDING_TYPES = frozenset(
    {"motion_picture", "broadcast", "speech", "interview", "video", "audio", "movie", "podcast"}
)
_RECORDING_URL_RE = re.compile(r"https?://(?:www\.)?(?:youtube\.com|youtu\.be|vimeo\.com)/")
_RECORDING_MEDIUM_RE = re.compile(
    r"\b(?:video|podcast|episode|youtube|talk|lecture|interview|broadcast)\b", re.IGNORECASE
)


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return plain.casefold()


def _stem(word: str) -> str:
    """A crude singular: ``models`` -> ``model``, ``studies`` -> ``study`` (not ``class``)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _words(text: str) -> list[str]:
    return [_stem(w) for w in _WORD_RE.findall(_fold(text))]


def _phrase(text: str) -> str:
    return " ".join(_WORD_RE.findall(_fold(text)))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A library entry for an item, with its score and what it rests on."""

    entry: LibraryEntry
    score: float
    evidence: tuple[str, ...]

    @property
    def confidence(self) -> float:
        """The score as a confidence between 0 and 1 (two decimals)."""
        return round(min(1.0, max(0.0, self.score / 4)), 2)


@dataclass(frozen=True, slots=True)
class Proposal:
    """An item and the library entry proposed for it."""

    work_id: str
    item: FeedItem
    candidate: Candidate
    runner_up: Candidate | None = None
    """The best other entry that no other item took."""


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """An item whose match is not clear: its candidates, best first, and why."""

    work_id: str
    item: FeedItem
    candidates: tuple[Candidate, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Matches:
    """What :func:`match_works` found (every item is in exactly one of the first three)."""

    proposals: tuple[Proposal, ...]
    ambiguities: tuple[Ambiguity, ...]
    unmatched: tuple[tuple[str, FeedItem], ...]
    unused: tuple[LibraryEntry, ...]
    """Library entries that no item took (most libraries hold other people's works too)."""


@dataclass(frozen=True, slots=True)
class _Item:
    work_id: str
    item: FeedItem
    words: frozenset[str]
    phrase: str
    arxiv: frozenset[str]
    dois: frozenset[str]


def _item(work: Work) -> _Item:
    item = work.item
    assert item is not None
    text = f"{item.summary} {item.claim}"
    words = set(_words(text))
    for tag in work.tags:
        words.update(_words(tag.replace("-", " ")))
    return _Item(
        work.id,
        item,
        frozenset(words),
        _phrase(text),
        frozenset(_ARXIV_TEXT_RE.findall(text)),
        frozenset(d.rstrip(".,;)").casefold() for d in _DOI_TEXT_RE.findall(text)),
    )


def _preprint_date(entry: LibraryEntry) -> tuple[int | None, int | None, int | None]:
    """The date of the version a feed captures: an arXiv identifier's for a published paper."""
    if entry.published_type is not None and entry.arxiv:
        found = re.match(r"^(\d{2})(\d{2})\.", entry.arxiv)
        if found and 1 <= int(found[2]) <= 12:
            return 2000 + int(found[1]), int(found[2]), None
    return entry.year, entry.month, entry.day


def _recording(entry: LibraryEntry) -> bool:
    return (
        entry.type.casefold() in _RECORDING_TYPES
        or bool(entry.url and _RECORDING_URL_RE.match(entry.url))
        or bool(entry.medium and _RECORDING_MEDIUM_RE.search(entry.medium))
    )


def _paper(entry: LibraryEntry) -> bool:
    return bool(entry.arxiv or entry.published_type or entry.doi) and not _recording(entry)


class _Scorer:
    def __init__(self, entries: Sequence[LibraryEntry], subject: str | None) -> None:
        self.subject_words = frozenset(_words(subject or ""))
        self.subject_family = _fold(person_from_name(subject).family) if subject else None
        self.titles: list[list[str]] = []
        frequency: dict[str, int] = defaultdict(int)
        for entry in entries:
            words = list(dict.fromkeys(_words(entry.title or "")))
            words = [w for w in words if w not in _STOPWORDS and w not in self.subject_words]
            self.titles.append(words)
            for word in words:
                frequency[word] += 1
        total = len(entries)
        self.idf = {w: math.log((total + 1) / (n + 0.5)) + 1 for w, n in frequency.items()}

    def score(self, item: _Item, index: int, entry: LibraryEntry) -> Candidate:
        score = 0.0
        evidence: list[str] = []
        if entry.arxiv and entry.arxiv in item.arxiv:
            score += 4
            evidence.append(f"arXiv {entry.arxiv} named in the item")
        elif entry.doi and entry.doi.casefold() in item.dois:
            score += 4
            evidence.append(f"DOI {entry.doi} named in the item")
        words = self.titles[index]
        if words:
            found = [w for w in words if w in item.words]
            weight = sum(self.idf[w] for w in words)
            coverage = sum(self.idf[w] for w in found) / weight
            score += 3 * coverage
            evidence.append(f"title words {len(found)}/{len(words)} in the item")
        short = _phrase((entry.title or "").split(":", 1)[0])
        content = [w for w in short.split() if w not in self.subject_words]
        if len(content) >= 2 and f" {short} " in f" {item.phrase} ":
            score += 1
            evidence.append("the title is in the item's text")
        _, month, day = _preprint_date(entry)
        if month is not None:
            feed = MONTH_ABBR[item.item.month - 1]
            if month == item.item.month:
                score += 0.75
                if day is not None and day == item.item.day:
                    score += 0.5
                    evidence.append(f"date {feed} {day} agrees")
                else:
                    evidence.append(f"month {feed} agrees")
            else:
                score -= 0.5
                evidence.append(f"month differs (feed {feed}, library {MONTH_ABBR[month - 1]})")
        if self.subject_family and entry.authors:
            families = {_fold(a.family) for a in entry.authors}
            if self.subject_family in families or any(
                self.subject_family in f.split() for f in families
            ):
                score += 0.5
                evidence.append("the feed's subject is an author")
            elif not entry.others:
                score -= 1
                evidence.append("the feed's subject is not an author")
        kind = item.item.kind.casefold()
        if (kind in _PAPER_KINDS and _recording(entry)) or (
            kind in _RECORDING_KINDS and _paper(entry)
        ):
            score -= 1.5
            evidence.append(f"a {kind} item, a {entry.type} entry")
        elif kind in _RECORDING_KINDS and _recording(entry):
            score += 0.5
            evidence.append(f"a {kind} item, a recording in the library")
        return Candidate(entry, round(score, 3), tuple(evidence))


def match_works(
    works: Sequence[Work],
    entries: Sequence[LibraryEntry],
    *,
    subject: str | None = None,
) -> Matches:
    """Match the feed works (those with an item) to library entries (see the module docstring).

    Two passes: the second scores the items the first left undecided again, with the
    years of the proposals around them (a feed is newest first, so an entry dated after the
    item above it, or before the item below it, does not fit: -1; one that fits between
    both: +0.5).

    Args:
        works: The works to match, in feed order; works without a feed item are ignored.
        entries: The library's entries.
        subject: The person the feed is about (its header, or ``Family, Given``), for the
            author evidence.
    """
    items = [_item(w) for w in works if w.item is not None]
    scorer = _Scorer(entries, subject)
    postings: dict[str, list[int]] = defaultdict(list)
    by_id: dict[str, list[int]] = defaultdict(list)
    for index, entry in enumerate(entries):
        for word in scorer.titles[index]:
            postings[word].append(index)
        for identifier in (entry.arxiv, entry.doi.casefold() if entry.doi else None):
            if identifier:
                by_id[identifier].append(index)
    candidates: dict[int, list[tuple[int, Candidate]]] = {}
    for number, item in enumerate(items):
        chosen: set[int] = set()
        for word in item.words:
            found = postings.get(word, ())
            if len(found) <= POSTINGS:
                chosen.update(found)
        for identifier in (*item.arxiv, *item.dois):
            chosen.update(by_id.get(identifier, ()))
        scored = [(i, scorer.score(item, i, entries[i])) for i in sorted(chosen)]
        candidates[number] = _ranked(scored)
    decided = _decide(items, candidates, range(len(items)))
    proposed = {n: d for n, d in decided.items() if isinstance(d, Proposal)}
    rest = [n for n in range(len(items)) if n not in proposed]
    if rest and proposed:
        used = {_index_of(entries, d.candidate.entry) for d in proposed.values()}
        bounds = _year_bounds(items, proposed)
        for number in rest:
            low, high = bounds[number]
            candidates[number] = _ranked(
                [(i, _with_year(c, low, high)) for i, c in candidates[number] if i not in used]
            )
        decided.update(_decide(items, candidates, rest))
    proposals = tuple(d for n in sorted(decided) if isinstance(d := decided[n], Proposal))
    ambiguities = tuple(d for n in sorted(decided) if isinstance(d := decided[n], Ambiguity))
    unmatched = tuple(
        (items[n].work_id, items[n].item) for n in sorted(decided) if decided[n] is None
    )
    taken = {id(p.candidate.entry) for p in proposals}
    unused = tuple(e for e in entries if id(e) not in taken)
    return Matches(proposals, ambiguities, unmatched, unused)


def _index_of(entries: Sequence[LibraryEntry], entry: LibraryEntry) -> int:
    return next(i for i, e in enumerate(entries) if e is entry)


def _ranked(scored: Sequence[tuple[int, Candidate]]) -> list[tuple[int, Candidate]]:
    kept = [(i, c) for i, c in scored if c.confidence > 0]
    return sorted(kept, key=lambda ic: (-ic[1].score, ic[1].entry.key))


def _year_bounds(
    items: Sequence[_Item], proposed: dict[int, Proposal]
) -> dict[int, tuple[int | None, int | None]]:
    """For each item, the years of the nearest proposals below it and above it in its feed."""
    bounds: dict[int, tuple[int | None, int | None]] = {}
    feeds: dict[str, list[int]] = defaultdict(list)
    for number, item in enumerate(items):
        feeds[item.item.span.path].append(number)
    for numbers in feeds.values():
        ordered = sorted(numbers, key=lambda n: items[n].item.index)
        for position, number in enumerate(ordered):
            above = [
                y
                for n in ordered[:position]
                if n in proposed and (y := _preprint_date(proposed[n].candidate.entry)[0])
            ]
            below = [
                y
                for n in ordered[position + 1 :]
                if n in proposed and (y := _preprint_date(proposed[n].candidate.entry)[0])
            ]
            bounds[number] = (below[0] if below else None, above[-1] if above else None)
    return bounds


def _with_year(candidate: Candidate, low: int | None, high: int | None) -> Candidate:
    """``candidate`` with the evidence of the feed's order (see :func:`match_works`)."""
    year = _preprint_date(candidate.entry)[0]
    if year is None or (low is None and high is None):
        return candidate
    if (low is not None and year < low) or (high is not None and year > high):
        between = f"{low or '?'}-{high or '?'}"
        return Candidate(
            candidate.entry,
            round(candidate.score - 1, 3),
            (*candidate.evidence, f"the year {year} does not fit the feed's order ({between})"),
        )
    if low is not None and high is not None:
        return Candidate(
            candidate.entry,
            round(candidate.score + 0.5, 3),
            (*candidate.evidence, f"the year {year} fits the feed's order"),
        )
    return candidate


def _decide(
    items: Sequence[_Item],
    candidates: dict[int, list[tuple[int, Candidate]]],
    numbers: Sequence[int] | range,
) -> dict[int, Proposal | Ambiguity | None]:
    """Assign best pairs first; propose, call ambiguous or unmatched each item of ``numbers``."""
    pairs = sorted(
        ((c.score, n, i, c) for n in numbers for i, c in candidates[n]),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    assigned: dict[int, tuple[int, Candidate]] = {}
    owner: dict[int, int] = {}
    for _, number, index, candidate in pairs:
        if number in assigned or index in owner:
            continue
        assigned[number] = (index, candidate)
        owner[index] = number
    # For each entry, the best score of the items that were not given another entry.
    free_items: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for score, number, index, _ in pairs:
        if owner.get(index) == number or number not in assigned:
            free_items[index].append((score, number))
    decided: dict[int, Proposal | Ambiguity | None] = {}
    for number in numbers:
        item = items[number]
        listed = candidates[number]
        if number not in assigned or assigned[number][1].confidence < CANDIDATE:
            if listed and listed[0][1].confidence >= CANDIDATE:
                first = owner.get(listed[0][0])
                reason = (
                    f"its best candidate is a better match for {items[first].work_id!r}"
                    if first is not None and first != number
                    else f"confidence {listed[0][1].confidence:.2f} is below {PROPOSE}"
                )
                shown = tuple(c for _, c in listed[:3])
                decided[number] = Ambiguity(item.work_id, item.item, shown, reason)
            else:
                decided[number] = None
            continue
        index, best = assigned[number]
        # Rivals: candidates whose entry no other item took, items no other entry took.
        free = [c for i, c in listed if i != index and owner.get(i) in (None, number)]
        runner = free[0] if free else None
        rival = next(((s, n) for s, n in free_items[index] if n != number), None)
        problems = []
        if best.confidence < PROPOSE:
            problems.append(f"confidence {best.confidence:.2f} is below {PROPOSE}")
        if runner is not None and best.score - runner.score < MARGIN:
            problems.append(f"{runner.entry.key!r} is nearly as good")
        if rival is not None and best.score - rival[0] < MARGIN:
            problems.append(f"the entry fits {items[rival[1]].work_id!r} nearly as well")
        if problems:
            shown = (best, *[c for i, c in listed if i != index][:2])
            decided[number] = Ambiguity(item.work_id, item.item, shown, "; ".join(problems))
            continue
        decided[number] = Proposal(item.work_id, item.item, best, runner)
    return decided


# ---------------------------------------------------------------------------- works.toml


def _person(creator: Creator) -> str:
    if creator.organization or not creator.given:
        return creator.family
    if creator.suffix:
        return f"{creator.family}, {creator.suffix}, {creator.given}"
    return f"{creator.family}, {creator.given}"


def _days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is None or not 1 <= year <= 9999:
        return None
    if month is None or not 1 <= month <= 12:
        return f"{year:04d}"
    if day is None or not 1 <= day <= _days_in(year, month):
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _valid_arxiv(value: str | None) -> str | None:
    return value if value and arxiv_id(value) == value else None


def entry_lines(proposal: Proposal, rule: MatchRule, work_id: str, library: str) -> list[str]:
    """The ``[[work]]`` entry of a proposal (TOML lines): only what the library says."""
    entry = proposal.candidate.entry
    lines = ["[[work]]", f"id = {q(work_id)}"]
    lines.append(match_toml(rule))
    if entry.title:
        lines.append(f"title = {q(entry.title)}")
    authors = [a for a in entry.authors if a.role not in ("host", "guest")]
    hosts = [a for a in entry.authors if a.role == "host"]
    guests = [a for a in entry.authors if a.role == "guest"]
    if authors:
        lines.append("authors = [")
        lines.extend(f"  {q(_person(a))}," for a in authors)
        lines.append("]")
    if hosts:  # works.toml has one host; more are guests of the entry's list
        lines.append(f"host = {q(_person(hosts[0]))}")
        guests = [*hosts[1:], *guests]
    if guests:
        lines.append(f"guests = [{', '.join(q(_person(g)) for g in guests)}]")
    if entry.others:
        lines.append("authors_complete = false")
    published = entry.published_type is not None and entry.venue is not None
    year, month, day = _preprint_date(entry) if published else (entry.year, entry.month, entry.day)
    dated_elsewhere = published and not entry.arxiv and month != proposal.item.month
    iso = None if dated_elsewhere else _iso(year, month, day)
    if iso:
        lines.append(f"date = {q(iso)}")
    arxiv = _valid_arxiv(entry.arxiv)
    if arxiv:
        lines.append(f"arxiv = {q(arxiv)}")
    if entry.doi and not published:
        lines.append(f"doi = {q(entry.doi)}")
    if entry.url:
        lines.append(f"url = {q(entry.url)}")
    if entry.venue and not published:
        lines.append(f"venue = {q(entry.venue)}")
    if published:
        assert entry.venue is not None
        assert entry.published_type is not None
        parts = [f"type = {q(entry.published_type)}", f"venue = {q(entry.venue)}"]
        if entry.year is not None and 1 <= entry.year <= 9999:
            parts.append(f"year = {entry.year}")
            if entry.month is not None:
                parts.append(f"month = {entry.month}")
                if entry.day is not None and entry.day <= _days_in(entry.year, entry.month):
                    parts.append(f"day = {entry.day}")
        for name in ("volume", "number", "pages"):
            value = getattr(entry, name)
            if value:
                parts.append(f"{name} = {q(value)}")
        if entry.doi:
            parts.append(f"doi = {q(entry.doi)}")
        lines.append(f"published = {{ {', '.join(parts)} }}")
    lines.append(f"evidence = {q(f'{library}:{entry.span.line} ({entry.key})')}")
    candidate = proposal.candidate
    note = (
        f"Proposed by feedcite match with confidence {candidate.confidence:.2f}: "
        f"{'; '.join(candidate.evidence)}."
    )
    if dated_elsewhere:
        note += (
            " No date is given: the library's date is the published version's, and its month "
            "is not the feed's."
        )
    if published and iso and entry.arxiv:
        note += (
            " The date is the month of the arXiv identifier; the library's year is the "
            "published version's."
        )
    if proposal.runner_up is not None:
        note += (
            f" Next candidate: {proposal.runner_up.entry.key} "
            f"({proposal.runner_up.confidence:.2f})."
        )
    lines.append(f"notes = {q(note + ' Review before relying on it.')}")
    return lines


def works_toml(
    matches: Matches,
    items: Sequence[FeedItem],
    *,
    library: str,
    taken_ids: Set[str] = frozenset(),
) -> str:
    """The proposals as ``[[work]]`` entries, and the ambiguous items as comments.

    Args:
        matches: What :func:`match_works` found.
        items: Every feed item (so that each ``match`` rule selects one item only).
        library: The library's file name, for ``evidence``.
        taken_ids: Ids already used in the ``works.toml`` the text is added to.
    """
    used = set(taken_ids)
    blocks = []
    for proposal in matches.proposals:
        work_id = unique_name(proposal.work_id, used)
        rule = match_rule(proposal.item, items)
        blocks.append("\n".join(entry_lines(proposal, rule, work_id, library)) + "\n")
    text = "\n".join(blocks)
    if matches.ambiguities:
        lines = [
            "# Ambiguous: not applied. Copy an entry from your library by hand if one is right.",
        ]
        for ambiguity in matches.ambiguities:
            item = ambiguity.item
            lines.append(
                f"#   {item.kind} / {item.handle} / {item.date_label} ({ambiguity.work_id}): "
                f"{ambiguity.reason}; candidates: "
                + ", ".join(f"{c.entry.key} ({c.confidence:.2f})" for c in ambiguity.candidates)
            )
        text += ("\n" if text else "") + "\n".join(lines) + "\n"
    return text
