"""`make bench`: time the build in the situations a contributor meets, and a few in-process figures.

Each scenario runs `sahelreport build` as a child process and reports its wall time, the
notebooks it executed and its peak memory (maximum resident set size of the build's processes).
Files touched for a scenario are restored afterwards. Last, the weights a reader downloads: the
largest HTML page with its images (target at most 2 MB) and the PDF (target at most 15 MB).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from sahelreport import paths
from sahelreport.checks.html_scan import attribute, parse_file
from sahelreport.checks.links import pages
from sahelreport.checks.urls import is_book_file, linked_file

BENCH_NOTEBOOK = "chapters/border.md"  # relative to the project root
BENCH_DATA = "data/places.csv"
BENCH_SRC = "src/sahelreport/figures/style.py"
PAGE_TARGET_BYTES = 2 * 1024 * 1024
PDF_TARGET_BYTES = 15 * 1024 * 1024


@contextmanager
def appended(path: Path, text: str) -> Iterator[None]:
    """Append text to a file for the duration of the block, then restore its exact bytes."""
    original = path.read_bytes()
    try:
        path.write_bytes(original + text.encode())
        yield
    finally:
        path.write_bytes(original)


@contextmanager
def touched_code_cell(notebook: Path) -> Iterator[None]:
    """Add a comment line to the first code cell of a MyST notebook, then restore it."""
    original = notebook.read_text(encoding="utf-8")
    changed = re.sub(r"(```\{code-cell\}[^\n]*\n(?::[^\n]*\n)*)", r"\1# benchmark edit\n", original, count=1)
    try:
        notebook.write_text(changed, encoding="utf-8")
        yield
    finally:
        notebook.write_text(original, encoding="utf-8")


def run_build() -> dict[str, object]:
    """One `sahelreport build` in a child process: seconds, executed notebooks, peak MiB."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "sahelreport.cli", "build"], cwd=paths.project().root,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    # wait4 (not Popen.wait) returns the child's resource usage: ru_maxrss is the largest
    # resident set of the build and the processes it waited for (Sphinx, kernels, LaTeX).
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"build failed during the benchmark:\n{output}")
    executed = re.search(r"Notebooks executed: (.*)", output)
    return {"seconds": seconds, "executed": executed.group(1) if executed else "?", "peak_mib": usage.ru_maxrss / 1024}


def _cold() -> None:
    for path in (paths.project().work, paths.project().cache):
        shutil.rmtree(path, ignore_errors=True)
    paths.project().fingerprint.unlink(missing_ok=True)


def scenarios() -> list[tuple[str, Callable[[], AbstractContextManager[None] | None]]]:
    """The situations measured, in order; each returns a context manager or None."""
    return [
        ("cold build (empty cache)", _cold),
        ("no-op rebuild", lambda: None),
        (f"after editing a code cell of {BENCH_NOTEBOOK}",
         lambda: touched_code_cell(paths.project().root / BENCH_NOTEBOOK)),
        (f"after editing {BENCH_DATA} and {BENCH_SRC}",
         lambda: _both(appended(paths.project().root / BENCH_DATA, "\n"),
                       appended(paths.project().root / BENCH_SRC, "\n# benchmark edit\n"))),
    ]


@contextmanager
def _both(first: AbstractContextManager[None], second: AbstractContextManager[None]) -> Iterator[None]:
    with first, second:
        yield


def in_process_figures() -> list[tuple[str, float]]:
    """Seconds to load and validate all data (uncached), and to draw each map and chart, in this process."""
    import matplotlib.pyplot as plt

    from sahelreport.data.load import load_dataset
    from sahelreport.figures import charts, maps

    ds = load_dataset()  # warm imports
    start = time.perf_counter()
    load_dataset()
    figures = [("load + validate all data", time.perf_counter() - start)]
    drawers = [(f"map {n}", f) for n, f in maps.MAPS.items()] + [(f"chart {n}", f) for n, f in charts.CHARTS.items()]
    for name, draw in drawers:
        plt.close(draw(ds))  # first draw warms fonts and caches
        start = time.perf_counter()
        fig = draw(ds)
        fig.savefig(io.BytesIO(), format="svg")
        figures.append((f"{name} (draw + SVG)", time.perf_counter() - start))
        plt.close(fig)
    return figures


def page_weights(html_root: Path) -> list[tuple[str, int, int]]:
    """(page, HTML bytes, bytes of the images it shows) for every page of the book, heaviest first."""
    weights = []
    for page in pages(html_root):
        rel = page.relative_to(html_root)
        sources = (attribute(img, "src") for img in parse_file(page).find_all("img"))
        images = {linked_file(page, src) for src in sources if src and is_book_file(src)}
        weights.append((rel.as_posix(), page.stat().st_size, sum(i.stat().st_size for i in images if i.is_file())))
    return sorted(weights, key=lambda w: w[1] + w[2], reverse=True)


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.2f} MiB"


def print_weights(html_root: Path | None = None, pdf: Path | None = None) -> None:
    """The heaviest pages (with their images) and the PDF, against their targets."""
    html_root, pdf = html_root or paths.project().html, pdf or paths.project().pdf
    weights = page_weights(html_root)
    print(f"\n{'heaviest pages (HTML + its images)':58} {'HTML':>10} {'images':>10} {'total':>10}")
    for name, html, images in weights[:3]:
        print(f"{name:58} {_mib(html):>10} {_mib(images):>10} {_mib(html + images):>10}")
    if weights:
        name, html, images = weights[0]
        verdict = "ok" if html + images <= PAGE_TARGET_BYTES else "OVER TARGET"
        print(f"largest page: {name}, {_mib(html + images)} (target <= {_mib(PAGE_TARGET_BYTES)}): {verdict}")
    if pdf.is_file():
        size = pdf.stat().st_size
        verdict = "ok" if size <= PDF_TARGET_BYTES else "OVER TARGET"
        print(f"PDF: {pdf.relative_to(paths.project().root)}, {_mib(size)} (target <= {_mib(PDF_TARGET_BYTES)}): {verdict}")


def main() -> int:
    """Print one line per scenario, then the figures and the weights."""
    print("peak MiB: largest resident set among the build's processes")
    print(f"{'scenario':58} {'wall s':>7} {'peak MiB':>9}  notebooks executed")
    for name, prepare in scenarios():
        context = prepare()
        if context is None:
            result = run_build()
        else:
            with context:
                result = run_build()
        print(f"{name:58} {result['seconds']:7.1f} {result['peak_mib']:9.0f}  {result['executed']}")
    restore = run_build()  # leave a book built from the restored files
    print(f"{'(restore: rebuild from the unmodified files)':58} {restore['seconds']:7.1f} "
          f"{restore['peak_mib']:9.0f}  {restore['executed']}")
    for name, seconds in in_process_figures():
        print(f"{name:58} {seconds:7.3f}")
    print_weights()
    return 0
