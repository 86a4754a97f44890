"""Checks on the sources and the built book: publication linter, link checks, benchmark."""
