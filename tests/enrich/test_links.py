"""Same-work identities, mentions, chapter references and the glossary of the bundled corpus."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import jsonschema

import feedcite
from feedcite.enrich.links import alias_pattern, work_targets
from feedcite.enrich.mentions import Target
from feedcite.enrich.notes import resolve_ref
from feedcite.errors import Code
from feedcite.export.jsonexport import schema, to_json
from feedcite.model import Corpus, DocumentKind, Notes, Transcript
from tests.conftest import CAPTURES

LEX = "lex-fridman-452"
DWARKESH = "dwarkesh-2023-08-08"


def about(corpus: Corpus) -> dict[str, str]:
    return {
        link.path.rsplit("/", 1)[-1]: link.work_id
        for link in corpus.links
        if link.kind == "same-work" and not link.path.endswith("feed.txt")
    }


def test_documents_are_linked_to_their_episode_with_evidence(corpus: Corpus) -> None:
    assert about(corpus) == {
        "lex-fridman-452-transcript.txt": LEX,
        "lex-fridman-452-notes.txt": LEX,
        "dwarkesh-2023-summary.txt": DWARKESH,
        "dwarkesh-2023-review.txt": DWARKESH,
    }
    evidence = {
        link.path.rsplit("/", 1)[-1]: link.evidence
        for link in corpus.links
        if link.kind == "same-work"
    }
    assert (
        "series and episode number (Lex Fridman Podcast #452)"
        in evidence["lex-fridman-452-notes.txt"]
    )
    assert "dated November 2024" in evidence["lex-fridman-452-notes.txt"]
    assert "dated August 2023" in evidence["dwarkesh-2023-review.txt"]
    assert (
        "the work's title appears in the document's title" in evidence["dwarkesh-2023-summary.txt"]
    )


def test_the_feeds_august_video_is_the_dwarkesh_episode(corpus: Corpus) -> None:
    episode = corpus.work(DWARKESH)
    assert episode.item is not None
    assert (episode.item.kind, episode.item.date_label) == ("youtube", "Aug 8")
    feed_link = [
        link
        for link in corpus.links
        if link.kind == "same-work" and link.work_id == DWARKESH and link.path.endswith("feed.txt")
    ]
    assert len(feed_link) == 1


def test_identity_without_metadata_still_uses_titles_dates_and_names() -> None:
    corpus = feedcite.load_paths(
        [CAPTURES / "dwarkesh-2023-summary.txt", CAPTURES / "dwarkesh-2023-review.txt"]
    )
    warnings = [d.code for d in corpus.diagnostics]
    assert warnings == [Code.LINK_IDENTITY, Code.LINK_IDENTITY]


def test_mentions_have_locations(corpus: Corpus) -> None:
    mentions = [link for link in corpus.links if link.kind == "mention"]
    by_work: dict[str, list[str]] = {}
    for link in mentions:
        assert link.occurrence is not None
        by_work.setdefault(link.work_id, []).append(link.occurrence.location.kind)
    assert by_work["constitutional-ai"].count(DocumentKind.TRANSCRIPT) >= 10
    assert DocumentKind.NOTES in by_work["constitutional-ai"]
    assert DocumentKind.TRANSCRIPT in by_work["toy-models-superposition"]
    assert DocumentKind.TRANSCRIPT in by_work["induction-heads"]
    assert DocumentKind.REVIEW in by_work["scaling-laws"]
    transcript_mentions = [
        link.occurrence
        for link in mentions
        if link.occurrence and link.occurrence.location.kind is DocumentKind.TRANSCRIPT
    ]
    assert all(
        o.location.chapter is not None and o.location.paragraph is not None
        for o in transcript_mentions
    )
    review = next(
        o
        for link in mentions
        if (o := link.occurrence)
        and o.location.kind is DocumentKind.REVIEW
        and link.work_id == "scaling-laws"
    )
    assert review.text == "Scaling Laws for Neural Language Models"
    assert review.location.paragraph == 1


def test_no_mention_inside_the_documents_about_the_work_itself(corpus: Corpus) -> None:
    for link in corpus.links:
        if link.kind == "mention":
            assert about(corpus).get(link.path.rsplit("/", 1)[-1]) != link.work_id


def test_alias_patterns() -> None:
    assert alias_pattern("RLHF").search("trained with RLHF.")
    assert not alias_pattern("RLHF").search("rlhf")
    assert alias_pattern("induction head").search("Induction heads form")
    assert alias_pattern("in-context learning").search("in context learning")
    assert not alias_pattern("GPT-3").search("GPT-35")


def test_chapter_references_resolve_to_the_transcript(corpus: Corpus) -> None:
    notes = next(d for d in corpus.documents if isinstance(d, Notes))
    resolved = [(r.title, r.chapter_index) for s in notes.sections for r in s.chapter_refs]
    assert resolved == [
        ("Scaling laws", 1),
        ("Claude", 4),
        ("AI Safety Levels", 9),
        ("ASL-3 and ASL-4", 10),
        ("Computer use", 11),
        ("Government regulation of AI", 12),
    ]
    assert [d for d in corpus.diagnostics if d.code is Code.NOTES_CHAPTER_REF] == []


def test_repeated_chapter_titles_prefer_the_next_one(corpus: Corpus) -> None:
    transcript = next(d for d in corpus.documents if d.kind is DocumentKind.TRANSCRIPT)
    assert isinstance(transcript, Transcript)
    chapters = transcript.chapters
    assert resolve_ref("Post-training", chapters) == 14
    assert resolve_ref("Post-training", chapters, after=20) == 24
    assert resolve_ref("post training", chapters) == 14
    assert resolve_ref("Nothing like it", chapters) is None


def test_unresolved_reference_is_a_located_warning(tmp_path: Path) -> None:
    transcript = CAPTURES / "lex-fridman-452-transcript.txt"
    notes = "Reading Notes\n\nNotes on a talk\n\n\nFour questions\n\nQ1 — What?\nThis.\n\n\nA section [§ No such chapter]\n\nText.\n"
    path = tmp_path / "notes.txt"
    path.write_text(notes, encoding="utf-8")
    corpus = feedcite.load_paths([transcript, path])
    (warning,) = [
        d
        for d in corpus.diagnostics
        if d.code is Code.NOTES_CHAPTER_REF and "names no chapter" in d.message
    ]
    assert (warning.span.line, warning.span.column) == (12, 11)
    assert warning.message.startswith("[§ No such chapter] names no chapter in")


def test_a_loose_reference_is_resolved_with_a_warning(tmp_path: Path) -> None:
    """Most words shared, but not the title: taken, and said so, with the chapter."""
    transcript = CAPTURES / "lex-fridman-452-transcript.txt"
    notes = (
        "Reading Notes\n\nNotes on a talk\n\n\nFour questions\n\nQ1 — What?\nThis.\n\n\n"
        "A section [§ Regulation of AI by government]\n\nText.\n"
    )
    path = tmp_path / "notes.txt"
    path.write_text(notes, encoding="utf-8")
    corpus = feedcite.load_paths([transcript, path])
    (warning,) = [d for d in corpus.diagnostics if d.code is Code.NOTES_CHAPTER_REF]
    assert (warning.span.line, warning.span.column) == (12, 11)
    assert warning.message == (
        "[§ Regulation of AI by government] names no chapter exactly; taken as chapter 13, "
        "'Government regulation of AI' (80% of their words shared); write the chapter's "
        "title to be sure"
    )
    notes_doc = next(d for d in corpus.documents if d.path == str(path))
    assert isinstance(notes_doc, Notes)
    assert [r.chapter_index for s in notes_doc.sections for r in s.chapter_refs] == [12]


def test_chapter_references_in_any_script_and_without_accents() -> None:
    transcript = feedcite.parse_transcript(
        "Medicine Through Time 89\n\nChapters\n\n0:00 Introduction\n4:00 Чума в Москве\n"
        "9:00 Холера\n15:00 Épidémies à Marseille\n\nTranscript\n\nWords.\n",
        "t.txt",
    )
    chapters = transcript.chapters
    assert resolve_ref("Холера", chapters) == 2  # not the first chapter in Cyrillic
    assert resolve_ref("чума в москве", chapters) == 1
    assert resolve_ref("Epidemies a Marseille", chapters) == 3
    assert resolve_ref("Λοιμός", chapters) is None
    assert resolve_ref("—", chapters) is None  # no word to match by


def test_glossary_terms_in_any_script_keep_their_letters(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(
        "Reading Notes\n\nPlague in Moscow\n\n\nGlossary\n\nFede di sanità — a bill of health.\n\n"
        "Чума — plague, in Russian.\n\nХолера — cholera, in Russian.\n\n"
        "Λοιμός — pestilence, in Greek.\n\n∞ — infinity.\n\n† — a death.\n\n‡ — a double death.\n",
        encoding="utf-8",
    )
    corpus = feedcite.load_paths([notes])
    assert sorted((t.id, t.term) for t in corpus.glossary) == [
        ("chuma", "Чума"),
        ("fede-di-sanita", "Fede di sanità"),
        ("inf", "∞"),
        ("kholera", "Холера"),
        ("loimos", "Λοιμός"),
        ("term", "†"),  # nothing of it has an ASCII letter
        ("term-2", "‡"),
    ]


def test_with_two_transcripts_an_unidentified_reference_is_said_to_be_ambiguous(
    tmp_path: Path,
) -> None:
    transcript = (CAPTURES / "lex-fridman-452-transcript.txt").read_bytes()
    (tmp_path / "one.txt").write_bytes(transcript)
    (tmp_path / "two.txt").write_bytes(transcript + b"\n")  # another file (one copy is read once)
    notes = "Reading Notes\n\nNotes on a talk\n\n\nFour questions\n\nQ1 — What?\nThis.\n\n\nA section [§ Claude]\n\nText.\n"
    (tmp_path / "notes.txt").write_text(notes, encoding="utf-8")
    corpus = feedcite.load_paths(
        [tmp_path / "one.txt", tmp_path / "two.txt", tmp_path / "notes.txt"]
    )
    (warning,) = [d for d in corpus.diagnostics if d.code is Code.NOTES_CHAPTER_REF]
    assert warning.message == (
        "[§ Claude] names no chapter (the notes are identified with no episode, and the corpus "
        "has 2 transcripts: which one they refer to is not known); left unresolved"
    )


def test_glossary_has_the_notes_terms_and_more(corpus: Corpus) -> None:
    terms = {t.id: t for t in corpus.glossary}
    from_notes = [
        t
        for t in corpus.glossary
        if t.source
        and t.source.endswith("notes.txt")
        and t.source_span
        and t.source_span.line in range(29, 42)
    ]
    assert {t.term for t in from_notes} == {
        "Scaling hypothesis",
        "ASL",
        "RSP",
        "CBRN",
        "Whack-a-mole problem",
        "Race to the Top",
        "Constitutional AI",
    }
    assert len(terms) - len(from_notes) >= 25
    for required in (
        "rlhf",
        "rlaif",
        "mechanistic-interpretability",
        "superposition",
        "polysemanticity",
        "monosemanticity",
        "induction-head",
        "sparse-autoencoder",
        "scalable-oversight",
        "red-teaming",
        "sycophancy",
    ):
        assert required in terms, required
    assert terms["asl"].aliases[0] == "AI Safety Level"
    assert "helpful-harmless-rlhf" in terms["rlhf"].related_works


def test_glossary_occurrences_everywhere(corpus: Corpus) -> None:
    terms = {t.id: t for t in corpus.glossary}
    kinds = {o.location.kind for o in terms["rlhf"].occurrences}
    assert kinds >= {DocumentKind.FEED, DocumentKind.TRANSCRIPT, DocumentKind.NOTES}
    rsp = terms["rsp"]
    assert all(
        o.text.upper().startswith("RSP") or "responsible" in o.text.lower() for o in rsp.occurrences
    )
    assert all(t.occurrences for t in corpus.glossary), [
        t.id for t in corpus.glossary if not t.occurrences
    ]


def test_mentions_of_the_bundled_corpus_and_their_evidence(corpus: Corpus) -> None:
    mentions = [link for link in corpus.links if link.kind == "mention"]
    assert Counter(link.work_id for link in mentions) == {
        "constitutional-ai": 17,
        "toy-models-superposition": 10,
        "scaling-laws": 2,
        "induction-heads": 1,
        "iterated-amplification": 1,
        "gpt-3": 1,
    }
    assert all(link.evidence and link.occurrence for link in mentions)
    assert all(link.occurrence.evidence == link.evidence for link in mentions if link.occurrence)
    gpt = next(link for link in mentions if link.work_id == "gpt-3")
    assert (gpt.occurrence and gpt.occurrence.text, gpt.evidence) == (
        "GPT three",
        ("a code (GPT)",),
    )


def test_term_uses_say_why(corpus: Corpus) -> None:
    assert all(o.evidence for t in corpus.glossary for o in t.occurrences)
    assert sum(len(t.occurrences) for t in corpus.glossary) == 445
    debate = {t.id: t for t in corpus.glossary}["debate"]
    assert [(o.location.span and o.location.span.line, o.text) for o in debate.occurrences] == [
        (98, "debate"),
        (98, "debate"),
        (98, "Debate"),
        (565, "debate"),
        (697, "debate"),
        (26, "debate"),
        (9, "debate"),
    ]


def test_the_json_carries_the_evidence(corpus: Corpus) -> None:
    data = to_json(corpus)
    jsonschema.validate(data, schema())
    mention = next(link for link in data["links"] if link["kind"] == "mention")
    assert mention["evidence"] == mention["occurrence"]["evidence"]
    assert mention["evidence"][1:] == [
        "citation words nearby: paper",
        "the work's year (2020) nearby",
    ]
    term = data["glossary"][0]
    assert (term["term"], term["occurrences"][0]["evidence"]) == (
        "AI safety via debate",
        [
            "one ordinary word of the term 'AI safety via debate'",
            "words of its definition nearby: agent, argue, judge, truthful, zero",
        ],
    )


def test_a_first_authors_years_are_counted_once_for_all_their_works(corpus: Corpus) -> None:
    """Each work's target holds its first author's years as one shared table (not one list
    of every sibling per work, which grew with the square of the corpus)."""
    year_of = {w.id: w.year for w in corpus.works}
    sharing: dict[int, list[Target]] = {}
    for target in work_targets(corpus):
        if target.siblings:
            sharing.setdefault(id(target.siblings), []).append(target)
    assert max(len(group) for group in sharing.values()) > 1  # shared by works of one author
    for group in sharing.values():
        years = Counter(year_of[t.id] for t in group)
        assert dict(group[0].siblings) == dict(years)


def test_a_text_that_writes_a_works_arxiv_identifier_or_doi_mentions_it(tmp_path: Path) -> None:
    """``arXiv:2503.01234v2`` and ``doi:10.1000/ABC.1`` name their works, whatever words are
    around them; a bare number is no identifier."""
    feed = tmp_path / "feed.txt"
    feed.write_text(
        "Chronological feed of everything captured from Ann Lee.\n"
        "preprint / annlee / Mar 18\nDeep water temperatures.\ndeep-water\n“Deep is cold.”\n"
        "paper / annlee / Feb 2\nTide gauges and ports.\ntide-gauges\n“Ports measure.”\n",
        encoding="utf-8",
    )
    works = tmp_path / "works.toml"
    works.write_text(
        '[[work]]\nid = "deep"\nmatch = { kind = "preprint", date = "Mar 18", claim = "Deep" }\n'
        'title = "Deep Water"\narxiv = "2503.01234"\n'
        '[[work]]\nid = "tides"\nmatch = { kind = "paper", date = "Feb 2", claim = "Ports" }\n'
        'title = "Tide Gauges"\ndoi = "10.1000/abc.1"\n',
        encoding="utf-8",
    )
    review = tmp_path / "review.txt"
    review.write_text(
        "YouTube Review\n\nSomeone on Something Else\n\n"
        "The talk leans on arXiv:2503.01234v2 throughout, and on doi:10.1000/ABC.1.\n\n"
        "Its figure 2503.01234 is a number.\n\n\nReturn to YouTube\n",
        encoding="utf-8",
    )
    corpus = feedcite.load_paths([feed, review], metadata=works)
    found = sorted(
        (link.work_id, link.occurrence.text, link.evidence)
        for link in corpus.links
        if link.kind == "mention" and link.occurrence is not None
    )
    assert found == [
        ("deep", "arXiv:2503.01234v2", ("its arXiv identifier",)),
        ("tides", "doi:10.1000/ABC.1", ("its DOI",)),
    ]
