"""``feedcite.sphinx``: the reading companion as a Sphinx extension.

Add ``"feedcite.sphinx"`` to ``extensions`` (it loads sphinxcontrib-bibtex and myst-parser,
which its generated pages need, and adds the BibTeX file it generates to
``bibtex_bibfiles``)::

    extensions = ["feedcite.sphinx"]
    feedcite_corpus = "../refs/corpus.toml"
    bibtex_default_style = "feedcite"
    bibtex_reference_style = "feedcite"  # author_year, with "and others" as "et al."

:func:`setup` only registers things: configuration values, the ``feedcite`` domain with
its directives and roles, a node, the pybtex style, post-transforms, static files and
event handlers. The handlers do the work:

* ``builder-inited``: read the corpus configuration and fingerprint the inputs; when they
  changed, parse the corpus and (re)write the generated pages; report the corpus's errors
  as warnings (``feedcite.<code>``, located at the input file and line);
* ``env-get-outdated``: when the corpus was parsed again, read again exactly the pages
  whose views changed (dependencies by content, not by file time);
* ``env-before-read-docs``: parse the corpus before parallel readers fork, if any page is read;
* ``html-page-context``: a work page's ``citation_*`` and Open Graph meta tags;
* ``build-finished``: the hover previews and the downloadable bibliography files.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
from collections.abc import Iterable, Set
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

from feedcite import __version__
from feedcite.errors import Diagnostic
from feedcite.sphinx import _fork
from feedcite.sphinx import config as options
from feedcite.sphinx.collisions import Collision, bibfile_keys, collisions
from feedcite.sphinx.directives import DIRECTIVES, setup_directives
from feedcite.sphinx.directives.base import fingerprint
from feedcite.sphinx.directives.indexes import downloads as download_names
from feedcite.sphinx.domain import DOWNLOADS, FeedciteDomain
from feedcite.sphinx.pages import downloads, generate, previews, write_if_changed
from feedcite.sphinx.render import (
    Details,
    depart_details_html,
    depart_details_other,
    visit_details_html,
    visit_details_other,
)
from feedcite.sphinx.state import read_inputs
from feedcite.sphinx.transforms import PlaceCitations, resolve_year_links

__all__ = ["setup"]

logger = logging.getLogger(__name__)

#: Bump when the shape of the domain data or the doctrees changes.
ENV_VERSION = 2
_STAMP = ".fingerprint"


def _domain(env: BuildEnvironment) -> FeedciteDomain:
    domain = env.domains["feedcite"]
    assert isinstance(domain, FeedciteDomain)
    return domain


def _static() -> Path:
    return Path(__file__).parent / "static"


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Add the static files, list the generated BibTeX file, default the title to the corpus's.

    sphinxcontrib-bibtex reads ``bibtex_bibfiles`` when the builder starts, after this.
    ``project`` and ``html_title`` become the corpus's ``title`` unless ``conf.py`` (or a
    ``-D`` override) sets them.
    """
    config.html_static_path = [*config.html_static_path, str(_static())]
    settings = options.read_config(app)
    bibfile = options.generated_path(app, settings) / settings.bibfile
    confdir = Path(app.confdir)
    listed = list(config.bibtex_bibfiles or [])
    if bibfile.resolve() not in {(confdir / name).resolve() for name in listed}:
        config.bibtex_bibfiles = [*listed, os.path.relpath(bibfile, confdir)]
    _default_title(app, config, settings)


def _default_title(app: Sphinx, config: Config, settings: options.FeedciteConfig) -> None:
    """``project`` and ``html_title`` from the corpus's ``title``, where the user set neither.

    A project that names itself (``project``) keeps Sphinx's title from that name.
    """
    given = {*config._raw_config, *config._overrides}  # what conf.py and -D set
    if "project" in given:
        return
    from feedcite.corpus import ConfigError, read_config
    from feedcite.sphinx.state import config_path

    try:
        corpus = read_config(
            config_path(app, settings),
            allow_outside=settings.allow_outside,
            allow_empty=settings.allow_empty,
        )
    except (ConfigError, ExtensionError):
        return  # the build stops when the builder starts, with every problem located
    title = corpus.title or corpus.name
    config.project = title
    if "html_title" not in given:
        config.html_title = title


