"""`make bench`: time the build in the situations a contributor meets, and a few in-process figures.

Each scenario runs `sahelreport build` as a child process and reports its wall time, the
notebooks it executed and its peak memory (maximum resident set size of the build's processes).
Files touched for a scenario are restored afterwards. Last, the weights a reader downloads: the
largest HTML page with its images (target at most 2 MB) and the PDF (target at most 15 MB).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import partial
from pathlib import Path

from sahelreport import paths
from sahelreport.checks.html_scan import attribute, parse_file
from sahelreport.checks.links import pages
from sahelreport.checks.urls import is_book_file, linked_file

BENCH_NOTEBOOK = "chapters/border.md"  # relative to the project root
# One cell of each data file's last row gets a few more words: a one-row edit that keeps the file valid.
DATA_EDITS = {"data/events.csv": "description", "data/places.csv": "other_names", "data/claims.csv": "evidence",
              "data/groups.csv": "note", "data/stated-locations.csv": "note", "data/source-hosts.csv": "note",
              "data/routes.csv": "note"}
# One module of each subpackage.
MODULE_EDITS = ("src/sahelreport/data/derive/counts.py", "src/sahelreport/geo/measures.py",
                "src/sahelreport/figures/charts.py", "src/sahelreport/book/tables.py", "src/sahelreport/checks/lint.py")
PAGE_TARGET_BYTES = 2 * 1024 * 1024
PDF_TARGET_BYTES = 15 * 1024 * 1024


@contextmanager
def changed(path: Path, change: Callable[[str], str]) -> Iterator[None]:
    """Change a file's text for the duration of the block, then restore its exact bytes."""
    original = path.read_bytes()
    try:
        path.write_bytes(change(original.decode("utf-8")).encode("utf-8"))
        yield
    finally:
        path.write_bytes(original)


def last_row_edited(column: str, words: str = " Benchmark edit.") -> Callable[[str], str]:
    """Append a few words to one cell of a CSV's last row (the file stays valid)."""
    def change(text: str) -> str:
        rows = list(csv.DictReader(io.StringIO(text)))
        rows[-1][column] = (rows[-1][column] + words).strip()
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    return change


def _comment_added(text: str) -> str:
    return text + "\n# benchmark edit\n"


def code_cell_edited(text: str) -> str:
    """A comment line added to the first code cell of a MyST notebook."""
    return re.sub(r"(```\{code-cell\}[^\n]*\n(?::[^\n]*\n)*)", r"\1# benchmark edit\n", text, count=1)


