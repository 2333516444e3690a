r"""One LaTeX escaper for every BibTeX field, its exact inverse, and title protection.

bibtexparser 2 writes values as given and pybtex reads ``%`` as the start of a comment,
so text must be escaped before it goes into a ``.bib`` file. :func:`escape` turns any
Unicode text into LaTeX that

* BibTeX, biber, pybtex and bibtexparser all read as one balanced value: a literal brace
  that has a partner becomes ``\{``/``\}`` (a balanced pair); a lone brace becomes
  ``\ensuremath{\lbrace}`` or ``\ensuremath{\rbrace}``, which hold no unpaired brace;
* compiles with pdflatex and ``\usepackage[T1]{fontenc}`` (and with LuaLaTeX/XeLaTeX):
  characters outside what T1 typesets (:data:`~feedcite.export._texchars.T1_RANGES`) are
  written as math symbols (one or two Greek letters: ``{\ensuremath{\beta}}``), as
  ``\textsuperscript``/``\textsubscript`` (``⁺``, ``₂``), as the letter with the accents T1
  has a character for (``ễ`` -> ``ê``: biber decodes an accent macro to a character
  pdflatex may not know), or transliterated with anyascii (``Петров`` -> ``Petrov``), and
  dropped only when there is no transliteration; :func:`untypeset` lists them so that the
  caller can warn;
* decodes back to the original text with pylatexenc's defaults (what bibtexparser's
  ``LatexDecodingMiddleware`` uses) and with :func:`decode` (what the site's pybtex style
  uses), whitespace aside.

Character pairs that TeX fonts join into other characters (``--``, ``''``, ``<<`` ...) are
kept apart with an empty group, so that ``a--b`` does not become ``a–b``.

:func:`protect_title` wraps acronyms, words with inner capitals, symbols (``{1/N}``), the
proper names of the corpus (whole phrases such as ``{Deep Speech 2}`` and
``{'t Hooft}``, see :func:`~feedcite.enrich.proper.corpus_proper_names`) and, in a title
in sentence case, its capitalised words in mid-sentence in braces, always whole words, so
that styles which lowercase titles keep them; :func:`sentence_case` keeps the same parts.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from anyascii import anyascii

from feedcite._strings import abbreviation
from feedcite.enrich.proper import proper_names, special_word
from feedcite.export._texchars import T1_RANGES

__all__ = [
    "decode",
    "decode_parts",
    "escape",
    "proper_names",
    "protect_title",
    "sentence_case",
    "untypeset",
    "verbatim",
]

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
_LONE_OPEN = r"\ensuremath{\lbrace}"
_LONE_CLOSE = r"\ensuremath{\rbrace}"
#: Combining marks that LaTeX writes as text accents.
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0328": "k",
    "\u0331": "b",
}
_STARTS = [start for start, _ in T1_RANGES]

#: Greek letters as math symbols, for a letter standing alone in Latin text (β-lactamase,
#: TNF-α, Ω-loop): the macros of LaTeX's math fonts, which need no package, and which
#: pylatexenc and :func:`decode` read back to the same letter. Capitals without a macro of
#: their own look like Latin ones (Α, Β ...) and are written so.
_GREEK_MACROS = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "varepsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "π": "pi", "ρ": "rho", "ς": "varsigma", "σ": "sigma", "τ": "tau",
    "υ": "upsilon", "φ": "varphi", "χ": "chi", "ψ": "psi", "ω": "omega", "ϵ": "epsilon",
    "ϑ": "vartheta", "ϕ": "phi", "ϱ": "varrho", "ϖ": "varpi", "ϰ": "varkappa",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi",
    "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}  # fmt: skip
_GREEK_LOOKALIKES = dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΧο", "ABEZHIKMNOPTXo", strict=True))
_GREEK_LETTERS = {macro: letter for letter, macro in _GREEK_MACROS.items()}
#: A run of Greek: a word of it (three letters or more, or with accents) is transliterated
#: as other scripts are; one or two letters are symbols.
_GREEK_RUN_RE = re.compile(
    r"[\u0370-\u03ff\u1f00-\u1fff][\u0370-\u03ff\u1f00-\u1fff\u0300-\u036f]*"
)
#: Superscript and subscript characters that T1 lacks (``Ca²⁺``, ``CO₂``), by their base.
_SCRIPTS = {"<super>": "textsuperscript", "<sub>": "textsubscript"}
_SCRIPT_BASES = {"\u2212": "-"}  # the minus of ⁻ and ₋


@lru_cache(maxsize=1)
def _script_chars() -> dict[tuple[str, str], str]:
    """``(macro, base)`` -> the superscript or subscript character :func:`escape` wrote so."""
    found: dict[tuple[str, str], str] = {}
    for code in itertools.chain(range(0x2070, 0x20A0), range(0x1D2C, 0x1DC0)):
        kind, _, base = unicodedata.decomposition(chr(code)).partition(" ")
        if kind in _SCRIPTS and base and " " not in base:
            script = chr(int(base, 16))
            found.setdefault((_SCRIPTS[kind], _SCRIPT_BASES.get(script, script)), chr(code))
    return found


def _typeset(ch: str) -> bool:
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return True
    at = bisect.bisect_right(_STARTS, code) - 1
    return at >= 0 and T1_RANGES[at][0] <= code <= T1_RANGES[at][1]


_ASCII_SAFE = "".join(
    chr(c) for c in range(0x20, 0x7F) if chr(c) not in _SPECIAL and chr(c) not in "{}"
)
_T1_CLASS = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in T1_RANGES)
#: Everything :func:`escape` leaves as it is (one character class, matched in C).
_PLAIN_RE = re.compile(f"[{re.escape(_ASCII_SAFE)}{_T1_CLASS}]+")
_LIGATURE_RE = re.compile(r"-(?=-)|`(?=`)|'(?=')|<(?=<)|>(?=>)|,(?=,)|[?!](?=`)")
#: The pairs :data:`_LIGATURE_RE` keeps apart (looked for with ``in``, faster than a search).
_LIGATURE_PAIRS = ("--", "``", "''", "<<", ">>", ",,", "?`", "!`")


def _unligatured(text: str) -> str:
    """``text`` with an empty group between characters that TeX fonts would join."""
    if any(pair in text for pair in _LIGATURE_PAIRS):
        return _LIGATURE_RE.sub(r"\g<0>{}", text)
    return text  # most text: nothing to do (a fast path)


_NOT_PLAIN_RE = re.compile(f"[^{re.escape(_ASCII_SAFE)}{_T1_CLASS}]")
#: The printable ASCII characters that are not plain: the same test for ASCII text, faster.
_ASCII_NOT_PLAIN_RE = re.compile(
    "[" + re.escape("".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in _ASCII_SAFE)) + "]"
)
_BRACE_RE = re.compile(r"[{}]")
#: With ``unicode``, every character is plain but the specials, braces and controls.
_UNICODE_SPECIAL = (
    re.escape("".join(_SPECIAL))
    + r"{}\x00-\x1f\x7f-\x9f\u2028\u2029"
    + r"\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"  # invisible, bidi
)
_UNICODE_PLAIN_RE = re.compile(f"[^{_UNICODE_SPECIAL}]+")
_UNICODE_NOT_PLAIN_RE = re.compile(f"[{_UNICODE_SPECIAL}]")


def verbatim(text: str) -> str:
    r"""A value for a verbatim field (``url``, ``doi``, ``eprint``).

    biblatex reads these fields verbatim and BibTeX styles print them with ``\url``, so
    ``% _ # ~ &`` stay as they are. Characters that a URL may not contain literally, and
    that would unbalance BibTeX (``{ } \``), spaces, quotes and non-ASCII, are
    percent-encoded as UTF-8, which leaves the URL's meaning unchanged.
    """
    return "".join(_URL_CHAR[ch] if ch in _URL_CHAR else _percent(ch) for ch in text.strip())


_URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%"
_URL_CHAR = {ch: ch for ch in _URL_SAFE}


def _percent(ch: str) -> str:
    return "".join(f"%{byte:02X}" for byte in ch.encode("utf-8"))


def _braces(text: str) -> dict[int, str]:
    r"""Escapes for every brace of ``text``: ``\{``/``\}`` for matched pairs, else lone ones."""
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
            escapes[i] = _LONE_CLOSE
    for i in open_at:
        escapes[i] = _LONE_OPEN
    return escapes


def _pairs(text: str) -> list[tuple[int, int]]:
    """``(open, close)`` positions of the brace pairs of ``text``."""
    pairs: list[tuple[int, int]] = []
    open_at: list[int] = []
    for match in _BRACE_RE.finditer(text):
        if match[0] == "{":
            open_at.append(match.start())
        elif open_at:
            pairs.append((open_at.pop(), match.start()))
    return pairs


@lru_cache(maxsize=4096)
def _char(ch: str) -> str:
    """LaTeX for one character that is not plain (special, control, or outside T1)."""
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    if unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch.isspace():
        return " "
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if marks and _typeset(base):
        # The letter with as many of its accents as T1 has a character for (ễ -> ê, ị -> i):
        # an accent macro would give a character outside T1, which biber decodes to UTF-8
        # that pdflatex cannot typeset. The rest is lost (the caller warns).
        for kept in range(len(marks) - 1, -1, -1):
            composed = unicodedata.normalize("NFC", base + marks[:kept])
            if len(composed) == 1 and _typeset(composed):
                return _SPECIAL.get(composed, composed)
    kind, _, code = unicodedata.decomposition(ch).partition(" ")
    if kind in _SCRIPTS and " " not in code:
        script = _SCRIPT_BASES.get(chr(int(code, 16)), chr(int(code, 16)))
        if 0x20 < ord(script) < 0x7F and script not in _SPECIAL and script not in "{}":
            return f"{{\\{_SCRIPTS[kind]}{{{script}}}}}"
    if unicodedata.category(ch) == "Mn":
        accent = _ACCENTS.get(ch)
        return f"\\{accent}{{}}" if accent else ""
    ascii_text = anyascii(ch)
    return "".join(
        _SPECIAL.get(c, c) for c in ascii_text if 0x20 <= ord(c) < 0x7F and c not in "{}"
    )


@lru_cache(maxsize=4096)
def _greek(run: str) -> str:
    """LaTeX for a run of Greek: a word transliterated, one or two letters as symbols."""
    if len(run) >= 3 or unicodedata.normalize("NFD", run) != run:
        return "".join(_char(ch) for ch in run)
    out: list[str] = []
    for ch in run:
        macro = _GREEK_MACROS.get(ch)
        if macro is not None:
            out.append(f"{{\\ensuremath{{\\{macro}}}}}")
        else:
            out.append(_GREEK_LOOKALIKES.get(ch) or _char(ch))
    return "".join(out)


def _accentable(ch: str) -> bool:
    return len(ch) == 1 and (ch.isalpha() or ch.isdigit()) and _typeset(ch)


def _escape_span(
    text: str, start: int, end: int, braces: dict[int, str], unicode: bool = False
) -> str:
    """LaTeX for ``text[start:end]``, with ``braces`` computed over the whole of ``text``."""
    pieces: list[str] = []
    position = start
    plain_re = _UNICODE_PLAIN_RE if unicode else _PLAIN_RE
    while position < end:
        plain = plain_re.match(text, position, end)
        if plain:
            pieces.append(plain[0])
            position = plain.end()
            continue
        ch = text[position]
        greek = _GREEK_RUN_RE.match(text, position, end) if "\u0370" <= ch <= "\u1fff" else None
        if greek is not None:
            pieces.append(_greek(greek[0]))
            position = greek.end()
            continue
        accent = _ACCENTS.get(ch)
        if accent is not None and pieces and _accentable(pieces[-1][-1:]):
            # A combining mark without a composed form in T1: an accent on its letter.
            last = pieces.pop()
            pieces.extend((last[:-1], f"\\{accent}{{{last[-1]}}}"))
        else:
            pieces.append(braces[position] if ch in "{}" else _char(ch))
        position += 1
    return _unligatured("".join(pieces))


def _clean(text: str) -> str:
    """``text`` in NFC, control characters made spaces, whitespace collapsed."""
    if not text.isascii():  # ASCII is already NFC
        text = unicodedata.normalize("NFC", text)
    # Printable text holds no control character and no whitespace but the ASCII space
    # (``str.isprintable``, in C): the regular expression runs only on the rest.
    if not text.isprintable():
        return " ".join(_CONTROL_RE.sub(" ", text).split())
    if "  " in text or text.startswith(" ") or text.endswith(" "):
        return " ".join(text.split())
    return text


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape(text: str, *, unicode: bool = False) -> str:
    r"""LaTeX for ``text`` that is safe in any BibTeX field (see the module docstring).

    Whitespace (control characters included) is collapsed to single spaces; the text is
    NFC-normalised. With ``unicode``, characters outside T1 are kept as they are instead
    of being written with accent macros or transliterated: for a ``.bib`` read by biber
    and XeLaTeX/LuaLaTeX, pybtex or a web page, not by pdflatex.
    """
    # Short texts recur from work to work (notes, venues, keyword lists): kept, bounded.
    return _escape_short(text, unicode) if len(text) <= _SHORT else _escape(text, unicode)


_SHORT = 200


@lru_cache(maxsize=4096)
def _escape_short(text: str, unicode: bool) -> str:
    return _escape(text, unicode)


def _escape(text: str, unicode: bool = False) -> str:
    text = _clean(text)
    # Cleaned ASCII text has no control characters: only printable ones can need escaping.
    if text.isascii():
        not_plain = _ASCII_NOT_PLAIN_RE
    else:
        not_plain = _UNICODE_NOT_PLAIN_RE if unicode else _NOT_PLAIN_RE
    if not_plain.search(text) is None:
        return _unligatured(text)
    braces = _braces(text) if "{" in text or "}" in text else {}
    return _escape_span(text, 0, len(text), braces, unicode)


def untypeset(text: str) -> tuple[str, ...]:
    """The characters of ``text`` that :func:`escape` cannot write as they are.

    They are written with accent macros, transliterated, or dropped; the caller warns.
    Whitespace and control characters are not listed (they become spaces).
    """
    text = unicodedata.normalize("NFC", text)
    found: dict[str, None] = {}
    for match in _NOT_PLAIN_RE.finditer(text):
        ch = match[0]
        if ch in _SPECIAL or ch in "{}" or ch.isspace() or unicodedata.category(ch) == "Cc":
            continue
        found[ch] = None
    return tuple(found)


# ---------------------------------------------------------------------------- titles

_WORD_RE = re.compile(r"\S+")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
#: A word's opening punctuation, its core, and what ends it (a possessive, punctuation).
_CORE_RE = re.compile(r"^([\"'“‘(\[{]*)(.*?)((?:['’]s)?[\"'”’)\]}.,:;!?]*)$", re.DOTALL)
_ALNUM_RE = re.compile(r"[^\W_]")
#: Hyphens and dashes, which join the parts of a compound (Tracy–Widom, non-Hermitian).
_DASH_RE = re.compile(r"[-‐‑‒–—]")
#: What ends a title's sentence or opens a subtitle: the next word is capitalised anyway.
_OPENS_NEXT_RE = re.compile(r"[.!?:;][\"'”’)\]]*$|^[-‐‑‒–—]+$")
#: What ends a sentence or opens a subtitle in which the next word must stay capitalised.
_STARTS_NEXT_RE = re.compile(r"[.!?:][\"'”’)\]]*$")
#: Words that title case writes in lower case ("Language Models are Few-Shot Learners",
#: "Chaos with Ágnes van der Meer-Kovács"): one of them in lower case does not show that a
#: title is in sentence case.
_MINOR = frozenset(
    "a about above across after against along among an and are around as at be before behind"
    " below beneath beside between beyond but by down during for from if in inside into is"
    " near nor of off on onto or out outside over past per since so than that the through"
    " throughout to toward towards under until up upon via vs was were with within without yet"
    # particles of names
    " al bin da das de del della der des di do dos du ibn la le te ten ter van von y zu".split()
)

#: A run of capitalised words followed by a version number names a system: Deep Speech 2.
#: Whole words only: the run starts a word and the number ends one (not ``P-hard 1`` of
#: ``#P-hard 1/N``).
_NUMBERED_RE = re.compile(
    r"(?<![^\s\"'“‘(\[{])"
    r"(?P<name>(?:(?!(?:The|A|An|Of|In|On|And|For|To)\s)[A-Z][\w'’-]*\s+)+\d+(?:\.\d+)*)"
    r"(?=[\"'”’)\]}.,:;!?]*(?:\s|$))"
)


#: A name starts and ends a word or a part of a compound (``Atari`` of ``Atari-style``).
_WORD_CHAR_RE = re.compile(r"\w")
_DIGIT_RE = re.compile(r"\d")
#: The places in a title where a name can start, with the key names are looked up by: a
#: run of word characters, or a sign that no word character stands before (``'`` of
#: ``'t Hooft``). A name's key is the same pattern's match at its start.
_NAME_PLACE_RE = re.compile(r"\w+|(?<!\w)[^\w\s]")


@lru_cache(maxsize=16)
def _name_index(proper: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """The names by their key (:data:`_NAME_PLACE_RE`), longest first (once per set).

    A name that starts with whitespace has no key: it can start at no place in a title.
    """
    index: dict[str, list[str]] = {}
    for name in proper:
        key = _NAME_PLACE_RE.match(name)
        if key is not None:
            index.setdefault(key[0], []).append(name)
    return {c: tuple(sorted(names, key=lambda n: (-len(n), n))) for c, names in index.items()}


def _name_matches(title: str, proper: Iterable[str]) -> list[tuple[int, int, str]]:
    """Every ``(start, end, name)`` where a name stands whole in ``title``.

    A name that matches at a place starts with the same run of word characters as the
    title does there, so only the names of that first word are tried: the cost grows with
    the title's length, not with the number of names.
    """
    names = proper if isinstance(proper, frozenset) else frozenset(proper)
    index = _name_index(names)
    found: list[tuple[int, int, str]] = []
    for place in _NAME_PLACE_RE.finditer(title):
        candidates = index.get(place[0])
        if candidates is None:
            continue
        start = place.start()
        for name in candidates:
            end = start + len(name)
            if title.startswith(name, start) and not _WORD_CHAR_RE.match(title, end):
                found.append((start, end, name))
    # In the order the names are tried: longest first, then alphabetically, then by place.
    found.sort(key=lambda m: (-len(m[2]), m[2], m[0]))
    return found


class _Word(NamedTuple):
    """A word of a title: where it and its core (without punctuation) are."""

    start: int
    end: int
    core_start: int
    core_end: int
    #: The word without its punctuation (``Hooft`` of ``Hooft's,``).
    core: str
    #: The title's first word, or the first of a sentence or subtitle.
    opens: bool
    #: The title's first word, or the first after a sentence's end or a colon: its capital
    #: must stay (a subset of :attr:`opens`, which also counts ``;`` and dashes).
    starts: bool
    #: BibTeX keeps its first letter's case by itself: the title's first character, or the
    #: first after a colon and a space (``change.case$``).
    kept: bool

    def unit_start(self, title: str) -> int:
        """Where the core's first letter or digit is (``#P-hard``: at ``P``)."""
        found = _ALNUM_RE.search(title, self.core_start, self.core_end)
        return found.start() if found else self.core_start


