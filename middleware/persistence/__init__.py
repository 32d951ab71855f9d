"""Persistence: how snapshot rows are stored and how the views read them back."""
