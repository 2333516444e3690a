r"""The ``feedcite`` pybtex style used to format citations on the site.

It is pybtex's ``unsrt`` style with these changes, suited to an annotated bibliography
whose annotations, notes and doubts are shown beside each entry:

* every field and name is decoded with :func:`feedcite.export.latex.decode_parts`, the
  exact inverse of the escaper that wrote the ``.bib``, so that no LaTeX (``\$``,
  ``\string^``, ``\ensuremath{\rbrace}``, accents) shows on the site; braced parts stay
  protected from case changes;
* entries are labelled author-year, as sphinxcontrib-bibtex's ``author_year`` reference
  style cites them in the text (``Kaplan et al., 2020``), and ``and others`` is shown as
  "et al." in labels and entries;
* long author lists are cut to the first three names and "et al." (the full list is on
  the work's page); the ``note`` field is left out; and an arXiv preprint is identified
  once, by its ``arXiv:`` link, rather than by its URL, its ``howpublished`` and its
  eprint at the same time.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Iterator
from typing import Any

from pybtex.plugin import find_plugin
from pybtex.richtext import Protected, String, Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import dashify
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.names.plain import NameStyle as PlainNameStyle
from pybtex.style.template import (
    FieldIsMissing,
    first_of,
    join,
    node,
    optional,
    sentence,
    tag,
    words,
)
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.referencing.basic_author_year import (
    BasicAuthorYearParentheticalReferenceStyle,
)
from sphinxcontrib.bibtex.style.template import entry_label, join2, post_text, pre_text, reference

from feedcite.export.latex import decode_parts

__all__ = [
    "MAX_NAMES",
    "AuthorYearLabelStyle",
    "DecodedNameStyle",
    "FeedciteStyle",
    "author_year_label",
    "cited_names",
    "rich",
]

#: Author lists longer than this are cut to three names and "et al.".
MAX_NAMES = 8


def rich(latex: str) -> Text:
    """The rich text of a value feedcite's escaper wrote: plain text, braced parts protected."""
    return Text(
        *(Protected(text) if protected else String(text) for text, protected in decode_parts(latex))
    )


@node  # type: ignore[untyped-decorator]
def field(children: Any, context: dict[str, Any], name: str, apply_func: Any = None) -> Text:
    """The entry's field ``name``, decoded (pybtex's ``field``, without its LaTeX reader)."""
    assert not children
    entry = context["entry"]
    try:
        value = rich(entry.fields[name])
    except KeyError:
        raise FieldIsMissing(name, entry) from None
    return apply_func(value) if apply_func else value


def optional_field(name: str) -> Any:
    """The field if the entry has it, else nothing."""
    return optional[field(name)]


pages = field("pages", apply_func=dashify)
date = words[optional_field("month"), field("year")]


class _DecodedPerson:
    """A pybtex person whose rich name parts are decoded (what pybtex's name styles read)."""

    __slots__ = ("_person",)

    def __init__(self, person: Any) -> None:
        self._person = person

    @property
    def rich_first_names(self) -> list[Text]:
        return [rich(n) for n in self._person.first_names]

    @property
    def rich_middle_names(self) -> list[Text]:
        return [rich(n) for n in self._person.middle_names]

    @property
    def rich_prelast_names(self) -> list[Text]:
        return [rich(n) for n in self._person.prelast_names]

    @property
    def rich_last_names(self) -> list[Text]:
        return [rich(n) for n in self._person.last_names]

    @property
    def rich_lineage_names(self) -> list[Text]:
        return [rich(n) for n in self._person.lineage_names]


class DecodedNameStyle(PlainNameStyle):  # type: ignore[misc]
    """pybtex's ``plain`` name style (``First von Last, Jr``) over decoded name parts."""

    def format(self, person: Any, abbr: bool = False) -> Any:
        """The name as pybtex's ``plain`` style formats it, from decoded parts."""
        return super().format(_DecodedPerson(person), abbr)


def _is_others(person: Any) -> bool:
    return str(person).lower() == "others"


def _last_name(person: Any) -> Text:
    """``von Last`` of a person, decoded (what ``author_year`` citations show)."""
    parts = [*person.prelast_names, *person.last_names]
    return Text(" ").join([rich(part) for part in parts])


