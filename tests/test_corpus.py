"""Reading a corpus configuration: shapes, duplicates, confinement, empty corpora, missing files.

Every message is checked whole, with the line and column it names, and the caret's place is
checked against the text it must stand under.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import feedcite
from feedcite.corpus import CorpusConfig, read_config
from feedcite.errors import Diagnostic, ParseErrors

EVIDENCE = Path(__file__).parent / "evidence"
HEAD = '[corpus]\nname = "Maria Lopez"\n'
FEED = '[[corpus.captures]]\npath = "captures/feed.txt"\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder ``refs/`` with the evidence documents in ``captures/``; the current folder."""
    refs = tmp_path / "refs"
    shutil.copytree(EVIDENCE / "base", refs / "captures")
    monkeypatch.chdir(tmp_path)
    return refs


def problems(refs: Path, toml: str | bytes, **options: bool) -> list[Diagnostic]:
    """The diagnostics of the ConfigError that reading ``toml`` must raise."""
    path = refs / "corpus.toml"
    path.write_bytes(toml.encode() if isinstance(toml, str) else toml)
    with pytest.raises(feedcite.ConfigError) as raised:
        read_config(path, **options)
    return list(raised.value.diagnostics)


def heads(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.format().split("\n")[0] for d in diagnostics]


def under_caret(diagnostic: Diagnostic) -> str:
    """The text the caret stands under."""
    start = diagnostic.span.column - 1
    return diagnostic.line_text[start : start + diagnostic.span.length]


def test_the_bundled_configuration_reads(tmp_path: Path) -> None:
    from tests.conftest import REFS

    config = read_config(REFS / "corpus.toml")
    assert len(config.captures) == 5
    assert config.captures[0].span is not None
    assert config.captures[0].span.line == 20
    assert config.span("metadata") is not None


def test_captures_as_a_single_table(project: Path) -> None:
    (found,) = problems(project, HEAD + '[corpus.captures]\npath = "captures/feed.txt"\n')
    assert heads([found]) == [
        "refs/corpus.toml:3:9: error[config]: 'captures' must be an array of tables "
        "([[corpus.captures]]), not a table"
    ]
    assert under_caret(found) == "captures"


def test_captures_as_a_string(project: Path) -> None:
    (found,) = problems(project, HEAD + 'captures = "captures/feed.txt"\n')
    assert heads([found]) == [
        "refs/corpus.toml:3:1: error[config]: 'captures' must be an array of tables "
        "([[corpus.captures]]), not a string"
    ]
    assert under_caret(found) == "captures"


def test_captures_that_are_not_tables(project: Path) -> None:
    toml = HEAD + 'captures = ["captures/feed.txt", 3, {path = 4}, {}]\n'
    found = problems(project, toml)
    assert heads(found) == [
        "refs/corpus.toml:3:13: error[config]: each capture must be a table with a 'path', not a string",
        "refs/corpus.toml:3:34: error[config]: each capture must be a table with a 'path', not an integer",
        "refs/corpus.toml:3:45: error[config]: 'path' must be a string, not an integer",
        "refs/corpus.toml:3:49: error[config]: a capture needs a 'path'",
    ]
    assert [under_caret(d) for d in found] == ['"captures/feed.txt"', "3", "4", "{}"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ('""', "'path' must name a file (not empty, no control characters)"),
        (
            '"captures/feed\\u0000.txt"',
            "'path' must name a file (not empty, no control characters)",
        ),
    ],
    ids=["empty", "nul"],
)
def test_capture_paths_that_name_no_file(project: Path, path: str, message: str) -> None:
    (found,) = problems(project, HEAD + f"[[corpus.captures]]\npath = {path}\n")
    assert heads([found]) == [f"refs/corpus.toml:4:8: error[config]: {message}"]


