"""The bundle's entry point: the same `main` as the ``tastetrail`` command."""

from app.cli import main

raise SystemExit(main())
