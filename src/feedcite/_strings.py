"""Small text helpers shared by every layer: slugs, folded comparison keys, clock times.

One definition each, so that a page anchor, a glossary id and a document key made from the
same text are the same string everywhere.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii

__all__ = [
    "abbreviation",
    "clock",
    "collation_key",
    "fold",
    "is_kebab",
    "kebab_re",
    "loose_tags_re",
    "not_tag_re",
    "romanize",
    "slug",
    "spell_greek",
    "spell_signs",
    "unique_name",
]

_NOT_SLUG_RE = re.compile(r"[^a-z0-9]+")
_SPACE_RE = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_APOSTROPHES = str.maketrans("", "", "‘’")


def slug(text: str, empty: str = "") -> str:
    """A lowercase, URL-safe name: ``AI Safety Levels`` -> ``ai-safety-levels``.

    Letters with diacritics lose them (``Tkačik`` -> ``tkacik``), other scripts are
    transliterated (``мировая экономика`` -> ``mirovaya-ekonomika``, ``Søderberg`` ->
    ``soderberg``); any other run of characters that is not an ASCII letter or digit
    becomes one hyphen. ``empty`` is returned when nothing is left.
    """
    if not text.isascii():  # curly apostrophes vanish, as they always did (``Dario’s``)
        text = romanize(unicodedata.normalize("NFC", text).translate(_APOSTROPHES))
    return _NOT_SLUG_RE.sub("-", text.lower()).strip("-") or empty


def unique_name(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` ... the first not in ``taken``; added to ``taken``."""
    name, number = base, 2
    while name in taken:
        name, number = f"{base}-{number}", number + 1
    taken.add(name)
    return name


