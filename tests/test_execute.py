"""Notebooks executed one after another in a reused kernel give the same outputs and record the same inputs as
each in a kernel of its own; the package modules a notebook needs are worked out from the names it imported."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sahelreport import paths
from sahelreport.book.build import KERNEL_EPOCH, _environment
from sahelreport.book.execute import Executed, execute_jobs
from sahelreport.book.imports import needed_modules
from sahelreport.book.manifest import relevant_inputs
from sahelreport.data.load import VALIDATED_ENV

MODULES = ("sahelreport.figures.maps", "sahelreport.figures.charts", "sahelreport.book.tables",
           "sahelreport.data.derive.counts", "sahelreport.book.notebook")


@pytest.mark.parametrize("module", MODULES)
def test_the_modules_needed_are_the_ones_a_fresh_import_loads(module: str) -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", f"import sys, {module}\n"
         "print('\\n'.join(sorted(m.__file__ for n, m in sys.modules.items() if n.split('.')[0] == 'sahelreport')))"],
        capture_output=True, text=True, check=True).stdout.split()
    assert [str(p) for p in needed_modules(paths.PACKAGE.parent, [module])] == sorted(str(Path(f).resolve())
                                                                                      for f in loaded)


def test_relative_imports_count_and_type_checking_imports_do_not(tmp_path: Path) -> None:
    package = tmp_path / "sahelreport"
    (package / "sub").mkdir(parents=True)
    for name, text in {
        "__init__.py": "",
        "sub/__init__.py": "from . import a\n",
        "sub/a.py": "from typing import TYPE_CHECKING\nfrom .. import b\nif TYPE_CHECKING:\n    from . import c\n"
                    "def later():\n    from . import d\n",
        "b.py": "try:\n    import sahelreport.e\nexcept ImportError:\n    pass\n",
        "c.py": "", "d.py": "", "e.py": "",
    }.items():
        (package / name).write_text(textwrap.dedent(text), encoding="utf-8")
    found = {p.relative_to(package).as_posix() for p in needed_modules(tmp_path, ["sahelreport.sub"])}
    assert found == {"__init__.py", "sub/__init__.py", "sub/a.py", "b.py", "e.py"}
    assert {p.name for p in needed_modules(tmp_path, ["sahelreport.d", "sahelreport.sub.a.later"])} == {
        "__init__.py", "d.py", "a.py", "b.py", "e.py"}


def _inputs(run: Executed) -> set[str]:
    root = paths.project().root
    return {str(p.relative_to(root)) for p in relevant_inputs(root, run.opened, run.modules)}


@pytest.mark.build
def test_a_reused_kernel_gives_what_a_fresh_one_gives() -> None:
    where = paths.project()
    env = {**_environment(where.root, KERNEL_EPOCH), VALIDATED_ENV: "1", "SAHELREPORT_LANG": "fr"}
    sources = [where.root / name for name in ("chapters/two-readings.md", "chapters/chronology.md", "index.md")]
    reused = execute_jobs([(source, env) for source in sources], workers=1)
    for run in reused:
        fresh = execute_jobs([(run.source, env)], workers=1)[0]
        assert _inputs(run) == _inputs(fresh), run.source
        assert "data/events.csv" in _inputs(run) and "src/sahelreport/book/recorder.py" not in _inputs(run)
        cells = [(c.execution_count, c.outputs) for c in run.notebook.cells if c.cell_type == "code"]
        assert cells == [(c.execution_count, c.outputs) for c in fresh.notebook.cells if c.cell_type == "code"]
