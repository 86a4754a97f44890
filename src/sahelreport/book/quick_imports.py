"""One slow optional import kept out of the build's processes.

jsonschema, when the optional package rfc3987-syntax is installed (JupyterLab's jupyter-events asks for it),
compiles that package's URI grammars on import: about 1.5 s in every process that imports jsonschema
(nbformat's validator, Jupyter Book's config check). Neither ever checks a URI format, so the build's
processes tell Python the package is absent; jsonschema then simply leaves out those format checkers.
"""

from __future__ import annotations

import sys

SKIPPED = ("rfc3987_syntax",)


def skip_slow_optional_imports() -> None:
    """Make `import rfc3987_syntax` fail fast in this process (only if nothing has imported it yet)."""
    for name in SKIPPED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
