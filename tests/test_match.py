"""feedcite match: feed items matched to the user's library, as works.toml entries to review."""

from __future__ import annotations

import tomllib
from pathlib import Path

import bibtexparser
import pytest

from feedcite.cli import main
from feedcite.corpus import load_paths
from feedcite.curated import parse_works
from feedcite.export.bibtex import write_bibtex
from feedcite.library import LibraryEntry, read_bibtex, read_csl_json, read_library
from feedcite.match import Ambiguity, match_works, works_toml
from feedcite.model import Corpus, Creator, Feed, FeedItem, SourceSpan
from tests.conftest import CAPTURES, DATA, REFS, ROOT

AMODEI_FEED = CAPTURES / "amodei-feed.txt"
LOPEZ_FEED = ROOT / "tests" / "evidence" / "base" / "feed.txt"
LOPEZ_LIBRARY = DATA / "library" / "lopez.bib"


def _feed(corpus: Corpus) -> Feed:
    return next(d for d in corpus.documents if isinstance(d, Feed))


def _bib_fields(text: str) -> dict[str, dict[str, str]]:
    skip = {"note", "annote", "abstract", "keywords"}  # from the feed, not from metadata
    return {
        e.key: {f.key: str(f.value) for f in e.fields if f.key not in skip}
        for e in bibtexparser.parse_string(text).entries
    }


def test_the_bundled_feed_recovers_its_works_from_its_library(tmp_path: Path) -> None:
    """Strip works.toml, match the feed against the corpus's own .bib."""
    library = "amodei.bib"
    bare = load_paths([AMODEI_FEED])  # no curated metadata
    entries = read_library((REFS / library).read_bytes(), library)
    assert entries.diagnostics == ()
    found = match_works(bare.works, entries.entries, subject=_feed(bare).subject)
    assert (len(found.proposals), found.ambiguities, found.unmatched) == (34, (), ())
    assert [e.key for e in found.unused] == ["fridman2024dario"]  # an episode, not a feed item
    text = works_toml(found, _feed(bare).items, library=library)
    assert parse_works(text, "works.toml").diagnostics == ()
    matched = load_paths([AMODEI_FEED], metadata=_write(text, tmp_path / "works.toml"))
    assert [d for d in matched.diagnostics if d.code.startswith("meta")] == []
    curated = load_paths([AMODEI_FEED], metadata=REFS / "works.toml")
    ours, theirs = _bib_fields(write_bibtex(matched)), _bib_fields(write_bibtex(curated))
    assert set(theirs) - set(ours) == {"fridman2024dario"}  # the episode outside the feed
    differences = [
        (key, field, theirs[key].get(field), ours[key].get(field))
        for key in ours
        for field in sorted(set(ours[key]) | set(theirs[key]))
        if ours[key].get(field) != theirs[key].get(field)
    ]
    # The one fact the library does not hold: the series of a video (curated as `series`).
    assert differences == [
        ("patel2023dario", "howpublished", "YouTube video, Dwarkesh Podcast", "YouTube video")
    ]


def test_the_csl_json_library_gives_the_same_matches() -> None:
    bare = load_paths([AMODEI_FEED])
    subject = _feed(bare).subject

    def pairs(name: str) -> list[tuple[str, str]]:
        library = read_library((REFS / name).read_bytes(), name)
        found = match_works(bare.works, library.entries, subject=subject)
        assert (found.ambiguities, found.unmatched) == ((), ())
        return [(p.work_id, p.candidate.entry.key) for p in found.proposals]

    assert pairs("amodei.json") == pairs("amodei.bib")