#: Scripts written together in one word (Japanese mixes kanji and kana).
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "KATAKANA-HIRAGANA": "CJK"}


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The script of a letter, by the first word of its Unicode name (``LATIN``, ``GREEK``)."""
    words = unicodedata.name(char, "?").split(" ", 2)
    first = words[1] if words[0] in ("HALFWIDTH", "FULLWIDTH") and len(words) > 1 else words[0]
    return _SCRIPT_GROUPS.get(first, first)


def mixed_scripts(word: str) -> bool:
    """Whether the letters of ``word`` belong to more than one script (``θάλασσαocean``).

    Digits and marks belong to none; the kanji and kana of Japanese count as one script.
    """
    if word.isascii():
        return False
    scripts = {_script(c) for c in word if c.isalpha()}
    return len(scripts) > 1


#: Abbreviations written before what they qualify, so never at a sentence's end: a case
#: name (``Monroe v. Pape``), a reference (``cf.``, ``pp.``, ``No.``) or a title (``Dr.``).
#: ``etc.`` and ``al.`` are not among them: they end sentences as often as not.
_ABBREVIATIONS = frozenset(
    "v vs cf viz ca pp Dr Mr Mrs Ms Mx Prof St Mt No Nos Vol Vols Fig Eq Sec Ch".split()
)
#: A word with its punctuation, the abbreviation or the initials it may be, and its dot.
_ABBREVIATION_RE = re.compile(r"^[\"'“‘(\[{]*(?P<word>[^\W\d_]+|(?:[^\W\d_]\.)+[^\W\d_])\.$")


def abbreviation(token: str) -> bool:
    """Whether ``token`` (a word with its punctuation) is an abbreviation or an initial.

    Its dot does not end a sentence, so the next word does not start one: ``v.`` of
    ``Monroe v. Pape``, ``Dr.``, ``cf.``, the initial ``F.`` of ``John F. Kennedy``,
    ``U.S.``, ``e.g.``. A word followed by ``?``, ``!`` or two dots is not one.
    """
    found = _ABBREVIATION_RE.match(token)
    if found is None:
        return False
    word = found["word"]
    return word in _ABBREVIATIONS or "." in word or (len(word) == 1 and word.isupper())


#: A Greek letter's name (``GREEK SMALL LETTER ALPHA``).
_GREEK_NAME_RE = re.compile(r"^GREEK (?:SMALL|CAPITAL) LETTER (?:FINAL )?([A-Z]+)$")
_GREEK_RUN_RE = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]+")


def _greek_letters(run: re.Match[str]) -> str:
    if len(run[0]) > 2:
        return run[0]
    names = [_GREEK_NAME_RE.match(unicodedata.name(ch, "")) for ch in run[0]]
    if not all(names):
        return run[0]
    return "".join(name[1].lower().replace("lamda", "lambda") for name in names if name)


_VOICED = "αεηιουωβγδζλμνρ"  # a vowel or a voiced consonant: ``αυ`` is ``av`` before one
_DIGRAPH_RE = re.compile(
    "ο\u0301?υ(?!\u0308)"  # ου -> ou
    "|(?P<vowel>[αεη])(?P<accent>\u0301?)υ(?!\u0308)(?P<next>[^\\W\\d_]?)"  # αυ -> av / af
    "|γ(?P<nasal>[γξχ])"  # γγ -> ng, γξ -> nx, γχ -> nch
    "|(?<![^\\W\\d_])(?P<initial>μπ|ντ)"  # μπ, ντ opening a word -> b, d
)
_NASALS = {"γ": "ng", "ξ": "nx", "χ": "nch"}


def _digraph(found: re.Match[str]) -> str:
    if found["vowel"]:
        after = found["next"]
        voiced = not after or after in _VOICED
        return found["vowel"] + found["accent"] + ("v" if voiced else "f") + after
    if found["nasal"]:
        return _NASALS[found["nasal"]]
    if found["initial"]:
        return "b" if found["initial"] == "μπ" else "d"
    return "ou"


def romanize(text: str) -> str:
    """``text`` in Latin letters, Greek by its digraphs as ELOT 743 reads them.

    ``Παπαδόπουλος`` -> ``papadopoulos`` (not ``papadopoylos``), ``Ευάγγελος`` ->
    ``evangelos``, ``Μπαμπάκος`` -> ``bampakos``; a Greek letter standing alone by its
    name (:func:`spell_greek`), other scripts by `anyascii`_. Lower case where Greek is.
    """
    if text.isascii():
        return text
    text = spell_greek(unicodedata.normalize("NFC", text))
    return anyascii(_GREEK_RUN_RE.sub(_greek_word, text))


def _greek_word(run: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFD", run[0].lower())
    return unicodedata.normalize("NFC", _DIGRAPH_RE.sub(_digraph, decomposed))


def spell_greek(text: str) -> str:
    """One or two Greek letters standing alone spelled out, as science reads them.

    ``α-helix`` -> ``alpha-helix``, ``TNF-α`` -> ``TNF-alpha`` (anyascii would give
    ``a-helix``); a Greek word (three letters or more) is left as it is.
    """
    return _GREEK_RUN_RE.sub(_greek_letters, text) if not text.isascii() else text


#: Each alternative starts with its sign, and looks behind it: a pattern that starts with a
#: character set is searched for quickly (one that starts with a letter is tried everywhere).
_SIGNS_RE = re.compile(
    r"#(?<=(?<![^\W\d_])[^\W\d_]#)|\+\+(?<=[^\W\d_]\+\+)|\.(?<![\w.]\.)(?=[^\W\d_]{2,}(?!\w))"
)
_SIGN_NAMES = {"#": "sharp", "++": "pp", ".": "dot"}


def spell_signs(text: str, *, ends: bool = False) -> str:
    """The signs of names such as ``C++``, ``C#`` and ``.NET`` spelled out, as identifiers.

    ``C++`` -> ``Cpp``, ``C++17`` -> ``Cpp17``, ``Notepad++`` -> ``Notepadpp``, ``C#`` and
    ``F#`` (a letter alone) -> ``Csharp``, ``Fsharp``, ``.NET`` (a dot opening a word) ->
    ``dotNET``; dropped, they would leave ``C``, ``F`` and ``NET`` (and C, C++ and C#
    would be one word). With ``ends``, a sign glued to the letters after it also ends the
    word, as in a tag line written together (``c++borrow-checker`` -> ``cpp
    borrow-checker``).
    """
    if "+" not in text and "#" not in text and "." not in text:
        return text  # most texts (a fast path)

    def spelled(found: re.Match[str]) -> str:
        sign = found[0]
        if sign == ".":
            return "dot"
        after = found.string[found.end() : found.end() + 1]
        end = " " if ends and after.isalpha() else ""
        return f"{_SIGN_NAMES[sign]}{end}"

    return _SIGNS_RE.sub(spelled, text)


def collation_key(text: str) -> tuple[str, str]:
    """A key that sorts names and terms as an index does, in any script.

    Letters with diacritics by their base letter (``Émile`` with ``E``), a Greek letter
    standing alone by its name (``β-lactamase`` with ``b``), other scripts transliterated,
    case ignored; ``text`` itself breaks ties, so the order is total.
    """
    return fold(romanize(text)), text


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


# --------------------------------------------------------------------------- tags in any script
#
# A tag's letters may be of any script. Python's ``\w`` has letters and digits but not the
# combining marks with which some scripts write vowels (Devanagari ``मशीन``, Thai), so the
# patterns below add them. They are built on first use (from :mod:`unicodedata`, about
# 30 ms) and only needed for text that is not ASCII.


@functools.cache
def _marks() -> str:
    """Every combining mark (categories Mn, Mc, Me) as ranges for a character class."""
    ranges: list[str] = []
    for low, high in ((0x300, 0x20000), (0xE0000, 0xE1000)):
        start = None
        for code in range(low, high + 1):
            mark = code < high and unicodedata.category(chr(code))[0] == "M"
            if mark and start is None:
                start = code
            elif not mark and start is not None:
                ranges.append(f"\\U{start:08x}-\\U{code - 1:08x}")
                start = None
    return "".join(ranges)


def _letter() -> str:
    """A letter or digit of any script with its combining marks (no underscore)."""
    return f"(?:[^\\W_]|[{_marks()}])"


@functools.cache
def kebab_re() -> re.Pattern[str]:
    """Kebab-case in any script: words of letters and digits joined by single hyphens."""
    letter = _letter()
    return re.compile(rf"^{letter}+(?:-{letter}+)*$")


_ASCII_KEBAB_RE = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")


def is_kebab(text: str) -> bool:
    """Whether ``text`` is :func:`kebab_re` (an ASCII text is checked by a faster pattern)."""
    return bool((_ASCII_KEBAB_RE if text.isascii() else kebab_re()).match(text))


@functools.cache
def loose_tags_re() -> re.Pattern[str]:
    """A tag line that is not kebab-case but only words: spaces, tabs, ``_ & + # . / '``.

    It may start with a sign of a name such as ``.NET`` or ``#pragma`` (``.netcpp``) and
    end with one such as ``F#`` or ``C++`` (``fsharp#``).
    """
    letter = _letter()
    return re.compile(rf"^[.#+]*{letter}+(?:[-_\s&+#./'’]+{letter}+)*[-_\s&+#]*$")


@functools.cache
def not_tag_re() -> re.Pattern[str]:
    """Runs of characters that are no part of a tag's words (any script)."""
    return re.compile(rf"(?:_|[^\w{_marks()}])+")
