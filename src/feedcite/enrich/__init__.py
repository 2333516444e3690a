"""Enrichment: small pure steps over a :class:`~feedcite.model.Corpus`."""
