"""Grouping near-duplicate tags: the rule, the alias table, and the bundled feed."""

from __future__ import annotations

from collections import Counter

import pytest

from feedcite.enrich.context import Context
from feedcite.enrich.tag_groups import group_tags, rule_keys
from feedcite.errors import Code
from feedcite.model import Corpus, SourceSpan, TagGroup, Work
from feedcite.tag_file import TagAlias


def corpus_of(*tag_lists: tuple[str, ...]) -> Corpus:
    works = tuple(
        Work(f"w{n}", "paper", f"W{n}", "derived", tags=t) for n, t in enumerate(tag_lists)
    )
    return Corpus(documents=(), works=works)


def groups(corpus: Corpus) -> list[tuple[str, list[tuple[str, str]], int]]:
    return [(g.tag, list(g.members), g.works) for g in corpus.tag_groups]


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("scaling-laws", "llm-scaling-laws", "the generic qualifier llm-"),
        ("ai-alignment", "llm-alignment", "the generic qualifier llm-"),
        ("neural-network", "neural-networks", "singular and plural"),
        ("reward-learning", "learning-reward", "the same words in another order"),
        ("pre-training", "pretraining", "hyphenated differently"),
        ("ml-pre-training", "pretrainings", "the generic qualifier ml-, hyphenated differently"),
    ],
)
def test_the_rule_groups_the_same_words(a: str, b: str, why: str) -> None:
    found = group_tags(corpus_of((a,), (a, "other"), (b,)), Context())
    assert groups(found) == [(a, [(b, why)], 3)]
    assert [w.tags for w in found.works] == [(a,), (a, "other"), (a,)]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("deep-learning", "learning"),  # "deep" is not a generic qualifier
        ("language-models", "large-language-models"),  # another word
        ("ai", "ml"),  # a qualifier alone is a tag
        ("generative-models", "generative-modeling"),
        ("safety", "ai-safety-research"),
    ],
)
def test_the_rule_keeps_other_words_apart(a: str, b: str) -> None:
    found = group_tags(corpus_of((a,), (b,)), Context())
    assert (found.tag_groups, found.diagnostics) == ((), ())


def test_keys() -> None:
    assert rule_keys("llm-scaling-laws") == (("law", "scaling"), "scalinglaw")
    assert rule_keys("ai") == (("ai",), "ai")


def test_the_canonical_tag_is_the_most_used_then_the_shortest() -> None:
    found = group_tags(
        corpus_of(("llm-safety",), ("llm-safety",), ("ai-safety",), ("safety",)), Context()
    )
    assert groups(found) == [
        (
            "llm-safety",
            [("ai-safety", "the generic qualifier ai-"), ("safety", "the generic qualifier llm-")],
            4,
        )
    ]
    found = group_tags(corpus_of(("ai-safety",), ("safety",)), Context())
    assert found.tag_groups[0].tag == "safety"


def test_a_repeated_tag_is_kept_once() -> None:
    found = group_tags(corpus_of(("scaling-laws", "ai-scaling-laws", "rlhf")), Context())
    assert found.works[0].tags == ("scaling-laws", "rlhf")


def test_aliases_name_the_canonical_tag_and_distinct_keeps_tags_apart() -> None:
    span = SourceSpan("tags.toml", 5, 1)
    context = Context(
        tag_aliases=(
            TagAlias("scalable-supervision", "scalable-oversight", span),
            TagAlias("evals", "llm-evaluation", SourceSpan("tags.toml", 6, 1)),
        ),
        tag_distinct=frozenset({"ai-alignment"}),
    )
    found = group_tags(
        corpus_of(
            ("scalable-supervision",),
            ("scalable-supervision",),
            ("evals",),
            ("ai-evaluation",),
            ("ai-alignment",),
            ("alignment",),
        ),
        context,
    )
    assert groups(found) == [
        (
            "llm-evaluation",
            [
                ("ai-evaluation", "the generic qualifier ai-"),
                ("evals", "the alias table (tags.toml:6)"),
            ],
            2,
        ),
        ("scalable-oversight", [("scalable-supervision", "the alias table (tags.toml:5)")], 2),
    ]
    # the alias target was carried by no work; it is the canonical tag all the same
    assert [w.tags for w in found.works][:4] == [
        ("scalable-oversight",),
        ("scalable-oversight",),
        ("llm-evaluation",),
        ("llm-evaluation",),
    ]
    # one warning: the rule's grouping of ai-evaluation (not the aliases' own)
    assert [d.message for d in found.diagnostics] == [
        "tag 'ai-evaluation' (the generic qualifier ai-) is grouped under "
        "'llm-evaluation', which works carry instead; list a tag in 'distinct' of the tag "
        "file to keep it apart, or in its [aliases] to confirm"
    ]


def test_the_bundled_feed(corpus: Corpus) -> None:
    before = Counter(t for w in corpus.works if w.tag_split for t in w.tag_split.tags)
    after = Counter(t for w in corpus.works for t in w.tags)
    assert (len(before), len(after)) == (150, 138)
    assert (sum(n == 1 for n in before.values()), sum(n == 1 for n in after.values())) == (
        119,
        105,
    )
    assert corpus.tag_groups[-1] == TagGroup(
        "scaling-laws",
        (
            ("ai-scaling-laws", "the generic qualifier ai-"),
            ("llm-scaling-laws", "the generic qualifier llm-"),
        ),
        8,
    )
    by_rule = [g.tag for g in corpus.tag_groups if not g.members[0][1].startswith("the alias")]
    assert by_rule == ["ai-alignment", "scaling-laws"]
    assert len(corpus.tag_groups) == 11
    warnings = [d for d in corpus.diagnostics if d.code is Code.TAG_GROUP]
    assert [(d.span.path, d.span.line, d.span.column, d.span.length) for d in warnings] == [
        ("refs/captures/amodei-feed.txt", 4, 1, 15),
        ("refs/captures/amodei-feed.txt", 12, 1, 13),
    ]
    assert warnings[1].message.startswith(
        "tag 'llm-alignment' (the generic qualifier llm-) is grouped under 'ai-alignment'"
    )
