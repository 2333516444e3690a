"""First step: one :class:`~feedcite.model.Work` per feed item.

Before any metadata is known, a work has the item's kind, date and texts, the feed's
subject as its (only) author, and a title built from its key claim (``title_source =
"derived"``). Later steps overlay curated facts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from feedcite.enrich.context import Context
from feedcite.model import MONTH_ABBR, Corpus, Creator, Feed, FeedItem, Work

__all__ = ["derived_title", "item_key", "person_from_name", "works_from_feeds"]

_WORD_RE = re.compile(r"[^\W_]+")
_TITLE_WORDS = 14
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s")
_KEY_STOPWORDS = frozenset(("a", "an", "the", "of", "in", "on", "and", "to", "is", "are", "for"))


def ascii_slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens (diacritics transliterated)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(w.lower() for w in _WORD_RE.findall(plain))


def item_key(item: FeedItem) -> str:
    """A readable key for a feed item: kind, date and the claim's first words.

    For example ``paper-feb-15-moral-self-correction``. It does not depend on the item's
    position, so reordering or adding items does not change it.
    """
    words = [w for w in ascii_slug(item.claim).split("-") if w and w not in _KEY_STOPWORDS]
    date = f"{MONTH_ABBR[item.month - 1].lower()}-{item.day}"
    return "-".join([ascii_slug(item.kind) or "item", date, *words[:3]])


def derived_title(item: FeedItem) -> str:
    """A title built from the item's key claim: its first sentence, at most 14 words."""
    sentence = _SENTENCE_END_RE.split(item.claim.strip(), maxsplit=1)[0].rstrip(".")
    words = sentence.split()
    if len(words) > _TITLE_WORDS:
        return " ".join(words[:_TITLE_WORDS]) + " …"
    return sentence


def person_from_name(name: str, role: str = "author") -> Creator:
    """A person from a name in reading order: the last word is the family name."""
    parts = name.split()
    if len(parts) < 2:
        return Creator(family=name.strip(), role=role)
    return Creator(family=parts[-1], given=" ".join(parts[:-1]), role=role)


def _subject_author(feed: Feed, item: FeedItem) -> Creator:
    if feed.subject:
        return person_from_name(feed.subject)
    # No header: the handle is the best we have ("JaneDoe" -> "Jane Doe").
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", item.handle)
    return person_from_name(spaced)


def works_from_feeds(corpus: Corpus, context: Context) -> Corpus:
    """Add one work per feed item, in feed order (newest first)."""
    del context  # every input is in the corpus
    works: list[Work] = list(corpus.works)
    used: set[str] = {w.id for w in works}
    for document in corpus.documents:
        if not isinstance(document, Feed):
            continue
        for item in document.items:
            key = item_key(item)
            unique = key
            n = 2
            while unique in used:
                unique = f"{key}-{n}"
                n += 1
            used.add(unique)
            works.append(
                Work(
                    id=unique,
                    kind=item.kind,
                    title=derived_title(item),
                    title_source="derived",
                    authors=(_subject_author(document, item),),
                    authors_complete=False,
                    month=item.month,
                    day=item.day,
                    handle=item.handle,
                    summary=item.summary,
                    claim=item.claim,
                    item=item,
                    span=item.span,
                )
            )
    return replace(corpus, works=tuple(works))
