"""Citation keys: ``<first author's family name><year><first significant title word>``.

Keys are lowercase ASCII (``Tkačik`` -> ``tkacik``), so BibTeX, biber, pybtex and every
reference manager accept them: ``kaplan2020scaling``, ``olsson2022incontext``. A work
without a known year gets ``nd`` ("no date") in its place.

Works whose keys collide get suffixes ``a``, ``b``, ... in date order. Keys are
*stable*: keys already handed out are kept in a ledger (``refs/citekeys.toml``, written
by ``feedcite bib``) and are never reassigned, so adding or removing another work never
changes an existing key; a new colliding work takes the next free suffix instead.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace

from feedcite.enrich.context import Context
from feedcite.model import Corpus, Work

__all__ = ["assign_citekeys", "base_key", "citekeys"]

_STOPWORDS = frozenset(
    "a an the of in on at to for from with by via as and or is are be it its how why what "
    "when towards toward".split()
)
_KEY_RE = re.compile(r"^[a-z][a-z0-9]*$")


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def base_key(work: Work) -> str:
    """The key of ``work`` before collisions are resolved."""
    author = work.authors[0] if work.authors else None
    if author is None:
        name = "anon"
    elif author.organization:
        name = _ascii(author.family.split()[0])
    else:
        name = _ascii(author.family.replace(" ", ""))
    name = name.lstrip("0123456789") or "anon"
    year = str(work.year) if work.year is not None else "nd"
    word = next(
        (
            _ascii(token)
            for token in work.title.split()
            if _ascii(token) and _ascii(token) not in _STOPWORDS
        ),
        "",
    )
    return f"{name}{year}{word}"


def citekeys(works: Iterable[Work], pinned: Mapping[str, str] | None = None) -> dict[str, str]:
    """Keys for ``works`` (work id -> key), keeping the ``pinned`` ones.

    Args:
        works: The works.
        pinned: Keys already handed out (work id -> key), from the ledger.
    """
    pinned = pinned or {}
    works = list(works)
    ids = {w.id for w in works}
    keys: dict[str, str] = {i: k for i, k in pinned.items() if i in ids and _KEY_RE.match(k)}
    taken = set(pinned.values())
    groups: dict[str, list[Work]] = defaultdict(list)
    for work in works:
        if work.id not in keys:
            groups[base_key(work)].append(work)
    for base, group in sorted(groups.items()):
        group.sort(key=lambda w: (w.year or 0, w.month or 0, w.day or 0, w.id))
        if len(group) == 1 and base not in taken:
            keys[group[0].id] = base
            taken.add(base)
            continue
        suffixes = _suffixes()
        for work in group:
            key = base + next(suffixes)
            while key in taken:
                key = base + next(suffixes)
            keys[work.id] = key
            taken.add(key)
    return keys


def _suffixes() -> Iterator[str]:
    """``a`` ... ``z``, then ``aa``, ``ab`` ... ``zz``, then ``aaa`` ...: as many as needed.

    (Two letters ran out at 702 works sharing a base key: an internal error on a large feed.)
    """
    letters = "abcdefghijklmnopqrstuvwxyz"
    for size in itertools.count(1):
        for chosen in itertools.product(letters, repeat=size):
            yield "".join(chosen)


def assign_citekeys(corpus: Corpus, context: Context) -> Corpus:
    """Give every work its citation key, honouring the ledger in ``context.citekeys``."""
    keys = citekeys(corpus.works, dict(context.citekeys))
    works = tuple(replace(w, citekey=keys[w.id]) for w in corpus.works)
    return replace(corpus, works=works)
