"""The reading-notes parser and the recovery of flattened tables."""

from __future__ import annotations

import pytest

from feedcite import parse_notes
from feedcite.errors import Code, Severity
from feedcite.parsers._table import (
    cut_points,
    looks_like_header,
    split_header,
    split_row,
    split_row_with_doubt,
    split_rows,
)
from tests.conftest import CAPTURES

ASL_TABLE = (
    ("Level", "Trigger", "Response"),
    (
        ("ASL-1", "Manifestly no risk (chess bot)", "No special requirements"),
        (
            "ASL-2",
            "Current models — not smart enough to meaningfully assist CBRN or self-replicate",
            "Standard safeguards",
        ),
        (
            "ASL-3",
            "Meaningful uplift to non-state actors seeking CBRN capability",
            "Enhanced security (prevent theft), targeted deployment filters",
        ),
        (
            "ASL-4",
            "Meaningful uplift to state actors; AI can conduct substantial AI research autonomously",
            "Interpretability-based verification; sandboxing becomes inadequate",
        ),
        (
            "ASL-5",
            "Exceeds human capability in any relevant domain",
            "Unknown — highest-stakes threshold",
        ),
    ),
)


@pytest.fixture(scope="module")
def notes():  # type: ignore[no-untyped-def]
    return parse_notes((CAPTURES / "lex-fridman-452-notes.txt").read_bytes(), "n.txt")


def test_preamble(notes) -> None:  # type: ignore[no-untyped-def]
    assert notes.label == "Reading Notes"
    assert notes.title == "Dario Amodei on Claude, AGI and the Future of AI"
    assert notes.source == "Dario Amodei on Claude, AGI and the Future of AI"
    assert notes.context is not None
    assert notes.context.startswith("Lex Fridman Podcast #452. November 2024. ~3 hours")
    assert notes.diagnostics == ()


def test_four_questions(notes) -> None:  # type: ignore[no-untyped-def]
    assert [(q.label, q.question) for q in notes.questions] == [
        ("Q1", "What is it about?"),
        ("Q2", "How is it argued?"),
        ("Q3", "Is it true?"),
        ("Q4", "What of it?"),
    ]
    assert notes.questions[0].answer.startswith("A wide-ranging conversation with Anthropic’s CEO")


def test_glossary_terms_are_parsed_with_expansions(notes) -> None:  # type: ignore[no-untyped-def]
    assert [(g.short, g.expansion) for g in notes.glossary] == [
        ("Scaling hypothesis", None),
        ("ASL", "AI Safety Level"),
        ("RSP", "Responsible Scaling Policy"),
        ("CBRN", None),
        ("Whack-a-mole problem", None),
        ("Race to the Top", None),
        ("Constitutional AI", None),
    ]
    assert notes.glossary[3].definition.startswith("Chemical, Biological, Radiological, Nuclear.")


def test_sections_and_chapter_references(notes) -> None:  # type: ignore[no-untyped-def]
    assert [(s.title, [r.title for r in s.chapter_refs]) for s in notes.sections] == [
        ("Scaling laws", ["Scaling laws"]),
        ("Claude model families", ["Claude"]),
        ("ASL framework in detail", ["AI Safety Levels", "ASL-3 and ASL-4"]),
        ("Computer use", ["Computer use"]),
        ("On regulation", ["Government regulation of AI"]),
    ]
    asl = notes.sections[2]
    assert (asl.chapter_refs[1].span.line, asl.chapter_refs[1].span.column) == (80, 183)
    scaling = notes.sections[0]
    assert [(b.kind, b.marker) for b in scaling.blocks[:3]] == [
        ("paragraph", None),
        ("item", "1."),
        ("item", "2."),
    ]


def test_the_flattened_table_is_recovered_exactly(notes) -> None:  # type: ignore[no-untyped-def]
    (table,) = notes.tables
    assert (table.header, table.rows) == ASL_TABLE
    assert (table.span.line, table.span.end_line) == (69, 74)


def test_flags_keep_the_sentence_they_qualify(notes) -> None:  # type: ignore[no-untyped-def]
    assert [(f.marker, f.meaning, f.span.line, f.context) for f in notes.flags] == [
        (
            "[?]",
            "uncertain",
            21,
            "The scaling hypothesis has strong empirical support but no theoretical grounding; "
            "Dario’s “one-over-F noise” analogy is speculative [?].",
        ),
        ("[?]", "uncertain", 51, "The analogy he reaches for: one-over-F noise [?]."),
    ]


