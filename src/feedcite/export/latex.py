r"""One LaTeX escaper for every BibTeX field.

bibtexparser 2 writes values as given and pybtex reads ``%`` as the start of a comment,
so text must be escaped before it goes into a ``.bib`` file. :func:`escape` turns any
Unicode text into LaTeX that

* BibTeX, biber, pybtex and bibtexparser all read as one balanced value (literal braces
  are only ever emitted in pairs; a lone brace becomes ``\\textbraceleft{}``);
* compiles in LaTeX text mode (pdflatex with T1 fonts, or LuaLaTeX/XeLaTeX);
* decodes back to the original text with a LaTeX decoder (pylatexenc, as used by
  bibtexparser's ``LatexDecodingMiddleware``), whitespace aside.

Non-ASCII text is kept as UTF-8 (biber and modern LaTeX read it directly). Character
pairs that TeX fonts join into other characters (``--``, ``''``, ``<<`` ...) are kept
apart with an empty group, so that ``a--b`` does not become ``a–b``.

:func:`protect_title` additionally wraps acronyms, words with inner capitals and
corpus-known proper names in braces, so that styles which lowercase titles keep them.
"""

from __future__ import annotations

import re
from collections.abc import Container

__all__ = ["escape", "proper_names", "protect_title", "verbatim"]

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "^": r"\string^",
    "~": r"\textasciitilde{}",
}
#: Pairs that TeX fonts join into one glyph: -- `` '' << >> ,, ?` !`
_LIGATURE_RE = re.compile(r"(-(?=-)|`(?=`)|'(?=')|<(?=<)|>(?=>)|,(?=,)|[?!](?=`))")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACE_RE = re.compile(r"\s+")


#: Characters kept as they are in verbatim fields (RFC 3986 unreserved and reserved, plus %).
_URL_SAFE = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%"
)


def verbatim(text: str) -> str:
    r"""A value for a verbatim field (``url``, ``doi``, ``eprint``).

    biblatex reads these fields verbatim and BibTeX styles print them with ``\url``, so
    ``% _ # ~ &`` stay as they are. Characters that a URL may not contain literally, and
    that would unbalance BibTeX (``{ } \``), spaces, quotes and non-ASCII, are
    percent-encoded as UTF-8, which leaves the URL's meaning unchanged.
    """
    out: list[str] = []
    for ch in text.strip():
        if ch in _URL_SAFE:
            out.append(ch)
        else:
            out.extend(f"%{byte:02X}" for byte in ch.encode("utf-8"))
    return "".join(out)


#: Every character :func:`escape` replaces: the specials above, and braces (see :func:`_braces`).
_SPECIAL_RE = re.compile(f"[{re.escape(''.join(_SPECIAL))}{{}}]")
_BRACE_RE = re.compile(r"[{}]")


def _braces(text: str) -> dict[int, str]:
    r"""Escapes for every brace of ``text``: ``\{``/``\}`` for matched pairs, else macros."""
    escapes: dict[int, str] = {}
    open_at: list[int] = []
    for match in _BRACE_RE.finditer(text):
        i = match.start()
        if match[0] == "{":
            open_at.append(i)
        elif open_at:
            escapes[open_at.pop()] = r"\{"
            escapes[i] = r"\}"
        else:
            escapes[i] = r"\textbraceright{}"
    for i in open_at:
        escapes[i] = r"\textbraceleft{}"
    return escapes


def escape(text: str) -> str:
    r"""LaTeX for ``text`` that is safe in any BibTeX field (see the module docstring).

    Whitespace (control characters included) is collapsed to single spaces.
    """
    text = _SPACE_RE.sub(" ", _CONTROL_RE.sub(" ", text)).strip()
    braces = _braces(text) if "{" in text or "}" in text else {}

    def special(match: re.Match[str]) -> str:
        return braces.get(match.start()) or _SPECIAL[match[0]]

    return _LIGATURE_RE.sub(r"\1{}", _SPECIAL_RE.sub(special, text))


_WORD_RE = re.compile(r"\S+")
_SEGMENT_RE = re.compile(r"([-/])")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_CORE_RE = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_PROPER_RE = re.compile(r"(?<![.!?:;]\s)(?<!^)\b([A-Z][a-z]+)\b")


def _needs_protection(segment: str, first: bool, proper: Container[str]) -> bool:
    letters = "".join(_LETTERS_RE.findall(segment))
    uppers = sum(1 for c in letters if c.isupper())
    if uppers == 0:
        return False
    if uppers > 1 or not letters[0].isupper():
        return True  # RLHF, GPT, DeepMind, iPhone
    return not first and letters.lower() in proper


def protect_title(title: str, proper: Container[str] = frozenset()) -> str:
    """Escape ``title`` and brace the parts whose capitals must survive case changes.

    Styles such as ``plain`` lowercase titles. Protected, per hyphen-separated part of a
    word: parts with more than one capital or a capital after the first letter
    (``{RLHF}``, ``{GPT}-3``, ``{DeepMind}``), and, after the title's first word,
    capitalised parts listed in ``proper`` (lowercased names that the corpus writes
    capitalised in mid-sentence and never in lower case, such as ``atari``).
    """
    words: list[str] = []
    for index, word in enumerate(_WORD_RE.findall(title)):
        pieces: list[str] = []
        for position, segment in enumerate(_SEGMENT_RE.split(word)):
            first = index == 0 and position == 0
            if segment in "-/" or not _needs_protection(segment, first, proper):
                pieces.append(escape(segment))
                continue
            lead, core, trail = _CORE_RE.match(segment).groups()  # type: ignore[union-attr]
            pieces.append(escape(lead) + "{" + escape(core) + "}" + escape(trail))
        # Hyphens were escaped apart from their neighbours: break ligatures across pieces.
        words.append(_LIGATURE_RE.sub(r"\1{}", "".join(pieces)))
    return " ".join(words)


def proper_names(texts: list[str]) -> frozenset[str]:
    """Words that ``texts`` write capitalised in mid-sentence and never in lower case."""
    capitalised: set[str] = set()
    lowercase: set[str] = set()
    for text in texts:
        for found in _PROPER_RE.finditer(text):
            capitalised.add(found.group(1).lower())
        lowercase.update(w for w in _LETTERS_RE.findall(text) if w.islower())
    return frozenset(capitalised - lowercase)
