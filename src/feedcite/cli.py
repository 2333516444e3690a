"""The ``feedcite`` command line.

Exit status: 0 when the input is clean (warnings allowed), 1 when an input has errors
(every error is printed as ``file:line:column`` with the offending line), 2 for usage
errors (bad options, no corpus configuration); ``--check`` exits 1 when the file on disk
is stale (and says so).
Nothing is printed as a Python traceback: an unexpected failure is reported in one line
with exit status 70.
"""

from __future__ import annotations

import argparse
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
from feedcite.errors import Diagnostic, ParseErrors
from feedcite.model import Corpus
from feedcite.parsers import formats

__all__ = ["main"]

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

    parse = commands.add_parser(
        "parse",
        help="print the corpus as JSON",
        description="Parse documents (or the bundled corpus) and print them as JSON: "
        '{"schema", "documents", "works", "links", "glossary", "errors", "warnings"}.',
    )
    inputs(parse)
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
            f"{suffix} file in refs/; '-o -' for standard output). --check exits 1 when the "
            "file on disk differs from what would be written.",
        )
        inputs(sub)
        sub.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help=f"output file, or - (default: the corpus's {suffix})",
        )
        sub.add_argument(
            "--check", action="store_true", help="do not write; exit 1 if the file is stale"
        )
        sub.set_defaults(run=_run_bib if name == "bib" else _run_csl)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
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
    if args.corpus:
        return read_config(args.corpus)
    found = find_config()
    return read_config(found) if found is not None else None


def load(args: argparse.Namespace) -> tuple[Corpus, CorpusConfig | None]:
    """The corpus the arguments ask for, and its configuration if there is one."""
    kind: str | None = args.format
    if not args.paths:
        config = _config(args)
        if config is None:
            raise _UsageError(
                "no PATH given and no corpus configuration found (refs/corpus.toml here or "
                "above, or $FEEDCITE_CORPUS)"
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
        )
        return corpus, None
    config = _config(args) if not args.corpus or Path(args.corpus).exists() else None
    if config is not None and _inside(config, args.paths):
        # The files are captures of a corpus: use its curated metadata and vocabulary.
        context = read_context(config, anchor_year=args.anchor_year)
        corpus = load_paths(args.paths, strict=args.strict, kind=kind, context=context)
        return corpus, config
    corpus = load_paths(args.paths, strict=args.strict, anchor_year=args.anchor_year, kind=kind)
    return corpus, None


def _inside(config: CorpusConfig, paths: Sequence[str]) -> bool:
    captures = {config.path(c.path) for c in config.captures}
    return any(Path(p).resolve() in captures for p in paths)


def _report(corpus: Corpus, verbose: bool) -> int:
    """Print errors (and warnings with -v) to stderr; return the exit status."""
    shown = corpus.diagnostics if verbose else corpus.errors
    _print_diagnostics(shown, sys.stderr)
    warnings = len(corpus.warnings)
    if warnings and not verbose:
        print(f"feedcite: {warnings} warning(s); -v shows them", file=sys.stderr)
    if corpus.errors:
        print(f"feedcite: {len(corpus.errors)} error(s) in the input", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def _print_diagnostics(diagnostics: Sequence[Diagnostic], stream: TextIO) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=stream)


def _write(text: str, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        Path(output).write_text(text, encoding="utf-8")


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


def _stale_or_write(text: str, args: argparse.Namespace, default: Path | None) -> int:
    target = args.output if args.output else (str(default) if default else "-")
    if args.check:
        if target == "-":
            raise _UsageError(
                "--check needs a file to compare with (-o FILE or the corpus's default)"
            )
        current = Path(target).read_text(encoding="utf-8") if Path(target).exists() else None
        if current != text:
            print(
                f"feedcite: {target} is stale; run 'feedcite {args.command}' to update it",
                file=sys.stderr,
            )
            return EXIT_STALE
        return EXIT_OK
    _write(text, target)
    return EXIT_OK


def _run_bib(args: argparse.Namespace) -> int:
    from feedcite.export.bibtex import BibOptions, write_bibtex

    corpus, config = load(args)
    header = _generated_header(config, "bib")
    text = write_bibtex(corpus, BibOptions(header=header))
    default = (
        config.path(config.bibliography)
        if config and config.bibliography and not args.paths
        else None
    )
    status = _stale_or_write(text, args, default)
    if status == EXIT_OK and not args.check and config is not None and not args.paths:
        status = _update_ledger(corpus, config, check=False)
    elif status == EXIT_OK and args.check and config is not None and not args.paths:
        status = _update_ledger(corpus, config, check=True)
    report = _report(corpus, args.verbose)
    return status or report


def _run_csl(args: argparse.Namespace) -> int:
    from feedcite.export.csljson import dumps_csl

    corpus, config = load(args)
    text = dumps_csl(corpus)
    default = config.path(config.csl) if config and config.csl and not args.paths else None
    status = _stale_or_write(text, args, default)
    report = _report(corpus, args.verbose)
    return status or report


def _generated_header(config: CorpusConfig | None, command: str) -> str:
    name = f" for the {config.name} corpus" if config and config.name else ""
    return (
        f"Generated by feedcite{name} with 'feedcite {command}'. Do not edit by hand: edit the "
        "captures and refs/works.toml, then run the command again."
    )


def _update_ledger(corpus: Corpus, config: CorpusConfig, *, check: bool) -> int:
    from feedcite.export.bibtex import ledger_text

    if not config.citekeys:
        return EXIT_OK
    path = config.path(config.citekeys)
    text = ledger_text(corpus)
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current == text:
        return EXIT_OK
    if check:
        print(f"feedcite: {path} is stale; run 'feedcite bib' to update it", file=sys.stderr)
        return EXIT_STALE
    path.write_text(text, encoding="utf-8")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