def test_a_flag_after_a_sentence_marks_that_sentence() -> None:
    notes = parse_notes(
        "Reading Notes\n\nNotes on a talk\n\n\nFour questions\n\nQ1 — What?\nThis.\n\n\n"
        "Takeaways\n\nIt starts. Structures are ensembles; rules are infrastructure. [!] Then.\n"
    )
    (flag,) = notes.flags
    assert flag.context == "Structures are ensembles; rules are infrastructure. [!]"


@pytest.mark.parametrize(
    ("row", "cells", "expected"),
    [
        ("NameRoleNotes", 3, ["Name", "Role", "Notes"]),
        ("X-1First cellSecond cell", 3, ["X-1", "First cell", "Second cell"]),
        (
            "AlphaOpenAI builds models (GPT-4)Fine",
            3,
            ["Alpha", "OpenAI builds models (GPT-4)", "Fine"],
        ),
        (
            "2024Revenue grew in the USA and EUStrong",
            3,
            ["2024", "Revenue grew in the USA and EU", "Strong"],
        ),
        ("LevelOnly", 3, None),
        # Cells that are numbers, where capitals are too few to cut at.
        ("Kenya2008Low", 3, ["Kenya", "2008", "Low"]),
        ("Female-headed7%3%", 3, ["Female-headed", "7%", "3%"]),
        ("Kenya4.2%1.9%", 3, ["Kenya", "4.2%", "1.9%"]),
        ("Kenya 20083.5", 3, None),  # two numbers glued: no mark to cut at
        ("GPT3Strong", 3, None),  # a code's digits are no cell
        # A percentage glued to an acronym, where nothing else cuts: a cell of its own.
        ("CRNN84%55%", 3, ["CRNN", "84%", "55%"]),
        ("Deep CRNN84.5%55%", 3, ["Deep CRNN", "84.5%", "55%"]),
        ("GPT4 scores84%55%", 3, ["GPT4 scores", "84%", "55%"]),
        ("Kenya¹2008Low", 3, None),  # a footnote mark is no number: reported, not cut
    ],
)
def test_split_row(row: str, cells: int, expected: list[str] | None) -> None:
    assert split_row(row, cells) == expected


def test_cut_points_skip_acronyms_and_hyphens() -> None:
    assert [i for i, _ in cut_points("Self-ReplicateCBRNRisk")] == [14, 18]
    assert looks_like_header("LevelTriggerResponse")
    assert not looks_like_header("A sentence that ends.")
    assert split_header("LevelTriggerResponse") == ["Level", "Trigger", "Response"]


NOTES = """Reading Notes

A Talk

Source: A Talk


Four questions

Q1 — What is it about?
Things.


Glossary

Widget — a small thing.
This line has no dash.


Details [§ First chapter]

NameScoreComment
AliceHighGood work
Bob, low score, needs work
"""


def test_bad_table_row_and_glossary_line_are_reported() -> None:
    notes = parse_notes(NOTES, "n.txt")
    (table,) = notes.tables
    assert table.header == ("Name", "Score", "Comment")
    assert table.rows == (("Alice", "High", "Good work"),)
    problems = [(d.code, d.span.line, d.severity) for d in notes.diagnostics]
    assert problems == [
        (Code.NOTES_GLOSSARY, 17, Severity.WARNING),
        (Code.NOTES_TABLE, 24, Severity.ERROR),
    ]
    assert notes.glossary[0].definition == "a small thing. This line has no dash."
    assert notes.sections[0].paragraphs == ("Bob, low score, needs work",)
    assert notes.diagnostics[1].message == (
        "table row cannot be split into the header's 3 cells (Name | Score | Comment); kept as a paragraph"
    )


def test_the_best_row_split_keeps_strong_cuts_then_balances_cells() -> None:
    """Strongest boundaries first; among equally strong ones, the shortest longest cell."""
    assert split_row_with_doubt("OneTwoThree", 2) == (["OneTwo", "Three"], ["One", "TwoThree"])
    assert split_row_with_doubt("AAAAAAABBCCCCCCC", 3) is None  # capitals only: no boundary
    assert split_row_with_doubt("Alpha 2Beta gammaDelta", 3) == (
        ["Alpha 2", "Beta gamma", "Delta"],
        None,
    )