@lru_cache(maxsize=1 << 16)
def _token(token: str) -> tuple[int, str, bool, bool, bool]:
    """What a title's word says by itself, whatever title it is in (words recur: cached).

    Its lead's length, its core, and whether it opens, starts and keeps the next word
    (see :class:`_Word`): the dot of an abbreviation or an initial ends no sentence
    (``Monroe v. Pape``).
    """
    lead, core, _ = _CORE_RE.match(token).groups()  # type: ignore[union-attr]
    ends = not abbreviation(token)
    opens = ends and bool(_OPENS_NEXT_RE.search(token))
    starts = ends and bool(_STARTS_NEXT_RE.search(token))
    return len(lead), core, opens, starts, token.endswith(":")


def _words(title: str) -> list[_Word]:
    """The words of ``title``, cleaned (:func:`_clean`: one space between words)."""
    words: list[_Word] = []
    opens = starts = True
    after_colon = False
    start = 0
    for token in title.split(" ") if title else ():
        end = start + len(token)
        lead, core, opens_next, starts_next, colon = _token(token)
        core_start = start + lead
        kept = core_start == 0 or (after_colon and not lead)
        words.append(
            _Word(start, end, core_start, core_start + len(core), core, opens, starts, kept)
        )
        opens, starts, after_colon = opens_next, starts_next, colon
        start = end + 1
    return words


