"""Generated tables: data text always shows literally, every event and field is listed, downloads are exact."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from docutils.core import publish_string
from markdown_it import MarkdownIt
from myst_parser.parsers.docutils_ import Parser as MystParser

from sahelreport import paths
from sahelreport.book import tables
from sahelreport.data.derive import counts, labels
from sahelreport.data.load import Dataset, load_dataset
from sahelreport.data.schema import load_schema

from .conftest import CLAIMS, EVENTS, TODAY, write_csv

INJECTION = "<script>alert(1)</script> **bold** [link](http://evil.example)"
# More markup a data cell must not trigger: HTML, entities, math, roles, substitutions, autolinks, a cell separator.
EXTRA = r"<img src=x onerror=alert(1)> &amp; $x^2$ {cite}`evil2024` {{ name }} <http://evil.example> a | b \| c \ "


def render(markdown: str) -> str:
    """HTML from CommonMark with GitHub tables, as the brief's reference renderer."""
    return MarkdownIt("commonmark").enable("table").render(markdown)


def render_myst(markdown: str) -> str:
    """The HTML body from the MyST parser with the book's extensions (unknown roles such as {cite:p} become errors)."""
    settings = {
        "myst_enable_extensions": ["colon_fence", "dollarmath", "deflist", "substitution", "attrs_inline"],
        "report_level": 5,
        "halt_level": 5,
        "output_encoding": "unicode",
    }
    html = publish_string(markdown, parser=MystParser(), writer_name="html5", settings_overrides=settings)
    return html.split("<body>", 1)[1]


def escape_html(text: str) -> str:
    """Text as markdown-it writes it into HTML."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def body_rows(html: str) -> list[list[str]]:
    """The cells of each body row of the first table, as HTML."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r"<td>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def load(data: Path) -> Dataset:
    return load_dataset(data, data.parent / "references.bib", TODAY)


@pytest.fixture
def ds(dataset_dir: Path) -> Dataset:
    return load(dataset_dir)


@pytest.fixture
def hostile(dataset_dir: Path) -> Dataset:
    """The test dataset with markup in every free-text column of the first event and of the claim."""
    event = {
        **EVENTS[0],
        "title": "<b>Army</b> | takes *Kidal*",
        "description": INJECTION,
        "dispute_note": "[x](javascript:alert(1)) " + EXTRA,
        "fatalities_low": "3",
        "fatalities_as_reported": "<em>three</em> killed",
    }
    write_csv(dataset_dir / "events.csv", [event, EVENTS[1]])
    write_csv(dataset_dir / "claims.csv", [{**CLAIMS[0], "claim": INJECTION, "evidence": EXTRA,
                                            "claimant": "<i>Blog</i>"}])
    return load(dataset_dir)


# --- plain_text -------------------------------------------------------------------------------

def test_plain_text_renders_literally() -> None:
    for value in (INJECTION, EXTRA):
        html = render(tables.plain_text(value))
        assert "<script" not in html and "<strong>" not in html and "<a " not in html and "<img" not in html
        assert "<code>" not in html and "<em>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold** [link](http://evil.example)" in render(
        tables.plain_text(INJECTION))


@pytest.mark.parametrize("value", [None, pd.NA, float("nan"), "", "   "])
def test_plain_text_empty(value: object) -> None:
    assert tables.plain_text(value) == ""


def test_plain_text_keeps_one_line() -> None:
    assert tables.plain_text("a\nb\r\n\tc\x00d") == "a b cd"
    assert "\n" not in tables.plain_text("# heading\n- item\n\n> quote")