def test_a_capture_listed_twice(project: Path) -> None:
    (found,) = problems(project, HEAD + FEED + FEED)
    assert heads([found]) == [
        "refs/corpus.toml:6:8: error[config]: capture 'captures/feed.txt' is listed twice "
        "(first at line 4)"
    ]
    assert under_caret(found) == '"captures/feed.txt"'


def test_two_paths_of_one_file(project: Path) -> None:
    os.symlink("feed.txt", project / "captures" / "alias.txt")
    toml = HEAD + FEED.replace("feed.txt", "alias.txt") + FEED.replace("captures/", "./captures/")
    assert heads(problems(project, toml)) == [
        "refs/corpus.toml:6:8: error[config]: capture './captures/feed.txt' is the same file as "
        "the capture 'captures/alias.txt' at line 4"
    ]


def test_unknown_keys_everywhere(project: Path) -> None:
    toml = HEAD.replace("name =", 'colour = "red"\nname =') + FEED + "size = 3\n[site]\nx = 1\n"
    found = problems(project, toml)
    assert heads(found) == [
        "refs/corpus.toml:2:1: error[config]: unknown key 'colour' in [corpus]",
        "refs/corpus.toml:6:1: error[config]: unknown key 'size' in a capture",
        "refs/corpus.toml:7:2: error[config]: unknown top-level key 'site' (the configuration is one [corpus] table)",
    ]
    assert [under_caret(d) for d in found] == ["colour", "size", "site"]


def test_keys_written_as_dotted_keys_are_located(project: Path) -> None:
    toml = 'corpus.name = "X"\ncorpus.captures = [{path = "captures/feed.txt", colour = 1}]\n'
    (found,) = problems(project, toml)
    assert heads([found]) == [
        "refs/corpus.toml:2:49: error[config]: unknown key 'colour' in a capture"
    ]


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("", "refs/corpus.toml:1:1: error[config]: no [corpus] table"),
        (
            'corpus = "x"\n',
            "refs/corpus.toml:1:10: error[config]: 'corpus' must be a table ([corpus]), not a string",
        ),
        ("[corpus]\n" + FEED, "refs/corpus.toml:1:2: error[config]: [corpus] needs 'name'"),
        (
            HEAD.replace('"Maria Lopez"', '"  "') + FEED,
            "refs/corpus.toml:2:8: error[config]: 'name' must not be empty",
        ),
        (
            HEAD.replace('"Maria Lopez"', "3") + FEED,
            "refs/corpus.toml:2:8: error[config]: 'name' must be a string, not an integer",
        ),
        (
            HEAD + 'title = "A\\n@misc{x,}"\n' + FEED,
            "refs/corpus.toml:3:9: error[config]: 'title' must not contain line breaks or "
            "control characters",
        ),
        (
            HEAD + 'title = ["a"]\n' + FEED,
            "refs/corpus.toml:3:9: error[config]: 'title' must be a string, not an array",
        ),
        (
            HEAD + 'metadata = ""\n' + FEED,
            "refs/corpus.toml:3:12: error[config]: 'metadata' must not be empty",
        ),
        (
            HEAD + 'csl = "a\\tb.json"\n' + FEED,
            "refs/corpus.toml:3:7: error[config]: 'csl' must not contain control characters",
        ),
        (
            HEAD + 'anchor_year = "2024"\n' + FEED,
            "refs/corpus.toml:3:15: error[config]: 'anchor_year' must be an integer, not a string",
        ),
        (
            HEAD + "anchor_year = true\n" + FEED,
            "refs/corpus.toml:3:15: error[config]: 'anchor_year' must be an integer, not a boolean",
        ),
        (
            HEAD + "anchor_year = 99999999999999999999\n" + FEED,
            "refs/corpus.toml:3:15: error[config]: 'anchor_year' 99999999999999999999 is not a year (1 to 9999)",
        ),
        (
            HEAD + "anchor_year = 0\n" + FEED,
            "refs/corpus.toml:3:15: error[config]: 'anchor_year' 0 is not a year (1 to 9999)",
        ),
        (
            HEAD + "themes = []\n" + FEED,
            "refs/corpus.toml:3:1: error[config]: 'themes' must be a table ([corpus.themes]), not an array",
        ),
        (
            HEAD + FEED + '[corpus.themes]\nSoil = "soil-health"\n',
            "refs/corpus.toml:6:8: error[config]: theme 'Soil' must be an array of tags (strings), not a string",
        ),
        (
            HEAD + FEED + '[corpus.themes]\nSoil = [["soil"]]\n',
            "refs/corpus.toml:6:8: error[config]: theme 'Soil' must be an array of tags (strings), not an array",
        ),
        (
            HEAD + FEED + '[corpus.themes]\nSoil = ["soil", " "]\n',
            "refs/corpus.toml:6:17: error[config]: theme 'Soil' has an empty tag",
        ),
        (
            HEAD + FEED + '[corpus.themes]\n"" = ["soil"]\n',
            "refs/corpus.toml:6:1: error[config]: a theme's name must not be empty",
        ),
        (
            HEAD + FEED + 'format = "essay"\n',
            "refs/corpus.toml:5:10: error[config]: unknown format 'essay' (expected one of feed, transcript, notes, summary, review)",
        ),
        (
            HEAD + FEED + "title = 3\n",
            "refs/corpus.toml:5:9: error[config]: 'title' must be a string, not an integer",
        ),
        (
            HEAD + FEED + "about = {}\n",
            "refs/corpus.toml:5:9: error[config]: 'about' must be a string, not a table",
        ),
    ],
    ids=[
        "empty-file",
        "corpus-not-a-table",
        "no-name",
        "blank-name",
        "name-not-a-string",
        "title-on-two-lines",
        "title-an-array",
        "empty-path",
        "control-character-in-path",
        "anchor-year-a-string",
        "anchor-year-a-boolean",
        "anchor-year-huge",
        "anchor-year-zero",
        "themes-an-array",
        "theme-a-string",
        "theme-nested-array",
        "theme-empty-tag",
        "theme-empty-name",
        "unknown-format",
        "capture-title-an-integer",
        "capture-about-a-table",
    ],
)
def test_wrong_values_are_errors_at_the_value(project: Path, toml: str, expected: str) -> None:
    found = problems(project, toml)
    assert heads(found) == [expected]
    (diagnostic,) = found
    assert diagnostic.line_text == toml.split("\n")[diagnostic.span.line - 1]


