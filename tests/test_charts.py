"""Charts: they follow the data (counts, bars, labels, phases), never overlap their labels, and are deterministic."""

from __future__ import annotations

import csv
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from sahelreport import __version__
from sahelreport.data.derive import chronology, counts, fatalities, labels, processes
from sahelreport.data.load import Dataset, load_dataset
from sahelreport.figures import chart_base, chart_labels, charts, process_charts, registry

from .conftest import TODAY, with_french
from .drawings import Drawings

NEW_EVENT = {
    "id": "2025-test-added-event", "date": "2025-10-15", "date_precision": "day",
    "title": "A test event added by the chart tests",
    "description": "An event that exists only in the tests, to show that the charts follow the data.",
    "type": "diplomatic", "relationship": "mali-algeria", "actors": "Mali; Algeria", "confidence": "high",
}


pytestmark = pytest.mark.usefixtures("fixed_timestamps")


def add_event(data: Path, **fields: str) -> Dataset:
    """Append one event to the copy's events.csv, as a contributor would, and load the data again."""
    path = data / "events.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, first = list(reader.fieldnames or []), next(reader)
    row = with_french("events.csv", dict.fromkeys(header, "") | NEW_EVENT | {"sources": first["sources"]} | fields)
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=header).writerow(row)
    return load(data)


def load(data: Path) -> Dataset:
    return load_dataset(data, data.parent / "references.bib", TODAY)


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def bar_heights_at(fig: Figure, x: float, ax_index: int = 0) -> float:
    """Sum of the heights of the bars centred at x (stacked bars add up; downward bars count as positive)."""
    ax = fig.axes[ax_index]
    return sum(abs(p.get_height()) for p in ax.patches if abs(p.get_x() + p.get_width() / 2 - x) < 1e-6)


# --- the charts follow the data ----------------------------------------------------------------

def test_one_more_event_changes_the_counts_and_the_bars(project_data: Path) -> None:
    before = load(project_data)
    after = add_event(project_data)
    assert counts.count_events(after) == counts.count_events(before) + 1
    assert counts.count_events(after, ("mali-algeria",), since=2023) == \
        counts.count_events(before, ("mali-algeria",), since=2023) + 1
    summary_before, summary_after = counts.escalation_summary(before), counts.escalation_summary(after)
    assert summary_after["diplomatic"] == summary_before["diplomatic"] + 1
    assert summary_after["events"] == summary_before["events"] + 1
    assert summary_after["military"] == summary_before["military"]

    year_bars = [bar_heights_at(charts.events_per_year_chart(d, ("mali-algeria",), since=2012), 2025)
                 for d in (before, after)]
    assert year_bars[1] == year_bars[0] + 1
    october = chart_base.days(pd.Timestamp("2025-10-15"))  # the escalation chart centres a month's bar on its 15th
    month_bars = [bar_heights_at(charts.escalation_chart(d), october) for d in (before, after)]
    assert month_bars[1] == month_bars[0] + 1
    panel_titles = [texts(charts.events_by_relationship_chart(d)) for d in (before, after)]
    n = counts.count_events(before, ("mali-algeria",))
    assert f"Mali–Algeria ({n} events)" in panel_titles[0] and f"Mali–Algeria ({n + 1} events)" in panel_titles[1]
    plt.close("all")


def test_the_source_line_names_the_version_size_and_date_and_changes_only_with_what_is_drawn(
        project_data: Path) -> None:
    before = load(project_data)
    after = add_event(project_data)
    line = chart_base.chronology_source(after)
    assert f"version {__version__} of {labels.format_date(after.data_as_of, 'day')}" in line
    assert f"{len(after.events)} sourced events" in line
    assert chart_base.chronology_source(before) != line
    events = project_data / "events.csv"
    reworded = pd.read_csv(events, dtype=str, keep_default_na=False)
    reworded.loc[0, "description"] += " Reworded."
    reworded.to_csv(events, index=False)
    assert chronology.chronology_version(load(project_data)) != chronology.chronology_version(after)
    assert chart_base.chronology_source(load(project_data)) == line


