"""The ``feedcite`` command line.

Exit status: 0 when the input is clean (warnings allowed), 1 when an input has errors
(every error is printed as ``file:line:column`` with the offending line), 2 for usage
errors (bad options, no corpus configuration); ``--check`` exits 1 when the file on disk
is stale (and says so).
Nothing is printed as a Python traceback: an unexpected failure is reported in one line
with exit status 70.

Without ``-v`` only errors are printed, and the warnings whose code is in
:data:`SHOWN_WITHOUT_VERBOSE` (those that say a result rests on a guess the user can
replace with a fact, such as an episode duration estimated from the text); the others are
counted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from feedcite import __version__
from feedcite.corpus import (
    ConfigError,
    CorpusConfig,
    find_config,
    load_corpus,
    load_paths,
    read_config,
    read_context,
)
from feedcite.curated import CuratedWork
from feedcite.enrich.citekeys import Ledger
from feedcite.enrich.context import Context
from feedcite.errors import Code, Diagnostic, ParseErrors
from feedcite.model import Corpus, FeedItem
from feedcite.parsers import formats
from feedcite.parsers.transcript import MAX_HOURS, parse_time

__all__ = ["SHOWN_WITHOUT_VERBOSE", "main"]

SHOWN_WITHOUT_VERBOSE = frozenset({Code.TRANSCRIPT_DURATION})
"""Warnings printed even without ``-v``: a result rests on an estimate the user can replace
(for a transcript with no known duration: which work it is linked to, or that it is linked
to none, and the speech rate fitted instead)."""

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_STALE = 1  # as the bibliography issue specifies: a stale file fails like bad input
EXIT_INTERNAL = 70


class _UsageError(Exception):
    """A usage error, reported with exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="feedcite",
        description="Parse captured research feeds, transcripts, notes, summaries and reviews; "
        "write JSON, BibTeX and CSL-JSON.",
        epilog="With no PATH, commands read the bundled corpus (refs/corpus.toml here or above, "
        "or $FEEDCITE_CORPUS). Exit status: 0 clean, 1 input errors or a stale file "
        "(--check), 2 usage.",
    )
    parser.add_argument("--version", action="version", version=f"feedcite {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def inputs(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "paths",
            nargs="*",
            metavar="PATH",
            help="documents to read (default: the bundled corpus)",
        )
        sub.add_argument(
            "--corpus", metavar="CONFIG", help="corpus configuration (default: refs/corpus.toml)"
        )
        sub.add_argument(
            "--metadata",
            metavar="FILE",
            help="curated metadata to apply to PATHs "
            "(default: the corpus's, when the PATHs are its captures)",
        )
        sub.add_argument("--no-metadata", action="store_true", help="apply no curated metadata")
        sub.add_argument(
            "--format",
            choices=[f.kind for f in formats()],
            help="format of every PATH (default: detected from the content)",
        )
        sub.add_argument(
            "--anchor-year", type=int, metavar="YEAR", help="year of the newest feed item"
        )
        sub.add_argument(
            "--strict",
            action="store_true",
            help="fail on the first document with errors, listing all",
        )
        sub.add_argument(
            "-v", "--verbose", action="store_true", help="print warnings, not only errors"
        )
        sub.add_argument(
            "--allow-outside",
            action="store_true",
            help="let the corpus configuration name captures, files and outputs outside its "
            "folder (refused by default, symbolic links followed)",
        )
        sub.add_argument(
            "--allow-empty",
            action="store_true",
            help="accept a corpus configuration that lists no captures",
        )
        sub.add_argument(
            "--example",
            action="store_true",
            help="read the example corpus that ships with feedcite (Dario Amodei) instead of "
            "refs/corpus.toml; its files are never written",
        )

    parse = commands.add_parser(
        "parse",
        help="print the corpus as JSON",
        description="Parse documents (or the bundled corpus) and print them as JSON: "
        '{"schema", "documents", "works", "links", "glossary", "errors", "warnings"}.',
    )
    inputs(parse)
    parse.add_argument(
        "--duration",
        type=_duration,
        metavar="TIME",
        help="the episode's duration (H:MM:SS, M:SS or seconds) for the transcript PATH, "
        "used to align its chapters instead of any curated one or an estimate",
    )
    parse.add_argument(
        "-o", "--output", metavar="FILE", help="write the JSON here instead of standard output"
    )
    parse.add_argument(
        "--indent",
        type=int,
        metavar="N",
        help="indent the JSON by N spaces (default: 2 on a terminal; otherwise compact, "
        "on one line, which is faster)",
    )
    parse.set_defaults(run=_run_parse)

    tags = commands.add_parser(
        "tags",
        help="show how each tag line was split",
        description="Show each feed item's tags with the splitter's confidence and "
        "runner-up split.",
    )
    inputs(tags)
    tags.add_argument(
        "--uncertain", action="store_true", help="only items split with confidence below 0.8"
    )
    tags.set_defaults(run=_run_tags)

    for name, what, suffix in (("bib", "BibTeX", ".bib"), ("csl", "CSL-JSON", ".json")):
        sub = commands.add_parser(
            name,
            help=f"write the {what} bibliography",
            description=f"Write the {what} bibliography of the corpus (default: the corpus's "
            f"{suffix} file in refs/; '-o -' for standard output) and keep its citation keys "
            "in the key ledger. Files are replaced atomically, the ledger first. --check exits "
            "1 when a file on disk differs from what would be written.",
        )
        inputs(sub)
        sub.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help=f"output file, or - (default: the corpus's {suffix}); never one of the inputs",
        )
        sub.add_argument(
            "--citekeys",
            metavar="FILE",
            help="citation-key ledger to keep keys stable across runs: read, and updated with "
            "every new key (default: the corpus's citekeys.toml for the bundled corpus)",
        )
        sub.add_argument(
            "--check", action="store_true", help="do not write; exit 1 if a file is stale"
        )
        if name == "bib":
            sub.add_argument(
                "--biblatex",
                action="store_true",
                help="write the biblatex flavour (@online, eprinttype, date; for biber) "
                "instead of the BibTeX one (needs -o)",
            )
            sub.add_argument(
                "--unicode",
                action="store_true",
                help="keep every character as it is (CJK, Greek, Cyrillic...), for biber with "
                "XeLaTeX or LuaLaTeX; by default what pdflatex with T1 fonts cannot typeset is "
                "written with accent macros or transliterated (needs -o)",
            )
        sub.set_defaults(run=_run_bib if name == "bib" else _run_csl)

    init = commands.add_parser(
        "init",
        help="make a new project (corpus and site) from captures",
        description="Make a new project in DIR: refs/corpus.toml listing the CAPTUREs (copied "
        "into refs/captures/, formats detected), starter works.toml and glossary.toml, and a "
        "Sphinx site in docs/ that 'feedcite site DIR' builds. Nothing existing is overwritten.",
    )
    init.add_argument("folder", metavar="DIR", help="the project folder (made if missing)")
    init.add_argument("captures", nargs="*", metavar="CAPTURE", help="captured documents")
    init.add_argument(
        "--name",
        help="who the corpus is about (default: the person a feed's header names); "
        "'Family, Given' says which word of the header's name is the family name",
    )
    init.add_argument(
        "--anchor-year", type=int, metavar="YEAR", help="year of the newest feed item"
    )
    init.add_argument(
        "--example",
        action="store_true",
        help="make the project from the example corpus that ships with feedcite",
    )
    init.set_defaults(run=_run_init)

    add = commands.add_parser(
        "add",
        help="add captures to a project",
        description="Copy CAPTUREs into the project's refs/captures/ and list them in its "
        "refs/corpus.toml (formats detected; the file keeps its comments).",
    )
    add.add_argument("folder", metavar="DIR", help="the project folder (holding refs/corpus.toml)")
    add.add_argument("captures", nargs="+", metavar="CAPTURE", help="captured documents")
    add.set_defaults(run=_run_add)

    match = commands.add_parser(
        "match",
        help="propose works.toml entries from your own library",
        description="Match the corpus's feed items to the entries of LIBRARY (a BibTeX or "
        "CSL-JSON export from Zotero, Google Scholar or arXiv) and add an entry to the "
        "corpus's works.toml for each clear match, with its evidence and confidence, for you "
        "to review. Ambiguous matches are listed, never applied; items that already have an "
        "entry are left alone; the file keeps what it has.",
    )
    match.add_argument("library", metavar="LIBRARY", help="a .bib or CSL-JSON .json file")
    match.add_argument(
        "--corpus", metavar="CONFIG", help="corpus configuration (default: refs/corpus.toml)"
    )
    match.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the entries here ('-' for standard output) instead of adding them to the "
        "corpus's works.toml",
    )
    match.add_argument("--example", action="store_true", help="match the example corpus (needs -o)")
    match.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list the feed items that no library entry matches",
    )
    match.set_defaults(run=_run_match, paths=[], allow_outside=False, allow_empty=False)

    site = commands.add_parser(
        "site",
        help="build a project's site",
        description="Build the Sphinx site of the project in DIR (DIR/docs into "
        "DIR/docs/_build/html), warnings as errors; the same as "
        "'sphinx-build -W --keep-going -q -b html DIR/docs DIR/docs/_build/html'.",
    )
    site.add_argument("folder", nargs="?", default=".", metavar="DIR", help="default: here")
    site.add_argument(
        "-o", "--output", metavar="FOLDER", help="where the HTML goes (default: docs/_build/html)"
    )
    site.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="print every warning about the captures after the build, not only those that "
        "are always printed",
    )
    site.set_defaults(run=_run_site)
    return parser