def _write(text: str, path: Path) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_library_of_someone_else_with_other_peoples_works() -> None:
    corpus = load_paths([LOPEZ_FEED])
    library = read_bibtex(LOPEZ_LIBRARY.read_text(), "lopez.bib")
    found = match_works(corpus.works, library.entries, subject="Maria Lopez")
    assert [
        (p.work_id, p.candidate.entry.key, p.candidate.confidence) for p in found.proposals
    ] == [
        ("podcast-mar-3-keep-soil-covered", "reedGardenHour122024", 0.64),
        ("paper-jun-12-weekly-turning-raises", "lopezThreeBayComposting2024", 0.84),
        ("blog-jan-30-tomatoes-planted-deep", "lopezPlantYourTomatoes2024", 1.0),
    ]
    assert sorted(e.key for e in found.unused) == [
        "brandtSoilHealthTalk2023",
        "hartCompostHandbook2019",
        "okaforWeedSeedBanks2021",
    ]
    text = works_toml(found, _feed(corpus).items, library="lopez.bib")
    paper = text.split("\n\n")[1]
    assert paper == (
        "[[work]]\n"
        'id = "paper-jun-12-weekly-turning-raises"\n'
        'match = { kind = "paper", date = "Jun 12", claim = "Weekly turning raises compost '
        'temperature" }\n'
        'title = "Three-Bay Composting in Market Gardens: Turning Frequency and Weed Seed '
        'Survival"\n'
        "authors = [\n"
        '  "Lopez, Maria",\n'
        '  "Reed, Sam",\n'
        "]\n"
        'published = { type = "article", venue = "Journal of Market Gardens", year = 2024, '
        'month = 2, volume = "12", number = "2", pages = "45–58", doi = "10.5555/jmg.2024.0212" }\n'
        'evidence = "lopez.bib:5 (lopezThreeBayComposting2024)"\n'
        'notes = "Proposed by feedcite match with confidence 0.84: title words 8/10 in the item; '
        "the title is in the item's text; month differs (feed Jun, library Feb); the feed's "
        "subject is an author. No date is given: the library's date is the published version's, "
        "and its month is not the feed's. Next candidate: okaforWeedSeedBanks2021 (0.15). "
        'Review before relying on it."'
    )
    assert parse_works(text, "works.toml").diagnostics == ()


def _item(claim: str, summary: str, index: int = 1, month: int = 3, day: int = 3) -> FeedItem:
    span = SourceSpan("f.txt", 2)
    return FeedItem(
        index, "paper", "jane", month, day, summary, "soil", claim, True, span, (), span, span, span
    )


def _entry(key: str, title: str, **fields: object) -> LibraryEntry:
    return LibraryEntry(
        key,
        "article",
        SourceSpan("lib.bib", 1),
        title=title,
        **fields,  # type: ignore[arg-type]
    )


def _works(*items: FeedItem) -> list:  # type: ignore[type-arg]
    from feedcite.model import Work

    return [
        Work(id=f"w{i.index}", kind="paper", title="", title_source="derived", item=i)
        for i in items
    ]


def test_two_entries_as_good_as_each_other_are_listed_not_applied() -> None:
    item = _item("Soil carbon rises under cover crops.", "A study of soil carbon and cover crops.")
    entries = [
        _entry("a2020", "Soil carbon under cover crops", month=3),
        _entry("b2021", "Cover crops and soil carbon", month=3),
    ]
    found = match_works(_works(item), entries, subject=None)
    assert found.proposals == ()
    (ambiguity,) = found.ambiguities
    assert isinstance(ambiguity, Ambiguity)
    assert (ambiguity.reason, [c.entry.key for c in ambiguity.candidates]) == (
        "'b2021' is nearly as good",
        ["a2020", "b2021"],
    )
    text = works_toml(found, [item], library="lib.bib")
    assert text == (
        "# Ambiguous: not applied. Copy an entry from your library by hand if one is right.\n"
        "#   paper / jane / Mar 3 (w1): 'b2021' is nearly as good; candidates: a2020 (0.94), "
        "b2021 (0.94)\n"
    )
    assert parse_works(text, "works.toml").works == ()


def test_an_identifier_in_the_item_decides() -> None:
    item = _item("Soil is alive.", "Preprint arXiv:2401.01234v2 on soil carbon and cover crops.")
    entries = [
        _entry("a2020", "Soil carbon under cover crops", arxiv="2401.01234"),
        _entry("b2021", "Cover crops and soil carbon"),
    ]
    (proposal,) = match_works(_works(item), entries).proposals
    assert proposal.candidate.entry.key == "a2020"
    assert proposal.candidate.evidence[0] == "arXiv 2401.01234 named in the item"


def test_nothing_alike_is_unmatched() -> None:
    item = _item("Tomatoes grow roots.", "A post on tomatoes.")
    found = match_works(_works(item), [_entry("x", "Quantum chromodynamics on the lattice")])
    assert (found.proposals, found.ambiguities, [w for w, _ in found.unmatched]) == ((), (), ["w1"])


def test_library_text_becomes_valid_toml_and_nothing_else() -> None:
    title = 'A "quoted" title \\ with\nbreaks\tand \x01 controls'
    item = _item("Odd titles are fine.", f"About {title}.")
    entry = _entry("odd", title, authors=(Creator("O'Neil", "Ann"), Creator("ACME Lab")))
    found = match_works(_works(item), [entry])
    text = works_toml(found, [item], library="lib.bib")
    (work,) = tomllib.loads(text)["work"]
    assert (work["title"], work["authors"]) == (title, ["O'Neil, Ann", "ACME Lab"])
    (curated,) = parse_works(text, "works.toml").works
    assert curated.facts.title == title


