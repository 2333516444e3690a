"""A project of its own, with its own BibTeX file, that adds the extension.

One key of refs.bib is also a key of the corpus. The extension loads myst-parser itself.
"""

extensions = ["feedcite.sphinx"]
project = "Own project"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "feedcite"
bibtex_reference_style = "feedcite"
bibtex_cite_id = "cite-{key}"
feedcite_corpus = "corpus/corpus.toml"
exclude_patterns = ["corpus", "_build"]
nitpicky = True
html_theme = "basic"
