"""The composition root: wiring, the desktop entry point and the command line."""