BIB = r"""@article{good,
  author = {Berry, II, Michael J. and {Ponde de Oliveira Pinto}, Henrique and M{\"u}ller, J{\"o}rg and others},
  title = {{Deep} Learning for {\AA}rhus \& Beyond},
  journal = {arXiv preprint arXiv:2101.00001},
  year = 2021, month = mar,
}

@misc{good,
  title = {The same key again},
}

@misc{broken,
  title = {No closing brace
"""


def test_tex_dashes_and_quotes_in_a_library_are_decoded() -> None:
    """``--`` is an en dash in TeX, also in a title with no other markup."""
    library = read_bibtex(
        "@article{a, title = {Bills of Health, 1580--1720}, author = {Roe, Jane}, year = 2024}\n"
        "@article{b, title = {A ``so-called'' cure---or not}, author = {Roe, Jane}, year = 2024}\n",
        "lib.bib",
    )
    assert [e.title for e in library.entries] == [
        "Bills of Health, 1580–1720",
        "A “so-called” cure—or not",
    ]


def test_math_in_a_library_title_is_read_as_text() -> None:
    """``{$\\alpha$}`` is the letter α, not the LaTeX source (which the site would show)."""
    library = read_bibtex(
        "@article{a, title = {Reading the {$\\alpha$} of Old Thermometers, $\\le$ 1900},"
        " author = {Roe, Jane}, year = 2024}\n",
        "lib.bib",
    )
    assert [e.title for e in library.entries] == ["Reading the α of Old Thermometers, ≤ 1900"]


def test_bibtex_problems_are_located_and_the_rest_is_read() -> None:
    library = read_bibtex(BIB, "lib.bib")
    assert [d.format().split("\n")[0] for d in library.diagnostics] == [
        "lib.bib:8:1: error[library]: the key 'good' is used twice; the second entry is left out",
        "lib.bib:12:1: error[library]: this entry cannot be read ('@misc{broken,'); it is left out",
    ]
    (entry,) = library.entries
    assert entry.title == "Deep Learning for Århus & Beyond"
    assert entry.authors == (
        Creator("Berry", "Michael J.", "II"),
        Creator("Ponde de Oliveira Pinto", "Henrique"),
        Creator("Müller", "Jörg"),
    )
    assert (entry.others, entry.year, entry.month, entry.arxiv, entry.venue) == (
        True,
        2021,
        3,
        "2101.00001",
        None,  # Google Scholar's "arXiv preprint" is no venue
    )


def test_csl_json_items() -> None:
    text = """[
  {"id": "a", "type": "article", "title": "Soil", "number": "arXiv:2101.00001",
   "author": [{"family": "Lopez", "given": "Maria"}, {"literal": "Soil Lab"}],
   "issued": {"date-parts": [[2021, 3, 4]]}, "DOI": "10.48550/arXiv.2101.00001"},
  {"id": "b", "type": "article-journal", "title": "Compost", "container-title": "J. Gardens",
   "issued": {"date-parts": [["2020"]]}, "DOI": "10.5555/x.1", "volume": 3, "page": "1-9"},
  {"id": "a", "title": "again"},
  "nonsense"
]"""
    library = read_csl_json(text, "lib.json")
    assert [d.format().split("\n")[0] for d in library.diagnostics] == [
        "lib.json:7:1: error[library]: the id 'a' is used twice; the second item is left out",
        "lib.json:1:1: error[library]: an item must be an object; it is left out",
    ]
    first, second = library.entries
    assert (first.arxiv, first.doi, first.year, first.month, first.day) == (
        "2101.00001",
        None,
        2021,
        3,
        4,
    )
    assert first.authors == (Creator("Lopez", "Maria"), Creator("Soil Lab", organization=True))
    assert (second.published_type, second.venue, second.doi, second.volume, second.pages) == (
        "article",
        "J. Gardens",
        "10.5555/x.1",
        "3",
        "1-9",
    )


def test_read_library_tells_the_formats_apart() -> None:
    assert read_library(b"[]", "x.json").entries == ()
    (problem,) = read_library(b"just words\n", "x.bib").diagnostics
    assert problem.message == "no BibTeX entries (@type{key, ...}) and no CSL-JSON array here"
    (problem,) = read_library(b"\xff\xfe", "x.bib").diagnostics
    assert problem.message == "not UTF-8 text; export it as UTF-8"


