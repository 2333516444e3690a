"""Loading a corpus: the thin layer that reads files and hands them to the parsers.

A *corpus configuration* (``refs/corpus.toml``) lists the captured documents and the
curated files beside them. :func:`load_corpus` reads it, parses every document, and runs
the enrichment pipeline; :func:`load_paths` does the same for files given directly.
This module and the command line are the only places that touch the file system.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from feedcite._toml import TomlLocator, load_toml, type_name
from feedcite.curated import Curation, parse_works
from feedcite.enrich.context import Context, Step
from feedcite.enrich.pipeline import enrich
from feedcite.errors import Code, Diagnostic, ParseErrors, Severity
from feedcite.model import Corpus, DocumentRecord, SourceSpan
from feedcite.parsers import format_for, formats, parse_document

__all__ = [
    "CONFIG_NAME",
    "Capture",
    "ConfigError",
    "CorpusConfig",
    "find_config",
    "load_corpus",
    "load_paths",
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
    """

    path: str
    format: str | None = None
    title: str | None = None
    source: str | None = None
    about: str | None = None


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

    def path(self, relative: str) -> Path:
        """A path of the configuration, made absolute."""
        return (self.root / relative).resolve()

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
}
_CAPTURE_KEYS = {"path", "format", "title", "source", "about"}


