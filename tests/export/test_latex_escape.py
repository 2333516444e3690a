"""One escaper for every field: any text survives BibTeX parsing and LaTeX decoding.

Decoded with pylatexenc's defaults (what bibtexparser's LatexDecodingMiddleware uses) after
reading with bibtexparser, and with feedcite's own decoder (what the site's pybtex style
uses) after reading with pybtex. Verbatim fields (url, doi, eprint) are checked to read back
unchanged.
"""

from __future__ import annotations

import re
import unicodedata

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from feedcite.export.latex import (
    decode,
    decode_parts,
    escape,
    protect_title,
    sentence_case,
    untypeset,
    verbatim,
)


def normal(text: str) -> str:
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text).strip())


def bib(fields: dict[str, str]) -> str:
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    return "@misc{key,\n" + body + "}\n"


def read_back(fields: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Each field decoded after reading with pybtex and with bibtexparser."""
    text = bib(fields)
    pybtex_fields = parse_string(text, "bibtex").entries["key"].fields
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    (entry,) = library.entries
    pybtex_decoded = {name: decode(pybtex_fields[name]) for name in fields}
    bibtexparser_decoded = {name: entry.fields_dict[name].value for name in fields}
    return pybtex_decoded, bibtexparser_decoded


#: Text LaTeX typesets in T1 (Latin scripts, punctuation) and every ASCII special.
TEXT = st.text(
    alphabet=st.characters(
        codec="latin-1", blacklist_categories=("Cs", "Cc"), blacklist_characters="\xad"
    )
    | st.sampled_from(" \t\n\\{}%&#_$^~-`'\"<>,?!@ąčęłńšžőűŁ—“”‘’…")
    | st.sampled_from("{}{}}{"),
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
    protected = protect_title(title, frozenset({"Atari", "Deep Speech 2"}))
    for decoded in read_back({"title": protected}):
        assert normal(decoded["title"]) == normal(title)


#: Any script, with the specials and braces.
UNICODE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zl", "Zp"))
    | st.sampled_from(" \\{}%&#_$^~-`'<>,?!@声明한雅楽Ελληνικάx\u0303")
    | st.sampled_from("{}{}}{"),
    max_size=60,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=UNICODE_TEXT, note=UNICODE_TEXT)
def test_with_unicode_every_character_is_kept(title: str, note: str) -> None:
    """``unicode`` keeps every character, escapes the specials, and reads back exactly."""
    fields = {
        "title": protect_title(title, frozenset({"Atari"}), unicode=True),
        "note": escape(note, unicode=True),
    }
    for decoded in read_back(fields):
        assert normal(decoded["title"]) == normal(title)
        assert normal(decoded["note"]) == normal(note)


def test_with_unicode_specials_are_escaped_and_invisible_characters_dropped() -> None:
    assert escape("声明 (雅楽) 50% {a}", unicode=True) == "声明 (雅楽) 50\\% \\{a\\}"
    assert escape("声明 (雅楽)") == "ShengMing (YaLe)"
    assert escape("a\u200bb\u202ec", unicode=True) == "abc"  # invisible and bidi: dropped
    assert protect_title("The 판소리 Voice of RLHF", unicode=True) == "The 판소리 Voice of {RLHF}"


@pytest.mark.parametrize(
    "text",
    [
        "50% & #1 of a_b costs $5 ^ 2 ~ 3 \\ backslash",
        "{balanced} and {nested {braces}}",
        "unbalanced { open",
        "unbalanced } close",
        "}{ reversed",
        "a--b and a---b, ``quotes'' and ‘curly’ “quotes” and \"straight\"",
        "Tkačik, Lukošiūtė, Ó hÉigeartaigh, Østergaard, Großmann, Łukasz",
        "@misc{injected, title={x}}",
        "\\end{document} \\input{/etc/passwd} $\\alpha$",
        "x\u0303 and q\u0300: letters with combining marks",
    ],
)
def test_explicit_cases(text: str) -> None:
    for decoded in read_back({"title": escape(text), "t2": protect_title(text)}):
        assert normal(decoded["title"]) == normal(text)
        assert normal(decoded["t2"]) == normal(text)


def test_greek_letters_in_latin_text_are_math_symbols_both_decoders_read() -> None:
    """β-lactamase, TNF-α, Ω-loop: one or two Greek letters are symbols, not transliterated
    (anyascii reads β as modern Greek ``v``); a Greek word is transliterated."""
    text = "the Ω-loop of β-lactamase, TNF-α, αβ T cells, ε and ϵ, φ and ϕ, ς"
    escaped = escape(text)
    assert escaped.startswith(r"the {\ensuremath{\Omega}}-loop of {\ensuremath{\beta}}-lactamase")
    assert r"{\ensuremath{\alpha}}{\ensuremath{\beta}} T cells" in escaped
    for decoded in read_back({"title": escaped, "t2": protect_title(text)}):
        assert decoded["title"] == text
        assert decoded["t2"] == text
    assert escape("Παπαδόπουλος") == "Papadopoylos"  # a word: transliterated, as before
    assert untypeset(text) != ()  # not T1, but decoded back: no bib-text warning
    assert decode(escaped) == text


def test_superscripts_and_subscripts_outside_t1_are_macros() -> None:
    r"""``Ca²⁺``, ``CO₂``, ``10⁻³``: ² and ³ are in T1; the others become ``\textsuperscript``
    and ``\textsubscript``, which pylatexenc reads as their base and :func:`decode` exactly."""
    escaped = escape("Ca²⁺ in CO₂ at 10⁻³")
    assert escaped == (
        r"Ca²{\textsuperscript{+}} in CO{\textsubscript{2}} at 10{\textsuperscript{-}}³"
    )
    assert decode(escaped) == "Ca²⁺ in CO₂ at 10⁻³"
    pybtex_decoded, bibtexparser_decoded = read_back({"title": escaped})
    assert pybtex_decoded["title"] == "Ca²⁺ in CO₂ at 10⁻³"
    assert bibtexparser_decoded["title"] == "Ca²+ in CO2 at 10-³"


def test_accented_letters_outside_t1_keep_what_t1_has() -> None:
    r"""An accent macro for a letter outside T1 (``\d{i}``, ``\~{\^{e}}``) is decoded by biber
    to UTF-8 that pdflatex cannot typeset: the letter keeps the accents T1 has a
    character for, the rest is lost (and listed by :func:`untypeset`)."""
    assert escape("Nguyễn Thị, Ṡamo, ǹ") == "Nguyên Thi, Samo, n"
    assert untypeset("Nguyễn Thị") == ("ễ", "ị")
    # A combining mark on a letter with no composed form at all stays a macro.
    assert escape("x\u0303") == r"\~{x}"


def test_lone_braces_are_balanced_macros_both_decoders_read() -> None:
    assert escape("a { b } c } d {") == (r"a \{ b \} c \ensuremath{\rbrace} d \ensuremath{\lbrace}")
    assert protect_title(r"\input{/etc/passwd} in {GPT} runs") == (
        r"\textbackslash{}input\{/etc/passwd\} in \{{GPT}\} runs"
    )


def test_characters_latex_cannot_typeset_are_mapped() -> None:
    assert escape("Петров and 王 and 🙂") == r"Petrov and Wang and :slight\_smile:"
    assert untypeset("Петров, Tkačik, 王") == ("П", "е", "т", "р", "о", "в", "王")
    assert escape("x\u0303") == r"\~{x}"
    assert escape("ǹ") == "n"  # outside T1: biber would decode a macro (see below)


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


def test_title_protection_is_by_phrase() -> None:
    proper = frozenset({"Atari", "Neural Programmer"})
    assert protect_title("GPT-3 and RLHF on Atari games", proper) == (
        "{GPT-3} and {RLHF} on {Atari} games"
    )
    assert protect_title("Deep reinforcement learning") == "Deep reinforcement learning"
    assert protect_title("iPhone (Apple)") == "{iPhone} (Apple)"
    assert protect_title("Deep Speech 2: End-to-End Speech Recognition") == (
        "{Deep Speech 2}: End-to-End Speech Recognition"
    )
    assert protect_title("Learning with Neural Programmer", proper) == (
        "Learning with {Neural Programmer}"
    )
    assert decode_parts("{Deep Speech 2}: End") == [("Deep Speech 2", True), (": End", False)]


def test_nocase_marks_what_title_case_would_spoil() -> None:
    proper = frozenset({"'t Hooft", "Ágnes van der Meer-Kovács"})
    assert sentence_case("pH-dependent tetramerization of p53 in E. coli", nocase=True) == (
        '<span class="nocase">pH</span>-dependent tetramerization of'
        ' <span class="nocase">p53</span> in E. <span class="nocase">coli</span>'
    )
    assert sentence_case(
        "'t Hooft's Notation with Ágnes van der Meer-Kovács", proper, nocase=True
    ) == (
        "<span class=\"nocase\">'t</span> Hooft's notation with Ágnes"
        ' <span class="nocase">van der</span> Meer-Kovács'
    )
    assert sentence_case("Scaling Laws for Neural Language Models", nocase=True) == (
        "Scaling laws for neural language models"
    )
    # Capitals with digits: Pandoc's title case would print Slc38a9, G12c, H2o.
    assert sentence_case("SLC38A9 and KRAS G12C in H2O", nocase=True) == (
        '<span class="nocase">SLC38A9</span> and KRAS <span class="nocase">G12C</span> in'
        ' <span class="nocase">H2O</span>'
    )
    # A German title is printed as written (title case would capitalise der, zur).
    assert sentence_case("Die Struktur der Ribosomen", nocase=True) == (
        '<span class="nocase">Die Struktur der Ribosomen</span>'
    )


def test_nocase_marks_code_and_expressions_whole() -> None:
    """A title-case style must not print ``O(n Log n)`` or ``Macro_rules!``."""
    assert sentence_case("Sorting in O(n log n) with `macro_rules!`", nocase=True) == (
        'Sorting in <span class="nocase">O(n log n)</span> with'
        ' <span class="nocase">`macro_rules!`</span>'
    )


def test_sentence_case_keeps_what_is_protected() -> None:
    assert sentence_case(
        "Deep Speech 2: End-to-End Speech Recognition in English", {"English"}
    ) == ("Deep Speech 2: End-to-end speech recognition in English")
    assert sentence_case("Language Models are Few-Shot Learners") == (
        "Language models are few-shot learners"
    )


def _change_case_t(parts: list[tuple[str, bool]]) -> str:
    """What BibTeX's ``change.case$`` with ``"t"`` (``plain.bst``'s titles) prints.

    Lower case but for the braced parts, the first character and the first after a colon
    and a space.
    """
    out: list[str] = []
    for text, protected in parts:
        for ch in text:
            written = "".join(out)
            keep = protected or not written or written.endswith(": ")
            out.append(ch if keep else ch.lower())
    return "".join(out)


#: (title, proper names, .bib title, CSL-JSON title).
TITLES = [
    # A compound of capitalised parts is one unit, with a name of the corpus in it or not.
    (
        "Growth models share the Tracy–Widom fluctuations",
        {"Tracy"},
        "Growth models share the {Tracy–Widom} fluctuations",
        "Growth models share the Tracy–Widom fluctuations",
    ),
    (
        "Growth models share the Tracy–Widom fluctuations",
        set(),
        "Growth models share the {Tracy–Widom} fluctuations",
        "Growth models share the Tracy–Widom fluctuations",
    ),
    # Capitalised in a title in sentence case: a name.
    (
        "A survey of Tracy-Widom laws",
        set(),
        "A survey of {Tracy-Widom} laws",
        "A survey of Tracy-Widom laws",
    ),
    (
        "Time and ornament in Korean court notation",
        set(),
        "Time and ornament in {Korean} court notation",
        "Time and ornament in Korean court notation",
    ),
    # A capital after a hyphen in a word that starts in lower case.
    (
        "Eigenvalues of non-Hermitian matrices",
        set(),
        "Eigenvalues of {non-Hermitian} matrices",
        "Eigenvalues of non-Hermitian matrices",
    ),
    # A person's name with particles, whole, in a title in title case.
    (
        "Random Matrices and Quantum Chaos with Ágnes van der Meer-Kovács",
        {"Ágnes", "Ágnes van der Meer-Kovács"},
        "Random Matrices and Quantum Chaos with {Ágnes van der Meer-Kovács}",
        "Random matrices and quantum chaos with Ágnes van der Meer-Kovács",
    ),
    (
        "'t Hooft's double-line notation revisited",
        {"'t Hooft"},
        "{'t Hooft}'s double-line notation revisited",
        "'t Hooft's double-line notation revisited",
    ),
    # Symbols: a capital alone among digits or signs; spans follow word boundaries.
    ("The 1/N Expansion", set(), "The {1/N} Expansion", "The 1/N expansion"),
    (
        "Is #P-hard 1/N sampling easy?",
        set(),
        r"Is \#{P-hard} {1/N} sampling easy?",
        "Is #P-hard 1/N sampling easy?",
    ),
    (
        "Repeating 0.1% of Data Degrades an 800M Model",
        set(),
        r"Repeating 0.1\% of Data Degrades an {800M} Model",
        "Repeating 0.1% of data degrades an 800M model",
    ),
    # Title case tells nothing: only names, acronyms and systems are kept.
    (
        "Language Models are Few-Shot Learners",
        set(),
        "Language Models are Few-Shot Learners",
        "Language models are few-shot learners",
    ),
    (
        "Reading Jianzipu as Gesture: A New Transcription of Guangling san",
        {"Guangling"},
        "Reading Jianzipu as Gesture: A New Transcription of {Guangling} san",
        "Reading jianzipu as gesture: A new transcription of Guangling san",
    ),
    (
        "Smallpox Inoculation in Constantinople before Lady Mary Wortley Montagu",
        {"Constantinople", "Lady Mary Wortley Montagu"},
        "Smallpox Inoculation in {Constantinople} before {Lady Mary Wortley Montagu}",
        "Smallpox inoculation in Constantinople before Lady Mary Wortley Montagu",
    ),
    # Not protected: nothing says that a word of a title in title case is a name.
    (
        "Time and Ornament in Korean Court Notation",
        set(),
        "Time and Ornament in Korean Court Notation",
        "Time and ornament in korean court notation",
    ),
    # A name protects its own part of a compound, not a part in lower case.
    (
        "Learning Atari-style Games",
        {"Atari"},
        "Learning {Atari}-style Games",
        "Learning Atari-style games",
    ),
    # A group that opens with a command gets a second pair (BibTeX would change its case).
    (
        "Notes on X\u0303amo spaces",
        set(),
        r"Notes on {{\~{X}amo}} spaces",
        "Notes on X\u0303amo spaces",
    ),
    # A Greek letter in Latin text is a math symbol, braced so that no style changes it.
    (
        "The Ω-loop of β-lactamase binds Ca²+",
        set(),
        r"The {{\ensuremath{\Omega}}-loop} of {\ensuremath{\beta}}-lactamase binds {Ca²+}",
        "The Ω-loop of β-lactamase binds Ca²+",
    ),
    # BibTeX keeps only the first character and the first after a colon and a space: a
    # sentence's first word after "?" or ".", or the first word behind a quote, is braced.
    (
        '"Repugnant to Islam"? The Supreme Constitutional Court and Article 2',
        {"Supreme Constitutional Court"},
        '"{Repugnant} to Islam"? {The} {Supreme Constitutional Court} and {Article 2}',
        '"Repugnant to islam"? The Supreme Constitutional Court and Article 2',
    ),
    ('Scaling laws: "A review"', set(), 'Scaling laws: "{A} review"', 'Scaling laws: "A review"'),
    ("Scaling laws: A review", set(), "Scaling laws: A review", "Scaling laws: A review"),
    # The author capitalised it after the dash of a sentence-case title: kept.
    (
        "Large language models — A survey",
        set(),
        "Large language models — {A} survey",
        "Large language models — A survey",
    ),
    # German capitalises its nouns: two German words make the title German, and its
    # capitals are kept as a sentence-case title's are.
    (
        "Die Struktur der Ribosomen: Fünfzig Jahre Forschung",
        set(),
        "Die {Struktur} der {Ribosomen}: Fünfzig {Jahre} {Forschung}",
        "Die Struktur der Ribosomen: Fünfzig Jahre Forschung",
    ),
    (
        "Über die Faltung von Proteinen",
        set(),
        "Über die {Faltung} von {Proteinen}",
        "Über die Faltung von Proteinen",
    ),
    # "von" of a name and a capitalised "Der" do not make an English title German.
    (
        "The von Neumann Architecture and Der Spiegel",
        set(),
        "The von Neumann Architecture and Der Spiegel",
        "The von neumann architecture and der spiegel",
    ),
    # The dot of an abbreviation ends no sentence; an initial keeps its capital.
    ("Nature vs. Nurture", set(), "Nature vs. Nurture", "Nature vs. nurture"),
    (
        "From the Ku Klux Klan Act to Monroe v. Pape",
        {"Ku Klux Klan Act", "Monroe", "Pape"},
        "From the {Ku Klux Klan Act} to {Monroe} v. {Pape}",
        "From the Ku Klux Klan Act to Monroe v. Pape",
    ),
    (
        "John F. Kennedy and the Senate",
        {"Kennedy"},
        "John {F}. {Kennedy} and the Senate",
        "John F. Kennedy and the senate",
    ),
    # Code and an expression are protected whole, never cut at a space inside them; their
    # words say nothing about the title's case.
    (
        "Ownership Types in O(n log n) with `macro_rules!` and 3D Meshes",
        set(),
        r"Ownership Types in {O(n log n)} with {`macro\_rules!{}`} and {3D} Meshes",
        "Ownership types in O(n log n) with `macro_rules!` and 3D meshes",
    ),
    (
        "Why `Vec<T>` beats lists in f(x) form",
        set(),
        "Why {`Vec<T>`} beats lists in f(x) form",
        "Why `Vec<T>` beats lists in f(x) form",
    ),
]


@pytest.mark.parametrize(("title", "proper", "bib_title", "csl_title"), TITLES)
def test_titles_are_protected_by_word_and_read_back(
    title: str, proper: set[str], bib_title: str, csl_title: str
) -> None:
    assert protect_title(title, frozenset(proper)) == bib_title
    assert sentence_case(title, frozenset(proper)) == csl_title
    text = bib({"title": bib_title})
    pybtex_title = parse_string(text, "bibtex").entries["key"].fields["title"]
    assert decode(pybtex_title) == title
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    assert library.entries[0].fields_dict["title"].value == title
    # A style that lowercases titles prints what the CSL-JSON says.
    assert _change_case_t(decode_parts(pybtex_title)) == csl_title
