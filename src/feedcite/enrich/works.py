"""First step: one :class:`~feedcite.model.Work` per feed item.

Before any metadata is known, a work has the item's kind, date and texts, the feed's
subject as its (only) author, and a title built from its key claim (``title_source =
"derived"``). Later steps overlay curated facts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from anyascii import anyascii

from feedcite._strings import unique_name
from feedcite.enrich.context import Context
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import MONTH_ABBR, Corpus, Creator, Feed, FeedItem, SourceSpan, Work

__all__ = [
    "derived_title",
    "invisible_removed",
    "item_key",
    "person_from_name",
    "subject_in_order",
    "visible_text",
    "works_from_feeds",
]

_WORD_RE = re.compile(r"[^\W_]+")
_TITLE_WORDS = 14
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s")
#: Words written with a full stop that does not end a sentence (lowercased, without it).
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms mx prof st vs cf al etc fig figs eq no nos vol vols pp ch sec approx ca "
    "inc ltd co corp dept univ est jr sr gen gov sen rep rev mt ft".split()
)
_KEY_STOPWORDS = frozenset(("a", "an", "the", "of", "in", "on", "and", "to", "is", "are", "for"))


#: Bidirectional controls and zero-width characters: invisible, yet they reorder or hide
#: what is shown (U+202E turns "txt.exe" into "exe.txt") and stop pdflatex.
_INVISIBLE_RE = re.compile(
    "[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def visible_text(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without bidi controls and zero-width characters, and the ones removed."""
    if text.isascii():
        return text, ()
    found = tuple(dict.fromkeys(_INVISIBLE_RE.findall(text)))
    return (_INVISIBLE_RE.sub("", text), found) if found else (text, ())


def invisible_removed(
    what: str, removed: tuple[str, ...], span: SourceSpan, line: str = ""
) -> Diagnostic:
    """The warning for invisible characters removed from ``what`` (a field's name)."""
    names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'CONTROL')}" for c in removed)
    return Diagnostic(
        Code.TEXT_INVISIBLE,
        f"invisible characters removed from the {what}: {names}",
        span,
        Severity.WARNING,
        line,
    )


def ascii_slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens (diacritics transliterated)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(w.lower() for w in _WORD_RE.findall(plain))


#: Longest part (kind, or one word of the claim) of a work's key (:func:`item_key`).
KEY_WORD_LENGTH = 30


def item_key(item: FeedItem) -> str:
    """A readable key for a feed item: kind, date and the claim's first words.

    For example ``paper-feb-15-moral-self-correction``. It does not depend on the item's
    position, so reordering or adding items does not change it. Each part is cut to
    :data:`KEY_WORD_LENGTH` characters, so that a claim that opens with one long token (a
    DNA sequence, a URL) still gives a key that can name a file.
    """
    words = [w for w in ascii_slug(item.claim).split("-") if w and w not in _KEY_STOPWORDS]
    date = f"{MONTH_ABBR[item.month - 1].lower()}-{item.day}"
    kind = ascii_slug(item.kind) or "item"
    return "-".join(w[:KEY_WORD_LENGTH] for w in [kind, date, *words[:3]])


def _first_sentence(text: str) -> str:
    """The first sentence of ``text``.

    A full stop ends it only before a capital, a digit or a quote, and not after an
    abbreviation (``Dr.``, ``vs.``, ``e.g.``), an initial (``J. Smith``) or an initialism
    (``the U.S. costs``); ``!`` and ``?`` always do.
    """
    for found in _SENTENCE_END_RE.finditer(text):
        end = found.start()
        if text[end - 1] == ".":
            rest = text[found.end() :].lstrip()
            word = text[:end].rsplit(None, 1)[-1].lstrip("(\"'“‘").lower()
            if not rest or not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'“‘("):
                continue
            if word[:-1] in _ABBREVIATIONS or len(word) == 2 or "." in word[:-1]:
                continue
        return text[:end]
    return text


def derived_title(item: FeedItem) -> str:
    """A title built from the item's key claim: its first sentence, at most 14 words."""
    sentence = _first_sentence(item.claim.strip()).rstrip(".")
    words = sentence.split()
    if len(words) > _TITLE_WORDS:
        return " ".join(words[:_TITLE_WORDS]) + " …"
    return sentence