def test_a_wide_row_is_split_without_trying_every_combination() -> None:
    """30 equally strong boundaries, 9 cells: 14 million combinations; a bounded search."""
    words = ["Alpha", "Beta", "Gamma", "Delta", "Ready", "Soon"]
    row = "".join(words[n % 6] for n in range(31))
    cells, doubt = split_row_with_doubt(row, 10) or ([], None)
    assert "".join(cells) == row
    assert len(cells) == 10
    assert max(map(len, cells)) == 19  # 31 words in 10 cells: one has four words
    assert doubt is not None


def test_a_reference_inside_a_sentence_stays_in_it() -> None:
    """A reference at a block's start or end marks the block; one inside a sentence is part
    of what the sentence says."""
    notes = (
        "Reading Notes\n\nPlague in Moscow\n\n\nMoscow [§ Introduction]\n\n"
        "The riot of 1771 (compare [§ Marseille] for the 1720 case) hit the posts.\n\n"
        "The posts burned. [§ Moscow] [§ Riots]\n\n[§ Riots] Then calm.\n"
    )
    (section,) = parse_notes(notes, "n.txt").sections
    assert [b.text for b in section.blocks] == [
        "The riot of 1771 (compare § Marseille for the 1720 case) hit the posts.",
        "The posts burned.",
        "Then calm.",
    ]
    assert [r.title for r in section.chapter_refs] == [
        "Introduction",
        "Marseille",
        "Moscow",
        "Riots",
        "Riots",
    ]


def test_chapter_references_with_spaces_are_read_whole() -> None:
    text = NOTES.replace("Details [§ First chapter]", "Details [§   First chapter   ]")
    (section,) = parse_notes(text, "n.txt").sections
    assert [ref.title for ref in section.chapter_refs] == ["First chapter"]
    long_line = NOTES.replace("AliceHighGood work", "See [§ " + "Soil   " * 20_000)
    parsed = parse_notes(long_line, "n.txt")  # linear: a long unclosed reference
    assert parsed.sections[0].blocks


def test_a_glossary_term_may_hold_a_dash_of_its_own() -> None:
    """Only a dash with spaces around it ends the term."""
    text = (
        "Reading Notes\n\nT\n\nSource: S #1\n\nContext.\n\n\nGlossary\n\n"
        "Tracy–Widom distribution — the law of the largest eigenvalue.\n"
        "Keating-Snaith conjecture – moments of zeta from random matrices.\n"
        "GUE (Gaussian unitary ensemble) — Hermitian matrices — with Gaussian entries.\n"
    )
    notes = parse_notes(text, "n.txt")
    assert [(g.term, g.definition) for g in notes.glossary] == [
        ("Tracy–Widom distribution", "the law of the largest eigenvalue."),
        ("Keating-Snaith conjecture", "moments of zeta from random matrices."),
        ("GUE (Gaussian unitary ensemble)", "Hermitian matrices — with Gaussian entries."),
    ]
    assert (notes.glossary[2].short, notes.glossary[2].expansion) == (
        "GUE",
        "Gaussian unitary ensemble",
    )
    assert [d.code for d in notes.diagnostics] == [Code.NOTES_STRUCTURE]  # no Q1-Q4


def test_a_qualifier_in_parentheses_is_part_of_the_term() -> None:
    """``Basic Law (Israel)`` is one term; ``GUE (…)`` and ``Han (한)`` have two forms."""
    text = (
        "Reading Notes\n\nT\n\nSource: S #1\n\nContext.\n\n\nGlossary\n\n"
        "Basic Law (Israel) — a constitutional statute.\n"
        "Reform (1998) — the court reform.\n"
        "GUE (Gaussian unitary ensemble) — Hermitian matrices.\n"
        "Han (한) — sorrow held in the voice.\n"
        "Fede di sanità (bill of health) — a certificate.\n"
    )
    glossary = parse_notes(text, "n.txt").glossary
    assert [(g.short, g.expansion) for g in glossary] == [
        ("Basic Law (Israel)", None),
        ("Reform (1998)", None),
        ("GUE", "Gaussian unitary ensemble"),
        ("Han", "한"),
        ("Fede di sanità", "bill of health"),
    ]


