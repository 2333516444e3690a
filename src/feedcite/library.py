"""The user's own library: a BibTeX or CSL-JSON export (Zotero, Google Scholar, arXiv).

:func:`read_library` turns the text of an export into :class:`LibraryEntry` records, each
with the facts ``feedcite match`` may copy into ``works.toml`` (title, people, date,
identifiers, venue) and where the entry is. Nothing is guessed: a field the export does not
have stays empty. An entry that cannot be read, a duplicate key or a file that is not an
export is a :class:`~feedcite.Diagnostic` (code ``library``) at its line, and the other
entries are still read.

BibTeX is split by bibtexparser (lenient: a broken entry becomes a failed block with its
line); names are split before LaTeX is decoded (pylatexenc), so a braced family name
(``{Ponde de Oliveira Pinto}``) stays whole. CSL-JSON is plain JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import Creator, SourceSpan

__all__ = [
    "Library",
    "LibraryEntry",
    "arxiv_id",
    "identifiers_in",
    "read_bibtex",
    "read_csl_json",
    "read_library",
]

_ARXIV_ID_RE = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})$")
_ARXIV_IN_RE = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf)/|arxiv[:. ]\s*|10\.48550/arxiv\.)"
    r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?",
    re.IGNORECASE,
)
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_IN_RE = re.compile(r"(?:doi\.org/|doi:\s*)?(10\.\d{4,9}/[^\s\"<>{}]+)", re.IGNORECASE)
_URL_RE = re.compile(r"^https?://\S+$")
_YEAR_RE = re.compile(r"\b(\d{4})\b")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One entry of the user's library, as the export gives it.

    Attributes:
        key: Its citation key (BibTeX) or ``id`` (CSL-JSON).
        type: Its type as the export names it (``article``, ``inproceedings``,
            ``paper-conference``, ``misc`` ...).
        published_type: The kind of published version it is, for ``works.toml``
            (``article``, ``inproceedings`` or ``techreport``), or ``None`` for a preprint,
            a video or anything else.
        title: The title, LaTeX decoded.
        authors: The people (and organisations) credited, in order; a podcast's or
            interview's host and guests have the role ``host`` or ``guest``.
        others: Whether the list ends in "and others" (it is incomplete).
        year: Year of the entry's date.
        month: Month, when the export gives one.
        day: Day, when the export gives one.
        arxiv: The arXiv identifier (``eprint``, an arXiv URL or arXiv DOI), without version.
        doi: The DOI, unless it is the arXiv DOI of ``arxiv``.
        url: The URL.
        venue: Journal, proceedings, institution or publisher.
        volume: Volume.
        number: Issue or number.
        pages: Pages.
        medium: What it is, in words (``howpublished``, CSL ``medium`` or ``genre``):
            ``Podcast episode``, ``YouTube video``.
        span: Where the entry starts in the export.
    """

    key: str
    type: str
    span: SourceSpan
    published_type: str | None = None
    title: str | None = None
    authors: tuple[Creator, ...] = ()
    others: bool = False
    year: int | None = None
    month: int | None = None
    day: int | None = None
    arxiv: str | None = None
    doi: str | None = None
    url: str | None = None
    venue: str | None = None
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    medium: str | None = None


@dataclass(frozen=True, slots=True)
class Library:
    """The entries of one export, and the problems met reading it."""

    path: str
    entries: tuple[LibraryEntry, ...]
    diagnostics: tuple[Diagnostic, ...] = ()


def arxiv_id(*texts: str | None) -> str | None:
    """The first arXiv identifier in ``texts`` (an ``eprint``, a URL, a DOI), no version."""
    for text in texts:
        if not text:
            continue
        bare = re.sub(r"v\d+$", "", text.strip())
        if _ARXIV_ID_RE.match(bare):
            return bare
        found = _ARXIV_IN_RE.search(text)
        if found:
            return found[1]
    return None


#: A DOI written in prose ends before these (``(doi:10.1/x).``).
_DOI_TRAILING = ".,;:)]'\""


