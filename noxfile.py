"""Development sessions. pyproject.toml is the single source of truth for dependencies.

nox -s docs      build the site from the bundled corpus into docs/_build/html
nox -s tests     run the test suite
nox -s lint      ruff and mypy (strict)
nox -s latex     compile every citation key with BibTeX and with biber, render both files with
                 Pandoc's citeproc (installs TeX, Pandoc and the CSL styles if missing)
nox -s e2e       build the site and check it in headless Chromium (installs Chromium if missing)
nox -s wheel     build the wheel, install it in a fresh venv, run the tutorial from it
nox -s bench     write the benchmark report to docs/benchmarks.md
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

import nox

nox.needs_version = ">=2024.10.9"
nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests", "lint", "docs"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"


def _install(session: nox.Session, *groups: str, extras: str = "sphinx") -> None:
    """Install the project (editable) and ``groups``, unless the session's environment has them.

    The environment records a hash of pyproject.toml and of what was asked; when neither
    changed since the last install, nothing is installed again (a no-change ``nox -s docs``
    costs what ``sphinx-build`` costs).
    """
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    wanted.update(repr((groups, extras)).encode())
    stamp = Path(session.virtualenv.location) / ".feedcite-installed"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted.hexdigest():
        session.log("dependencies are installed and pyproject.toml did not change")
        return
    session.install("--upgrade", "pip")
    session.install("-e", f".[{extras}]" if extras else ".")
    for group in groups:
        requirements = nox.project.dependency_groups(PYPROJECT, group)
        if requirements:
            session.install(*requirements)
    stamp.write_text(wanted.hexdigest(), encoding="utf-8")


def _apt(session: nox.Session, *packages: str, binary: str) -> None:
    """Install Debian packages when ``binary`` is missing (CI machines start bare).

    ``binary`` is a command looked up on PATH, or an absolute path to a file the packages
    install (a data file such as a style).
    """
    if shutil.which(binary) or (os.path.isabs(binary) and os.path.exists(binary)):
        return
    if not shutil.which("apt-get"):
        session.error(
            f"{binary} is missing and apt-get is not available to install {' '.join(packages)}"
        )
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run(*sudo, "apt-get", "update", "-qq", external=True, env=env)
    session.run(
        *sudo,
        "apt-get",
        "install",
        "-y",
        "-qq",
        "--no-install-recommends",
        *packages,
        external=True,
        env=env,
    )


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (everything but the LaTeX and browser checks, which have sessions).

    Tests run in parallel, one worker per core (pytest-xdist); a worker that runs out of
    tests takes some of the other's (``worksteal``), so a long test near the end does not
    leave a core idle. Bytecode is cached even where ``PYTHONDONTWRITEBYTECODE`` is set (as
    in some containers): without it every worker rewrites and compiles every test module
    again, and every ``python -m feedcite`` or Sphinx build a test starts compiles the
    package again (about 40 s of a 3-minute run).
    """
    _install(session, "test")
    session.run(
        "pytest",
        "-n",
        "auto",
        "--dist",
        "worksteal",
        "-m",
        "not latex and not e2e and not wheel",
        *session.posargs,
        env={"PYTHONDONTWRITEBYTECODE": ""},  # empty: unset, for Python
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff (lint and format check) and mypy --strict over src, tests and this file."""
    _install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the site from the bundled corpus into docs/_build/html, warnings as errors."""
    _install(session, "docs")
    jobs = session.posargs or ["-j", "auto"]
    session.run(
        "sphinx-build", "-W", "-n", "--keep-going", "-b", "html", *jobs, "docs", "docs/_build/html"
    )
    session.log(f"The site is in {ROOT / 'docs/_build/html/index.html'}")


@nox.session(python=PYTHON)
def bibcheck(session: nox.Session) -> None:
    """Fail if refs/amodei.bib, refs/amodei.json or refs/citekeys.toml is out of date."""
    _install(session, extras="")
    session.run("feedcite", "bib", "--check")
    session.run("feedcite", "csl", "--check")


#: Where Debian's citation-style-language-styles puts the CSL styles the Pandoc test uses.
CSL_STYLES = "/usr/share/citation-style-language/styles"


@nox.session(python=PYTHON)
def latex(session: nox.Session) -> None:
    """Cite every key of refs/amodei.bib with pdflatex+bibtex and with biblatex+biber.

    Also renders both bibliography files with Pandoc's citeproc in two CSL styles.
    """
    _apt(
        session,
        "texlive-latex-base",
        "texlive-latex-recommended",
        "texlive-latex-extra",
        "texlive-bibtex-extra",
        "biber",
        binary="biber",
    )
    # IEEEtran.bst, for the BibTeX flavour in the IEEE style.
    _apt(
        session,
        "texlive-publishers",
        binary="/usr/share/texlive/texmf-dist/bibtex/bst/ieeetran/IEEEtran.bst",
    )
    _apt(session, "pandoc", binary="pandoc")
    _apt(session, "citation-style-language-styles", binary=f"{CSL_STYLES}/apa.csl")
    _install(session, "test")
    session.run("pytest", "-m", "latex", *session.posargs)


@nox.session(python=PYTHON)
def e2e(session: nox.Session) -> None:
    """Build the site and drive it in headless Chromium (Debian's chromium, via Playwright)."""
    _apt(session, "chromium", "fonts-dejavu-core", binary="chromium")
    _install(session, "e2e")
    session.run("pytest", "-m", "e2e", *session.posargs)


@nox.session(python=PYTHON)
def wheel(session: nox.Session) -> None:
    """Build the wheel, install it with its dependencies in a fresh venv, run the tutorial there.

    The fresh environment gets feedcite and its dependencies from the wheel's metadata only
    (no repository files), as a new user's ``pip install`` does.
    """
    _install(session, "test")
    tmp = Path(session.create_tmp()).resolve()  # the tests run the venv from other folders
    dist = tmp / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run(
        "python", "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), "."
    )
    (built,) = dist.glob("feedcite-*.whl")
    fresh = tmp / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    session.run("python", "-m", "venv", str(fresh))
    session.run(
        str(fresh / "bin" / "python"),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--upgrade",
        "pip",
        external=True,
    )
    session.run(
        str(fresh / "bin" / "python"),
        "-m",
        "pip",
        "install",
        "--quiet",
        f"{built}[sphinx]",
        external=True,
    )
    session.run(
        "pytest",
        "-m",
        "wheel",
        *session.posargs,
        env={"FEEDCITE_WHEEL": str(built), "FEEDCITE_WHEEL_VENV": str(fresh)},
    )


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Measure parsing, BibTeX and site builds at scale; write docs/benchmarks.md."""
    _install(session, "bench")
    session.run("python", "-m", "tests.benchmarks", *session.posargs, env={"PYTHONPATH": str(ROOT)})
