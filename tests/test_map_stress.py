"""The maps follow the data: more events, places and routes draw with no code edit, readable and collision-free.

The stressed dataset adds a military event at every gazetteer place in the border zone, a seeded random
set of events at places elsewhere in the region, and new places at random points (some in the border
zone, one a national capital). Every map must then draw with nothing overlapping, show every event of
its window and name every new place its rule covers, and give the same bytes twice.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import shapely
from matplotlib.figure import Figure
from matplotlib.offsetbox import AnnotationBbox

from sahelreport import geo
from sahelreport.data.derive import places
from sahelreport.data.load import Dataset
from sahelreport.figures import map_maghreb, map_overview, maps, style
from sahelreport.figures.map_callouts import event_line
from sahelreport.figures.map_checks import figure_texts, label_overlaps

from .drawings import fixed_epoch

SEED = 11
ELSEWHERE_EVENTS = 15
NEW_PLACES_IN_ZONE, NEW_PLACES_ELSEWHERE = 2, 3
KINDS = ("town", "village", "regional-capital")

pytestmark = pytest.mark.usefixtures("fixed_timestamps")


def _random_land_point(rng: random.Random, extent: places.Extent) -> tuple[float, float, str]:
    """A random (lon, lat) on land inside the extent, and the country it lies in."""
    shapes = geo.country_shapes()
    while True:
        lon, lat = rng.uniform(extent[0], extent[2]), rng.uniform(extent[1], extent[3])
        inside = [iso for iso, shape in sorted(shapes.items()) if shape.contains(shapely.Point(lon, lat))]
        if inside:
            return round(lon, 4), round(lat, 4), inside[0]


def _with_places(ds: Dataset, rng: random.Random) -> Dataset:
    rows = []
    extents = [places.BORDER_ZONE] * NEW_PLACES_IN_ZONE + [geo.REGION_BBOX] * (NEW_PLACES_ELSEWHERE + 1)
    for n, extent in enumerate(extents):
        lon, lat, country = _random_land_point(rng, extent)
        kind = "national-capital" if n == len(extents) - 1 else KINDS[n % len(KINDS)]
        rows.append({**ds.places.iloc[0].to_dict(), "id": f"test-place-{n}", "name_en": f"Testville {n}",
                     "name_fr": f"Testville {n}", "other_names": pd.NA, "country": country, "lat": lat, "lon": lon,
                     "kind": kind, "geonames_id": pd.NA})
    grown = pd.concat([ds.places, pd.DataFrame(rows).astype(ds.places.dtypes)], ignore_index=True)
    return ds.replace(places=grown.sort_values("id").reset_index(drop=True))


def _event(ds: Dataset, n: int, place: pd.Series, date: pd.Timestamp) -> dict:
    return {**ds.events.iloc[-1].to_dict(), "id": f"{date.year}-test-{n}", "date": date, "date_precision": "day",
            "year": date.year, "title": f"Test clash {n} near {place['name_en']}", "type": "military",
            "relationship": "mali-armed-groups", "place_id": place["id"], "milestone": pd.NA, "short_label": pd.NA,
            "lat": place["lat"], "lon": place["lon"], "place_name": place["name_en"]}


def _with_events(ds: Dataset, rng: random.Random) -> Dataset:
    zone = places.in_extent(ds.places, places.BORDER_ZONE)
    rows = [_event(ds, n, place, pd.Timestamp(2025, rng.randint(1, 10), rng.randint(1, 28)))
            for n, (_, place) in enumerate(ds.places[zone].iterrows())]
    elsewhere = ds.places[~zone].reset_index(drop=True)
    for k in range(ELSEWHERE_EVENTS):
        place = elsewhere.iloc[rng.randrange(len(elsewhere))]
        rows.append(_event(ds, len(rows) + k, place, pd.Timestamp(rng.randint(2013, 2025), rng.randint(1, 12), 15)))
    events = pd.concat([ds.events, pd.DataFrame(rows).astype(ds.events.dtypes)], ignore_index=True)
    return ds.replace(events=events.sort_values(["date", "id"]).reset_index(drop=True))


@pytest.fixture(scope="module")
def stressed(ds: Dataset) -> Dataset:
    rng = random.Random(SEED)
    return _with_events(_with_places(ds, rng), rng)


@dataclass(frozen=True)
class StressedMap:
    """One map of the stressed dataset: its texts, its overlaps at 100 dpi and at the 72 of SVG and PDF, its SVG."""

    texts: list[str]
    overlaps: list[tuple[str, str]]
    svg: bytes


@pytest.fixture(scope="module")
def drawn(stressed: Dataset) -> dict[str, StressedMap]:
    """Each map of the stressed dataset, drawn once."""
    found = {}
    for name, draw in maps.MAPS.items():
        style.apply()
        fig = draw(stressed)
        svg = _svg(fig)
        overlaps = label_overlaps(fig)
        fig.set_dpi(72)
        overlaps += label_overlaps(fig)
        fig.set_dpi(100)
        found[name] = StressedMap(figure_texts(fig), overlaps, svg)
        plt.close(fig)
    return found


def _svg(fig: Figure) -> bytes:
    out = io.BytesIO()
    with fixed_epoch():
        fig.savefig(out, format="svg")
    return out.getvalue()


@pytest.mark.parametrize("name", list(maps.MAPS))
def test_every_map_draws_with_nothing_overlapping(drawn: dict, name: str) -> None:
    assert drawn[name].overlaps == []


def test_every_border_zone_event_is_drawn_and_no_other(drawn: dict, stressed: Dataset) -> None:
    texts = drawn["border_conflict"].texts
    shown = places.conflict_events(stressed)
    assert len(shown) > len(places.conflict_events(stressed.replace(events=stressed.events[
        ~stressed.events["id"].str.contains("-test-")])))
    assert [e["id"] for _, e in shown.iterrows() if event_line(e) not in texts] == []  # in a callout or the key
    outside = stressed.events[stressed.events["id"].str.contains("-test-") & ~stressed.events["id"].isin(shown["id"])]
    assert len(outside) >= ELSEWHERE_EVENTS
    assert [e["id"] for _, e in outside.iterrows() if event_line(e) in texts] == []


@pytest.mark.parametrize(("name", "rule"), [
    ("regional_overview", lambda p: p["kind"] == "national-capital"),
    ("border_regions", lambda p: True),
    ("azawad_claim", lambda p: p["kind"] in ("national-capital", "regional-capital")),
])
def test_new_places_are_named_where_the_rule_says(drawn: dict, stressed: Dataset, name: str, rule) -> None:
    extent = {"regional_overview": map_overview.OVERVIEW_EXTENT, "border_regions": map_overview.BORDER_REGIONS_EXTENT,
              "azawad_claim": map_overview.AZAWAD_EXTENT}[name]
    new = stressed.places[stressed.places["id"].str.startswith("test-place-")]
    inside = new[places.in_extent(new, extent)]
    expected = [p["name_en"] for _, p in inside.iterrows() if rule(p)]
    texts = " ".join(drawn[name].texts)
    assert [n for n in expected if n not in texts] == []


@pytest.mark.parametrize("name", list(maps.MAPS))
def test_stressed_maps_draw_twice_the_same(drawn: dict[str, StressedMap], stressed: Dataset, name: str) -> None:
    style.apply()
    fig = maps.MAPS[name](stressed)
    plt.close(fig)
    assert _svg(fig) == drawn[name].svg


def test_a_new_route_draws_without_code_edits(ds: Dataset) -> None:
    route = {"id": "test-corridor", "name": "Test road corridor", "name_fr": "Corridor routier d'essai",
             "kind": "road-corridor",
             "status": "under-construction", "stops": "niamey;tamanrasset;algiers", "path": "overland",
             "sources": "arabnews2025atlantic", "note": "A test route."}
    grown = ds.replace(routes=pd.concat([ds.routes, pd.DataFrame([route]).astype(ds.routes.dtypes)],
                                                     ignore_index=True))
    style.apply()
    fig = maps.maghreb_context(grown)
    texts = figure_texts(fig)
    assert map_maghreb.route_label(grown, grown.routes.iloc[-1]) in texts
    assert "Test road corridor: Niamey to Tamanrasset to Algiers" in " ".join(" ".join(texts).split())
    assert "Tamanrasset" in texts  # a stop of the new route is named on the map
    assert label_overlaps(fig) == []
    plt.close(fig)


# --- The overlap check itself fails when something overlaps -------------------------------------------------------

def _overview(ds: Dataset) -> Figure:
    style.apply()
    return maps.regional_overview(ds)


def _on_a_label(fig: Figure) -> None:
    ax = fig.axes[0]
    town = next(t for t in ax.texts if t.get_text() == "Bamako")
    ax.annotate("Bamako again", town.xy, xytext=town.get_position(), textcoords="offset points", fontsize=7.5)


def _on_a_marker(fig: Figure) -> None:
    ax = fig.axes[0]
    ax.text(*next(t for t in ax.texts if t.get_text() == "Niamey").xy, "On the marker", fontsize=7, ha="center")


def _on_the_scale_bar(fig: Figure) -> None:
    fig.axes[0].text(0.95, 0.03, "Under the scale bar", transform=fig.axes[0].transAxes, ha="right", fontsize=7)


def _a_leader_across_a_label(fig: Figure) -> None:
    ax = fig.axes[0]
    algeria = next(t for t in ax.texts if t.get_text() == "ALGERIA")
    x, y = algeria.get_position()
    ax.annotate("Far away", (x - 400_000, y), xytext=(x + 400_000, y), textcoords="data", fontsize=7,
                arrowprops={"arrowstyle": "-"})


def _a_callout_on_an_inset(fig: Figure) -> None:
    ax = fig.axes[0]
    inset = ax.inset_axes((0.02, 0.02, 0.2, 0.2))
    inset.set_axis_off()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    box = AnnotationBbox(plt.matplotlib.offsetbox.TextArea("A callout"), (x0 + 0.1 * (x1 - x0), y0 + 0.1 * (y1 - y0)))
    ax.add_artist(box)


def _a_legend_on_the_source_line(fig: Figure) -> None:
    fig.axes[1].legend(handles=[plt.Line2D([], [], label="x")] * 3, loc="lower left", bbox_to_anchor=(0, 0.03),
                       bbox_transform=fig.transFigure)


@pytest.mark.parametrize("spoil", [_on_a_label, _on_a_marker, _on_the_scale_bar, _a_leader_across_a_label,
                                   _a_callout_on_an_inset, _a_legend_on_the_source_line])
def test_the_overlap_check_fails_on_a_deliberate_overlap(ds: Dataset, spoil) -> None:
    fig = _overview(ds)
    assert label_overlaps(fig) == []
    spoil(fig)
    assert label_overlaps(fig) != []
    plt.close(fig)
