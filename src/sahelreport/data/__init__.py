"""Stage 1, data: the schema, validation (every problem at once), the loaded Dataset and what is derived from it."""

from __future__ import annotations

from typing import Any

__all__ = ["Dataset", "dataset", "load_dataset"]


def __getattr__(name: str) -> Any:
    """Dataset, dataset and load_dataset, imported on first use: the geometry stage imports data.problems and
    data.files, and loading the data imports the geometry stage, so importing this package must not load both."""
    if name in __all__:
        from sahelreport.data import load

        return getattr(load, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