#: Generational suffixes, lowercased without their full stop.
_SUFFIXES = frozenset("jr sr ii iii iv v vi jnr snr".split())
#: Degrees written after a name (``Jane Roe, PhD``): no part of the name as cited.
_DEGREES = frozenset("phd ph.d dphil md m.d mba msc bsc ma ba jd esq".split())
#: Particles of a family name (``de la Fontaine``, ``van Gogh``, ``Ó Súilleabháin``), any case
#: after a given name.
_PARTICLES = frozenset(
    "da das de degli dei del della der des di do dos du la le ten ter van von zu "
    "ó ní nic ua mac bin ibn al el".split()
)
#: Titles written before a name (``Dr. Anna Smith``): no part of the name as cited.
_HONORIFICS = frozenset("dr prof professor mr mrs ms mx sir dame".split())


def _is_suffix(word: str) -> bool:
    return word.lower().rstrip(".") in _SUFFIXES


def person_from_name(name: str, role: str = "author") -> Creator:
    """A person from a name as a feed's header writes it.

    In reading order the last word is the family name, with the particles before it,
    however capitalised (``Jean-Luc de la Fontaine``: *de la Fontaine*, *Jean-Luc*;
    ``Ursula Le Guin``: *Le Guin*; ``Siobhán Ó Súilleabháin``: *Ó Súilleabháin*), a title
    before it left out (``Dr. Anna Smith``: *Smith*, *Anna*) and a generational
    suffix after it kept apart (``Martin Luther King Jr.``: *King*, *Martin Luther*,
    *Jr.*). With a comma the family name comes first: ``O'Neil, Cathy``, ``King, Jr.,
    Martin Luther``. A trailing handle in parentheses (``Maria Lopez (@marialopez)``) is
    not part of the name.
    """
    name = " ".join((re.sub(r"\s*\([^()]*\)\s*$", "", name) or name).split())
    parts = [part.strip() for part in name.split(",")]
    while len(parts) > 1 and parts[-1].lower().rstrip(".") in _DEGREES:
        parts.pop()
    suffix = ""
    if len(parts) == 3 and all(parts) and (_is_suffix(parts[1]) or _is_suffix(parts[2])):
        family, middle, last = parts  # "King, Jr., Martin Luther" or "Smith, John, Jr."
        given, suffix = (last, middle) if _is_suffix(middle) else (middle, last)
        return Creator(family=family, given=given, suffix=suffix, role=role)
    if len(parts) == 2 and all(parts):
        if not _is_suffix(parts[1]):  # "O'Neil, Cathy"
            return Creator(family=parts[0], given=parts[1], role=role)
        name, suffix = parts  # "Martin Luther King, Jr."
    else:
        name = ", ".join(parts)
    words = name.split()
    while len(words) > 2 and words[0].lower().rstrip(".") in _HONORIFICS:
        words.pop(0)
    if not suffix and len(words) > 2 and _is_suffix(words[-1]):
        suffix = words.pop()
    if len(words) < 2:
        return Creator(family=" ".join(words) or name, suffix=suffix, role=role)
    start = len(words) - 1
    # A capitalised particle opens the family name only after a given name ("Van Morrison").
    while start > 0 and (
        words[start - 1] in _PARTICLES or (start > 1 and words[start - 1].lower() in _PARTICLES)
    ):
        start -= 1
    return Creator(
        family=" ".join(words[start:]), given=" ".join(words[:start]), suffix=suffix, role=role
    )


def _subject_author(feed: Feed, item: FeedItem) -> Creator:
    if feed.subject:
        return person_from_name(feed.subject)
    # No header: the handle is the best we have ("JaneDoe" -> "Jane Doe").
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", item.handle)
    return person_from_name(spaced)


def _name_words(text: str) -> tuple[str, ...]:
    """The words of a name folded for comparison (``Seo-yeon`` and ``Seoyeon`` are one)."""
    folded = (re.sub(r"[^a-z0-9]", "", anyascii(w).lower()) for w in text.split())
    return tuple(w for w in folded if w)