def test_milestones_and_turning_points_are_labelled_from_the_data(project_data: Path) -> None:
    before = load(project_data)
    after = add_event(project_data, milestone="A milestone from the data", turning_point="A turning point")
    assert "A milestone from the data" not in texts(charts.timeline_chart(before))
    assert "A milestone from the data" in texts(charts.timeline_chart(after))
    assert "A turning point" in texts(charts.escalation_chart(after))
    assert len(chronology.turning_points(after, 2023)) == len(chronology.turning_points(before, 2023)) + 1
    plt.close("all")


def test_the_process_chart_selects_by_process_and_phase(project_data: Path) -> None:
    before = load(project_data)
    phases = processes.process_phases(before, processes.ACCORD)
    assert list(phases["phase"]) == processes.phase_order()  # every phase of the accord has a dated event
    assert (phases["start"].diff().dropna() >= pd.Timedelta(0)).all()
    after = add_event(project_data, id="2019-test-accord-meeting", date="2019-06-01",
                      process=processes.ACCORD, phase="follow-up")
    follow_up = processes.process_phases(after).set_index("phase").loc["follow-up"]
    assert follow_up["events"] == phases.set_index("phase").loc["follow-up", "events"] + 1
    assert any(t.endswith(f"({follow_up['events']} events)") for t in texts(process_charts.process_chart(after)))
    # A new process needs no code: its slug in the data is enough.
    other = add_event(project_data, id="2025-test-talks", date="2025-03-03", process="test-talks",
                      phase="negotiation")
    assert list(processes.process_phases(other, "test-talks")["phase"]) == ["negotiation"]
    plt.close("all")


def test_fatalities_show_ranges_and_at_least_honestly(project_data: Path) -> None:
    before = load(project_data)
    reports = fatalities.fatality_reports(before)
    assert set(reports["kind"]) <= {"single", "range", "at least"}
    assert (reports["high"] >= reports["low"]).all()
    after = add_event(project_data, type="military", fatalities_low="7",
                      fatalities_as_reported="at least seven, per a test source")
    added = fatalities.fatality_reports(after).set_index("id").loc["2025-test-added-event"]
    assert (added["kind"], added["low"]) == ("at least", 7)
    assert fatalities.fatality_summary(after)["at_least"] == fatalities.fatality_summary(before)["at_least"] + 1
    assert "at least 7" in texts(process_charts.fatalities_chart(after))
    plt.close("all")


def test_escalation_counts_add_up(ds: Dataset) -> None:
    months = counts.monthly_counts(ds)
    summary = counts.escalation_summary(ds)
    undated_to_month = counts.count_events(ds, since=counts.ESCALATION_SINCE) - int(months.to_numpy().sum())
    assert summary["diplomatic"] + summary["military"] + summary["other"] + undated_to_month == summary["events"]
    assert summary["diplomatic"] == counts.count_events(ds, since=counts.ESCALATION_SINCE, types=("diplomatic",))
    assert str(months.index[0]) == f"{counts.ESCALATION_SINCE}-01"


def test_every_chart_draws_from_a_tiny_dataset(dataset_dir: Path) -> None:
    tiny = load_dataset(dataset_dir, dataset_dir.parent / "references.bib", TODAY)
    for name, draw in charts.CHARTS.items():
        fig = draw(tiny)
        assert isinstance(fig, Figure), name
        plt.close(fig)


# --- conventions: source line, no overlapping labels (same bytes every time: tests/test_registry.py) ---------

CHRONOLOGY_CHARTS = [f.name for f in registry.FIGURES if f.kind == "chart" and f.tables == ("events",)]


def test_every_chart_of_the_chronology_is_registered() -> None:
    assert len(CHRONOLOGY_CHARTS) == len(charts.CHARTS)


@pytest.mark.parametrize("name", CHRONOLOGY_CHARTS)
def test_every_chart_carries_the_source_line(name: str, ds: Dataset, drawings: Drawings) -> None:
    source = [" ".join(t.split()) for t in texts(drawings.figure(name)) if t.startswith("Source:")]
    assert source == [f"Source: {chart_base.chronology_source(ds)}"]


