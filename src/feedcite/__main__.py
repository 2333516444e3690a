"""``python -m feedcite``: the command line."""

from feedcite.cli import main

raise SystemExit(main())
