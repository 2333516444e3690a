"""One escaper for every field: any text survives BibTeX parsing and LaTeX decoding.

The decoding side is pylatexenc (what bibtexparser's LatexDecodingMiddleware uses), taught
the two text-mode brace macros it lacks (``\\textbraceleft``, ``\\textbraceright``), which
the escaper uses only for unbalanced braces. Verbatim fields (url, doi, eprint) are not
LaTeX-decoded by biblatex or url.sty, so they are checked to read back unchanged.
"""

from __future__ import annotations

import re

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from feedcite.export.latex import escape, protect_title, verbatim


def _decoder() -> LatexNodes2Text:
    db = get_default_latex_context_db()
    db.add_context_category(
        "feedcite-braces",
        prepend=True,
        macros=[MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}")],
    )
    return LatexNodes2Text(latex_context=db)


DECODER = _decoder()


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def bib(fields: dict[str, str]) -> str:
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    return "@misc{key,\n" + body + "}\n"


def read_back(fields: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Each field decoded after reading with pybtex and with bibtexparser."""
    text = bib(fields)
    pybtex_fields = parse_string(text, "bibtex").entries["key"].fields
    library = bibtexparser.parse_string(
        text, append_middleware=[LatexDecodingMiddleware(decoder=_decoder())]
    )
    assert library.failed_blocks == []
    (entry,) = library.entries
    pybtex_decoded = {name: DECODER.latex_to_text(pybtex_fields[name]) for name in fields}
    bibtexparser_decoded = {name: entry.fields_dict[name].value for name in fields}
    return pybtex_decoded, bibtexparser_decoded


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029")
    | st.sampled_from(" \t\n\\{}%&#_$^~-`'\"<>,?!@"),
    max_size=60,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, note=TEXT)
def test_any_text_round_trips_through_pybtex_and_bibtexparser(title: str, note: str) -> None:
    fields = {"title": escape(title), "note": escape(note)}
    for decoded in read_back(fields):
        assert normal(decoded["title"]) == normal(title)
        assert normal(decoded["note"]) == normal(note)


@settings(max_examples=200, deadline=None)
@given(title=TEXT)
def test_protected_titles_round_trip(title: str) -> None:
    (pybtex_decoded, bibtexparser_decoded) = read_back(
        {"title": protect_title(title, frozenset({"atari"}))}
    )
    assert normal(pybtex_decoded["title"]) == normal(title)
    assert normal(bibtexparser_decoded["title"]) == normal(title)


@pytest.mark.parametrize(
    "text",
    [
        "50% & #1 of a_b costs $5 ^ 2 ~ 3 \\ backslash",
        "{balanced} and {nested {braces}}",
        "unbalanced { open",
        "unbalanced } close",
        "}{ reversed",
        "a--b and a---b, ``quotes'' and ‘curly’ “quotes” and \"straight\"",
        "Ελληνικά, русский, 中文, हिन्दी, العربية, emoji 🙂",
        "Tkačik, Lukošiūtė, Ó hÉigeartaigh",
        "@misc{injected, title={x}}",
        "\\end{document} \\input{/etc/passwd} $\\alpha$",
    ],
)
def test_explicit_cases(text: str) -> None:
    for decoded in read_back({"title": escape(text)}):
        assert normal(decoded["title"]) == normal(text)


def test_escaped_values_have_balanced_braces_and_no_raw_specials() -> None:
    value = escape("{ { } % # & _ $ ^ ~ \\ }")
    depth = 0
    for ch in value:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0
    assert not re.search(r"(?<!\\)[%#&_$]", value)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a_b%20c#frag~user",
        "https://example.org/path?x=1&y=2",
        "https://example.org/{weird}",
        "https://example.org/with space/ünïcode",
    ],
)
def test_urls_are_verbatim_and_read_back_unchanged(url: str) -> None:
    value = verbatim(url)
    assert "{" not in value
    assert "}" not in value
    assert " " not in value
    text = bib({"url": value})
    assert parse_string(text, "bibtex").entries["key"].fields["url"] == value
    assert bibtexparser.parse_string(text).entries[0]["url"] == value
    if all(ord(c) < 128 and c not in "{} " for c in url):
        assert value == url


def test_title_protection() -> None:
    assert (
        protect_title("GPT-3 and RLHF on Atari games", frozenset({"atari"}))
        == "{GPT}-3 and {RLHF} on {Atari} games"
    )
    assert protect_title("Deep reinforcement learning") == "Deep reinforcement learning"
    assert protect_title("iPhone (Apple)") == "{iPhone} (Apple)"
