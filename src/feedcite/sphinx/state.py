"""The inputs of a build and the corpus loaded from them.

:func:`read_inputs` reads the corpus configuration and fingerprints every input file (cheap:
nothing is parsed). :func:`load` parses the corpus and plans the site. The
:class:`~feedcite.sphinx.domain.FeedciteDomain` of each build environment keeps both, so two
projects built in one process never share a corpus, and parses only when the fingerprint of
the inputs differs from the one the environment was built from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from feedcite import __version__
from feedcite.corpus import (
    ConfigError,
    CorpusConfig,
    find_config,
    load_corpus,
    paths_relative_to,
    read_config,
)
from feedcite.model import Corpus
from feedcite.sphinx.config import FeedciteConfig
from feedcite.sphinx.config import read_config as read_options
from feedcite.sphinx.site import SitePlan, plan

__all__ = [
    "Inputs",
    "Loaded",
    "code_version",
    "config_path",
    "fingerprint",
    "load",
    "read_inputs",
]


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a build is made from: the corpus configuration, the options, their fingerprint."""

    config_path: Path
    config: CorpusConfig
    options: FeedciteConfig
    fingerprint: str
    reserved: frozenset[str] = frozenset()
    """Citation keys of the project's other BibTeX files: the site's keys avoid them."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """A parsed corpus and the plan of its site."""

    inputs: Inputs
    corpus: Corpus
    plan: SitePlan

    @property
    def config(self) -> CorpusConfig:
        """The corpus configuration."""
        return self.inputs.config

    @property
    def options(self) -> FeedciteConfig:
        """The extension's options."""
        return self.inputs.options


def code_version() -> str:
    """A hash of feedcite's version and of the extension's code (a new version re-renders)."""
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for module in sorted(here.rglob("*.py")):
        digest.update(module.relative_to(here).as_posix().encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(config: CorpusConfig, config_path: Path, options: FeedciteConfig) -> str:
    """A hash of the configuration, the options, the extension's code and every input's bytes."""
    digest = hashlib.sha256(code_version().encode())
    digest.update(repr(options).encode())
    for path in (config_path, *config.files()):
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


def config_path(app: Sphinx, options: FeedciteConfig) -> Path:
    """The corpus configuration the options name, or the nearest ``refs/corpus.toml``."""
    if options.corpus:
        return (Path(app.confdir) / options.corpus).resolve()
    found = find_config(Path(app.confdir))
    if found is None:
        raise ExtensionError(
            "feedcite: no corpus configuration found; set feedcite_corpus in conf.py"
        )
    return found.resolve()


def read_inputs(app: Sphinx, reserved: frozenset[str] = frozenset()) -> Inputs:
    """Read the corpus configuration and fingerprint the inputs (nothing is parsed).

    ``reserved`` are the keys of the project's other BibTeX files (part of the fingerprint:
    a changed key there can change the site's keys).
    """
    options = read_options(app)
    path = config_path(app, options)
    try:
        config = read_config(
            path, allow_outside=options.allow_outside, allow_empty=options.allow_empty
        )
    except ConfigError as error:
        # Nothing can be built from it: the build stops, every problem located.
        raise ExtensionError(f"feedcite: invalid corpus configuration:\n{error}") from None
    found = fingerprint(config, path, options)
    if reserved:
        found = hashlib.sha256(f"{found}\n{sorted(reserved)!r}".encode()).hexdigest()
    return Inputs(path, config, options, found, reserved)


def load(inputs: Inputs) -> Loaded:
    """Parse the corpus of ``inputs`` and plan its site.

    Documents are named relative to the project (the folder of the configuration's folder,
    ``refs/``), whatever folder the build runs in.
    """
    with paths_relative_to(inputs.config_path.parent.parent):
        corpus = load_corpus(inputs.config)
    options = inputs.options
    site = plan(
        corpus, options.generated_dir, key_prefix=options.key_prefix, reserved=inputs.reserved
    )
    return Loaded(inputs, corpus, site)
