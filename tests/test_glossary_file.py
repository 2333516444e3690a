"""The glossary file: every wrong shape is a located error, and only valid values are used."""

from __future__ import annotations

import pytest

from feedcite.glossary_file import parse_glossary_file
from tests.conftest import REFS


def heads(toml: str) -> list[str]:
    return [d.format().split("\n")[0] for d in parse_glossary_file(toml, "g.toml").diagnostics]


def test_the_bundled_glossary_is_valid() -> None:
    glossary = parse_glossary_file((REFS / "glossary.toml").read_text(encoding="utf-8"), "g.toml")
    assert glossary.diagnostics == ()
    assert glossary.terms
    assert glossary.annotations


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (
            'term = ["x", "y"]\n',
            [
                "g.toml:1:9: error[glossary]: each 'term' entry must be a table ([[term]]), not a string; skipped",
                "g.toml:1:14: error[glossary]: each 'term' entry must be a table ([[term]]), not a string; skipped",
            ],
        ),
        (
            'term = "x"\n',
            ["g.toml:1:1: error[glossary]: 'term' must be [[term]] tables, not a string; ignored"],
        ),
        (
            '[term]\nterm = "x"\n',
            ["g.toml:1:2: error[glossary]: 'term' must be [[term]] tables, not a table; ignored"],
        ),
        (
            "annotate = [1]\n",
            [
                "g.toml:1:13: error[glossary]: each 'annotate' entry must be a table ([[annotate]]), not an integer; skipped"
            ],
        ),
        (
            "[words]\na = 1\n",
            [
                "g.toml:1:2: error[glossary]: unknown top-level key 'words' (expected [[term]] or [[annotate]] tables); ignored"
            ],
        ),
        (
            '[[term]]\nterm = "a"\ndefinition = "d"\naliases = "x"\n',
            [
                "g.toml:4:11: error[glossary]: 'aliases' must be an array of strings, not a string; ignored"
            ],
        ),
        (
            '[[term]]\nterm = "a"\ndefinition = "d"\nrelated_works = ["ok", 1]\n',
            [
                "g.toml:4:24: error[glossary]: 'related_works' must be an array of non-empty strings; ignored"
            ],
        ),
        (
            '[[annotate]]\nterm = "a"\naliases = ["b", " "]\n',
            [
                "g.toml:3:17: error[glossary]: 'aliases' must be an array of non-empty strings; ignored"
            ],
        ),
        (
            '[[term]]\nterm = ""\ndefinition = "d"\n',
            ["g.toml:2:8: error[glossary]: [[term]] has an empty 'term'; skipped"],
        ),
        (
            '[[term]]\nterm = 3\ndefinition = "d"\n',
            [
                "g.toml:2:8: error[glossary]: 'term' must be a string, not an integer; [[term]] skipped"
            ],
        ),
        (
            '[[term]]\ndefinition = "d"\n',
            ["g.toml:1:1: error[glossary]: [[term]] needs a 'term'; skipped"],
        ),
        (
            '[[term]]\nterm = "a"\ndefinition = 3\n',
            [
                "g.toml:3:14: error[glossary]: 'definition' must be a string, not an integer; [[term]] skipped"
            ],
        ),
        (
            '[[term]]\nterm = "a"\ndefinition = " "\n',
            ["g.toml:1:1: error[glossary]: term 'a' has no definition; skipped"],
        ),
        (
            '[[term]]\nterm = "!!"\ndefinition = "d"\n',
            [
                "g.toml:2:8: error[glossary]: term '!!' has no letter or digit to make an id from; give it an 'id'; skipped"
            ],
        ),
        (
            '[[term]]\nid = "Bad Id"\nterm = "a b"\ndefinition = "d"\n',
            [
                "g.toml:2:6: error[glossary]: id 'Bad Id' is not a lowercase slug (a-z, 0-9, -); ignored"
            ],
        ),
        (
            '[[term]]\nterm = "a"\ndefinition = "d"\nsource = 3\ncolour = 1\n',
            [
                "g.toml:4:10: error[glossary]: 'source' must be a string, not an integer; ignored",
                "g.toml:5:1: error[glossary]: unknown key 'colour' in [[term]]; ignored",
            ],
        ),
        (
            'term = [{term = "a", definition = "b"}, {term = "A", definition = "c"}]\n',
            [
                "g.toml:1:41: error[glossary]: duplicate term id 'a' (first at line 1); skipped",
            ],
        ),
    ],
    ids=[
        "term-an-array-of-strings",
        "term-a-string",
        "term-a-single-table",
        "annotate-an-array-of-integers",
        "unknown-top-level-key",
        "aliases-a-string",
        "related-works-not-strings",
        "alias-empty",
        "term-empty",
        "term-not-a-string",
        "term-missing",
        "definition-not-a-string",
        "definition-blank",
        "term-without-letters",
        "id-not-a-slug",
        "source-not-a-string-and-unknown-key",
        "duplicate-id",
    ],
)
def test_wrong_shapes_are_located_errors(toml: str, expected: list[str]) -> None:
    assert heads(toml) == expected


def test_only_valid_values_are_used() -> None:
    toml = (
        '[[term]]\nid = "Bad"\nterm = " Soil "\ndefinition = "Dirt,\\n  alive."\n'
        'aliases = "soil"\nrelated_works = ["a", "a", "b"]\nsource = 3\n'
    )
    (term,) = parse_glossary_file(toml, "g.toml").terms
    assert (term.id, term.term, term.definition, term.aliases, term.related_works, term.source) == (
        "soil",
        "Soil",
        "Dirt, alive.",
        (),
        ("a", "b"),
        None,
    )
    assert term.span.line == 1
