"""The extension's configuration: one validated dataclass.

Every option is a ``feedcite_*`` value of ``conf.py``. :func:`read_config` validates
them: a value of the wrong type or out of range falls back to its default with a
warning (``type="feedcite", subtype="config"``), so a typo never stops a build silently
or crashes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

__all__ = ["FeedciteConfig", "read_config", "register"]

logger = logging.getLogger(__name__)


def _is_str(value: object) -> bool:
    return isinstance(value, str) and bool(value)


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


def _is_optional_str(value: object) -> bool:
    return value is None or _is_str(value)


_KEY_PREFIX_RE = re.compile(r"[A-Za-z0-9_:.+/-]*")


def _is_key_prefix(value: object) -> bool:
    """A string of characters a BibTeX key may hold (no space, comma, brace, quote, ``#``)."""
    return isinstance(value, str) and _KEY_PREFIX_RE.fullmatch(value) is not None


def _is_subfolder(value: object) -> bool:
    """A relative path to a folder below ``conf.py``'s (not that folder, nothing above it)."""
    if not _is_str(value):
        return False
    assert isinstance(value, str)
    parts = Path(value).parts
    return (
        not Path(value).is_absolute() and bool(parts) and all(p not in (".", "..") for p in parts)
    )


@dataclass(frozen=True, slots=True)
class FeedciteConfig:
    """Options of the ``feedcite.sphinx`` extension (``feedcite_<name>`` in ``conf.py``)."""

    corpus: str | None = None
    """Path of the corpus configuration, relative to ``conf.py`` (default: the nearest
    ``refs/corpus.toml`` at or above the documentation folder)."""
    generated_dir: str = "generated"
    """Folder below ``conf.py``'s for the pages generated from the corpus (ignored by Git).

    It must be a subfolder (not the source folder itself, nothing outside it); feedcite
    only ever deletes files in it that it generated."""
    bibfile: str = "feedcite.bib"
    """Name of the BibTeX file written into ``generated_dir`` for sphinxcontrib-bibtex (the
    extension adds it to ``bibtex_bibfiles`` unless that already lists it)."""
    video_links: bool = True
    """Link paragraph times to the video at that moment (YouTube ``t=`` links)."""
    previews: bool = True
    """Show hover previews of glossary terms and citations."""
    jsonld: bool = True
    """Embed schema.org JSON-LD in work and episode pages."""
    timeline: bool = True
    """Draw the works-per-year timeline figure (inline SVG)."""
    allow_outside: bool = False
    """Accept captures and side files outside the corpus configuration's folder."""
    allow_empty: bool = False
    """Accept a corpus configuration that lists no captures yet (a new site)."""
    key_prefix: str = ""
    """A prefix for the corpus's citation keys on the site (with ``"fc-"``, ``{cite:p}`` takes
    ``fc-kaplan2020scaling``), so that they never meet the keys of the project's own
    ``bibtex_bibfiles``. The corpus's own files (``feedcite bib``) keep their keys."""


_VALIDATORS: dict[str, tuple[Callable[[object], bool], str]] = {
    "corpus": (_is_optional_str, "a path (string) or None"),
    "generated_dir": (_is_subfolder, "a relative path to a subfolder of the conf.py folder"),
    "bibfile": (_is_str, "a non-empty file name"),
    "video_links": (_is_bool, "True or False"),
    "previews": (_is_bool, "True or False"),
    "jsonld": (_is_bool, "True or False"),
    "timeline": (_is_bool, "True or False"),
    "allow_outside": (_is_bool, "True or False"),
    "allow_empty": (_is_bool, "True or False"),
    "key_prefix": (_is_key_prefix, "a string of letters, digits and _:.+/- (or empty)"),
}


def register(app: Sphinx) -> None:
    """Declare every option as a Sphinx config value (rebuild: ``env``)."""
    for field in fields(FeedciteConfig):
        app.add_config_value(f"feedcite_{field.name}", field.default, "env")


def read_config(app: Sphinx) -> FeedciteConfig:
    """The validated options; invalid values fall back to their defaults with a warning."""
    values: dict[str, Any] = {}
    defaults = FeedciteConfig()
    for field in fields(FeedciteConfig):
        value = getattr(app.config, f"feedcite_{field.name}")
        check, expected = _VALIDATORS[field.name]
        if check(value):
            values[field.name] = value
        else:
            default = getattr(defaults, field.name)
            logger.warning(
                "feedcite_%s must be %s, not %r; using %r",
                field.name,
                expected,
                value,
                default,
                type="feedcite",
                subtype="config",
            )
            values[field.name] = default
    return FeedciteConfig(**values)


def generated_path(app: Sphinx, config: FeedciteConfig) -> Path:
    """The absolute folder of generated pages."""
    return (Path(app.confdir) / config.generated_dir).resolve()
