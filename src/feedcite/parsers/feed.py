"""The feed format: a header line, then four-line items, newest first.

Grammar (blank lines between items are allowed)::

    feed    := header item*
    header  := "Chronological feed of everything captured from " NAME "."
    item    := head NL summary NL tags NL claim
    head    := KIND " / " HANDLE " / " MONTH " " DAY        e.g. "paper / DarioAmodei / Jan 23"
    summary := prose line
    tags    := kebab-case tags with no separator between them
    claim   := "“" text "”"        (straight quotes are accepted)

The parser only reads: it does not split tags or infer years (see :mod:`feedcite.enrich`).
Each line is first classified (item head, tag line, quoted claim, prose); an item is an
item head followed by the lines up to the next item head. An item with a line missing,
a bad date or a duplicate of an earlier item is reported as an error and skipped; the
rest of the file is still read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from feedcite._strings import is_kebab, loose_tags_re
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import (
    MONTH_ABBR,
    Corpus,
    DocumentKind,
    Feed,
    FeedItem,
    Location,
    SkippedItem,
    SourceSpan,
    TextUnit,
)
from feedcite.parsers._format import Format
from feedcite.parsers._text import SourceText, normalize_space, strip_quotes

__all__ = ["FEED_HEADER_RE", "FORMAT", "ITEM_HEAD_RE", "SKIPPED_ITEM_CODES", "parse_feed"]

FEED_HEADER_RE = re.compile(r"^Chronological feed of everything captured from (?P<name>.+?)\.?$")
"""The first line of a feed."""

ITEM_HEAD_RE = re.compile(
    r"^(?P<kind>[^\s/]+)[ \t]*/[ \t]*(?P<handle>[^\s/](?:[^/\n]*[^\s/])?)[ \t]*/[ \t]*"
    r"(?P<month>[A-Za-z]+)\.?[ \t]+(?P<day>\d{1,2})$"
)
"""An item's first line: ``KIND / HANDLE / Mon D`` (a handle may have spaces: a channel's name)."""

SKIPPED_ITEM_CODES = frozenset(
    {
        Code.FEED_ITEM_HEADER,
        Code.FEED_MONTH,
        Code.FEED_DAY,
        Code.FEED_MISSING_LINE,
        Code.FEED_DUPLICATE,
    }
)
"""Codes of the errors that skip one feed item each.