def cited_names(persons: Iterable[Any], full: bool = False) -> Text:
    """Family names as an ``author_year`` citation shows them, ``and others`` as "et al.".

    One or two names (``Kaplan``, ``Patel and Amodei``), else the first and "et al." (for
    three or more, or for a list ending in ``and others``); ``full`` lists every name
    (``A, B, and C``), and "et al." only after an incomplete list.
    """
    persons = list(persons)
    named = [_last_name(p) for p in persons if not _is_others(p)]
    others = len(named) < len(persons)
    if not full and named and (len(named) >= 3 or others):
        return Text(named[0], " et al.")
    if len(named) <= 2:
        listed = Text(" and ").join(named)
    else:
        listed = Text(Text(", ").join(named[:-1]), ", and ", named[-1])
    return Text(listed, " et al.") if others else listed


@functools.cache
def _text_backend() -> Any:
    """The plain-text backend of pybtex, found once (a plugin lookup reads every entry point)."""
    return find_plugin("pybtex.backends", "text")()


def _plain(text: Text) -> str:
    """Rich text as plain text (``Text.render_as("text")`` without the plugin lookup)."""
    rendered: str = text.render(_text_backend())
    return rendered


def author_year_label(entry: Any) -> str:
    """``Kaplan, 2020``, ``Patel and Amodei, 2023``, ``Kaplan et al., 2020``.

    The text of the entry's parenthetical ``author_year`` citation (:func:`cited_names`
    and the year, ``n.d.`` without one); the editors when there is no author, else the
    title.
    """
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    if persons:
        who = _plain(cited_names(persons))
    else:
        who = _plain(rich(entry.fields["title"])) if "title" in entry.fields else ""
    year = _plain(rich(entry.fields["year"])) if "year" in entry.fields else "n.d."
    return f"{who}, {year}" if who else year


def disambiguated(entries: Iterable[Any]) -> dict[str, str]:
    """Entry key -> its author-year label, with ``a``, ``b`` ... where labels would be shared.

    Entries that share a label (:func:`author_year_label`) get letters after the year in the
    order of their keys (``Bai et al., 2022a``, ``Bai et al., 2022b``), so that a label does
    not depend on which other entries a bibliography lists or how it sorts them.
    """
    groups: dict[str, list[str]] = {}
    for entry in entries:
        groups.setdefault(author_year_label(entry), []).append(entry.key)
    labels: dict[str, str] = {}
    for label, keys in groups.items():
        if len(keys) == 1:
            labels[keys[0]] = label
            continue
        for number, key in enumerate(sorted(keys)):
            labels[key] = label + _suffix(number)
    return labels


def bibtex_labels(bibtex: str) -> dict[str, str]:
    """Entry key -> label for the entries of a BibTeX text (see :func:`disambiguated`)."""
    from pybtex.database import parse_string

    return disambiguated(parse_string(bibtex, "bibtex").entries.values())


class AuthorYearLabelStyle(BaseLabelStyle):  # type: ignore[misc]
    """Labels ``Kaplan et al., 2020``: the text of the entry's ``author_year`` citation.

    Entries that would share a label get ``a``, ``b`` ... after the year
    (``Bai et al., 2022a``; see :func:`disambiguated`), as author-year styles disambiguate.
    """

    def format_labels(self, sorted_entries: Iterable[Any]) -> Iterator[str]:
        """The labels of ``sorted_entries``, in order."""
        entries = list(sorted_entries)
        labels = disambiguated(entries)
        for entry in entries:
            yield labels[entry.key]


