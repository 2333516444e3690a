"""Summary and review pages: structure, quotes, related topics and recorded boilerplate."""

from __future__ import annotations

import pytest

from feedcite import parse_review, parse_summary
from feedcite.errors import Code
from feedcite.parsers._text import boilerplate_rule
from feedcite.parsers.review import related_topics
from feedcite.parsers.summary import BOILERPLATE
from tests.conftest import CAPTURES


def test_bundled_summary_page() -> None:
    page = parse_summary((CAPTURES / "dwarkesh-2023-summary.txt").read_bytes(), "s.txt")
    assert (
        page.title
        == "Dario Amodei (Anthropic CEO) — The hidden pattern behind every AI breakthrough"
    )
    assert page.people == (("Dario Amodei", "guest"), ("Dwarkesh Patel", "host"))
    assert page.headline == "Dario Amodei on scaling laws, AI safety, and looming capabilities"
    assert page.intro.startswith("In this episode of Dwarkesh Podcast")
    assert page.summary.startswith("Anthropic CEO Dario Amodei explains why large-scale")
    assert len(page.takeaways) == 7
    assert page.takeaways[0].title == (
        "Scaling laws are reliably predictive for average performance, not specific abilities."
    )
    assert page.takeaways[0].text.startswith("Loss curves and entropy improvements scale")
    assert [q.speaker for q in page.quotes] == ["Dario Amodei"] * 5
    assert page.quotes[0].text == (
        "The models, they just want to learn. You get the obstacles out of their way… and they’ll do it."
    )
    assert len(page.questions) == 5
    assert all(q.text.endswith("?") for q in page.questions)
    assert page.preview[0].text == "... a generally well-educated human."
    assert (page.questions[0].span.line, page.questions[-1].span.line) == (41, 50)
    assert page.preview[0].span.line == 53
    assert len(page.preview) == 27
    rules = [b.rule for b in page.boilerplate]
    assert rules.count("upsell-analysis") == 12
    assert rules[-5:] == [
        "upsell-install",
        "upsell-transcript",
        "upsell-pitch",
        "browser-extension",
        "summary-echo",
    ]
    assert page.diagnostics == ()


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Get the full analysis with uListen AI", "upsell-analysis"),
        (
            "Install uListen to search the full transcript and get AI-powered insights",
            "upsell-install",
        ),
        ("Get Full TranscriptGet more from every podcast", "upsell-transcript"),
        ("AI summaries, searchable transcripts, and fact-checking. Free forever.", "upsell-pitch"),
        ("Add to Chrome", "browser-extension"),
        ("Add to Firefox", "browser-extension"),
        ("Get more from every episode", "upsell-more"),
        ("Sign up", "sign-up"),
        ("Scaling laws are reliably predictive for average performance.", None),
        ("Install the dependencies first.", None),
    ],
)
def test_boilerplate_patterns(line: str, rule: str | None) -> None:
    assert boilerplate_rule(BOILERPLATE, line) == rule


def test_every_pattern_is_named_once() -> None:
    names = [name for name, _ in BOILERPLATE]
    assert len(names) == len(set(names))


def test_summary_without_its_sections_warns() -> None:
    page = parse_summary("A Title\nSomeone (guest)\nAn intro.\n", "s.txt")
    assert page.title == "A Title"
    assert [d.code for d in page.diagnostics] == [Code.SUMMARY_STRUCTURE] * 3


_HEAD = (
    "Jane Roe — Quarantine\nJane Roe (guest), Tom Ferris (host)\nIn this episode.\n"
    "Jane Roe on isolation\nA summary.\nKey Takeaways\n"
)
_TAIL = "Notable Quotes\n““Words.””\n— Jane Roe\nQuestions Answered in This Episode\nWhy?\n"
_UPSELL = "Get the full analysis with uListen AI\n"


@pytest.mark.parametrize(
    "separators",
    [(True, True, True), (False, False, False), (True, False, True), (False, True, False)],
)
def test_takeaways_with_some_separator_lines_missing(separators: tuple[bool, ...]) -> None:
    """The service's line after a takeaway may be missing after any of them."""
    body = "".join(
        f"Heading {n}.\nExplanation {n}.\n" + (_UPSELL if present else "")
        for n, present in enumerate(separators, start=1)
    )
    page = parse_summary(_HEAD + body + _TAIL, "s.txt")
    assert [(t.title, t.text) for t in page.takeaways] == [
        (f"Heading {n}.", f"Explanation {n}.") for n in (1, 2, 3)
    ]
    assert page.diagnostics == ()


def test_a_takeaway_of_three_lines_is_read_as_one_and_said_to_be() -> None:
    body = "Heading.\nFirst line.\nSecond line.\n" + _UPSELL + "Next.\nIts text.\n" + _UPSELL
    page = parse_summary(_HEAD + body + _TAIL, "s.txt")
    assert [(t.title, t.text) for t in page.takeaways] == [
        ("Heading.", "First line. Second line."),
        ("Next.", "Its text."),
    ]
    (warning,) = page.diagnostics
    assert warning.format().split("\n")[0] == (
        "s.txt:7:1: warning[summary-structure]: takeaway heading followed by 2 lines: read as "
        "one explanation"
    )


def test_bundled_review_page() -> None:
    page = parse_review((CAPTURES / "dwarkesh-2023-review.txt").read_bytes(), "r.txt")
    assert page.label == "YouTube Review"
    assert page.title == "Dario Amodei on Scaling and AI Breakthroughs"
    assert len(page.paragraphs) == 7
    assert page.related_topics == (
        "Scaling Laws",
        "Dario Amodei",
        "Anthropic",
        "AI Alignment",
        "Compute Governance",
        "AI in Employment",
        "AI Agents",
    )
    assert [(b.rule, b.text) for b in page.boilerplate] == [("navigation", "Return to YouTube")]
    assert page.diagnostics == ()


def test_related_topics_sentences() -> None:
    assert related_topics("It belongs beside A, B, and C. Other text.") == ["A", "B", "C"]
    assert related_topics("That belongs alongside X and Y; more.") == ["X", "Y"]
    assert related_topics("Nothing here.") == []


def test_the_people_line_is_read_and_a_long_bad_one_fails_at_once() -> None:
    title = "A Talk\n"
    page = parse_summary(title + "Ann Lee (guest), Bo Ng (host)\nAn intro.\n", "s.txt")
    assert page.people == (("Ann Lee", "guest"), ("Bo Ng", "host"))
    names = ", ".join(f"Person Number{n} (guest)" for n in range(2_000)) + "."
    page = parse_summary(title + names + "\nAn intro.\n", "s.txt")  # backtracked for hours
    assert page.people == ()
    assert [d.message for d in page.diagnostics if d.span.line == 2] == [
        "no 'Name (guest), Name (host)' line after the title; the page names no people"
    ]