def _duration(text: str) -> int:
    seconds = parse_time(text)
    if not seconds:
        raise argparse.ArgumentTypeError(
            f"not a duration H:MM:SS, M:SS or seconds of at most {MAX_HOURS} hours: "
            f"{text[:40]!r}{'…' if len(text) > 40 else ''}"
        )
    return seconds


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if (
        extra
        and getattr(args, "captures", None) is not None
        and not any(e.startswith("-") for e in extra)
    ):
        # CAPTUREs after an option (`init DIR --name N a.txt b.txt`): argparse leaves them.
        args.captures = [*args.captures, *extra]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except _UsageError as error:
        print(f"feedcite: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ConfigError as error:
        _print_diagnostics(error.diagnostics, sys.stderr)
        return EXIT_USAGE
    except ParseErrors as group:
        _print_diagnostics(group.diagnostics, sys.stderr)
        print(f"feedcite: {group.message} (strict mode)", file=sys.stderr)
        return EXIT_INPUT
    except OSError as error:
        print(f"feedcite: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        print(
            f"feedcite: internal error ({type(error).__name__}: {error}); please report it",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


# ---------------------------------------------------------------------------- loading


def _config(args: argparse.Namespace) -> CorpusConfig | None:
    found = Path(args.corpus) if args.corpus else find_config()
    if args.example:
        from feedcite.project import ProjectError, example_config

        if args.corpus:
            raise _UsageError("--example and --corpus name two corpora; give one")
        try:
            found = example_config()
        except ProjectError as error:
            raise _UsageError(str(error)) from None
    if found is None:
        return None
    # With PATHs, the configuration only lends its side files: no captures is no problem.
    empty = args.allow_empty or bool(args.paths)
    return read_config(found, allow_outside=args.allow_outside, allow_empty=empty)


def load(args: argparse.Namespace) -> tuple[Corpus, CorpusConfig | None]:
    """The corpus the arguments ask for, and its configuration if there is one."""
    kind: str | None = args.format
    if args.anchor_year is not None and not 1 <= args.anchor_year <= 9999:
        raise _UsageError(f"--anchor-year {args.anchor_year} is not a year (1 to 9999)")
    duration: int | None = getattr(args, "duration", None)
    durations = {p: float(duration) for p in args.paths} if duration else None
    if duration and not args.paths:
        raise _UsageError("--duration needs the transcript PATH it is the duration of")
    if not args.paths:
        config = _config(args)
        if config is None:
            raise _UsageError(
                "no PATH given and no corpus configuration found (refs/corpus.toml here or "
                "above, or $FEEDCITE_CORPUS); 'feedcite init DIR CAPTURE...' makes one, and "
                "--example reads the example corpus that ships with feedcite"
            )
        corpus = load_corpus(config, strict=args.strict, anchor_year=args.anchor_year, steps=None)
        if args.no_metadata:
            raise _UsageError(
                "--no-metadata needs PATHs (the bundled corpus always uses its metadata)"
            )
        return corpus, config
    for path in args.paths:
        if not Path(path).exists():
            raise _UsageError(f"{path}: no such file")
    if args.metadata or args.no_metadata:
        corpus = load_paths(
            args.paths,
            metadata=None if args.no_metadata else args.metadata,
            strict=args.strict,
            anchor_year=args.anchor_year,
            kind=kind,
            durations=durations,
        )
        return corpus, None
    config = _config(args) if not args.corpus or Path(args.corpus).exists() else None
    if config is not None and _inside(config, args.paths):
        # The files are captures of a corpus: use its curated metadata and vocabulary.
        context = read_context(config, anchor_year=args.anchor_year)
        context = _without_others(context, config, args.paths, kind)
        corpus = load_paths(
            args.paths, strict=args.strict, kind=kind, context=context, durations=durations
        )
        return corpus, config
    corpus = load_paths(
        args.paths,
        strict=args.strict,
        anchor_year=args.anchor_year,
        kind=kind,
        durations=durations,
    )
    return corpus, None


def _inside(config: CorpusConfig, paths: Sequence[str]) -> bool:
    captures = {config.path(c.path) for c in config.captures}
    return any(Path(os.path.realpath(p)) in captures for p in paths)


def _without_others(
    context: Context, config: CorpusConfig, paths: Sequence[str], kind: str | None
) -> Context:
    """The context without what the side files say about captures that are not read.

    When some of a corpus's captures are read on their own, a curated entry whose ``match``
    rule selects an item of another capture (and none of these) describes a document that is
    not read this time, so it is left out (no ``meta-no-match`` error); so are the glossary
    file's annotations of terms that only another capture's notes define, and related works
    that only other captures hold. An entry or annotation that names nothing anywhere is
    still reported.
    """
    from dataclasses import replace

    given = {Path(os.path.realpath(p)) for p in paths}
    here = _Known()
    elsewhere = _Known()
    for capture in config.captures:
        path = config.path(capture.path)
        if path not in given:
            elsewhere.add(path, capture.format)
    for path in sorted(given):
        here.add(path, kind)
    curation = context.curation
    if curation is not None:
        kept = tuple(
            e for e in curation.works if e.match is None or here.has(e) or not elsewhere.has(e)
        )
        dropped = {e.id for e in curation.works} - {e.id for e in kept}
        elsewhere.works.update(dropped)
        here.works.update(e.id for e in kept)
        if dropped:
            context = replace(context, curation=replace(curation, works=kept))
    glossary = context.glossary
    if glossary is not None:
        absent = elsewhere.works - here.works

        def related(works: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(w for w in works if w not in absent)

        annotations = tuple(
            replace(a, related_works=related(a.related_works))
            for a in glossary.annotations
            if a.term.casefold() in here.terms or a.term.casefold() not in elsewhere.terms
        )
        terms = tuple(replace(t, related_works=related(t.related_works)) for t in glossary.terms)
        context = replace(context, glossary=replace(glossary, annotations=annotations, terms=terms))
    return context


class _Known:
    """What some captures hold that side files refer to: feed items, notes terms, work ids."""

    def __init__(self) -> None:
        self.by_date: dict[tuple[str, int, int], list[FeedItem]] = {}
        self.works: set[str] = set()
        self.terms: set[str] = set()

    def add(self, path: Path, kind: str | None) -> None:
        """Read the feed items or glossary terms of ``path`` (nothing if it cannot be read)."""
        from feedcite.enrich.works import item_key
        from feedcite.model import Feed, Notes
        from feedcite.parsers import detect_format, parse_document

        try:
            data = path.read_bytes()
        except OSError:
            return  # reported when the corpus is read
        if kind is None:
            kind = detect_format(data.decode("utf-8", "replace").splitlines())
        if kind not in ("feed", "notes"):
            return
        document = parse_document(data, str(path), kind=kind)
        if isinstance(document, Feed):
            for item in document.items:
                at = (item.kind.casefold(), item.month, item.day)
                self.by_date.setdefault(at, []).append(item)
                self.works.add(item_key(item))
        elif isinstance(document, Notes):
            for entry in document.glossary:
                self.terms.update(t.casefold() for t in (entry.short, entry.expansion) if t)

    def has(self, entry: CuratedWork) -> bool:
        """Whether ``entry``'s match rule selects one of the feed items."""
        from feedcite.enrich.metadata import item_matches

        rule = entry.match
        if rule is None:
            return False
        if rule.item is not None:
            return rule.item in self.works
        bucket = self.by_date.get(((rule.kind or "").casefold(), rule.month or 0, rule.day or 0))
        return any(item_matches(rule, item) for item in bucket or ())


def _report(corpus: Corpus, verbose: bool) -> int:
    """Print errors (and warnings with -v) to stderr; return the exit status.

    Without -v, the warnings in SHOWN_WITHOUT_VERBOSE are printed too; the others are counted.
    """
    shown = [
        d for d in corpus.diagnostics if verbose or d.is_error or d.code in SHOWN_WITHOUT_VERBOSE
    ]
    _print_diagnostics(shown, sys.stderr)
    hidden = sum(1 for d in corpus.warnings if d.code not in SHOWN_WITHOUT_VERBOSE)
    if hidden and not verbose:
        more = "more " if len(corpus.warnings) > hidden else ""
        print(f"feedcite: {hidden} {more}warning(s); -v shows them", file=sys.stderr)
    if corpus.errors:
        print(f"feedcite: {len(corpus.errors)} error(s) in the input", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def _print_diagnostics(diagnostics: Sequence[Diagnostic], stream: TextIO) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=stream)


def _write(text: str, output: str | None) -> None:
    """Write ``text`` to ``output`` (atomically), or to standard output for ``-``/``None``."""
    from feedcite._atomic import write_text

    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_text(output, text)


# ---------------------------------------------------------------------------- commands


def _run_parse(args: argparse.Namespace) -> int:
    from feedcite.export.jsonexport import write_json

    corpus, _ = load(args)
    if args.output is None or args.output == "-":
        indent = args.indent if args.indent is not None else (2 if sys.stdout.isatty() else None)
        write_json(corpus, sys.stdout, indent=indent)
        sys.stdout.flush()
    else:
        with open(args.output, "w", encoding="utf-8", newline="\n") as stream:
            write_json(corpus, stream, indent=args.indent)
    return _report(corpus, args.verbose)


def _run_tags(args: argparse.Namespace) -> int:
    corpus, _ = load(args)
    for work in corpus.works:
        split = work.tag_split
        if work.item is None or split is None:
            continue
        if args.uncertain and split.confidence >= 0.8:
            continue
        item = work.item
        print(
            f"{item.tag_span.path}:{item.tag_span.line}: "
            f"{item.kind} / {item.handle} / {item.date_label}"
        )
        print(f"  line:       {item.tag_line}")
        print(f"  tags:       {' | '.join(split.tags)}")
        print(f"  confidence: {split.confidence:.3f}")
        runner = " | ".join(split.runner_up) if split.runner_up else "(none)"
        print(f"  runner-up:  {runner}")
    return _report(corpus, args.verbose)


def _stale_or_write(files: Sequence[tuple[Path, str]], args: argparse.Namespace) -> int:
    """With ``--check``, exit 1 if any of ``files`` differs; else write them all together."""
    from feedcite._atomic import write_files

    if args.check:
        stale = 0
        for path, text in files:
            current = path.read_bytes() if path.exists() else None
            if current != text.encode("utf-8"):
                print(
                    f"feedcite: {path} is stale; run 'feedcite {args.command}' to update it",
                    file=sys.stderr,
                )
                stale = EXIT_STALE
        return stale
    write_files(files)
    return EXIT_OK


def _inputs(args: argparse.Namespace, config: CorpusConfig | None) -> set[Path]:
    """Every file the command reads (an output must be none of them)."""
    found = {Path(p).resolve() for p in args.paths}
    if config is not None:
        found.update(config.files())
        found.add(config.path(".") / "corpus.toml")
    for option in (args.metadata, args.corpus):
        if option:
            found.add(Path(option).resolve())
    return found


def _bibliography_target(
    args: argparse.Namespace, config: CorpusConfig | None, default: str | None
) -> Path | None:
    """The output file, ``None`` for standard output; refuses an input as the output."""
    if args.output == "-":
        return None
    if args.output:
        target = Path(args.output)
    elif config is not None and default and not args.paths:
        if args.example and not args.check:
            raise _UsageError(
                "the example corpus's files are never written; give -o FILE (or -o - for "
                "standard output)"
            )
        target = config.path(default)
    elif args.check:
        raise _UsageError("--check needs a file to compare with (-o FILE or the corpus's default)")
    else:
        return None
    if target.resolve() in _inputs(args, config) or (
        args.citekeys and target.resolve() == Path(args.citekeys).resolve()
    ):
        raise _UsageError(f"{target} is an input of this command; give another -o FILE")
    return target


def _ledger_path(args: argparse.Namespace, config: CorpusConfig | None) -> Path | None:
    if args.citekeys:
        return Path(args.citekeys)
    if config is not None and config.citekeys and not args.paths:
        return config.path(config.citekeys)
    return None


def _with_ledger(
    corpus: Corpus, args: argparse.Namespace, path: Path | None
) -> tuple[Corpus, Ledger | None]:
    """The corpus with keys from the ledger at ``path``, the ledger, and its problems."""
    from dataclasses import replace

    from feedcite.enrich.citekeys import Ledger, assign_citekeys, parse_ledger
    from feedcite.enrich.context import Context

    if path is None:
        return corpus, None
    if not path.exists():
        ledger = Ledger()
    else:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _UsageError(f"{path}: the key ledger is not valid UTF-8") from None
        ledger = parse_ledger(text, str(path) if args.citekeys else _shown(path))
    if args.citekeys:
        # A plain run's keys were made without a ledger: make them again with this one.
        context = Context(
            citekeys=ledger.keys, retired_citekeys=tuple(k for k, _ in ledger.retired)
        )
        corpus = assign_citekeys(corpus, context)
        corpus = replace(corpus, diagnostics=(*corpus.diagnostics, *ledger.diagnostics))
    return corpus, ledger


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _ledger_update(
    corpus: Corpus, ledger: Ledger, path: Path, args: argparse.Namespace
) -> tuple[str, list[Diagnostic]]:
    """The ledger's new text, and a warning for each key kept for a work not loaded."""
    from feedcite.enrich.citekeys import ledger_text
    from feedcite.errors import Code, Severity
    from feedcite.model import SourceSpan

    loaded = {w.id: w.citekey for w in corpus.works}
    # A key that a loaded work now has under another id (curated metadata gave it one) is
    # recorded under that id only.
    in_force = set(loaded.values())
    kept = {i: k for i, k in ledger.keys if i not in loaded and k not in in_force}
    lines = dict(ledger.lines)
    shown = str(path) if args.citekeys else _shown(path)
    unused = [
        Diagnostic(
            Code.BIB_KEY,
            f"key {key!r} of work {work_id!r} is kept in the ledger, but no work {work_id!r} "
            "was loaded this time (it failed to load or was removed); to give up the key, "
            "move its line to [retired]",
            SourceSpan(shown, lines.get(work_id, 1)),
            Severity.WARNING,
        )
        for work_id, key in sorted(kept.items())
    ]
    return ledger_text(loaded, kept, ledger.retired), unused


def _empty_over_entries(path: Path | None, text: str, count: int, *, json_file: bool) -> bool:
    """Whether writing ``text`` (with ``count`` entries) would replace entries by none."""
    import re

    if path is None or count or not path.exists():
        return False
    try:
        current = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if json_file:
        return current.strip() not in ("", "[]")
    return re.search(r"^\s*@\w+\s*\{", current, re.MULTILINE) is not None


def _run_bibliography(args: argparse.Namespace, *, csl: bool) -> int:
    from feedcite.export.biblatex import write_biblatex
    from feedcite.export.bibtex import BibOptions, untypeset_warnings, write_bibtex
    from feedcite.export.csljson import dumps_csl

    biblatex = bool(getattr(args, "biblatex", False))
    unicode = bool(getattr(args, "unicode", False))
    if biblatex and not args.output:
        raise _UsageError("--biblatex needs -o FILE (or -o -): the corpus's .bib is the BibTeX one")
    if unicode and not args.output:
        raise _UsageError(
            "--unicode needs -o FILE (or -o -): the corpus's .bib is the one pdflatex can compile"
        )
    corpus, config = load(args)
    default = (config.csl if csl else config.bibliography) if config else None
    target = _bibliography_target(args, config, default)
    ledger_path = _ledger_path(args, config)
    if ledger_path is not None and target is not None and ledger_path.resolve() == target.resolve():
        raise _UsageError(f"{target} is the key ledger; give another -o FILE")
    corpus, ledger = _with_ledger(corpus, args, ledger_path)
    ledger_errors = ledger is not None and any(d.is_error for d in ledger.diagnostics)
    if ledger is not None and ledger_path is not None and not args.citekeys:
        ledger_errors = any(
            d.is_error and Path(d.span.path).resolve() == ledger_path.resolve()
            for d in corpus.diagnostics
        )
    if csl:
        text = dumps_csl(corpus)
    else:
        if not unicode:
            corpus = replace_diagnostics(corpus, untypeset_warnings(corpus))
        command = " ".join(
            ["bib", *(["--biblatex"] if biblatex else []), *(["--unicode"] if unicode else [])]
        )
        options = BibOptions(header=_generated_header(config, command), unicode=unicode)
        if biblatex:
            retired: dict[str, list[str]] = {}
            for key, work_id in ledger.retired if ledger else ():
                retired.setdefault(work_id, []).append(key)
            text = write_biblatex(corpus, options, retired)
        else:
            text = write_bibtex(corpus, options)
    files: list[tuple[Path, str]] = []
    if ledger is not None and ledger_path is not None:
        ledger_new, unused = _ledger_update(corpus, ledger, ledger_path, args)
        corpus = replace_diagnostics(corpus, unused)
        if not args.example or args.citekeys:  # the example's ledger is read, never written
            files.append((ledger_path, ledger_new))
    if ledger_errors and not args.check:
        status = _report(corpus, args.verbose)
        print(
            f"feedcite: the key ledger {ledger_path} has errors; nothing was written "
            "(fix them, then run the command again)",
            file=sys.stderr,
        )
        return status or EXIT_INPUT
    if _empty_over_entries(target, text, len(corpus.works), json_file=csl):
        status = _report(corpus, args.verbose)
        print(
            f"feedcite: {target} has entries and the corpus has no work; refusing to replace "
            "it with an empty bibliography (delete it first to write an empty one)",
            file=sys.stderr,
        )
        return status or EXIT_INPUT
    if target is None:
        if not args.check:
            _write(text, "-")
    else:
        files.append((target, text))
    status = _stale_or_write(files, args) if files else EXIT_OK
    report = _report(corpus, args.verbose)
    return status or report


def _run_init(args: argparse.Namespace) -> int:
    from feedcite.project import ProjectError, init_example, init_project

    if args.anchor_year is not None and not 1 <= args.anchor_year <= 9999:
        raise _UsageError(f"--anchor-year {args.anchor_year} is not a year (1 to 9999)")
    folder = Path(args.folder)
    try:
        if args.example:
            if args.captures or args.name or args.anchor_year is not None:
                raise _UsageError("--example takes no CAPTURE, --name or --anchor-year")
            written = init_example(folder)
        else:
            written = init_project(
                folder, args.captures, name=args.name, anchor_year=args.anchor_year
            )
    except ProjectError as error:
        raise _UsageError(str(error)) from None
    captures = sum(1 for p in written if p.parent.name == "captures")
    print(f"feedcite: made a project in {folder} ({len(written)} files, {captures} captures)")
    print(f"  build its site:        feedcite site {_quoted(folder)}")
    print(
        f"  add real titles from your library:  cd {_quoted(folder)} && feedcite match LIBRARY.bib"
    )
    return EXIT_OK


def _quoted(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def _project_config(folder: Path) -> Path:
    config = folder / "refs" / "corpus.toml"
    if not config.is_file():
        raise _UsageError(
            f"{folder} is not a feedcite project (no refs/corpus.toml); "
            "'feedcite init DIR CAPTURE...' makes one"
        )
    return config


def _run_add(args: argparse.Namespace) -> int:
    from feedcite.project import ProjectError, add_captures

    config = _project_config(Path(args.folder))
    try:
        written = add_captures(config, args.captures)
    except ProjectError as error:
        raise _UsageError(str(error)) from None
    added = [p for p in written if p != config]
    print(f"feedcite: added {len(added)} capture(s) to {config}")
    return EXIT_OK


def _run_match(args: argparse.Namespace) -> int:
    from feedcite.curated import parse_works
    from feedcite.library import read_library
    from feedcite.match import match_works, works_toml
    from feedcite.model import Feed

    config = _config(args)
    if config is None:
        raise _UsageError(
            "no corpus configuration found (refs/corpus.toml here or above); run the command "
            "in a project, or give --corpus"
        )
    if args.output is None and (args.example or not config.metadata):
        why = "the example corpus is never written" if args.example else "it names no metadata"
        raise _UsageError(f"give -o FILE: {why}")
    library_path = Path(args.library)
    try:
        data = library_path.read_bytes()
    except OSError as error:
        raise _UsageError(f"{library_path}: {error.strerror or error}") from None
    library = read_library(data, str(library_path))
    _print_diagnostics(library.diagnostics, sys.stderr)
    corpus = load_corpus(config)
    target = Path(args.output) if args.output and args.output != "-" else None
    if args.output is None:
        assert config.metadata is not None
        target = config.path(config.metadata)
    existing = ""
    if target is not None and target.exists():
        existing = target.read_text(encoding="utf-8")
    curation = parse_works(existing, str(target)) if existing else None
    # Items that have an entry in the corpus's works.toml (or in the file written to) are done.
    curated = {e.id for e in curation.works} if curation else set()
    own = read_context(config).curation
    curated |= {e.id for e in own.works} if own else set()
    feeds = [d for d in corpus.documents if isinstance(d, Feed)]
    items = [item for feed in feeds for item in feed.items]
    todo = [w for w in corpus.works if w.item is not None and w.id not in curated]
    subject = next((f.subject for f in feeds if f.subject), None) or config.name
    if "," in config.name:  # "Family, Given" says which word is the family name
        subject = config.name
    found = match_works(todo, library.entries, subject=subject)
    text = works_toml(found, items, library=library_path.name, taken_ids=curated)
    for ambiguity in found.ambiguities:
        item = ambiguity.item
        print(
            f"{item.span.path}:{item.span.line}: ambiguous, not applied: {item.kind} / "
            f"{item.handle} / {item.date_label}: {ambiguity.reason}",
            file=sys.stderr,
        )
        for candidate in ambiguity.candidates:
            entry = candidate.entry
            print(
                f"    {candidate.confidence:.2f} {entry.key} ({entry.span}): "
                f"{'; '.join(candidate.evidence)}",
                file=sys.stderr,
            )
    header = (
        f"# Proposed by 'feedcite match {library_path.name}': review each entry (its notes "
        "give the confidence and the evidence).\n\n"
    )
    if existing:
        new = existing.rstrip("\n") + "\n\n" + header + text if found.proposals else existing
    else:
        new = header + text
    before = len(curation.diagnostics) if curation else 0
    after = parse_works(new, str(target or "-"))
    if len(after.diagnostics) > before:  # never write a works.toml that reads worse
        _print_diagnostics(after.diagnostics, sys.stderr)
        raise RuntimeError("the proposed entries do not read back as valid metadata")
    if target is None:
        sys.stdout.write(text)
    elif new != existing:
        _write(new, str(target))
    if args.verbose:
        for _, item in found.unmatched:
            print(
                f"{item.span.path}:{item.span.line}: not in the library: {item.kind} / "
                f"{item.handle} / {item.date_label}: {_opening(item.summary)}",
                file=sys.stderr,
            )
    skipped = sum(1 for w in corpus.works if w.item is not None and w.id in curated)
    where = "standard output" if target is None else str(target)
    print(
        f"feedcite: {len(found.proposals)} entr{'y' if len(found.proposals) == 1 else 'ies'} "
        f"proposed ({where}), {len(found.ambiguities)} ambiguous (listed, not applied), "
        f"{len(found.unmatched)} item(s) not in the library"
        f"{' (-v lists them)' if found.unmatched and not args.verbose else ''}, {skipped} "
        f"item(s) already had an entry; {len(library.entries)} library entries read",
        file=sys.stderr,
    )
    return EXIT_INPUT if library.diagnostics else EXIT_OK


def _opening(text: str, words: int = 12) -> str:
    """The first ``words`` words of ``text`` (with an ellipsis if there are more)."""
    found = text.split()
    return " ".join(found[:words]) + (" …" if len(found) > words else "")


def _report_captures(config_path: Path, verbose: bool) -> None:
    """Print the warnings about a project's captures as ``parse`` does.

    A quiet Sphinx build shows only the captures' errors (as its warnings). These are the
    warnings always printed (all with -v), and how many others there are.
    """
    try:
        corpus = load_corpus(read_config(config_path), steps=None)
    except (OSError, ValueError):
        return  # the build has reported what is wrong with the configuration
    warnings = [d for d in corpus.warnings if verbose or d.code in SHOWN_WITHOUT_VERBOSE]
    _print_diagnostics(warnings, sys.stderr)
    hidden = len(corpus.warnings) - len(warnings)
    if hidden:
        more = "more " if warnings else ""
        print(
            f"feedcite: {hidden} {more}warning(s) about the captures; -v shows them",
            file=sys.stderr,
        )


def _run_site(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    config = _project_config(folder)
    docs = folder / "docs"
    if not (docs / "conf.py").is_file():
        raise _UsageError(f"{folder} has no site (no docs/conf.py); 'feedcite init' makes one")
    try:
        from sphinx.cmd.build import build_main
    except ImportError:
        raise _UsageError(
            "feedcite site needs Sphinx and the extension's dependencies: "
            "pip install 'feedcite[sphinx]'"
        ) from None
    output = Path(args.output) if args.output else docs / "_build" / "html"
    status = build_main(["-W", "--keep-going", "-q", "-b", "html", str(docs), str(output)])
    _report_captures(config, args.verbose)
    if status == 1:
        # Warnings are errors, but the build went on (``--keep-going``): every page is
        # written, with the problems, which is what a reader needs to know.
        print(
            f"feedcite: the site is in {output / 'index.html'}, but with the problems listed "
            "above (warnings are errors: fix them for a clean build)",
            file=sys.stderr,
        )
        return EXIT_INPUT
    if status:
        print(f"feedcite: the site of {folder} did not build (see above)", file=sys.stderr)
        return EXIT_INPUT
    print(f"feedcite: the site is in {output / 'index.html'}")
    return EXIT_OK


def replace_diagnostics(corpus: Corpus, extra: Sequence[Diagnostic]) -> Corpus:
    """``corpus`` with ``extra`` diagnostics added."""
    from dataclasses import replace

    return replace(corpus, diagnostics=(*corpus.diagnostics, *extra)) if extra else corpus


def _run_bib(args: argparse.Namespace) -> int:
    return _run_bibliography(args, csl=False)


def _run_csl(args: argparse.Namespace) -> int:
    return _run_bibliography(args, csl=True)


def _generated_header(config: CorpusConfig | None, command: str) -> str:
    name = f" for the {config.name} corpus" if config and config.name else ""
    return (
        f"Generated by feedcite{name} with 'feedcite {command}'. Do not edit by hand: edit the "
        "captures and refs/works.toml, then run the command again."
    )


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
