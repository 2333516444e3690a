"""Two works with one title, mentioned with a year and without one."""

extensions = ["myst_parser", "feedcite.sphinx"]
feedcite_corpus = "refs/corpus.toml"
bibtex_default_style = "feedcite"
bibtex_reference_style = "author_year"
bibtex_cite_id = "cite-{key}"
myst_disable_syntax = ["html_block", "html_inline"]
exclude_patterns = ["refs", "_build"]
nitpicky = True
html_theme = "basic"
