"""The review-page format: a label, a title, paragraphs, a navigation trailer.

Layout (blank lines separate blocks)::

    label        e.g. "YouTube Review"
    title
    paragraph+   running text; sentences such as "It belongs beside A, B, and C." name
                 related topics
    trailer      e.g. "Return to YouTube"

Navigation lines are set aside as :class:`~feedcite.model.Boilerplate` by the patterns
of :data:`BOILERPLATE`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import (
    Boilerplate,
    Corpus,
    DocumentHead,
    DocumentKind,
    Location,
    Paragraph,
    ReviewPage,
    TextUnit,
)
from feedcite.parsers._format import Format
from feedcite.parsers._text import (
    BoilerplateRules,
    SourceText,
    boilerplate_rule,
    normalize_space,
)

__all__ = ["BOILERPLATE", "FORMAT", "parse_review", "related_topics"]

BOILERPLATE: BoilerplateRules = (
    ("navigation", re.compile(r"^(?:Return|Back|Go back) to \S.{0,40}$", re.I)),
    ("share", re.compile(r"^(?:Share|Share this review|Copy link)$", re.I)),
)
"""Named patterns of navigation lines (matched against whole paragraphs)."""

_LABEL_RE = re.compile(r"^\S.{0,40}\bReview$", re.I)
_BESIDE_RE = re.compile(
    r"\bbelongs? (?:beside|alongside|next to|with)\s+(?P<list>[^.;]+)(?:[.;]|$)", re.I
)
_SPLIT_RE = re.compile(r",\s*(?:and\s+|or\s+)?|\s+and\s+")


def related_topics(paragraph: str) -> list[str]:
    """Topics named in "belongs beside A, B, and C" sentences of ``paragraph``, in order."""
    return _related(paragraph)[0]


def _related(paragraph: str) -> tuple[list[str], bool]:
    """The topics, and whether a list was left unfinished ("beside A, B, and")."""
    topics: list[str] = []
    unfinished = False
    for found in _BESIDE_RE.finditer(paragraph):
        parts = [part.strip() for part in _SPLIT_RE.split(found["list"])]
        if parts and parts[-1].casefold() in ("", "and", "or"):
            unfinished = True
            parts.pop()
        for topic in parts:
            if topic and topic not in topics:
                topics.append(topic)
    return topics, unfinished


def parse_review(
    source: str | bytes | SourceText, path: str = "<review>", *, strict: bool = False
) -> ReviewPage:
    """Parse a review page.

    Args:
        source: The page's text or bytes (or a decoded :class:`SourceText`).
        path: The file name used in diagnostics.
        strict: Raise every error together instead of recording them.
    """
    return FORMAT.parse(source, path, strict=strict)


def _read(text: SourceText) -> ReviewPage:
    diagnostics: list[Diagnostic] = list(text.diagnostics)
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in [*text.numbered(), (0, "")]:
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            blocks.append((start, normalize_space(" ".join(current))))
            current = []
    boilerplate: list[Boilerplate] = []
    kept: list[tuple[int, str]] = []
    for number, block in blocks:
        rule = boilerplate_rule(BOILERPLATE, block)
        if rule is not None:
            boilerplate.append(Boilerplate(block, rule, text.span(number, 1, len(block))))
        else:
            kept.append((number, block))
    label = None
    if kept and _LABEL_RE.match(kept[0][1]):
        label = kept.pop(0)[1]
    title = ""
    title_line = 1
    if kept and len(kept[0][1]) <= 200 and kept[0][1][-1] not in ".!?":
        title_line, title = kept.pop(0)
    else:
        diagnostics.append(
            text.diagnostic(
                Code.REVIEW_STRUCTURE, "the review has no title line", kept[0][0] if kept else 1
            )
        )
    paragraphs = tuple(
        Paragraph(i, block, text.span(number, 1, len(text.text(number))))
        for i, (number, block) in enumerate(kept)
    )
    if not paragraphs:
        diagnostics.append(
            text.diagnostic(Code.REVIEW_STRUCTURE, "the review has no paragraphs", title_line)
        )
    topics: list[str] = []
    for paragraph in paragraphs:
        found, unfinished = _related(paragraph.text)
        if unfinished:
            diagnostics.append(
                text.diagnostic(
                    Code.REVIEW_STRUCTURE,
                    "a list of related topics ('belongs beside A, B, and C') is unfinished; "
                    "the topics before the end were kept",
                    paragraph.span.line,
                    1,
                    paragraph.span.length,
                    severity=Severity.WARNING,
                )
            )
        for topic in found:
            if topic not in topics:
                topics.append(topic)
    return ReviewPage(
        path=text.path,
        label=label,
        title=title,
        paragraphs=paragraphs,
        related_topics=tuple(topics),
        boilerplate=tuple(boilerplate),
        diagnostics=tuple(diagnostics),
        span=text.span(title_line) if text.readable else None,
    )


# ---------------------------------------------------------------------------- the format


def detect(lines: Sequence[str]) -> int:
    """2 for a first line ending in "Review" or a last line "Return to ..."."""
    if lines[0].casefold().endswith("review") or lines[-1].casefold().startswith("return to "):
        return 2
    return 0


def units(page: ReviewPage, corpus: Corpus) -> Iterator[TextUnit]:
    """Each paragraph."""
    del corpus  # the page needs nothing else to be located
    for paragraph in page.paragraphs:
        location = Location(page.path, page.kind, paragraph=paragraph.index, span=paragraph.span)
        yield TextUnit(location, paragraph.text)


def identity(page: ReviewPage) -> DocumentHead:
    """The title and first paragraph; every paragraph as the body."""
    first = page.paragraphs[0].text if page.paragraphs else ""
    body = " ".join(p.text for p in page.paragraphs)
    return DocumentHead(page.title, f"{page.title} {first}", body)


FORMAT: Format[ReviewPage] = Format(
    kind=DocumentKind.REVIEW,
    label="Review",
    record=ReviewPage,
    detect=detect,
    read=_read,
    units=units,
    head=identity,
)
"""The review-page format."""
