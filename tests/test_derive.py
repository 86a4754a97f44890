"""Derived numbers the chapters glue: counts by period, border measures, code order."""

from __future__ import annotations

import pandas as pd
import pytest

from sahelreport import geo
from sahelreport.data.derive import border, codes, counts
from sahelreport.data.load import Dataset


def test_a_year_counted_alone_is_the_difference_of_two_periods(ds: Dataset) -> None:
    relationship = ("mali-algeria",)
    for year in (2012, 2023, 2024):
        alone = counts.count_events(ds, relationship, since=year, until=year)
        assert alone == counts.count_events(ds, relationship, since=year) - counts.count_events(ds, relationship,
                                                                                                  since=year + 1)
        assert alone == int((ds.events[ds.events["relationship"] == "mali-algeria"]["year"] == year).sum())
    before = counts.count_events(ds, relationship, until=2022)
    assert before + counts.count_events(ds, relationship, since=2023) == counts.count_events(ds, relationship)


def test_in_code_order_follows_the_schema_and_puts_unknown_values_last() -> None:
    statuses = codes.code_order("claims", "status")
    assert statuses[:2] == ["corroborated", "contested"]
    assert codes.in_code_order(["zeta", "incorrect", "alpha", "corroborated", "incorrect"], "claims", "status") == \
        ["corroborated", "incorrect", "alpha", "zeta"]


def test_the_generalised_border_is_shorter_by_the_stated_gap() -> None:
    gap = border.border_length_gap_pct()
    assert 0 < gap < 20  # Natural Earth cuts corners that OpenStreetMap follows
    detailed, generalised = geo.border_length_km("openstreetmap"), geo.border_length_km("natural-earth-10m")
    assert generalised == pytest.approx(detailed * (1 - gap / 100))
    assert border.border_length_gap_pct("openstreetmap", "openstreetmap") == 0


def _with_place(ds: Dataset, place_id: str, lat: float) -> Dataset:
    row = ds.places.iloc[[0]].copy()
    row["id"], row["lat"] = place_id, lat
    return ds.replace(places=pd.concat([ds.places, row], ignore_index=True))


def test_the_scale_error_grows_with_the_span_of_latitudes(ds: Dataset) -> None:
    capitals = border.capital_scale_error_pct(ds, ("bamako", "algiers"))
    assert 0 < capitals < 5
    assert border.capital_scale_error_pct(ds, ("algiers", "bamako")) == capitals
    farther = _with_place(ds, "test-far-north", 40.0)
    assert border.capital_scale_error_pct(farther, ("bamako", "algiers", "test-far-north")) > capitals
    on_a_standard_parallel = _with_place(ds, "test-parallel", 12.0)
    assert border.capital_scale_error_pct(on_a_standard_parallel, ("test-parallel",)) < 0.01


def test_an_unknown_place_is_named(ds: Dataset) -> None:
    with pytest.raises(KeyError, match="no place atlantis in data/places.csv"):
        border.capital_scale_error_pct(ds, ("bamako", "atlantis"))


def test_the_azawad_claim_is_most_of_mali() -> None:
    share = border.azawad_share_pct()
    assert 50 < share < 80
    assert share == pytest.approx(100 * geo.azawad_area_km2() / geo.geodesic_area_km2(geo.country_shapes()["MLI"]))
