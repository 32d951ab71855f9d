"""``python -m app``: the desktop app and its headless commands."""

from app.cli import main

raise SystemExit(main())
