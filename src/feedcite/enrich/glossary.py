"""The corpus glossary: terms from the reading notes and the glossary file, with occurrences.

Terms come from two places: the glossary sections of notes documents (parsed, never
copied) and ``[[term]]`` entries of the glossary file; ``[[annotate]]`` entries add
aliases and related works to a notes term. Every match of every term and alias in every
text unit (feed items, transcript chapters, notes, summaries, reviews), except the line
that defines the term, is a candidate use; the mention rule
(:mod:`feedcite.enrich.mentions`) keeps codes, rare words, phrases and a term's own name,
and a single ordinary word cut from a longer term (``debate`` for ``AI safety via
debate``) only with evidence: a defining context, another form of the term, two words of
its definition, or another term nearby. A match that is part of a known person's name
(:func:`feedcite.enrich.people.name_spans`: ``Han`` in ``Han Seo-yeon``, or alone in a
document that names her) is not a use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from feedcite._strings import collation_key, slug, unique_name
from feedcite.enrich._units import context_of, text_units
from feedcite.enrich._words import stem
from feedcite.enrich.context import Context
from feedcite.enrich.mentions import (
    Candidate,
    Decision,
    Form,
    FormKind,
    MentionContext,
    Target,
    candidates_in,
    classify,
    content_words,
    topic,
    written_as_name,
)
from feedcite.enrich.people import name_spans
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.model import Corpus, Notes, Occurrence, SourceSpan, Term, TextUnit

__all__ = [
    "build_glossary",
    "decide_term",
    "defining",
    "term_candidates",
    "term_forms",
    "term_targets",
]


def term_forms(term: Term) -> list[str]:
    """The forms searched for a term: the term itself and its aliases, longest first."""
    return sorted(dict.fromkeys([term.term, *term.aliases]), key=lambda f: (-len(f), f))


def _collect(corpus: Corpus, context: Context) -> tuple[list[Term], list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    terms: dict[str, Term] = {}
    unnamed: dict[str, str] = {}
    for document in corpus.documents:
        if not isinstance(document, Notes):
            continue
        for entry in document.glossary:
            # The same term in two notes is one term; a term with nothing that has an ASCII
            # form (``∞``) gets an id of its own.
            term_id = slug(entry.short)
            if not term_id:
                term_id = unnamed.get(entry.short) or unique_name(
                    "term", {*terms, *unnamed.values()}
                )
                unnamed[entry.short] = term_id
            if term_id in terms:
                continue
            aliases = (entry.expansion,) if entry.expansion else ()
            terms[term_id] = Term(
                id=term_id,
                term=entry.short,
                definition=entry.definition,
                aliases=aliases,
                source=document.path,
                source_span=entry.span,
            )
    glossary = context.glossary
    if glossary is not None:
        diagnostics.extend(glossary.diagnostics)
        known_works = {w.id for w in corpus.works}
        for annotation in glossary.annotations:
            target = next(
                (
                    t
                    for t in terms.values()
                    if annotation.term.casefold()
                    in (t.term.casefold(), *(a.casefold() for a in t.aliases))
                ),
                None,
            )
            if target is None:
                diagnostics.append(
                    Diagnostic(
                        Code.GLOSSARY,
                        f"[[annotate]] names {annotation.term!r}, which no notes glossary "
                        "defines; ignored",
                        annotation.span,
                        Severity.WARNING,
                    )
                )
                continue
            terms[target.id] = replace(
                target,
                aliases=tuple(dict.fromkeys((*target.aliases, *annotation.aliases))),
                related_works=tuple(
                    dict.fromkeys((*target.related_works, *annotation.related_works))
                ),
            )
        for extra in glossary.terms:
            if extra.id in terms:
                diagnostics.append(
                    Diagnostic(
                        Code.GLOSSARY,
                        f"term {extra.term!r} is already defined by the notes; use "
                        "[[annotate]] to add to it; this entry is ignored",
                        extra.span,
                        Severity.WARNING,
                    )
                )
                continue
            source = _source_path(corpus, extra.source)
            terms[extra.id] = Term(
                id=extra.id,
                term=extra.term,
                definition=extra.definition,
                aliases=extra.aliases,
                related_works=extra.related_works,
                source=source or glossary.path,
                source_span=extra.span if source is None else None,
            )
        for term in terms.values():
            for work_id in term.related_works:
                if work_id not in known_works:
                    diagnostics.append(
                        Diagnostic(
                            Code.GLOSSARY,
                            f"term {term.term!r} names related work {work_id!r}, which is "
                            "not in the corpus",
                            term.source_span or SourceSpan(glossary.path, 1),
                            Severity.WARNING,
                        )
                    )
    return list(terms.values()), diagnostics


def _source_path(corpus: Corpus, source: str | None) -> str | None:
    """The document path that ends with ``source`` (paths in the glossary file are relative)."""
    if not source:
        return None
    for document in corpus.documents:
        if document.path == source or document.path.endswith("/" + source.lstrip("./")):
            return document.path
    return None


#: Words of the definition near a form that is one ordinary word that make it a use.
DEFINITION_WORDS = 2

_DEFINING_BEFORE = re.compile(
    r"(?:\bcall(?:s|ed)?(?:\s+(?:it|this|that|them|these|those))?(?:\s+(?:an?|the))?"
    r"|\bknown\s+as|\bterm(?:ed)?|\bthe\s+(?:idea|concept|notion)\s+of"
    r"|\bwhat\s+(?:is|are)|\bwhat'?s|\bwhat\s+(?:a|an))\s*[\"“‘']?\s*$",
    re.IGNORECASE,
)
_DEFINING_AFTER = re.compile(r"\A[\"”’']?\s*(?:is|are|refers\s+to|means)\b", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:\A|[.!?:;]\s+|\n)(?:the\s+)?\Z", re.IGNORECASE)


def term_targets(terms: Sequence[Term]) -> list[Target]:
    """Every term as the mention rule sees it: its forms, classified, and its definition.

    A form that is one ordinary word is the term's *headword* when the term itself is
    that word (or the form inflects it: ``circuit`` for ``circuits``): the glossary chose
    it as the name. It is a *shortening* when it is one word cut from a longer term
    (``debate`` from ``AI safety via debate``): those need evidence nearby.
    """
    targets = []
    for term in terms:
        own = [stem(w.lower()) for w in re.findall(r"[^\W_]+", term.term)]
        forms = []
        for text in term_forms(term):
            form = classify(text)
            if form.kind is FormKind.WORD and len(own) == 1 and _inflects(text, own[0]):
                form = replace(form, kind=FormKind.HEADWORD, why="the term's own name")
            elif form.kind is FormKind.WORD:
                form = replace(form, why=f"one ordinary word of the term {term.term!r}")
            forms.append(form)
        forms.sort(key=lambda f: (-len(f.text), f.text))
        topic = content_words(" ".join((term.definition, *term_forms(term))))
        targets.append(Target(id=term.id, kind="term", forms=tuple(forms), topic=topic))
    return targets


def _inflects(word: str, headword: str) -> bool:
    """Whether ``word`` is ``headword`` or an inflection of it.

    The same first five letters: ``circuit`` / ``circuits``, ``calibrated`` / ``calibration``.
    """
    mine = stem(word.lower())
    return mine == headword or (len(mine) >= 5 and mine[:5] == headword[:5])


def defining(context: MentionContext) -> bool:
    """Whether the text around a match defines or names the term.

    ``what's called X``, ``we call that an X``, ``known as X``, or ``X is ...`` opening a
    sentence.
    """
    text = context.unit.text
    before = text[max(0, context.start - 40) : context.start]
    if _DEFINING_BEFORE.search(before):
        return True
    return bool(_SENTENCE_START.search(before)) and bool(
        _DEFINING_AFTER.match(text[context.end : context.end + 20].lstrip())
    )


def decide_term(target: Target, form: Form, context: MentionContext) -> Decision:
    """Whether a match of a term's form is a use of the term.

    See :mod:`feedcite.enrich.mentions` for the rule.
    """
    if form.kind in (FormKind.CODE, FormKind.RARE, FormKind.PHRASE, FormKind.HEADWORD):
        return (form.why,), None
    if form.kind is FormKind.NAME and len(form.text.split()) > 1:
        return (form.why, "a name of several words"), None
    if form.kind is FormKind.NAME and written_as_name(form, context):
        return (form.why, "written with its capitals"), None
    if defining(context):
        return (form.why, "in a defining context"), None
    if context.companions:
        named = ", ".join(f.text for f in context.companions)
        return (form.why, f"beside another form of the term: {named}"), None
    words = topic(target, context)
    if len(words) >= DEFINITION_WORDS:
        return (form.why, "words of its definition nearby: " + ", ".join(words)), None
    if context.neighbours:
        return (form.why, "beside other terms: " + ", ".join(context.neighbours)), None
    return (), f"{form.why}, with no definition words or other terms nearby"


def term_candidates(corpus: Corpus, context: Context) -> list[Candidate]:
    """Every match of every term's forms, each with its decision (accepted or why not).

    Terms (those ``build_glossary`` collects) are searched in every text unit, except the line
    that defines the term.
    """
    return _candidates(corpus, _collect(corpus, context)[0], context)


def _candidates(corpus: Corpus, terms: Sequence[Term], context: Context) -> list[Candidate]:
    spans = {term.id: term.source_span for term in terms}

    def skip(unit: TextUnit, target: Target) -> bool:
        span = spans[target.id]
        return unit.location.span is not None and unit.location.span == span

    names = name_spans(corpus, context, (form for term in terms for form in term_forms(term)))
    return candidates_in(
        text_units(corpus),
        term_targets(terms),
        decide_term,
        skip=skip,
        neighbours=True,
        reserved=names,
    )


def build_glossary(corpus: Corpus, context: Context) -> Corpus:
    """Collect the glossary and find every use of every term (the candidates accepted)."""
    terms, diagnostics = _collect(corpus, context)
    found: dict[str, list[Occurrence]] = {term.id: [] for term in terms}
    for candidate in _candidates(corpus, terms, context):
        if candidate.accepted:
            unit = candidate.unit
            found[candidate.target].append(
                Occurrence(
                    candidate.text,
                    candidate.form.text,
                    unit.location,
                    context_of(unit.text, candidate.start, candidate.end),
                    candidate.start,
                    candidate.evidence,
                )
            )
    result: list[Term] = []
    for term in sorted(terms, key=lambda t: collation_key(t.term)):
        occurrences = found[term.id]
        first_span = next(
            (o.location.span for o in occurrences if o.location.path == term.source), None
        )
        span = term.source_span or first_span
        result.append(replace(term, occurrences=tuple(occurrences), source_span=span))
    return replace(
        corpus,
        glossary=tuple(result),
        diagnostics=tuple(corpus.diagnostics) + tuple(diagnostics),
    )
