"""The project's own BibTeX files: their keys, and the corpus's keys that meet them.

A Sphinx project that uses the extension may list BibTeX files of its own in
``bibtex_bibfiles``. sphinxcontrib-bibtex parses every listed file into one pybtex database,
and pybtex stops at a key it has already seen: one key shared by the project's file and the
corpus's would lose entries of the file parsed second. So when the build starts (before
sphinxcontrib-bibtex parses) the extension reads the keys of the other files
(:func:`bibfile_keys`, a scan: nothing is interpreted) and the site's keys avoid them
(:func:`feedcite.sphinx.site.site_keys`); :func:`collisions` lists what was renamed, for a
warning that names both files and both keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from feedcite.model import Corpus

__all__ = ["Collision", "bibfile_keys", "collisions"]

# ``@type{key,`` or ``@type(key,`` at the start of a line; @string, @preamble and @comment
# define no entry.
_ENTRY_RE = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^\s,{}()\"#%'=]+)[ \t]*,", re.M)
_NOT_ENTRIES = {"string", "preamble", "comment"}


class Collision(NamedTuple):
    """A key of the corpus that another BibTeX file of the project also has."""

    key: str
    """The key both use."""
    path: str
    """The other file (as ``bibtex_bibfiles`` lists it)."""
    line: int
    """Its entry's line in that file."""
    site_key: str
    """The key the corpus's entry has on the site instead."""


def bibfile_keys(files: Iterable[tuple[str, Path]]) -> dict[str, tuple[str, int]]:
    """Key -> (file, line) of every entry of ``files`` (name as listed, path); the first wins.

    A file that cannot be read is left out (sphinxcontrib-bibtex reports it).
    """
    keys: dict[str, tuple[str, int]] = {}
    for name, path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        line, position = 1, 0
        for found in _ENTRY_RE.finditer(text):
            line += text.count("\n", position, found.start())
            position = found.start()
            if found[1].lower() not in _NOT_ENTRIES:
                keys.setdefault(found[2], (name, line))
    return keys


def collisions(
    corpus: Corpus,
    site_keys: Mapping[str, str],
    key_prefix: str,
    others: Mapping[str, tuple[str, int]],
) -> list[Collision]:
    """The corpus's keys that ``others`` (:func:`bibfile_keys`) hold, with their site keys."""
    found = []
    for work in corpus.works:
        key = f"{key_prefix}{work.citekey}"
        if key in others and site_keys.get(work.id, key) != key:
            path, line = others[key]
            found.append(Collision(key, path, line, site_keys[work.id]))
    return found
