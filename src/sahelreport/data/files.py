"""Read an input file for validation: a missing, unreadable, non-UTF-8 or malformed file is a Problem, not a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sahelreport.data.problems import Problem


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The file's text (UTF-8, without a byte-order mark), or None and why it cannot be read."""
    if not path.exists():
        return None, [Problem(shown, None, None, None, "file is missing")]
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(shown, None, None, None, f"cannot read the file: {error.strerror or error}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        bad = data[error.start : error.end].hex(" ")
        return None, [Problem(shown, line, None, f"bytes {bad}", f"file is not UTF-8 encoded (at byte {error.start})")]
    return text.removeprefix("\ufeff"), []


def read_json(path: Path, shown: str) -> tuple[Any, list[Problem]]:
    """The file's JSON value, or None and why it cannot be read (missing, empty, not UTF-8, not JSON: where)."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(shown, None, None, None, f"file is empty ({len(text.encode())} bytes)")]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        at_end = error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string")
        truncated = " (the file looks truncated)" if at_end else ""
        return None, [Problem(shown, error.lineno, None, None,
                              f"not valid JSON at column {error.colno} (character {error.pos}): {error.msg}{truncated}")]