The items read plus the errors with these codes make up every item in the file.
"""

#: Loose shapes of an item head whose date or parts do not parse: ``KIND / HANDLE / ...``
#: (a handle of one or two words, a short date part), or a head cut short after
#: ``KIND /`` or ``KIND / HANDLE``. A sentence with slashes (``Input/output costs ...``) has
#: neither shape: its words between the slashes are more than a handle.
_HEADISH_RE = re.compile(
    r"^[^\s/]+[ \t]*/[ \t]*[^\s/]+(?:[ \t][^\s/]+)?[ \t]*/[^/]{0,40}$"
    r"|^[^\s/]+[ \t]+/(?:[ \t]+[^\s/]+(?:[ \t][^\s/]+)?)?$"
)
#: The last line of a file, after a complete item, that is only an item kind: a head cut short.
_CUT_HEAD_RE = re.compile(r"^[a-z]{1,20}$")
# A tag line is kebab-case in any script (:func:`feedcite._strings.is_kebab`). One that is
# not kebab-case but still only words (``weed control``, ``ai_safety rlhf``,
# ``labor-economics<TAB>minimum-wage``, ``r&d-policy``, ``fiscal-policy-``; not a sentence:
# no comma, colon or closing full stop) is :func:`feedcite._strings.loose_tags_re`.
_QUOTE_START = "“\"„«‘'"
#: The quotes that close each opening quote.
_CLOSING = {"“": "”", '"': '"', "„": "“”", "«": "»", "‘": "’", "'": "'"}

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
_MONTHS: dict[str, int] = {abbr.lower(): n for n, abbr in enumerate(MONTH_ABBR, start=1)}
_MONTHS.update({name: n for n, name in enumerate(_MONTH_NAMES, start=1)})
_MONTHS["sept"] = 9
#: Longest day of each month (Feb 29 is allowed until a year is known).
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MAX_HEAD_LENGTH = 120

_HEAD, _BAD_HEAD, _TAGS, _CLAIM, _PROSE = range(5)
"""Line kinds: item head, malformed item head, tag line, quoted claim, prose."""


def _classify(line: str) -> int:
    """The kind of a stripped, non-blank line (a few character tests before any pattern)."""
    if "/" in line:
        if ITEM_HEAD_RE.match(line):
            return _HEAD
        if (
            line[0] not in _QUOTE_START
            and len(line) <= _MAX_HEAD_LENGTH
            and line[-1] != "."
            and _HEADISH_RE.match(line)
        ):
            return _BAD_HEAD
    if line[0] in _QUOTE_START:
        return _CLAIM
    if " " not in line and is_kebab(line):
        return _TAGS
    return _PROSE


def _classify_all(lines: list[str]) -> list[int]:
    """Classify every line; a prose line shaped like an item's first line becomes a bad head.

    A line that does not look like ``KIND / HANDLE / Mon D`` at all (say ``paper alice
    Jan 23``) is still an item head when it stands where one must: after a complete item
    (or at the start) and before a summary, a tag line and a quoted claim. Reporting it as
    a malformed head keeps the count of items right, instead of gluing four lines onto
    the item before. So is a lone word (``blog``) that ends the file after a complete item:
    the head of an item cut short.
    """
    kinds = [_classify(line) for line in lines]
    item_shape = [_PROSE, _TAGS, _CLAIM]
    for i, kind in enumerate(kinds):
        if (
            kind == _PROSE
            and (i == 0 or kinds[i - 1] == _CLAIM)
            and kinds[i + 1 : i + 4] == item_shape
            and len(lines[i]) <= _MAX_HEAD_LENGTH
        ):
            kinds[i] = _BAD_HEAD
    if (
        len(kinds) > 1
        and kinds[-1] in (_PROSE, _TAGS)
        and kinds[-2] == _CLAIM
        and _CUT_HEAD_RE.match(lines[-1])
    ):
        kinds[-1] = _BAD_HEAD
    return kinds


@dataclass(slots=True)
class _Block:
    """An item head and the non-blank lines after it, before the next head.

    ``lines`` are positions in the parser's list of non-blank lines; the head is the first.
    """

    position: int
    lines: list[int]


@dataclass(slots=True)
class _Reader:
    """The state of one parse: the text, its non-blank lines and what was found so far."""

    text: SourceText
    numbers: list[int]
    stripped: list[str]
    kinds: list[int]
    diagnostics: list[Diagnostic]
    skipped: list[SkippedItem]

    def span(self, at: int, end: int | None = None) -> SourceSpan:
        """The span of non-blank line ``at`` (its text, after its indentation)."""
        number = self.numbers[at]
        length = len(self.stripped[at])
        indent = len(self.text.lines[number - 1]) - length
        end_line = self.numbers[end] if end is not None else number
        return SourceSpan(self.text.path, number, indent + 1, max(1, length), end_line)

    def lines(self, block: _Block) -> tuple[str, ...]:
        """The block's lines as they are in the file (blank lines left out)."""
        lines, numbers = self.text.lines, self.numbers
        return tuple(lines[numbers[at] - 1] for at in block.lines)

    def skip(self, block: _Block, diagnostic: Diagnostic) -> None:
        """Record the error that skips ``block``, and keep the block."""
        self.diagnostics.append(diagnostic)
        head = block.lines[0]
        self.skipped.append(
            SkippedItem(
                block.position,
                "\n".join(self.lines(block)),
                self.span(head, block.lines[-1]),
                diagnostic,
            )
        )


