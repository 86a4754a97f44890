"""The book's language: the process's language, numbers and dates in French usage, English text marked in French."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.myst_role import myst_role_plugin

from sahelreport import language
from sahelreport.book.tables import plain_text
from sahelreport.data.derive import labels
from sahelreport.language import LANGUAGE_ENV, NARROW_NBSP, english, format_number


def test_the_language_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(LANGUAGE_ENV, raising=False)
    assert language.current() == "en"
    monkeypatch.setenv(LANGUAGE_ENV, "")
    assert language.current() == "en"
    monkeypatch.setenv(LANGUAGE_ENV, "fr")
    assert language.current() == "fr"
    monkeypatch.setenv(LANGUAGE_ENV, "de")
    with pytest.raises(ValueError, match=r"SAHELREPORT_LANG='de'"):
        language.current()
    with pytest.raises(ValueError, match="'xx'"):
        format_number(1, lang="xx")


@pytest.mark.parametrize(("value", "spec", "en", "fr"), [
    (1234.5, ",", "1,234.5", f"1{NARROW_NBSP}234,5"),
    (1266.2, ",.0f", "1,266", f"1{NARROW_NBSP}266"),
    (823688.4, ",.0f", "823,688", f"823{NARROW_NBSP}688"),
    (7.5, ".1f", "7.5", "7,5"),
    (9.5, "g", "9.5", "9,5"),
    (1000, ",g", "1,000", f"1{NARROW_NBSP}000"),
    (171, "", "171", "171"),
    (-0.25, "", "-0.25", "-0,25"),
])
def test_format_number(value: float, spec: str, en: str, fr: str) -> None:
    assert format_number(value, spec, "en") == en == format(value, spec)
    assert format_number(value, spec, "fr") == fr


def test_format_number_follows_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LANGUAGE_ENV, "fr")
    assert format_number(1234.5, ",") == f"1{NARROW_NBSP}234,5"


def role_content(markdown: str) -> str:
    """What MyST's role syntax gives the {en} role as its content (the text between the fences)."""
    tokens = MarkdownIt("commonmark").use(myst_role_plugin).parseInline(markdown)[0].children or []
    [role] = [t for t in tokens if t.type == "myst_role"]
    assert role.meta["name"] == "en" and "".join(t.content for t in tokens if t is not role) == ""
    return role.content


@pytest.mark.parametrize("data", [
    "Army takes Kidal", "a `code` span", "ends with a backtick`", "`starts with one", "two `` in a row",
    "<b>bold</b> **x** {cite}`key` $x$ | pipe", "Ag Ghaly's \\ backslash",
])
def test_english_marks_data_text_in_french_only(data: str) -> None:
    escaped = plain_text(data)
    assert english(escaped, "en") == escaped
    marked = english(escaped, "fr")
    assert marked.startswith("{en}`")
    assert role_content(marked).strip() == escaped  # the whole escaped text, and nothing else, is the role's content
    assert role_content(marked) == escaped or (escaped.endswith("`") and role_content(marked) == f" {escaped} ")


def test_english_leaves_empty_text_empty() -> None:
    assert english("", "fr") == ""


def test_plural_and_columns() -> None:
    assert [language.plural(n, "en") for n in (0, 1, 2)] == ["other", "one", "other"]
    assert [language.plural(n, "fr") for n in (0, 1, 2)] == ["one", "one", "other"]
    assert language.column("short_label", "fr") == "short_label_fr"
    assert language.column("name_en", "fr") == "name_fr"
    assert language.column("name_en", "en") == "name_en"


@pytest.mark.parametrize(("date", "precision", "long", "en", "fr"), [
    ("2025-01-12", "day", True, "12 January 2025", "12 janvier 2025"),
    ("2025-01-12", "day", False, "12 Jan 2025", "12 janv. 2025"),
    ("2025-01-01", "day", True, "1 January 2025", "1er janvier 2025"),
    ("2024-08-01", "day", False, "1 Aug 2024", "1er août 2024"),
    ("2025-01", "month", True, "January 2025", "janvier 2025"),
    ("2023-02", "month", False, "Feb 2023", "févr. 2023"),
    ("1963", "year", False, "1963", "1963"),
])
def test_dates_in_both_languages(date: str, precision: str, long: bool, en: str, fr: str) -> None:
    assert labels.format_date(date, precision, long=long, lang="en") == en
    assert labels.format_date(date, precision, long=long, lang="fr") == fr


def test_english_month_names_are_those_of_pandas() -> None:
    """The English table gives what the report printed before it had one (pandas' English month names)."""
    for month in range(1, 13):
        stamp = pd.Timestamp(dt.date(2025, month, 1))
        assert labels.MONTHS_LONG["en"][month - 1] == stamp.month_name()
        assert labels.MONTHS["en"][month - 1] == stamp.month_name()[:3]


def test_french_short_labels_never_fall_back_on_the_english_title() -> None:
    fields = {"id": "2026-x", "title": "An English title", "short_label": "", "short_label_fr": "", "milestone_fr": ""}
    event = pd.Series(fields)
    assert labels.short_label(event, lang="en") == "An English title"
    with pytest.raises(ValueError, match="2026-x.*short_label_fr"):
        labels.short_label(event, lang="fr")
    assert labels.short_label(pd.Series(fields | {"milestone_fr": "Jalon"}), lang="fr") == "Jalon"
    assert labels.short_label(pd.Series(fields | {"short_label_fr": "Étiquette", "milestone_fr": "Jalon"}),
                              lang="fr") == "Étiquette"