def on_builder_inited(app: Sphinx) -> None:
    """Read the inputs; when they changed, parse the corpus and write the generated pages."""
    app.env.settings.setdefault("raw_enabled", False)
    app.env.settings.setdefault("file_insertion_enabled", False)
    domain = _domain(app.env)
    others = _other_bibfile_keys(app)
    inputs = read_inputs(app, reserved=frozenset(others))
    changed = domain.use_inputs(inputs)
    folder = options.generated_path(app, inputs.options)
    stamp = folder / _STAMP
    if changed or not stamp.is_file() or stamp.read_text(encoding="utf-8") != inputs.fingerprint:
        loaded = domain.loaded()
        written = generate(loaded, folder, bibfile=inputs.options.bibfile)
        write_if_changed(stamp, inputs.fingerprint)
        names = download_names(loaded)
        domain.data["downloads"] = {
            "bib": names[0],
            "csl": names[1],
            **{f"entry:{key}": f"entries/{key}.bib" for key in loaded.plan.keys.values()},
        }
        logger.info("feedcite: %d generated file(s) written to %s", len(written), folder)
        found = collisions(loaded.corpus, loaded.plan.keys, inputs.options.key_prefix, others)
        domain.data["collisions"] = tuple(found)
    report(domain.data["diagnostics"])
    generated = os.path.relpath(folder / inputs.options.bibfile, app.srcdir)
    report_collisions(domain.data.get("collisions", ()), generated)


def _other_bibfile_keys(app: Sphinx) -> dict[str, tuple[str, int]]:
    """Key -> (file, line) of the entries of ``bibtex_bibfiles`` other than the generated one.

    Paths are relative to the source folder, as sphinxcontrib-bibtex reads them.
    """
    settings = options.read_config(app)
    generated = (options.generated_path(app, settings) / settings.bibfile).resolve()
    srcdir, confdir = Path(app.srcdir), Path(app.confdir)
    files = [
        (name, path)
        for name in app.config.bibtex_bibfiles or []
        if (path := (srcdir / name).resolve()) != generated
        and (confdir / name).resolve() != generated  # listed relative to conf.py's folder
    ]
    return bibfile_keys(files)


def report_collisions(found: Iterable[Collision], generated: str) -> None:
    """A warning for each key of the corpus that another BibTeX file also has.

    Located at the other file's entry (``type="feedcite", subtype="key-collision"``).
    """
    for collision in found:
        logger.warning(
            "citation key %r is in %s and in the corpus's %s; the corpus's entry is cited as "
            "%r on this site, so that both entries are kept (set feedcite_key_prefix to give "
            "every key of the corpus a prefix)",
            collision.key,
            collision.path,
            generated,
            collision.site_key,
            location=f"{collision.path}:{collision.line}",
            type="feedcite",
            subtype="key-collision",
        )


def report(diagnostics: Iterable[Diagnostic]) -> None:
    """The corpus's diagnostics: errors as warnings, recoveries and estimates as notes.

    Each is located at its input file and line and has the type ``feedcite`` and its code
    as subtype, so ``suppress_warnings = ["feedcite.meta-value"]`` silences one kind.
    """
    for diagnostic in diagnostics:
        where = str(diagnostic.span)  # path:line:column
        if diagnostic.is_error:
            logger.warning(
                "%s",
                diagnostic.message,
                location=where,
                type="feedcite",
                subtype=str(diagnostic.code),
            )
        else:
            logger.info("%s: note[%s]: %s", where, diagnostic.code, diagnostic.message)


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """The pages to read again because what they show changed (only if the corpus did)."""
    domain = _domain(env)
    if not domain.reloaded:
        return []
    loaded = domain.loaded()
    outdated: list[str] = []
    for docname, records in sorted(domain.shown.items()):
        if docname in changed or docname in removed:
            continue
        for record in records:
            directive = DIRECTIVES.get(record.directive)
            view = directive.view(loaded, record.arguments) if directive else None
            if view is None or fingerprint(view) != record.fingerprint:
                outdated.append(docname)
                break
    if outdated:
        logger.info("feedcite: %d page(s) show something that changed", len(outdated))
    return outdated


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Parse the corpus before parallel readers fork, if any page will be read.

    From here to the end of the build, forked readers and writers leave the objects they
    inherit out of their garbage collections (see :mod:`feedcite.sphinx._fork`).
    """
    _fork.building(True)
    if docnames:
        _domain(env).loaded()


def on_warn_missing_reference(app: Sphinx, domain: Domain | None, node: nodes.Element) -> bool:
    """No warning for a link to an index page the site does not have (even with ``-n``).

    A tag page links to the tag index ("All tags"); a project that shows only some of the
    extension's pages has no such index, and the link is plain text (see ``index_link``).
    """
    return bool(domain is not None and domain.name == "feedcite" and node["reftype"] == "index")


def on_html_page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Add the page's ``<meta>`` tags (Highwire ``citation_*``, description, Open Graph).

    And resolve the links of a timeline on the page (see :func:`resolve_year_links`).
    """
    domain = _domain(app.env)
    body = context.get("body")
    if isinstance(body, str) and "feedcite-year:" in body:
        record = domain.objects.get(("index", "bibliography"))
        target = app.builder.get_relative_uri(pagename, record.docname) if record else None
        context["body"] = resolve_year_links(body, target)
    tags = domain.meta.get(pagename)
    if not tags:
        return
    lines = [
        f'<meta {attribute}="{_attribute(name)}" content="{_attribute(content)}" />'
        for attribute, name, content in tags
        if attribute in ("name", "property")
    ]
    context["metatags"] = context.get("metatags", "") + "\n".join(lines) + "\n"


