"""Small builders of docutils nodes from corpus data.

Corpus text only ever becomes ``nodes.Text`` (escaped by every writer); links are built
only for ``http(s)`` URLs; JSON-LD is serialised with ``<``, ``>`` and ``&`` escaped.
Nothing here parses markup.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from docutils import nodes

from feedcite._strings import clock

__all__ = [
    "Details",
    "container",
    "details",
    "field_list",
    "inline_svg",
    "jsonld",
    "legend_list",
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
    """``H:MM:SS`` or ``M:SS`` (see :func:`feedcite._strings.clock`)."""
    return clock(seconds)


def video_at(url: str | None, seconds: float) -> str | None:
    """A video URL that starts at ``seconds`` (YouTube ``t=``), or ``None``.

    The second is rounded as :func:`time_label` rounds it, so a link labelled ``1:05``
    opens the video at 65 s.
    """
    safe = safe_url(url)
    if safe is None:
        return None
    parts = urlsplit(safe)
    if not (parts.netloc.endswith("youtube.com") or parts.netloc.endswith("youtu.be")):
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "t"]
    query.append(("t", f"{round(seconds)}s"))
    return urlunsplit(parts._replace(query=urlencode(query)))


def inline_svg(svg: str, alt: str) -> nodes.raw:
    """An SVG drawn by this extension, inline (so its links work), labelled by ``alt``.

    The SVG is the extension's own drawing, never input text: its labels were escaped by
    the drawing library, and ``alt`` is escaped here.
    """
    body = svg[svg.index("<svg") :] if "<svg" in svg else svg
    label = html.escape(alt, quote=True)
    wrapped = f'<div class="feedcite-figure" role="img" aria-label="{label}">{body}</div>'
    return nodes.raw("", wrapped, format="html", classes=["feedcite-svg"])


def legend_list(entries: Iterable[tuple[str, str, int]]) -> nodes.raw:
    """A figure's legend as text: a colour swatch, the name and the count of each entry.

    Names are escaped; colours must be ``#rrggbb`` (they are the drawing's own).
    """
    items = []
    for name, colour, count in entries:
        if not (
            len(colour) == 7
            and colour[0] == "#"
            and all(c in "0123456789abcdefABCDEF" for c in colour[1:])
        ):
            raise ValueError(f"not a colour: {colour!r}")
        items.append(
            f'<li><span class="feedcite-swatch" style="background:{colour}"></span>'
            f"{html.escape(name)} ({count})</li>"
        )
    return nodes.raw("", f'<ul class="feedcite-legend">{"".join(items)}</ul>', format="html")


def jsonld(data: dict[str, Any]) -> nodes.raw:
    """A schema.org JSON-LD script, built by this extension (never from markup)."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return nodes.raw("", f'<script type="application/ld+json">{payload}</script>', format="html")


class Details(nodes.General, nodes.Element):
    """A collapsed section (HTML ``<details>``), titled by its ``summary`` attribute."""


def details(summary: str, *children: nodes.Node, classes: Iterable[str] = ()) -> Details:
    """A collapsed section titled ``summary``."""
    node = Details("", *children, summary=summary)
    node["classes"] = ["feedcite-details", *classes]
    return node


def visit_details_html(translator: Any, node: Details) -> None:
    """``<details><summary>title</summary>`` (the title escaped like any text)."""
    translator.body.append(translator.starttag(node, "details"))
    translator.body.append(f"<summary>{translator.encode(node['summary'])}</summary>\n")


def depart_details_html(translator: Any, node: Details) -> None:
    """Close the ``<details>``."""
    translator.body.append("</details>\n")


def visit_details_other(translator: Any, node: Details) -> None:
    """Other writers show a collapsed section's content as it is."""


def depart_details_other(translator: Any, node: Details) -> None:
    """Nothing to close."""
