"""Charts under load: rows a contributor might add (many events in one month, events at every place of the
gazetteer, more claims, more armed groups) are drawn without a code edit and stay readable at A4 width.

The rows go into a copy of the data files, as a contributor would write them, and are validated on loading.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from sahelreport import paths
from sahelreport.data.derive import codes, counts, fatalities, groups
from sahelreport.data.derive.chronology import milestones, turning_points
from sahelreport.data.load import Dataset, load_dataset
from sahelreport.figures import charts, lineage, registry

from .conftest import TODAY, with_french

pytestmark = pytest.mark.usefixtures("fixed_timestamps")

A4_PAGE_TEXT_HEIGHT_IN = 9.7  # A4 (11.7 in) less the PDF's top and bottom margins: no figure may be taller
BUSY_MONTH = "2025-06"
BUSY_EVENTS = 30
TYPE_WEIGHTS = {"diplomatic": 4, "military": 3, "political": 1, "agreement": 1, "economic": 1, "legal": 1}


# --- writing rows into a copy of the data, as a contributor would ------------------------------

def append_rows(data: Path, file: str, rows: list[dict[str, str]]) -> None:
    """Append rows to one CSV of the copy (missing columns empty; sources copied from the file's first row)."""
    path = data / file
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, first = list(reader.fieldnames or []), next(reader)
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writerows(with_french(file, dict.fromkeys(header, "") | {"sources": first["sources"]} | row) for row in rows)


def load(data: Path) -> Dataset:
    return load_dataset(data, data.parent / "references.bib", TODAY)


def event_row(n: int, date: pd.Timestamp, rng: random.Random, **fields: str) -> dict[str, str]:
    """A valid event of a seeded random type and relationship."""
    event_type = rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
    return {"id": f"{date.year}-stress-test-{n}", "date": date.strftime("%Y-%m-%d"), "date_precision": "day",
            "title": f"Stress-test event {n}", "type": event_type,
            "description": f"An event that exists only in the chart stress tests (number {n}).",
            "relationship": rng.choice(codes.code_order("events", "relationship")), "actors": "Mali; Algeria",
            "confidence": "high"} | fields


def busy_month(rng: random.Random) -> list[dict[str, str]]:
    """BUSY_EVENTS events in one month, four of them turning points (one on the same day as another)."""
    start = pd.Timestamp(f"{BUSY_MONTH}-01")
    rows = [event_row(n, start + pd.Timedelta(days=rng.randint(0, 29)), rng) for n in range(BUSY_EVENTS)]
    for n, label in enumerate(["Stress turning point A", "Stress point B", "A longer stress turning pt C",
                               "Stress D"]):
        rows[n]["turning_point"] = label
    rows[1]["date"] = rows[0]["date"]
    return rows


# --- measuring what is drawn --------------------------------------------------------------------

def drawn_texts(fig: Figure) -> list[tuple[str, Bbox]]:
    """Every non-empty text a full draw of the figure draws, with its extent in display pixels."""
    drawn: list[tuple[str, Bbox]] = []
    original = Text.draw

    def recording_draw(self: Text, renderer) -> None:  # records exactly the texts that are drawn
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append((self.get_text(), self.get_window_extent(renderer)))

    with mock.patch.object(Text, "draw", recording_draw):
        fig.canvas.draw()
    return drawn


def text_problems(fig: Figure) -> list[str]:
    """Texts that overlap another text (by more than half a pixel each way) or stick out of the figure."""
    drawn = drawn_texts(fig)
    frame = fig.bbox
    problems = [f"{t!r} leaves the figure" for t, box in drawn if box.x0 < frame.x0 - 0.5 or box.x1 > frame.x1 + 0.5
                or box.y0 < frame.y0 - 0.5 or box.y1 > frame.y1 + 0.5]
    for i, (a, box_a) in enumerate(drawn):
        for b, box_b in drawn[i + 1:]:
            if (min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0) > 0.5
                    and min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0) > 0.5):
                problems.append(f"{a!r} overlaps {b!r}")
    return problems


def bars(fig: Figure) -> list[Rectangle]:
    return [p for p in fig.axes[0].patches if isinstance(p, Rectangle) and p.get_width() > 0]


# --- (a) thirty more events in one month ---------------------------------------------------------