def _sentence_cased(title: str, words: list[_Word], names: list[tuple[int, int]]) -> bool:
    """Whether ``title`` is in sentence case: its words in mid-sentence are in lower case.

    Counted are the words that do not open the title, a sentence or a subtitle, are not
    part of one of the ``names`` spans (``'t`` of ``'t Hooft``) and are not written in
    lower case by title case too (``of``, ``are``); acronyms and symbols are left out. The
    title is in sentence case when at least one such word is in lower case and no fewer
    are in lower case than are capitalised: "Growth models share the Tracy–Widom
    fluctuations", not "A New Transcription of Guangling san".
    """
    if _german(title, words):
        return True
    lower = capitalised = 0
    for word in words:
        core = word.core
        if word.opens or not core[:1].isalpha():
            continue
        if names and any(a <= word.core_start and word.core_end <= b for a, b in names):
            continue
        if core.islower():
            lower += core not in _MINOR
        elif _capitalised(core) and not special_word(core) and not _symbol(core):
            capitalised += 1
    return lower > 0 and lower >= capitalised


#: German words that are not English ones, written in lower case inside a title (the first
#: word in any case), and German words that English titles have too (``die``, ``von`` of
#: a name): two of them, one not English, make a title German, which capitalises its nouns
#: in any case ("Die Struktur der Ribosomen", "Über die Faltung von Proteinen"), so its
#: capitals are protected as a sentence-case title's are.
_GERMAN = frozenset(
    "der das dem des ein eine einer eines einem einen und oder für über mit vom zur zum im"
    " auf aus bei beim nach ist sind nicht wie durch gegen ohne unter zwischen sich auch".split()
)
_GERMAN_TOO = frozenset("die den von zu".split())


