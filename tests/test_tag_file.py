"""The tag file (refs/tags.toml): vocabulary, tags kept apart, aliases, located errors."""

from __future__ import annotations

from pathlib import Path

from feedcite.corpus import read_config, read_context
from feedcite.errors import Code
from feedcite.model import SourceSpan
from feedcite.tag_file import TagAlias, parse_tag_file

GOOD = """\
tags = ["Superalignment", " weak-to-strong "]
distinct = ["ai-ethics"]

[aliases]
"scalable-supervision" = "scalable-oversight"
llm-evaluation = 'ai-evals'
"""


def test_a_good_file() -> None:
    found = parse_tag_file(GOOD, "tags.toml")
    assert found.diagnostics == ()
    assert found.vocabulary == {"superalignment", "weak-to-strong"}
    assert found.distinct == {"ai-ethics"}
    assert found.aliases == (
        TagAlias("scalable-supervision", "scalable-oversight", SourceSpan("tags.toml", 5, 2, 20)),
        TagAlias("llm-evaluation", "ai-evals", SourceSpan("tags.toml", 6, 1, 14)),
    )


def messages(text: str) -> list[tuple[int, int, str]]:
    found = parse_tag_file(text, "tags.toml")
    assert all(d.code is Code.CONFIG and d.is_error for d in found.diagnostics)
    return [(d.span.line, d.span.column, d.message) for d in found.diagnostics]


def test_bad_entries_are_located_and_the_rest_is_used() -> None:
    text = """\
tags = "rlhf"
distinct = ["Not A Tag", "fine-tag"]
colour = 1

[aliases]
"x" = "x"
"ai-safety" = 3
"Bad Tag" = "tag"
"a" = "b"
"b" = "c"
"c" = "a"
"kept" = "canonical"
"""
    assert messages(text) == [
        (3, 1, "unknown key 'colour' in the tag file (expected tags, distinct, aliases)"),
        (1, 1, "'tags' must be a list of strings; the vocabulary was not used"),
        (2, 1, "'Not A Tag' in 'distinct' is not a tag (lowercase-kebab-case)"),
        (6, 2, "alias 'x' names itself; it was not used"),
        (7, 2, "alias 'ai-safety' must name a tag, not an integer; it was not used"),
        (8, 2, "'Bad Tag' is not a tag (lowercase-kebab-case); alias 'Bad Tag' was not used"),
        (9, 2, "aliases go round in a circle (a -> b -> c -> a); alias 'a' was not used"),
        (10, 2, "aliases go round in a circle (b -> c -> a -> b); alias 'b' was not used"),
        (11, 2, "aliases go round in a circle (c -> a -> b -> c); alias 'c' was not used"),
    ]
    found = parse_tag_file(text, "tags.toml")
    assert found.distinct == {"fine-tag"}
    assert [(a.tag, a.canonical) for a in found.aliases] == [("kept", "canonical")]


def test_tags_may_be_written_in_any_script_but_in_lower_case() -> None:
    found = parse_tag_file(
        'distinct = ["économie-publique", "Économie", "fiscalité", "मशीन-लर्निंग"]\n', "t.toml"
    )
    assert found.distinct == {"économie-publique", "fiscalité", "मशीन-लर्निंग"}
    assert [d.message for d in found.diagnostics] == [
        "'Économie' in 'distinct' is not a tag (lowercase-kebab-case)"
    ]


def test_aliases_must_be_a_table() -> None:
    assert messages('aliases = ["a"]\n') == [
        (1, 1, "'aliases' must be a table of tag = \"tag\", not an array; no alias was used")
    ]


def test_a_syntax_error_is_located() -> None:
    found = parse_tag_file("tags = [\n", "tags.toml")
    assert [(d.code, d.span.line) for d in found.diagnostics] == [(Code.META_SYNTAX, 1)]


def test_the_corpus_reads_it_into_the_context(tmp_path: Path) -> None:
    (tmp_path / "tags.toml").write_text(GOOD + '"a" = "a"\n', encoding="utf-8")
    (tmp_path / "corpus.toml").write_text(
        '[corpus]\nname = "X"\nvocabulary = "tags.toml"\n', encoding="utf-8"
    )
    context = read_context(read_config(tmp_path / "corpus.toml", allow_empty=True))
    assert context.vocabulary == {"superalignment", "weak-to-strong"}
    assert context.tag_distinct == {"ai-ethics"}
    assert [(a.tag, a.canonical) for a in context.tag_aliases] == [
        ("scalable-supervision", "scalable-oversight"),
        ("llm-evaluation", "ai-evals"),
    ]
    (problem,) = context.diagnostics
    assert (problem.span.line, problem.message) == (7, "alias 'a' names itself; it was not used")
    assert problem.span.path.endswith("tags.toml")
