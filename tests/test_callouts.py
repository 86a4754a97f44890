"""Callouts are placed by an algorithm: new events at any border-zone place keep the map readable."""

from __future__ import annotations

import dataclasses
import random

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.offsetbox import AnnotationBbox

from sahelreport.data.derive import labels, places
from sahelreport.data.load import Dataset
from sahelreport.figures import callouts, maps, style
from sahelreport.figures.map_checks import figure_texts, label_overlaps


def test_place_avoids_boxes_obstacles_and_points() -> None:
    frame = callouts.Box(0, 0, 400, 300)
    anchors = [(100.0, 150.0), (120.0, 160.0), (300.0, 100.0)]
    sizes = [(120.0, 40.0), (100.0, 60.0), (80.0, 30.0)]
    obstacle = callouts.Box(150, 150, 250, 250)
    offsets = callouts.place(anchors, sizes, [obstacle], frame)
    boxes = [callouts.Box.around(a[0] + o[0], a[1] + o[1], *s) for a, o, s in zip(anchors, offsets, sizes, strict=True)]
    for i, box in enumerate(boxes):
        assert box.inside(frame)
        assert not box.overlaps(obstacle)
        assert not any(box.contains(*a) for a in anchors)
        assert not any(box.overlaps(other) for other in boxes[i + 1:])
    assert callouts.place(anchors, sizes, [obstacle], frame) == offsets  # deterministic


def test_place_names_the_callout_that_cannot_fit() -> None:
    with pytest.raises(callouts.PlacementError, match="callout of Kidal"):
        callouts.place([(50.0, 50.0)], [(500.0, 500.0)], [], callouts.Box(0, 0, 100, 100), ["Kidal"])


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
    return dataclasses.replace(ds, events=events.sort_values(["date", "id"]).reset_index(drop=True))


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