@pytest.fixture
def busy(project_data: Path) -> Iterator[tuple[Dataset, Dataset]]:
    before = load(project_data)
    append_rows(project_data, "events.csv", busy_month(random.Random(2025)))
    yield before, load(project_data)
    plt.close("all")


def test_a_busy_month_is_counted(busy: tuple[Dataset, Dataset]) -> None:
    before, after = busy
    month = pd.Period(BUSY_MONTH, "M")
    added = counts.monthly_counts(after).loc[month] - counts.monthly_counts(before).loc[month]
    assert int(added.sum()) == BUSY_EVENTS
    assert counts.escalation_summary(after)["turning_points"] == counts.escalation_summary(before)["turning_points"] + 4


def test_the_escalation_chart_stays_readable_with_a_busy_month(busy: tuple[Dataset, Dataset]) -> None:
    before, after = busy
    months = counts.monthly_counts(after)
    fig = charts.escalation_chart(after)
    ax = fig.axes[0]
    # The y axis holds the new maximum, up and down, and its tick labels stay apart.
    low, high = ax.get_ylim()
    assert high >= months["diplomatic"].max() and -low >= months["military"].max()
    assert text_problems(fig) == []
    # No bar overlaps another bar on the same side of the axis, and each month's bars are as tall as its counts.
    for side in (1, -1):
        mine = sorted((p for p in bars(fig) if p.get_height() * side > 0), key=lambda p: p.get_x())
        assert all(a.get_x() + a.get_width() <= b.get_x() for a, b in zip(mine, mine[1:], strict=False))
    assert max(p.get_height() for p in bars(fig)) == months["diplomatic"].max()
    assert -min(p.get_height() for p in bars(fig)) == months["military"].max()
    # Every turning point is labelled, the new ones included.
    labels = [t for t, _ in drawn_texts(fig)]
    assert all(str(p) in labels for p in turning_points(after, counts.ESCALATION_SINCE)["turning_point"])
    # It grew to hold the busy month, but fits an A4 page with room for its caption.
    height = fig.get_figheight()
    assert charts.escalation_chart(before).get_figheight() <= height <= A4_PAGE_TEXT_HEIGHT_IN / 2


# --- (b) events at every place, more claims and more armed groups --------------------------------

def everywhere(ds: Dataset, rng: random.Random) -> list[dict[str, str]]:
    """One event at every place of the gazetteer, on a seeded date since 1960; some marked as milestones,
    some with a death toll (a figure, a range or an open-ended 'at least')."""
    rows = []
    for n, place in enumerate(ds.places["id"]):
        date = pd.Timestamp(rng.randint(1960, 2025), rng.randint(1, 12), rng.randint(1, 28))
        row = event_row(n, date, rng, id=f"{date.year}-stress-place-{n}", place_id=str(place),
                        title=f"Stress-test event at {place}")
        if n % 5 == 0:
            row["milestone"] = f"Stress milestone {n}"
        if n % 4 == 1:
            low = rng.randint(1, 400)
            row |= {"type": "military", "fatalities_low": str(low),
                    "fatalities_high": rng.choice(["", str(low), str(low + rng.randint(1, 50))]),
                    "fatalities_as_reported": "a figure in a test source"}
        rows.append(row)
    return rows


NEW_GROUPS = [  # a splinter of an existing group, a coalition of two, and an old movement with a successor
    {"id": "stress-splinter", "acronym": "MSTR", "name_en": "Stress-test splinter movement", "kind": "rebel-movement",
     "founded": "2016-05-01", "founded_precision": "day", "parents": "mnla"},
    {"id": "stress-coalition", "acronym": "CSTR", "name_en": "Stress-test coalition", "kind": "coalition",
     "founded": "2019-02", "founded_precision": "month", "parents": "stress-splinter;gatia"},
    {"id": "stress-old-front", "acronym": "FSTR", "name_en": "Stress-test front of the 1990s", "kind": "rebel-movement",
     "founded": "1990-06", "founded_precision": "month", "ended": "1996-03-27", "ended_precision": "day",
     "ended_how": "dissolved", "successors": "stress-splinter"},
]


