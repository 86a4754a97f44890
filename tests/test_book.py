"""The real book: a full build (warnings are errors), then the PDF checked with poppler."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from sahelreport import paths


def poppler(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def test_build_outputs(built_book: Path) -> None:
    assert (built_book / "index.html").is_file()
    assert (built_book / "chapters" / "border.html").is_file()
    assert paths.project().pdf.is_file()
    assert (built_book / paths.PDF_NAME).read_bytes() == paths.project().pdf.read_bytes()


def test_pdf_is_a4_with_pages(built_book: Path) -> None:
    info = poppler("pdfinfo", str(paths.project().pdf))
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) > 3


def test_pdf_fonts_all_embedded(built_book: Path) -> None:
    rows = poppler("pdffonts", str(paths.project().pdf)).splitlines()[2:]
    assert rows
    not_embedded = [r for r in rows if r.split()[-5] != "yes"]
    assert not_embedded == []


def test_pdf_text_has_titles_and_captions(built_book: Path) -> None:
    text = poppler("pdftotext", "-layout", str(paths.project().pdf), "-")
    assert "The border" in text
    assert re.search(r"Fig\. 1\.1: Mali, Algeria and their neighbours", text)
    assert re.search(r"Fig\. 1\.2: ", text)
    assert "import sahelreport" not in text and "setup_notebook()" not in text  # no code in the PDF


def test_chapters_downloadable_as_executed_notebooks(built_book: Path) -> None:
    notebook = json.loads((built_book / "notebooks/chapters/border.ipynb").read_text(encoding="utf-8"))
    outputs = [o for cell in notebook["cells"] if cell["cell_type"] == "code" for o in cell.get("outputs", [])]
    assert any("image/svg+xml" in o.get("data", {}) for o in outputs)  # executed, figures included
    page = (built_book / "chapters/border.html").read_text(encoding="utf-8")
    assert 'href="../notebooks/chapters/border.ipynb"' in page


def test_pdf_front_matter_for_policy_readers(built_book: Path) -> None:
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(paths.project().pdf))).group(1))
    assert 30 <= pages <= 90, f"{pages} pages"  # the full report; the executive summary stays in the first pages
    first_three = poppler("pdftotext", "-l", "3", str(paths.project().pdf), "-")
    assert "Executive summary" in first_three
    front = poppler("pdftotext", "-layout", "-l", "8", str(paths.project().pdf), "-")
    figures = front[front.index("LIST OF FIGURES"):]
    assert re.search(r"1\.1\s+Mali, Algeria and their neighbours", figures), figures[:400]
