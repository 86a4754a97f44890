"""Execute the chapters' notebooks in parallel, in reused kernels, recording which project files each one read.

Each worker process starts one kernel and executes its share of the notebooks in it one after the other, so
starting Python and importing the scientific stack is paid once per worker, not once per notebook. Two cells are
added around each notebook and removed again before the result is stored (`book.recorder`): the first gives the
kernel a fresh start (empty namespace, the package's caches emptied, matplotlib reset) and starts recording every
file opened and every package name imported; the last prints what was recorded. `book.imports` turns the
imported names into the package's module files, so the recorded inputs are the same as in a fresh kernel. The
executed notebook goes into Jupyter Book's own execution cache (jupyter-cache), so Sphinx finds it there and
executes nothing itself; the recorded inputs go into the manifest (`book.manifest`).
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context, util
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sahelreport.book.quick_imports import skip_slow_optional_imports
from sahelreport.book.recorder import RECORD_MARK

if TYPE_CHECKING:
    import nbformat

TIMEOUT_S = 300  # as execution_timeout in _config.yml
STARTUP_TIMEOUT_S = 180  # a kernel starting on a busy new machine (byte-compiling, font cache) takes more than 60 s

FIRST_CELL = '__import__("sahelreport.book.recorder", fromlist=["start"]).start({env}, {cwd!r})'
LAST_CELL = 'print(__import__("sahelreport.book.recorder", fromlist=["report"]).report())'


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


_kernel: Any = None  # this worker's kernel: (kernel manager, kernel client), started by its first notebook


def _shut_down_kernel() -> None:
    global _kernel
    if _kernel is not None:
        manager, client = _kernel
        _kernel = None
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _start_worker(log: Path | None) -> None:
    """In each worker process: the kernel's own messages (stderr) go to `log`; the kernel is shut down at exit."""
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.with_name(f"{log.stem}-{os.getpid()}{log.suffix}").open("w", encoding="utf-8") as handle:
            os.dup2(handle.fileno(), 2)  # this worker process only: the kernel it starts inherits it
    util.Finalize(None, _shut_down_kernel, exitpriority=100)


def execute_one(source: Path, env: dict[str, str]) -> Executed:
    """Run one notebook to the end in this process's kernel (started by its first notebook, given a fresh start
    before each next one by `book.recorder`); raise ExecutionFailed on the first failing cell."""
    global _kernel
    skip_slow_optional_imports()
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    from sahelreport.book.imports import needed_modules

    os.environ.update(env)
    nb = read_notebook(source)
    code_cells = len(nb.cells)
    nb.cells.insert(0, nbformat.v4.new_code_cell(FIRST_CELL.format(env=repr(dict(env)), cwd=str(source.parent))))
    nb.cells.append(nbformat.v4.new_code_cell(LAST_CELL))
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=TIMEOUT_S, startup_timeout=STARTUP_TIMEOUT_S, kernel_name="python3",
                            allow_errors=False, record_timing=False, resources={"metadata": {"path": str(source.parent)}},
                            **({"km": _kernel[0]} if _kernel else {}))
    if _kernel:
        client.kc = _kernel[1]
    try:
        client.execute(cleanup_kc=False)
    except (CellExecutionError, DeadKernelError, TimeoutError) as error:
        _kernel = (client.km, client.kc)
        _shut_down_kernel()  # a kernel a notebook failed in is not reused
        nb.cells = nb.cells[1:-1]
        raise ExecutionFailed(_error_message(source, nb, error)) from None
    _kernel = (client.km, client.kc)
    record = _recorded(nb.cells[-1])
    nb.cells = nb.cells[1:-1]
    assert len(nb.cells) == code_cells
    for cell in nb.cells:  # numbered as in a kernel of their own: from 1, the kernel's count runs on
        if cell.cell_type == "code" and cell.get("execution_count"):
            cell.execution_count -= 1
            for output in cell.outputs:
                if output.get("output_type") == "execute_result":
                    output["execution_count"] = cell.execution_count
    modules = needed_modules(Path(record["package_root"]), record["imported"])
    return Executed(source, nb, tuple(record["opened"]), tuple(str(m) for m in modules), time.perf_counter() - start)


def execute_jobs(jobs: list[tuple[Path, dict[str, str]]], log: Path | None = None,
                 workers: int | None = None) -> list[Executed]:
    """Execute (notebook, environment) jobs in parallel, one kernel per worker (one worker per core by default),
    results in the order of the jobs; the first failure stops the rest. With `log`, each kernel's own messages go
    to a file named after it and the worker's process id."""
    if not jobs:
        return []
    workers = min(len(jobs), workers or os.cpu_count() or 1)
    if log is not None:
        for old in log.parent.glob(f"{log.stem}-*{log.suffix}"):
            old.unlink()
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=_start_worker,
                             initargs=(log,)) as pool:
        futures = [pool.submit(execute_one, source, env) for source, env in jobs]
        try:
            return [future.result() for future in futures]
        except ExecutionFailed:
            for future in futures:
                future.cancel()
            raise
