"""Stage 1, data: the schema, validation (every problem at once), the loaded Dataset and what is derived from it."""

from sahelreport.data.load import Dataset, dataset, load_dataset

__all__ = ["Dataset", "dataset", "load_dataset"]
