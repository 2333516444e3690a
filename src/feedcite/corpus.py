"""Loading a corpus: the thin layer that reads files and hands them to the parsers.

A *corpus configuration* (``refs/corpus.toml``) lists the captured documents and the
curated files beside them. :func:`load_corpus` reads it, parses every document, and runs
the enrichment pipeline; :func:`load_paths` does the same for files given directly.
This module and the command line are the only places that touch the file system.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from feedcite._toml import TomlLocator, load_toml, type_name
from feedcite.curated import Curation, parse_works
from feedcite.enrich.citekeys import Ledger
from feedcite.enrich.context import Context, Step
from feedcite.enrich.pipeline import enrich
from feedcite.errors import Code, Diagnostic, ParseErrors, Severity
from feedcite.model import Corpus, DocumentRecord, SourceSpan
from feedcite.parsers import format_for, formats, parse_document
from feedcite.parsers.transcript import MAX_HOURS, parse_time
from feedcite.tag_file import TagFile, parse_tag_file

__all__ = [
    "CONFIG_NAME",
    "Capture",
    "ConfigError",
    "CorpusConfig",
    "find_config",
    "load_corpus",
    "load_paths",
    "paths_relative_to",
    "read_config",
]

CONFIG_NAME = "corpus.toml"
"""File name of a corpus configuration."""
_ENV = "FEEDCITE_CORPUS"


class ConfigError(ValueError):
    """A corpus configuration that cannot be used (missing, or invalid)."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = tuple(diagnostics)


@dataclass(frozen=True, slots=True)
class Capture:
    """One captured document of a corpus.

    Attributes:
        path: The file, relative to the configuration's folder.
        format: Its format (detected from the content when not given).
        title: A human title for it.
        source: Where it was captured from.
        about: What it is, in a sentence.
        span: Where the configuration gives its path (for messages about the file).
        duration_seconds: For a transcript, the episode's duration (``duration``), which
            the chapter alignment uses before any curated one.
    """

    path: str
    format: str | None = None
    title: str | None = None
    source: str | None = None
    about: str | None = None
    duration_seconds: int | None = None
    span: SourceSpan | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class CorpusConfig:
    """A corpus configuration (``refs/corpus.toml``).

    Attributes:
        root: The folder holding the configuration; other paths are relative to it.
        name: The person or subject the corpus is about.
        title: Title of the corpus (the site's title).
        description: A paragraph saying what the corpus is.
        captures: The documents.
        metadata: Curated metadata file (``works.toml``).
        glossary: Glossary file (``glossary.toml``).
        vocabulary: Tag vocabulary file (``tags.toml``).
        citekeys: Citation-key ledger (``citekeys.toml``).
        bibliography: BibTeX output (``amodei.bib``).
        csl: CSL-JSON output (``amodei.json``).
        anchor_year: Year of the newest feed item, if metadata cannot give it.
        themes: Theme name -> the tags that put a work in it (for the site's timeline).
        diagnostics: Problems found in the configuration that do not make it unusable.
        spans: Where the configuration gives each of the files above (key -> span).
        lines: The configuration's lines (for the excerpt under a message).
    """

    root: Path
    name: str
    title: str
    description: str = ""
    captures: tuple[Capture, ...] = ()
    metadata: str | None = None
    glossary: str | None = None
    vocabulary: str | None = None
    citekeys: str | None = None
    bibliography: str | None = None
    csl: str | None = None
    anchor_year: int | None = None
    themes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default=(), compare=False)
    spans: tuple[tuple[str, SourceSpan], ...] = field(default=(), compare=False, repr=False)
    lines: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def path(self, relative: str) -> Path:
        """A path of the configuration, made absolute (symbolic links followed)."""
        return Path(os.path.realpath(self.root / relative))

    def named_files(self) -> tuple[tuple[str, str], ...]:
        """``(key, path)`` of every side file and output the configuration names."""
        return tuple((key, value) for key in _FILE_KEYS if (value := getattr(self, key)))

    def span(self, key: str) -> SourceSpan | None:
        """Where the configuration gives ``key`` (a file key such as ``"metadata"``)."""
        return next((span for name, span in self.spans if name == key), None)

    def diagnostic(self, code: Code, message: str, span: SourceSpan) -> Diagnostic:
        """An error at ``span`` of the configuration, with its line for the caret."""
        text = self.lines[span.line - 1] if 0 < span.line <= len(self.lines) else ""
        return Diagnostic(code, message, span, Severity.ERROR, text)

    def files(self) -> tuple[Path, ...]:
        """Every input file the corpus depends on (for rebuild tracking)."""
        names = [c.path for c in self.captures]
        names += [n for n in (self.metadata, self.glossary, self.vocabulary, self.citekeys) if n]
        return tuple(self.path(n) for n in names)