def identifiers_in(text: str) -> list[tuple[str, str, int, int]]:
    """The arXiv identifiers and DOIs written in ``text``, in order.

    Each is ``(kind, identifier, start, end)``: kind ``arxiv`` (no version) or ``doi``
    (case folded, as DOIs compare), and where it is written. An arXiv identifier counts only
    with what says it is one (``arXiv:2503.01234``, an ``arxiv.org`` address, its DOI): a
    bare ``2503.01234`` may be any number.
    """
    found: list[tuple[str, str, int, int]] = []
    lowered = text.casefold()
    if "arxiv" in lowered:
        found.extend(("arxiv", m[1], m.start(), m.end()) for m in _ARXIV_IN_RE.finditer(text))
    if "10." in text:
        for m in _DOI_IN_RE.finditer(text):
            doi = m[1].rstrip(_DOI_TRAILING)
            if _DOI_RE.match(doi) and not doi.casefold().startswith("10.48550/arxiv."):
                found.append(("doi", doi.casefold(), m.start(), m.start(1) + len(doi)))
    return sorted(found, key=lambda f: f[2])


def _doi(text: str | None) -> str | None:
    if not text:
        return None
    found = _DOI_IN_RE.search(text.strip())
    if not found:
        return None
    doi = found[1].rstrip(".,;")
    return doi if _DOI_RE.match(doi) else None


def _month(value: object) -> int | None:
    if isinstance(value, int) and 1 <= value <= 12:
        return value
    if isinstance(value, str):
        text = value.strip().strip("{}").casefold().rstrip(".")
        if text.isdigit() and 1 <= int(text) <= 12:
            return int(text)
        return _MONTHS.get(text)
    return None


def _problem(path: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(Code.LIBRARY, message, SourceSpan(path, max(line, 1)), Severity.ERROR)


# ---------------------------------------------------------------------------- BibTeX

#: BibTeX types of published versions, and the works.toml type each is.
_BIB_PUBLISHED = {
    "article": "article",
    "inproceedings": "inproceedings",
    "conference": "inproceedings",
    "incollection": "inproceedings",
    "techreport": "techreport",
    "report": "techreport",
}
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "institution", "school", "publisher")


#: TeX's dashes and quotes written in ASCII: ``--``, ``---``, two backquotes, two quotes.
_TEX_LIGATURE_RE = re.compile(r"--|``|''")


def _latex(text: str) -> str:
    """Plain text of a BibTeX value: LaTeX decoded, braces gone, spaces collapsed.

    TeX's ASCII dashes and quotes are decoded too (``1580--1720``: an en dash).
    """
    from pylatexenc.latex2text import LatexNodes2Text

    tex = "\\" in text or "{" in text or "$" in text or "~" in text
    if tex or _TEX_LIGATURE_RE.search(text):
        text = LatexNodes2Text(math_mode="text").latex_to_text(text)
    return " ".join(text.replace("{", "").replace("}", "").split())


def _bib_person(parts: Any) -> Creator | None:
    """A :class:`Creator` from bibtexparser's ``NameParts`` (decoded); ``None`` for "others"."""
    first = _latex(" ".join(parts.first))
    von = _latex(" ".join(parts.von))
    last = _latex(" ".join(parts.last))
    jr = _latex(" ".join(parts.jr))
    family = f"{von} {last}".strip()
    if family.casefold() == "others" and not first:
        return None
    if not first and not jr:
        return Creator(family=family, organization=len(parts.last) == 1 and " " in family)
    return Creator(family=family, given=first, suffix=jr)