def _process_tree_rss(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            pid = int(stat.parent.name)
            parents[pid] = int(fields[1])
            rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    return sum(rss.get(pid, 0) for pid in tree)


def _listed(output: str, line_start: str) -> str:
    found = re.search(rf"^{re.escape(line_start)} (.*)$", output, re.MULTILINE)
    return re.sub(r" \([^)]*\)", "", found.group(1)) if found else ""


def run_build(*arguments: str) -> dict[str, object]:
    """One `sahelreport build` in a child process: seconds, the notebooks it executed (of each edition), the peak
    memory of its whole process tree (build, kernels, Sphinx, LaTeX at once), sampled every 0.1 s."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "sahelreport.cli", "build", *arguments], cwd=paths.project().root,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], _process_tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"build failed during the benchmark:\n{output}")
    if "Nothing changed since the last build" in output:
        ran = "none (nothing changed: no Sphinx, no LaTeX)"
    else:
        english, french = _listed(output, "Notebooks executed:"), _listed(output, "Notebooks (fr) executed:")
        ran = f"en: {english or '?'}"
        if french:
            ran += "; fr: same" if french == english else f"; fr: {french}"
        unchanged = [line.split(":")[0] for line in output.splitlines()
                     if line.endswith("(unchanged: nothing it shows changed)")]
        if unchanged:
            ran += "; not rebuilt: " + ", ".join(unchanged)
    return {"seconds": seconds, "executed": ran, "peak_mib": peak[0] / 1024 / 1024}


def _cold() -> None:
    where = paths.project()
    for path in (where.work, where.cache):
        shutil.rmtree(path, ignore_errors=True)
    (where.build / ".published.json").unlink(missing_ok=True)


Scenario = tuple[str, Callable[[], AbstractContextManager[None] | None], tuple[str, ...]]
ENGLISH_COLD = "cold build, English edition only (--language en)"


def scenarios() -> list[Scenario]:
    """The situations measured, in order: (name, the edit (a context manager) or a preparation returning None,
    the build's arguments). After the English-only cold build, an untimed build of both editions restores them."""
    root = paths.project().root
    found: list[Scenario] = [("cold build (empty cache), both editions", _cold, ()),
                             (ENGLISH_COLD, _cold, ("--language", "en")), ("no-op rebuild", lambda: None, ())]
    for name, column in DATA_EDITS.items():
        if (root / name).is_file():
            found.append((f"one-row edit of {name}", partial(changed, root / name, last_row_edited(column)), ()))
    for name in MODULE_EDITS:
        found.append((f"edit of {name.removeprefix('src/sahelreport/')}", partial(changed, root / name, _comment_added),
                      ()))
    found.append((f"code-cell edit of {BENCH_NOTEBOOK}", lambda: changed(root / BENCH_NOTEBOOK, code_cell_edited), ()))
    return found


def in_process_figures() -> list[tuple[str, float]]:
    """Seconds to load and validate all data (uncached), and to draw each map and chart, in this process."""
    import matplotlib.pyplot as plt

    from sahelreport.data.load import load_dataset
    from sahelreport.figures.registry import FIGURES

    ds = load_dataset()  # warm imports
    start = time.perf_counter()
    load_dataset()
    figures = [("load + validate all data", time.perf_counter() - start)]
    for figure in FIGURES:
        plt.close(figure.draw(ds))  # first draw warms fonts and caches
        start = time.perf_counter()
        fig = figure.draw(ds)
        fig.savefig(io.BytesIO(), format="svg")
        figures.append((f"{figure.kind} {figure.name} (draw + SVG)", time.perf_counter() - start))
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


SUITE = (("fast tests", ["-n", "auto", "-m", "not build"]),
         ("build tests", ["-n", "auto", "--dist", "loadfile", "-m", "build"]))  # as `make test` runs pytest


def test_suite_seconds() -> dict[str, float]:
    """Wall time of each part of the test suite (pytest, as `make test` runs it), after the builds above."""
    times = {}
    for part, arguments in SUITE:
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *arguments],
                                cwd=paths.project().root, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"the {part} failed during the benchmark:\n{result.stdout[-3000:]}")
        times[part] = time.perf_counter() - start
    return times


def main(with_tests: bool = True) -> int:
    """Print one line per scenario (with its ratio to the cold build), then the figures, the weights, the suite."""
    print("peak MiB: resident memory of the build's whole process tree (build, kernels, Sphinx, LaTeX)")
    print(f"{'scenario':52} {'wall s':>7} {'x cold':>7} {'peak MiB':>9}  notebooks executed")
    cold = english_cold = None
    for name, prepare, arguments in scenarios():
        context = prepare()
        if context is None:
            result = run_build(*arguments)
        else:
            with context:
                result = run_build(*arguments)
        seconds = float(result["seconds"])  # type: ignore[arg-type]
        cold = cold or seconds
        print(f"{name:52} {seconds:7.1f} {seconds / cold:7.2f} {result['peak_mib']:9.0f}  {result['executed']}")
        if name == ENGLISH_COLD:
            english_cold = seconds
        if context is not None or arguments:
            run_build()  # back to the unmodified book, both editions, before the next scenario (not timed)
    if cold and english_cold:
        added = cold - english_cold
        print(f"the French edition adds {added:.1f} s to a cold build: {added / english_cold:.2f} x the English-only "
              "cold build (target <= 1)")
    for name, seconds in in_process_figures():
        print(f"{name:52} {seconds:7.3f}")
    print_weights()
    if with_tests:
        times = test_suite_seconds()
        parts = ", ".join(f"{part} {seconds:.0f} s" for part, seconds in times.items())
        print(f"\ntest suite (pytest, after set-up): {sum(times.values()):.0f} s ({parts})")
    return 0
