"""Citation keys: ``<first author's family name><year><first significant title word>``.

Keys are lowercase ASCII, transliterated with `anyascii`_ (``Tkačik`` -> ``tkacik``,
``Østergaard`` -> ``ostergaard``, ``Großmann`` -> ``grossmann``, ``Łukasz`` -> ``lukasz``,
``王`` -> ``wang``, ``Петров`` -> ``petrov``), so BibTeX, biber, pybtex and every reference
manager accept them: ``kaplan2020scaling``, ``olsson2022incontext``. The year is the year the
bibliography cites (:func:`feedcite.export.record.cited_year`: the published version's
year where the entry is the published version); a work without a known year gets ``nd``.
The name part is cut to :data:`NAME_LENGTH` characters and the word to
:data:`WORD_LENGTH`, so no key is longer than :data:`MAX_KEY_LENGTH` even with a suffix.

Works whose keys collide get suffixes ``a`` ... ``z``, ``aa`` ... ``zz``, ``aaa`` ... in
date order, as many as needed. Keys are *stable*: the ledger (``refs/citekeys.toml``,
written by ``feedcite bib``) records every key handed out and is append-only. A recorded
key is never changed by feedcite and never given to another work, and a key retired by
hand (moved to the ledger's ``[retired]`` table) is never handed out again; works that
did not load this time keep their keys in the ledger.

.. _anyascii: https://pypi.org/project/anyascii/
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from feedcite._strings import romanize, spell_signs
from feedcite._toml import TomlLocator, load_toml
from feedcite.enrich.context import Context
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.export.record import cited_year
from feedcite.model import Corpus, SourceSpan, Work

__all__ = [
    "MAX_KEY_LENGTH",
    "NAME_LENGTH",
    "WORD_LENGTH",
    "Ledger",
    "assign_citekeys",
    "base_key",
    "citekeys",
    "ledger_text",
    "parse_ledger",
    "valid_key",
]

#: Longest name part of a generated key.
NAME_LENGTH = 24
#: Longest title-word part of a generated key.
WORD_LENGTH = 20
#: Longest key the ledger accepts (a generated key stays far below it).
MAX_KEY_LENGTH = 64

_STOPWORDS = frozenset(
    "a an the of in on at to for from with by via as and or is are be it its how why what "
    "when towards toward "
    # German, French, Spanish, Italian, Portuguese and Dutch articles, prepositions and
    # conjunctions (as anyascii writes them: ``über`` -> ``uber``)
    "der die das den dem des ein eine einer eines einem einen und oder von vom zu zur zum im "
    "am uber fur mit auf aus bei nach le la les un une du et pour sur dans au aux el los "
    "las una del y en por para con il lo gli di e per nel della o os um uma do da het een "
    "van voor op".split()
)
_KEY_RE = re.compile(r"^[a-z][a-z0-9]*$")
_LINE_RE = re.compile(r'^\s*"((?:[^"\\]|\\.)*)"\s*=')


_NOT_KEY_SIGN_RE = re.compile(r"[^a-z0-9]")


def _ascii(text: str) -> str:
    """Lower-case ASCII letters and digits (a Greek letter alone by its name: ``alpha``)."""
    return _NOT_KEY_SIGN_RE.sub("", romanize(text).lower())


def _significant(token: str) -> bool:
    """Whether a title word can name the work in its key.

    Not a stop word, and not an elided article or pronoun of one letter (Dutch ``'t``,
    ``'s``); ``'tis`` and one-letter words (``C``) are words.
    """
    word = _ascii(token)
    if not word or word in _STOPWORDS:
        return False
    return not (len(word) == 1 and token.lstrip('"“«(')[:1] in "'’‘")


def valid_key(key: str) -> bool:
    """Whether ``key`` is a key feedcite accepts: ``[a-z][a-z0-9]*``, at most 64 characters."""
    return bool(_KEY_RE.match(key)) and len(key) <= MAX_KEY_LENGTH


def base_key(work: Work) -> str:
    """The key of ``work`` before collisions are resolved."""
    author = work.authors[0] if work.authors else None
    if author is None:
        name = "anon"
    elif author.organization:
        name = _ascii(author.family.split()[0]) if author.family.split() else ""
    else:
        name = _ascii(author.family)
    name = name.lstrip("0123456789")[:NAME_LENGTH] or "anon"
    year = cited_year(work)
    # The first significant word with a letter: a number or a sign names nothing (``42
    # U.S.C. § 1983 …``: ``usc``), unless the title has nothing else. The words after it
    # are not looked at.
    first = named = None
    for token in work.title.split():
        if _significant(token):
            if any(c.isalpha() for c in token):
                named = token
                break
            if first is None:
                first = token
    # A language's sign is spelled out: C, C++ and C# are three words (``cpp``, ``csharp``).
    word = _ascii(spell_signs(named if named is not None else (first or "")))
    return f"{name}{year if year is not None else 'nd'}{word[:WORD_LENGTH]}"


def citekeys(
    works: Iterable[Work],
    pinned: Mapping[str, str] | None = None,
    retired: Iterable[str] = (),
) -> dict[str, str]:
    """Keys for ``works`` (work id -> key), keeping the ``pinned`` ones.

    Args:
        works: The works.
        pinned: Keys already handed out (work id -> key), from the ledger; those of works
            not in ``works`` stay reserved. A work whose ``former_id`` has a key (it was
            recorded before curated metadata gave the work its own id) keeps that key.
        retired: Keys retired from the ledger, never handed out again.
    """
    pinned = pinned or {}
    works = list(works)
    ids = {w.id for w in works}
    keys: dict[str, str] = {i: k for i, k in pinned.items() if i in ids and valid_key(k)}
    # A work that curated metadata gave its own id keeps the key recorded under the id it
    # had before (its feed item's).
    held = set(keys.values())
    for work in works:
        former = work.former_id
        if work.id in keys or former is None or former in ids:
            continue
        key = pinned.get(former)
        if key is not None and valid_key(key) and key not in held:
            keys[work.id] = key
            held.add(key)
    taken = set(pinned.values()) | set(retired)
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
    keys = citekeys(corpus.works, dict(context.citekeys), context.retired_citekeys)
    works = tuple(replace(w, citekey=keys[w.id]) for w in corpus.works)
    return replace(corpus, works=works)


# ---------------------------------------------------------------------------- the ledger


@dataclass(frozen=True, slots=True)
class Ledger:
    """A citation-key ledger (``citekeys.toml``), validated.

    Attributes:
        keys: ``(work id, key)`` pairs that are in force, in file order.
        retired: ``(key, work id)`` pairs of keys retired by hand, never handed out again.
        lines: Work id -> the line that records its key (for messages).
        diagnostics: Problems: a key that is not ``[a-z][a-z0-9]*`` or is longer than 64
            characters, a key recorded for two works, a table of the wrong shape.
    """

    keys: tuple[tuple[str, str], ...] = ()
    retired: tuple[tuple[str, str], ...] = ()
    lines: tuple[tuple[str, int], ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


def _lines(text: str) -> dict[tuple[str, str], int]:
    """``(table, quoted key)`` -> 1-based line, for the ledger's simple layout."""
    where: dict[tuple[str, str], int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            table = stripped.strip("[] ")
            continue
        found = _LINE_RE.match(line)
        if found:
            where.setdefault((table, found[1]), number)
    return where


def parse_ledger(text: str, path: str) -> Ledger:
    """Validate a ledger's text; every problem is located at ``path:line:column``.

    A key that is invalid, or recorded for a second work, is reported and not used (the
    work gets a new key); the first work that recorded a key keeps it.
    """
    data, problems = load_toml(text, path)
    if problems:
        return Ledger(diagnostics=tuple(problems))
    lines = text.splitlines()
    where = _lines(text)
    diagnostics: list[Diagnostic] = []

    def problem(message: str, line: int, value: str = "") -> None:
        shown = lines[line - 1] if 0 < line <= len(lines) else ""
        column = shown.rfind(f'"{value}"') + 2 if value and f'"{value}"' in shown else 1
        span = SourceSpan(path, line, max(column, 1), max(len(value), 1))
        diagnostics.append(Diagnostic(Code.BIB_KEY, message, span, Severity.ERROR, shown))

    for name in data:
        if name not in ("keys", "retired"):
            problem(f"unknown table {name!r} in the key ledger (expected [keys] and [retired])", 1)
    tables: dict[str, dict[str, str]] = {}
    locator = TomlLocator.of(text, path)
    for name in ("keys", "retired"):
        table = data.get(name, {})
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            # Located at the first value that is not a string, or at the table itself.
            bad = (
                next((k for k, v in table.items() if not isinstance(v, str)), None)
                if isinstance(table, dict)
                else None
            )
            where_at = (name, bad) if bad is not None else (name,)
            span = locator.value_span(*where_at) if locator.knows(*where_at) else None
            message = f"[{name}] must be a table of strings; the ledger was not used"
            if span is None:
                problem(message, 1)
            else:
                diagnostics.append(locator.diagnostic(Code.BIB_KEY, message, span))
            return Ledger(diagnostics=tuple(diagnostics))
        tables[name] = table
    retired: list[tuple[str, str]] = []
    for key, work_id in tables["retired"].items():
        line = where.get(("retired", key), 1)
        if not valid_key(key):
            problem(f"retired key {key!r} is not a valid citation key; ignored", line, key)
            continue
        retired.append((key, work_id))
    retired_keys = {key for key, _ in retired}
    owners: dict[str, tuple[str, int]] = {}
    keys: list[tuple[str, str]] = []
    found_lines: list[tuple[str, int]] = []
    for work_id, key in tables["keys"].items():
        line = where.get(("keys", work_id), 1)
        found_lines.append((work_id, line))
        if not valid_key(key):
            problem(
                f"key {key!r} of work {work_id!r} is not a valid citation key "
                f"([a-z][a-z0-9]*, at most {MAX_KEY_LENGTH} characters); the work gets a new key",
                line,
                key,
            )
            continue
        if key in owners:
            first, first_line = owners[key]
            problem(
                f"key {key!r} is recorded for work {work_id!r} and for work {first!r} "
                f"(line {first_line}); {first!r} keeps it, {work_id!r} gets a new key",
                line,
                key,
            )
            continue
        if key in retired_keys:
            problem(
                f"key {key!r} of work {work_id!r} is also listed in [retired]; "
                "the work gets a new key",
                line,
                key,
            )
            continue
        owners[key] = (work_id, line)
        keys.append((work_id, key))
    return Ledger(tuple(keys), tuple(retired), tuple(found_lines), tuple(diagnostics))


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ledger_text(
    keys: Mapping[str, str],
    kept: Mapping[str, str] | None = None,
    retired: Iterable[tuple[str, str]] = (),
) -> str:
    """The ledger's text: the keys in force, the kept ones and the retired ones.

    ``kept`` are the keys of works not loaded this time, and ``retired`` the ``(key, work
    id)`` pairs; both are carried over unchanged.
    """
    merged = {**(kept or {}), **keys}
    lines = [
        "# Citation keys handed out by `feedcite bib`. A key, once written here, is never",
        "# reassigned: adding or removing other works cannot change it. Edit only to retire a key",
        "# (move its line to [retired] as key = work id; it is then never handed out again).",
        "",
        "[keys]",
    ]
    lines.extend(f"{_quoted(i)} = {_quoted(merged[i])}" for i in sorted(merged))
    retired = sorted(retired)
    if retired:
        lines.extend(["", "[retired]"])
        lines.extend(f"{_quoted(key)} = {_quoted(work_id)}" for key, work_id in retired)
    return "\n".join(lines) + "\n"