def test_problems_are_reported_together_in_line_order(project: Path) -> None:
    toml = HEAD + "anchor_year = 0\ntitle = 3\n" + FEED + FEED
    assert [d.span.line for d in problems(project, toml)] == [3, 4, 8]


def test_an_empty_corpus_is_an_error_unless_allowed(project: Path) -> None:
    message = (
        "error[config]: the corpus lists no captures ([[corpus.captures]] tables), so there is "
        "nothing to read; add captures, or set allow_empty = true if an empty corpus is intended"
    )
    assert heads(problems(project, HEAD)) == [f"refs/corpus.toml:1:2: {message}"]
    assert heads(problems(project, HEAD + "captures = []\n")) == [
        f"refs/corpus.toml:3:12: {message}"
    ]
    assert read_config(project / "corpus.toml", allow_empty=True).captures == ()
    (project / "corpus.toml").write_text(HEAD + "allow_empty = true\n", encoding="utf-8")
    assert feedcite.load_corpus(project / "corpus.toml").documents == ()
    assert heads(problems(project, HEAD + 'allow_empty = "yes"\n')) == [
        "refs/corpus.toml:3:15: error[config]: 'allow_empty' must be true or false, not a string"
    ]


# ---------------------------------------------------------------------------- confinement

OUTSIDE = "is outside the configuration's folder; --allow-outside permits it"


