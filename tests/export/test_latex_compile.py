"""A LaTeX document citing every key compiles with BibTeX and with biber, with no data warnings.

Needs pdflatex, bibtex and biber (``nox -s latex`` installs them from Debian packages).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REFS

pytestmark = pytest.mark.latex

KEYS = re.findall(
    r"^@\w+\{([^,]+),", (REFS / "amodei.bib").read_text(encoding="utf-8"), re.MULTILINE
)
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


def test_there_is_a_key_per_work() -> None:
    assert len(KEYS) == 35
    assert len(set(KEYS)) == 35


def test_bibtex_with_plainnat(tmp_path: Path) -> None:
    shutil.copy(REFS / "amodei.bib", tmp_path / "amodei.bib")
    document = PREAMBLE + r"\usepackage{natbib}" + "\n\\begin{document}\n"
    document += "Every work: \\citep{" + ",".join(KEYS) + "}.\n"
    document += "\\bibliographystyle{plainnat}\n\\bibliography{amodei}\n\\end{document}\n"
    (tmp_path / "doc.tex").write_text(document, encoding="utf-8")
    run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex", cwd=tmp_path)
    bibtex_output = run("bibtex", "doc", cwd=tmp_path)
    assert "Warning" not in bibtex_output
    assert "Warning" not in (tmp_path / "doc.blg").read_text(encoding="utf-8")
    for _ in range(2):
        run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex", cwd=tmp_path)
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert data_warnings(log) == []
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\bibitem") == 35


def test_biblatex_with_biber(tmp_path: Path) -> None:
    shutil.copy(REFS / "amodei.bib", tmp_path / "amodei.bib")
    document = PREAMBLE + r"\usepackage[backend=biber,style=authoryear]{biblatex}" + "\n"
    document += "\\addbibresource{amodei.bib}\n\\begin{document}\n"
    document += (
        "Every work: \\parencite{" + ",".join(KEYS) + "}.\n\\printbibliography\n\\end{document}\n"
    )
    (tmp_path / "doc.tex").write_text(document, encoding="utf-8")
    run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex", cwd=tmp_path)
    biber_output = run("biber", "doc", cwd=tmp_path)
    assert [line for line in biber_output.splitlines() if "WARN" in line or "ERROR" in line] == []
    for _ in range(2):
        run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex", cwd=tmp_path)
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert data_warnings(log) == []
    assert (tmp_path / "doc.bbl").read_text(encoding="utf-8").count("\\entry{") == 35