@pytest.mark.parametrize("name", CHRONOLOGY_CHARTS)
def test_no_text_overlaps_another_or_leaves_the_figure(name: str, drawings: Drawings,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[tuple[str, object]] = []
    original = Text.draw

    def recording_draw(self: Text, renderer) -> None:  # records exactly the texts that are drawn
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append((self.get_text(), self.get_window_extent(renderer)))

    fig = drawings.figure(name)
    monkeypatch.setattr(Text, "draw", recording_draw)
    fig.canvas.draw()
    frame = fig.bbox
    assert drawn
    outside = [t for t, box in drawn if box.x0 < frame.x0 - 0.5 or box.x1 > frame.x1 + 0.5
               or box.y0 < frame.y0 - 0.5 or box.y1 > frame.y1 + 0.5]
    assert outside == []
    overlaps = [(a, b) for i, (a, box_a) in enumerate(drawn) for b, box_b in drawn[i + 1:]
                if box_a.shrunk(0.999, 0.999).overlaps(box_b)
                and min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0) > 0.5
                and min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0) > 0.5]
    assert overlaps == []


@pytest.mark.parametrize("name", ["fig-timeline", "fig-escalation"])
def test_no_leader_line_crosses_another_label(name: str, drawings: Drawings) -> None:
    fig = drawings.figure(name)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    labels = [t.get_window_extent(renderer) for t in ax.texts]
    leaders = [line for line in ax.lines if line.get_color() == chart_labels.LEADER["color"]]
    assert len(leaders) == len(labels) > 0
    crossings = []
    for line in leaders:
        (x, y0), (_, y1) = ax.transData.transform(line.get_xydata())
        for box in labels:
            if box.x0 + 0.5 < x < box.x1 - 0.5 and min(y0, y1) < box.y1 - 0.5 and max(y0, y1) > box.y0 + 0.5:
                crossings.append((x, box))
    assert crossings == []


# --- label packing -----------------------------------------------------------------------------

def _crossings(slots: list[chart_labels.Slot], gap: float) -> list[tuple[int, int]]:
    bad = []
    for i, a in enumerate(slots):
        for j, b in enumerate(slots):
            if i == j:
                continue
            if i < j and a.row == b.row and a.left < b.right and b.left < a.right:
                bad.append((i, j))  # two labels overlap
            if b.row > a.row and a.left < b.anchor < a.right and abs(b.anchor - a.anchor) > gap:
                bad.append((i, j))  # b's leader crosses label a
    return bad


@pytest.mark.parametrize("anchors", [
    [10, 12, 14, 16, 18, 20],  # a dense cluster
    [0, 50, 100, 150, 200, 290, 292, 295],  # a cluster at the right edge: labels turn left
    [5, 5, 5, 120, 121, 299],  # identical dates
    [0, 30, 60, 90, 240, 250, 260, 270],  # turning one label round breaks a deadlock
])
def test_pack_never_overlaps_labels_or_crosses_leaders(anchors: list[float]) -> None:
    widths = [40 + 7 * (i % 5) for i in range(len(anchors))]
    slots = chart_labels.pack(anchors, widths, 0, 300, gap=4)
    assert [s.anchor for s in slots] == anchors
    assert _crossings(slots, 4) == []
    assert all(s.left >= -0.5 and s.right <= 300.5 for s in slots)


def test_pack_uses_one_row_when_labels_fit() -> None:
    slots = chart_labels.pack([0, 100, 200], [50, 50, 50], 0, 300)
    assert {s.row for s in slots} == {0}


def test_pack_keeps_labels_apart_even_when_leaders_cannot_be() -> None:
    """Evenly crowded anchors across the whole width leave no layout with clear leaders: labels still never overlap."""
    anchors = list(range(0, 300, 7))
    slots = chart_labels.pack(anchors, [40 + 7 * (i % 5) for i in range(len(anchors))], 0, 300, gap=4)
    assert [(i, j) for i, j in _crossings(slots, 4) if slots[i].row == slots[j].row] == []