def subject_in_order(derived: Creator, context: Context) -> tuple[Creator, str | None]:
    """The feed's subject with its family name where the user's own data puts it.

    A name in reading order (a feed's header) is read with its last word as the family
    name, which is wrong for a name written family name first (``Han Seo-yeon``). Two
    places can say which word is the family name:

    1. the corpus's ``name`` (``context.subject``) written ``Family, Given``
       (``Han, Seo-yeon``), with the same words in any order: the user's word, taken
       silently;
    2. else a person of the curated metadata (an author of an entry, or a ``[[person]]``
       name) whose name read family name first spells the header (``Han, Seo-yeon`` for
       ``Han Seo-yeon``): that order is taken, and the reason is returned for a warning
       (``name-order``), since it rests on a coincidence of words.

    Returns:
        The subject, and why its order was changed from the curated metadata (or ``None``).
    """
    if derived.organization:
        return derived, None
    if context.subject and "," in context.subject:
        named = person_from_name(context.subject, derived.role)
        if sorted(_name_words(named.display)) == sorted(_name_words(derived.display)):
            return named, None
    if context.curation is None:
        return derived, None
    as_written = _name_words(f"{derived.given} {derived.family}")
    curated = [(p.name, p.span) for p in context.curation.people]
    curated += [(a, e.span) for e in context.curation.works for a in e.facts.authors]
    for creator, span in curated:
        if (
            creator.organization
            or not creator.given
            or (creator.family, creator.given) == (derived.family, derived.given)
            or _name_words(creator.suffix) != _name_words(derived.suffix)
        ):
            continue
        if _name_words(f"{creator.family} {creator.given}") == as_written:
            taken = replace(derived, family=creator.family, given=creator.given)
            written = ", ".join(p for p in (creator.family, creator.suffix, creator.given) if p)
            return taken, (
                f"{derived.display!r} reads as family name {derived.family!r}, given name "
                f"{derived.given!r}; the curated metadata writes this person {written!r} "
                f"({span}), so the feed's works without metadata are credited to {written!r} "
                "too; write the corpus's 'name' as 'Family, Given' to confirm the order"
            )
    return derived, None


def works_from_feeds(corpus: Corpus, context: Context) -> Corpus:
    """Add one work per feed item, in feed order (newest first).

    An item that another feed of the corpus already has (the same kind, handle, date and
    claim: a feed captured twice, or two captures that overlap) is reported at the later
    copy (warning ``feed-duplicate``, naming the first). Both stay works: each feed's
    items and years are read from that feed alone, and which copy is right is the user's
    call (remove one capture).

    Each work's author is the feed's subject, its family name chosen by
    :func:`subject_in_order` (warning ``name-order`` at the header when the curated
    metadata decided it).
    """
    works: list[Work] = list(corpus.works)
    diagnostics = list(corpus.diagnostics)
    used: set[str] = {w.id for w in works}
    first_copy: dict[tuple[str, str, int, int, str], tuple[str, int]] = {}
    for document in corpus.documents:
        if not isinstance(document, Feed):
            continue
        ordered: dict[Creator, Creator] = {}
        for item in document.items:
            derived = _subject_author(document, item)
            if derived not in ordered:
                ordered[derived], why = subject_in_order(derived, context)
                if why is not None:
                    span = document.span if document.subject else None
                    head = item.raw.split("\n", 1)[0]
                    diagnostics.append(
                        Diagnostic(
                            Code.NAME_ORDER,
                            f"the feed's subject {why}",
                            span or item.span,
                            Severity.WARNING,
                            "" if span else head,
                        )
                    )
            earlier = first_copy.setdefault(item.identity, (document.path, item.span.line))
            if earlier[0] != document.path:
                diagnostics.append(
                    Diagnostic(
                        Code.FEED_DUPLICATE,
                        f"the same item as {earlier[0]}:{earlier[1]} (same kind, handle, date "
                        "and claim, in another feed): the corpus has it twice, and so will its "
                        "bibliography; remove one of the captures",
                        item.span,
                        Severity.WARNING,
                        item.raw.split("\n", 1)[0],
                    )
                )
            unique = unique_name(item_key(item), used)
            summary, hidden_summary = visible_text(item.summary)
            claim, hidden_claim = visible_text(item.claim)
            for what, removed in (("summary", hidden_summary), ("key claim", hidden_claim)):
                if removed:
                    head = item.raw.split("\n", 1)[0]
                    diagnostics.append(invisible_removed(what, removed, item.span, head))
            works.append(
                Work(
                    id=unique,
                    kind=item.kind,
                    title=derived_title(replace(item, claim=claim)),
                    title_source="derived",
                    authors=(ordered[derived],),
                    authors_complete=False,
                    month=item.month,
                    day=item.day,
                    handle=item.handle,
                    summary=summary,
                    claim=claim,
                    item=item,
                    span=item.span,
                )
            )
    return replace(corpus, works=tuple(works), diagnostics=tuple(diagnostics))