def _german(title: str, words: list[_Word]) -> bool:
    """Whether ``title`` is German (see :data:`_GERMAN`)."""
    if _GERMAN.isdisjoint(word.core for word in words) and (
        not words or words[0].core.lower() not in _GERMAN
    ):
        return False  # no German word that English lacks (a fast path)
    german = shared = 0
    for index, word in enumerate(words):
        core = word.core
        if index == 0:
            core = core.lower()
        if core in _GERMAN:
            german += 1
        elif core in _GERMAN_TOO:
            shared += 1
        if german and german + shared >= 2:
            return True
    return False


def _symbol(core: str) -> bool:
    """A capital letter standing alone among digits or signs: ``1/N``, ``3D``, ``P-hard``."""
    if core.isalpha():
        return False
    runs = _LETTERS_RE.findall(core)
    return any(len(run) == 1 and run.isupper() for run in runs)


def _capitalised(core: str) -> bool:
    letters = _LETTERS_RE.search(core)
    return bool(letters) and letters[0][0].isupper()  # type: ignore[index]


def _marked(part: str) -> bool:
    """A compound's part that belongs to a name beside it: it has a capital or a digit."""
    return any(c.isupper() or c.isdigit() for c in part)


def _unit(
    title: str, words: list[_Word], starts: list[int], start: int, end: int
) -> tuple[int, int]:
    """``start``-``end`` widened to whole compounds (``Tracy`` of ``Tracy–Widom``: both).

    A span that starts or ends inside a word's core takes in the parts of the compound
    joined to it by a hyphen or dash that have a capital or a digit (``-Widom``,
    ``-Kovács``), but not a part in lower case (``{Atari}-style``). ``starts`` are the
    words' core starts, in order.
    """
    word = words[bisect.bisect_right(starts, start) - 1]
    if word.core_start < start < word.core_end:
        before = _DASH_RE.split(title[word.core_start : start])
        at = start
        for part in reversed(before[:-1]):
            if before[-1] or not _marked(part):
                break
            at -= len(part) + 1
        start = max(at, word.unit_start(title))
    word = words[bisect.bisect_right(starts, end - 1) - 1]
    if word.core_start < end < word.core_end:
        after = _DASH_RE.split(title[end : word.core_end])
        at = end
        for part in after[1:]:
            if after[0] or not _marked(part):
                break
            at += len(part) + 1
        end = at
    return start, end


