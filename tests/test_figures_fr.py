"""No English in a French figure: every registered figure, drawn with SAHELREPORT_LANG=fr, is read text by text.

What a figure says is read twice: its matplotlib Text objects, and the comments the SVG carries for every text
it draws as paths (legends, callouts, the scale bar included). A text leaks English when it holds
- a text of the texts table whose French differs (the literal parts around its placeholders),
- an English data value whose French column differs (an event's short label, milestone or turning point, a
  place's name_en, a group's acronym, a route's name, the party of an account), or
- a common English word (paths of data files, which are code, are left out).
The detector is shown to catch each kind of leak, by breaking a translation and a French data cell.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from sahelreport.data.derive.labels import short_label
from sahelreport.data.load import Dataset
from sahelreport.figures import charts, process_charts, registry, style, texts
from sahelreport.language import LANGUAGE_ENV

from .drawings import render

pytestmark = pytest.mark.usefixtures("fixed_timestamps")
COMMON_WORDS = ("the", "of", "and", "or", "events", "event", "per", "year", "years", "month", "months", "day", "days",
                "boundaries", "border", "by", "with", "from", "since", "inside", "account", "deaths", "reported",
                "share", "chapter", "rated", "known", "shown", "drawn", "regions", "capital", "town", "disputed",
                "claimed", "fighting", "planned", "proposed", "offshore", "published", "dated", "countries",
                "at least", "sources:", "source:")
CODE = re.compile(r"\S*/\S*|\S+\.(?:csv|bib|json)\b|(?:CC )?BY \d\.\d")  # file paths and the licence: code
# (Data) columns with an English and a French version that figures draw: English column, French column.
DATA_PAIRS = {"places": ("name_en", "name_fr"), "groups": ("acronym", "acronym_fr"), "routes": ("name", "name_fr"),
              "stated_locations": ("party", "party_fr"), "events": ("milestone", "milestone_fr")}


def _pattern(fragment: str) -> str:
    start = r"(?<!\w)" if re.match(r"\w", fragment) else ""
    end = r"(?!\w)" if re.search(r"\w$", fragment) else ""
    return start + re.escape(fragment) + end


def _fragments(template: str) -> list[str]:
    """The literal parts of a text around its placeholders that hold a word of three letters or more."""
    parts = re.split(r"\{\w+\}", template)
    return [p.strip() for p in parts if re.search(r"[^\W\d_]{3,}", p)]


def english_only(ds: Dataset, path: Path = texts.TEXTS_CSV) -> set[str]:
    """The English strings a French figure must not hold: texts and data values whose French differs, except the
    words French shares (any that occurs in a French text of the table or a French data value: "Met", "met fin")."""
    rows = texts.read_texts(path)
    french = [row.texts["fr"] for row in rows.values()]
    found = {f for row in rows.values() if row.texts["en"] != row.texts["fr"] for f in _fragments(row.texts["en"])}
    for table, (en, fr) in [*DATA_PAIRS.items(), ("events", ("short_label", "short_label_fr"))]:
        frame = getattr(ds, table)
        found |= {str(a) for a, b in zip(frame[en], frame[fr], strict=True) if pd.notna(a) and a != b}
        french += [str(b) for b in frame[fr] if pd.notna(b)]
    french += [str(b) for b in ds.events["turning_point_fr"] if pd.notna(b)]
    events = ds.events
    found |= {str(a) for a, b in zip(events["turning_point"], events["turning_point_fr"], strict=True)
              if pd.notna(a) and a != b}
    for _, event in events.iterrows():
        english = short_label(event, lang="en")
        if pd.isna(event["short_label_fr"]) or english != event["short_label_fr"]:
            found.add(english)
    shared = " | ".join(french)
    return {f for f in found if not re.search(_pattern(f), shared, re.IGNORECASE)}


@cache
def _detector(strings: frozenset[str]) -> re.Pattern[str]:
    words = sorted({*strings, *COMMON_WORDS}, key=len, reverse=True)
    return re.compile("|".join(_pattern(w) for w in words), re.IGNORECASE)


def leaks(drawn: Iterable[str], strings: set[str]) -> list[tuple[str, str]]:
    """(text, English found in it) for every drawn text that holds English."""
    detector = _detector(frozenset(strings))
    found = []
    for line in drawn:
        words = " ".join(CODE.sub(" ", " ".join(line.split())).split())
        found += [(line, m.group(0)) for m in detector.finditer(words)]
    return found


def figure_texts(fig: Figure) -> list[str]:
    """Every text of the figure: its Text objects, and the comments its SVG writes for the texts drawn as paths."""
    svg = render(fig, "svg").decode("utf-8")
    comments = [html.unescape(c).strip() for c in re.findall(r"<!--(.*?)-->", svg, re.DOTALL)]
    objects = [t.get_text() for t in fig.findobj(Text) if isinstance(t, Text) and t.get_visible()]
    return [t for t in objects + comments if t.strip()]


@pytest.fixture(scope="module")
def english(ds: Dataset) -> set[str]:
    return english_only(ds)


def draw_french(monkeypatch: pytest.MonkeyPatch, draw, *args) -> list[str]:
    monkeypatch.setenv(LANGUAGE_ENV, "fr")
    style.apply()
    fig = draw(*args)
    try:
        return figure_texts(fig)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("name", [f.name for f in registry.FIGURES])
def test_a_french_figure_holds_no_english(name: str, ds: Dataset, english: set[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    figure = registry.registered(name)
    drawn = draw_french(monkeypatch, figure.draw, ds)
    assert leaks(drawn, english) == []
    assert any(t.startswith("Source\u00a0: ") for t in drawn)  # the source line, in French
    if figure.kind == "map":
        assert texts.text("map.disclaimer", "fr") in drawn


def test_the_english_figures_would_be_caught(ds: Dataset, english: set[str], drawings) -> None:
    """The same detector finds English everywhere in the English figures: it reads what it must."""
    for figure in registry.FIGURES:
        assert leaks(figure_texts(drawings.figure(figure.name)), english), figure.name


def test_a_broken_translation_is_caught(ds: Dataset, english: set[str], monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    broken = tmp_path / "texts.csv"
    with texts.TEXTS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with broken.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[k, en, en if k == "axis.year" else fr] for k, en, fr in rows])
    monkeypatch.setattr(texts, "TEXTS_CSV", broken)
    assert ("Year", "Year") in leaks(draw_french(monkeypatch, charts.events_per_year_chart, ds), english)


def test_an_english_data_value_is_caught(ds: Dataset, english: set[str], monkeypatch: pytest.MonkeyPatch) -> None:
    events = ds.events.copy()
    battle = events["id"] == "2024-tinzaouaten-battle"
    events.loc[battle, "short_label_fr"] = events.loc[battle, "short_label"]  # left in English
    found = leaks(draw_french(monkeypatch, process_charts.fatalities_chart, ds.replace(events=events)), english)
    assert {word for _, word in found} == {"Battle of Tinzaouaten"}


def test_common_english_words_are_caught_but_not_paths_or_french() -> None:
    assert [w for _, w in leaks(["Events of the year"], set())] == ["Events", "of", "the", "year"]
    assert leaks(["Source\u00a0: data/events.csv et references.bib, événements par an"], set()) == []
    assert [w for _, w in leaks(["Source: x"], set())] == ["Source:"]


def test_the_language_is_read_at_each_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing the figures cache holds a language: the credits, say, follow the process from one figure to the next."""
    from sahelreport.figures import cartography

    monkeypatch.setenv(LANGUAGE_ENV, "fr")
    assert cartography.credits()["ne"].endswith("(domaine public)")
    monkeypatch.delenv(LANGUAGE_ENV)
    assert cartography.credits()["ne"].endswith("(public domain)")
