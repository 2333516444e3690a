"""The mention rule: form classes, evidence, and its decisions on the labelled samples."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedcite.enrich.glossary import decide_term, term_targets
from feedcite.enrich.links import decide_work, settle_mentions, work_targets
from feedcite.enrich.mentions import (
    Candidate,
    FormKind,
    Target,
    _NeedleIndex,
    _raw_matches,
    _Within,
    alias_pattern,
    candidates_in,
    classify,
    content_words,
    needle,
    sentence_of,
    year_named,
)
from feedcite.model import Corpus, Creator, Location, SourceSpan, Term, TextUnit, Work
from tests.benchmarks.mentions import (
    LABELS,
    UNSEEN,
    candidates,
    decisions,
    document,
    read_sample,
    score,
    unseen_paths,
)
from tests.benchmarks.mentions import bundled_corpus as load_bundled

# ------------------------------------------------------------------------- the labelled samples


@pytest.fixture(scope="module")
def bundled() -> dict[tuple[str, str], Candidate]:
    corpus, context = load_bundled()
    return candidates(corpus, context)


def test_every_candidate_of_the_bundled_corpus_is_labelled(
    bundled: dict[tuple[str, str], Candidate],
) -> None:
    sample = read_sample(LABELS)
    pairs, missing, unlabelled = decisions(sample, bundled)
    assert (missing, unlabelled) == ([], [])
    assert Counter(label.mention for label, _ in pairs) == {True: 478, False: 21}
    assert sample.held_out == {
        "dwarkesh-2023-summary.txt",
        "dwarkesh-2023-review.txt",
        "amodei-feed.txt",
    }


def test_the_rule_decides_every_label_as_read_but_one(
    bundled: dict[tuple[str, str], Candidate],
) -> None:
    sample = read_sample(LABELS)
    pairs, _, _ = decisions(sample, bundled)
    wrong = [(label.at, label.target) for label, accepted in pairs if accepted != label.mention]
    assert wrong == [("lex-fridman-452-transcript.txt:939+121", "term:catastrophic-misuse")]
    held = score((lab, a) for lab, a in pairs if document(lab) in sample.held_out)
    assert (held.true_accepted, held.false_accepted, held.true_rejected) == (111, 0, 0)


def test_the_issues_false_positives_are_rejected_with_a_reason(
    bundled: dict[tuple[str, str], Candidate],
) -> None:
    debate = bundled[("lex-fridman-452-transcript.txt:841+197", "term:debate")]
    assert debate.text == "debate"
    assert debate.rejected == (
        "one ordinary word of the term 'AI safety via debate', with no definition words or "
        "other terms nearby"
    )
    laws = bundled[("lex-fridman-452-transcript.txt:1771+269", "work:scaling-laws")]
    assert laws.rejected == (
        "the topic of 8 works (also repeated-data, autoregressive-scaling-laws, "
        "dwarkesh-2023-08-08 ...); no paper, year or author nearby"
    )


def test_a_topic_beside_the_title_takes_no_evidence_from_it(
    bundled: dict[tuple[str, str], Candidate],
) -> None:
    topic = bundled[("dwarkesh-2023-review.txt:7+29", "work:scaling-laws")]
    title = bundled[("dwarkesh-2023-review.txt:7+115", "work:scaling-laws")]
    assert (topic.text, topic.accepted) == ("Scaling Laws", False)
    assert (title.text, title.evidence) == (
        "Scaling Laws for Neural Language Models",
        ("the work's title",),
    )


def test_a_common_alias_with_a_paper_and_its_year_is_a_mention(
    bundled: dict[tuple[str, str], Candidate],
) -> None:
    found = bundled[("lex-fridman-452-transcript.txt:95+30", "work:scaling-laws")]
    assert found.evidence == (
        "the topic of 8 works (also repeated-data, autoregressive-scaling-laws, "
        "dwarkesh-2023-08-08 ...)",
        "citation words nearby: paper",
        "the work's year (2020) nearby",
    )


def test_unseen_feeds_are_decided_as_read() -> None:
    sample = read_sample(UNSEEN)
    present = [p for p in unseen_paths(sample) if "tests" in p.parts]
    assert [p.name for p in present] == [
        "doudna-feed.txt",
        "karpathy-feed.txt",
        "olah-feed.txt",
        "sutskever-feed.txt",
        "garden-hour-12.txt",
    ]
    corpus, context = load_bundled(present)
    names = {p.name for p in present}
    found = {k: c for k, c in candidates(corpus, context).items() if k[0].split(":")[0] in names}
    labels = tuple(label for label in sample.labels if document(label) in names)
    pairs, missing, unlabelled = decisions(
        type(sample)(labels, frozenset()),
        found,
    )
    assert (missing, unlabelled) == ([], [])
    assert len(pairs) == 26
    assert [label.at for label, accepted in pairs if accepted != label.mention] == []


# ------------------------------------------------------------------------- forms


@pytest.mark.parametrize(
    ("form", "kind", "why"),
    [
        ("RLHF", FormKind.CODE, "a code (RLHF)"),
        ("GPT-3", FormKind.CODE, "a code (GPT)"),
        ("HumanEval", FormKind.CODE, "a code (HumanEval)"),
        ("RSPs", FormKind.CODE, "a code (RSPs)"),
        ("superposition", FormKind.RARE, "a word rare in English (superposition)"),
        ("Dwarkesh Patel interview", FormKind.RARE, "a word rare in English (Dwarkesh)"),
        ("Concrete Problems", FormKind.NAME, "a capitalised name"),
        ("Codex", FormKind.NAME, "a capitalised name"),
        ("system prompt", FormKind.PHRASE, "a phrase of ordinary words"),
        ("Scaling hypothesis", FormKind.PHRASE, "a phrase of ordinary words"),
        ("debate", FormKind.WORD, "an ordinary English word"),
    ],
)
def test_forms_are_classified_by_how_distinctive_they_are(
    form: str, kind: FormKind, why: str
) -> None:
    found = classify(form)
    assert (found.kind, found.why) == (kind, why)


def test_special_forms() -> None:
    assert classify("Deep Speech 2", title=True).kind is FormKind.TITLE
    shared = classify("scaling laws", shared_by=["a", "b", "c", "d"])
    assert (shared.kind, shared.why) == (FormKind.SHARED, "the topic of 5 works (also a, b, c ...)")
    assert classify("Lex Fridman Podcast", series=True).kind is FormKind.SERIES
    author = classify("Kaplan", author=True)
    assert author.kind is FormKind.AUTHOR
    assert author.pattern.search("as Kaplan et al. showed")
    assert author.pattern.search("Kaplan (2020)")
    assert not author.pattern.search("Kaplan said so")


def test_alias_patterns() -> None:
    assert alias_pattern("scaling laws").fullmatch("scaling law")
    assert alias_pattern("induction head").fullmatch("Induction heads")
    assert alias_pattern("GPT-3").fullmatch("GPT three")
    assert alias_pattern("GPT-3").fullmatch("GPT 3")
    assert not alias_pattern("GPT-3").search("GPT-35")
    assert alias_pattern("RLHF").search("RLHF-trained models")
    assert not alias_pattern("RLHF").search("rlhf")
    assert alias_pattern("RSPs").fullmatch("RSP")
    assert not alias_pattern("RSPs").search("rsp")
    assert not alias_pattern("debate").search("pre-debate")
    assert alias_pattern("in-context learning").fullmatch("in context learning")
    assert alias_pattern("ribosome-eIF4E paper").fullmatch("ribosome–eIF4E paper")
    assert alias_pattern("Tracy–Widom law").fullmatch("Tracy-Widom law")
    assert needle("GPT-3") == "gpt"
    assert needle("scaling laws") == "scaling"


def test_a_title_is_named_with_or_without_its_question_mark() -> None:
    pattern = alias_pattern("Can a Religious Court Be a Constitutional Actor?")
    found = pattern.search("her post Can a Religious Court Be a Constitutional Actor when it")
    assert found is not None
    assert found[0] == "Can a Religious Court Be a Constitutional Actor"
    found = pattern.search("her post Can a Religious Court Be a Constitutional Actor? again")
    assert found is not None
    assert found[0].endswith("Actor?")
    assert not pattern.search("Can a Religious Court Be a Constitutional Actorship")


def test_content_words_leave_out_common_english() -> None:
    assert content_words("The model judges the truthful side of an argument") == {
        "judge",
        "truthful",
        "argument",
    }


# ------------------------------------------------------------------------- works


def _unit(text: str) -> TextUnit:
    return TextUnit(
        Location("review.txt", "review", paragraph=0, span=SourceSpan("review.txt", 3)), text
    )


def _works() -> Corpus:
    people = (Creator("Kaplan", "Jared"), Creator("McCandlish", "Sam"))
    host = Creator("Host", "Hal", role="host")
    guest = Creator("Guest", "Gail", role="guest")
    return Corpus(
        documents=(),
        works=(
            Work("laws", "paper", "Scaling Laws for Neural Language Models", "metadata",
                 authors=people, year=2020, aliases=("scaling laws",), tags=("scaling-laws",)),
            Work("other", "paper", "Scaling Laws for Autoregressive Generative Modeling",
                 "metadata", authors=(Creator("Henighan", "Tom"),), year=2020),
            Work("concrete", "paper", "Concrete Problems in AI Safety", "metadata",
                 authors=(Creator("Amodei", "Dario"),), year=2016, aliases=("Concrete Problems",)),
            Work("speech", "paper", "Deep Speech 2: End-to-End Speech Recognition", "metadata",
                 authors=(Creator("Amodei", "Dario"),), year=2015),
            Work("episode", "podcast", "Gail Guest: on everything", "metadata",
                 authors=(host, guest), year=2024, month=3, venue="Hal Host Show",
                 series_number=12, aliases=("Hal Host Show",)),
        ),
    )  # fmt: skip


def _decide(text: str) -> list[tuple[str, str, tuple[str, ...], str | None]]:
    found = candidates_in([_unit(text)], work_targets(_works()), decide_work, attribute=True)
    return [(c.target, c.text, c.evidence, c.rejected) for c in found]


def test_work_forms() -> None:
    forms = {t.id: [(f.text, f.kind) for f in t.forms] for t in work_targets(_works())}
    assert forms["laws"] == [
        ("Scaling Laws for Neural Language Models", FormKind.TITLE),
        ("scaling laws", FormKind.SHARED),
        ("Kaplan", FormKind.AUTHOR),
    ]
    assert forms["speech"] == [
        ("Deep Speech 2: End-to-End Speech Recognition", FormKind.TITLE),
        ("Deep Speech 2", FormKind.TITLE),
        ("Amodei", FormKind.AUTHOR),
    ]
    # "Gail Guest" before the colon is the guest's name, not a short title.
    assert forms["episode"] == [
        ("Gail Guest: on everything", FormKind.TITLE),
        ("Hal Host Show", FormKind.SERIES),
    ]


def test_author_year_citations() -> None:
    assert _decide("As Kaplan et al. (2020) found, loss falls.") == [
        ("laws", "Kaplan", ("author-year citation (Kaplan et al. 2020)",), None)
    ]
    assert _decide("Kaplan 2019 is another paper.") == [
        ("laws", "Kaplan", (), "Kaplan 2019: another work's year")
    ]
    assert _decide("Amodei et al. wrote it.") == [
        ("concrete", "Amodei", (), "Amodei is the first author of 2 works; which one is not said"),
        ("speech", "Amodei", (), "Amodei is the first author of 2 works; which one is not said"),
    ]
    assert _decide("Amodei (2016) lists five problems.")[0] == (
        "concrete",
        "Amodei",
        ("author-year citation (Amodei 2016)",),
        None,
    )
    assert _decide("Kaplan said so.") == []


def test_shared_names_need_a_citation() -> None:
    assert _decide("Smooth scaling laws hold for language.") == [
        (
            "laws",
            "scaling laws",
            (),
            "the topic of 2 works (also other); no paper, year or author nearby",
        )
    ]
    assert _decide("The scaling laws of McCandlish and others.")[0][2] == (
        "the topic of 2 works (also other)",
        "its author nearby: Mccandlish",
    )


def test_names_need_their_capitals() -> None:
    assert _decide("As Concrete Problems argued, side effects matter.")[0][2] == (
        "a capitalised name",
        "written with its capitals",
    )
    assert _decide("There are concrete problems with that.") == [
        (
            "concrete",
            "concrete problems",
            (),
            "a capitalised name, with no citation, year, author or words of the work nearby",
        )
    ]


def test_a_series_name_needs_the_episodes_number_date_or_guest() -> None:
    assert _decide("This is the Hal Host Show. Thanks for listening.") == [
        (
            "episode",
            "Hal Host Show",
            (),
            "the name of the series or host, with no episode number, date or guest nearby",
        )
    ]
    assert _decide("On the Hal Host Show episode 12, in March 2024, Guest spoke.")[0][2] == (
        "the name of the series or host",
        "the episode number (12) nearby",
        "the episode's date (March 2024)",
        "a guest named nearby: Guest",
    )


# ------------------------------------------------------------------------- one title, two works


def test_the_sentence_of_a_match() -> None:
    text = "In 2016 the lab moved. Later, Smith et al. (2019) wrote Tidal Mixing! Then 2021."
    start = text.index("Tidal")
    assert text[slice(*sentence_of(text, start, start + 12))] == (
        "Later, Smith et al. (2019) wrote Tidal Mixing!"
    )
    assert sentence_of("no full stop at all", 3, 7) == (0, 19)
    # A question mark inside the match ends nothing.
    text = "Is It Tidal? A Study (2018) and more. Next."
    assert text[slice(*sentence_of(text, 0, 20))] == "Is It Tidal? A Study (2018) and more."


def test_the_year_written_nearest_a_match_in_its_sentence() -> None:
    def named(text: str, years: tuple[int, ...] = (2018, 2023)) -> int | None:
        start = text.index("TITLE")
        return year_named(text, start, start + 5, years)

    assert named("the 2023 survey of 41 estuaries, TITLE, backs her claim") == 2023
    assert named("TITLE (2018) came first") == 2018
    assert named("as she showed in 2018 with TITLE and again in 2023") == 2018
    assert named("in 2023, after the 2018 pilot, TITLE appeared") == 2018
    assert named("TITLE") is None
    assert named("In 2023 the lab moved. TITLE came out.") is None  # another sentence
    assert named("the 2020s saw TITLE, and 1.2023 or 20231") is None
    assert named("from 2018 to TITLE to 2023") is None  # equally near: nothing said
    assert named("the 2019 TITLE") is None  # not a year of the works


def _same_title() -> list[Target]:
    title = "Tidal Mixing in Shallow Estuaries"
    author = (Creator("Moreau", "Ines"),)
    return work_targets(
        Corpus(
            documents=(),
            works=(
                Work("mix-2018", "paper", title, "metadata", authors=author, year=2018),
                Work("mix-2023", "paper", title, "metadata", authors=author, year=2023),
                Work("guide", "paper", "Mixing in Shallow Estuaries", "metadata",
                     authors=(Creator("Okafor", "Chidi"),), year=2021),
            ),
        )
    )  # fmt: skip


def _settle(
    text: str, about: frozenset[tuple[str, str]] = frozenset()
) -> list[tuple[str, str, tuple[str, ...], str | None]]:
    targets = _same_title()
    found = candidates_in(
        [_unit(text)],
        targets,
        decide_work,
        skip=lambda unit, target: (unit.location.path, target.id) in about,
        attribute=True,
    )
    return [
        (c.target, c.text, c.evidence, c.rejected) for c in settle_mentions(found, targets, about)
    ]


def test_a_title_of_two_works_is_the_one_of_the_year_beside_it() -> None:
    title = "Tidal Mixing in Shallow Estuaries"
    assert _settle(f"The 2023 survey, {title}, revised the model.") == [
        ("mix-2018", title, (), "the title of 2 works; the year beside it (2023) is that of mix-2023"),
        ("mix-2023", title, ("the work's title",
                             "the title of 2 works; the year beside it (2023) tells it from mix-2018"),
         None),
        ("guide", "Mixing in Shallow Estuaries", (), f"inside a mention of mix-2018 ({title})"),
    ]  # fmt: skip
    assert [(c[0], c[3]) for c in _settle(f"{title} (2018) came first.")] == [
        ("mix-2018", None),
        ("mix-2023", "the title of 2 works; the year beside it (2018) is that of mix-2018"),
        ("guide", f"inside a mention of mix-2018 ({title})"),
    ]


def test_a_title_of_two_works_with_nothing_beside_it_mentions_both() -> None:
    title = "Tidal Mixing in Shallow Estuaries"
    expected = [
        ("mix-2018", title, ("the work's title",
                             "the title of 2 works (also mix-2023); nothing beside it tells which"),
         None),
        ("mix-2023", title, ("the work's title",
                             "the title of 2 works (also mix-2018); nothing beside it tells which"),
         None),
        ("guide", "Mixing in Shallow Estuaries", (), f"inside a mention of mix-2018 ({title})"),
    ]  # fmt: skip
    assert _settle(f"Her paper {title} is cited.") == expected
    assert _settle(f"She moved in 2023. Her paper {title} is cited.") == expected


def test_in_a_document_about_one_of_them_the_title_is_that_one() -> None:
    title = "Tidal Mixing in Shallow Estuaries"
    about = frozenset({("review.txt", "mix-2023")})
    assert _settle(f"Her paper {title} is cited.", about) == [
        ("mix-2018", title, (), "the title of 2 works; this document is about mix-2023"),
        ("guide", "Mixing in Shallow Estuaries", (), f"inside a mention of mix-2018 ({title})"),
    ]
    # The year beside it says which, even there.
    assert [(c[0], c[3]) for c in _settle(f"The 2018 {title} is cited.", about)] == [
        ("mix-2018", None),
        ("guide", f"inside a mention of mix-2018 ({title})"),
    ]


def test_a_title_of_one_work_is_left_as_decided() -> None:
    assert _settle("Mixing in Shallow Estuaries, as Okafor calls it.") == [
        ("guide", "Mixing in Shallow Estuaries", ("the work's title",), None)
    ]


# ------------------------------------------------------------------------- terms


def _terms() -> list[Term]:
    return [
        Term("debate", "AI safety via debate", "Agents argue and a human judges the truthful side.",
             aliases=("debate",)),
        Term("circuits", "circuits", "Features connected by weights into algorithms.",
             aliases=("circuit",)),
        Term("amplification", "iterated amplification", "Combining easier subproblems.",
             aliases=("amplification",)),
    ]  # fmt: skip


def _uses(text: str) -> list[tuple[str, str, tuple[str, ...], str | None]]:
    found = candidates_in([_unit(text)], term_targets(_terms()), decide_term, neighbours=True)
    return [(c.target, c.text, c.evidence, c.rejected) for c in found]


def test_term_forms_headwords_and_shortenings() -> None:
    forms = {t.id: [(f.text, f.kind, f.why) for f in t.forms] for t in term_targets(_terms())}
    assert forms["debate"][1] == (
        "debate",
        FormKind.WORD,
        "one ordinary word of the term 'AI safety via debate'",
    )
    assert forms["circuits"] == [
        ("circuits", FormKind.HEADWORD, "the term's own name"),
        ("circuit", FormKind.HEADWORD, "the term's own name"),
    ]


def test_a_shortened_term_needs_evidence() -> None:
    assert _uses("It's a debate about naming.") == [
        (
            "debate",
            "debate",
            (),
            "one ordinary word of the term 'AI safety via debate', with no definition words "
            "or other terms nearby",
        )
    ]
    assert _uses("In debate, two agents argue while a judge listens.")[0][2] == (
        "one ordinary word of the term 'AI safety via debate'",
        "words of its definition nearby: agent, argue, judge",
    )
    assert _uses("Methods like debate and amplification scale oversight.") == [
        (
            "debate",
            "debate",
            (
                "one ordinary word of the term 'AI safety via debate'",
                "beside other terms: amplification",
            ),
            None,
        ),
        (
            "amplification",
            "amplification",
            (
                "one ordinary word of the term 'iterated amplification'",
                "beside other terms: debate",
            ),
            None,
        ),
    ]
    assert _uses("We call that a debate, and a debate is what it is.")[0][2] == (
        "one ordinary word of the term 'AI safety via debate'",
        "in a defining context",
    )
    assert _uses("The AI safety via debate proposal; debate then scales.")[1][2] == (
        "one ordinary word of the term 'AI safety via debate'",
        "beside another form of the term: AI safety via debate",
    )
    assert _uses("A circuit of the radio.") == [
        ("circuits", "circuit", ("the term's own name",), None)
    ]


# ------------------------------------------------------------------------- the needle index

_ALIASES = [
    "scaling laws",
    "RLHF",
    "RSPs",
    "GPT-3",
    "in-context learning",
    "O'Neil",
    "Amodei",
    "Kaplan",
    "Deep Speech 2",
    "café",
    "laws of physics",
    "3",
]
_PIECES = [
    *_ALIASES,
    "scaling law",
    "scaling lawes",
    "rlhf-trained",
    "RSP",
    "gpt three",
    "GPT-35",
    "in context learning",
    "incontext learning",
    "o'neil",
    "Amodei2020",
    "Amodei20٢٠",
    "Amodei (2016)",
    "Kaplan et al.",
    "deep speech two",
    "CAFÉ",
    "lawyers",
    "law",
    "the",
    "and",
]


@settings(max_examples=300, deadline=None)
@given(
    aliases=st.lists(st.sampled_from(_ALIASES), min_size=1, max_size=6, unique=True),
    pieces=st.lists(
        st.tuples(st.sampled_from(_PIECES), st.sampled_from([" ", "-", ", ", ".", "", "\n"])),
        max_size=12,
    ),
)
def test_the_needle_index_keeps_every_target_that_matches(
    aliases: list[str], pieces: list[tuple[str, str]]
) -> None:
    """Trying only the targets the index names finds the same matches as trying them all."""
    targets = [
        Target(f"t{i}", "work", (classify(alias), classify(alias, author=True)))
        for i, alias in enumerate(aliases)
    ]
    text = "".join(piece + separator for piece, separator in pieces)
    unit = _unit(text)
    lower = text.lower()
    tried = [targets[i] for i in _NeedleIndex(targets).candidates(lower)]
    assert _raw_matches(unit, lower, tried, lambda t: False) == _raw_matches(
        unit, lower, targets, lambda t: False
    )


def test_a_match_in_a_reserved_span_is_rejected_and_vouches_for_nothing() -> None:
    """Reserved spans (a person's name) take the match out before any decision."""
    text = "Circuit Debate Smith came; in debate, circuits were argued."
    start = text.index("Circuit")
    reserved = [(start, start + len("Circuit Debate Smith"), "part of a person's name", False)]
    found = candidates_in(
        [_unit(text)],
        term_targets(_terms()),
        decide_term,
        neighbours=True,
        reserved=lambda unit: reserved,
    )
    assert [(c.target, c.text, c.evidence, c.rejected) for c in found] == [
        ("circuits", "Circuit", (), "part of a person's name"),
        ("debate", "Debate", (), "part of a person's name"),
        (
            "debate",
            "debate",
            (
                "one ordinary word of the term 'AI safety via debate'",
                "beside other terms: circuits",
            ),
            None,
        ),
        ("circuits", "circuits", ("the term's own name",), None),
    ]


def test_another_form_beside_a_family_name_alone_claims_it_for_the_term() -> None:
    """A family name on its own may be the word itself: another form of the same term
    beside it ("Han, 한 in Korean") says so; without one it stays the person's."""
    term = Term("han", "Han", "Sorrow held in the voice.", aliases=("한",))
    text = "Han, 한 in Korean, is held in the voice. Later, Han explains it."
    later = text.index("Han explains")
    reserved = [
        (0, 3, "the family name of Han Seo-yeon, whom this document names", True),
        (later, later + 3, "the family name of Han Seo-yeon, whom this document names", True),
    ]
    found = candidates_in(
        [_unit(text)], term_targets([term]), decide_term, reserved=lambda unit: reserved
    )
    assert [(c.start, c.text, c.rejected) for c in found] == [
        (0, "Han", None),
        (5, "한", None),
        (later, "Han", "the family name of Han Seo-yeon, whom this document names"),
    ]


def test_reserved_spans_are_found_by_bisection_in_the_given_order() -> None:
    """The first span (in the order given) that holds a match, also where spans overlap."""
    within = _Within([(10, 30, "outer", False), (12, 20, "inner", True), (40, 45, "x", False)])
    assert within.first(13, 18) == ("outer", False)
    assert within.first(21, 25) == ("outer", False)
    assert within.first(41, 44) == ("x", False)
    assert within.first(28, 35) is None
    assert within.first(0, 5) is None
    within = _Within([(12, 20, "inner", True), (10, 30, "outer", False)])
    assert within.first(13, 18) == ("inner", True)
