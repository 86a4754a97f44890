"""Every text the package writes into the book, in each language: the table figures/texts.csv (key, en, fr).

Figures (titles, axis labels, legends, source lines, the disclaimer, names of types and statuses) and the
generated tables (headers, labels) take their words from this one table: `text("axis.year")` gives "Year"
in English and "Année" in French (the process's language, `language.current()`, unless `lang` says).
A text may hold `{name}` placeholders, the same in both columns, filled by keyword: numbers and dates are
formatted by the caller for its language (`language.format_number`, `labels.format_date`).

The table is checked whole on first use: a missing or repeated key, an empty cell, a placeholder in one column
and not the other raise TextsError naming the file, the row, the column and the value.
"""

from __future__ import annotations

import csv
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sahelreport.language import LANGUAGES, format_number, plural, resolve

TEXTS_CSV = Path(__file__).with_name("texts.csv")
COLUMNS = ("key", *LANGUAGES)


class TextsError(ValueError):
    """A texts table that cannot be used, or a text asked for that it does not give."""


@dataclass(frozen=True)
class Row:
    line: int  # in the file (the header is line 1)
    texts: dict[str, str]  # by language
    fields: frozenset[str]  # placeholder names


def _where(path: Path, line: int | None, column: str, value: str) -> str:
    shown = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
    return f"{shown}, " + (f"line {line}, " if line else "") + f"column {column!r}, value {value!r}"


def placeholders(text: str) -> frozenset[str]:
    """The `{name}` placeholders of a text; ValueError for other forms (positional, conversions, format specs)."""
    names = set()
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"placeholder {{{name}{'!' + conversion if conversion else ''}"
                             f"{':' + spec if spec else ''}}} is not of the form {{name}}")
        names.add(name)
    return frozenset(names)


@cache
def read_texts(path: Path = TEXTS_CSV) -> dict[str, Row]:
    """The rows of a texts table by key, every row checked (TextsError at the first problem)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if tuple(header) != COLUMNS:
            raise TextsError(f"{_where(path, 1, 'header', ','.join(header))}: the columns must be {','.join(COLUMNS)}")
        rows: dict[str, Row] = {}
        for cells in reader:
            line = reader.line_num
            if len(cells) != len(COLUMNS):
                raise TextsError(f"{_where(path, line, 'key', cells[0] if cells else '')}: {len(cells)} cells, "
                                 f"expected {len(COLUMNS)}")
            key, texts = cells[0], dict(zip(LANGUAGES, cells[1:], strict=True))
            if not key.strip():
                raise TextsError(f"{_where(path, line, 'key', key)}: empty key")
            if key in rows:
                raise TextsError(f"{_where(path, line, 'key', key)}: key already given in line {rows[key].line}")
            fields = {}
            for lang, value in texts.items():
                if not value.strip():
                    raise TextsError(f"{_where(path, line, lang, value)}: empty text (key {key!r})")
                try:
                    fields[lang] = placeholders(value)
                except ValueError as error:
                    raise TextsError(f"{_where(path, line, lang, value)}: {error} (key {key!r})") from None
            first = fields[LANGUAGES[0]]
            for lang, names in fields.items():
                if names != first:
                    raise TextsError(f"{_where(path, line, lang, texts[lang])}: placeholders "
                                     f"{sorted(names)} differ from {LANGUAGES[0]!r}'s {sorted(first)} (key {key!r})")
            rows[key] = Row(line, texts, first)
    return rows


def text(key: str, lang: str | None = None, **fields: object) -> str:
    """The text of `key` in a language (default: the process's), its placeholders filled from `fields` (fields it
    has no placeholder for are left unused: a map's source line takes the credits it names from all of them)."""
    path = TEXTS_CSV
    rows = read_texts(path)
    if key not in rows:
        raise TextsError(f"{_where(path, None, 'key', key)}: no row has this key")
    row = rows[key]
    language = resolve(lang)
    missing = row.fields - set(fields)
    if missing:
        raise TextsError(f"{_where(path, row.line, language, row.texts[language])}: no value given for "
                         f"{', '.join(sorted(missing))} (key {key!r})")
    return row.texts[language].format(**fields)


def counted(noun: str, n: int, lang: str | None = None) -> str:
    """A count and its noun, singular or plural by the language's rule: '1 event', '3 events', '0 événement'
    (texts `count.<noun>.one` and `count.<noun>.other`, with the placeholder {n})."""
    return text(f"count.{noun}.{plural(n, lang)}", lang, n=format_number(n, lang=lang))
