"""Maps: the geometric facts they state, deterministic vector output, and the conventions every map keeps."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import shapely
from matplotlib_scalebar.scalebar import ScaleBar

from sahelreport import geo
from sahelreport.data.derive import labels, places
from sahelreport.data.load import Dataset
from sahelreport.data.validate import validate_all
from sahelreport.figures import cartography, map_overview, maps, style
from sahelreport.figures.map_checks import figure_texts, label_overlaps
from sahelreport.geo import schematic

from .conftest import ROUTES, TODAY, write_csv
from .drawings import Drawings, name_of

FACTBOOK_BORDER_KM = 1359  # CIA World Factbook, Algeria/Mali: land boundaries
SVG_LIMIT_BYTES = 500 * 1024


pytestmark = pytest.mark.usefixtures("fixed_timestamps")


# --- Geometry facts ------------------------------------------------------------------------------------------------

def test_border_length_on_the_openstreetmap_edge_matches_the_factbook() -> None:
    length = geo.border_length_km("openstreetmap")
    assert abs(length - FACTBOOK_BORDER_KM) / FACTBOOK_BORDER_KM <= 0.02, length


def test_natural_earth_line_is_shorter_by_generalisation() -> None:
    gap = 1 - geo.border_length_km("natural-earth-10m") / geo.border_length_km("openstreetmap")
    assert 0.05 < gap < 0.09, gap  # ~7 %: the 1:10m line cuts the corners the OSM line follows


def test_azawad_claim_area_is_the_three_regions() -> None:
    area = geo.azawad_area_km2()
    regions = geo.mali_region_shapes()
    parts = sum(geo.geodesic_area_km2(regions[name]) for name in geo.AZAWAD_REGIONS)
    mali = geo.geodesic_area_km2(geo.country_shapes()["MLI"])
    assert 800_000 < area < 850_000
    assert area == pytest.approx(parts, rel=0.001)  # adjacent regions: the union adds no area and loses none
    assert 0.6 < area / mali < 0.7


def test_the_2016_regions_have_no_polygon_and_their_capitals_lie_in_the_claim(ds: Dataset) -> None:
    assert geo.azawad_regions_missing() == ("Ménaka", "Taoudénit")
    claim = geo.azawad_claim_shape()
    assert map_overview.new_region_capitals(ds) == ["menaka", "taoudenit"]
    for place_id in map_overview.new_region_capitals(ds):
        lat, lon = places.place_latlon(ds, place_id)
        assert claim.contains(shapely.Point(lon, lat)), place_id


def test_every_gazetteer_place_lies_in_its_stated_country(ds: Dataset) -> None:
    problems = {row["id"]: geo.place_in_country(row["country"], float(row["lat"]), float(row["lon"]))
                for _, row in ds.places.iterrows()}
    assert {k: v for k, v in problems.items() if v} == {}


def test_snapped_mali_meets_the_osm_wilayas_without_gap_or_overlap() -> None:
    mali, algeria = geo.mali_snapped_shape(), geo.algeria_osm_shape()
    assert mali.intersection(algeria).area < 1e-6
    along = geo.border_line("openstreetmap").buffer(0.05, cap_style="flat")
    others = shapely.union_all([s for iso, s in geo.country_shapes().items() if iso not in ("MLI", "DZA")])
    gap = along.difference(mali.union(algeria)).difference(others)
    assert gap.area < 0.001 * along.area


# --- The 2025 drone incident ---------------------------------------------------------------------------------------

def test_stated_distances_are_sourced_data(ds: Dataset) -> None:
    accounts = places.stated_accounts(ds)
    assert set(accounts["country"]) == {"DZA", "MLI"}  # one account on each side of the border
    for _, account in accounts.iterrows():
        assert f"{float(account['distance_km']):g} km" in account["note"]
        assert account["sources"]


def test_drone_points_are_on_each_side_at_the_stated_distance(ds: Dataset) -> None:
    points = places.drone_points(ds)
    algeria = geo.algeria_osm_shape()
    accounts = places.stated_accounts(ds).set_index("id")
    for account_id, (lat, lon) in points.items():
        stated = float(accounts.loc[account_id, "distance_km"])
        assert geo.distance_to_border_km(lat, lon) == pytest.approx(stated, rel=0.15), account_id
        inside_algeria = algeria.contains(shapely.Point(lon, lat))
        assert inside_algeria is (accounts.loc[account_id, "country"] == "DZA"), account_id


def test_point_across_border_rejects_an_unknown_side() -> None:
    with pytest.raises(ValueError, match="side"):
        geo.point_across_border(19.95, 2.97, 1.0, "NER")


# --- Events and schematic routes -----------------------------------------------------------------------------------

def test_conflict_events_are_recent_located_and_include_the_drone(ds: Dataset) -> None:
    events = places.conflict_events(ds)
    assert set(places.stated_accounts(ds)["event_id"]) <= set(events["id"])  # the disputed incident is drawn
    assert (events["year"] >= places.CONFLICT_SINCE).all()
    assert set(events["place_id"]) <= set(ds.places["id"])  # each is drawn at a gazetteer place


@pytest.mark.parametrize(("date", "precision", "expected"), [
    ("2024-07-25", "day", "25 Jul 2024"), ("2024-07-01", "month", "Jul 2024"), ("2024-01-01", "year", "2024"),
])
def test_event_date_label_follows_the_precision(date: str, precision: str, expected: str) -> None:
    assert labels.event_date_label(pd.Series({"date": pd.Timestamp(date), "date_precision": precision})) == expected


def _route(ds: Dataset, route_id: str) -> pd.Series:
    return ds.routes.set_index("id").loc[route_id].rename(route_id)


def test_trans_saharan_schematic_crosses_exactly_nigeria_niger_algeria(ds: Dataset) -> None:
    route = _route(ds, "tsgp")
    [line] = schematic.route_parts(str(route["path"]), places.route_stops(ds, route))
    crossed = {iso for iso, shape in geo.country_shapes().items() if shape.intersects(line)}
    assert crossed == {"NGA", "NER", "DZA"}


def test_nigeria_morocco_schematic_runs_offshore_from_warri_to_tangier(ds: Dataset) -> None:
    route = _route(ds, "nmgp")
    stops = places.route_stops(ds, route)
    [line] = [cartography.to_map(g) for g in schematic.route_parts(str(route["path"]), stops)]
    start, end = (shapely.Point(cartography.xy(*stop)) for stop in (stops[0], stops[-1]))
    ends = shapely.MultiPoint([line.coords[0], line.coords[-1]])
    assert ends.distance(start) < 150_000 and ends.distance(end) < 150_000
    land = shapely.union_all([g for iso, g in cartography.layer("countries") if iso in schematic.AFRICAN_COUNTRIES])
    assert line.distance(land) > 0.5 * schematic.OFFSHORE_KM * 1000
    assert line.bounds[0] < cartography.xy(-17.0, 14.7)[0]  # it goes round Dakar, along the Atlantic


def test_converging_route_joins_every_stop_to_the_last(ds: Dataset) -> None:
    route = _route(ds, "atlantic")
    stops = places.route_stops(ds, route)
    arcs = schematic.route_parts("converging", stops)
    assert len(arcs) == len(stops) - 1
    for arc, stop in zip(arcs, stops, strict=False):
        assert arc.coords[0] == pytest.approx(stop) and arc.coords[-1] == pytest.approx(stops[-1])


def test_a_route_needs_two_stops_and_a_known_path() -> None:
    with pytest.raises(ValueError, match="two stops"):
        schematic.route_parts("overland", [(0.0, 10.0)])
    with pytest.raises(ValueError, match="path"):
        schematic.route_parts("tunnel", [(0.0, 10.0), (1.0, 11.0)])


# --- Every map -----------------------------------------------------------------------------------------------------

MAP_FIGURES = {name: name_of(draw) for name, draw in maps.MAPS.items()}  # maps.MAPS name -> registry name


def test_the_report_has_five_maps() -> None:
    assert list(maps.MAPS) == ["regional_overview", "border_regions", "azawad_claim", "border_conflict",
                               "maghreb_context"]


@pytest.mark.parametrize("name", list(maps.MAPS))
def test_svg_is_light_and_pdf_is_vector(name: str, drawings: Drawings) -> None:
    assert len(drawings.bytes(MAP_FIGURES[name], "svg")) <= SVG_LIMIT_BYTES
    assert b"/Subtype /Image" not in drawings.bytes(MAP_FIGURES[name], "pdf")


@pytest.mark.parametrize("name", list(maps.MAPS))
def test_every_map_carries_source_line_disclaimer_and_projection(name: str, drawings: Drawings) -> None:
    fig = drawings.figure(MAP_FIGURES[name])
    texts = figure_texts(fig)
    map_axes = [ax for ax in fig.axes if ax.axison]
    assert map_axes and all(any(isinstance(a, ScaleBar) for a in ax.artists) for ax in map_axes)
    source = [" ".join(t.split()) for t in texts if t.startswith("Source:")]  # as one line, unwrapped
    assert len(source) == 1
    assert style.DISCLAIMER in source[0]
    assert "Albers equal" in source[0] and "Natural Earth" in source[0]


@pytest.mark.parametrize("name", list(maps.MAPS))
def test_labels_do_not_collide_at_any_output_resolution(name: str, drawings: Drawings) -> None:
    fig = drawings.figure(MAP_FIGURES[name])  # placed at the figure's 100 dpi; drawn at 72 (SVG, PDF), 150, 300 (PNG)
    placed_at = fig.dpi
    overlaps = {}
    try:
        for dpi in (100, 72, 150, 300):
            fig.set_dpi(dpi)
            overlaps[dpi] = label_overlaps(fig)
    finally:
        fig.set_dpi(placed_at)
    assert overlaps == {dpi: [] for dpi in overlaps}


# --- The routes file -----------------------------------------------------------------------------------------------

def test_routes_name_known_places_and_sources(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "routes.csv", [
        ROUTES[0],
        {**ROUTES[0], "id": "test-nowhere", "stops": "kidal;atlantis", "sources": "nosuchkey2024"},
        {**ROUTES[0], "id": "test-loop", "stops": "kidal;kidal"},
        {**ROUTES[0], "id": "test-short", "stops": "kidal", "path": "tunnel"},
    ])
    _, _, problems = validate_all(dataset_dir, dataset_dir.parent / "references.bib", today=TODAY)
    found = {str(p) for p in problems}
    assert found == {
        "data/routes.csv, line 3, column 'stops', value 'atlantis': no such place in places.csv",
        "data/routes.csv, line 3, column 'sources', value 'nosuchkey2024': no such key in references.bib",
        "data/routes.csv, line 4, column 'stops', value 'kidal': the same stop twice in a row",
        "data/routes.csv, line 4, column 'stops', value 'kidal;kidal': a route joins at least two different places",
        "data/routes.csv, line 5, column 'stops', value 'kidal': does not match the pattern ^[a-z0-9-]+(;[a-z0-9-]+)+$",
        "data/routes.csv, line 5, column 'path', value 'tunnel': must be one of: overland, offshore, converging",
    }
