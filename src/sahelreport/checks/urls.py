"""Addresses in the book: which leave it (the one remote-address test), and which file a local one names."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

REMOTE = re.compile(r"^\s*(?:https?:|//)", re.IGNORECASE)
NOT_FILES = ("mailto:", "tel:", "javascript:", "data:")


def is_remote(url: str) -> bool:
    """Whether a URL, href or src is fetched from another site: http:, https: or scheme-relative (//host/...)."""
    return bool(REMOTE.match(url))


def is_book_file(url: str) -> bool:
    """Whether a link names a file of the book itself: not another site, nor mailto:, tel:, javascript: or data:."""
    return not is_remote(url) and not url.strip().lower().startswith(NOT_FILES)


def linked_file(page: Path, url: str) -> Path:
    """The file a relative link of `page` names (query and fragment dropped, %-escapes decoded)."""
    return (page.parent / unquote(urlsplit(url).path)).resolve()