def _attribute(value: str) -> str:
    return html.escape(value, quote=True)


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Write the hover previews and the downloadable bibliography (HTML builders only)."""
    _fork.building(False)
    if exception is not None or app.builder.format != "html":
        return
    domain = _domain(app.env)
    out = Path(app.outdir)
    _remove_stale_pages(app, options.generated_path(app, domain.inputs.options))
    term_ids = {term: node_id for term, (_, node_id) in domain.terms.items()}
    # Both depend on the inputs (and the glossary's ids) only: when neither changed since
    # they were written, a rebuild leaves them alone and never parses the corpus.
    key = hashlib.sha256(json.dumps([domain.inputs.fingerprint, term_ids], sort_keys=True).encode())
    record = Path(app.doctreedir) / "feedcite-outputs.key"
    targets = [out / "_static" / "feedcite-previews.js", out / DOWNLOADS]
    if (
        all(t.exists() for t in targets)
        and record.is_file()
        and record.read_text() == key.hexdigest()
    ):
        return
    loaded = domain.loaded()
    if app.config.feedcite_previews:
        write_if_changed(targets[0], previews(loaded, term_ids))
    files = downloads(loaded, download_names(loaded))
    for relative, content in files.items():
        write_if_changed(out / DOWNLOADS / relative, content)
    for old in sorted((out / DOWNLOADS).rglob("*")):
        if old.is_file() and old.relative_to(out / DOWNLOADS).as_posix() not in files:
            old.unlink()  # an entry whose key changed, a bibliography renamed
    write_if_changed(record, key.hexdigest())


def _remove_stale_pages(app: Sphinx, folder: Path) -> None:
    """Remove the pages of generated documents that are gone (a work whose id changed).

    Sphinx keeps the output of a document that no longer exists: the old page would stay
    on the site, with what it said then. Only the HTML builder's pages (and their copied
    sources) under the generated folder are looked at.
    """
    builder = app.builder
    if builder.name != "html" or not isinstance(builder, StandaloneHTMLBuilder):
        return
    try:
        relative = folder.relative_to(Path(app.srcdir).resolve())
    except ValueError:
        return  # generated pages outside the source folder: not this site's documents
    out = Path(app.outdir)
    suffix = builder.out_suffix
    documents = app.env.all_docs
    for page in sorted((out / relative).rglob(f"*{suffix}")):
        docname = page.relative_to(out).as_posix().removesuffix(suffix)
        if docname not in documents:
            page.unlink()
    for source in sorted((out / "_sources" / relative).rglob("*.txt")):
        docname = source.relative_to(out / "_sources").as_posix().removesuffix(".txt")
        if Path(docname).with_suffix("").as_posix() not in documents:
            source.unlink()


#: The extensions feedcite.sphinx loads itself (module, distribution): the citations, and the
#: MyST parser its generated pages are written for.
_NEEDS = (("sphinxcontrib.bibtex", "sphinxcontrib-bibtex"), ("myst_parser", "myst-parser"))


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the extension's configuration, domain, directives, style and handlers."""
    app.require_sphinx("8.1")
    _fork.register()
    for module, package in _NEEDS:
        try:
            app.setup_extension(module)
        except ExtensionError as error:
            raise ExtensionError(
                f"feedcite.sphinx needs {package} ({error}); install it with "
                "pip install 'feedcite[sphinx]'"
            ) from None
    from pybtex.plugin import register_plugin
    from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin

    from feedcite.sphinx.style import FeedciteReferenceStyle, FeedciteStyle

    options.register(app)
    app.add_domain(FeedciteDomain)
    setup_directives(app)
    other = (visit_details_other, depart_details_other)
    app.add_node(
        Details,
        html=(visit_details_html, depart_details_html),
        latex=other,
        text=other,
        man=other,
        texinfo=other,
    )
    register_plugin("pybtex.style.formatting", "feedcite", FeedciteStyle)
    register_bibtex_plugin(
        "sphinxcontrib.bibtex.style.referencing", "feedcite", FeedciteReferenceStyle
    )
    app.add_post_transform(PlaceCitations)
    app.add_css_file("feedcite.css")
    app.add_js_file("feedcite-previews.js", loading_method="defer")
    app.add_js_file("feedcite.js", loading_method="defer")
    app.connect("config-inited", on_config_inited, priority=400)
    # Before sphinxcontrib-bibtex reads the BibTeX file this handler writes (priority 500).
    app.connect("builder-inited", on_builder_inited, priority=400)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("html-page-context", on_html_page_context)
    app.connect("warn-missing-reference", on_warn_missing_reference)
    app.connect("build-finished", on_build_finished)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
