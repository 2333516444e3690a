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

import enum
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import MONTH_ABBR, Corpus, DocumentKind, Feed, FeedItem, Location, TextUnit
from feedcite.parsers._format import Format
from feedcite.parsers._text import SourceText, normalize_space, strip_quotes

__all__ = ["FEED_HEADER_RE", "FORMAT", "ITEM_HEAD_RE", "SKIPPED_ITEM_CODES", "parse_feed"]

FEED_HEADER_RE = re.compile(r"^Chronological feed of everything captured from (?P<name>.+?)\.?$")
"""The first line of a feed."""

ITEM_HEAD_RE = re.compile(
    r"^(?P<kind>[^\s/]+)[ \t]*/[ \t]*(?P<handle>[^\s/]+)[ \t]*/[ \t]*"
    r"(?P<month>[A-Za-z]+)\.?[ \t]+(?P<day>\d{1,2})$"
)
"""An item's first line: ``KIND / HANDLE / Mon D``."""

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

#: Loose shape of an item head whose date or parts do not parse: two slashes, short.
_HEADISH_RE = re.compile(r"^[^\s/]+[ \t]*/[ \t]*[^/]*/[^/]*$")
_TAGS_RE = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
#: A tag line that is not kebab-case but still only words: ``weed control``, ``ai_safety rlhf``.
_LOOSE_TAGS_RE = re.compile(r"^[A-Za-z0-9]+(?:[-_ ]+[A-Za-z0-9]+)*$")
_QUOTE_START = "“\"„«‘'"

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
_MONTHS: dict[str, int] = {abbr.lower(): n for n, abbr in enumerate(MONTH_ABBR, start=1)}
_MONTHS.update({name: n for n, name in enumerate(_MONTH_NAMES, start=1)})
_MONTHS["sept"] = 9
#: Longest day of each month (Feb 29 is allowed until a year is known).
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MAX_HEAD_LENGTH = 120


class _Line(enum.Enum):
    HEAD = "item head"
    BAD_HEAD = "malformed item head"
    TAGS = "tag line"
    CLAIM = "quoted claim"
    PROSE = "prose"


def _classify(line: str) -> _Line:
    if ITEM_HEAD_RE.match(line):
        return _Line.HEAD
    if len(line) <= _MAX_HEAD_LENGTH and _HEADISH_RE.match(line) and not line.endswith("."):
        return _Line.BAD_HEAD
    if line[0] in _QUOTE_START:
        return _Line.CLAIM
    if _TAGS_RE.match(line):
        return _Line.TAGS
    return _Line.PROSE


def _classify_all(numbered: list[tuple[int, str]]) -> list[_Line]:
    """Classify every line; a prose line shaped like an item's first line becomes a bad head.

    A line that does not look like ``KIND / HANDLE / Mon D`` at all (say ``paper alice
    Jan 23``) is still an item head when it stands where one must: after a complete item
    (or at the start) and before a summary, a tag line and a quoted claim. Reporting it as
    a malformed head keeps the count of items right, instead of gluing four lines onto
    the item before.
    """
    kinds = [_classify(line.strip()) for _, line in numbered]
    item_shape = [_Line.PROSE, _Line.TAGS, _Line.CLAIM]
    for i, kind in enumerate(kinds):
        if (
            kind is _Line.PROSE
            and (i == 0 or kinds[i - 1] is _Line.CLAIM)
            and kinds[i + 1 : i + 4] == item_shape
            and len(numbered[i][1].strip()) <= _MAX_HEAD_LENGTH
        ):
            kinds[i] = _Line.BAD_HEAD
    return kinds


