"""Claims per status: every status of the schema, in its order, as plain ints (for glue)."""

from __future__ import annotations

from pathlib import Path

from sahelreport.data.derive import counts
from sahelreport.data.load import load_dataset

from .conftest import CLAIMS, TODAY, write_csv


def test_claims_by_status_counts_every_status(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "claims.csv", [{**CLAIMS[0], "id": "C01", "status": "contested"},
                                           {**CLAIMS[0], "id": "C02", "status": "contested"},
                                           {**CLAIMS[0], "id": "C03", "status": "incorrect"}])
    ds = load_dataset(dataset_dir, dataset_dir.parent / "references.bib", TODAY)
    statuses = counts.claims_by_status(ds)
    assert statuses == {"corroborated": 0, "contested": 2, "unverified": 0, "incorrect": 1}
    assert all(type(v) is int for v in statuses.values())
