"""Pandoc's citeproc renders the same reference from refs/amodei.json and from both .bib files.

Every work is rendered from the CSL-JSON, from the BibTeX flavour (``refs/amodei.bib``) and
from the biblatex flavour, in two CSL styles (APA 7 and IEEE, from Debian's
``citation-style-language-styles``), with Debian's ``pandoc``. Each ``.bib`` file is also
read into CSL data by Pandoc itself (``pandoc -f bibtex -t csljson``), so that every
difference can be seen field by field. The only differences allowed are the ones named in
:data:`NAMED` below, each for a reason that BibTeX or Pandoc's reader imposes; the test checks

* that every field Pandoc reads from a ``.bib`` equals the CSL-JSON's, except the fields of
  the named differences the work has;
* that every work with no visible named difference renders to the same text from both files;
* that the others render to the same text once the fields of their named differences are
  taken from the ``.bib`` (so the named fields explain the whole difference); and
* that every named difference occurs (none is kept that the files no longer have).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from feedcite.export.biblatex import write_biblatex
from feedcite.export.latex import sentence_case
from feedcite.export.record import Kind, Record, record
from feedcite.model import Corpus
from tests.conftest import REFS

pytestmark = pytest.mark.latex

STYLES = ("apa", "ieee")
FLAVOURS = ("bibtex", "biblatex")
#: Where Debian's ``citation-style-language-styles`` puts the official CSL styles.
STYLE_DIR = Path("/usr/share/citation-style-language/styles")

Item = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Named:
    """A difference between the CSL-JSON and Pandoc's reading of a ``.bib`` file.

    Attributes:
        name: Its name.
        fields: The CSL variables it may change.
        visible: Whether it can change the rendered text.
        applies: Whether a work (its record) in a flavour has it.
        why: The reason, which the files cannot change.
    """

    name: str
    fields: frozenset[str]
    visible: bool
    applies: Callable[[Record, str], bool]
    why: str


_SERIES_KINDS = (Kind.VIDEO, Kind.EPISODE, Kind.TALK)

NAMED = (
    Named(
        "csl-only",
        frozenset({"citation-key", "custom"}),
        False,
        lambda rec, flavour: True,
        "Zotero's citation key and feedcite's own data (id, year source, evidence) are "
        "CSL-JSON fields; in a .bib the key is the entry's key.",
    ),
    Named(
        "preprint",
        frozenset({"type", "genre", "number", "publisher"}),
        True,
        lambda rec, flavour: rec.kind is Kind.PREPRINT and rec.arxiv is not None,
        "Neither BibTeX nor biblatex has a preprint type: BibTeX's convention is @misc with "
        "howpublished = {arXiv:ID}, biblatex's @online with the eprint. Pandoc reads them as "
        "CSL types '' and 'webpage'; the CSL-JSON says article, genre Preprint, number "
        "arXiv:ID and publisher arXiv, which Zotero imports as a Preprint.",
    ),
    Named(
        "series-kind",
        frozenset(
            {"type", "genre", "publisher", "collection-title", "number", "dimensions", "medium"}
        ),
        True,
        lambda rec, flavour: rec.kind in _SERIES_KINDS,
        "Neither BibTeX nor biblatex's standard styles have a type for a video, talk or "
        "podcast episode: both flavours write @misc with howpublished naming the kind and "
        "the series (the running time goes in the note); the CSL-JSON has broadcast, "
        "motion_picture or speech with genre, collection-title, number and dimensions.",
    ),
    Named(
        "host-guest",
        frozenset({"author", "host", "guest"}),
        True,
        lambda rec, flavour: bool(rec.hosts or rec.guests),
        "A .bib has no host or guest role: the host and the guests are the authors (host "
        "first) and the note says who is who; the CSL-JSON has host and guest.",
    ),
    Named(
        "others",
        frozenset({"author"}),
        True,
        lambda rec, flavour: rec.incomplete,
        "An incomplete list ends in 'and others', which BibTeX and biber print as 'et al.' "
        "but Pandoc 2.17 reads as a person named 'others'; CSL-JSON cannot say it (the note "
        "does, in both files).",
    ),
    Named(
        "day",
        frozenset({"issued"}),
        True,
        lambda rec, flavour: flavour == "bibtex" and rec.day is not None,
        "BibTeX has year and month only: the day is in the CSL-JSON and the biblatex date.",
    ),
    Named(
        "circa",
        frozenset({"issued"}),
        True,
        lambda rec, flavour: flavour == "bibtex" and rec.circa,
        "BibTeX cannot mark a year as approximate: the CSL-JSON's circa and the biblatex "
        "date's '~' do.",
    ),
    Named(
        "report-type",
        frozenset({"genre"}),
        True,
        lambda rec, flavour: flavour == "biblatex" and rec.kind is Kind.REPORT,
        "biblatex's @report requires a type (techreport), which Pandoc reads as genre "
        "'technical report'; BibTeX's @techreport and the CSL-JSON's report leave the "
        "genre to the style.",
    ),
    Named(
        "short-title",
        frozenset({"title-short"}),
        False,
        lambda rec, flavour: ":" in rec.title,
        "Pandoc makes a short title of the part of a title before its colon; neither style "
        "prints a short title in a bibliography.",
    ),
)


def _typographic(value: Any) -> Any:
    """``value`` with straight apostrophes as LaTeX typesets them (and Pandoc reads them): ’."""
    if isinstance(value, str):
        return value.replace("'", "\u2019")
    if isinstance(value, list):
        return [_typographic(v) for v in value]
    if isinstance(value, dict):
        return {k: _typographic(v) for k, v in value.items()}
    return value


def _pandoc(*args: str, source: str = "") -> str:
    if shutil.which("pandoc") is None:
        pytest.fail("pandoc is not installed (nox -s latex installs it)")
    done = subprocess.run(
        ["pandoc", *args],
        input=source,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def style_file(style: str) -> Path:
    path = STYLE_DIR / f"{style}.csl"
    if not path.is_file():
        pytest.fail(
            f"{path} is missing: install Debian's citation-style-language-styles "
            "(nox -s latex installs it)"
        )
    return path


_ENTRY_RE = re.compile(
    r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)</div>\s*(?=<div id="ref-|</div>)',
    re.DOTALL,
)


def render(bibliography: Path, style: str, keys: list[str]) -> dict[str, str]:
    """Key -> the reference's plain text, as Pandoc's citeproc renders it in ``style``."""
    source = "---\nnocite: |\n  " + ", ".join(f"@{k}" for k in keys) + "\n---\n"
    output = _pandoc(
        "--citeproc",
        "--bibliography",
        str(bibliography),
        "--csl",
        str(style_file(style)),
        "-t",
        "html",
        "--wrap=none",
        source=source,
    )
    entries = {}
    for key, body in _ENTRY_RE.findall(output):
        text = html.unescape(re.sub(r"<[^>]+>", "", body))
        entries[key] = re.sub(r"^\[\d+\]\s*", "", " ".join(text.split()))
    return entries


def read_bib(path: Path, flavour: str) -> dict[str, Item]:
    """The CSL data Pandoc reads from a ``.bib`` file, by key."""
    items: list[Item] = json.loads(_pandoc("-f", flavour, "-t", "csljson", str(path)))
    return {item["id"]: item for item in items}


@dataclass(frozen=True, slots=True)
class Files:
    folder: Path
    bib: dict[str, Path]
    json_items: dict[str, Item]
    records: dict[str, Record]


@pytest.fixture(scope="module")
def files(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Files:
    folder = tmp_path_factory.mktemp("pandoc")
    biblatex = folder / "biblatex.bib"
    biblatex.write_text(write_biblatex(corpus), encoding="utf-8")
    items: list[Item] = json.loads((REFS / "amodei.json").read_text(encoding="utf-8"))
    records = {w.citekey: record(w) for w in corpus.works}
    return Files(
        folder,
        {"bibtex": REFS / "amodei.bib", "biblatex": biblatex},
        {item["id"]: item for item in items},
        records,
    )


def named_for(rec: Record, flavour: str) -> list[Named]:
    return [n for n in NAMED if n.applies(rec, flavour)]


def field_differences(json_item: Item, read: Item) -> set[str]:
    """The CSL variables whose values differ (apostrophes compared as typeset)."""
    return {
        f
        for f in set(json_item) | set(read)
        if _typographic(json_item.get(f)) != _typographic(read.get(f))
    }


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_pandoc_reads_the_same_fields_but_for_named_differences(files: Files, flavour: str) -> None:
    read = read_bib(files.bib[flavour], flavour)
    assert set(read) == set(files.json_items)
    unexplained = {}
    occurring: set[str] = set()
    for key, json_item in files.json_items.items():
        named = named_for(files.records[key], flavour)
        allowed = set().union(*(n.fields for n in named))
        differing = field_differences(json_item, read[key])
        extra = differing - allowed
        if extra:
            unexplained[key] = {f: (json_item.get(f), read[key].get(f)) for f in sorted(extra)}
        occurring.update(n.name for n in named if n.fields & differing)
    assert unexplained == {}
    # Every named difference of this flavour is real: the files do differ in its fields.
    expected = {n.name for n in NAMED if any(n.applies(r, flavour) for r in files.records.values())}
    assert occurring == expected


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("flavour", FLAVOURS)
def test_same_reference_text_from_both_files(files: Files, style: str, flavour: str) -> None:
    keys = sorted(files.json_items)
    from_json = render(REFS / "amodei.json", style, keys)
    from_bib = render(files.bib[flavour], style, keys)
    assert len(from_json) == len(from_bib) == 35
    read = read_bib(files.bib[flavour], flavour)
    hybrid: list[Item] = []
    plain = []
    for key in keys:
        named = named_for(files.records[key], flavour)
        if not any(n.visible for n in named):
            plain.append(key)
        item = dict(files.json_items[key])
        for field in set().union(*(n.fields for n in named if n.visible)):
            if field in read[key]:
                item[field] = read[key][field]
            else:
                item.pop(field, None)
        hybrid.append(item)
    # A work without a visible named difference reads the same from both files.
    assert {k: from_bib[k] for k in plain} == {k: from_json[k] for k in plain}
    assert len(plain) == 7
    # The rest differ only in the named fields: with those taken from the .bib, the same.
    path = files.folder / f"hybrid-{flavour}-{style}.json"
    path.write_text(json.dumps(hybrid, ensure_ascii=False), encoding="utf-8")
    assert render(path, style, keys) == from_bib
    identical = sum(from_json[k] == from_bib[k] for k in keys)
    print(f"{flavour}/{style}: {identical}/35 identical, the rest only by named differences")


def test_title_case_styles_keep_what_the_csl_json_marks(tmp_path: Path) -> None:
    """Chicago prints titles in title case: the ``nocase`` marks keep ``p53`` and ``'t``."""
    proper = frozenset({"'t Hooft", "Ágnes van der Meer-Kovács"})
    titles = {
        "a": "pH-dependent tetramerization of p53",
        "b": "'t Hooft's notation, with Ágnes van der Meer-Kovács",
        "c": "SLC38A9 binds KRAS G12C in H2O",
        "d": "Die Struktur der Ribosomen: Fünfzig Jahre Forschung",
    }
    items = [
        {
            "id": key,
            "type": "article-journal",
            "title": sentence_case(title, proper, nocase=True),
            "author": [{"family": "Lee", "given": "Ann"}],
            "issued": {"date-parts": [[2020 + i]]},
            "container-title": "Journal",
        }
        for i, (key, title) in enumerate(titles.items())
    ]
    path = tmp_path / "nocase.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    rendered = render(path, "chicago-author-date", sorted(titles))
    assert "pH-Dependent Tetramerization of p53" in rendered["a"]
    assert "’t Hooft’s Notation, with Ágnes van der Meer-Kovács" in rendered["b"]
    assert "SLC38A9 Binds KRAS G12C in H2O" in rendered["c"]
    assert "Die Struktur der Ribosomen: Fünfzig Jahre Forschung" in rendered["d"]
