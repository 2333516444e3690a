"""``feedcite.sphinx``: the reading companion as a Sphinx extension.

Add ``"feedcite.sphinx"`` to ``extensions`` (it loads sphinxcontrib-bibtex, and adds the
BibTeX file it generates to ``bibtex_bibfiles``)::

    extensions = ["myst_parser", "feedcite.sphinx"]
    feedcite_corpus = "../refs/corpus.toml"
    bibtex_default_style = "feedcite"
    bibtex_reference_style = "feedcite"  # author_year, with "and others" as "et al."

:func:`setup` only registers things: configuration values, the ``feedcite`` domain with
its directives and roles, the pybtex style, static files and event handlers. The work
happens in the handlers: when the build starts the corpus configuration is read and the
generated pages are (re)written; pages are built from the corpus by the directives.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

from feedcite import __version__
from feedcite.sphinx import config as options
from feedcite.sphinx.directives import DIRECTIVES, site_plan
from feedcite.sphinx.domain import FeedciteDomain
from feedcite.sphinx.pages import generate, previews
from feedcite.sphinx.state import current, prepare, prepared
from feedcite.sphinx.transforms import PlaceCitations

__all__ = ["setup"]

logger = logging.getLogger(__name__)

#: Bump when the shape of the domain data or the doctrees changes.
ENV_VERSION = 1
_STAMP = ".fingerprint"
#: The input errors of the corpus the generated files were written from, reported every build.
_ERRORS = ".errors.json"


def _static(app: Sphinx) -> Path:
    return Path(__file__).parent / "static"


def _generator_version() -> str:
    """A hash of the code that writes the generated files (so a new version rewrites them)."""
    digest = hashlib.sha256(__version__.encode())
    for module in ("pages.py", "site.py", "timeline.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()[:16]


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Read the corpus configuration; write the generated pages when the inputs changed."""
    prepared = prepare(app)
    folder = options.generated_path(app, prepared.options)
    stamp = folder / _STAMP
    config.html_static_path = [*config.html_static_path, str(_static(app))]
    _add_bibfile(app, config, folder / prepared.options.bibfile)
    expected = f"{prepared.fingerprint} {_generator_version()}"
    errors_file = folder / _ERRORS
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == expected and errors_file.is_file():
        # Unchanged inputs: nothing is parsed, but their errors are reported again, so that
        # a second build with -W fails exactly like the first.
        errors: list[str] = json.loads(errors_file.read_text(encoding="utf-8"))
    else:
        loaded = current()
        written = generate(
            loaded,
            site_plan(loaded),
            folder,
            bibfile=prepared.options.bibfile,
            timeline=prepared.options.timeline,
        )
        errors = [diagnostic.format() for diagnostic in loaded.corpus.errors]
        errors_file.write_text(json.dumps(errors, ensure_ascii=False), encoding="utf-8")
        stamp.write_text(expected, encoding="utf-8")
        logger.info("feedcite: %d generated file(s) written to %s", len(written), folder)
    for message in errors:
        logger.warning("feedcite: %s", message, type="feedcite", subtype="input", once=True)


def _add_bibfile(app: Sphinx, config: Config, bibfile: Path) -> None:
    """List the generated BibTeX file in ``bibtex_bibfiles`` unless the project already does.

    sphinxcontrib-bibtex reads the setting when the builder starts, after this handler.
    """
    confdir = Path(app.confdir)
    listed = list(config.bibtex_bibfiles or [])
    if bibfile.resolve() not in {(confdir / name).resolve() for name in listed}:
        config.bibtex_bibfiles = [*listed, os.path.relpath(bibfile, confdir)]


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Write the hover previews next to the pages (HTML builders only)."""
    if exception is not None or app.builder.format != "html" or not app.config.feedcite_previews:
        return
    domain = app.env.domains["feedcite"]
    term_ids = {term: node_id for term, (_, node_id) in domain.terms.items()}  # type: ignore[attr-defined]
    target = Path(app.outdir) / "_static" / "feedcite-previews.js"
    # The previews depend on the inputs and the glossary's ids only: when neither changed
    # since the file was written, a rebuild leaves it alone and never parses the corpus.
    inputs = json.dumps([prepared().fingerprint, _generator_version(), term_ids], sort_keys=True)
    key = hashlib.sha256(inputs.encode()).hexdigest()
    record = Path(app.doctreedir) / "feedcite-previews.key"
    if target.is_file() and record.is_file() and record.read_text(encoding="utf-8") == key:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(previews(current(), term_ids), encoding="utf-8")
    record.write_text(key, encoding="utf-8")


def on_builder_inited(app: Sphinx) -> None:
    """Make raw passthrough and file insertion off by default for every page.

    Corpus text never becomes markup in the first place (directives build nodes); this
    also keeps hand-written pages of a corpus site from embedding raw HTML or other
    files. A ``docutils.conf`` can still set these explicitly.
    """
    app.env.settings.setdefault("raw_enabled", False)
    app.env.settings.setdefault("file_insertion_enabled", False)


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Parse the corpus before parallel readers fork, if any page will be read."""
    if docnames:
        current()


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the extension's configuration, domain, directives, style and handlers."""
    from pybtex.plugin import register_plugin
    from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin

    from feedcite.sphinx.style import FeedciteReferenceStyle, FeedciteStyle

    app.setup_extension("sphinxcontrib.bibtex")
    options.register(app)
    app.add_domain(FeedciteDomain)
    for name, directive in DIRECTIVES.items():
        app.add_directive_to_domain("feedcite", name, directive)
    register_plugin("pybtex.style.formatting", "feedcite", FeedciteStyle)
    register_bibtex_plugin(
        "sphinxcontrib.bibtex.style.referencing", "feedcite", FeedciteReferenceStyle
    )
    app.add_post_transform(PlaceCitations)
    app.add_css_file("feedcite.css")
    app.add_js_file("feedcite-previews.js", loading_method="defer")
    app.add_js_file("feedcite.js", loading_method="defer")
    app.connect("config-inited", on_config_inited, priority=400)
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("build-finished", on_build_finished)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
