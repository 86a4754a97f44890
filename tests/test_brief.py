"""The policy brief and the full PDF's front: logic in-process, the built brief through the session's build."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from sahelreport import paths
from sahelreport.book import brief
from sahelreport.book.citations import disambiguated_years
from sahelreport.book.latex_text import escape

OVERFULL_TOLERANCE_PT = 3.0


def poppler(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def test_fill_glued_uses_the_notebook_values_and_formats() -> None:
    values = {"index": {"n": 171, "km": 1357.404, "as_of": "23 February 2026"}}
    filled = brief.fill_glued("<<index:n>> events; <<index:km:,.0f>> km; <<index:as_of>>", values)
    assert filled == "171 events; 1,357 km; 23 February 2026"


def test_fill_glued_names_line_and_key_of_a_missing_value() -> None:
    with pytest.raises(brief.BriefError, match=r"line 2: chapters/outlook\.md glues no value 'gone'"):
        brief.fill_glued("fine\n<<chapters/outlook:gone>>", {"chapters/outlook": {}})


def test_comment_lines_are_not_filled() -> None:
    assert brief.glued_documents(brief.without_comments("% <<document:key>>\n<<index:n>>")) == {"index"}


def test_glue_outputs_read_myst_nb_records() -> None:
    prefix = "application/papermill.record/"
    cell = {"outputs": [{"data": {f"{prefix}text/plain": "'0.1.0'"}, "metadata": {"scrapbook": {
        "mime_prefix": prefix, "name": "version"}}}, {"data": {"text/plain": "9.5"}, "metadata": {}}]}
    assert brief.glue_outputs(SimpleNamespace(cells=[cell])) == {"version": "0.1.0"}


def test_cited_keys_in_order_once() -> None:
    assert brief.cited_keys(r"a \cite{b2020,a2021} c \cite{ a2021 , c2019}") == ["b2020", "a2021", "c2019"]


def test_references_reject_unknown_keys(tmp_path: Path) -> None:
    bib = tmp_path / "references.bib"
    bib.write_text("@misc{known2024, title={{T}}, author={{A}}, year={2024}}\n", encoding="utf-8")
    with pytest.raises(brief.BriefError, match="unknown2024"):
        brief.references(["known2024", "unknown2024"], bib)
    assert r"\bibitem{known2024}" in brief.references(["known2024"], bib)


def test_overfull_boxes_parsed() -> None:
    log = "Overfull \\hbox (7.47pt too wide) in paragraph\nOverfull \\vbox (2pt too high) has occurred\n"
    assert brief.overfull_boxes(log) == [7.47, 2.0]


def test_escape_latex_specials() -> None:
    assert escape("50% & $3 #1_a {b}") == r"50\% \& \$3 \#1\_a \{b\}"


def test_same_author_and_year_get_letters_by_title() -> None:
    def entry(author: str, year: str, title: str) -> SimpleNamespace:
        person = SimpleNamespace(last_names=[author])
        return SimpleNamespace(persons={"author": [person]}, fields={"year": year, "title": title})

    years = disambiguated_years([("w2", entry("{Wikipedia contributors}", "2025b", "Sand War")),
                                 ("w1", entry("{Wikipedia contributors}", "2025", "In Khalil")),
                                 ("r1", entry("Reuters", "2025", "Other")),
                                 ("k1", entry("Kroc", "", "X")), ("k2", entry("Kroc", "", "Y"))])
    assert years == {"w1": "2025a", "w2": "2025b", "r1": "2025", "k1": "n.d.-a", "k2": "n.d.-b"}


# --- the built brief -----------------------------------------------------------------------------------------------

def test_brief_is_two_to_four_a4_pages_with_fonts_embedded(built_book: Path) -> None:
    info = poppler("pdfinfo", str(paths.project().brief))
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    assert 2 <= int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 4
    fonts = poppler("pdffonts", str(paths.project().brief)).splitlines()[2:]
    assert fonts and all(row.split()[-5] == "yes" for row in fonts), fonts
    assert (built_book / paths.BRIEF_NAME).read_bytes() == paths.project().brief.read_bytes()
    assert 'href="sahel-report-brief.pdf"' in (built_book / "index.html").read_text(encoding="utf-8")


def test_brief_has_its_figures_and_no_code(built_book: Path) -> None:
    text = poppler("pdftotext", str(paths.project().brief), "-")
    assert "Figure 1. The border zone in conflict" in text and "Figure 2. Diplomatic against military" in text
    assert "Location as stated by Mali" in text and "Events per month" in text  # text drawn inside the figures
    assert not re.search(r"\bimport \w|setup_notebook|glue_number|<<|\\cite|\?\?", text)


def test_brief_numbers_are_the_books(built_book: Path) -> None:
    """Every value the brief takes from a notebook is printed in the brief and shown by that page of the book."""
    where = paths.project()
    template = brief.without_comments((where.root / brief.TEMPLATE).read_text(encoding="utf-8"))
    values = brief.glued_values(where, brief.glued_documents(template))
    text = " ".join(poppler("pdftotext", str(where.brief), "-").split())
    for document, key, spec in set(brief.GLUED.findall(template)):
        shown = brief.glued_text(values[document][key], spec)
        page = (built_book / f"{document}.html").read_text(encoding="utf-8")
        pasted = {html.unescape(t) for t in re.findall(r'class="pasted-text">([^<]*)<', page)}
        assert shown in pasted, f"{document}:{key} = {shown!r} is not what {document}.html shows"
        assert shown in text, f"{document}:{key} = {shown!r} missing from the brief"


def test_brief_latex_log_and_page_boxes(built_book: Path) -> None:
    log = brief.built(paths.project()).with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert all(points <= OVERFULL_TOLERANCE_PT for points in brief.overfull_boxes(log)), brief.overfull_boxes(log)
    boxes = poppler("pdftotext", "-bbox", str(paths.project().brief), "-")
    for page in re.findall(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\">(.*?)</page>", boxes, re.S):
        width, height = float(page[0]), float(page[1])
        for x0, y0, x1, y1 in re.findall(r'xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)"',
                                         page[2]):
            assert 0 <= float(x0) <= float(x1) <= width and 0 <= float(y0) <= float(y1) <= height


def test_full_pdf_metadata_and_cover(built_book: Path) -> None:
    info = poppler("pdfinfo", str(paths.project().pdf))
    assert re.search(r"Subject:\s+\S", info) and re.search(r"Keywords:\s+Mali, Algeria", info), info
    cover = poppler("pdftotext", "-l", "1", str(paths.project().pdf), "-")
    assert "Boundaries and names shown do not imply endorsement" in cover and paths.BRIEF_NAME in cover
    assert re.search(r"version \S+, data as of \d+ \w+ \d{4}", cover)