def find_config(start: Path | None = None) -> Path | None:
    """The corpus configuration to use when none is given.

    ``$FEEDCITE_CORPUS`` if set; otherwise ``refs/corpus.toml`` in the current folder or
    the nearest parent that has one.
    """
    env = os.environ.get(_ENV)
    if env:
        return Path(env)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "refs" / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


_CONFIG_KEYS = {
    "themes",
    "name",
    "title",
    "description",
    "captures",
    "metadata",
    "glossary",
    "vocabulary",
    "citekeys",
    "bibliography",
    "csl",
    "anchor_year",
    "allow_empty",
}
_CAPTURE_KEYS = {"path", "format", "title", "source", "about", "duration"}
_FILE_KEYS = ("metadata", "glossary", "vocabulary", "citekeys", "bibliography", "csl")
"""Keys that name a file beside the configuration (inputs, then outputs)."""
_YEARS = range(1, 10_000)
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def read_config(
    path: Path | str, *, allow_outside: bool = False, allow_empty: bool = False
) -> CorpusConfig:
    """Read and validate a corpus configuration; :class:`ConfigError` if it is unusable.

    Every problem is reported, each at the key or value it is about: unknown keys, values
    of the wrong type or shape, a capture listed twice, a path that leads outside the
    configuration's folder, a corpus with no capture.

    Args:
        path: The ``corpus.toml`` file.
        allow_outside: Accept captures, side files and outputs outside the configuration's
            folder (after following symbolic links). Without it they are refused, so that a
            configuration cannot read or overwrite files elsewhere.
        allow_empty: Accept a configuration that lists no captures (the configuration's
            ``allow_empty = true`` says the same).
    """
    path = Path(path)
    shown = _display(path)
    text, problem = _config_text(path, shown)
    if problem is not None:
        raise ConfigError([problem])
    assert text is not None
    data, diagnostics = load_toml(text, shown)
    if diagnostics:
        raise ConfigError(diagnostics)
    top = TomlLocator.of(text, shown)
    where = top.at("corpus")
    problems: list[Diagnostic] = []

    def problem_at(message: str, span: SourceSpan) -> None:
        problems.append(where.diagnostic(Code.CONFIG, message, span))

    for key in data:
        if key != "corpus":
            problem_at(
                f"unknown top-level key {key!r} (the configuration is one [corpus] table)",
                top.key_span(key),
            )
    corpus = data.get("corpus")
    if not isinstance(corpus, dict):
        if corpus is None:
            problem_at("no [corpus] table", SourceSpan(shown, 1))
        else:
            problem_at(
                f"'corpus' must be a table ([corpus]), not {type_name(corpus)}",
                where.value_span(),
            )
        raise ConfigError(problems)
    for key in corpus:
        if key not in _CONFIG_KEYS:
            problem_at(f"unknown key {key!r} in [corpus]", where.key_span(key))

    def text_value(
        key: str, required: bool = False, *, a_path: bool = False, one_line: bool = False
    ) -> str | None:
        value = corpus.get(key)
        if value is None:
            if required:
                problem_at(f"[corpus] needs {key!r}", where.key_span())
            return None
        if not isinstance(value, str):
            problem_at(f"{key!r} must be a string, not {type_name(value)}", where.value_span(key))
            return None
        if (required or a_path) and not value.strip():
            problem_at(f"{key!r} must not be empty", where.value_span(key))
            return None
        if (a_path or one_line) and _CONTROL_RE.search(value):
            what = "control characters" if a_path else "line breaks or control characters"
            problem_at(f"{key!r} must not contain {what}", where.value_span(key))
            return None
        return value

    captures: list[Capture] = []
    raw_captures = corpus.get("captures", [])
    if not isinstance(raw_captures, list):
        problem_at(
            "'captures' must be an array of tables ([[corpus.captures]]), "
            f"not {type_name(raw_captures)}",
            where.key_span("captures"),
        )
        raw_captures = []
    for index, raw in enumerate(raw_captures):
        entry = where.at("captures", index)
        if not isinstance(raw, dict):
            problem_at(
                f"each capture must be a table with a 'path', not {type_name(raw)}",
                entry.value_span(),
            )
            continue
        for key in raw:
            if key not in _CAPTURE_KEYS:
                problem_at(f"unknown key {key!r} in a capture", entry.key_span(key))
        capture_path = raw.get("path")
        if capture_path is None:
            problem_at("a capture needs a 'path'", entry.value_span())
            continue
        if not isinstance(capture_path, str):
            problem_at(
                f"'path' must be a string, not {type_name(capture_path)}", entry.value_span("path")
            )
            continue
        if not capture_path.strip() or _CONTROL_RE.search(capture_path):
            problem_at(
                "'path' must name a file (not empty, no control characters)",
                entry.value_span("path"),
            )
            continue
        fmt = raw.get("format")
        kind: str | None = None
        if fmt is not None:
            if isinstance(fmt, str) and format_for(fmt) is not None:
                kind = fmt
            else:
                problem_at(
                    f"unknown format {fmt!r} (expected one of "
                    f"{', '.join(f.kind for f in formats())})",
                    entry.value_span("format"),
                )
        for key in ("title", "source", "about"):
            if key in raw and not isinstance(raw[key], str):
                problem_at(
                    f"{key!r} must be a string, not {type_name(raw[key])}", entry.value_span(key)
                )
        duration = _capture_duration(raw.get("duration"))
        if isinstance(duration, str):
            problem_at(duration, entry.value_span("duration"))
            duration = None
        captures.append(
            Capture(
                path=capture_path,
                format=kind,
                title=_opt_str(raw.get("title")),
                source=_opt_str(raw.get("source")),
                about=_opt_str(raw.get("about")),
                span=entry.value_span("path"),
                duration_seconds=duration,
            )
        )
    anchor = corpus.get("anchor_year")
    if anchor is not None and (not isinstance(anchor, int) or isinstance(anchor, bool)):
        problem_at(
            f"'anchor_year' must be an integer, not {type_name(anchor)}",
            where.value_span("anchor_year"),
        )
        anchor = None
    elif anchor is not None and anchor not in _YEARS:
        problem_at(
            f"'anchor_year' {anchor} is not a year (1 to 9999)", where.value_span("anchor_year")
        )
        anchor = None
    themes: list[tuple[str, tuple[str, ...]]] = []
    raw_themes = corpus.get("themes", {})
    if not isinstance(raw_themes, dict):
        problem_at(
            f"'themes' must be a table ([corpus.themes]), not {type_name(raw_themes)}",
            where.key_span("themes"),
        )
        raw_themes = {}
    for name, tags in raw_themes.items():
        if not name.strip():
            problem_at("a theme's name must not be empty", where.key_span("themes", name))
        elif not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            problem_at(
                f"theme {name!r} must be an array of tags (strings), not {type_name(tags)}",
                where.value_span("themes", name),
            )
        elif not all(t.strip() for t in tags):
            empty = next(n for n, t in enumerate(tags) if not t.strip())
            problem_at(f"theme {name!r} has an empty tag", where.value_span("themes", name, empty))
        else:
            themes.append((name, tuple(tags)))
    empty_allowed = corpus.get("allow_empty", False)
    if not isinstance(empty_allowed, bool):
        problem_at(
            f"'allow_empty' must be true or false, not {type_name(empty_allowed)}",
            where.value_span("allow_empty"),
        )
    elif "captures" in corpus and not isinstance(corpus["captures"], list):
        pass  # reported above
    elif not raw_captures and not (empty_allowed or allow_empty):
        problem_at(
            "the corpus lists no captures ([[corpus.captures]] tables), so there is nothing "
            "to read; add captures, or set allow_empty = true if an empty corpus is intended",
            where.value_span("captures") if "captures" in corpus else where.key_span(),
        )
    files = {key: text_value(key, a_path=True) for key in _FILE_KEYS}
    config = CorpusConfig(
        root=Path(os.path.realpath(path.parent)),
        name=text_value("name", required=True, one_line=True) or "",
        title=text_value("title", one_line=True) or "",
        description=text_value("description") or "",
        captures=tuple(captures),
        metadata=files["metadata"],
        glossary=files["glossary"],
        vocabulary=files["vocabulary"],
        citekeys=files["citekeys"],
        bibliography=files["bibliography"],
        csl=files["csl"],
        anchor_year=anchor,
        themes=tuple(themes),
        spans=tuple((key, where.value_span(key)) for key in _FILE_KEYS if files[key]),
        lines=top.lines,
    )
    problems.extend(_check_captures(config, where))
    problems.extend(_check_outputs(config, path, where))
    if not allow_outside:
        problems.extend(_confine(config, where))
    if problems:
        raise ConfigError(sorted(problems, key=lambda d: (d.span.line, d.span.column)))
    return config