def new_claims(ds: Dataset) -> list[dict[str, str]]:
    """One claim of every status, with free ids, quoting the chronology's first event."""
    taken = set(ds.claims["id"])
    ids = [f"C{n:02d}" for n in range(100) if f"C{n:02d}" not in taken]
    first = ds.claims.iloc[0]
    return [{"id": ids[-1 - n], "claim": f"A stress-test claim, of status {status}.", "claimant": "Stress test",
             "claim_date": "2025-05", "made_in": str(first["made_in"]), "evidence": "Evidence in a test source.",
             "status": status, "event_ids": str(ds.events.iloc[0]["id"])}
            for n, status in enumerate(codes.code_order("claims", "status"))]


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, Dataset]:
    """The project's data, and the same with the rows above added."""
    data = tmp_path_factory.mktemp("crowded") / "data"
    data.mkdir()
    shutil.copy(paths.project().datapackage, data / "datapackage.json")
    for resource in json.loads(paths.project().datapackage.read_text(encoding="utf-8"))["resources"]:
        shutil.copy(paths.project().data / resource["path"], data / resource["path"])
    shutil.copy(paths.project().bibliography, data.parent / "references.bib")
    before = load(data)
    append_rows(data, "events.csv", everywhere(before, random.Random(41)))
    append_rows(data, "groups.csv", NEW_GROUPS)
    append_rows(data, "claims.csv", new_claims(before))
    return before, load(data)


CHARTS = [f.name for f in registry.FIGURES if f.kind == "chart" and f.first_argument is registry.the_dataset]


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_draws_the_crowded_data_readably(name: str, crowded: tuple[Dataset, Dataset]) -> None:
    _, after = crowded
    fig = registry.registered(name).draw(after)
    assert text_problems(fig) == []
    assert fig.get_figheight() <= A4_PAGE_TEXT_HEIGHT_IN
    plt.close(fig)


def test_the_added_rows_appear_without_a_code_edit(crowded: tuple[Dataset, Dataset]) -> None:
    before, after = crowded
    places = before.places["id"]
    assert set(places) <= set(after.events["place_id"].dropna())
    assert counts.count_events(after) == counts.count_events(before) + len(places)
    timeline = [t for t, _ in drawn_texts(charts.timeline_chart(after))]
    assert all(str(m) in timeline for m in milestones(after)["milestone"])
    tolls = [t for t, _ in drawn_texts(registry.registered("fig-fatalities").draw(after))]
    assert all(label in tolls for label in fatalities.fatality_reports(after)["label"])
    added = {s: n - counts.claims_by_status(before)[s] for s, n in counts.claims_by_status(after).items()}
    assert added == dict.fromkeys(codes.code_order("claims", "status"), 1)
    assert counts.dataset_counts(after)["n_claims"] == len(before.claims) + len(added)
    plt.close("all")


def _arrows(fig: Figure) -> list[tuple[float, float]]:
    """The lineage chart's arrows as (start y, end y) in data units (rows)."""
    return [(a.xyann[1], a.xy[1]) for a in fig.axes[0].texts if getattr(a, "arrow_patch", None) is not None]


def test_new_armed_groups_appear_in_the_lineage_with_their_links(crowded: tuple[Dataset, Dataset]) -> None:
    before, after = crowded
    fig = lineage.lineage_chart(after)
    rows = groups.lineage_order(after.groups)
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks == [str(after.groups.set_index("id").loc[g, "acronym"]) for g in rows]
    assert {"MSTR", "CSTR", "FSTR"} <= set(ticks)
    new_edges = set(groups.lineage_edges(after.groups)) - set(groups.lineage_edges(before.groups))
    assert new_edges == {("mnla", "stress-splinter"), ("stress-splinter", "stress-coalition"),
                         ("gatia", "stress-coalition"), ("stress-old-front", "stress-splinter")}
    drawn = _arrows(fig)
    assert len(drawn) == len(groups.lineage_edges(after.groups))
    for source, target in new_edges:
        assert (rows.index(source), rows.index(target)) in drawn
    assert text_problems(fig) == []
    years = sorted((box for text, box in drawn_texts(fig) if text.isdigit()), key=lambda box: box.x0)
    assert len(years) >= 3
    assert min(b.x0 - a.x1 for a, b in zip(years, years[1:], strict=False)) >= years[0].height  # year labels apart
    plt.close(fig)

