"""The sources policy: typed bibliography, banned hosts, confidence rules, claims, groups, the profile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sahelreport.data.load import load_dataset
from sahelreport.data.source_rules import QUANTITY
from sahelreport.data.sources_profile import build_profile, format_profile, profile_frame
from sahelreport.figures.lineage import lineage_chart, lineage_edges, lineage_order
from sahelreport.figures.source_charts import sources_profile_chart

from .conftest import CLAIMS, EVENTS, GROUPS, TODAY, write_csv
from .test_validate import edit_event, problems_for


def edit_bib(data: Path, old: str, new: str) -> None:
    bib = data.parent / "references.bib"
    text = bib.read_text(encoding="utf-8")
    assert old in text
    bib.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_has_no_problem(dataset_dir: Path) -> None:
    assert problems_for(dataset_dir) == []


def test_unknown_kind_names_line_key_and_value(dataset_dir: Path) -> None:
    edit_bib(dataset_dir, "kind = {wire}", "kind = {newswire}")
    assert any(p.startswith("references.bib, line 1, column 'kind', value 'newswire': entry testsource2024: "
                            "unknown source kind") for p in problems_for(dataset_dir)), problems_for(dataset_dir)


def test_missing_kind_and_publisher(dataset_dir: Path) -> None:
    edit_bib(dataset_dir, "  kind = {press},\n  publisher = {Test Daily},\n", "")
    found = problems_for(dataset_dir)
    assert any("column 'kind', value '': entry testpress2024: unknown source kind" in p for p in found), found
    # the publisher falls back to the author, so only the kind is missing
    assert not any("testpress2024: entry has no publisher" in p for p in found)


@pytest.mark.parametrize("url", ["https://mirror.example.net/wiki/Kidal", "https://www.wikizero.com/en/Kidal"])
def test_banned_host_rejected(dataset_dir: Path, url: str) -> None:
    edit_bib(dataset_dir, "https://news.example.org/story", url)
    found = problems_for(dataset_dir)
    assert any(f"column 'url', value '{url}': entry testpress2024: address on a" in p
               and "cite the original work" in p for p in found), found


@pytest.mark.parametrize("url", ["https://en.m.wikipedia.org/wiki/Test", "https://fr.wikipedia-mirror.org/wiki/Test"])
def test_encyclopedia_only_at_canonical_address(dataset_dir: Path, url: str) -> None:
    edit_bib(dataset_dir, "https://en.wikipedia.org/wiki/Test", url)
    assert any("entry testwiki2024: an encyclopedia must be cited at its canonical address" in p
               for p in problems_for(dataset_dir))


def test_encyclopedia_is_reference(dataset_dir: Path) -> None:
    edit_bib(dataset_dir, "kind = {reference}", "kind = {press}")
    assert any("entry testwiki2024: an encyclopedia page is of kind 'reference'" in p for p in problems_for(dataset_dir))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"sources": "testsource2024"}, "'high' needs at least two sources from different publishers"),
        ({"sources": "testwiki2024;testblog2024"}, "'high' needs a source of kind official, wire, press or research"),
        ({"sources": "testwiki2024;testblog2024", "confidence": "low"}, "rests only on reference or opinion sources"),
        ({"sources": "testwiki2024", "confidence": "low",
          "description": "Rebels said 40 soldiers were killed near the town."}, "a number needs a source that is not"),
        ({"sources": "testwiki2024", "confidence": "low", "fatalities_low": "3", "fatalities_as_reported": "3 dead"},
         "a number needs a source that is not"),
    ],
)
def test_event_source_rules(dataset_dir: Path, changes: dict[str, str], expected: str) -> None:
    edit_event(dataset_dir, **changes)
    found = problems_for(dataset_dir)
    assert any(p.startswith("data/events.csv, line 2, column ") and expected in p for p in found), found


def test_high_with_two_publishers_passes(dataset_dir: Path) -> None:
    edit_event(dataset_dir, sources="testsource2024;testwiki2024")  # wire + reference, two publishers
    assert problems_for(dataset_dir) == []


@pytest.mark.parametrize(
    ("text", "has_number"),
    [("Rebels said 40 soldiers were killed.", True), ("a trench 12 km long", True), ("$2 billion", True),
     ("It took 25 per cent of the vote", True), ("On 14 November 2023 the army entered Kidal.", False),
     ("Resolution 2690 ended the mandate in 2023.", False)],
)
def test_quantity_detector(text: str, has_number: bool) -> None:
    assert bool(QUANTITY.search(text)) is has_number


def test_claim_needs_evidence_beyond_its_own_text(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "claims.csv", [{**CLAIMS[0], "sources": "testblog2024"}])
    assert any("data/claims.csv, line 2, column 'sources', value 'testblog2024': the evidence must cite" in p
               for p in problems_for(dataset_dir))


def test_group_links_and_dates(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "groups.csv", [{**GROUPS[0], "successors": "fla;nosuch", "founded": "2011"}, GROUPS[1]])
    found = problems_for(dataset_dir)
    assert "data/groups.csv, line 2, column 'successors', value 'nosuch': no such group in groups.csv" in found
    assert any("line 2, column 'founded', value '2011': date is given to the year but founded_precision" in p
               for p in found), found
    write_csv(dataset_dir / "groups.csv", [{**GROUPS[0], "successors": ""}, GROUPS[1]])
    assert "data/groups.csv, line 2, column 'successors', value '': a group that merged needs successors" in (
        problems_for(dataset_dir))


def test_stated_location_links_and_sources(dataset_dir: Path) -> None:
    from .conftest import STATED
    write_csv(dataset_dir / "stated-locations.csv", [{**STATED[0], "event_id": "2023-nothing", "sources": "testwiki2024",
                                                     "distance_km": "-1"}])
    found = problems_for(dataset_dir)
    assert "data/stated-locations.csv, line 2, column 'event_id', value '2023-nothing': no such event in events.csv" in found
    assert any("column 'sources', value 'testwiki2024': a stated distance needs a source" in p for p in found), found
    assert any("column 'distance_km', value '-1': below the minimum 0" in p for p in found), found


def test_events_after_data_as_of(dataset_dir: Path) -> None:
    package = dataset_dir / "datapackage.json"
    data = json.loads(package.read_text(encoding="utf-8"))
    data["data_as_of"] = "2023-12-31"
    package.write_text(json.dumps(data), encoding="utf-8")
    found = problems_for(dataset_dir)
    assert any("line 3, column 'date', value '2024-01': after the data-as-of date 2023-12-31" in p for p in found), found
    data["data_as_of"] = "2026-13-01"
    package.write_text(json.dumps(data), encoding="utf-8")
    assert any("column 'data_as_of', value '2026-13-01'" in p for p in problems_for(dataset_dir))


def test_profile_counts_kinds(dataset_dir: Path) -> None:
    root = dataset_dir.parent
    (root / "chapters").mkdir()
    (root / "index.md").write_text("# Test\n\nA fact {cite:p}`testwiki2024,testpress2024`.\n", encoding="utf-8")
    edit_event(dataset_dir, sources="testsource2024;testwiki2024")
    profile, rules = build_profile(root)
    frame = profile_frame(profile)
    assert frame.loc["all", "total"] == 4  # wire, press, reference (data and text) and the opinion blog (claim)
    assert frame.loc["chapter: index", "reference"] == 1
    assert frame.loc["events: high", "wire"] == 1
    text = format_profile(profile, rules)
    assert "MISS reference: 25.0% (target <= 5%)" in text
    assert "Rows and entries flagged by a rule: 0" in text
    fig = sources_profile_chart(profile, "test")
    assert len(fig.axes[0].patches) == len(frame) * (len(frame.columns) - 1)


def test_lineage_order_edges_and_chart(dataset_dir: Path) -> None:
    ds = load_dataset(dataset_dir, dataset_dir.parent / "references.bib", TODAY)
    assert lineage_edges(ds.groups) == [("mnla", "fla")]
    assert lineage_order(ds.groups) == ["mnla", "fla"]
    fig = lineage_chart(ds, "test")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == [GROUPS[0]["acronym"], GROUPS[1]["acronym"]]


def test_project_events_meet_the_policy() -> None:
    """The real data: every event and claim passes the rules (the validator would stop the build)."""
    profile, _ = build_profile()
    assert profile.flagged == []
    assert EVENTS  # the fixture is not what is checked here


def test_a_work_may_be_cited_without_an_address(dataset_dir: Path) -> None:
    bib = dataset_dir.parent / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + """
@book{testbook2010,
  title = {{A test book}},
  author = {Author, Test},
  kind = {research},
  publisher = {Test Press},
  year = {2010}
}

@misc{testpage2010,
  title = {{A page without an address}},
  author = {{Somebody}},
  kind = {press},
  publisher = {Somebody},
  year = {2010}
}
""", encoding="utf-8")
    found = problems_for(dataset_dir)
    assert not any("testbook2010" in p for p in found), found
    assert any("column 'url', value '': entry testpage2010: not an http(s) address" in p for p in found), found
