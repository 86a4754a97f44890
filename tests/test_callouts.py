"""Callouts are placed by an algorithm: new events at any border-zone place keep the map readable."""

from __future__ import annotations

import random

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.offsetbox import AnnotationBbox

from sahelreport.data.derive import labels, places
from sahelreport.data.load import Dataset
from sahelreport.figures import callouts, maps, style
from sahelreport.figures.map_checks import figure_texts, label_overlaps


def _ring_request(name: str, anchor: tuple[float, float], size: tuple[float, float], rank: int = 0) -> callouts.Request:
    spots = [callouts.Spot(callouts.Box.around(anchor[0] + dx, anchor[1] + dy, *size), leader=True)
             for dx, dy in callouts.ring_offsets()]
    frame = callouts.Box(0, 0, 400, 300)
    return callouts.Request(name, anchor, [s for s in spots if s.box.inside(frame)], rank=rank, size=size)


def test_place_keeps_labels_apart_and_off_every_marked_point() -> None:
    requests = [_ring_request("a", (100.0, 150.0), (120.0, 40.0)), _ring_request("b", (120.0, 160.0), (100.0, 60.0)),
                _ring_request("c", (300.0, 100.0), (80.0, 30.0))]
    spots = callouts.place(requests)
    boxes = [s.box for s in spots if s is not None]
    assert len(boxes) == 3
    for i, box in enumerate(boxes):
        assert not any(box.contains(*r.anchor) for r in requests)
        assert not any(box.padded(callouts.GAP_PX).overlaps(other) for other in boxes[i + 1:])
    for spot, request in zip(spots, requests, strict=True):  # no leader line crosses another label
        assert not any(callouts.segment_crosses(other.box, *spot.leader_line(request.anchor))
                       for other in spots if other is not spot)
    assert callouts.place(requests) == spots  # deterministic


def test_place_prefers_the_first_free_spot_and_ranks_decide_who_chooses_first() -> None:
    box = callouts.Box.around(50, 50, 20, 10)
    first = callouts.Request("first", (0.0, 0.0), [callouts.Spot(box)], rank=1, marks_anchor=False)
    second = callouts.Request("second", (100.0, 100.0), [callouts.Spot(box), callouts.Spot(box.padded(-1).padded(1)),
                                                         callouts.Spot(callouts.Box.around(150, 150, 20, 10))],
                              rank=2, marks_anchor=False)
    assert callouts.place([second, first]) == [callouts.Spot(callouts.Box.around(150, 150, 20, 10)),
                                                callouts.Spot(box)]


def test_an_optional_label_that_fits_nowhere_is_left_out() -> None:
    box = callouts.Box.around(50, 50, 20, 10)
    required = callouts.Request("town", (0.0, 0.0), [callouts.Spot(box)])
    optional = callouts.Request("region", (50.0, 50.0), [callouts.Spot(box)], required=False, marks_anchor=False)
    assert callouts.place([required, optional]) == [callouts.Spot(box), None]


def test_place_names_the_callout_that_cannot_fit() -> None:
    with pytest.raises(callouts.PlacementError, match="label of Kidal"):
        callouts.place([callouts.Request("Kidal", (50.0, 50.0), [])])


def test_edge_toward_is_where_a_leader_from_the_centre_leaves_the_box() -> None:
    box = callouts.Box(0, 0, 20, 10)
    assert box.edge_toward(40, 5) == (20, 5)
    assert box.edge_toward(10, -20) == (10, 0)


def test_segment_crossing() -> None:
    box = callouts.Box(10, 10, 20, 20)
    assert callouts.segment_crosses(box, (0, 15), (30, 15))
    assert not callouts.segment_crosses(box, (0, 0), (5, 30))


def _with_events(ds: Dataset, rows: list[dict]) -> Dataset:
    template = ds.events.iloc[-1]
    extra = []
    for row in rows:
        event = template.copy()
        for key, value in row.items():
            event[key] = value
        extra.append(event)
    events = pd.concat([ds.events, pd.DataFrame(extra)], ignore_index=True)
    return ds.replace(events=events.sort_values(["date", "id"]).reset_index(drop=True))


def _border_zone_places(ds: Dataset) -> pd.DataFrame:
    inside = places.in_extent(ds.places, places.BORDER_ZONE)
    return ds.places[inside & ds.places["country"].isin(["MLI", "DZA"])]


def _synthetic(ds: Dataset, place_ids: list[str], seed: int) -> list[dict]:
    rng = random.Random(seed)
    located = ds.places.set_index("id")
    rows = []
    for n, place_id in enumerate(place_ids):
        date = pd.Timestamp(2025, rng.randint(1, 10), rng.randint(1, 28))
        rows.append({"id": f"{date.year}-test-{n}", "date": date, "date_precision": "day", "year": date.year,
                     "title": f"Test clash {n} near {located.loc[place_id, 'name_en']}", "type": "military",
                     "relationship": "mali-armed-groups", "place_id": place_id, "milestone": pd.NA,
                     "lat": located.loc[place_id, "lat"], "lon": located.loc[place_id, "lon"],
                     "place_name": located.loc[place_id, "name_en"]})
    return rows


def _callout_count(fig: plt.Figure) -> int:
    return sum(isinstance(a, AnnotationBbox) for a in fig.axes[0].artists)


@pytest.mark.parametrize("seed", [1, 2])
def test_events_at_every_border_zone_place_draw_without_overlap(ds: Dataset, seed: int) -> None:
    zone = list(_border_zone_places(ds)["id"])
    rng = random.Random(seed)
    ids = [*["tessalit", "aguelhok"], *rng.sample(zone, k=min(4, len(zone)))]
    grown = _with_events(ds, _synthetic(ds, [p for p in ids if p in zone], seed))
    style.apply()
    fig = maps.border_conflict(grown)
    assert label_overlaps(fig) == []
    events = places.conflict_events(grown)
    assert _callout_count(fig) == events["place_id"].nunique()  # every place with events is marked
    texts = " ".join(figure_texts(fig))
    missing = [e["id"] for _, e in events.iterrows() if labels.short_label(e) not in texts]
    assert missing == []  # every event is listed, beside the map or in its key
    plt.close(fig)
