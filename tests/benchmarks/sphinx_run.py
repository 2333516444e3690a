"""Build a Sphinx project in this process; report its time, peak memory and pages read.

``python -m tests.benchmarks.sphinx_run REPORT.json SOURCE OUT JOBS`` builds HTML with
warnings as errors and writes ``{"seconds", "peak_mb", "read"}``: wall-clock seconds of the
build, the peak resident set of this process or of its largest child (parallel workers),
and how many pages the build read (from Sphinx's ``env-before-read-docs`` event).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    """Build, then write the report."""
    from sphinx.application import Sphinx

    report, source, out, jobs = Path(argv[0]), Path(argv[1]), Path(argv[2]), int(argv[3])
    read: list[str] = []
    start = time.perf_counter()
    app = Sphinx(
        source, source, out / "html", out / ".doctrees", "html",
        status=None, warningiserror=True, parallel=jobs,
    )  # fmt: skip
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    app.build()
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report.write_text(
        json.dumps({"seconds": seconds, "peak_mb": max(own, children) / 1024, "read": len(read)})
    )
    return app.statuscode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