@dataclass(slots=True)
class _Block:
    """An item head and the non-blank lines after it, before the next head."""

    head: int
    body: list[int]


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
        The feed, with every item that parsed and a diagnostic for every item that did not.
    """
    return FORMAT.parse(source, path, strict=strict)


def _read(text: SourceText) -> Feed:
    diagnostics: list[Diagnostic] = list(text.diagnostics)
    if not text.readable:
        return Feed(text.path, None, (), tuple(diagnostics), 0)

    numbered = [(n, line) for n, line in text.numbered() if line.strip()]
    subject: str | None = None
    first_number, first_line = numbered[0]
    header = FEED_HEADER_RE.match(first_line.strip())
    if header:
        subject = normalize_space(header["name"])
        numbered = numbered[1:]
    else:
        missing = _classify(first_line.strip()) in (_Line.HEAD, _Line.BAD_HEAD)
        diagnostics.append(
            text.diagnostic(
                Code.FEED_HEADER,
                "the feed has no header line 'Chronological feed of everything captured from "
                "NAME.'; its subject is unknown"
                if missing
                else "the feed header does not parse: expected 'Chronological feed of "
                "everything captured from NAME.'; its subject is unknown and the line was skipped",
                first_number,
                1,
                len(first_line),
            )
        )
        if not missing:
            numbered = numbered[1:]

    blocks: list[_Block] = []
    for (number, line), kind in zip(numbered, _classify_all(numbered), strict=True):
        if kind in (_Line.HEAD, _Line.BAD_HEAD):
            blocks.append(_Block(number, []))
        elif blocks:
            blocks[-1].body.append(number)
        else:
            diagnostics.append(
                text.diagnostic(
                    Code.FEED_STRAY_LINE,
                    "line outside any item (no item head 'KIND / HANDLE / Mon D' before it); "
                    "ignored",
                    number,
                    1,
                    len(line),
                )
            )

    items: list[FeedItem] = []
    seen: dict[tuple[str, str, int, int, str], int] = {}
    for position, block in enumerate(blocks, start=1):
        item = _parse_item(text, block, position, diagnostics)
        if item is None:
            continue
        identity = (item.kind, item.handle, item.month, item.day, item.claim.casefold())
        if identity in seen:
            head = text.text(block.head)
            diagnostics.append(
                text.diagnostic(
                    Code.FEED_DUPLICATE,
                    f"duplicate of the item at line {seen[identity]} (same kind, handle, date "
                    "and claim); skipped",
                    block.head,
                    1,
                    len(head),
                )
            )
            continue
        seen[identity] = block.head
        items.append(item)

    return Feed(
        text.path,
        subject,
        tuple(items),
        tuple(diagnostics),
        len(blocks),
        text.span(first_number, 1, len(first_line)),
    )


def _parse_item(
    text: SourceText, block: _Block, index: int, diagnostics: list[Diagnostic]
) -> FeedItem | None:
    head_line = text.text(block.head).strip()
    head = ITEM_HEAD_RE.match(head_line)
    if head is None:
        diagnostics.append(
            text.diagnostic(
                Code.FEED_ITEM_HEADER,
                "item head does not parse: expected 'KIND / HANDLE / Mon D' "
                "(for example 'paper / alice / Jan 23'); item skipped",
                block.head,
                1,
                len(head_line),
            )
        )
        return None
    date = _parse_date(text, block.head, head, diagnostics)
    if date is None:
        return None
    month, day = date

    body = [(n, text.text(n).strip()) for n in block.body]
    kinds = [_classify(line) for _, line in body]
    summary_lines: list[tuple[int, str]] = []
    tag_line: tuple[int, str] | None = None
    claim_line: tuple[int, str] | None = None
    extra: list[tuple[int, str]] = []
    for (number, line), kind in zip(body, kinds, strict=True):
        if tag_line is None and claim_line is None and kind is not _Line.TAGS:
            if kind is _Line.CLAIM and summary_lines:
                claim_line = (number, line)
            else:
                summary_lines.append((number, line))
        elif tag_line is None and claim_line is None:
            tag_line = (number, line)
        elif claim_line is None:
            claim_line = (number, line)
        else:
            extra.append((number, line))

    if tag_line is None and claim_line is not None and len(summary_lines) > 1:
        number, line = summary_lines[-1]
        if _LOOSE_TAGS_RE.match(line):
            # A tag line written with spaces, capitals or underscores: a recovery.
            summary_lines.pop()
            tag_line = (number, line)
            diagnostics.append(
                text.diagnostic(
                    Code.FEED_TAGS,
                    "the tag line has spaces or underscores (tags are kebab-case, written "
                    "together); read with spaces as tag boundaries and underscores as hyphens",
                    number,
                    1,
                    len(line),
                    severity=Severity.WARNING,
                )
            )

    last_number = block.body[-1] if block.body else block.head
    missing = _missing_part(summary_lines, tag_line, claim_line)
    if missing is not None:
        where = _where_missing(block, summary_lines, tag_line, claim_line)
        diagnostics.append(
            text.diagnostic(
                Code.FEED_MISSING_LINE,
                f"item '{head_line}' has no {missing} "
                "(an item is: head, summary, tag line, quoted claim); item skipped",
                where,
                1,
                max(1, len(text.text(where))),
                end_line=last_number,
            )
        )
        return None
    assert tag_line is not None
    assert claim_line is not None

    if len(summary_lines) > 1:
        _first, *rest = summary_lines
        diagnostics.append(
            text.diagnostic(
                Code.FEED_EXTRA_LINE,
                f"the summary spans {len(summary_lines)} lines; they were joined into one "
                "paragraph",
                rest[0][0],
                1,
                len(rest[0][1]),
                severity=Severity.WARNING,
            )
        )
    for number, line in extra:
        diagnostics.append(
            text.diagnostic(
                Code.FEED_EXTRA_LINE,
                "unexpected line after the item's claim (an item has four lines); "
                "kept in the item's raw text, not used",
                number,
                1,
                len(line),
                severity=Severity.WARNING,
            )
        )

    claim, quoted = strip_quotes(claim_line[1])
    if not quoted:
        diagnostics.append(
            text.diagnostic(
                Code.FEED_CLAIM_QUOTES,
                "the key claim is not in quotes; taken as written",
                claim_line[0],
                1,
                len(claim_line[1]),
                severity=Severity.WARNING,
            )
        )
    raw = "\n".join(text.text(n) for n in range(block.head, last_number + 1) if text.text(n))
    return FeedItem(
        index=index,
        kind=head["kind"],
        handle=head["handle"],
        month=month,
        day=day,
        summary=normalize_space(" ".join(line for _, line in summary_lines)),
        tag_line=tag_line[1],
        claim=normalize_space(claim),
        claim_quoted=quoted,
        span=text.span(block.head, 1, len(head_line), last_number),
        raw=raw,
    )


def _missing_part(
    summary: list[tuple[int, str]],
    tags: tuple[int, str] | None,
    claim: tuple[int, str] | None,
) -> str | None:
    if not summary:
        return "summary line"
    if tags is None:
        return "tag line"
    if claim is None:
        return "key claim line"
    return None


def _where_missing(
    block: _Block,
    summary: list[tuple[int, str]],
    tags: tuple[int, str] | None,
    claim: tuple[int, str] | None,
) -> int:
    """The line where the missing part was expected (the line of what came instead)."""
    present = [n for n, _ in summary] + [p[0] for p in (tags, claim) if p is not None]
    if not summary:
        return min(present) if present else block.head
    if tags is None:
        return claim[0] if claim is not None else summary[-1][0]
    return tags[0]


def _parse_date(
    text: SourceText, line: int, head: re.Match[str], diagnostics: list[Diagnostic]
) -> tuple[int, int] | None:
    month_name = head["month"]
    month = _MONTHS.get(month_name.lower())
    if month is None:
        diagnostics.append(
            text.diagnostic(
                Code.FEED_MONTH,
                f"unknown month {month_name!r} (expected Jan, Feb, ... Dec); item skipped",
                line,
                head.start("month") + 1 + _indent(text.text(line)),
                len(month_name),
            )
        )
        return None
    day = int(head["day"])
    if not 1 <= day <= _MONTH_DAYS[month - 1]:
        diagnostics.append(
            text.diagnostic(
                Code.FEED_DAY,
                f"impossible date {MONTH_ABBR[month - 1]} {day} "
                f"({MONTH_ABBR[month - 1]} has at most {_MONTH_DAYS[month - 1]} days); "
                "item skipped",
                line,
                head.start("day") + 1 + _indent(text.text(line)),
                len(head["day"]),
            )
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