def test_a_capture_outside_the_folder_is_refused(project: Path) -> None:
    toml = HEAD + '[[corpus.captures]]\npath = "/etc/passwd"\n'
    assert heads(problems(project, toml)) == [
        f"refs/corpus.toml:4:8: error[config]: capture '/etc/passwd' {OUTSIDE}"
    ]
    config = read_config(project / "corpus.toml", allow_outside=True)
    assert config.captures[0].path == "/etc/passwd"


def test_a_capture_that_climbs_out_of_the_folder_is_refused(project: Path) -> None:
    (project.parent / "other.txt").write_text("x", encoding="utf-8")
    toml = HEAD + '[[corpus.captures]]\npath = "captures/../../other.txt"\n'
    assert heads(problems(project, toml)) == [
        f"refs/corpus.toml:4:8: error[config]: capture 'captures/../../other.txt' {OUTSIDE}"
    ]


def test_a_path_that_climbs_out_and_back_in_is_inside(project: Path) -> None:
    toml = HEAD + '[[corpus.captures]]\npath = "../refs/captures/feed.txt"\n'
    (project / "corpus.toml").write_text(toml, encoding="utf-8")
    assert len(read_config(project / "corpus.toml").captures) == 1


def test_symbolic_links_that_leave_the_folder_are_refused(project: Path) -> None:
    outside = project.parent / "precious.bib"
    outside.write_text("precious\n", encoding="utf-8")
    os.symlink("/etc/passwd", project / "captures" / "passwd.txt")
    os.symlink(outside, project / "out.bib")
    os.symlink("/etc", project / "etc")
    toml = (
        HEAD
        + 'bibliography = "out.bib"\n'
        + FEED.replace("feed.txt", "passwd.txt")
        + '[[corpus.captures]]\npath = "etc/group"\n'
    )
    found = problems(project, toml)
    link = "is a symbolic link that leads outside the configuration's folder"
    assert heads(found) == [
        f"refs/corpus.toml:3:16: error[config]: the 'bibliography' file 'out.bib' {link} "
        f"(to {outside}); --allow-outside permits it",
        f"refs/corpus.toml:5:8: error[config]: capture 'captures/passwd.txt' {link} "
        "(to /etc/passwd); --allow-outside permits it",
        f"refs/corpus.toml:7:8: error[config]: capture 'etc/group' {link} (to /etc/group); "
        "--allow-outside permits it",
    ]
    assert [under_caret(d) for d in found] == ['"out.bib"', '"captures/passwd.txt"', '"etc/group"']
    assert outside.read_text(encoding="utf-8") == "precious\n"


def test_symbolic_links_inside_the_folder_are_followed(project: Path) -> None:
    os.symlink("captures", project / "documents")
    (project / "corpus.toml").write_text(
        HEAD + FEED.replace("captures/", "documents/"), encoding="utf-8"
    )
    corpus = feedcite.load_corpus(project / "corpus.toml")
    assert len(corpus.works) == 3


@pytest.mark.parametrize("key", ["metadata", "glossary", "vocabulary", "citekeys", "csl"])
def test_side_files_and_outputs_outside_the_folder_are_refused(project: Path, key: str) -> None:
    toml = HEAD + f'{key} = "../{key}.toml"\n' + FEED
    (found,) = problems(project, toml)
    assert heads([found]) == [
        f"refs/corpus.toml:3:{len(key) + 4}: error[config]: the {key!r} file '../{key}.toml' "
        f"{OUTSIDE}"
    ]


def test_allow_outside_through_load_corpus(project: Path) -> None:
    (project.parent / "feed.txt").write_bytes((project / "captures" / "feed.txt").read_bytes())
    (project / "corpus.toml").write_text(HEAD + FEED.replace("captures/", "../"), encoding="utf-8")
    with pytest.raises(feedcite.ConfigError):
        feedcite.load_corpus(project / "corpus.toml")
    corpus = feedcite.load_corpus(project / "corpus.toml", allow_outside=True)
    assert len(corpus.works) == 3