def test_plain_text_through_myst() -> None:
    html = render_myst(tables.plain_text(INJECTION + " " + EXTRA))
    for tag in ("<script", "<strong>", "<a ", "<img", "<em>", 'class="formula"', "<code", "problematic"):
        assert tag not in html, tag
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold** [link](http://evil.example)" in html
    assert "$x^2$ {cite}`evil2024` {{ name }}" in html


# --- chronology -------------------------------------------------------------------------------

def test_chronology_injection_shows_literally(hostile: Dataset) -> None:
    markdown = tables.chronology_markdown(hostile)
    html = render(markdown)
    assert "<script" not in html and "<strong>" not in html and "<a " not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold** [link](http://evil.example)" in html
    rows = body_rows(html)
    assert [len(row) for row in rows] == [5, 5]  # the '|' in the title and the note made no extra cells
    assert rows[0][1] == "&lt;b&gt;Army&lt;/b&gt; | takes *Kidal*"
    assert "&lt;em&gt;three&lt;/em&gt; killed (coded as at least 3 deaths)." in rows[0][2]
    myst = render_myst(markdown)
    for tag in ("<script", "<strong>", "<a ", "<img", 'class="formula"'):
        assert tag not in myst, tag


def test_every_event_is_in_the_chronology(ds: Dataset) -> None:
    rows = body_rows(render(tables.chronology_markdown(ds)))
    assert len(rows) == len(ds.events)
    assert [row[1] for row in rows] == list(ds.events["title"])
    assert rows[0][4] == "{cite:p}<code>testsource2024,testpress2024</code>"


def test_every_project_event_is_in_the_chronology() -> None:
    ds = load_dataset()
    rows = body_rows(render(tables.chronology_markdown(ds)))
    assert len(rows) == len(ds.events)
    periods = [tables.chronology_markdown(ds, end_year=2011), tables.chronology_markdown(ds, 2012, 2019),
               tables.chronology_markdown(ds, start_year=2020)]
    assert sum(len(body_rows(render(p))) for p in periods) == len(ds.events)


def test_chronology_dates_follow_precision(ds: Dataset) -> None:
    rows = body_rows(render(tables.chronology_markdown(ds)))
    assert [row[0].replace("\u00a0", " ") for row in rows] == ["14 Nov 2023", "Jan 2024"]


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [
        ("2023-11-14", "day", "14 Nov 2023"),
        ("1962-07-05", "day", "5 Jul 1962"),
        ("2024-01-01", "month", "Jan 2024"),
        ("1963-01-01", "year", "1963"),
    ],
)
def test_format_date(date: str, precision: str, expected: str) -> None:
    assert labels.format_date(pd.Timestamp(date), precision) == expected
    assert labels.format_date(dt.date.fromisoformat(date), precision) == expected


def test_format_date_rejects_unknown_precision() -> None:
    with pytest.raises(ValueError, match="precision"):
        labels.format_date(pd.Timestamp("2024-01-01"), "week")


def test_dispute_note_and_toll_follow_the_description(dataset_dir: Path) -> None:
    event = {**EVENTS[0], "dispute_note": "Rebels say the army lost 20 men", "fatalities_low": "5",
             "fatalities_high": "20", "fatalities_as_reported": "5 (army) to 20 (rebels)"}
    write_csv(dataset_dir / "events.csv", [event, EVENTS[1]])
    cell = body_rows(render(tables.chronology_markdown(load(dataset_dir))))[0][2]
    assert cell == ("The Malian army and its Russian auxiliaries entered Kidal, held by the rebels since 2012. "
                    "<em>Sources differ:</em> Rebels say the army lost 20 men. "
                    "<em>Reported toll:</em> 5 (army) to 20 (rebels) (coded as 5–20 deaths).")


@pytest.mark.parametrize(
    ("low", "high", "words", "expected"),
    [
        (pd.NA, pd.NA, pd.NA, ""),
        (pd.NA, pd.NA, "dozens, per the rebels", "dozens, per the rebels"),
        (67, pd.NA, "67 dead", "67 dead (coded as at least 67 deaths)"),
        (1, 1, "one soldier", "one soldier (coded as 1 death)"),
        (14, 36, "14 to 36", "14 to 36 (coded as 14–36 deaths)"),
    ],
)
def test_reported_toll(low: object, high: object, words: object, expected: str) -> None:
    event = pd.Series({"fatalities_low": low, "fatalities_high": high, "fatalities_as_reported": words})
    assert tables.reported_toll(event) == expected


# --- citations and claims ---------------------------------------------------------------------

def test_citations() -> None:
    assert tables.citations("a2024; b2025") == "{cite:p}`a2024,b2025`"
    assert tables.citations(["a2024"]) == "{cite:p}`a2024`"
    assert tables.citations("") == ""
    for bad in ("x`y", "a,b", "{cite}", "a b"):
        with pytest.raises(ValueError, match="not a citation key"):
            tables.citations([bad])


def test_claims_injection_shows_literally(hostile: Dataset) -> None:
    html = render(tables.claims_markdown(hostile))
    assert "<script" not in html and "<strong>" not in html and "<a " not in html and "<img" not in html
    (row,) = body_rows(html)
    assert len(row) == 6
    assert row[0] == "C01"
    assert row[1] == "&lt;script&gt;alert(1)&lt;/script&gt; **bold** [link](http://evil.example)"
    assert row[2] == "&lt;i&gt;Blog&lt;/i&gt; {cite:p}<code>testblog2024</code>"
    assert row[3] == "incorrect"
    assert row[5] == "{cite:p}<code>testsource2024,testpress2024</code>"


# --- schema tables ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["events", "places", "claims"])
def test_data_dictionary_lists_every_field(name: str) -> None:
    table = load_schema(paths.project().datapackage)[name]
    rows = body_rows(render(tables.data_dictionary_markdown(table)))
    assert [row[0] for row in rows] == [f"<code>{f.name}</code>" for f in table.fields]
    for row, field in zip(rows, table.fields, strict=True):
        assert row[1] == field.type
        assert row[2] == ("yes" if field.required else "no")
        for value in field.constraints.get("enum", []):
            assert value in row[3]
        assert row[4] == escape_html(field.description)


def test_field_constraints_in_words() -> None:
    events = load_schema(paths.project().datapackage)["events"]
    words = {f.name: tables.field_constraints(events, f) for f in events.fields}
    assert words["id"].startswith("primary key (unique); pattern ^[0-9]{4}-")
    assert words["place_id"] == "refers to places.id"
    assert words["lon"] == "from −20 to 20"
    assert words["title"] == "at most 90 characters"


def test_enum_definitions_come_from_the_description() -> None:
    schema = load_schema(paths.project().datapackage)
    events = {f.name: f for f in schema["events"].fields}
    assert tables.enum_definitions(events["type"])["military"] == "armed clashes, strikes, operations"
    assert tables.enum_definitions(events["confidence"])["low"] == (
        "the rest, e.g. a single party's account or sources in major disagreement")
    relationships = tables.enum_definitions(events["relationship"])
    assert relationships["mali-algeria"] == ""
    assert relationships["regional"] == "Sahel/Maghreb events touching several states"
    assert set(relationships) == set(events["relationship"].constraints["enum"])


def test_codes_table_counts_rows(ds: Dataset) -> None:
    table = load_schema(paths.project().datapackage)["events"]
    rows = body_rows(render(tables.codes_markdown(table, ds.events, "type")))
    counts = {re.sub(r"</?code>", "", row[0]): int(row[2]) for row in rows}
    assert counts == {"diplomatic": 0, "military": 1, "political": 0, "agreement": 1, "economic": 0, "legal": 0}


def test_table_directive_for_the_book(ds: Dataset) -> None:
    bare = tables.chronology_markdown(ds)
    block = tables.chronology_markdown(ds, block=True, caption="Events")
    assert block.startswith("```{tabularcolumns} >{\\raggedright\\arraybackslash}\\X{13}{100}")
    assert "```{table} Events\n:widths: 13 16 39 14 18\n:class: longtable\n\n" + bare + "```\n" in block
    assert ":class: longtable" not in tables.table_directive("| a |\n|---|\n", (1,), longtable=False)
    assert tables.table_directive("| ```` |\n|---|\n", (1,)).startswith("`````{tabularcolumns}")


def test_dataset_counts(ds: Dataset) -> None:
    glued = counts.dataset_counts(ds)
    assert glued["n_events"] == 2 and glued["n_places"] == 2 and glued["n_claims"] == 1
    assert glued["n_sources"] == 4 and glued["n_sources_cited_by_data"] == 3  # the Wikipedia test entry is uncited
    assert glued["n_groups"] == 2
    assert (glued["first_year"], glued["last_year"]) == (2023, 2024)
    assert (glued["n_day"], glued["n_month"], glued["n_year"]) == (1, 1, 0)
    assert all(isinstance(v, int) for v in glued.values())


# --- provenance and downloads -----------------------------------------------------------------

def test_boundary_provenance() -> None:
    records = tables.boundary_provenance()
    assert [r["file"] for r in records] == sorted(p.name for p in paths.project().boundaries.glob("*.geojson"))
    rows = body_rows(render(tables.boundary_provenance_markdown()))
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        assert row[0] == record["file"] and row[3] == record["sha256"][: tables.SHA_PREFIX]


def test_export_downloads(ds: Dataset, dataset_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "downloads"
    written = tables.export_downloads(ds, out, dataset_dir)
    tables_ = ["events.csv", "places.csv", "claims.csv", "groups.csv", "stated-locations.csv", "source-hosts.csv"]
    assert sorted(p.name for p in written) == sorted([*tables_, "sources.csv", "datapackage.json", "LICENSE-DATA.txt"])
    assert all(p.parent == out and p.is_file() for p in written)
    for name in (*tables_, "datapackage.json"):
        assert (out / name).read_bytes() == (dataset_dir / name).read_bytes()
    with (out / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4
    assert rows[2] == {"key": "testsource2024", "kind": "wire", "title": "A test source", "publisher": "Test Agency",
                       "year": "2024", "url": "https://example.org/page", "accessed": "2026-11-27"}
    licence = (out / "LICENSE-DATA.txt").read_text(encoding="utf-8")
    assert "CC BY 4.0" in licence and "© OpenStreetMap contributors" in licence
    assert "algeria_wilayas.geojson" in licence and "mali_algeria_border.geojson" in licence
    assert tables.export_downloads(ds, out, dataset_dir) == written  # idempotent: overwrites in place