def _config_text(path: Path, shown: str) -> tuple[str | None, Diagnostic | None]:
    """The configuration's text (a byte-order mark dropped), or why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        message = f"cannot read the corpus configuration: {reason}"
        return None, Diagnostic(Code.CONFIG, message, SourceSpan(shown, 1))
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        message = (
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); the configuration was not read"
        )
        return None, Diagnostic(Code.CONFIG, message, SourceSpan(shown, line, column))


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset`` in UTF-8 ``data``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def _check_captures(config: CorpusConfig, where: TomlLocator) -> list[Diagnostic]:
    """A capture listed twice (or two paths of one file) is an error at the second."""
    problems: list[Diagnostic] = []
    seen: dict[Path, Capture] = {}
    for capture in config.captures:
        resolved = config.path(capture.path)
        first = seen.get(resolved)
        if first is None:
            seen[resolved] = capture
            continue
        line = first.span.line if first.span else 1
        said = (
            f"is listed twice (first at line {line})"
            if first.path == capture.path
            else f"is the same file as the capture {first.path!r} at line {line}"
        )
        span = capture.span or SourceSpan(where.path, 1)
        problems.append(where.diagnostic(Code.CONFIG, f"capture {capture.path!r} {said}", span))
    return problems


_OUTPUT_KEYS = ("bibliography", "csl", "citekeys")
"""Keys of the files that ``feedcite bib`` and ``feedcite csl`` write."""


def _check_outputs(config: CorpusConfig, path: Path, where: TomlLocator) -> list[Diagnostic]:
    """An output that is a folder, one of the inputs, or another output is an error.

    Writing it would fail, or overwrite a capture, a side file, the configuration itself
    or the other bibliography.
    """
    problems: list[Diagnostic] = []
    inputs: dict[Path, str] = {Path(os.path.realpath(path)): "the configuration itself"}
    for capture in config.captures:
        inputs.setdefault(config.path(capture.path), f"the capture {capture.path!r}")
    files = dict(config.named_files())
    for key, value in files.items():
        if key not in _OUTPUT_KEYS:
            inputs.setdefault(config.path(value), f"the {key!r} file")
    written: dict[Path, str] = {}
    for key in _OUTPUT_KEYS:
        if key not in files:
            continue
        target = config.path(files[key])
        clash = inputs.get(target) or written.get(target)
        if target.is_dir():
            clash = "a folder"
        if clash is not None:
            span = config.span(key) or SourceSpan(where.path, 1)
            message = f"{key!r} names {clash}, which it would overwrite"
            if clash == "a folder":
                message = f"{key!r} names a folder, not a file"
            problems.append(where.diagnostic(Code.CONFIG, message, span))
        written.setdefault(target, f"the {key!r} file")
    return problems


def _confine(config: CorpusConfig, where: TomlLocator) -> list[Diagnostic]:
    """Every path outside the configuration's folder (symbolic links followed) is an error."""
    named: list[tuple[str, str, SourceSpan | None]] = [
        ("capture", c.path, c.span) for c in config.captures
    ]
    named += [(f"the {key!r} file", value, config.span(key)) for key, value in config.named_files()]
    problems: list[Diagnostic] = []
    for what, value, span in named:
        written = Path(os.path.normpath(config.root / value))
        resolved = config.path(value)
        if resolved.is_relative_to(config.root):
            continue
        if written.is_relative_to(config.root):
            how = (
                f"is a symbolic link that leads outside the configuration's folder (to {resolved})"
            )
        else:
            how = "is outside the configuration's folder"
        problems.append(
            where.diagnostic(
                Code.CONFIG,
                f"{what} {value!r} {how}; --allow-outside permits it",
                span or SourceSpan(where.path, 1),
            )
        )
    return problems


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _capture_duration(value: object) -> int | str | None:
    """A capture's ``duration`` in seconds, ``None`` if absent, or what is wrong with it."""
    if value is None:
        return None
    expected = f"a time H:MM:SS or M:SS, or seconds, of at most {MAX_HOURS} hours"
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return f"'duration' must be {expected}, not {type_name(value)}"
    if isinstance(value, int):
        seconds: int | None = value if 0 < value <= MAX_HOURS * 3600 else None
    else:
        seconds = parse_time(value)
    if not seconds:
        shown = repr(value) if len(str(value)) <= 40 else "the value"
        return f"'duration' must be {expected}; {shown} is not"
    return seconds


