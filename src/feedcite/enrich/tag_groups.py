"""Grouping near-duplicate tags under one canonical tag.

Feeds tag the same idea in several ways (``scaling-laws``, ``ai-scaling-laws``,
``llm-scaling-laws``). This step groups such tags and gives each work the canonical tag
of each group; the tags as split stay in :attr:`~feedcite.model.Work.tag_split`, the
evidence of what the feed wrote.

**The rule** is deliberately conservative: two tags are grouped only when they are made
of the same words, once these differences are set aside:

* a leading *generic qualifier* that names the field itself (:data:`QUALIFIERS`: ``ai-``,
  ``ml-``, ``llm-``, ``llms-``): in a corpus about AI research every tag could carry it, so
  it tells the tags apart by nothing (``llm-alignment`` / ``ai-alignment``). Qualifiers that
  change the meaning (``deep-learning`` is not ``learning``) are not in the list;
* plural and singular (``neural-network`` / ``neural-networks``);
* the order of the words (``reward-learning`` / ``learning-reward``);
* hyphenation (``pre-training`` / ``pretraining``).

Synonyms and abbreviations (``scalable-supervision`` / ``scalable-oversight``,
``ai-evals`` / ``llm-evaluation``) are beyond any such rule: the tag file's ``[aliases]``
table names them. Its ``distinct`` list keeps tags the rule would group apart.

The canonical tag of a group is one an alias names, if any; otherwise the tag most works
carry (ties: fewer words, then alphabetical). Every group the rule makes (and no alias
confirms) is reported as a ``tag-group`` warning at the first tag line that has one of its
tags, so that a wrong grouping can be seen and undone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from feedcite.enrich._words import stem
from feedcite.enrich.context import Context
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import Corpus, SourceSpan, TagGroup, Work
from feedcite.tag_file import TagAlias

__all__ = ["QUALIFIERS", "group_tags", "rule_keys"]

QUALIFIERS = frozenset({"ai", "ml", "llm", "llms"})
"""Leading words that name the field itself; a tag with one means the tag without it."""


def _split(tag: str) -> tuple[str | None, list[str]]:
    """The tag's generic qualifier (if any) and its other words."""
    words = [w for w in tag.split("-") if w]
    if len(words) > 1 and words[0] in QUALIFIERS:
        return words[0], words[1:]
    return None, words


def rule_keys(tag: str) -> tuple[tuple[str, ...], str]:
    """What the rule compares; two tags sharing either key are grouped.

    The tag's words (qualifier dropped, plural-insensitive) in sorted order, and the
    same words joined with no hyphens, in order.
    """
    _, words = _split(tag)
    stems = [stem(w) for w in words]
    return tuple(sorted(stems)), "".join(stems)


def _why(member: str, partner: str) -> str:
    """Why the rule grouped ``member`` with ``partner`` (which share a key), in words."""
    (q1, w1), (q2, w2) = _split(member), _split(partner)
    s1, s2 = [stem(w) for w in w1], [stem(w) for w in w2]
    reasons = []
    if q1 != q2:
        reasons.append(f"the generic qualifier {q1 or q2}-")
    if len(w1) != len(w2):
        reasons.append("hyphenated differently")
    else:
        if sorted(w1) != sorted(w2):  # the same stems, so some word differs in number
            reasons.append("singular and plural")
        if s1 != s2:
            reasons.append("the same words in another order")
    return ", ".join(reasons) or "the same words"


