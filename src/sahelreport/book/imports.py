"""Which modules of the package a notebook depends on, from the names it imported while it ran.

A module's own top-level imports run when it is first imported, so the modules a notebook needs are the ones
it imported (directly, or lazily inside a function it called) plus, transitively, each one's top-level imports
and parent packages. The top-level imports are read from the source (`ast`), so the answer is the same in a
kernel that executed other notebooks before (whose modules are already imported) as in a fresh one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from functools import cache
from pathlib import Path

PACKAGE_NAME = "sahelreport"


def module_file(package_root: Path, name: str) -> Path | None:
    """The source file of module `name` (dotted) under the folder holding the package, or None."""
    base = package_root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _top_level_statements(body: list[ast.stmt]) -> Iterable[ast.stmt]:
    """The statements that run at import: the body, with if/try/with blocks opened (not `if TYPE_CHECKING:`),
    class bodies included, function bodies left out."""
    for statement in body:
        yield statement
        if isinstance(statement, ast.If):
            if not _is_type_checking(statement.test):
                yield from _top_level_statements(statement.body)
            yield from _top_level_statements(statement.orelse)
        elif isinstance(statement, ast.Try):
            for block in (statement.body, statement.orelse, statement.finalbody,
                          *(handler.body for handler in statement.handlers)):
                yield from _top_level_statements(block)
        elif isinstance(statement, (ast.With, ast.ClassDef)):
            yield from _top_level_statements(statement.body)


def _absolute(module: str | None, level: int, importer: str, is_package: bool) -> str:
    if not level:
        return module or ""
    parts = importer.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, *([module] if module else [])])


@cache
def _imported_at_import(source: Path, name: str) -> tuple[str, ...]:
    """The dotted names module `name` (file `source`) imports at its top level, `from a import b` giving a and a.b."""
    tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    is_package = source.name == "__init__.py"
    names: list[str] = []
    for statement in _top_level_statements(tree.body):
        if isinstance(statement, ast.Import):
            names += [alias.name for alias in statement.names]
        elif isinstance(statement, ast.ImportFrom):
            module = _absolute(statement.module, statement.level, name, is_package)
            names += [module, *(f"{module}.{alias.name}" for alias in statement.names)]
    return tuple(names)


def _with_parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def needed_modules(package_root: Path, imported: Iterable[str]) -> list[Path]:
    """The source files of every package module that importing the dotted names `imported` runs (names that are
    not modules of the package, such as `from m import function`, are left out)."""
    seen: set[str] = set()
    files: set[Path] = set()
    frontier = [n for name in imported for n in _with_parents(name)]
    while frontier:
        name = frontier.pop()
        if name in seen or not (name == PACKAGE_NAME or name.startswith(PACKAGE_NAME + ".")):
            continue
        seen.add(name)
        source = module_file(package_root, name)
        if source is None:
            continue
        files.add(source.resolve())
        frontier += [n for imported_name in _imported_at_import(source, name) for n in _with_parents(imported_name)]
    return sorted(files)
