"""The corpus glossary: terms from the reading notes and the glossary file, with occurrences.

Terms come from two places: the glossary sections of notes documents (parsed, never
copied) and ``[[term]]`` entries of the glossary file; ``[[annotate]]`` entries add
aliases and related works to a notes term. Every occurrence of every term and alias is
found in every text unit (feed items, transcript chapters, notes, summaries, reviews),
except the line that defines the term.
"""

from __future__ import annotations

from dataclasses import replace

from feedcite.enrich._units import context_of, text_units
from feedcite.enrich.context import Context
from feedcite.enrich.links import alias_pattern, needle
from feedcite.errors import Code, Diagnostic, Severity
from feedcite.glossary_file import slug
from feedcite.model import Corpus, Notes, Occurrence, SourceSpan, Term

__all__ = ["build_glossary", "term_forms"]


def term_forms(term: Term) -> list[str]:
    """The forms searched for a term: the term itself and its aliases, longest first."""
    return sorted(dict.fromkeys([term.term, *term.aliases]), key=lambda f: (-len(f), f))


def _collect(corpus: Corpus, context: Context) -> tuple[list[Term], list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    terms: dict[str, Term] = {}
    for document in corpus.documents:
        if not isinstance(document, Notes):
            continue
        for entry in document.glossary:
            term_id = slug(entry.short)
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


def build_glossary(corpus: Corpus, context: Context) -> Corpus:
    """Collect the glossary and find every occurrence of every term."""
    terms, diagnostics = _collect(corpus, context)
    units = list(text_units(corpus))
    lowered = [unit.text.lower() for unit in units]
    result: list[Term] = []
    for term in sorted(terms, key=lambda t: t.term.casefold()):
        patterns = [(form, alias_pattern(form), needle(form)) for form in term_forms(term)]
        occurrences: list[Occurrence] = []
        first_span: SourceSpan | None = None
        for unit, lower in zip(units, lowered, strict=True):
            location = unit.location
            if location.span is not None and location.span == term.source_span:
                continue  # the definition itself
            taken: list[tuple[int, int]] = []
            for form, pattern, word in patterns:
                if word not in lower:
                    continue  # a quick test before the regular expression
                for found in pattern.finditer(unit.text):
                    if any(a < found.end() and found.start() < b for a, b in taken):
                        continue  # inside a longer form already found here
                    taken.append((found.start(), found.end()))
                    occurrences.append(
                        Occurrence(
                            found.group(),
                            form,
                            location,
                            context_of(unit.text, found.start(), found.end()),
                            found.start(),
                        )
                    )
                    if first_span is None and location.path == term.source:
                        first_span = location.span
        span = term.source_span or first_span
        result.append(replace(term, occurrences=tuple(occurrences), source_span=span))
    return replace(
        corpus,
        glossary=tuple(result),
        diagnostics=tuple(corpus.diagnostics) + tuple(diagnostics),
    )