def test_a_parenthesis_glued_to_the_term_is_part_of_it() -> None:
    """``O(n log n)`` and ``f(x)`` are notation, not an abbreviation and its expansion."""
    text = (
        "Reading Notes\n\nT\n\nSource: S #1\n\nContext.\n\n\nGlossary\n\n"
        "O(n log n) — the cost of a comparison sort.\n"
        "f(x) — a function applied to x.\n"
        "BFS (breadth-first search) — level by level.\n"
    )
    glossary = parse_notes(text, "n.txt").glossary
    assert [(g.term, g.short, g.expansion) for g in glossary] == [
        ("O(n log n)", "O(n log n)", None),
        ("f(x)", "f(x)", None),
        ("BFS (breadth-first search)", "BFS", "breadth-first search"),
    ]


def _variants(*rows: str) -> str:
    body = "\n".join(rows)
    return (
        "Reading Notes\n\nBeta-lactamase variants\n\nSource: Lab notes\n\n"
        "Notes on TEM variants.\n\n\nVariants\n\n"
        f"VariantMutationMICStructure\n{body}\n"
    )


def test_a_column_of_numbers_decides_a_capital_between_numbers() -> None:
    """``R164S32``: the MIC column's other cell is a number, so the S ends the mutation."""
    notes = parse_notes(
        _variants("TEM-1Wild type0.25Closed", "TEM-10R164S32Open", "CTX-M-15P167S128Mixed"),
        "notes.txt",
    )
    (table,) = notes.tables
    assert table.rows == (
        ("TEM-1", "Wild type", "0.25", "Closed"),
        ("TEM-10", "R164S", "32", "Open"),
        ("CTX-M-15", "P167S", "128", "Mixed"),
    )
    assert [d for d in notes.diagnostics if d.code is Code.NOTES_TABLE] == []


def test_a_capital_between_numbers_that_no_column_decides_is_a_warning() -> None:
    notes = parse_notes(_variants("TEM-10R164S32Open", "CTX-M-15P167S128Mixed"), "notes.txt")
    (table,) = notes.tables
    assert table.rows == (("TEM-10", "R164", "S32", "Open"), ("CTX-M-15", "P167", "S128", "Mixed"))
    found = [
        (d.span.line, d.span.column, d.severity, d.message)
        for d in notes.diagnostics
        if d.code is Code.NOTES_TABLE
    ]
    assert found == [
        (
            13,
            1,
            Severity.WARNING,
            "table row can be split into 4 cells more than one way; "
            "read as TEM-10 | R164 | S32 | Open (or TEM-10 | R164S | 32 | Open)",
        ),
        (
            14,
            1,
            Severity.WARNING,
            "table row can be split into 4 cells more than one way; "
            "read as CTX-M-15 | P167 | S128 | Mixed (or CTX-M-15 | P167S | 128 | Mixed)",
        ),
    ]


def test_a_column_of_years_takes_the_year_glued_to_a_word() -> None:
    """``Court1980Article 203D``: the year column's other cell is a number."""
    rows = [
        "EgyptSupreme Constitutional Court1979Article 2",
        "PakistanFederal Shariat Court1980Article 203D",
    ]
    assert split_row_with_doubt(rows[1], 4) == (
        ["Pakistan", "Federal Shariat Court1980", "Article 203", "D"],
        None,
    )
    assert split_rows(rows, 4) == [
        (["Egypt", "Supreme Constitutional Court", "1979", "Article 2"], None),
        (["Pakistan", "Federal Shariat Court", "1980", "Article 203D"], None),
    ]


def _languages(*rows: str) -> str:
    body = "\n".join(rows)
    return (
        "Reading Notes\n\nLanguages\n\nSource: Compilers & Coffee #87\n\n"
        "Context paragraph.\n\n\nComparison of memory models\n\n"
        f"LanguageGCNull safetyBounds checks\n{body}\n"
    )


