"""The language a process writes in (placeholder until the figures' language tables land)."""

from __future__ import annotations

import os

LANGUAGES = ("en", "fr")
LANGUAGE_ENV = "SAHELREPORT_LANG"


def current() -> str:
    """The language of this process: $SAHELREPORT_LANG, default English."""
    code = os.environ.get(LANGUAGE_ENV, "en")
    if code not in LANGUAGES:
        raise ValueError(f"{LANGUAGE_ENV}={code!r} is not one of {', '.join(LANGUAGES)}")
    return code
