"""Writers: pure functions from a :class:`~feedcite.model.Corpus` to text."""