def parse_feed(
    source: str | bytes | SourceText, path: str = "<feed>", *, strict: bool = False
) -> Feed:
    """Parse a feed.

    Args:
        source: The feed's text or bytes (or an already decoded :class:`SourceText`).
        path: The file name used in diagnostics.
        strict: Raise :class:`~feedcite.errors.ParseErrors` with every error instead of
            recording them and skipping the broken items.

    Returns:
        The feed, with every item that parsed, and every item that did not as a
        :class:`~feedcite.model.SkippedItem` with its diagnostic.
    """
    return FORMAT.parse(source, path, strict=strict)


def _read(text: SourceText) -> Feed:
    diagnostics: list[Diagnostic] = list(text.diagnostics)
    if not text.readable:
        return Feed(text.path, None, (), tuple(diagnostics), 0)

    numbers: list[int] = []
    stripped: list[str] = []
    for number, line in enumerate(text.lines, start=1):
        content = line.lstrip()  # lines come without trailing whitespace
        if content:
            numbers.append(number)
            stripped.append(content)
    subject: str | None = None
    first = 0
    header = FEED_HEADER_RE.match(stripped[0])
    if header:
        subject = normalize_space(header["name"])
        first = 1
    else:
        missing = _classify(stripped[0]) in (_HEAD, _BAD_HEAD)
        diagnostics.append(
            text.diagnostic(
                Code.FEED_HEADER,
                "the feed has no header line 'Chronological feed of everything captured from "
                "NAME.'; its subject is unknown"
                if missing
                else "the feed header does not parse: expected 'Chronological feed of "
                "everything captured from NAME.'; its subject is unknown and the line was skipped",
                numbers[0],
                1,
                len(text.text(numbers[0])),
            )
        )
        if not missing:
            first = 1
    kinds = [_PROSE] * first + _classify_all(stripped[first:])
    reader = _Reader(text, numbers, stripped, kinds, diagnostics, [])

    blocks: list[_Block] = []
    for at in range(first, len(stripped)):
        if kinds[at] in (_HEAD, _BAD_HEAD):
            blocks.append(_Block(len(blocks) + 1, [at]))
        elif blocks:
            blocks[-1].lines.append(at)
        else:
            diagnostics.append(
                text.diagnostic(
                    Code.FEED_STRAY_LINE,
                    "line outside any item (no item head 'KIND / HANDLE / Mon D' before it); "
                    "ignored",
                    numbers[at],
                    1,
                    len(text.text(numbers[at])),
                )
            )

    items: list[FeedItem] = []
    seen: dict[tuple[str, str, int, int, str], int] = {}
    for block in blocks:
        item = _parse_item(reader, block)
        if item is None:
            continue
        identity = item.identity
        if identity in seen:
            reader.skip(
                block,
                text.diagnostic(
                    Code.FEED_DUPLICATE,
                    f"duplicate of the item at line {seen[identity]} (same kind, handle, date "
                    "and claim); skipped",
                    item.span.line,
                    1,
                    len(text.text(item.span.line)),
                ),
            )
            continue
        seen[identity] = item.span.line
        items.append(item)

    return Feed(
        text.path,
        subject,
        tuple(items),
        tuple(diagnostics),
        len(blocks),
        text.span(numbers[0], 1, len(text.text(numbers[0]))),
        tuple(reader.skipped),
    )