def test_match_adds_to_works_toml_and_keeps_what_is_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "site"
    assert main(["init", str(project), str(LOPEZ_FEED)]) == 0
    works = project / "refs" / "works.toml"
    mine = (
        '[[work]]\nid = "tomatoes"\n'
        'match = { kind = "blog", date = "Jan 30", claim = "Tomatoes planted deep" }\n'
        'title = "My own title"\n'
    )
    works.write_text(works.read_text() + "\n" + mine)
    before = works.read_text()
    monkeypatch.chdir(project)
    monkeypatch.delenv("FEEDCITE_CORPUS", raising=False)
    capsys.readouterr()
    assert main(["match", str(LOPEZ_LIBRARY)]) == 0
    err = capsys.readouterr().err
    assert err == (
        f"feedcite: 2 entries proposed ({works.resolve()}), 0 ambiguous (listed, not applied), "
        "0 item(s) not in the library, 1 item(s) already had an entry; 6 library entries read\n"
    )
    after = works.read_text()
    assert after.startswith(before)
    curation = parse_works(after, "works.toml")
    assert curation.diagnostics == ()
    assert [w.id for w in curation.works] == [
        "tomatoes",
        "podcast-mar-3-keep-soil-covered",
        "paper-jun-12-weekly-turning-raises",
    ]
    stamp = works.stat().st_mtime_ns
    assert main(["match", str(LOPEZ_LIBRARY)]) == 0  # nothing new: the file is left alone
    assert works.stat().st_mtime_ns == stamp
    assert "0 entries proposed" in capsys.readouterr().err
    assert main(["match", str(LOPEZ_LIBRARY), "-o", "-"]) == 0
    assert capsys.readouterr().out == ""


def test_match_lists_the_items_not_in_the_library_with_v(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "site"
    assert main(["init", str(project), str(LOPEZ_FEED)]) == 0
    library = tmp_path / "empty.bib"
    library.write_text("@misc{other, title = {Somebody else's paper}, year = {1999}}\n")
    monkeypatch.chdir(project)
    capsys.readouterr()
    assert main(["match", str(library), "-o", "-"]) == 0
    err = capsys.readouterr().err
    assert "3 item(s) not in the library (-v lists them)," in err
    assert main(["match", str(library), "-o", "-", "-v"]) == 0
    listed = [
        line for line in capsys.readouterr().err.splitlines() if "not in the library:" in line
    ]
    assert listed == [
        "refs/captures/feed.txt:2: not in the library: podcast / marialopez / Mar 3: "
        "Maria Lopez talks about composting, soil health and winter planning on the …",
        "refs/captures/feed.txt:6: not in the library: paper / marialopez / Jun 12: "
        "A field study of three-bay composting in market gardens finds that piles …",
        "refs/captures/feed.txt:10: not in the library: blog / marialopez / Jan 30: "
        "A blog post on planting tomatoes deep: buried stems grow roots and …",
    ]


def test_match_reports_a_broken_library_and_still_matches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "site"
    assert main(["init", str(project), str(LOPEZ_FEED)]) == 0
    library = tmp_path / "lib.bib"
    library.write_text(LOPEZ_LIBRARY.read_text() + "\n@misc{broken,\n  title = {open\n")
    monkeypatch.chdir(project)
    capsys.readouterr()
    assert main(["match", str(library), "-o", "-"]) == 1
    captured = capsys.readouterr()
    line = len(LOPEZ_LIBRARY.read_text().splitlines()) + 2
    assert captured.err.startswith(
        f"{library}:{line}:1: error[library]: this entry cannot be read ('@misc{{broken,'); it is "
        "left out\n"
    )
    assert captured.out.count("[[work]]") == 3


@pytest.mark.parametrize(
    ("subject", "score", "evidence"),
    [
        ("Han, Seo-yeon", 3.5, "the feed's subject is an author"),  # the family name first
        ("Han Seo-yeon", 2.0, "the feed's subject is not an author"),  # family 'Seo-yeon'
    ],
)
def test_the_subjects_family_name_is_read_as_the_name_is_written(
    tmp_path: Path, subject: str, score: float, evidence: str
) -> None:
    feed = _write(
        "Chronological feed of everything captured from Han Seo-yeon.\n"
        "paper / hanseoyeon / Sep 3\nA study of court notation.\nnotation\n"
        "“Jeongganbo fixed time but never ornament.”\n",
        tmp_path / "feed.txt",
    )
    library = read_bibtex(
        "@article{han2024,\n  title = {Time and Ornament in Court Notation},\n"
        "  author = {Han, Seo-yeon},\n  year = {2024},\n}\n",
        "library.bib",
    )
    found = match_works(load_paths([feed]).works, library.entries, subject=subject)
    (candidate,) = [p.candidate for p in found.proposals] + [
        c for a in found.ambiguities for c in a.candidates
    ]
    assert (candidate.score, candidate.evidence) == (
        score,
        ("title words 4/4 in the item", evidence),
    )