_DISPLAY_ROOT: contextvars.ContextVar[Path | None] = contextvars.ContextVar(
    "feedcite_display_root", default=None
)


@contextlib.contextmanager
def paths_relative_to(root: Path) -> Iterator[None]:
    """Name the files read in this block relative to ``root`` instead of the current folder.

    A site shows its documents' paths: relative to the project, they are the same wherever
    the build is run from (and never a local path).
    """
    token = _DISPLAY_ROOT.set(Path(os.path.realpath(root)))
    try:
        yield
    finally:
        _DISPLAY_ROOT.reset(token)


def _display(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it (for messages)."""
    root = _DISPLAY_ROOT.get() or Path.cwd().resolve()
    try:
        return str(Path(os.path.realpath(path)).relative_to(root))
    except ValueError:
        return str(path)


def _read(path: Path) -> tuple[bytes | None, Diagnostic | None]:
    try:
        return path.read_bytes(), None
    except OSError as error:
        reason = error.strerror or str(error)
        return None, Diagnostic(
            Code.FILE_UNREADABLE, f"cannot read the file: {reason}", SourceSpan(_display(path), 1)
        )


def read_documents(
    paths: Sequence[tuple[Path, str | None]], *, strict: bool = False
) -> tuple[list[DocumentRecord], list[Diagnostic]]:
    """Read and parse ``paths``; unreadable files become diagnostics.

    A file is read once: a path given again, or a file with the same bytes as one read
    before (a capture saved twice), is left out with a warning (``file-duplicate``)
    naming the first, so the corpus does not have its documents twice.
    """
    documents: list[DocumentRecord] = []
    problems: list[Diagnostic] = []
    errors: list[Diagnostic] = []
    seen_paths: dict[str, str] = {}
    seen_bytes: dict[bytes, str] = {}
    for path, kind in paths:
        shown = _display(path)
        real = os.path.realpath(path)
        first = seen_paths.get(real)
        if first is not None:
            message = f"this file is given more than once (first as {first}); it is read once"
            problems.append(_duplicate(message, shown))
            continue
        data, problem = _read(path)
        if problem is not None:
            problems.append(problem)
            continue
        assert data is not None
        seen_paths[real] = shown
        digest = hashlib.sha256(data).digest()
        first = seen_bytes.setdefault(digest, shown)
        if first != shown:
            message = (
                f"the same bytes as {first}: a capture saved twice; it is read once "
                "(remove one of the two files)"
            )
            problems.append(_duplicate(message, shown))
            continue
        try:
            documents.append(parse_document(data, shown, kind=kind, strict=strict))
        except ParseErrors as group:
            errors.extend(group.diagnostics)
    if strict and (errors or problems):
        raise ParseErrors.from_diagnostics("the corpus", [*problems, *errors])
    return documents, problems


def _duplicate(message: str, shown: str) -> Diagnostic:
    return Diagnostic(Code.FILE_DUPLICATE, message, SourceSpan(shown, 1), Severity.WARNING)


def read_context(config: CorpusConfig, *, anchor_year: int | None = None) -> Context:
    """The enrichment context of a configuration: curated metadata, vocabulary, ledger.

    A file the configuration names but that cannot be read or parsed becomes a diagnostic
    in :attr:`~feedcite.Context.diagnostics` (reported with the corpus's), never a silent default.
    """
    from feedcite.glossary_file import parse_glossary_file

    problems: list[Diagnostic] = []

    def usable(key: str, value: str, *, may_be_missing: bool = False) -> Path | None:
        """The file named by ``key``, or ``None`` when it is missing (said at the key)."""
        path = config.path(value)
        reason = _not_a_file(path)
        span = config.span(key)
        if reason is None or span is None or (may_be_missing and not path.exists()):
            return path  # a configuration made in code: reading the file reports it
        message = f"cannot read the {key!r} file {value!r}: {reason}"
        problems.append(config.diagnostic(Code.FILE_UNREADABLE, message, span))
        return None

    curation: Curation | None = None
    if config.metadata and (path := usable("metadata", config.metadata)):
        text, shown = _read_text(path, problems)
        curation = parse_works(text, shown) if text is not None else None
    tag_file = TagFile("")
    if config.vocabulary and (path := usable("vocabulary", config.vocabulary)):
        tag_file = _read_vocabulary(path, problems)
    ledger = Ledger()
    if config.citekeys and (path := usable("citekeys", config.citekeys, may_be_missing=True)):
        ledger = _read_ledger(path, problems)
    glossary = None
    if config.glossary and (path := usable("glossary", config.glossary)):
        text, shown = _read_text(path, problems)
        glossary = parse_glossary_file(text, shown) if text is not None else None
    return Context(
        curation=curation,
        glossary=glossary,
        vocabulary=tag_file.vocabulary,
        tag_aliases=tag_file.aliases,
        tag_distinct=tag_file.distinct,
        anchor_year=anchor_year if anchor_year is not None else config.anchor_year,
        subject=config.name or None,
        citekeys=ledger.keys,
        retired_citekeys=tuple(key for key, _ in ledger.retired),
        diagnostics=tuple(problems),
        durations=tuple(
            (_display(config.path(c.path)), float(c.duration_seconds))
            for c in config.captures
            if c.duration_seconds
        ),
    )


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file, when that shows without reading it."""
    if path.is_dir():
        return "it is a folder, not a file"
    if not path.exists():
        return "a symbolic link loop" if path.is_symlink() else "no such file"
    return None


def _read_captures(
    config: CorpusConfig, strict: bool
) -> tuple[list[DocumentRecord], list[Diagnostic]]:
    """Parse the captures; one that is missing is an error where the configuration names it."""
    missing: list[Diagnostic] = []
    paths: list[tuple[Path, str | None]] = []
    for capture in config.captures:
        path = config.path(capture.path)
        reason = _not_a_file(path)
        if reason is not None and capture.span is not None:
            message = f"cannot read capture {capture.path!r}: {reason}"
            missing.append(config.diagnostic(Code.FILE_UNREADABLE, message, capture.span))
        else:
            paths.append((path, capture.format))
    try:
        documents, problems = read_documents(paths, strict=strict)
    except ParseErrors as group:
        raise ParseErrors.from_diagnostics("the corpus", [*missing, *group.diagnostics]) from None
    return documents, [*missing, *problems]


def _read_text(path: Path, problems: list[Diagnostic]) -> tuple[str | None, str]:
    """The UTF-8 text of a configuration-side file, or ``None`` with a diagnostic."""
    data, problem = _read(path)
    shown = _display(path)
    if problem is not None:
        problems.append(problem)
        return None, shown
    assert data is not None
    try:
        return data.decode("utf-8-sig"), shown
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.append(
            Diagnostic(
                Code.FILE_ENCODING,
                f"not valid UTF-8 (byte 0x{data[error.start]:02x}); the file was not used",
                SourceSpan(shown, line, column),
            )
        )
        return None, shown


def _read_toml_table(path: Path, key: str, problems: list[Diagnostic]) -> tuple[object, str]:
    text, shown = _read_text(path, problems)
    if text is None:
        return None, shown
    parsed, diagnostics = load_toml(text, shown)
    problems.extend(diagnostics)
    return (parsed.get(key) if not diagnostics else None), shown


def _read_vocabulary(path: Path, problems: list[Diagnostic]) -> TagFile:
    """The tag file: vocabulary, aliases, tags kept apart (see :mod:`feedcite.tag_file`)."""
    text, shown = _read_text(path, problems)
    if text is None:
        return TagFile(shown)
    tag_file = parse_tag_file(text, shown)
    problems.extend(tag_file.diagnostics)
    return tag_file


def read_ledger(path: Path | str) -> Ledger:
    """The citation-key ledger at ``path`` (empty if there is none yet).

    Raises:
        ConfigError: The ledger exists but cannot be read, or has errors (each located).
    """
    problems: list[Diagnostic] = []
    ledger = _read_ledger(Path(path), problems)
    if problems:
        raise ConfigError(problems)
    return ledger


def _read_ledger(path: Path, problems: list[Diagnostic]) -> Ledger:
    """The ledger at ``path``; its problems (located errors) are added to ``problems``."""
    from feedcite.enrich.citekeys import parse_ledger

    if not path.exists():
        return Ledger()  # no key handed out yet: the first `feedcite bib` writes it
    text, shown = _read_text(path, problems)
    if text is None:
        return Ledger()
    ledger = parse_ledger(text, shown)
    problems.extend(ledger.diagnostics)
    return ledger


def load_corpus(
    config: Path | str | CorpusConfig | None = None,
    *,
    strict: bool = False,
    anchor_year: int | None = None,
    steps: Sequence[Step] | None = None,
    allow_outside: bool = False,
    allow_empty: bool = False,
) -> Corpus:
    """Load and enrich a corpus from its configuration.

    Args:
        config: A configuration, its path, or ``None`` to find ``refs/corpus.toml``
            (see :func:`~feedcite.corpus.find_config`).
        strict: Raise every error together instead of recording them.
        anchor_year: Year of the newest feed item (overrides the configuration's).
        steps: Enrichment steps (default: the full pipeline).
        allow_outside: Accept paths outside the configuration's folder (see
            :func:`~feedcite.corpus.read_config`); ignored when ``config`` is a
            :class:`~feedcite.corpus.CorpusConfig`, which was checked when it was read.
        allow_empty: Accept a configuration that lists no captures.

    Raises:
        ConfigError: No configuration was found, or it is invalid.
        ParseErrors: In strict mode, every error of every document.
    """
    if not isinstance(config, CorpusConfig):
        found = Path(config) if config is not None else find_config()
        if found is None:
            raise ConfigError(
                [
                    Diagnostic(
                        Code.CONFIG,
                        "no corpus configuration found (refs/corpus.toml here or above, or "
                        "$FEEDCITE_CORPUS); give files to read instead",
                        SourceSpan(".", 1),
                    )
                ]
            )
        config = read_config(found, allow_outside=allow_outside, allow_empty=allow_empty)
    documents, problems = _read_captures(config, strict)
    context = read_context(config, anchor_year=anchor_year)
    return _finish(documents, problems, context, strict, steps)


def load_paths(
    paths: Sequence[Path | str],
    *,
    metadata: Path | str | None = None,
    strict: bool = False,
    anchor_year: int | None = None,
    kind: str | None = None,
    steps: Sequence[Step] | None = None,
    context: Context | None = None,
    durations: Mapping[str, float] | None = None,
) -> Corpus:
    """Load and enrich the documents at ``paths`` (formats detected unless ``kind`` is given).

    Args:
        paths: The documents.
        metadata: A curated-metadata file to apply, if any.
        strict: Raise every error together instead of recording them.
        anchor_year: Year of the newest feed item.
        kind: Force this format for every path.
        steps: Enrichment steps (default: the full pipeline).
        context: A complete enrichment context (for example a corpus's, from
            :func:`~feedcite.corpus.read_context`); ``metadata`` and ``anchor_year`` are
            then ignored.
        durations: Episode durations in seconds for transcripts among ``paths`` (path as
            given -> seconds), used before any from the context or the curated metadata.
    """
    documents, problems = read_documents([(Path(p), kind) for p in paths], strict=strict)
    if context is None:
        found: list[Diagnostic] = []
        curation = None
        if metadata is not None:
            text, shown = _read_text(Path(metadata), found)
            curation = parse_works(text, shown) if text is not None else None
        context = Context(curation=curation, anchor_year=anchor_year, diagnostics=tuple(found))
    if durations:
        given = {_display(Path(p)): float(d) for p, d in durations.items()}
        kept = tuple((p, d) for p, d in context.durations if p not in given)
        context = replace(context, durations=(*kept, *sorted(given.items())))
    return _finish(documents, problems, context, strict, steps)


def _finish(
    documents: list[DocumentRecord],
    problems: list[Diagnostic],
    context: Context,
    strict: bool,
    steps: Sequence[Step] | None,
) -> Corpus:
    parsed = [d for doc in documents for d in doc.diagnostics]
    found = [*problems, *context.diagnostics, *parsed]
    corpus = Corpus(documents=tuple(documents), diagnostics=tuple(found))
    corpus = enrich(corpus, context, steps)
    # Reported file by file, in reading order: stable, so equal places keep pipeline order.
    order = {document.path: n for n, document in enumerate(corpus.documents)}
    ordered = sorted(
        corpus.diagnostics,
        key=lambda d: (order.get(d.span.path, -1), d.span.path, d.span.line, d.span.column),
    )
    corpus = replace(corpus, diagnostics=tuple(ordered))
    if strict and corpus.errors:
        raise ParseErrors.from_diagnostics("the corpus", corpus.errors)
    return corpus


def warn_severity(diagnostics: Sequence[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Only the warnings of ``diagnostics``."""
    return tuple(d for d in diagnostics if d.severity is Severity.WARNING)
