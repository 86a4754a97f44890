"""Citing the report and its events: CITATION.cff is valid and the one source of BibTeX, RIS and the reference."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from sahelreport import __version__, paths
from sahelreport.book import changes, citation

SCRATCH_CFF = """cff-version: 1.2.0
message: "Cite it."
title: "A test report"
authors:
  - name: "Test Group"
preferred-citation:
  type: report
  title: "A test report"
  authors:
    - name: "Test Group"
    - family-names: "Doe"
      given-names: "Jane"
  version: "1.2.3"
  date-released: "2026-03-04"
  url: "https://example.org/report"
  notes: "Text under CC BY 4.0."
"""


@pytest.fixture
def scratch(tmp_path: Path) -> citation.Citation:
    path = tmp_path / "CITATION.cff"
    path.write_text(SCRATCH_CFF, encoding="utf-8")
    return citation.read_citation(path, as_of="2026-02-01")


CFFCONVERT = paths.project().root / ".venv-cffconvert" / "bin" / "cffconvert"  # `make setup` installs it


def cffconvert_validate(path: Path) -> subprocess.CompletedProcess[str]:
    assert CFFCONVERT.is_file(), f"{CFFCONVERT} is missing: run `make setup` (tools/cffconvert.lock)"
    return subprocess.run([str(CFFCONVERT), "--validate", "-i", str(path)], capture_output=True, text=True)


def test_citation_cff_is_valid() -> None:
    """cffconvert's validation (the Citation File Format 1.2.0 schema) accepts the project's CITATION.cff."""
    result = cffconvert_validate(paths.project().root / citation.CITATION_FILE)
    assert result.returncode == 0 and "are valid" in result.stdout, result.stdout + result.stderr


def test_cffconvert_rejects_a_report_at_the_top_level(tmp_path: Path) -> None:
    """The check can fail: the old file's `type: report` at the top level is not allowed."""
    text = (paths.project().root / citation.CITATION_FILE).read_text(encoding="utf-8")
    bad = tmp_path / "CITATION.cff"
    bad.write_text(re.sub(r"(?m)^type: .*$", "type: report", text) if re.search(r"(?m)^type: ", text)
                   else "type: report\n" + text, encoding="utf-8")
    assert cffconvert_validate(bad).returncode != 0


def test_citation_cff_puts_the_report_under_preferred_citation() -> None:
    """The top level describes the repository (a report is not an allowed top-level type); the report is the
    preferred citation, and its version and date are this edition's (the last of editions.yml)."""
    cff = yaml.safe_load((paths.project().root / citation.CITATION_FILE).read_text(encoding="utf-8"))
    assert cff.get("type", "software") in ("software", "dataset")
    report = citation.read_citation()
    edition = changes.read_editions()[-1]
    assert (report.version, cff["version"], edition.version) == (__version__,) * 3
    assert report.released == edition.date


def test_bibtex_ris_and_reference_come_from_the_file(scratch: citation.Citation) -> None:
    assert citation.bibtex(scratch) == (
        "@techreport{sahelreport-1.2.3,\n  author = {{Test Group} and {Doe, Jane}},\n  title = {{A test report}},\n"
        "  institution = {{Test Group}},\n  type = {Report},\n  year = {2026},\n  month = mar,\n  version = {1.2.3},\n"
        "  note = {Version 1.2.3, data as of 1 February 2026. Text under CC BY 4.0.},\n"
        "  url = {https://example.org/report}\n}\n")
    assert citation.ris(scratch).splitlines() == [
        "TY  - RPRT", "AU  - Test Group", "AU  - Doe, Jane", "TI  - A test report", "PY  - 2026", "DA  - 2026/03/04",
        "ET  - 1.2.3", "N1  - Version 1.2.3, data as of 1 February 2026. Text under CC BY 4.0.",
        "UR  - https://example.org/report", "ER  - "]
    assert citation.reference(scratch) == ("Test Group; Doe, Jane (2026). A test report. Version 1.2.3, data as of "
                                           "1 February 2026. Report. Text under CC BY 4.0. https://example.org/report")
    assert citation.event_citation(scratch, "2024-x") == (
        "A test report, version 1.2.3, event 2024-x, https://example.org/report/chapters/chronology.html#event-2024-x")


def test_front_page_block_has_the_three_forms(scratch: citation.Citation) -> None:
    block = citation.cite_markdown(scratch)
    assert block.startswith(r"Test Group\; Doe\, Jane \(2026\)\. *A test report*\. Version 1\.2\.3")
    assert "```bibtex\n" + citation.bibtex(scratch) + "```" in block
    assert "```text\n" + citation.ris(scratch) + "```" in block


@pytest.mark.parametrize(("text", "message"), [
    ("cff-version: 1.2.0\ntitle: x\ntype: report\n", "needs a 'preferred-citation' of type 'report'"),
    ("preferred-citation: {type: report, title: x, authors: [{name: a}], version: '1'}\n", "no 'date-released'"),
    ("preferred-citation: {type: report, title: x, authors: [{name: a}], version: '1', date-released: 2026-13}\n",
     "not an ISO date"),
    ("preferred-citation: [\n", "not valid YAML"),
])
def test_bad_citation_file_is_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "CITATION.cff"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(citation.CitationError, match=message) as error:
        citation.read_citation(path, as_of=dt.date(2026, 1, 1))
    assert str(path) in str(error.value)


def test_every_chronology_row_is_an_anchor_with_its_citation(scratch: citation.Citation, dataset_dir: Path) -> None:
    """With the citation, each date is a span with the event's stable id and filter classes, and each row ends
    with its "cite this event" line; without it the table is unchanged."""
    from sahelreport.book import tables
    from sahelreport.data.load import load_dataset

    from .conftest import TODAY

    ds = load_dataset(dataset_dir, dataset_dir.parent / "references.bib", TODAY)
    plain, cited = tables.chronology_markdown(ds), tables.chronology_markdown(ds, cite=scratch)
    assert "sahel-event" not in plain
    rows = cited.splitlines()[2:]
    assert rows[0].startswith("| [14\u00a0Nov 2023]{#event-2023-kidal-taken .sahel-event .ev-type-military .ev-year-2023 "
                              ".ev-rel-mali-armed-groups} |")
    assert rows[1].startswith("| [Jan\u00a02024]{#event-2024-accord-ended .sahel-event .ev-type-agreement .ev-year-2024 "
                              ".ev-rel-mali-algeria} |")
    for row, event_id in zip(rows, ["2023-kidal-taken", "2024-accord-ended"], strict=True):
        assert " [Cite this event: " + tables.plain_text(citation.event_citation(scratch, event_id)) + "]{.sahel-cite} |" \
            in row


def test_an_event_id_that_is_not_a_slug_is_refused(scratch: citation.Citation) -> None:
    import pandas as pd

    from sahelreport.book import tables

    event = pd.Series({"id": '2024-x" onclick="y', "type": "military", "relationship": "", "date": pd.Timestamp(2024, 1, 1)})
    with pytest.raises(ValueError, match="cannot be an HTML class or id"):
        tables._event_anchor(event, "1 Jan 2024")
