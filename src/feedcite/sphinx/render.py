"""Small builders of docutils nodes from corpus data.

Corpus text only ever becomes ``nodes.Text`` (escaped by every writer); links are built
only for ``http(s)`` URLs; JSON-LD is serialised with ``<``, ``>`` and ``&`` escaped.
Nothing here parses markup.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from docutils import nodes

__all__ = [
    "container",
    "field_list",
    "jsonld",
    "link",
    "para",
    "safe_url",
    "section",
    "text",
    "time_label",
    "video_at",
]


def text(value: object) -> nodes.Text:
    """Corpus text as a text node (never markup)."""
    return nodes.Text(str(value))


def para(*children: nodes.Node | str, classes: Iterable[str] = ()) -> nodes.paragraph:
    """A paragraph of text nodes and inline nodes."""
    parts = [text(c) if isinstance(c, str) else c for c in children]
    return nodes.paragraph("", "", *parts, classes=list(classes))


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, else ``None`` (no javascript:, data:, file:)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit(parts)


def link(url: str | None, label: str, *, classes: Iterable[str] = ()) -> nodes.Node:
    """An external link, or plain text when the URL is not a safe http(s) URL."""
    safe = safe_url(url)
    if safe is None:
        return nodes.inline("", label, classes=list(classes))
    return nodes.reference("", label, refuri=safe, classes=["external", *classes])


def section(
    title: str, section_id: str, *children: nodes.Node, classes: Iterable[str] = ()
) -> nodes.section:
    """A section with ``title`` (as text) and the id ``section_id``."""
    node = nodes.section(
        "", nodes.title("", title), ids=[section_id], names=[section_id], classes=list(classes)
    )
    node.extend(children)
    return node


def container(*children: nodes.Node, classes: Iterable[str] = ()) -> nodes.container:
    """A ``div`` with classes."""
    return nodes.container("", *children, classes=list(classes))


def field_list(
    rows: Iterable[tuple[str, Sequence[nodes.Node] | nodes.Node | str]],
) -> nodes.field_list:
    """A field list (label: value) of the rows whose value is not empty."""
    result = nodes.field_list(classes=["feedcite-fields"])
    for label, value in rows:
        if value in (None, "", []):
            continue
        body: list[nodes.Node]
        if isinstance(value, str):
            body = [para(value)]
        elif not isinstance(value, nodes.Node):
            body = [para(*value)]
        elif isinstance(value, nodes.Element) and not isinstance(value, nodes.Inline):
            body = [value]
        else:
            body = [para(value)]
        result += nodes.field("", nodes.field_name("", label), nodes.field_body("", *body))
    return result


def time_label(seconds: float) -> str:
    """``H:MM:SS`` or ``M:SS``."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def video_at(url: str | None, seconds: float) -> str | None:
    """A video URL that starts at ``seconds`` (YouTube ``t=``), or ``None``."""
    safe = safe_url(url)
    if safe is None:
        return None
    parts = urlsplit(safe)
    if not (parts.netloc.endswith("youtube.com") or parts.netloc.endswith("youtu.be")):
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "t"]
    query.append(("t", f"{int(seconds)}s"))
    return urlunsplit(parts._replace(query=urlencode(query)))


def jsonld(data: dict[str, Any]) -> nodes.raw:
    """A schema.org JSON-LD script, built by this extension (never from markup)."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return nodes.raw("", f'<script type="application/ld+json">{payload}</script>', format="html")