def read_bibtex(text: str, path: str) -> Library:
    """The entries of a BibTeX export (see the module docstring)."""
    import bibtexparser
    from bibtexparser import middlewares
    from bibtexparser.model import DuplicateBlockKeyBlock

    parsed = bibtexparser.parse_string(
        text,
        append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()],
    )
    problems: list[Diagnostic] = []
    for block in parsed.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            message = f"the key {block.key!r} is used twice; the second entry is left out"
        else:
            first = (block.raw or "").strip().split("\n", 1)[0][:60]
            message = f"this entry cannot be read ({first!r}); it is left out"
        problems.append(_problem(path, line, message))
    entries = []
    for entry in parsed.entries:
        fields = {f.key.casefold(): f.value for f in entry.fields}

        def text_field(name: str, fields: Mapping[str, Any] = fields) -> str | None:
            value = fields.get(name)
            if isinstance(value, str) and value.strip():
                decoded = _latex(value)
                return decoded or None
            return None

        people: list[Creator] = []
        others = False
        for name in ("author", "editor"):
            value = fields.get(name)
            if isinstance(value, list) and value:
                for parts in value:
                    person = _bib_person(parts)
                    if person is None:
                        others = True
                    else:
                        people.append(person)
                break
        year_text = text_field("year") or text_field("date") or ""
        year = _YEAR_RE.search(year_text)
        date = text_field("date") or ""
        iso = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", date)
        eprint_type = (text_field("archiveprefix") or text_field("eprinttype") or "").casefold()
        eprint = text_field("eprint")
        arxiv = arxiv_id(
            eprint if eprint_type in ("", "arxiv") else None,
            text_field("arxiv"),
            text_field("url"),
            text_field("doi"),
            text_field("journal"),
            text_field("note"),
        )
        doi = _doi(text_field("doi"))
        if doi and arxiv and doi.casefold() == f"10.48550/arxiv.{arxiv}".casefold():
            doi = None
        venue = next((v for f in _VENUE_FIELDS if (v := text_field(f))), None)
        kind = entry.entry_type.casefold()
        published = _BIB_PUBLISHED.get(kind)
        if venue and arxiv and venue.casefold().startswith("arxiv"):
            venue, published = None, None  # Google Scholar's "arXiv preprint arXiv:..."
        url = text_field("url")
        entries.append(
            LibraryEntry(
                key=entry.key,
                type=kind,
                span=SourceSpan(path, (entry.start_line or 0) + 1),
                published_type=published if venue else None,
                title=text_field("title"),
                authors=tuple(people),
                others=others,
                year=int(year[1]) if year else None,
                month=(int(iso[2]) if iso else None) or _month(fields.get("month")),
                day=int(iso[3]) if iso and iso[3] else None,
                arxiv=arxiv,
                doi=doi,
                url=url if url and _URL_RE.match(url) else None,
                venue=venue,
                volume=text_field("volume"),
                number=text_field("number") or text_field("issue"),
                pages=text_field("pages"),
                medium=text_field("howpublished") or text_field("type"),
            )
        )
    return Library(path, tuple(entries), tuple(problems))


# ---------------------------------------------------------------------------- CSL-JSON

_CSL_PUBLISHED = {
    "article-journal": "article",
    "paper-conference": "inproceedings",
    "chapter": "inproceedings",
    "report": "techreport",
}


def _csl_person(value: object) -> Creator | None:
    if not isinstance(value, dict):
        return None
    literal = value.get("literal")
    if isinstance(literal, str) and literal.strip():
        return Creator(family=literal.strip(), organization=True)
    family = value.get("family")
    if not isinstance(family, str) or not family.strip():
        return None
    particle = value.get("non-dropping-particle")
    if isinstance(particle, str) and particle.strip():
        family = f"{particle.strip()} {family.strip()}"
    given = value.get("given")
    suffix = value.get("suffix")
    return Creator(
        family=family.strip(),
        given=given.strip() if isinstance(given, str) else "",
        suffix=suffix.strip() if isinstance(suffix, str) else "",
    )


def _csl_date(value: object) -> tuple[int | None, int | None, int | None]:
    if not isinstance(value, dict):
        return None, None, None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        numbers: list[int | None] = []
        for part in parts[0][:3]:
            try:
                numbers.append(int(part))
            except (TypeError, ValueError):
                numbers.append(None)
        numbers += [None] * (3 - len(numbers))
        return numbers[0], numbers[1], numbers[2]
    raw = value.get("raw") or value.get("literal")
    if isinstance(raw, str):
        found = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", raw.strip())
        if found:
            return (
                int(found[1]),
                int(found[2]) if found[2] else None,
                int(found[3]) if found[3] else None,
            )
    return None, None, None


