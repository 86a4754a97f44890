"""Inside a notebook kernel: note what a notebook reads, and give a reused kernel a fresh start.

The build executes many notebooks in one kernel (`book.execute`), so that each does not pay for starting Python
and importing the scientific stack. Two cells added around each notebook call this module:

- `start(env, cwd)` first: in a kernel that ran a notebook before, it empties the user namespace (IPython's
  `%reset -f`), every cache of the package (so a notebook opens each data file it uses, as in a fresh kernel),
  matplotlib's figures and settings; then it sets the notebook's environment and folder and starts recording;
- `report()` last: the files the notebook opened (an audit hook) and the dotted names it imported (the import
  hook), as one line the build reads. `book.imports` turns the names into the package modules needed.
"""

from __future__ import annotations

import builtins
import importlib.util
import json
import os
import sys
from collections.abc import Mapping
from typing import Any

from sahelreport.book.imports import PACKAGE_NAME
from sahelreport.book.quick_imports import skip_slow_optional_imports

RECORD_MARK = "sahelreport-recorded-inputs:"


class Recorder:
    """The files opened and the package names imported since the last `clear`."""

    def __init__(self) -> None:
        self.opened: set[str] = set()
        self.imported: set[str] = set()
        self.original_import = builtins.__import__
        self.matplotlib_settings: Any = None  # a copy of matplotlib.rcParams, once pyplot is imported

    def audit(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            self.opened.add(os.fsdecode(args[0]))

    def recorded_import(self, name: str, globals: Mapping[str, Any] | None = None, locals: Any = None,
                        fromlist: Any = (), level: int = 0) -> Any:
        module = self.original_import(name, globals, locals, fromlist, level)
        if level and globals is not None:
            name = importlib.util.resolve_name("." * level + name, globals.get("__package__") or "")
        if name == PACKAGE_NAME or name.startswith(PACKAGE_NAME + "."):
            self.imported.add(name)
            self.imported.update(f"{name}.{item}" for item in fromlist or () if item != "*")
        return module

    def clear(self) -> None:
        self.opened.clear()
        self.imported.clear()


_recorder: Recorder | None = None


def _package_modules() -> list[Any]:
    return [m for n, m in list(sys.modules.items()) if n == PACKAGE_NAME or n.startswith(PACKAGE_NAME + ".")]


def _forget_earlier_notebook(recorder: Recorder) -> None:
    """What a notebook run before in this kernel left: its names, the package's caches, matplotlib's state."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.run_line_magic("reset", "-f")
    for module in _package_modules():
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
    import matplotlib
    import matplotlib.pyplot as plt

    plt.close("all")
    if recorder.matplotlib_settings is not None:
        matplotlib.rcParams.update(recorder.matplotlib_settings)


def start(env: Mapping[str, str], cwd: str) -> None:
    """Before a notebook's first cell: a fresh start (in a reused kernel), its environment and folder, recording on."""
    global _recorder
    if _recorder is None:
        skip_slow_optional_imports()  # before the notebook imports myst_nb (nbformat, jsonschema)
        import matplotlib
        import matplotlib.pyplot  # noqa: F401  (the inline backend sets its settings when pyplot is imported)

        _recorder = Recorder()
        _recorder.matplotlib_settings = matplotlib.rcParams.copy()
        sys.addaudithook(_recorder.audit)
        builtins.__import__ = _recorder.recorded_import
    else:
        _forget_earlier_notebook(_recorder)
    os.environ.update(env)
    os.chdir(cwd)
    _recorder.clear()


def report() -> str:
    """After a notebook's last cell: the line the build reads (what was opened and imported)."""
    if _recorder is None:
        raise RuntimeError("recorder.start() was not called in this kernel")
    imported = {n for n in _recorder.imported if not n.startswith(__name__)}  # the cell calling this imported it
    record = {"opened": sorted(_recorder.opened), "imported": sorted(imported),
              "package_root": os.path.dirname(os.path.dirname(sys.modules[PACKAGE_NAME].__file__ or ""))}
    return RECORD_MARK + json.dumps(record)