class _Groups:
    """Union-find over tags."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, tag: str) -> str:
        root = self.parent.setdefault(tag, tag)
        while root != self.parent[root]:
            root = self.parent[root]
        while tag != root:  # path compression
            self.parent[tag], tag = root, self.parent[tag]
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_tags(corpus: Corpus, context: Context) -> Corpus:
    """Group near-duplicate tags; give each work the canonical tag of each of its tags."""
    carried: Counter[str] = Counter(t for w in corpus.works for t in dict.fromkeys(w.tags))
    aliases = {a.tag: a for a in context.tag_aliases}

    def resolve(tag: str) -> str:
        seen = {tag}
        while tag in aliases and aliases[tag].canonical not in seen:
            tag = aliases[tag].canonical
            seen.add(tag)
        return tag

    groups = _Groups()
    named: set[str] = set()
    for tag in carried:
        target = resolve(tag)
        groups.find(tag)
        if target != tag:
            named.add(target)
            groups.join(tag, target)
    by_key: dict[object, str] = {}
    ruled: dict[str, str] = {}  # tag -> the tag the rule grouped it with
    for tag in sorted(carried.keys() | named):
        if tag in context.tag_distinct:
            continue
        for key in rule_keys(tag):
            other = by_key.setdefault(key, tag)
            if other != tag and groups.find(other) != groups.find(tag):
                groups.join(other, tag)
                ruled.setdefault(tag, other)
    members: dict[str, list[str]] = {}
    for tag in sorted(carried.keys() | named):
        members.setdefault(groups.find(tag), []).append(tag)
    canonical: dict[str, str] = {}
    found: list[TagGroup] = []
    diagnostics: list[Diagnostic] = []
    for tags in members.values():
        choices = [t for t in tags if t in named] or tags
        head = min(choices, key=lambda t: (-carried[t], len(t.split("-")), t))
        for tag in tags:
            canonical[tag] = head
        others = [t for t in tags if t != head and t in carried]
        if not others:
            continue
        why = [(t, _reason(t, head, aliases, ruled)) for t in others]
        carrying = sum(1 for w in corpus.works if any(t in tags for t in w.tags))
        found.append(TagGroup(head, tuple(why), carrying))
        made = [t for t in others if t not in aliases]
        if made:
            diagnostics.append(_warning(corpus.works, head, made, dict(why)))
    works = tuple(_regroup(w, canonical) for w in corpus.works)
    return replace(
        corpus,
        works=works,
        tag_groups=tuple(sorted(found, key=lambda g: g.tag)),
        diagnostics=(*corpus.diagnostics, *diagnostics),
    )


def _reason(tag: str, head: str, aliases: dict[str, TagAlias], ruled: dict[str, str]) -> str:
    alias = aliases.get(tag)
    if alias is not None:
        return f"the alias table ({alias.span.path}:{alias.span.line})"
    partner = head if set(rule_keys(tag)) & set(rule_keys(head)) else ruled.get(tag, head)
    if partner == tag:
        partner = head
    why = _why(tag, partner)
    return why if partner == head else f"{why} (as {partner})"


def _regroup(work: Work, canonical: dict[str, str]) -> Work:
    tags = tuple(dict.fromkeys(canonical.get(t, t) for t in work.tags))
    return work if tags == work.tags else replace(work, tags=tags)


def _warning(
    works: tuple[Work, ...], head: str, made: list[str], why: dict[str, str]
) -> Diagnostic:
    listed = ", ".join(f"{t!r} ({why[t]})" for t in made)
    verb = "is" if len(made) == 1 else "are"
    message = (
        f"tag{'s' if len(made) > 1 else ''} {listed} {verb} grouped under {head!r}, which "
        "works carry instead; list a tag in 'distinct' of the tag file to keep it apart, or "
        "in its [aliases] to confirm"
    )
    for work in works:
        item = work.item
        if item is None or work.tag_split is None:
            continue
        present = [t for t in made if t in work.tag_split.tags]
        if not present:
            continue
        lines = item.raw.split("\n")
        index = next((i for i, line in enumerate(lines) if line.strip() == item.tag_line), 2)
        line = lines[index] if index < len(lines) else item.tag_line
        found = re.search(re.escape(present[0]), line, re.IGNORECASE)
        column = found.start() + 1 if found else 1
        span = SourceSpan(item.span.path, item.span.line + index, column, len(present[0]))
        return Diagnostic(Code.TAG_GROUP, message, span, Severity.WARNING, line)
    return Diagnostic(Code.TAG_GROUP, message, SourceSpan("<tags>", 1), Severity.WARNING)
