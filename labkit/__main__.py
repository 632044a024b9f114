"""Run the labkit command line as ``python -m labkit``."""

from labkit.cli import main

raise SystemExit(main())
