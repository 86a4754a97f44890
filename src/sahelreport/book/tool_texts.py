"""The interactive tools' interface texts (filters, buttons, status lines, the map legend) in the edition's
language, from the package's texts table (keys `tool.*`, and the names of event types and relationships),
written as `_static/tools/texts.js` for `chronology.js` and `map.js`. A `{name}` in a text is filled by the
script."""

from __future__ import annotations

import json
from pathlib import Path

from sahelreport.figures.texts import read_texts
from sahelreport.language import resolve

GROUPS = {"texts": "tool.", "types": "type.", "relationships": "relationship."}  # by the prefix of their keys
FILE = Path("tools") / "texts.js"


def _typography(text: str, language: str) -> str:
    if language != "fr":
        return text
    from sahelreport.book.translation import french_spacing

    return french_spacing(text)


def tool_texts(lang: str | None = None) -> dict[str, dict[str, str]]:
    """{"texts": {name: text}, "types": {code: name}, "relationships": {code: name}} in a language (default:
    the process's)."""
    language = resolve(lang)
    rows = read_texts()
    return {group: {key.removeprefix(prefix): _typography(row.texts[language], language)
                    for key, row in rows.items() if key.startswith(prefix)}
            for group, prefix in GROUPS.items()}


def write_tool_texts(static_dir: Path, lang: str | None = None) -> Path:
    """Write texts.js (`window.SAHEL_TEXTS = {...}`) under `static_dir` and return its path."""
    out = static_dir / FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(tool_texts(lang), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    out.write_text(f"window.SAHEL_TEXTS = {data};\n", encoding="utf-8")
    return out
