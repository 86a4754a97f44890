"""The language the book is written in by this process (English, or French for the French edition).

The French edition executes every notebook with SAHELREPORT_LANG=fr: figures, tables and glued text then
come out in French. Numbers follow each language's usage (1,234.5 in English, 1 234,5 in French), and data
text that has no French version is marked as English for the page (the `{en}` role of the book's Sphinx
extension) rather than mixed in silently.
"""

from __future__ import annotations

import os
import re

LANGUAGES = ("en", "fr")
LANGUAGE_ENV = "SAHELREPORT_LANG"
DEFAULT = "en"
NARROW_NBSP = "\u202f"  # French thousands separator, and the space before ; ! ? % in French typography


def current() -> str:
    """The language of this process: SAHELREPORT_LANG, else English; an unknown value raises ValueError."""
    value = os.environ.get(LANGUAGE_ENV, "")
    if not value:
        return DEFAULT
    if value not in LANGUAGES:
        raise ValueError(f"{LANGUAGE_ENV}={value!r}: not a language of the book (one of {', '.join(LANGUAGES)})")
    return value


def resolve(lang: str | None) -> str:
    """The language asked for, or the process's (current()) when None; an unknown value raises ValueError."""
    if lang is None:
        return current()
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: not a language of the book (one of {', '.join(LANGUAGES)})")
    return lang


def column(english: str, lang: str | None = None) -> str:
    """The data column that holds a text in a language, from its English column: 'short_label' or
    'short_label_fr', 'name_en' or 'name_fr'."""
    return english if resolve(lang) == "en" else f"{english.removesuffix('_en')}_{resolve(lang)}"


def plural(n: int, lang: str | None = None) -> str:
    """The plural category of a count: 'one' or 'other' (English: 1 is singular; French: 0 and 1 are)."""
    return "one" if n == 1 or (n == 0 and resolve(lang) == "fr") else "other"


def format_number(value: float, spec: str = "", lang: str | None = None) -> str:
    """`format(value, spec)`; in French with a narrow no-break space between thousands and a decimal comma."""
    text = format(value, spec)
    return french_digits(text) if resolve(lang) == "fr" else text


def french_digits(text: str) -> str:
    """A number as Python writes it (`1,234.5`) in French form (`1 234,5`)."""
    return text.translate({ord(","): NARROW_NBSP, ord("."): ","})


def english(text: str, lang: str | None = None) -> str:
    """Markdown text that exists only in English (event titles, descriptions, claims, notes), as the page shows it:
    unchanged in English; in French inside the `{en}` role, so that the page marks it as English.

    The text is Markdown already escaped for the page (book.tables.plain_text): the role's content is fenced by
    more backticks than any run of them inside it, so that no character of the text can end the role early.
    """
    if resolve(lang) == "en" or not text:
        return text
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{{en}}{fence}{padded}{fence}"
