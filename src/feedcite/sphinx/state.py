"""Loading the corpus once per build, and only when a page needs it.

When the build starts, :func:`prepare` reads the corpus configuration and fingerprints
every input file (cheap). The corpus itself is parsed by :func:`current` the first time a
page needs it, in the main process before Sphinx forks its parallel readers (which
inherit it), and cached by fingerprint. A rebuild with unchanged inputs parses nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from feedcite.corpus import ConfigError, CorpusConfig, find_config, load_corpus, read_config
from feedcite.model import Corpus
from feedcite.sphinx.config import FeedciteConfig
from feedcite.sphinx.config import read_config as read_options

__all__ = ["Loaded", "Prepared", "current", "fingerprint", "prepare", "prepared"]


@dataclass(frozen=True, slots=True)
class Prepared:
    """The corpus configuration of the build and the fingerprint of its inputs."""

    config: CorpusConfig
    fingerprint: str
    options: FeedciteConfig


@dataclass(frozen=True, slots=True)
class Loaded:
    """A loaded corpus with its configuration and the fingerprint of its inputs."""

    config: CorpusConfig
    corpus: Corpus
    fingerprint: str
    options: FeedciteConfig


_PREPARED: list[Prepared] = []
_LOADED: dict[str, Loaded] = {}


def fingerprint(config: CorpusConfig, config_path: Path) -> str:
    """A hash of the corpus configuration and every input file's bytes."""
    digest = hashlib.sha256()
    for path in (config_path, *config.files()):
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


def _config_path(app: Sphinx, options: FeedciteConfig) -> Path:
    if options.corpus:
        return (Path(app.confdir) / options.corpus).resolve()
    found = find_config(Path(app.confdir))
    if found is None:
        raise ExtensionError(
            "feedcite: no corpus configuration found; set feedcite_corpus in conf.py"
        )
    return found.resolve()


def prepare(app: Sphinx) -> Prepared:
    """Read the corpus configuration and fingerprint the inputs (does not parse them)."""
    options = read_options(app)
    path = _config_path(app, options)
    try:
        config = read_config(path)
    except ConfigError as error:
        raise ExtensionError(f"feedcite: invalid corpus configuration:\n{error}") from None
    prepared = Prepared(config, fingerprint(config, path), options)
    _PREPARED[:] = [prepared]
    return prepared


def prepared() -> Prepared:
    """The corpus configuration and input fingerprint of the running build."""
    if not _PREPARED:
        raise ExtensionError("feedcite: the corpus is not prepared (was feedcite.sphinx set up?)")
    return _PREPARED[0]


def current() -> Loaded:
    """The corpus of the running build, parsed on first use and cached by fingerprint."""
    if not _PREPARED:
        raise ExtensionError("feedcite: the corpus is not prepared (was feedcite.sphinx set up?)")
    prepared = _PREPARED[0]
    loaded = _LOADED.get(prepared.fingerprint)
    if loaded is None:
        corpus = load_corpus(prepared.config)
        loaded = Loaded(prepared.config, corpus, prepared.fingerprint, prepared.options)
        _LOADED.clear()
        _LOADED[prepared.fingerprint] = loaded
    return loaded
