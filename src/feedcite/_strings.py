"""Small text helpers shared by every layer: slugs, folded comparison keys, clock times.

One definition each, so that a page anchor, a glossary id and a document key made from the
same text are the same string everywhere.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clock", "fold", "slug"]

_NOT_SLUG_RE = re.compile(r"[^a-z0-9]+")
_SPACE_RE = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def slug(text: str, empty: str = "") -> str:
    """A lowercase, URL-safe name: ``AI Safety Levels`` -> ``ai-safety-levels``.

    Letters with diacritics lose them (``Tkačik`` -> ``tkacik``); any other run of
    characters that is not an ASCII letter or digit becomes one hyphen. ``empty`` is
    returned when nothing is left.
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG_RE.sub("-", plain.lower()).strip("-") or empty


def fold(text: str) -> str:
    """A key for comparing phrases: NFKC, straight quotes, case-folded, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _SPACE_RE.sub(" ", text).strip()


def clock(seconds: float, *, hours: bool = False) -> str:
    """``M:SS``, or ``H:MM:SS`` from an hour on (always with ``hours=True``)."""
    total = round(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h or hours else f"{m}:{s:02d}"