# ---------------------------------------------------------------------------- outputs


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            'bibliography = "captures/feed.txt"',
            "3:16: error[config]: 'bibliography' names the capture 'captures/feed.txt', which it would overwrite",
        ),
        (
            'bibliography = "corpus.toml"',
            "3:16: error[config]: 'bibliography' names the configuration itself, which it would overwrite",
        ),
        (
            'csl = "works.toml"\nmetadata = "works.toml"',
            "3:7: error[config]: 'csl' names the 'metadata' file, which it would overwrite",
        ),
        (
            'bibliography = "out.bib"\ncsl = "out.bib"',
            "4:7: error[config]: 'csl' names the 'bibliography' file, which it would overwrite",
        ),
        ('citekeys = "captures"', "3:12: error[config]: 'citekeys' names a folder, not a file"),
    ],
    ids=["a-capture", "the-configuration", "a-side-file", "the-other-output", "a-folder"],
)
def test_outputs_that_would_overwrite_an_input(project: Path, line: str, expected: str) -> None:
    (project / "works.toml").write_text("", encoding="utf-8")
    assert heads(problems(project, HEAD + line + "\n" + FEED)) == [f"refs/corpus.toml:{expected}"]


# ---------------------------------------------------------------------------- encodings


def test_a_byte_order_mark_is_accepted(project: Path) -> None:
    (project / "corpus.toml").write_bytes(b"\xef\xbb\xbf" + (HEAD + FEED).encode())
    assert read_config(project / "corpus.toml").name == "Maria Lopez"


def test_invalid_utf8_is_located(project: Path) -> None:
    toml = (HEAD + FEED).replace("Lopez", "L\xf3pez").encode("latin-1")
    assert heads(problems(project, toml)) == [
        "refs/corpus.toml:2:16: error[config]: not valid UTF-8 (byte 0xf3); the configuration "
        "was not read"
    ]


def test_a_toml_syntax_error_is_located(project: Path) -> None:
    toml = HEAD + 'name = "again"\n' + FEED
    assert heads(problems(project, toml)) == [
        "refs/corpus.toml:3:1: error[meta-syntax]: TOML syntax error: 'name' is defined twice "
        "(first at line 2)"
    ]


def test_an_unreadable_configuration(project: Path) -> None:
    (project / "corpus.toml").mkdir()
    with pytest.raises(feedcite.ConfigError) as raised:
        read_config(project / "corpus.toml")
    assert heads(list(raised.value.diagnostics)) == [
        "refs/corpus.toml:1:1: error[config]: cannot read the corpus configuration: Is a directory"
    ]


# ---------------------------------------------------------------------------- missing files


def test_a_missing_capture_is_an_error_where_it_is_named(project: Path) -> None:
    toml = HEAD + FEED.replace("feed.txt", "gone.txt") + FEED.replace("feed", "review")
    (project / "corpus.toml").write_text(toml, encoding="utf-8")
    corpus = feedcite.load_corpus(project / "corpus.toml")
    assert heads(list(corpus.errors)) == [
        "refs/corpus.toml:4:8: error[file-unreadable]: cannot read capture 'captures/gone.txt': "
        "no such file"
    ]
    assert [d.path for d in corpus.documents] == ["refs/captures/review.txt"]
    with pytest.raises(ParseErrors) as raised:
        feedcite.load_corpus(project / "corpus.toml", strict=True)
    assert [d.span.line for d in raised.value.diagnostics] == [4]


def test_a_capture_that_is_a_folder_or_a_link_loop(project: Path) -> None:
    os.symlink("loop2", project / "captures" / "loop1")
    os.symlink("loop1", project / "captures" / "loop2")
    toml = HEAD + FEED.replace("captures/feed.txt", "captures") + FEED.replace("feed.txt", "loop1")
    (project / "corpus.toml").write_text(toml, encoding="utf-8")
    assert heads(list(feedcite.load_corpus(project / "corpus.toml").errors)) == [
        "refs/corpus.toml:4:8: error[file-unreadable]: cannot read capture 'captures': it is a "
        "folder, not a file",
        "refs/corpus.toml:6:8: error[file-unreadable]: cannot read capture 'captures/loop1': a "
        "symbolic link loop",
    ]


