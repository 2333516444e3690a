"""The summary-page format: an episode's summary, takeaways, quotes, questions and preview.

Layout (one item per line; blank lines are ignored)::

    title
    people              "Name (guest), Name (host)"
    intro               a paragraph
    headline            a short line
    summary             a paragraph
    "Key Takeaways"     then (heading, explanation) pairs
    "Notable Quotes"    then (quoted text, "— Speaker") pairs; doubled quote marks are normalised
    "Questions ..."     then questions, one per line
    "Transcript Preview" then lines of the transcript

Promotional lines left by the page's service ("Get the full analysis with ...",
"Install ...", "Add to Chrome", ...) are set aside as
:class:`~feedcite.model.Boilerplate` by the named patterns of :data:`BOILERPLATE`, as
are lines that only repeat the beginning of the summary (``summary-echo``).
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
    Line,
    Location,
    Quote,
    SummaryPage,
    Takeaway,
    TextUnit,
)
from feedcite.parsers._format import Format
from feedcite.parsers._text import (
    BoilerplateRules,
    SourceText,
    boilerplate_rule,
    normalize_space,
    strip_quotes,
)

__all__ = ["BOILERPLATE", "FORMAT", "parse_summary"]

BOILERPLATE: BoilerplateRules = (
    ("upsell-analysis", re.compile(r"^Get the full analysis\b.*$", re.I)),
    ("upsell-install", re.compile(r"^Install \S.*\bto\b.*$", re.I)),
    ("upsell-transcript", re.compile(r"^Get (?:the )?full transcript.*$", re.I)),
    ("upsell-pitch", re.compile(r"^.*\bFree forever\.?$", re.I)),
    ("upsell-more", re.compile(r"^Get more from every \w+\.?$", re.I)),
    (
        "browser-extension",
        re.compile(r"^Add to (?:Chrome|Firefox|Edge|Safari|Opera|Brave)\b.*$", re.I),
    ),
    ("sign-up", re.compile(r"^(?:Sign up|Log in|Subscribe)(?: (?:now|for free|free))?\.?$", re.I)),
)
"""Named patterns of promotional lines (matched against whole lines)."""

_SECTIONS = {
    "takeaways": re.compile(r"^Key Takeaways$", re.I),
    "quotes": re.compile(r"^Notable Quotes$", re.I),
    "questions": re.compile(r"^Questions(?: Answered)?\b.*$", re.I),
    "preview": re.compile(r"^Transcript Preview$", re.I),
}
_SECTION_TITLES = {
    "takeaways": "'Key Takeaways'",
    "quotes": "'Notable Quotes'",
    "questions": "'Questions Answered ...'",
}
#: ``Name (role), Name (role)``. Possessive quantifiers: a name cannot give its spaces back
#: to the separator, so a line that fails at its end (a final full stop) fails at once
#: instead of trying every way to share the spaces (exponential in the number of names).
_PEOPLE_RE = re.compile(r"^[^(),]++\([^()]++\)(?:\s*+,\s*+[^(),]++\([^()]++\))*+$")
_PERSON_RE = re.compile(r"\s*(?P<name>[^(),]+?)\s*\((?P<role>[^()]+)\)")
_ATTRIBUTION_RE = re.compile(r"^[—–-]\s*(?P<speaker>\S.*)$")
_QUOTE_START = "“\"„«‘'"
_HEADLINE_MAX = 140


def parse_summary(
    source: str | bytes | SourceText, path: str = "<summary>", *, strict: bool = False
) -> SummaryPage:
    """Parse a summary page.

    Args:
        source: The page's text or bytes (or a decoded :class:`SourceText`).
        path: The file name used in diagnostics.
        strict: Raise every error together instead of recording them.
    """
    return FORMAT.parse(source, path, strict=strict)


def _read(text: SourceText) -> SummaryPage:
    diagnostics: list[Diagnostic] = list(text.diagnostics)
    boilerplate: list[Boilerplate] = []
    parts: dict[str, list[tuple[int, str]]] = {"head": []}
    part = "head"
    for number, raw in text.numbered():
        line = normalize_space(raw)
        if not line:
            continue
        section = next((name for name, rx in _SECTIONS.items() if rx.match(line)), None)
        if section is not None and section not in parts:
            part = section
            parts[part] = []
            continue
        rule = boilerplate_rule(BOILERPLATE, line)
        if rule is not None:
            boilerplate.append(Boilerplate(line, rule, text.span(number, 1, len(line))))
            parts[part].append((number, ""))  # a separator between takeaways
            continue
        parts[part].append((number, line))

    title, people, intro, headline, summary = _head(text, parts["head"], diagnostics)
    for name in ("takeaways", "quotes", "questions"):
        if name not in parts:
            diagnostics.append(
                text.diagnostic(
                    Code.SUMMARY_STRUCTURE,
                    f"no {_SECTION_TITLES[name]} section",
                    1,
                    severity=Severity.WARNING,
                )
            )
    takeaways = _takeaways(text, parts.get("takeaways", []), diagnostics)
    quotes = _quotes(text, parts.get("quotes", []), diagnostics)
    questions = _questions(
        text, parts.get("questions", []), (intro, summary), boilerplate, diagnostics
    )
    preview = tuple(
        Line(line, text.span(number, 1, len(line)))
        for number, line in parts.get("preview", [])
        if line
    )
    return SummaryPage(
        path=text.path,
        title=title,
        people=people,
        intro=intro,
        headline=headline,
        summary=summary,
        takeaways=tuple(takeaways),
        quotes=tuple(quotes),
        questions=tuple(questions),
        preview=preview,
        boilerplate=tuple(boilerplate),
        diagnostics=tuple(diagnostics),
        span=text.span(parts["head"][0][0]) if parts["head"] else None,
    )


def _head(
    text: SourceText, lines: list[tuple[int, str]], diagnostics: list[Diagnostic]
) -> tuple[str, tuple[tuple[str, str | None], ...], str, str, str]:
    lines = [(n, line) for n, line in lines if line]
    if not lines:
        diagnostics.append(text.diagnostic(Code.SUMMARY_STRUCTURE, "the page has no title", 1))
        return "", (), "", "", ""
    title = lines[0][1]
    rest = lines[1:]
    people: tuple[tuple[str, str | None], ...] = ()
    if rest and _PEOPLE_RE.match(rest[0][1]):
        people = tuple(
            (found["name"].strip(), found["role"].strip().lower())
            for found in _PERSON_RE.finditer(rest[0][1])
        )
        rest = rest[1:]
    else:
        number, line = rest[0] if rest else lines[0]
        diagnostics.append(
            text.diagnostic(
                Code.SUMMARY_STRUCTURE,
                "no 'Name (guest), Name (host)' line after the title; the page names no people",
                number,
                1,
                len(line),
                severity=Severity.WARNING,
            )
        )
    texts = [line for _, line in rest]
    headline_at = next(
        (
            i
            for i, line in enumerate(texts)
            if i > 0 and len(line) <= _HEADLINE_MAX and line[-1] not in ".!?"
        ),
        None,
    )
    if headline_at is None:
        return title, people, texts[0] if texts else "", "", " ".join(texts[1:])
    intro = " ".join(texts[:headline_at])
    return title, people, intro, texts[headline_at], " ".join(texts[headline_at + 1 :])


_ECHO_RE = re.compile(r"^(?P<body>.{20,}?)\s*(?:\.\.\.|…)$")


def _is_echo(line: str, texts: tuple[str, ...]) -> bool:
    """Whether ``line`` ends in an ellipsis and only repeats a part of ``texts``."""
    found = _ECHO_RE.match(line)
    return found is not None and any(found["body"] in t for t in texts if t)


def _groups(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    groups: list[list[tuple[int, str]]] = [[]]
    for number, line in lines:
        if not line:
            if groups[-1]:
                groups.append([])
        else:
            groups[-1].append((number, line))
    return [g for g in groups if g]


def _takeaways(
    text: SourceText, lines: list[tuple[int, str]], diagnostics: list[Diagnostic]
) -> list[Takeaway]:
    found = _groups(lines)
    groups: list[list[tuple[int, str]]] = []
    for group in found:
        if len(group) > 2 and (len(found) == 1 or len(group) % 2 == 0):
            # Without the separator lines (on the whole page, or missing after some
            # takeaways) headings and explanations alternate.
            groups.extend(group[i : i + 2] for i in range(0, len(group), 2))
        else:
            groups.append(group)
    takeaways: list[Takeaway] = []
    for group in groups:
        (number, heading), *body = group
        if len(body) > 1:
            diagnostics.append(
                text.diagnostic(
                    Code.SUMMARY_STRUCTURE,
                    f"takeaway heading followed by {len(body)} lines: read as one explanation",
                    number,
                    1,
                    len(heading),
                    severity=Severity.WARNING,
                )
            )
        if not body:
            diagnostics.append(
                text.diagnostic(
                    Code.SUMMARY_STRUCTURE,
                    "takeaway has a heading but no explanation",
                    number,
                    1,
                    len(heading),
                    severity=Severity.WARNING,
                )
            )
        takeaways.append(
            Takeaway(
                heading, " ".join(line for _, line in body), text.span(number, 1, len(heading))
            )
        )
    return takeaways


def _quotes(
    text: SourceText, lines: list[tuple[int, str]], diagnostics: list[Diagnostic]
) -> list[Quote]:
    quotes: list[Quote] = []
    for number, line in lines:
        if not line:
            continue
        attribution = _ATTRIBUTION_RE.match(line)
        if attribution and quotes and quotes[-1].speaker is None:
            last = quotes[-1]
            quotes[-1] = Quote(last.text, attribution["speaker"].strip(), last.span)
            continue
        if line[0] in _QUOTE_START:
            body, _ = strip_quotes(line)
            quotes.append(Quote(body, None, text.span(number, 1, len(line))))
            continue
        diagnostics.append(
            text.diagnostic(
                Code.SUMMARY_STRUCTURE,
                "line in the quotes section is neither a quote nor an attribution; ignored",
                number,
                1,
                len(line),
                severity=Severity.WARNING,
            )
        )
    for quote in quotes:
        if quote.speaker is None:
            diagnostics.append(
                text.diagnostic(
                    Code.SUMMARY_STRUCTURE,
                    "quote has no attribution line ('— Name') after it; kept without a speaker",
                    quote.span.line,
                    1,
                    quote.span.length,
                    severity=Severity.WARNING,
                )
            )
    return quotes


def _questions(
    text: SourceText,
    lines: list[tuple[int, str]],
    page_texts: tuple[str, ...],
    boilerplate: list[Boilerplate],
    diagnostics: list[Diagnostic],
) -> list[Line]:
    questions: list[Line] = []
    for number, line in lines:
        if not line:
            continue
        if line.endswith("?"):
            questions.append(Line(line, text.span(number, 1, len(line))))
        elif _is_echo(line, page_texts):
            boilerplate.append(Boilerplate(line, "summary-echo", text.span(number, 1, len(line))))
        else:
            diagnostics.append(
                text.diagnostic(
                    Code.SUMMARY_STRUCTURE,
                    "line in the questions section is not a question; ignored",
                    number,
                    1,
                    len(line),
                    severity=Severity.WARNING,
                )
            )
    return questions


# ---------------------------------------------------------------------------- the format

_PEOPLE_SIGN_RE = re.compile(r"\((?:guest|host)\)", re.I)


def detect(lines: Sequence[str]) -> int:
    """2 for "Key Takeaways" with "Notable Quotes" or questions, or a "Name (guest)" byline."""
    sections = "Key Takeaways" in lines and (
        "Notable Quotes" in lines or any(line.startswith("Questions") for line in lines)
    )
    byline = len(lines) > 1 and _PEOPLE_SIGN_RE.search(lines[1]) is not None
    return 2 if sections or byline else 0


def units(page: SummaryPage, corpus: Corpus) -> Iterator[TextUnit]:
    """The intro, headline and summary, then each takeaway, quote, question and preview line."""
    del corpus  # the page needs nothing else to be located
    path, kind, head = page.path, page.kind, page.span
    for name, text in (
        ("intro", page.intro),
        ("headline", page.headline),
        ("summary", page.summary),
    ):
        if text:
            yield TextUnit(Location(path, kind, section=name, span=head), text)
    for index, takeaway in enumerate(page.takeaways):
        location = Location(path, kind, section="takeaways", paragraph=index, span=takeaway.span)
        yield TextUnit(location, f"{takeaway.title}\n{takeaway.text}")
    for index, quote in enumerate(page.quotes):
        location = Location(path, kind, section="quotes", paragraph=index, span=quote.span)
        yield TextUnit(location, quote.text)
    for index, question in enumerate(page.questions):
        location = Location(path, kind, section="questions", paragraph=index, span=question.span)
        yield TextUnit(location, question.text)
    for index, line in enumerate(page.preview):
        location = Location(path, kind, section="preview", paragraph=index, span=line.span)
        yield TextUnit(location, line.text)


def identity(page: SummaryPage) -> DocumentHead:
    """The title, byline and intro; the summary and headline as the body."""
    people = ", ".join(f"{name} ({role})" for name, role in page.people)
    opening = " ".join((page.title, people, page.intro))
    return DocumentHead(page.title, opening, f"{page.summary} {page.headline}")


FORMAT: Format[SummaryPage] = Format(
    kind=DocumentKind.SUMMARY,
    label="Summary page",
    record=SummaryPage,
    detect=detect,
    read=_read,
    units=units,
    head=identity,
)
"""The summary-page format."""
