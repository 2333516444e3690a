"""Both .bib flavours compile with no warning in every style tested, and pass biber's data model.

Needs pdflatex, bibtex, biber and the IEEEtran, biblatex-ieee and biblatex-apa styles
(``nox -s latex`` installs them from Debian packages).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from feedcite.corpus import read_config
from feedcite.export._texchars import T1_RANGES
from feedcite.export.biblatex import write_biblatex
from feedcite.export.bibtex import BibOptions
from feedcite.model import Corpus
from tests.conftest import REFS

pytestmark = pytest.mark.latex

PREAMBLE = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{url}
"""


def run(tool: str, *args: str, cwd: Path) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is not installed (nox -s latex installs it)")
    done = subprocess.run(
        [tool, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def data_warnings(log: str) -> list[str]:
    return [
        line
        for line in log.splitlines()
        if re.search(
            r"Warning|undefined|Unicode character|Missing character|Overfull \\hbox.*bib", line
        )
        and "infwarerr" not in line
    ]


def keys_of(text: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,]+),", text, re.MULTILINE)


@pytest.fixture(scope="module")
def biblatex_text(corpus: Corpus) -> str:
    config = read_config(REFS / "corpus.toml")
    # A former key, as if the work had been re-keyed by hand (see test_cli).
    retired = {"model-written-evaluations": ["perez2021discovering"]}
    return write_biblatex(corpus, BibOptions(header=f"{config.name}"), retired)


def test_there_is_a_key_per_work(biblatex_text: str) -> None:
    bibtex_keys = keys_of((REFS / "amodei.bib").read_text(encoding="utf-8"))
    assert len(set(bibtex_keys)) == 35
    assert keys_of(biblatex_text) == bibtex_keys


def compile_bibtex(bib: str, style: str, folder: Path) -> None:
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    natbib = r"\usepackage{natbib}" if style == "plainnat" else ""
    document = PREAMBLE + natbib + "\n\\begin{document}\n"
    document += "Every work: \\cite{" + ",".join(keys_of(bib)) + "}.\n"
    document += f"\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n\\end{{document}}\n"
    (folder / "doc.tex").write_text(document, encoding="utf-8")
    run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex", cwd=folder)
    bibtex_output = run("bibtex", "doc", cwd=folder)
    assert "Warning" not in bibtex_output
    assert "Warning" not in (folder / "doc.blg").read_text(encoding="utf-8")
    for _ in range(2):
        run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex", cwd=folder)
    log = (folder / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert data_warnings(log) == []
    bbl = (folder / "doc.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\bibitem") == len(keys_of(bib))


def compile_biber(
    bib: str, style: str, folder: Path, former: Mapping[str, str] | None = None
) -> None:
    """Compile a document citing every key of ``bib``; a key in ``former`` by its former key
    (``ids``), as a document written before the work was re-keyed does."""
    former = former or {}
    folder.mkdir(exist_ok=True)
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    language = r"\usepackage[american]{babel}\usepackage{csquotes}" if style == "apa" else ""
    document = PREAMBLE + language + f"\\usepackage[backend=biber,style={style}]{{biblatex}}\n"
    document += "\\addbibresource{refs.bib}\n\\begin{document}\n"
    document += (
        "Every work: \\cite{"
        + ",".join(former.get(key, key) for key in keys_of(bib))
        + "}.\n\\printbibliography\n\\end{document}\n"
    )
    (folder / "doc.tex").write_text(document, encoding="utf-8")
    run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex", cwd=folder)
    biber_output = run("biber", "doc", cwd=folder)
    assert [line for line in biber_output.splitlines() if "WARN" in line or "ERROR" in line] == []
    for _ in range(2):
        run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex", cwd=folder)
    log = (folder / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert data_warnings(log) == []
    bbl = (folder / "doc.bbl").read_text(encoding="utf-8")
    assert set(re.findall(r"\\entry\{([^}]+)\}", bbl)) == set(keys_of(bib))


@pytest.mark.parametrize("style", ["plainnat", "plain", "unsrt", "alpha", "IEEEtran"])
def test_bibtex_flavour_with_bibtex(style: str, tmp_path: Path) -> None:
    compile_bibtex((REFS / "amodei.bib").read_text(encoding="utf-8"), style, tmp_path)


@pytest.mark.parametrize("style", ["authoryear", "numeric", "ieee", "apa"])
def test_both_flavours_with_biber(style: str, tmp_path: Path, biblatex_text: str) -> None:
    compile_biber(
        biblatex_text,
        style,
        tmp_path / "biblatex",
        former={"perez2022discovering": "perez2021discovering"},
    )
    compile_biber((REFS / "amodei.bib").read_text(encoding="utf-8"), style, tmp_path / "bibtex")


def test_datamodel_validation(tmp_path: Path, biblatex_text: str) -> None:
    for name, text in (
        ("bibtex.bib", (REFS / "amodei.bib").read_text(encoding="utf-8")),
        ("biblatex.bib", biblatex_text),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
        output = run("biber", "--tool", "--validate-datamodel", name, cwd=tmp_path)
        assert [line for line in output.splitlines() if "WARN" in line or "ERROR" in line] == []


def test_every_character_written_as_is_compiles(tmp_path: Path) -> None:
    """The T1 repertoire the escaper relies on: each character compiles in a T1 document."""
    characters = [chr(c) for start, end in T1_RANGES for c in range(start, end + 1)]
    body = "\n".join(f"X{ch}X\\par" for ch in characters if ch not in "\u200c\ufeff")
    document = PREAMBLE + "\\begin{document}\n" + body + "\n\\end{document}\n"
    (tmp_path / "chars.tex").write_text(document, encoding="utf-8")
    run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "chars.tex", cwd=tmp_path)


HOSTILE = (
    "Chronological feed of everything captured from Ана Петрова (@ana).\n"
    "paper / ana / Jun 12\n"
    "Braces } { and {pairs}, \\input{/etc/passwd}, $x$ ^ ~ % # & _, bidi \u202eevil\u202c, "
    "zero\u200bwidth, x\u0303, 王, emoji 🙂, Ελληνικά, Nguyễn Thị, Ṡ, β-lactamase, Ω, Ca²⁺ in "
    "H₂O.\n"
    "compostsoil\n"
    "“" + "Weekly turning " * 2000 + "raises heat.”\n"
)


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_hostile_text_compiles(tmp_path: Path, flavour: str) -> None:
    feed = tmp_path / "feed.txt"
    feed.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "hostile.bib"
    args = ["bib", str(feed), "--anchor-year", "2023", "-o", str(out)]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "feedcite",
            *args,
            *(["--biblatex"] if flavour == "biblatex" else []),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    (key,) = keys_of(text)
    assert key == "petrova2023weekly"
    folder = tmp_path / "tex"
    folder.mkdir()
    if flavour == "bibtex":
        compile_bibtex(text, "plainnat", folder)
    else:
        compile_biber(text, "authoryear", folder)


def test_feed_items_without_identifiers_pass_the_datamodel(tmp_path: Path) -> None:
    """A blog post or paper known from the feed alone (no url, doi or eprint) is ``@misc``:
    biber's ``@online`` needs one of them."""
    feed = tmp_path / "feed.txt"
    feed.write_text(
        "Chronological feed of everything captured from Ann Lee (@ann).\n"
        "blog / ann / Dec 20\nA post.\nnotation\n“Posts have authors.”\n"
        "paper / ann / Nov 2\nA paper.\nnotation\n“Papers have titles.”\n",
        encoding="utf-8",
    )
    for flavour in ([], ["--biblatex"]):
        out = tmp_path / f"out{len(flavour)}.bib"
        args = ["bib", str(feed), "--anchor-year", "2022", "-o", str(out), *flavour]
        done = subprocess.run(
            [sys.executable, "-m", "feedcite", *args], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        assert "@online" not in out.read_text(encoding="utf-8")
        output = run("biber", "--tool", "--validate-datamodel", out.name, cwd=tmp_path)
        assert [line for line in output.splitlines() if "WARN" in line or "ERROR" in line] == []
