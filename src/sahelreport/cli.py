"""`sahelreport` command: validate, sources, build, boundaries, lint, linkcheck, bench, changes."""

from __future__ import annotations

import argparse
import sys
import time

from sahelreport import paths
from sahelreport.data.problems import DataValidationError


def _validate() -> int:
    from sahelreport.data.load import load_dataset

    start = time.perf_counter()
    try:
        ds = load_dataset()
    except DataValidationError as error:
        print(error, file=sys.stderr)
        return 2
    took = time.perf_counter() - start
    print(
        f"Data valid: {len(ds.events)} events, {len(ds.places)} places, {len(ds.claims)} claims, "
        f"{len(ds.sources)} sources ({took:.2f} s)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sahelreport", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check every data file; list all problems")
    build = commands.add_parser("build", help="validate, then build the HTML book and the PDF")
    build.add_argument("--no-pdf", action="store_true", help="build the HTML only")
    build.add_argument("--language", action="append", metavar="CODE",
                       help="build only this language edition (repeatable; default: every edition); "
                            "the others stay as last published")
    commands.add_parser("boundaries", help="regenerate data/boundaries from the source packages")
    bench = commands.add_parser("bench", help="time cold, no-op and incremental builds and the tests; page and PDF weights")
    bench.add_argument("--no-tests", action="store_true", help="leave out the timing of the test suite")
    lint = commands.add_parser("lint", help="publication rules: figures, citations, typed numbers, TODOs")
    lint.add_argument("--sources-only", action="store_true", help="check the chapters only, not the built book")
    lint.add_argument("--require-html", action="store_true", help="fail when there is no built book to check")
    commands.add_parser("sources", help="the sources profile by kind (overall, per chapter, per confidence); rule breaches")
    commands.add_parser("changes", help="what changed in the data since the previous edition (editions.yml, git history)")
    translations = commands.add_parser("translations", help="the translations' completeness per page and their problems")
    translations.add_argument("--update", action="store_true",
                              help="first merge the English text's current messages into the catalogues (sphinx-intl)")
    commands.add_parser("linkcheck", help="list the book's external links with their HTTP status (needs internet)")
    args = parser.parse_args(argv)
    try:
        paths.project()
        return _run(args)
    except RuntimeError as error:  # no project root found
        print(f"sahelreport: {error}", file=sys.stderr)
        return 2
    except DataValidationError as error:  # a command other than validate and build met a broken input file
        print(error, file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return _validate()
    if args.command == "build":
        from sahelreport.book.build import main as build_main

        return build_main(pdf=not args.no_pdf, languages=args.language)
    if args.command == "boundaries":
        from sahelreport.geo.regenerate import regenerate

        for name, record in regenerate().items():
            print(f"{name}: {record['bytes']} bytes, sha256 {record['sha256'][:12]}…")
        return 0
    if args.command == "lint":
        from sahelreport.checks.lint import main as lint_main

        return lint_main(require_html=args.require_html, sources_only=args.sources_only)
    if args.command == "sources":
        from sahelreport.data.sources_profile import main as sources_main

        return sources_main()
    if args.command == "changes":
        from sahelreport.book.changes import main as changes_main

        return changes_main()
    if args.command == "translations":
        from sahelreport.book.catalogues import main as translations_main

        return translations_main(refresh=args.update)
    if args.command == "linkcheck":
        from sahelreport.checks.links import main as linkcheck_main

        return linkcheck_main()
    if args.command == "bench":
        from sahelreport.checks.bench import main as bench_main

        return bench_main(with_tests=not args.no_tests)
    return 1


if __name__ == "__main__":
    sys.exit(main())
