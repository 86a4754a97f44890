"""Sahel Report helper package: load and validate data, draw maps and charts."""

__version__ = "0.2.0"