def read_config(path: Path | str) -> CorpusConfig:
    """Read and validate a corpus configuration; :class:`ConfigError` if it is unusable."""
    path = Path(path)
    shown = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(
            [
                Diagnostic(
                    Code.CONFIG,
                    f"cannot read the corpus configuration: {error}",
                    SourceSpan(shown, 1),
                )
            ]
        ) from None
    data, diagnostics = load_toml(text, shown)
    if diagnostics:
        raise ConfigError(diagnostics)
    where = TomlLocator.of(text, shown)
    corpus = data.get("corpus")
    if not isinstance(corpus, dict):
        raise ConfigError(
            [where.diagnostic(Code.CONFIG, "no [corpus] table", SourceSpan(shown, 1))]
        )
    start = next((n for n, line in enumerate(where.lines, 1) if line.strip() == "[corpus]"), 1)
    problems: list[Diagnostic] = []
    for key in corpus:
        if key not in _CONFIG_KEYS:
            problems.append(
                where.diagnostic(
                    Code.CONFIG, f"unknown key {key!r} in [corpus]", where.key(start, key)
                )
            )

    def text_value(key: str, required: bool = False) -> str | None:
        value = corpus.get(key)
        if value is None:
            if required:
                problems.append(
                    where.diagnostic(
                        Code.CONFIG, f"[corpus] needs {key!r}", SourceSpan(shown, start)
                    )
                )
            return None
        if not isinstance(value, str):
            problems.append(
                where.diagnostic(
                    Code.CONFIG,
                    f"{key!r} must be a string, not {type_name(value)}",
                    where.key(start, key),
                )
            )
            return None
        return value

    captures: list[Capture] = []
    raw_captures = corpus.get("captures", [])
    capture_starts = where.entries("corpus.captures")
    for index, raw in enumerate(raw_captures if isinstance(raw_captures, list) else []):
        line = capture_starts[index] if index < len(capture_starts) else start
        if not isinstance(raw, dict) or not isinstance(raw.get("path"), str):
            problems.append(
                where.diagnostic(
                    Code.CONFIG, "each capture needs a 'path' string", SourceSpan(shown, line)
                )
            )
            continue
        for key in raw:
            if key not in _CAPTURE_KEYS:
                problems.append(
                    where.diagnostic(
                        Code.CONFIG, f"unknown key {key!r} in a capture", where.key(line, key)
                    )
                )
        fmt = raw.get("format")
        kind: str | None = None
        if fmt is not None:
            if isinstance(fmt, str) and format_for(fmt) is not None:
                kind = fmt
            else:
                problems.append(
                    where.diagnostic(
                        Code.CONFIG,
                        f"unknown format {fmt!r} (expected one of "
                        f"{', '.join(f.kind for f in formats())})",
                        where.key(line, "format"),
                    )
                )
        captures.append(
            Capture(
                path=raw["path"],
                format=kind,
                title=_opt_str(raw.get("title")),
                source=_opt_str(raw.get("source")),
                about=_opt_str(raw.get("about")),
            )
        )
    anchor = corpus.get("anchor_year")
    if anchor is not None and (not isinstance(anchor, int) or isinstance(anchor, bool)):
        problems.append(
            where.diagnostic(
                Code.CONFIG, "'anchor_year' must be an integer", where.key(start, "anchor_year")
            )
        )
        anchor = None
    themes: list[tuple[str, tuple[str, ...]]] = []
    raw_themes = corpus.get("themes", {})
    if not isinstance(raw_themes, dict):
        problems.append(
            where.diagnostic(Code.CONFIG, "'themes' must be a table", where.key(start, "themes"))
        )
        raw_themes = {}
    for name, tags in raw_themes.items():
        if isinstance(tags, list) and all(isinstance(t, str) for t in tags):
            themes.append((name, tuple(tags)))
        else:
            problems.append(
                where.diagnostic(
                    Code.CONFIG,
                    f"theme {name!r} must be an array of tags",
                    SourceSpan(shown, start),
                )
            )
    config = CorpusConfig(
        root=path.parent.resolve(),
        name=text_value("name", required=True) or "",
        title=text_value("title") or "",
        description=text_value("description") or "",
        captures=tuple(captures),
        metadata=text_value("metadata"),
        glossary=text_value("glossary"),
        vocabulary=text_value("vocabulary"),
        citekeys=text_value("citekeys"),
        bibliography=text_value("bibliography"),
        csl=text_value("csl"),
        anchor_year=anchor,
        themes=tuple(themes),
    )
    if problems:
        raise ConfigError(problems)
    return config


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _display(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it (for messages)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
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
    """Read and parse ``paths``; unreadable files become diagnostics."""
    documents: list[DocumentRecord] = []
    problems: list[Diagnostic] = []
    errors: list[Diagnostic] = []
    for path, kind in paths:
        data, problem = _read(path)
        if problem is not None:
            problems.append(problem)
            continue
        assert data is not None
        try:
            documents.append(parse_document(data, _display(path), kind=kind, strict=strict))
        except ParseErrors as group:
            errors.extend(group.diagnostics)
    if strict and (errors or problems):
        raise ParseErrors.from_diagnostics("the corpus", [*problems, *errors])
    return documents, problems


def read_context(config: CorpusConfig, *, anchor_year: int | None = None) -> Context:
    """The enrichment context of a configuration: curated metadata, vocabulary, ledger.

    A file the configuration names but that cannot be read or parsed becomes a diagnostic
    in :attr:`~feedcite.Context.diagnostics` (reported with the corpus's), never a silent default.
    """
    from feedcite.glossary_file import parse_glossary_file

    problems: list[Diagnostic] = []
    curation: Curation | None = None
    if config.metadata:
        text, shown = _read_text(config.path(config.metadata), problems)
        curation = parse_works(text, shown) if text is not None else None
    vocabulary: frozenset[str] = frozenset()
    if config.vocabulary:
        vocabulary = _read_vocabulary(config.path(config.vocabulary), problems)
    ledger: tuple[tuple[str, str], ...] = ()
    if config.citekeys:
        ledger = _read_ledger(config.path(config.citekeys), problems)
    glossary = None
    if config.glossary:
        text, shown = _read_text(config.path(config.glossary), problems)
        glossary = parse_glossary_file(text, shown) if text is not None else None
    return Context(
        curation=curation,
        glossary=glossary,
        vocabulary=vocabulary,
        anchor_year=anchor_year if anchor_year is not None else config.anchor_year,
        citekeys=ledger,
        diagnostics=tuple(problems),
    )


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


def _read_vocabulary(path: Path, problems: list[Diagnostic]) -> frozenset[str]:
    tags, shown = _read_toml_table(path, "tags", problems)
    if tags is None:
        return frozenset()
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.append(
            Diagnostic(
                Code.CONFIG,
                "'tags' must be a list of strings; the vocabulary was not used",
                SourceSpan(shown, 1),
            )
        )
        return frozenset()
    return frozenset(t.strip().lower() for t in tags if t.strip())


def read_ledger(path: Path) -> tuple[tuple[str, str], ...]:
    """The citation-key ledger: ``(work id, key)`` pairs (empty if there is none yet).

    Raises:
        ConfigError: The ledger exists but cannot be read.
    """
    problems: list[Diagnostic] = []
    ledger = _read_ledger(path, problems)
    if problems:
        raise ConfigError(problems)
    return ledger


def _read_ledger(path: Path, problems: list[Diagnostic]) -> tuple[tuple[str, str], ...]:
    if not path.exists():
        return ()  # no key handed out yet: the first `feedcite bib` writes it
    keys, shown = _read_toml_table(path, "keys", problems)
    if keys is None:
        return ()
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        problems.append(
            Diagnostic(
                Code.CONFIG,
                "'keys' must be a table of work id = \"key\"; the ledger was not used, so "
                "citation keys may change",
                SourceSpan(shown, 1),
            )
        )
        return ()
    return tuple(sorted(keys.items()))


def load_corpus(
    config: Path | str | CorpusConfig | None = None,
    *,
    strict: bool = False,
    anchor_year: int | None = None,
    steps: Sequence[Step] | None = None,
) -> Corpus:
    """Load and enrich a corpus from its configuration.

    Args:
        config: A configuration, its path, or ``None`` to find ``refs/corpus.toml``
            (see :func:`~feedcite.corpus.find_config`).
        strict: Raise every error together instead of recording them.
        anchor_year: Year of the newest feed item (overrides the configuration's).
        steps: Enrichment steps (default: the full pipeline).

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
        config = read_config(found)
    paths = [(config.path(c.path), c.format) for c in config.captures]
    documents, problems = read_documents(paths, strict=strict)
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
    """
    documents, problems = read_documents([(Path(p), kind) for p in paths], strict=strict)
    if context is None:
        found: list[Diagnostic] = []
        curation = None
        if metadata is not None:
            text, shown = _read_text(Path(metadata), found)
            curation = parse_works(text, shown) if text is not None else None
        context = Context(curation=curation, anchor_year=anchor_year, diagnostics=tuple(found))
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
