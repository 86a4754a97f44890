"""Each registered figure of the project's dataset, drawn once per test session and shared by the tests that
only look at it (its texts, its overlaps, its SVG and PDF bytes). Tests that change the data draw their own."""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sahelreport.book.build import KERNEL_EPOCH
from sahelreport.data.load import Dataset
from sahelreport.figures import registry, style

FORMATS = ("svg", "pdf")


@contextmanager
def fixed_epoch() -> Iterator[None]:
    """As in the build: PDF and SVG metadata dates come from SOURCE_DATE_EPOCH."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = KERNEL_EPOCH
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def render(fig: Figure, fmt: str) -> bytes:
    """The figure saved as SVG or PDF, as the tests compare it (the same call in every process)."""
    out = io.BytesIO()
    with fixed_epoch():
        fig.savefig(out, format=fmt)
    return out.getvalue()


def fingerprints(fig: Figure) -> dict[str, str]:
    """sha256 of the figure's SVG and PDF bytes, by format."""
    return {fmt: hashlib.sha256(render(fig, fmt)).hexdigest() for fmt in FORMATS}


class Drawings:
    """Registered figures drawn from one dataset, each once, on first use."""

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self._figures: dict[str, Figure] = {}
        self._bytes: dict[tuple[str, str], bytes] = {}

    def figure(self, name: str) -> Figure:
        """The registered figure `name` (read it, do not change it: other tests share it)."""
        if name not in self._figures:
            style.apply()
            fig = registry.registered(name).draw(self.ds)
            plt.close(fig)  # out of pyplot (a test's plt.close("all") cannot reach it), onto a canvas of its own
            FigureCanvasAgg(fig)
            for fmt in FORMATS:  # first, as a notebook saves it: a layout engine may move things on a later draw
                self._bytes[name, fmt] = render(fig, fmt)
            self._figures[name] = fig
        return self._figures[name]

    def bytes(self, name: str, fmt: str) -> bytes:
        """The figure's SVG or PDF bytes, saved right after it was drawn."""
        self.figure(name)
        return self._bytes[name, fmt]

    def fingerprints(self, name: str) -> dict[str, str]:
        """sha256 of the figure's SVG and PDF bytes, by format."""
        return {fmt: hashlib.sha256(self.bytes(name, fmt)).hexdigest() for fmt in FORMATS}


def name_of(function: object) -> str:
    """The registry name of the figure a drawing function draws with no options (a map of maps.MAPS, say)."""
    [name] = [f.name for f in registry.FIGURES if f.function is function and not f.options]
    return name
