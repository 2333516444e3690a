"""The ``feedcite`` pybtex style used to format citations on the site.

It is pybtex's ``unsrt`` style with three changes suited to an annotated bibliography
whose annotations, notes and doubts are shown beside each entry: long author lists are
cut to the first three names and "et al." (the full list is on the work's page); the
``note`` field is left out; and an arXiv preprint is identified once, by its ``arXiv:``
link, rather than by its URL, its ``howpublished`` and its eprint at the same time.
"""

from __future__ import annotations

from typing import Any

from pybtex.richtext import Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date, pages
from pybtex.style.template import (
    field,
    first_of,
    join,
    node,
    optional,
    optional_field,
    sentence,
    tag,
    words,
)

__all__ = ["MAX_NAMES", "FeedciteStyle"]

#: Author lists longer than this are cut to three names and "et al.".
MAX_NAMES = 8


@node  # type: ignore[untyped-decorator]
def _names(children: Any, context: dict[str, Any], role: str, shown: int = 3) -> Text:
    """Names of ``role``, all of them or the first ``shown`` and "et al."."""
    assert not children
    persons = context["entry"].persons.get(role, [])
    style = context["style"]
    formatted = [style.format_name(person, style.abbreviate_names) for person in persons]
    others = any(str(p).lower() == "others" for p in persons)
    formatted = [f for p, f in zip(persons, formatted, strict=True) if str(p).lower() != "others"]
    if len(formatted) > MAX_NAMES or (others and len(formatted) > shown):
        return join(sep=", ")[formatted[:shown]].format_data(context) + Text(" et al.")
    if others:
        return join(sep=", ")[formatted].format_data(context) + Text(" et al.")
    return join(sep=", ", sep2=" and ", last_sep=", and ")[formatted].format_data(context)


class FeedciteStyle(UnsrtStyle):  # type: ignore[misc]
    """unsrt, with short author lists, no notes, and one identifier per preprint."""

    default_sorting_style = "author_year_title"
    default_label_style = "alpha"

    def format_web_refs(self, e: Any) -> Any:
        """The arXiv link for a preprint, else the URL; then the DOI."""
        if "eprint" in e.fields:
            return sentence[optional[self.format_eprint(e)], optional[self.format_doi(e)]]
        return sentence[optional[self.format_url(e)], optional[self.format_doi(e)]]

    def get_misc_template(self, e: Any) -> Any:
        """Authors. Title. How published, date. Link."""
        published = [] if "eprint" in e.fields else [optional[field("howpublished")]]
        return toplevel[
            optional[sentence[_names("author")]],
            optional[self.format_title(e, "title")],
            sentence[*published, optional[date]],
            self.format_web_refs(e),
        ]

    def get_article_template(self, e: Any) -> Any:
        """Authors. Title. Journal volume(number):pages, date. Links."""
        volume_and_pages = first_of[
            optional[join[field("volume"), optional["(", field("number"), ")"], ":", pages]],
            words["pages", pages],
        ]
        return toplevel[
            sentence[_names("author")],
            self.format_title(e, "title"),
            sentence[tag("em")[field("journal")], optional[volume_and_pages], date],
            self.format_web_refs(e),
        ]

    def get_inproceedings_template(self, e: Any) -> Any:
        """Authors. Title. In Proceedings, date. Links."""
        return toplevel[
            sentence[_names("author")],
            self.format_title(e, "title"),
            words["In", sentence[self.format_btitle(e, "booktitle", as_sentence=False), date]],
            self.format_web_refs(e),
        ]

    def get_techreport_template(self, e: Any) -> Any:
        """Authors. Title. Technical report, institution, date. Links."""
        return toplevel[
            sentence[_names("author")],
            self.format_title(e, "title"),
            sentence[
                words[
                    first_of[optional_field("type"), "Technical report"], optional_field("number")
                ],
                field("institution"),
                date,
            ],
            self.format_web_refs(e),
        ]
