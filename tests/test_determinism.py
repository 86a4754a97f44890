"""Deterministic builds: a copy of the project built from an empty cache, in another folder, publishes the
same bytes as the project's own build (cold in CI, incremental on a contributor's machine).

The figures, the PDF and the published pages must not depend on the run, the folder, the clock, a random
id or on which notebooks the build had to execute.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from sahelreport import paths
from sahelreport.book.build import KERNEL_EPOCH
from sahelreport.book.inputs import source_date_epoch

from .conftest import BuiltCopy, published_files

pytestmark = pytest.mark.build


def test_every_published_file_is_identical(built_book: Path, built_copy: BuiltCopy) -> None:
    ours = published_files(built_book)
    assert [name for name in ours if name.startswith("_images/")], "no figure files"
    assert sorted(ours) == sorted(built_copy.published)
    assert [name for name in ours if ours[name] != built_copy.published[name]] == []


def test_pdf_is_identical(built_book: Path, built_copy: BuiltCopy) -> None:
    assert published_files(paths.project().pdf.parent)[paths.PDF_NAME] == built_copy.pdf_sha256


def test_dates_come_from_the_last_commit(built_copy: BuiltCopy) -> None:
    """No build-time clock in the metadata: the PDF is dated by the last commit, figures carry a fixed date."""
    commit = dt.datetime.fromtimestamp(int(source_date_epoch(built_copy.root)), dt.UTC)
    info = subprocess.run(["pdfinfo", "-isodates", str(built_copy.root / "_build/pdf/sahel-report.pdf")],
                          capture_output=True, text=True, check=True).stdout
    dates = re.findall(r"^(?:CreationDate|ModDate):\s+(\S+)", info, re.M)
    assert dates and {dt.datetime.fromisoformat(d.replace("Z", "+00:00")) for d in dates} == {commit}
    fixed = dt.datetime.fromtimestamp(int(KERNEL_EPOCH), dt.UTC).isoformat()
    for svg in (built_copy.root / "_build/html/_images").glob("*.svg"):
        assert set(re.findall(r"<dc:date>([^<]*)</dc:date>", svg.read_text(encoding="utf-8"))) <= {fixed}, svg.name
