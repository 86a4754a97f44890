"""Execute the chapters' notebooks in parallel, recording which project files each one read.

Each notebook runs in its own kernel with two extra cells, removed again before the result is stored:
a first one that installs an audit hook (every `open` of a file is noted), and a last one that prints
what was opened under the project root and which modules of this package were imported. The executed
notebook goes into Jupyter Book's own execution cache (jupyter-cache), so Sphinx finds it there and
executes nothing itself; the recorded inputs go into the manifest (`book.manifest`).
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

from sahelreport.book.quick_imports import skip_slow_optional_imports

if TYPE_CHECKING:
    import nbformat

RECORD_MARK = "sahelreport-recorded-inputs:"
TIMEOUT_S = 300  # as execution_timeout in _config.yml
STARTUP_TIMEOUT_S = 180  # a kernel starting on a busy new machine (byte-compiling, font cache) takes more than 60 s

PREAMBLE = """\
import os as _sahel_os, sys as _sahel_sys
_sahel_opened = set()
def _sahel_audit(event, args):
    if event == "open" and args and isinstance(args[0], (str, bytes, _sahel_os.PathLike)):
        _sahel_opened.add(_sahel_os.fsdecode(args[0]))
_sahel_sys.addaudithook(_sahel_audit)
"""

POSTAMBLE = """\
import json as _sahel_json
print({mark!r} + _sahel_json.dumps({{
    "opened": sorted(_sahel_opened),
    "modules": sorted(m.__file__ for n, m in list(_sahel_sys.modules.items())
                      if (n == "sahelreport" or n.startswith("sahelreport.")) and getattr(m, "__file__", None)),
}}))
"""


class ExecutionFailed(RuntimeError):
    """A notebook cell raised: the message names the notebook, the cell and the error."""


@dataclass(frozen=True)
class Executed:
    """One executed notebook: where it came from, what it read, how long it took."""

    source: Path
    notebook: nbformat.NotebookNode
    opened: tuple[str, ...]  # absolute paths of the files it opened
    modules: tuple[str, ...]  # files of the sahelreport modules it imported
    seconds: float


def read_notebook(source: Path) -> nbformat.NotebookNode:
    """The notebook as MyST-NB reads it (the same cells, so the same jupyter-cache hash)."""
    skip_slow_optional_imports()
    from myst_nb.core.read import read_myst_markdown_notebook

    return read_myst_markdown_notebook(source.read_text(encoding="utf-8"), path=source)


def _recorded(cell: nbformat.NotebookNode) -> dict:
    for output in cell.get("outputs", []):
        for line in str(output.get("text", "")).splitlines():
            if line.startswith(RECORD_MARK):
                return json.loads(line[len(RECORD_MARK):])
    raise ExecutionFailed("the recording cell printed nothing")


def _error_message(source: Path, nb: nbformat.NotebookNode, error: Exception) -> str:
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return f"{source}: code cell {index} raised {output['ename']}: {output['evalue']}"
    return f"{source}: {type(error).__name__}: {error}"


def execute_one(source: Path, env: dict[str, str], log: Path | None = None) -> Executed:
    """Run one notebook to the end in a fresh kernel; raise ExecutionFailed on the first failing cell.
    The kernel's own messages (stderr) go to `log`."""
    skip_slow_optional_imports()
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    os.environ.update(env)
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("w", encoding="utf-8") as handle:
            os.dup2(handle.fileno(), 2)  # this worker process only: the kernel it starts inherits it
    nb = read_notebook(source)
    code_cells = len(nb.cells)
    nb.cells.insert(0, nbformat.v4.new_code_cell(PREAMBLE))
    nb.cells.append(nbformat.v4.new_code_cell(POSTAMBLE.format(mark=RECORD_MARK)))
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=TIMEOUT_S, startup_timeout=STARTUP_TIMEOUT_S, kernel_name="python3",
                            allow_errors=False, record_timing=False, resources={"metadata": {"path": str(source.parent)}})
    try:
        client.execute()
    except CellExecutionError as error:
        nb.cells = nb.cells[1:-1]
        raise ExecutionFailed(_error_message(source, nb, error)) from None
    record = _recorded(nb.cells[-1])
    nb.cells = nb.cells[1:-1]
    assert len(nb.cells) == code_cells
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("execution_count"):
            cell.execution_count -= 1
    return Executed(source, nb, tuple(record["opened"]), tuple(record["modules"]), time.perf_counter() - start)


def execute_all(sources: list[Path], env: dict[str, str], logs: Path | None = None,
                workers: int | None = None) -> list[Executed]:
    """Execute notebooks in parallel (one kernel per core by default); the first failure stops the rest.
    With `logs`, each kernel's messages go to logs/<notebook>.log."""
    return execute_jobs([(source, env, logs / f"{source.stem}.log" if logs else None) for source in sources], workers)


def execute_jobs(jobs: list[tuple[Path, dict[str, str], Path | None]], workers: int | None = None) -> list[Executed]:
    """Execute (notebook, environment, log) jobs in parallel, results in the order of the jobs; the first
    failure stops the rest."""
    if not jobs:
        return []
    workers = min(len(jobs), workers or os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(execute_one, source, env, log) for source, env, log in jobs]
        try:
            return [future.result() for future in futures]
        except ExecutionFailed:
            for future in futures:
                future.cancel()
            raise