#: What is protected whole or not at all, across its spaces: inline code in backticks
#: (```macro_rules!```), whose case is the code's, and an expression with a parenthesis
#: glued to its name (``O(n log n)``, ``f(x)``).
_UNIT_RE = re.compile(r"`[^`\n]+`|[^\W_]+\([^()\n]*\)")


def _units(title: str) -> list[tuple[int, int]]:
    if "`" not in title and "(" not in title:
        return []  # most titles (a fast path)
    return [found.span() for found in _UNIT_RE.finditer(title)]


def _protected_spans(title: str, proper: Iterable[str]) -> list[tuple[int, int]]:
    """Character ranges of ``title`` to put in braces, each whole words or compounds.

    A span that reaches into an expression (``O(n`` of ``O(n log n)``) takes it in whole;
    inline code is protected whole in any case.
    """
    units = _units(title)
    spans = _word_spans(title, proper, units)
    if not units:
        return spans
    for start, end in units:
        if title[start] == "`" or any(a < end and start < b for a, b in spans):
            spans.append((start, end))
    return _merged(spans)


def _word_spans(
    title: str, proper: Iterable[str], units: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    words = _words(title)
    starts = [word.core_start for word in words]
    spans: list[tuple[int, int]] = []
    for start, end, name in _name_matches(title, proper):
        first = start == 0 or title[:start].isspace()
        if " " not in name and first:
            continue  # a title's first word keeps its capital anyway
        spans.append(_unit(title, words, starts, start, end))
    if _DIGIT_RE.search(title):  # a numbered name has a number (a fast path)
        spans.extend(found.span("name") for found in _NUMBERED_RE.finditer(title))
    # The words of code and expressions (``log n``) say nothing about the title's case.
    sentence_cased = _sentence_cased(title, words, spans + units)
    for word in words:
        core = word.core
        if core.islower() or not core:
            continue  # no capital: neither an acronym nor inner capitals (a fast path)
        if (
            special_word(core)
            or _symbol(core)
            or ((sentence_cased or word.starts) and not word.kept and _capitalised(core))
            or (len(core) == 1 and core.isupper() and abbreviation(title[word.start : word.end]))
        ):
            spans.append((word.unit_start(title), word.core_end))
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` in order, overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def protect_title(title: str, proper: Iterable[str] = frozenset(), *, unicode: bool = False) -> str:
    r"""Escape ``title`` and brace the parts whose capitals must survive case changes.

    The title is escaped as :func:`escape` escapes (``unicode`` too). Styles such as
    ``plain`` lowercase titles. Protected, each as a whole word or phrase
    (a span never starts or ends inside a word or a compound of capitalised parts):

    * acronyms, words with inner capitals and names with digits (``{RLHF}``, ``{GPT-3}``,
      ``{DeepMind}``, ``{non-Hermitian}``);
    * a capital letter standing alone among digits or signs, a symbol (``{1/N}``, ``{3D}``,
      ``\#{P-hard}``);
    * the ``proper`` names (see :func:`~feedcite.enrich.proper.corpus_proper_names`) as
      whole phrases (``{Deep Speech 2}``, ``{'t Hooft}'s``; a one-word name not as the
      title's first word), with the compound they are part of (``{Tracy–Widom}``);
    * a capitalised word that starts a sentence (after ``.``, ``?``, ``!``) or, behind an
      opening quote, the title or a subtitle, and an initial (``F.``): BibTeX keeps the
      case of the title's first character and of the first after a colon and a space, and
      lowercases every other letter (``"{Repugnant} to Islam"? {The} Court``). The dot of
      an abbreviation ends no sentence (``Nature vs. Nurture``);
    * in a title written in sentence case (a word in mid-sentence is in lower case, other
      than those title case keeps lower: ``of``, ``are``), or in German (two German words
      in lower case: ``der``, ``zur``, ``für``), which capitalises its nouns, every
      capitalised word whose capital BibTeX would not keep: the title's author capitalised
      it as a name (``{Tracy-Widom}``, ``{Korean}``);
    * inline code in backticks, whole; an expression with a parenthesis glued to its name
      is protected whole where any of it is (``{O(n log n)}``, never ``{O(n} log n)``).

    Literal braces stay paired across the whole title.
    """
    title = _clean(title)
    spans = _protected_spans(title, proper)
    braces = _braces(title) if "{" in title or "}" in title else {}
    if braces:
        spans = _around_pairs(spans, _pairs(title))
    out: list[str] = []
    position = 0
    for start, end in spans:
        out.append(_escape_span(title, position, start, braces, unicode))
        protected = _escape_span(title, start, end, braces, unicode)
        # BibTeX reads a group that opens with a command (``{\v{C}ech}``) as one
        # "special character" and changes the case of its letters: a second pair keeps it.
        out.append(f"{{{{{protected}}}}}" if protected.startswith("\\") else f"{{{protected}}}")
        position = end
    out.append(_escape_span(title, position, len(title), braces, unicode))
    return "".join(out)


_TITLE_WORD_RE = re.compile(r"^[A-Z][^\WA-Z]*$")


def _core(word: str) -> str:
    return _CORE_RE.match(word)[2]  # type: ignore[index]


def sentence_case(title: str, proper: Iterable[str] = frozenset(), *, nocase: bool = False) -> str:
    """``title`` in sentence case, as CSL-JSON stores titles, but for what is protected.

    What :func:`protect_title` protects (names, acronyms) keeps its case, part by part
    of a hyphenated word.

    Every capitalised word part (``Large``, ``Self``-``Correction``) becomes lower case,
    except the first word and the first word after a colon: the conversion citeproc
    processors (Pandoc's BibTeX reader) apply to a ``.bib`` title, so that both files
    render alike.

    With ``nocase``, the words (or parts of a hyphenated word) that a style printing titles
    in title case would spoil are marked as CSL-JSON's rich text marks them, ``<span
    class="nocase">…</span>``: those that start in lower case and have a capital or a
    digit (``mRNA``, ``pH`` of ``pH-dependent``, ``p53``), that have a capital and a digit
    (``SLC38A9``), that follow a genus abbreviated to its initial (``coli`` of ``E.
    coli``), or belong to a protected name (``'t`` of ``'t Hooft``, ``van der`` of
    ``van der Meer``); inline code and an expression such as ``O(n log n)`` are marked
    whole; a German title (see :func:`protect_title`) is marked whole.
    """
    title = _clean(title)
    spans = _protected_spans(title, proper)
    units = _units(title) if nocase else []
    if nocase and _german(title, _words(title)):
        # A style's title case would capitalise der, zur, für: German is printed as written.
        return f"{_NOCASE_OPEN}{title}{_NOCASE_CLOSE}"
    out: list[str] = []
    position = 0
    first = True
    marking = genus = False
    for match in _WORD_RE.finditer(title):
        start = match.start()
        parts = match[0].split("-")
        for index, part in enumerate(parts):
            end = start + len(part)
            protected = any(a < end and start < b for a, b in spans)
            lower = not protected and (index or not first) and _TITLE_WORD_RE.match(_core(part))
            fragile = nocase and (
                _fragile(part, protected and not index)
                or any(a < end and start < b for a, b in units)
                or (genus and not index and part.isalpha() and part.islower())
            )
            if marking and not fragile:
                out.append(_NOCASE_CLOSE)
            out.append("-" if index else title[position : match.start()])
            if fragile and not marking:
                out.append(_NOCASE_OPEN)
            marking = fragile
            out.append(part.lower() if lower else part)
            start = end + 1
        first = match[0].endswith(":")
        # A capital and a dot, then a word in lower case: a species (``E. coli``).
        genus = _GENUS_RE.match(match[0]) is not None
        position = match.end()
    if marking:
        out.append(_NOCASE_CLOSE)
    out.append(title[position:])
    return "".join(out)


_GENUS_RE = re.compile(r"^[A-Z]\.$")
_NOCASE_OPEN = '<span class="nocase">'
_NOCASE_CLOSE = "</span>"


def _fragile(word: str, protected: bool) -> bool:
    """Whether a title-case style would spoil ``word`` (a word or a part of a compound).

    It has a capital and a digit (``SLC38A9``, ``G12C``, ``H2O``), or its first letter is
    in lower case and it has a capital or a digit, or it starts a word of a protected name
    (``'t``, ``van``, ``al`` of ``al-Masri``; not ``derived`` of ``iPSC-derived``).
    """
    letters = _LETTERS_RE.search(word)
    if letters is None:
        return False
    capital = any(c.isupper() for c in word)
    if any(c.isdigit() for c in word) and capital:
        return True  # SLC38A9, G12C, H2O: Pandoc's title case lowercases their letters
    return letters[0][0].islower() and (protected or capital or any(c.isdigit() for c in word))


def _around_pairs(
    spans: list[tuple[int, int]], pairs: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Widen ``spans`` so that none holds only one brace of a literal pair, then merge."""
    widened: list[tuple[int, int]] = []
    for span_start, span_end in spans:
        start, end = span_start, span_end
        changed = True
        while changed:
            changed = False
            for opening, closing in pairs:
                inside_open = start <= opening < end
                inside_close = start <= closing < end
                if inside_open != inside_close:
                    start, end = min(start, opening), max(end, closing + 1)
                    changed = True
        widened.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(widened):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# ---------------------------------------------------------------------------- decoding

_DECODE_RE = re.compile(
    r"\{\\ensuremath\{\\(" + "|".join(sorted(_GREEK_LETTERS, key=len, reverse=True)) + r")\}\}"
    r"|\{\\(textsuperscript|textsubscript)\{([^{}\\])\}\}"
    r"|\\ensuremath\{\\lbrace\}|\\ensuremath\{\\rbrace\}"
    r"|\\textbackslash\{\}|\\textasciitilde\{\}|\\string\^"
    r"|\\([`'^~=u.\"rHvdckb])\{([^{}\\]?)\}"
    r"|\\([$%&#_{}])|\{\}|[{}]"
)
_MACROS = {
    r"\ensuremath{\lbrace}": "{",
    r"\ensuremath{\rbrace}": "}",
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\string^": "^",
}
_MARKS = {macro: mark for mark, macro in _ACCENTS.items()}