def _parse_item(reader: _Reader, block: _Block) -> FeedItem | None:
    text, stripped, kinds = reader.text, reader.stripped, reader.kinds
    head_at = block.lines[0]
    head_line = stripped[head_at]
    head_number = reader.numbers[head_at]
    head = ITEM_HEAD_RE.match(head_line)
    if head is None:
        message = (
            "item head does not parse: expected 'KIND / HANDLE / Mon D' "
            "(for example 'paper / alice / Jan 23'); item skipped"
        )
        column, length = 1, len(head_line)
        parts = head_line.split("/")
        written = parts[-1].strip()
        if len(parts) == 3 and parts[0].strip() and parts[1].strip() and written:
            # Kind and handle are there: the date is what does not parse (``Jun 3rd``).
            message = (
                f"the date {written!r} is not 'Mon D' (a month and the day's number, for "
                "example 'Jan 23'); item skipped"
            )
            column = len(head_line) - len(parts[-1].lstrip()) + 1
            length = len(written)
        reader.skip(
            block,
            text.diagnostic(
                Code.FEED_ITEM_HEADER,
                message,
                head_number,
                column + _indent(text.text(head_number)),
                length,
            ),
        )
        return None
    date = _parse_date(reader, block, head)
    if date is None:
        return None
    month, day = date

    summary: list[int] = []
    tags: int | None = None
    claim: int | None = None
    extra: list[int] = []
    for at in block.lines[1:]:
        kind = kinds[at]
        if tags is None and claim is None and kind != _TAGS:
            if kind == _CLAIM and summary:
                claim = at
            else:
                summary.append(at)
        elif tags is None and claim is None:
            tags = at
        elif claim is None:
            claim = at
        else:
            extra.append(at)

    # A summary of one word ("Überblick") reads as a tag line: then the tag line was taken
    # for the claim; the quoted claim after it shows where the item's parts are.
    if (
        not summary
        and tags is not None
        and claim is not None
        and kinds[claim] == _TAGS
        and extra
        and kinds[extra[0]] == _CLAIM
    ):
        summary, tags, claim = [tags], claim, extra.pop(0)
    if tags is None and claim is not None and len(summary) > 1:
        at = summary[-1]
        if loose_tags_re().match(stripped[at]):
            # A tag line written with spaces, capitals or underscores: a recovery.
            summary.pop()
            tags = at
            reader.diagnostics.append(
                text.diagnostic(
                    Code.FEED_TAGS,
                    "the tag line is not kebab-case (it has spaces, tabs, underscores or other "
                    "characters; tags are kebab-case, written together); read with spaces as "
                    "tag boundaries, the signs of C++, C# and .NET spelled out (cpp, csharp, "
                    "dotnet) and any other character as a hyphen",
                    reader.numbers[at],
                    1,
                    len(stripped[at]),
                    severity=Severity.WARNING,
                )
            )

    missing = _missing_part(summary, tags, claim)
    if missing is not None:
        where = reader.numbers[_where_missing(block, summary, tags, claim)]
        reader.skip(
            block,
            text.diagnostic(
                Code.FEED_MISSING_LINE,
                f"item '{head_line}' has no {missing} "
                "(an item is: head, summary, tag line, quoted claim); item skipped",
                where,
                1,
                max(1, len(text.text(where))),
                end_line=reader.numbers[block.lines[-1]],
            ),
        )
        return None
    assert tags is not None
    assert claim is not None

    if len(summary) > 1:
        second = reader.numbers[summary[1]]
        reader.diagnostics.append(
            text.diagnostic(
                Code.FEED_EXTRA_LINE,
                f"the summary spans {len(summary)} lines; they were joined into one paragraph",
                second,
                1,
                len(stripped[summary[1]]),
                severity=Severity.WARNING,
            )
        )
    for at in extra:
        number = reader.numbers[at]
        reader.diagnostics.append(
            text.diagnostic(
                Code.FEED_EXTRA_LINE,
                "unexpected line after the item's claim (an item has four lines); "
                "kept in the item's raw text, not used",
                number,
                1,
                len(stripped[at]),
                severity=Severity.WARNING,
            )
        )

    claim_text = stripped[claim]
    body, quoted = strip_quotes(claim_text)
    if not quoted:
        reader.diagnostics.append(
            text.diagnostic(
                Code.FEED_CLAIM_QUOTES,
                "the key claim is not in quotes; taken as written",
                reader.numbers[claim],
                1,
                len(claim_text),
                severity=Severity.WARNING,
            )
        )
    elif not any(mark in claim_text[1:] for mark in _CLOSING[claim_text[0]]):
        reader.diagnostics.append(
            text.diagnostic(
                Code.FEED_CLAIM_QUOTES,
                "the key claim has no closing quote (was the line cut short?); taken as written",
                reader.numbers[claim],
                1,
                len(claim_text),
                severity=Severity.WARNING,
            )
        )
    summary_text = (
        normalize_space(stripped[summary[0]])
        if len(summary) == 1
        else normalize_space(" ".join(stripped[at] for at in summary))
    )
    return FeedItem(
        index=block.position,
        kind=head["kind"],
        handle=head["handle"],
        month=month,
        day=day,
        summary=summary_text,
        tag_line=stripped[tags],
        claim=normalize_space(body),
        claim_quoted=quoted,
        span=text.span(head_number, 1, len(head_line), reader.numbers[block.lines[-1]]),
        lines=reader.lines(block),
        summary_span=reader.span(summary[0], summary[-1]),
        tag_span=reader.span(tags),
        claim_span=reader.span(claim),
    )