def _suffix(number: int) -> str:
    """``a`` ... ``z``, ``aa`` ...: the ``number``-th disambiguating suffix (0-based)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    suffix = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        suffix = letters[rest] + suffix
    return suffix


@node  # type: ignore[untyped-decorator]
def _names(children: Any, context: dict[str, Any], role: str, shown: int = 3) -> Text:
    """Names of ``role``, all of them or the first ``shown`` and "et al."."""
    assert not children
    persons = context["entry"].persons.get(role, [])
    style = context["style"]
    formatted = [
        style.format_name(person, style.abbreviate_names)
        for person in persons
        if not _is_others(person)
    ]
    others = len(formatted) < len(persons)
    if len(formatted) > MAX_NAMES or (others and len(formatted) > shown):
        return join(sep=", ")[formatted[:shown]].format_data(context) + Text(" et al.")
    if others:
        return join(sep=", ")[formatted].format_data(context) + Text(" et al.")
    return join(sep=", ", sep2=" and ", last_sep=", and ")[formatted].format_data(context)


class FeedciteStyle(UnsrtStyle):  # type: ignore[misc]
    """unsrt over decoded fields, with author-year labels and short author lists.

    Notes are left out, and a preprint is identified once.
    """

    default_sorting_style = "author_year_title"
    default_label_style = AuthorYearLabelStyle
    default_name_style = DecodedNameStyle

    def format_title(self, e: Any, which_field: str, as_sentence: bool = True) -> Any:
        """The title in sentence case, its protected parts as they are."""
        title = field(which_field, apply_func=lambda text: text.capitalize())
        return sentence[title] if as_sentence else title

    def format_btitle(self, e: Any, which_field: str, as_sentence: bool = True) -> Any:
        """A book or proceedings title, in italics, as written."""
        title = tag("em")[field(which_field)]
        return sentence[title] if as_sentence else title

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


# ------------------------------------------------------------- citations in the text


@node  # type: ignore[untyped-decorator]
def _cited(children: Any, data: dict[str, Any], role: str, full: bool = False) -> Text:
    """The ``role`` names of the cited entry (:func:`cited_names`)."""
    assert not children
    persons = data["entry"].persons.get(role)
    if not persons:
        raise FieldIsMissing(role, data["entry"])
    return cited_names(persons, full)


# The two referencing classes below are not in __all__: they extend sphinxcontrib-bibtex's
# dataclasses, whose annotations name types it imports only for type checking, so their
# hints cannot be resolved at run time. The extension registers the style by name.


@dataclasses.dataclass
class CitedPersonStyle(PersonStyle):  # type: ignore[misc]
    """sphinxcontrib-bibtex's person style over decoded names, ``and others`` as "et al."."""

    def names(self, role: str, full: bool) -> Any:
        """The ``role`` names (:func:`cited_names`)."""
        return _cited(role=role, full=full)

    def author_or_editor_or_title(self, full: bool) -> Any:
        """The authors, else the editors, else the title in italics."""
        return first_of[
            optional[_cited(role="author", full=full)],
            optional[_cited(role="editor", full=full)],
            tag("em")[field("title")],
        ]


@dataclasses.dataclass
class _LabelParenthetical(BasicAuthorYearParentheticalReferenceStyle):  # type: ignore[misc]
    """A parenthetical citation that is the entry's label (``[Bai et al., 2022a]``)."""

    def inner(self, role_name: str) -> Any:
        """Pre-text, the label as a link to the entry, post-text."""
        return join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
            pre_text, reference[entry_label], post_text
        ]


@dataclasses.dataclass
class FeedciteReferenceStyle(AuthorYearReferenceStyle):  # type: ignore[misc]
    """sphinxcontrib-bibtex's ``author_year`` citations, matching the bibliography's labels.

    ``bibtex_reference_style = "feedcite"``: ``author_year`` with :class:`CitedPersonStyle`
    (names decoded, ``Amodei and others`` cited as ``Amodei et al.``), and parenthetical
    citations (``{cite:p}``) that are the entry's :class:`AuthorYearLabelStyle` label, so
    that ``[Bai et al., 2022a]`` in the text is the label of the entry it links to.
    """

    person: PersonStyle = dataclasses.field(default_factory=CitedPersonStyle)

    def __post_init__(self) -> None:
        super().__post_init__()
        parenthetical = _LabelParenthetical(
            bracket=self.bracket_parenthetical,
            person=self.person,
            author_year_sep=self.author_year_sep,
            pre_text_sep=self.pre_text_sep,
            post_text_sep=self.post_text_sep,
        )
        self.role_style.update((name, parenthetical) for name in parenthetical.role_names())