def decode_parts(latex: str) -> list[tuple[str, bool]]:
    """The text of a value :func:`escape` or :func:`protect_title` wrote, in parts.

    Each part is ``(text, protected)``: protected parts are those in braces (their case
    must be kept). The exact inverse of the escaper (whitespace aside); other LaTeX is kept
    as it is.
    """
    parts: list[tuple[str, bool]] = []
    depth = 0
    current: list[str] = []

    def flush() -> None:
        if current:
            parts.append(("".join(current), depth > 0))
            current.clear()

    position = 0
    for match in _DECODE_RE.finditer(latex):
        current.append(latex[position : match.start()])
        position = match.end()
        token = match[0]
        if token in _MACROS:
            current.append(_MACROS[token])
        elif match[1] is not None:
            current.append(_GREEK_LETTERS[match[1]])
        elif match[2] is not None:
            current.append(_script_chars().get((match[2], match[3]), match[3]))
        elif match[4] is not None:
            current.append(unicodedata.normalize("NFC", match[5] + _MARKS[match[4]]))
        elif match[6] is not None:
            current.append(match[6])
        elif token == "{}":  # noqa: S105 (a brace token, not a password)
            continue
        elif token == "{":  # noqa: S105
            flush()
            depth += 1
        else:
            flush()
            depth = max(depth - 1, 0)
    current.append(latex[position:])
    flush()
    return [(text, protected) for text, protected in parts if text]


def decode(latex: str) -> str:
    """The plain text of a value :func:`escape` or :func:`protect_title` wrote."""
    return "".join(text for text, _ in decode_parts(latex))