def _line_of_items(text: str) -> list[int]:
    """The line of each top-level item of a JSON array (for messages), in order."""
    lines: list[int] = []
    depth = 0
    line = 1
    in_string = escaped = False
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            if depth == 1 and char == "{":
                lines.append(line)
            depth += 1
        elif char in "]}":
            depth -= 1
    return lines


def read_csl_json(text: str, path: str) -> Library:
    """The entries of a CSL-JSON export (an array of items, or one item)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return Library(path, (), (_problem(path, error.lineno, f"not JSON: {error.msg}"),))
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        return Library(path, (), (_problem(path, 1, "a CSL-JSON file is an array of items"),))
    lines = _line_of_items(text)
    entries = []
    problems = []
    seen: set[str] = set()
    for index, item in enumerate(data):
        line = lines[index] if index < len(lines) else 1
        if not isinstance(item, dict):
            problems.append(_problem(path, line, "an item must be an object; it is left out"))
            continue
        key = item.get("id", item.get("citation-key"))
        if not isinstance(key, (str, int)) or not str(key).strip():
            problems.append(_problem(path, line, "an item has no 'id'; it is left out"))
            continue
        key = str(key).strip()
        if key in seen:
            message = f"the id {key!r} is used twice; the second item is left out"
            problems.append(_problem(path, line, message))
            continue
        seen.add(key)

        def text_field(name: str, item: Mapping[str, Any] = item) -> str | None:
            value = item.get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            return (" ".join(value.split()) or None) if isinstance(value, str) else None

        people: list[Creator] = []
        for role in ("author", "editor"):
            values = item.get(role)
            found = [p for p in map(_csl_person, values if isinstance(values, list) else []) if p]
            if found:
                people = found
                break
        for role in ("host", "guest"):  # CSL 1.0.2: the people of an episode or interview
            values = item.get(role)
            for value in values if isinstance(values, list) else []:
                person = _csl_person(value)
                if person is not None:
                    people.append(replace(person, role=role))
        year, month, day = _csl_date(item.get("issued"))
        kind = str(item.get("type") or "")
        arxiv = arxiv_id(
            text_field("number") if (text_field("archive") or "").casefold() == "arxiv" else None,
            text_field("URL"),
            text_field("DOI"),
            text_field("number"),
            text_field("container-title"),
        )
        doi = _doi(text_field("DOI"))
        if doi and arxiv and doi.casefold() == f"10.48550/arxiv.{arxiv}".casefold():
            doi = None
        venue = text_field("container-title") or (
            text_field("publisher") if kind == "report" else None
        )
        published = _CSL_PUBLISHED.get(kind)
        if venue and arxiv and venue.casefold().startswith("arxiv"):
            venue, published = None, None
        url = text_field("URL")
        entries.append(
            LibraryEntry(
                key=key,
                type=kind,
                span=SourceSpan(path, line),
                published_type=published if venue else None,
                title=text_field("title"),
                authors=tuple(people),
                year=year,
                month=month if month and 1 <= month <= 12 else None,
                day=day if day and 1 <= day <= 31 else None,
                arxiv=arxiv,
                doi=doi,
                url=url if url and _URL_RE.match(url) else None,
                venue=venue,
                volume=text_field("volume"),
                number=text_field("issue"),
                pages=text_field("page"),
                medium=text_field("medium") or text_field("genre"),
            )
        )
    return Library(path, tuple(entries), tuple(problems))


def read_library(data: bytes, path: str) -> Library:
    """The entries of an export: CSL-JSON when it starts with ``[`` or ``{``, else BibTeX."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return Library(path, (), (_problem(path, line, "not UTF-8 text; export it as UTF-8"),))
    if text.lstrip()[:1] in ("[", "{"):
        return read_csl_json(text, path)
    library = read_bibtex(text, path)
    if not library.entries and not library.diagnostics:
        message = "no BibTeX entries (@type{key, ...}) and no CSL-JSON array here"
        return Library(path, (), (_problem(path, 1, message),))
    return library
