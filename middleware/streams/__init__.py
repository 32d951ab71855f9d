"""Operators and streams the snapshot epic is built from; each takes its scheduler."""
