"""Split a MyST Markdown notebook into prose lines, code cells and directives, with line numbers.

A small line scanner, enough for the linter: fences of backticks or colons (nested ones
included), directive options (`:key: value` lines or a `---` YAML block) and bodies. Prose
inside container directives (notes, admonitions) and figure captions counts as prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,})\s*(?P<info>.*)$")
DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<argument>.*)$")
OPTION = re.compile(r"^\s*:(?P<key>[\w-]+):\s?(?P<value>.*)$")
# Directives whose body is not prose: code, raw output, maths, generated content.
LITERAL_DIRECTIVES = {"code-cell", "code-block", "code", "sourcecode", "literalinclude", "raw", "math",
                      "bibliography", "csv-table", "list-table", "mermaid", "toctree", "tableofcontents"}


@dataclass
class Directive:
    """A fenced directive: name, argument, options, body lines and where it starts (1-based)."""

    name: str
    argument: str
    options: dict[str, str]
    body: list[str]
    line: int
    body_line: int


@dataclass
class Document:
    """What the linter needs from one document."""

    prose: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    code_cells: list[tuple[int, str]] = field(default_factory=list)  # (first line, source)
    directives: list[Directive] = field(default_factory=list)


def _front_matter_end(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], start=1):
            if line.strip() == "---":
                return number + 1
    return 0


def _closing(lines: list[str], start: int, fence: str) -> int:
    """Index of the line closing a fence opened just before `start` (or len(lines))."""
    char, size = fence[0], len(fence)
    for index in range(start, len(lines)):
        stripped = lines[index].strip()
        if stripped and set(stripped) == {char} and len(stripped) >= size:
            return index
    return len(lines)


def _options(body: list[str]) -> tuple[dict[str, str], int]:
    """Directive options at the top of a body, and how many body lines they take."""
    if body and body[0].strip() == "---":
        end = next((i for i in range(1, len(body)) if body[i].strip() == "---"), None)
        if end is not None:
            loaded = yaml.safe_load("\n".join(body[1:end])) or {}
            return ({str(k): "" if v is None else str(v) for k, v in loaded.items()}
                    if isinstance(loaded, dict) else {}), end + 1
    options: dict[str, str] = {}
    count = 0
    for line in body:
        match = OPTION.match(line)
        if not match:
            break
        options[match["key"]] = match["value"].strip()
        count += 1
    return options, count


def _scan(lines: list[str], offset: int, document: Document) -> None:
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            document.prose.append((offset + index + 1, lines[index]))
            index += 1
            continue
        end = _closing(lines, index + 1, match["fence"])
        body = lines[index + 1:end]
        directive = DIRECTIVE_INFO.match(match["info"].strip())
        if directive is None:  # a plain code block
            index = end + 1
            continue
        name = directive["name"]
        options, used = _options(body)
        first_body = offset + index + 2 + used
        if name == "code-cell":
            document.code_cells.append((offset + index + 2, "\n".join(body[used:])))
        else:
            document.directives.append(Directive(name, directive["argument"].strip(), options, body[used:],
                                                 offset + index + 1, first_body))
            if name not in LITERAL_DIRECTIVES:
                _scan(body[used:], first_body - 1, document)
        index = end + 1


def scan(text: str) -> Document:
    """Scan a MyST Markdown document (front matter skipped)."""
    lines = text.splitlines()
    start = _front_matter_end(lines)
    document = Document()
    _scan(lines[start:], start, document)
    return document
