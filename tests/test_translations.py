"""The French catalogues: complete, faithful to the English (glued values, citations, cross-references), and
checked by rules that catch a translation that drops or alters what it must keep."""

from __future__ import annotations

import pytest

from sahelreport import paths
from sahelreport.book import catalogues
from sahelreport.book.language_edition import FRENCH
from sahelreport.book.translation import french_number, french_spacing


def test_every_french_message_is_translated() -> None:
    rows = catalogues.report(paths.project(), FRENCH)
    assert {r.page for r in rows} >= {"index", "chapters/border", "chapters/glossary"}
    incomplete = [r for r in rows if r.share < 1.0]
    assert incomplete == []


def test_no_translation_drops_or_alters_a_glued_value_a_citation_or_a_reference() -> None:
    assert [str(p) for p in catalogues.catalogue_problems(paths.project(), FRENCH)] == []


ENGLISH = ("The border is {glue:text}`border_km_osm:,.0f` km long {cite:p}`a2020x,b2021y` "
           "({numref}`fig-overview`); see {doc}`chronology`, `events.csv`, [OSM](https://osm.org) and {term}`AU`.")


@pytest.mark.parametrize(("translation", "expected"), [
    ("La frontière fait {glue:text}`border_km_osm:,.0f` km {cite:p}`a2020x,b2021y` ({numref}`fig-overview`) ; "
     "voir {doc}`la chronologie <chronology>`, `events.csv`, [OSM](https://osm.org) et {term}`UA`.", None),
    ("La frontière fait 1 357 km {cite:p}`a2020x,b2021y` ({numref}`fig-overview`) ; voir {doc}`chronology`, "
     "`events.csv`, [OSM](https://osm.org) et {term}`UA`.", "{glue:text} roles differ"),
    ("La frontière fait {glue:text}`border_km_osm:.0f` km {cite:p}`a2020x,b2021y` ({numref}`fig-overview`) ; "
     "voir {doc}`chronology`, `events.csv`, [OSM](https://osm.org) et {term}`UA`.", "{glue:text} roles differ"),
    ("La frontière fait {glue:text}`border_km_osm:,.0f` km {cite:p}`a2020x` ({numref}`fig-overview`) ; "
     "voir {doc}`chronology`, `events.csv`, [OSM](https://osm.org) et {term}`UA`.", "{cite:p} roles differ"),
    ("La frontière fait {glue:text}`border_km_osm:,.0f` km {cite:p}`a2020x,b2021y` ({numref}`fig-border`) ; "
     "voir {doc}`chronology`, `events.csv`, [OSM](https://osm.org) et {term}`UA`.", "{numref} roles differ"),
    ("La frontière fait {glue:text}`border_km_osm:,.0f` km {cite:p}`a2020x,b2021y` ({numref}`fig-overview`) ; "
     "voir {doc}`chronology`, `evenements.csv`, [OSM](https://osm.org) et {term}`UA`.", "code spans differ"),
    ("La frontière fait {glue:text}`border_km_osm:,.0f` km {cite:p}`a2020x,b2021y` ({numref}`fig-overview`) ; "
     "voir {doc}`chronology`, `events.csv`, [OSM](https://osm.fr) et {term}`UA`.", "link addresses differ"),
    ("La frontière fait {glue:text}`border_km_osm:,.0f` km {cite:p}`a2020x,b2021y` ({numref}`fig-overview`) ; "
     "voir {doc}`chronology`, `events.csv`, [OSM](https://osm.org) et {term}`AU`.", "not in the translated glossary"),
])
def test_problems_name_what_a_translation_altered(translation: str, expected: str | None) -> None:
    found = catalogues.problems(ENGLISH, translation, terms={"UA", "AES"})
    if expected is None:
        assert found == []
    else:
        assert any(expected in p for p in found), found


def test_french_numbers_and_spaces() -> None:
    assert french_number("1,357") == "1\u202f357"
    assert french_number("2.5") == "2,5"
    assert french_number("fig-overview") == "fig-overview"
    assert french_spacing("dit : « non » ; 12 %") == "dit\u00a0: «\u00a0non\u00a0»\u202f; 12\u202f%"
    assert french_spacing("https://x.org/?a=1 et 12:30") == "https://x.org/?a=1 et 12:30"


def test_glossary_terms_in_french_differ_only_where_french_usage_does() -> None:
    where = paths.project()
    english = set(catalogues.glossary_terms(where))
    french = catalogues.translated_terms(where, FRENCH)
    assert {"UA", "CEDEAO", "OUA", "RASD"} <= french
    assert len(french) == len(english)
