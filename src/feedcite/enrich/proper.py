"""Proper names of the corpus: what title-case changes must never lowercase.

Styles that print titles in sentence case (most of them) lowercase every word that is not
protected. Which words are names is evidence of the corpus itself: a run of capitalised
words in the middle of a sentence is a name (``Deep Speech 2``, ``Neural Programmer``)
unless the corpus also writes it in lower case as an ordinary phrase. The step
:func:`find_proper_names` collects them once per corpus, from every text unit of every
document, and the writers protect them in titles.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from feedcite._strings import abbreviation
from feedcite.enrich._units import text_units
from feedcite.enrich.context import Context
from feedcite.model import Corpus, Work

__all__ = [
    "corpus_proper_names",
    "creator_names",
    "find_proper_names",
    "proper_names",
    "special_word",
    "venue_names",
]

_LETTERS_RE = re.compile(r"[^\W\d_]+")
_CORE_RE = re.compile(r"^([\"'“‘(\[{]*)(.*?)((?:['’]s)?[\"'”’)\]}.,:;!?]*)$", re.DOTALL)
_SENTENCE_END_RE = re.compile(r"[.!?:;][\"'”’)]*$")
_CODE_RE = re.compile(r"`[^`\n]+`|\b(?:https?://|www\.)\S+")
"""Inline code and addresses: identifiers, paths and target triples (``wasm32-unknown``),
written in lower case whatever the word is elsewhere, so no evidence about capitals."""
_STOP = frozenset("a an the of in on at to for from with by and or is are".split())


@lru_cache(maxsize=1 << 16)
def special_word(word: str) -> bool:
    """An acronym or a word with inner capitals, in any hyphenated part or across them.

    RLHF, DeepMind, GPT-3, iPhone, non-Hermitian (a word that starts in lower case and has
    a capital after a hyphen); not a title-cased compound (Few-Shot, End-to-End).
    """
    letters = "".join(_LETTERS_RE.findall(word))
    if letters and letters[0].islower() and not letters.islower():
        return True
    for part in word.split("-"):
        letters = "".join(_LETTERS_RE.findall(part))
        if not letters:
            continue
        uppers = sum(1 for c in letters if c.isupper())
        if uppers > 1 or (uppers == 1 and not letters[0].isupper()):
            return True
    return False


def _capitalised(word: str) -> bool:
    if word.isalpha():
        return word[0].isupper()
    letters = "".join(_LETTERS_RE.findall(word))
    return bool(letters) and letters[0].isupper()


# A token split as the scan needs it: leading punctuation, core, trailing punctuation,
# whether the core is lower case, capitalised, a short number, its lower-case words, and
# whether the token ends a sentence.
_Token = tuple[bool, str, bool, bool, bool, bool, tuple[str, ...], bool]


def _token(token: str) -> _Token:
    plain = token.isalnum()  # most words: no punctuation to strip (a fast path)
    if plain:
        lead, core, trail = "", token, ""
    else:
        lead, core, trail = _CORE_RE.match(token).groups()  # type: ignore[union-attr]
    if core.isalpha():
        lower_words: tuple[str, ...] = (core,) if core.islower() else ()
    else:
        lower_words = tuple(w for w in _LETTERS_RE.findall(core) if w.islower())
    return (
        bool(lead),
        core,
        bool(trail),
        core.islower(),
        bool(core) and _capitalised(core),
        bool(core) and core[0].isdigit() and len(core) <= 4,
        lower_words,
        not plain and bool(_SENTENCE_END_RE.search(token)) and not abbreviation(token),
    )


def proper_names(texts: Iterable[str]) -> frozenset[str]:
    """Proper names as the corpus writes them, from capitalised words in mid-sentence.

    A run of capitalised words in mid-sentence (a number may continue it: ``Deep Speech
    2``) is a name unless the texts also write the same words in lower case as a phrase
    (``reinforcement learning``) and none of its words is a name on its own; a single
    capitalised word in mid-sentence is a name when it is never written in lower case. A
    sentence's first word tells nothing, so a run that starts a sentence counts from its
    second word; the dot of an abbreviation or an initial ends no sentence (``Monroe v.
    Pape``, ``John F. Kennedy``). Punctuation ends a run. Inline code in backticks and web
    addresses are not read (``wasm32-unknown-unknown`` says nothing about *Wasm*). A text
    without a capital letter (auto-captions, all in lower case) tells nothing about capitals
    and is not read.
    Returned as written, e.g. ``{"Atari", "Deep Speech 2", "Neural Programmer"}``.
    """
    runs: set[tuple[str, ...]] = set()
    lowercase: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    # What each distinct token is, worked out once: a corpus's texts share most tokens.
    kinds: dict[str, _Token] = {}
    for written in texts:
        if written.islower() or not any(ch.isupper() for ch in written):
            continue  # written without capitals: no word in it is "written in lower case"
        text = written
        if "`" in text or "://" in text or "www." in text:
            text = _CODE_RE.sub(" ` ", text)  # a break in the run, as punctuation is
        run: list[str] = []
        sentence_start = True
        previous_lower = ""
        for token in text.split():
            kind = kinds.get(token)
            if kind is None:
                kind = kinds[token] = _token(token)
            lead, core, trail, is_lower, capital, number, lower_words, ends = kind
            if is_lower:
                if previous_lower:
                    pairs.add((previous_lower, core))
                previous_lower = "" if trail else core
            else:
                previous_lower = ""
            if lead and run:
                runs.add(tuple(run))
                run = []
            if (capital and not sentence_start) or (number and run):
                run.append(core)
            else:
                if run:
                    runs.add(tuple(run))
                run = []
                if lower_words and not sentence_start:
                    lowercase.update(lower_words)
            if trail and run:
                runs.add(tuple(run))
                run = []
            sentence_start = ends
        if run:
            runs.add(tuple(run))
    names: set[str] = set()
    for run_words in runs:
        first, last = 0, len(run_words)
        while first < last and run_words[first].lower() in _STOP:
            first += 1
        while last > first and run_words[last - 1].lower() in _STOP:
            last -= 1
        words = run_words[first:last]
        if not words:
            continue
        folded = [w.lower() for w in words]
        own = any(w not in lowercase and w not in _STOP for w in folded if w.isalpha())
        marked = any(w[0].isdigit() or special_word(w) for w in words)
        written_lower = all(pair in pairs for pair in itertools.pairwise(folded))
        if (len(words) > 1 and (own or marked or not written_lower)) or (len(words) == 1 and own):
            names.add(" ".join(words))
    return frozenset(names)


def creator_names(works: Iterable[Work]) -> frozenset[str]:
    """The names of the people and organisations the works credit, as a title writes them.

    A person's given and family names in reading order (``Ágnes van der Meer-Kovács``), a
    family name of more than one word (``'t Hooft``, ``van der Meer-Kovács``) and an
    organisation's name, so that a name with particles in lower case is protected whole. A
    one-word family name is left to the texts (:func:`proper_names`): alone it may be a
    common word (Young, Black).
    """
    names: set[str] = set()
    for work in works:
        for creator in work.authors:
            family = " ".join(creator.family.split())
            if not family:
                continue
            if creator.organization or " " in family:
                names.add(family)
            given = " ".join(creator.given.split())
            if given and not creator.organization:
                names.add(f"{given} {family}")
    return frozenset(names)


def venue_names(works: Iterable[Work]) -> frozenset[str]:
    """The names of the journals, series and shows the works appear in, as written.

    A venue's name is a name of its own (``Tides of History``): a title that quotes it keeps
    its case.
    """
    return frozenset(
        " ".join(work.venue.split())
        for work in works
        if work.venue and any(letter.isupper() for letter in work.venue)
    )


def corpus_proper_names(corpus: Corpus) -> frozenset[str]:
    """The proper names of ``corpus``.

    What its texts write, whom its works credit and where they appear.
    """
    texts = proper_names(unit.text for unit in text_units(corpus))
    return texts | creator_names(corpus.works) | venue_names(corpus.works)


def find_proper_names(corpus: Corpus, context: Context) -> Corpus:
    """Record the proper names of the corpus (see :func:`corpus_proper_names`)."""
    del context  # every input is in the corpus
    return dataclasses.replace(corpus, proper_names=corpus_proper_names(corpus))
