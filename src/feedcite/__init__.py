"""feedcite: captured research documents as typed objects, BibTeX and a Sphinx site.

The public surface, re-exported here:

* loading: :func:`load_corpus` (a corpus configuration such as ``refs/corpus.toml``),
  :func:`load_paths` (files given directly);
* parsing one document: :func:`parse_document` (format detected) or the per-format
  :func:`parse_feed`, :func:`parse_transcript`, :func:`parse_notes`,
  :func:`parse_summary`, :func:`parse_review`;
* enrichment: :func:`enrich`, :func:`default_pipeline`, :class:`Context`;
* writing: :func:`to_json`, :func:`write_bibtex`, :func:`to_csl`;
* the model (:mod:`feedcite.model`) and diagnostics (:class:`ParseError`,
  :class:`ParseErrors`, :class:`Diagnostic`, :class:`Code`, :class:`Severity`).

Example::

    import feedcite

    corpus = feedcite.load_corpus("refs/corpus.toml")
    for work in corpus.works:
        print(work.citekey, work.year, work.title, work.tags)
"""

from __future__ import annotations

__version__ = "0.1.0"

from feedcite.corpus import ConfigError, load_corpus, load_paths
from feedcite.enrich.context import Context
from feedcite.enrich.pipeline import default_pipeline, enrich
from feedcite.errors import Code, Diagnostic, ParseError, ParseErrors, Severity
from feedcite.export.bibtex import write_bibtex
from feedcite.export.csljson import to_csl
from feedcite.export.jsonexport import to_json
from feedcite.model import (
    Alignment,
    Chapter,
    Corpus,
    Creator,
    Document,
    DocumentKind,
    Feed,
    FeedItem,
    Link,
    Notes,
    Paragraph,
    ReviewPage,
    SkippedItem,
    SourceSpan,
    SummaryPage,
    TagSplit,
    Term,
    Transcript,
    Work,
    YearSource,
)
from feedcite.parsers import (
    detect_format,
    parse_document,
    parse_feed,
    parse_notes,
    parse_review,
    parse_summary,
    parse_transcript,
)

__all__ = [
    "Alignment",
    "Chapter",
    "Code",
    "ConfigError",
    "Context",
    "Corpus",
    "Creator",
    "Diagnostic",
    "Document",
    "DocumentKind",
    "Feed",
    "FeedItem",
    "Link",
    "Notes",
    "Paragraph",
    "ParseError",
    "ParseErrors",
    "ReviewPage",
    "Severity",
    "SkippedItem",
    "SourceSpan",
    "SummaryPage",
    "TagSplit",
    "Term",
    "Transcript",
    "Work",
    "YearSource",
    "__version__",
    "default_pipeline",
    "detect_format",
    "enrich",
    "load_corpus",
    "load_paths",
    "parse_document",
    "parse_feed",
    "parse_notes",
    "parse_review",
    "parse_summary",
    "parse_transcript",
    "to_csl",
    "to_json",
    "write_bibtex",
]
