"""Plain text made safe for LaTeX (XeLaTeX: Unicode passes through, the special characters are escaped)."""

from __future__ import annotations

SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
           "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def escape(text: str) -> str:
    """`text` as LaTeX that prints it literally."""
    return "".join(SPECIAL.get(char, char) for char in str(text))
