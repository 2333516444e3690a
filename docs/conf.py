"""Sphinx configuration of the feedcite site: the reading companion and the user guide."""

from __future__ import annotations

project = "feedcite"
author = "The feedcite developers"
copyright = "2026, The feedcite developers"
release = "0.1.0"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "feedcite.sphinx",
]

# The corpus the site is built from, and the pages generated from it (ignored by Git).
feedcite_corpus = "../refs/corpus.toml"
feedcite_generated_dir = "generated"

# Citations: sphinxcontrib-bibtex over the corpus's BibTeX (the extension lists the file it
# generates in bibtex_bibfiles), formatted by feedcite's pybtex style.
bibtex_default_style = "feedcite"
bibtex_reference_style = "feedcite"  # author_year citations; "and others" as "et al."
bibtex_cite_id = "cite-{key}"

# Untrusted corpus text never becomes markup: no raw HTML in Markdown pages (directives build
# the corpus pages from nodes; docutils.conf disables raw and file insertion).
myst_disable_syntax = ["html_block", "html_inline"]
myst_enable_extensions = ["deflist", "fieldlist"]
myst_heading_anchors = 3

source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "generated/_static"]
nitpicky = True
# Standard-library and third-party types in signatures (no intersphinx: the build is offline),
# and the parsers' private decoded-text type.
nitpick_ignore_regex = [
    (r"py:.*", r"(docutils|sphinx|pybtex)\..*"),
    (r"py:class", r"(pathlib|collections\.abc|enum|re|typing)\.\w+"),
    (r"py:class", r"(feedcite\.parsers\._text\.)?SourceText"),
    (r"py:(class|obj)", r"feedcite\.parsers\._format\.D"),  # the record type of a Format
]

# A builtin in a type field (``type[D]``) is looked up fuzzily and also matches attributes
# that share its name (``Published.type``, ``LibraryEntry.type``); Sphinx resolves builtins
# only once nothing matches, so these ambiguity warnings are not ours to fix per docstring.
suppress_warnings = ["ref.python"]

autodoc_typehints = "description"
autodoc_member_order = "bysource"
# The library page documents a few hundred objects. Listed in its table of contents, they
# made every page of the site copy them into its navigation (furo builds the whole tree for
# each page), which doubled the build time; the page's own sections stay listed.
toc_object_entries = False
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "furo"
html_title = "Dario Amodei: a reading companion"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
