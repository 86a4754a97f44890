"""What each executed notebook read, and so when it is stale.

The rule: a notebook is executed again when its own text changed, when a file it read while executing
(a data table, references.bib, a boundary layer, a module of this package) changed or disappeared, when
the Python environment changed (requirements.lock, the interpreter), or when its executed copy is
missing from the cache. Nothing else re-runs it. What it read is recorded, not declared (`book.execute`).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_VERSION = 2  # 2: with the sha256 of each executed notebook
IGNORED_PARTS = frozenset({"_build", ".venv", "__pycache__", ".git", ".ipynb_checkpoints"})


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, or '' when it does not exist."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


def environment_key(root: Path) -> str:
    """The Python environment the notebooks ran in: the interpreter and the locked dependencies."""
    return hashlib.sha256(f"{sys.version}|{sys.executable}|{file_sha256(root / 'requirements.lock')}".encode()).hexdigest()


def relevant_inputs(root: Path, opened: Iterable[str], modules: Iterable[str]) -> list[Path]:
    """The opened files that belong to the project (not its build outputs or the venv), plus the package modules."""
    kept: set[Path] = set()
    for name in [*opened, *modules]:
        path = Path(name)
        if not path.is_absolute() or path.suffix == ".pyc" or not path.is_file():
            continue
        path = path.resolve()
        inside = path.is_relative_to(root)
        if inside and IGNORED_PARTS.isdisjoint(path.relative_to(root).parts):
            kept.add(path)
        elif not inside and name in modules:
            kept.add(path)  # the package installed outside the project
    return sorted(kept)


def _key(root: Path, path: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


@dataclass
class Manifest:
    """The recorded inputs of every executed notebook, by notebook path relative to the root."""

    root: Path
    environment: str = ""
    notebooks: dict[str, dict[str, str]] = field(default_factory=dict)  # notebook -> {input: sha256}
    outputs: dict[str, str] = field(default_factory=dict)  # notebook -> sha256 of its executed copy

    @classmethod
    def load(cls, path: Path, root: Path) -> Manifest:
        """The manifest at `path`, or an empty one when it is missing, unreadable or of another version."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
            return cls(root)
        if data.get("version") != MANIFEST_VERSION:
            return cls(root)
        return cls(root, data.get("environment", ""), data.get("notebooks", {}), data.get("outputs", {}))

    def save(self, path: Path) -> None:
        """Write atomically: a build killed while writing leaves the previous manifest."""
        data = {"version": MANIFEST_VERSION, "environment": self.environment, "notebooks": self.notebooks,
                "outputs": self.outputs}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, path)

    def record(self, source: Path, inputs: Iterable[Path], output_sha256: str = "") -> bool:
        """Note what `source` read (its own text is always one of its inputs) and the sha256 of its executed copy;
        say whether that copy differs from the one recorded before (what Sphinx shows of it changed)."""
        files = {source.resolve(), *inputs}
        key = _key(self.root, source.resolve())
        self.notebooks[key] = {_key(self.root, p): file_sha256(p) for p in sorted(files)}
        changed = self.outputs.get(key) != output_sha256 or not output_sha256
        self.outputs[key] = output_sha256
        return changed

    def output(self, source: Path) -> str:
        """The sha256 of the executed copy of `source` last recorded ('' when it never ran)."""
        return self.outputs.get(_key(self.root, source.resolve()), "")

    def why_stale(self, source: Path) -> str | None:
        """Why `source` must run again (the first changed input), or None when its recorded inputs are unchanged."""
        recorded = self.notebooks.get(_key(self.root, source.resolve()))
        if recorded is None:
            return "never executed"
        if self.environment != environment_key(self.root):
            return "the Python environment changed"
        for name, sha in recorded.items():
            path = Path(name) if Path(name).is_absolute() else self.root / name
            if file_sha256(path) != sha:
                return f"{name} changed" if sha and path.exists() else f"{name} is gone"
        return None

    def readers(self, input_name: str) -> list[str]:
        """The notebooks that read `input_name` (a path relative to the root)."""
        return sorted(nb for nb, inputs in self.notebooks.items() if input_name in inputs)
