"""Persistence: the SQLite file, its schema, the repository and the writer that owns it."""
