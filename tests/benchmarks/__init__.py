"""Benchmarks of feedcite at scale (``nox -s bench``, or ``python -m tests.benchmarks``).

They measure, they do not assert: the report (``docs/benchmarks.md``) gives medians of
several runs with the machine and versions, and says which targets are met.
"""
