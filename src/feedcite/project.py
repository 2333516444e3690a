"""New projects: ``feedcite init`` and ``feedcite add``, and the bundled example corpus.

A *project* is a folder holding ``refs/`` (the corpus configuration ``corpus.toml``, the
captures in ``refs/captures/``, the curated ``works.toml`` and ``glossary.toml``) and
``docs/`` (a Sphinx site over the corpus, built by ``feedcite site``). The files come from
templates that ship inside the package (``feedcite/templates/project/``) and say nothing
about any particular researcher: the name and title are filled in, and every page adapts to
what the corpus holds.

:func:`project_files` is a pure function (captures and a name in, file texts out);
:func:`init_project`, :func:`init_example` and :func:`add_captures` are the thin entry points
that read the captures and write the files. Nothing existing is ever overwritten: a project
file that is already there stops ``init`` before anything is written, and ``add`` refuses a
capture whose name is taken.
"""

from __future__ import annotations

import os
import re
import shutil
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from feedcite._strings import slug
from feedcite._toml import toml_string

__all__ = [
    "CaptureFile",
    "ProjectError",
    "add_captures",
    "capture_tables",
    "display_name",
    "example_config",
    "init_example",
    "init_project",
    "markdown_text",
    "project_files",
    "read_capture",
    "templates",
]

CAPTURES = "refs/captures"
"""Where a project keeps its captures (relative to the project folder)."""


class ProjectError(ValueError):
    """A project cannot be made or changed as asked (a usage error: nothing was written)."""


@dataclass(frozen=True, slots=True)
class CaptureFile:
    """A capture to put into a project.

    Attributes:
        name: Its file name in ``refs/captures/``.
        kind: Its format (``feed``, ``transcript``, ...), detected from the content.
        data: Its bytes, copied as they are.
        subject: For a feed, the person its header names.
    """

    name: str
    kind: str
    data: bytes
    subject: str | None = None


# ---------------------------------------------------------------------------- text


_MD_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]<>()!|~$&^@%#=+])")


def markdown_text(text: str) -> str:
    """``text`` as literal MyST text on one line (inside a heading or a paragraph).

    Every ASCII punctuation mark that can open inline markup is escaped with a backslash,
    which makes it a literal character in CommonMark, so nothing in ``text`` (``{raw}``,
    ``<script>``, ``[link](...)``, ``$math$``, ``&lt;``) can become markup; punctuation
    that is inert inside a line (``: , . - ' " / ?``) is kept as it is.
    """
    one_line = " ".join(text.split())
    return _MD_SPECIAL_RE.sub(r"\\\1", one_line)


# ---------------------------------------------------------------------------- templates