def test_a_cell_may_end_in_a_language_sign() -> None:
    """``C++No``, ``C#Yes``, ``F#Yes``: a capital after ``+`` or ``#`` ending a name starts a
    cell, as after a letter or digit; a sign that starts a word (``.NET``, ``#Tag``) or a
    full stop inside an abbreviation (``U.S.``, ``ASP.NET``) is no boundary."""
    assert [o for o, _ in cut_points("C++NoNoOptional")] == [3, 5, 7]
    assert [o for o, _ in cut_points("C#YesSince 8.0Yes")] == [2, 5, 14]
    assert [o for o, _ in cut_points("F#YesNo")] == [2, 5]
    assert [o for o, _ in cut_points("etc.Yes")] == [4]
    assert [o for o, _ in cut_points(".NETYes")] == [4]
    assert [o for o, _ in cut_points("#TagNo")] == [4]
    assert [o for o, _ in cut_points("U.S.ArmyNo")] == [8]
    assert [o for o, _ in cut_points("e.g.ParisNo")] == [9]
    assert [o for o, _ in cut_points("ASP.NETYes")] == [7]
    assert split_row("C++NoNoOptional", 4) == ["C++", "No", "No", "Optional"]
    assert split_row("C#YesSince 8.0Yes", 4) == ["C#", "Yes", "Since 8.0", "Yes"]
    assert split_header("ToolC++ supportC# support") == ["Tool", "C++ support", "C# support"]


def test_a_camel_case_name_is_kept_when_the_columns_hold_the_other_cells() -> None:
    """``WebAssemblyNoNoYes``: No, No and Yes are values their columns hold in other rows, so
    the name is one cell (not *Web | Assembly | No | NoYes*, which needs two values glued)."""
    notes = parse_notes(
        _languages(
            "C++NoNoOptional",
            "RustNoYesYes",
            "C#YesSince 8.0Yes",
            "WebAssemblyNoNoYes",
            "F#YesYesYes",
            ".NETYesYesYes",
            "JavaScriptYesNoNo",
        ),
        "notes.txt",
    )
    (section,) = notes.sections
    (table,) = section.tables
    assert table.header == ("Language", "GC", "Null safety", "Bounds checks")
    assert table.rows == (
        ("C++", "No", "No", "Optional"),
        ("Rust", "No", "Yes", "Yes"),
        ("C#", "Yes", "Since 8.0", "Yes"),
        ("WebAssembly", "No", "No", "Yes"),
        ("F#", "Yes", "Yes", "Yes"),
        (".NET", "Yes", "Yes", "Yes"),
        ("JavaScript", "Yes", "No", "No"),
    )
    assert [r.line for r in table.row_spans] == [13, 14, 15, 16, 17, 18, 19]
    assert section.blocks == ()
    assert [d for d in notes.diagnostics if d.code is Code.NOTES_TABLE] == []


def test_column_values_do_not_decide_a_row_without_them() -> None:
    """No other row holds ``NoMaybe``, ``Maybe`` or ``CookingNo``: still a warning."""
    assert split_rows(["OneFillingNo", "TwoCookingNoMaybe", "ThreeFinishedYes"], 3)[1] == (
        ["Two", "Cooking", "NoMaybe"],
        ["Two", "CookingNo", "Maybe"],
    )


def test_a_row_that_cannot_be_split_stays_in_its_place() -> None:
    """The row is a paragraph on its own line, inside the table's lines, between the rows
    before and after it; the paragraphs around the table keep their order too."""
    text = _languages("C++NoNoOptional", "rust, no gc", "C#YesSince 8.0Yes") + "\nAfter.\n"
    text = text.replace("LanguageGC", "Before.\n\nLanguageGC")
    notes = parse_notes(text, "notes.txt")
    (section,) = notes.sections
    (table,) = section.tables
    assert table.rows == (("C++", "No", "No", "Optional"), ("C#", "Yes", "Since 8.0", "Yes"))
    assert [(b.text, b.span.line) for b in section.blocks] == [
        ("Before.", 12),
        ("rust, no gc", 16),
        ("After.", 19),
    ]
    assert (table.span.line, table.span.end_line) == (14, 17)
    assert [r.line for r in table.row_spans] == [15, 17]
    (problem,) = [d for d in notes.diagnostics if d.code is Code.NOTES_TABLE]
    assert (problem.span.line, problem.severity) == (16, Severity.ERROR)