def _missing_part(summary: list[int], tags: int | None, claim: int | None) -> str | None:
    if not summary:
        return "summary line"
    if tags is None:
        return "tag line"
    if claim is None:
        return "key claim line"
    return None


def _where_missing(block: _Block, summary: list[int], tags: int | None, claim: int | None) -> int:
    """The line where the missing part was expected (the line of what came instead)."""
    present = summary + [p for p in (tags, claim) if p is not None]
    if not summary:
        return min(present) if present else block.lines[0]
    if tags is None:
        return claim if claim is not None else summary[-1]
    return tags


def _parse_date(reader: _Reader, block: _Block, head: re.Match[str]) -> tuple[int, int] | None:
    text = reader.text
    number = reader.numbers[block.lines[0]]
    indent = _indent(text.text(number))
    month_name = head["month"]
    month = _MONTHS.get(month_name.lower())
    if month is None:
        reader.skip(
            block,
            text.diagnostic(
                Code.FEED_MONTH,
                f"unknown month {month_name!r} (expected Jan, Feb, ... Dec); item skipped",
                number,
                head.start("month") + 1 + indent,
                len(month_name),
            ),
        )
        return None
    day = int(head["day"])
    if not 1 <= day <= _MONTH_DAYS[month - 1]:
        reader.skip(
            block,
            text.diagnostic(
                Code.FEED_DAY,
                f"impossible date {MONTH_ABBR[month - 1]} {day} "
                f"({MONTH_ABBR[month - 1]} has at most {_MONTH_DAYS[month - 1]} days); "
                "item skipped",
                number,
                head.start("day") + 1 + indent,
                len(head["day"]),
            ),
        )
        return None
    return month, day


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


# ---------------------------------------------------------------------------- the format


def detect(lines: Sequence[str]) -> int:
    """3 for a feed header or two item heads in the first 40 lines; 1 for one item head first."""
    if FEED_HEADER_RE.match(lines[0]) or sum(1 for x in lines[:40] if ITEM_HEAD_RE.match(x)) >= 2:
        return 3
    return 1 if ITEM_HEAD_RE.match(lines[0]) else 0


def units(feed: Feed, corpus: Corpus) -> Iterator[TextUnit]:
    """Each item's summary and claim, located at the item (its section is its work's id)."""
    works = {w.item.index: w.id for w in corpus.works if w.item and w.item.span.path == feed.path}
    for item in feed.items:
        location = Location(feed.path, feed.kind, section=works.get(item.index), span=item.span)
        yield TextUnit(location, f"{item.summary}\n{item.claim}")


FORMAT: Format[Feed] = Format(
    kind=DocumentKind.FEED,
    label="Feed",
    record=Feed,
    detect=detect,
    read=_read,
    units=units,
    head=lambda feed: None,  # a feed is about many works, each identified by its item
)
"""The feed format."""