def test_missing_side_files_are_errors_where_they_are_named(project: Path) -> None:
    toml = (
        HEAD
        + 'metadata = "works.toml"\nglossary = "glossary.toml"\nvocabulary = "captures"\n'
        + 'citekeys = "citekeys.toml"\n'
        + FEED
    )
    (project / "corpus.toml").write_text(toml, encoding="utf-8")
    corpus = feedcite.load_corpus(project / "corpus.toml")
    assert heads(list(corpus.errors)) == [
        "refs/corpus.toml:3:12: error[file-unreadable]: cannot read the 'metadata' file "
        "'works.toml': no such file",
        "refs/corpus.toml:4:12: error[file-unreadable]: cannot read the 'glossary' file "
        "'glossary.toml': no such file",
        "refs/corpus.toml:5:14: error[file-unreadable]: cannot read the 'vocabulary' file "
        "'captures': it is a folder, not a file",
    ]  # a key ledger that does not exist yet is not an error: `feedcite bib` writes it


def test_a_configuration_made_in_code_is_not_checked_again(project: Path) -> None:
    config = CorpusConfig(root=project, name="X", title="X", metadata="missing.toml")
    corpus = feedcite.load_corpus(config)
    assert heads(list(corpus.errors)) == [
        "refs/missing.toml:1:1: error[file-unreadable]: cannot read the file: No such file or "
        "directory"
    ]


def test_a_file_given_twice_is_read_once(project: Path) -> None:
    feed = project / "captures" / "feed.txt"
    corpus = feedcite.load_paths([feed, project / "captures" / ".." / "captures" / "feed.txt"])
    assert [d.path for d in corpus.documents] == ["refs/captures/feed.txt"]
    (found,) = [d for d in corpus.diagnostics if d.code == "file-duplicate"]
    assert found.format().split("\n")[0] == (
        "refs/captures/feed.txt:1:1: warning[file-duplicate]: this file is given more than "
        "once (first as refs/captures/feed.txt); it is read once"
    )


def test_a_capture_saved_twice_is_read_once(project: Path) -> None:
    feed = project / "captures" / "feed.txt"
    copy = project / "captures" / "feed-copy.txt"
    shutil.copyfile(feed, copy)
    alone = feedcite.load_paths([feed])
    corpus = feedcite.load_paths([feed, copy])
    assert [d.path for d in corpus.documents] == ["refs/captures/feed.txt"]
    assert [w.id for w in corpus.works] == [w.id for w in alone.works]
    (found,) = [d for d in corpus.diagnostics if d.code == "file-duplicate"]
    assert found.span.path == "refs/captures/feed-copy.txt"
    assert "the same bytes as refs/captures/feed.txt" in found.message
    # Only the copy is left out: a file that differs by one byte is read.
    copy.write_bytes(feed.read_bytes() + b"\n")
    both = feedcite.load_paths([feed, copy])
    assert len(both.documents) == 2
    assert not [d for d in both.diagnostics if d.code == "file-duplicate"]


def test_documents_are_named_relative_to_a_root_when_asked(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site names its documents relative to the project, wherever the build runs."""
    from feedcite.corpus import paths_relative_to

    (project / "corpus.toml").write_text(HEAD + FEED, encoding="utf-8")
    root = project.parent
    monkeypatch.chdir("/")
    with paths_relative_to(root):
        corpus = feedcite.load_corpus(root / "refs" / "corpus.toml")
    assert [d.path for d in corpus.documents] == ["refs/captures/feed.txt"]
    outside = feedcite.load_corpus(root / "refs" / "corpus.toml")  # the current folder again
    assert [d.path for d in outside.documents] == [str(root / "refs/captures/feed.txt")[1:]]