def templates() -> dict[str, str]:
    """Relative path -> text of every project template shipped in the package.

    ``docs/conf.py.in`` is ``docs/conf.py`` (so that tools do not take the template for a
    module of the package) and ``gitignore`` is ``.gitignore``.
    """
    root = resources.files("feedcite") / "templates" / "project"
    found: dict[str, str] = {}

    def walk(folder: resources.abc.Traversable, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.is_file():
                found[_target(f"{prefix}{entry.name}")] = entry.read_text(encoding="utf-8")

    walk(root, "")
    return found


def _target(template: str) -> str:
    if template.endswith(".in"):
        template = template[: -len(".in")]
    head, _, name = template.rpartition("/")
    if name == "gitignore":
        name = ".gitignore"
    return f"{head}/{name}" if head else name


def _bibliography_stem(name: str) -> str:
    """The bibliography's file name stem: the family name (``Chelsea Finn`` -> ``finn``)."""
    from feedcite.enrich.works import person_from_name

    return slug(person_from_name(name).family, "bibliography")


def capture_tables(captures: Iterable[CaptureFile]) -> str:
    """The ``[[corpus.captures]]`` tables of ``captures`` (TOML text)."""
    tables = []
    for capture in captures:
        lines = [
            "[[corpus.captures]]",
            f"path = {toml_string(f'captures/{capture.name}')}",
            f"format = {toml_string(capture.kind)}",
        ]
        if capture.subject:
            title = f"Feed: everything captured from {capture.subject}"
            lines.append(f"title = {toml_string(title)}")
        tables.append("\n".join(lines) + "\n")
    return "\n".join(tables)


def display_name(name: str, written: Sequence[str] = ()) -> str:
    """``name`` as a title shows it.

    A name written ``Family, Given`` is shown in the order a feed's header writes the same
    words (``Han Seo-yeon``), else given name first (``Maria Lopez``).
    """
    if "," not in name:
        return name
    family, _, given = (part.strip() for part in name.partition(","))
    words = sorted(f"{family} {given}".split())
    for text in written:
        if sorted(text.split()) == words:
            return text
    return f"{given} {family}".strip()


def project_files(
    name: str,
    captures: Sequence[CaptureFile],
    *,
    title: str | None = None,
    anchor_year: int | None = None,
    template_texts: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Relative path -> text of every file of a new project (the captures aside).

    Args:
        name: The person (or subject) the corpus is about.
        captures: The captures the configuration lists (in ``refs/captures/``).
        title: The corpus's title (default: ``NAME: a reading companion``).
        anchor_year: The year of the newest feed item, if known.
        template_texts: The templates (default: those shipped in the package).
    """
    texts = dict(template_texts if template_texts is not None else templates())
    shown = display_name(name, [c.subject for c in captures if c.subject])
    title = title or f"{shown}: a reading companion"
    stem = _bibliography_stem(name)
    kinds = sorted({c.kind for c in captures})
    described = ", ".join(kinds) if kinds else "no captures yet"
    values = {
        "name": toml_string(name),
        "title": toml_string(title),
        "description": toml_string(f"Everything captured about {shown} ({described})."),
        "bibliography": toml_string(f"{stem}.bib"),
        "csl": toml_string(f"{stem}.json"),
        "anchor_year": (
            f"anchor_year = {anchor_year}" if anchor_year is not None else "# anchor_year = 2024"
        ),
        "captures": capture_tables(captures),
        "heading": markdown_text(title),
    }
    return {path: string.Template(text).substitute(values) for path, text in texts.items()}


# ---------------------------------------------------------------------------- reading


def read_capture(path: Path | str) -> CaptureFile:
    """The capture at ``path``, its format detected from the content.

    Raises:
        ProjectError: The file cannot be read, or is in none of the formats.
    """
    from feedcite.model import Feed
    from feedcite.parsers import detect_format, parse_document
    from feedcite.parsers._text import decode

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ProjectError(f"{path}: cannot read it ({error.strerror or error})") from None
    lines = decode(data, str(path)).lines
    kind = detect_format(lines)
    if kind is None:
        from feedcite.parsers import formats

        names = ", ".join(f.kind for f in formats())
        raise ProjectError(
            f"{path}: not a capture in any of the formats feedcite reads ({names}); "
            "see the user guide's 'Input formats'"
        )
    subject = None
    if kind == "feed":
        document = parse_document(data, str(path), kind=kind)
        subject = document.subject if isinstance(document, Feed) else None
    return CaptureFile(path.name, kind, data, subject)


def example_config() -> Path:
    """The bundled example corpus's configuration (Dario Amodei), wherever feedcite runs from.

    An installed wheel carries it as package data (``feedcite/_example/refs/``); in a clone
    of the repository it is ``refs/``, its one copy.

    Raises:
        ProjectError: Neither is there (an installation without its package data).
    """
    packaged = Path(str(resources.files("feedcite") / "_example" / "refs" / "corpus.toml"))
    if packaged.is_file():
        return packaged
    clone = Path(__file__).resolve().parents[2] / "refs" / "corpus.toml"
    if clone.is_file():
        return clone
    raise ProjectError("the bundled example corpus is missing from this installation of feedcite")


# ---------------------------------------------------------------------------- writing


def _refuse_existing(folder: Path, relative: Iterable[str]) -> None:
    taken = sorted(r for r in relative if (folder / r).exists() or (folder / r).is_symlink())
    if taken:
        shown = ", ".join(taken[:5]) + (f" and {len(taken) - 5} more" if len(taken) > 5 else "")
        raise ProjectError(
            f"{folder} already has {shown}; feedcite init never overwrites a file "
            "(choose an empty folder, or use 'feedcite add' to add captures to a project)"
        )


def _unique_names(captures: Sequence[CaptureFile]) -> None:
    seen: set[str] = set()
    for capture in captures:
        if capture.name in seen:
            raise ProjectError(
                f"two captures are named {capture.name!r}; rename one (captures are copied "
                f"into {CAPTURES}/ under their file names)"
            )
        seen.add(capture.name)


def _copy(capture: CaptureFile, folder: Path) -> Path:
    """Write the capture's bytes, unchanged, into ``folder`` (complete or not at all)."""
    target = folder / capture.name
    folder.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.new")
    temporary.write_bytes(capture.data)
    os.replace(temporary, target)
    return target


def _write_new(
    folder: Path, files: Mapping[str, str], captures: Sequence[CaptureFile]
) -> list[Path]:
    """Write the captures, then the project's files (atomically); return what was written."""
    from feedcite._atomic import write_files

    written = [_copy(capture, folder / CAPTURES) for capture in captures]
    targets = [(folder / relative, text) for relative, text in sorted(files.items())]
    for path, _ in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_files(targets)
    written.extend(path for path, _ in targets)
    return written


def init_project(
    folder: Path | str,
    paths: Sequence[Path | str],
    *,
    name: str | None = None,
    anchor_year: int | None = None,
) -> list[Path]:
    """Make a new project in ``folder`` from the captures at ``paths``; return the files written.

    Args:
        folder: The project folder (made if missing; it must not hold a project's files).
        paths: Captures to copy into ``refs/captures/`` and list in the configuration.
        name: Who the corpus is about (default: the person a feed's header names).
        anchor_year: The year of the newest feed item, if known.

    Raises:
        ProjectError: No name is given or found, a capture is unreadable or in no known
            format, two captures share a file name, or a file of the project exists.
    """
    folder = Path(folder)
    captures = [read_capture(p) for p in paths]
    _unique_names(captures)
    if name is None:
        name = next((c.subject for c in captures if c.subject), None)
        if name is None:
            raise ProjectError(
                "no --name given and no feed header names the person "
                "('Chronological feed of everything captured from NAME.'); give --name"
            )
    if not name.strip():
        raise ProjectError("--name must not be empty")
    files = project_files(name.strip(), captures, anchor_year=anchor_year)
    _refuse_existing(folder, [*files, *(f"{CAPTURES}/{c.name}" for c in captures)])
    return _write_new(folder, files, captures)


def init_example(folder: Path | str) -> list[Path]:
    """Make a project in ``folder`` from the bundled example corpus; return the files written.

    The example's ``refs/`` is copied whole (captures, curated files, key ledger); the site
    comes from the same templates as any project's.
    """
    from feedcite.corpus import read_config

    folder = Path(folder)
    config_path = example_config()
    config = read_config(config_path)
    source = config_path.parent
    copied = {p.relative_to(source).as_posix(): p for p in sorted(source.rglob("*")) if p.is_file()}
    files = {
        path: text
        for path, text in project_files(config.name, (), title=config.title).items()
        if not path.startswith("refs/")
    }
    _refuse_existing(folder, [*files, *(f"refs/{r}" for r in copied)])
    written = []
    for relative, path in copied.items():
        target = folder / "refs" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        written.append(target)
    return written + _write_new(folder, files, ())


def add_captures(config_path: Path | str, paths: Sequence[Path | str]) -> list[Path]:
    """Copy captures into a project and list them in its configuration; return the new files.

    The configuration keeps its text (comments and all); the new tables are added at its
    end, and the result is checked to be a valid configuration before anything is written.

    Raises:
        ProjectError: A capture is unreadable or in no known format, its name is taken,
            or the configuration already lists it.
    """
    from feedcite._atomic import write_text
    from feedcite.corpus import read_config

    config_path = Path(config_path)
    config = read_config(config_path, allow_empty=True)
    captures = [read_capture(p) for p in paths]
    _unique_names(captures)
    folder = config_path.parent / "captures"
    listed = {config.path(c.path) for c in config.captures}
    for capture in captures:
        target = folder / capture.name
        if target.exists() or Path(os.path.realpath(target)) in listed:
            raise ProjectError(
                f"{config_path.parent.name}/captures/{capture.name} already exists; rename the "
                "new capture (or edit the existing one in place)"
            )
    text = config_path.read_text(encoding="utf-8")
    new = text.rstrip("\n") + "\n\n" + capture_tables(captures)
    check = config_path.with_name(f".{config_path.name}.check")
    try:
        check.write_text(new, encoding="utf-8")
        read_config(check)  # the new configuration must be valid before anything is written
    finally:
        check.unlink(missing_ok=True)
    written = [_copy(capture, folder) for capture in captures]
    write_text(config_path, new)
    return [*written, config_path]
