"""`python -m sahelreport.book.jupyter_book_cli build ...`: the jupyter-book command, started without the slow
optional import `book.quick_imports` names, recording what it reads when asked (`book.job_inputs`); the build runs
it for the HTML and the PDF."""

from __future__ import annotations

from sahelreport.book.job_inputs import record_if_asked
from sahelreport.book.quick_imports import skip_slow_optional_imports

BUILDER_ENV = "SAHELREPORT_SPHINX_BUILDER"  # the builder a job runs (`--builder`), set by the build that starts it


def main() -> None:
    """Run Jupyter Book's command line in this process."""
    skip_slow_optional_imports()
    record_if_asked()
    from jupyter_book.cli.main import main as jupyter_book

    jupyter_book()


if __name__ == "__main__":
    main()
