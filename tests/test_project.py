"""feedcite init, add and site: a new project from captures, as a new user makes it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from feedcite._toml import toml_string
from feedcite.cli import main
from feedcite.corpus import load_corpus, read_config
from feedcite.curated import parse_works
from feedcite.glossary_file import parse_glossary_file
from feedcite.model import Creator
from feedcite.project import (
    CaptureFile,
    ProjectError,
    display_name,
    markdown_text,
    project_files,
    read_capture,
)
from feedcite.project import templates as project_templates
from tests.conftest import DATA, ROOT
from tests.sphinx.conftest import build

BASE = ROOT / "tests" / "evidence" / "base"
FEED = BASE / "feed.txt"


def _captures(folder: Path) -> dict[str, Path]:
    """The five clean documents of the bad-input suite, named as a user would name them."""
    folder.mkdir(parents=True, exist_ok=True)
    found = {}
    for kind in ("feed", "transcript", "notes", "summary", "review"):
        target = folder / f"lopez-{kind}.txt"
        shutil.copy(BASE / f"{kind}.txt", target)
        found[kind] = target
    return found


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_init_makes_a_project_from_a_feed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    captures = _captures(tmp_path / "captures")
    project = tmp_path / "site"
    assert main(["init", str(project), str(captures["feed"])]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"feedcite: made a project in {project} (14 files, 1 captures)"
    assert _files(project) == [
        ".gitignore",
        "README.md",
        "docs/bibliography.md",
        "docs/conf.py",
        "docs/documents.md",
        "docs/docutils.conf",
        "docs/episodes.md",
        "docs/glossary.md",
        "docs/index.md",
        "docs/tags.md",
        "refs/captures/lopez-feed.txt",
        "refs/corpus.toml",
        "refs/glossary.toml",
        "refs/works.toml",
    ]
    assert (project / "refs/captures/lopez-feed.txt").read_bytes() == FEED.read_bytes()
    config = read_config(project / "refs" / "corpus.toml")
    assert (config.name, config.title, config.bibliography, config.csl) == (
        "Maria Lopez",  # from the feed's header
        "Maria Lopez: a reading companion",
        "lopez.bib",
        "lopez.json",
    )
    assert [(c.path, c.format) for c in config.captures] == [("captures/lopez-feed.txt", "feed")]
    works = (project / "refs/works.toml").read_text()
    assert parse_works(works, "works.toml").diagnostics == ()
    glossary = (project / "refs/glossary.toml").read_text()
    assert parse_glossary_file(glossary, "glossary.toml").diagnostics == ()
    assert (project / "docs/index.md").read_text().startswith("# Maria Lopez: a reading companion")
    assert "\\" not in (project / "docs/index.md").read_text().splitlines()[0]
    text = "\n".join((project / "docs" / p).read_text() for p in ("index.md", "tags.md"))
    assert "guide/" not in text  # no link into feedcite's own user guide


@pytest.mark.sphinx
def test_the_new_site_builds_without_warnings_then_again_with_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    captures = _captures(tmp_path / "captures")
    project = tmp_path / "site"
    assert main(["init", str(project), str(captures["feed"])]) == 0
    built = build(project / "docs", tmp_path / "first")
    assert built.warnings == ""
    assert built.html("index.html").title.get_text().endswith("Maria Lopez: a reading companion")
    assert "or a review. No episodes yet. Next" in built.text("episodes.html")
    others = [str(captures[k]) for k in ("transcript", "notes", "summary", "review")]
    assert main(["add", str(project), *others]) == 0
    config_path = project / "refs" / "corpus.toml"
    assert capsys.readouterr().out.endswith(f"feedcite: added 4 capture(s) to {config_path}\n")
    config = read_config(project / "refs" / "corpus.toml")
    assert [c.format for c in config.captures] == [
        "feed",
        "transcript",
        "notes",
        "summary",
        "review",
    ]
    again = build(project / "docs", tmp_path / "second")
    assert again.warnings == ""
    pages = {p.relative_to(again.outdir).as_posix() for p in again.outdir.rglob("*.html")}
    assert {
        "generated/documents/lopez-transcript.html",
        "generated/documents/lopez-notes.html",
        "generated/chapters/lopez-transcript/02.html",
    } <= pages


@pytest.mark.sphinx
def test_feedcite_site_builds_with_warnings_as_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "site"
    assert main(["init", str(project), str(FEED)]) == 0
    capsys.readouterr()
    assert main(["site", str(project)]) == 0
    out, err = capsys.readouterr()
    index = project / "docs" / "_build" / "html" / "index.html"
    assert out == f"feedcite: the site is in {index}\n"
    # The quiet build shows no notes: the warnings about the captures are counted after it,
    # as `feedcite parse` counts them.
    warnings = load_corpus(read_config(project / "refs" / "corpus.toml"), steps=None).warnings
    assert warnings
    assert err == f"feedcite: {len(warnings)} warning(s) about the captures; -v shows them\n"
    # A warning fails the build: here, a capture the configuration names is missing.
    corpus = project / "refs" / "corpus.toml"
    corpus.write_text(corpus.read_text().replace("captures/feed.txt", "captures/gone.txt"))
    assert main(["site", str(project)]) == 1
    err = capsys.readouterr().err
    assert "WARNING: cannot read capture 'captures/gone.txt': no such file" in err
    assert err.endswith(
        f"feedcite: the site is in {index}, but with the problems listed above "
        "(warnings are errors: fix them for a clean build)\n"
    )


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "site"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "conf.py").write_text("# mine\n")
    assert main(["init", str(project), str(FEED)]) == 2
    assert capsys.readouterr().err == (
        f"feedcite: {project} already has docs/conf.py; feedcite init never overwrites a file "
        "(choose an empty folder, or use 'feedcite add' to add captures to a project)\n"
    )
    assert _files(project) == ["docs/conf.py"]


def test_init_names_a_file_in_no_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "shopping.txt"
    odd.write_text("eggs\nmilk\n")
    assert main(["init", str(tmp_path / "site"), str(odd)]) == 2
    assert capsys.readouterr().err == (
        f"feedcite: {odd}: not a capture in any of the formats feedcite reads (feed, transcript, "
        "notes, summary, review); see the user guide's 'Input formats'\n"
    )
    assert not (tmp_path / "site").exists()


def test_init_needs_a_name_without_a_feed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", str(tmp_path / "a"), str(BASE / "transcript.txt")]) == 2
    assert "no --name given and no feed header names the person" in capsys.readouterr().err
    assert main(["init", str(tmp_path / "b"), "--name", "Sam Reed", str(BASE / "review.txt")]) == 0
    config = read_config(tmp_path / "b" / "refs" / "corpus.toml")
    assert (config.name, config.bibliography) == ("Sam Reed", "reed.bib")


def test_add_refuses_a_capture_that_is_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "site"
    assert main(["init", str(project), str(FEED)]) == 0
    before = (project / "refs" / "corpus.toml").read_text()
    copy = tmp_path / "feed.txt"
    shutil.copy(FEED, copy)
    capsys.readouterr()
    assert main(["add", str(project), str(copy), str(copy)]) == 2
    assert "two captures are named 'feed.txt'" in capsys.readouterr().err
    (tmp_path / "other").mkdir()
    shutil.copy(FEED, tmp_path / "other" / "feed.txt")
    assert main(["add", str(project), str(tmp_path / "other" / "feed.txt")]) == 2
    assert capsys.readouterr().err == (
        "feedcite: refs/captures/feed.txt already exists; rename the new capture "
        "(or edit the existing one in place)\n"
    )
    assert (project / "refs" / "corpus.toml").read_text() == before


def test_names_and_titles_never_become_markup(tmp_path: Path) -> None:
    name = 'Eve "{raw}" <script>x</script> `y` [l](javascript:z) \\ $m$'
    files = project_files(name, [CaptureFile("f.txt", "feed", b"", None)])
    heading = files["docs/index.md"].splitlines()[0]
    assert heading == "# " + markdown_text(f"{name}: a reading companion")
    # Every character that can open markup is escaped.
    assert re.fullmatch(
        r"# (?:[^\\`*_{}\[\]<>()!|~$&^@%#=+]|\\[\\`*_{}\[\]<>()!|~$&^@%#=+])*", heading
    )
    corpus = tmp_path / "corpus.toml"
    corpus.write_text(files["refs/corpus.toml"])
    assert read_config(corpus, allow_empty=True).name == name


def test_toml_strings_round_trip() -> None:
    import tomllib

    for text in ('a "b" \\c', "line\nbreak\ttab", "\x00\x1f\x7f\u2028", "ünï ☃"):
        assert tomllib.loads(f"v = {toml_string(text)}")["v"] == text


def test_the_templates_ship_in_the_package() -> None:
    assert sorted(project_templates()) == [
        ".gitignore",
        "README.md",
        "docs/bibliography.md",
        "docs/conf.py",
        "docs/documents.md",
        "docs/docutils.conf",
        "docs/episodes.md",
        "docs/glossary.md",
        "docs/index.md",
        "docs/tags.md",
        "refs/corpus.toml",
        "refs/glossary.toml",
        "refs/works.toml",
    ]
    text = "\n".join(project_templates().values()).casefold()
    for particular in ("amodei", "anthropic", "lex fridman", "dwarkesh"):
        assert particular not in text


def test_read_capture_detects_each_format() -> None:
    kinds = {k: read_capture(BASE / f"{k}.txt").kind for k in ("feed", "notes", "review")}
    assert kinds == {"feed": "feed", "notes": "notes", "review": "review"}
    with pytest.raises(ProjectError, match="cannot read it"):
        read_capture(BASE / "missing.txt")


def test_the_example_corpus_parses_from_anywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FEEDCITE_CORPUS", raising=False)
    assert main(["parse"]) == 2
    assert "--example reads the example corpus" in capsys.readouterr().err
    assert main(["parse", "--example"]) == 0
    assert len(json.loads(capsys.readouterr().out)["works"]) == 35
    assert main(["bib", "--example"]) == 2
    assert capsys.readouterr().err == (
        "feedcite: the example corpus's files are never written; give -o FILE (or -o - for "
        "standard output)\n"
    )
    assert main(["bib", "--example", "--check"]) == 0


def test_init_example_copies_the_bundled_corpus(tmp_path: Path) -> None:
    assert main(["init", "--example", str(tmp_path / "ex")]) == 0
    refs = tmp_path / "ex" / "refs"
    assert (refs / "works.toml").read_bytes() == (ROOT / "refs" / "works.toml").read_bytes()
    assert read_config(refs / "corpus.toml").title == "Dario Amodei: a reading companion"
    assert (
        (tmp_path / "ex" / "docs" / "index.md")
        .read_text()
        .startswith("# Dario Amodei: a reading companion")
    )


def test_keys_stay_the_same_when_items_are_added(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "site"
    assert main(["init", str(project), "--anchor-year", "2024", str(FEED)]) == 0
    monkeypatch.chdir(project)
    monkeypatch.delenv("FEEDCITE_CORPUS", raising=False)
    assert main(["match", str(DATA / "library" / "lopez.bib")]) == 0
    assert main(["bib"]) == 0
    first = _keys(project / "refs" / "lopez.bib")
    feed = project / "refs" / "captures" / "feed.txt"
    header, rest = feed.read_text().split("\n", 1)
    newer = "blog / marialopez / Apr 2\nA post on spring beds.\nspring\n“Beds first.”\n"
    feed.write_text(f"{header}\n{newer}{rest}")
    assert main(["bib"]) == 0
    second = _keys(project / "refs" / "lopez.bib")
    assert len(second) == len(first) + 1
    assert [k for k in second if k in first] == first
    capsys.readouterr()


def _keys(path: Path) -> list[str]:
    return re.findall(r"^@\w+\{([^,]+),", path.read_text(), re.MULTILINE)


def test_init_with_a_name_written_family_first_credits_the_feed_to_it(tmp_path: Path) -> None:
    """``--name "Family, Given"`` says which word of the header's name is the family name."""
    feed = tmp_path / "han-feed.txt"
    feed.write_text(
        "Chronological feed of everything captured from Han Seo-yeon.\n"
        "paper / hanseoyeon / Jun 5\nA note.\nornament\n“Sigimsae is a shape.”\n",
        encoding="utf-8",
    )
    project = tmp_path / "site"
    name = ["--name", "Han, Seo-yeon", "--anchor-year", "2024"]
    assert main(["init", str(project), *name, str(feed)]) == 0
    (work,) = load_corpus(project / "refs" / "corpus.toml").works
    assert (work.citekey, work.authors) == ("han2024sigimsae", (Creator("Han", "Seo-yeon"),))
    # The title shows the name as the header writes it, not "Han, Seo-yeon".
    config = read_config(project / "refs" / "corpus.toml")
    assert (config.name, config.title) == ("Han, Seo-yeon", "Han Seo-yeon: a reading companion")


def test_a_name_written_family_first_is_shown_in_reading_order() -> None:
    assert display_name("Han, Seo-yeon", ["Han Seo-yeon"]) == "Han Seo-yeon"
    assert display_name("Lopez, Maria", ["Ana Ruiz"]) == "Maria Lopez"
    assert display_name("Maria Lopez") == "Maria Lopez"
