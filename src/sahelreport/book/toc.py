"""The book's table of contents, `_toc.yml` (Jupyter Book's jb-book format), read in one place."""

from __future__ import annotations

from pathlib import Path

import yaml

TOC = "_toc.yml"
SOURCE_SUFFIXES = (".md", ".ipynb")


class TocError(ValueError):
    """_toc.yml is missing, is not YAML, or names a document that does not exist."""


def read(root: Path) -> dict:
    """The parsed _toc.yml of the book at `root`."""
    path = root / TOC
    try:
        toc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TocError(f"{path}: no table of contents (Jupyter Book needs one)") from None
    except yaml.YAMLError as error:
        raise TocError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(toc, dict) or not isinstance(toc.get("root"), str):
        raise TocError(f"{path}: expected a mapping with a 'root' document (format: jb-book)")
    return toc


def files(toc: dict) -> list[str]:
    """Every document entry (`file:`), root first, in book order: parts, chapters and sections at any depth."""
    names = [toc["root"]]

    def walk(entries: list) -> None:
        for entry in entries:
            if not isinstance(entry, dict):
                raise TocError(f"{TOC}: entry {entry!r} is not a mapping (file:, url:, glob:, chapters:, sections:)")
            if "file" in entry:
                names.append(str(entry["file"]))
            walk(entry.get("sections", []) + entry.get("chapters", []))

    walk(toc.get("parts", []) + toc.get("chapters", []) + toc.get("sections", []))
    return names


def documents(root: Path) -> list[Path]:
    """The source file of every document of the table of contents, in book order."""
    found = []
    for name in files(read(root)):
        candidates = [root / name] if Path(name).suffix in SOURCE_SUFFIXES else [
            root / f"{name}{suffix}" for suffix in SOURCE_SUFFIXES]
        source = next((c for c in candidates if c.is_file()), None)
        if source is None:
            raise TocError(f"{root / TOC}: no document for {name!r} (looked for "
                           f"{', '.join(c.relative_to(root).as_posix() for c in candidates)})")
        found.append(source)
    return found


def pages(root: Path) -> list[str]:
    """The HTML page of every document of the table of contents (relative to the built book), in book order."""
    return [Path(name).with_suffix(".html").as_posix() if Path(name).suffix in SOURCE_SUFFIXES
            else f"{name}.html" for name in files(read(root))]
