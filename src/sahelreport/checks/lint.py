"""`sahelreport lint`: the publication rules that no Sphinx warning catches.

Two layers, both reported at once, each problem with its file, line and figure:

1. The sources (every document of _toc.yml): each figure has a label (`:name:`), alt text
   and a caption, and is cross-referenced with {numref}; no figure or table is referred to by a
   typed number ("Figure 3"); every {cite} key is in the bibliography; no TODO/FIXME is left; the
   article is never "the seed article".
   A typed number that is not one of ours ("Table 2 of the UN report") is allowed by a MyST
   comment on the line before: `% lint: allow typed-number` (likewise `todo`).
2. The built HTML (`_build/html`), i.e. what ships: each image is a numbered, labelled figure
   with meaningful alt text, and its image file carries a source line; a map also carries the
   no-endorsement disclaimer.

How the image check reads text drawn as paths: figures are SVG with `svg.fonttype: path`, so
their text is not searchable as text. Matplotlib's SVG writer, however, puts each line of
every text artist in an XML comment just before its glyphs (`<!-- Source: ... -->`); the linter
reads those comments, i.e. the very text drawn in the published image. A figure is a map when
the notebook glues it from a `sahelreport.maps` function, or when its image has a scale bar
(every map has one; a text such as "500 km") or a layer drawn by geopandas. A test in
tests/test_lint.py keeps the comment assumption honest for the installed matplotlib.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from bs4 import Tag

from sahelreport import paths
from sahelreport.book import toc
from sahelreport.checks.html_scan import attribute, main_content, parse_file, source_line, text_of
from sahelreport.checks.myst_scan import Directive, Document, scan
from sahelreport.checks.urls import linked_file
from sahelreport.data.bibliography import read_bibliography

FIGURE_DIRECTIVES = {"figure", "glue:figure"}
IMAGE_DIRECTIVES = {"image", "glue", "glue:any"}
BARE_URL = re.compile(r"https?://\S+")  # a URL written as text (or an autolink's text) is not prose
TYPED_NUMBER = re.compile(r"\b(?:fig(?:ure)?s?\.?|tables?|maps?|charts?)\s+\d+(?:\.\d+)*\b", re.IGNORECASE)
LEFTOVER = re.compile(r"\b(?:TODO|FIXME)\b")
# Words of the project's workshop that readers never see: the article is "the DZ Patriots article".
HOUSE_WORDING = {re.compile(r"\bseed\s+(?:article|text|post)s?\b", re.IGNORECASE):
                 "call it the DZ Patriots article (or the article), not the seed"}
ALLOW = re.compile(r"^\s*%\s*lint:\s*allow\s+(?P<rules>[\w\s,-]+)$")
AUTO_ID = re.compile(r"^id\d+$")
SVG_COMMENT = re.compile(r"<!-- (.*?) -->", re.S)
GEOPANDAS_LAYER = 'id="_GeoPandas'
SCALE_BAR = re.compile(r"^\d[\d,.]*\s?(?:km|m)$")
MIN_ALT_CHARS = 15
MIN_ALT_WORDS = 3


@dataclass(frozen=True, order=True)
class LintProblem:
    """One broken rule: where, about what, and what is wrong."""

    file: str
    line: int
    subject: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.subject}: {self.message}"


@dataclass
class LintReport:
    """Every problem found, and what was checked."""

    problems: list[LintProblem] = field(default_factory=list)
    documents: int = 0
    figures: int = 0
    html_checked: bool = False


@dataclass
class _Sources:
    """What the source pass learns and the HTML pass needs."""

    figure_labels: dict[str, tuple[str, int]] = field(default_factory=dict)  # label -> (file, line)
    referenced: set[str] = field(default_factory=set)
    map_labels: set[str] = field(default_factory=set)


def _document_text(path: Path) -> str:
    """MyST text of a document; an .ipynb becomes its cells in MyST form."""
    if path.suffix != ".ipynb":
        return path.read_text(encoding="utf-8")
    notebook = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in notebook.get("cells", []):
        source = "".join(cell.get("source", []))
        parts.append(f"```{{code-cell}} ipython3\n{source}\n```" if cell.get("cell_type") == "code" else source)
    return "\n\n".join(parts)


def _book_config(root: Path) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}


def myst_extensions(root: Path) -> list[str]:
    """The MyST syntax extensions the book enables (_config.yml's parse.myst_enable_extensions)."""
    return list((_book_config(root).get("parse") or {}).get("myst_enable_extensions", []))


def bibliography_keys(root: Path) -> set[str]:
    """Keys of every bibliography file named in _config.yml (references.bib by default)."""
    config = _book_config(root)
    keys: set[str] = set()
    for name in config.get("bibtex_bibfiles", ["references.bib"]):
        sources, _ = read_bibliography(root / name)
        keys |= set(sources)
    return keys


def alt_text_problem(alt: str, caption: str = "") -> str | None:
    """Why an alt text does not say what a figure shows, or None when it is fine."""
    text = " ".join(alt.split())
    if not text:
        return "no alt text"
    if re.fullmatch(r"[\w./-]+\.(?:png|svg|jpe?g|gif|pdf)", text, re.IGNORECASE):
        return f"alt text is a file name ({text!r})"
    if len(text) < MIN_ALT_CHARS or len(text.split()) < MIN_ALT_WORDS:
        return f"alt text {text!r} is too short to say what the figure shows"
    if caption and text.casefold() == " ".join(caption.split()).casefold():
        return "alt text repeats the caption; describe what the figure shows"
    return None


def _allowed(lines: dict[int, str], number: int, rule: str) -> bool:
    """Whether the line before carries a MyST comment `% lint: allow <rule>`."""
    match = ALLOW.match(lines.get(number - 1, ""))
    return bool(match and rule in re.split(r"[\s,]+", match["rules"]))


def _map_glue_keys(code_cells: list[tuple[int, str]]) -> set[str]:
    """Glue keys of figures drawn by a sahelreport.maps function (directly or through a variable)."""
    keys: set[str] = set()
    from_maps: set[str] = set()

    def uses_maps(node: ast.AST) -> bool:
        return any(
            (isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "maps")
            or (isinstance(n, ast.Name) and n.id in from_maps)
            for n in ast.walk(node)
        )

    for _, source in code_cells:
        try:
            tree = ast.parse(source)
        except SyntaxError:  # IPython magics: fall back to the direct form
            keys |= set(re.findall(r"glue(?:_figure)?\(\s*[\"']([^\"']+)[\"']\s*,\s*maps\.", source))
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and uses_maps(node.value):
                from_maps |= {t.id for t in node.targets if isinstance(t, ast.Name)}
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None))
                    in {"glue", "glue_figure"} and len(node.args) >= 2
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                    and uses_maps(node.args[1])):
                keys.add(node.args[0].value)
    return keys


def _check_figure(rel: str, directive: Directive, problems: list[LintProblem], sources: _Sources) -> None:
    label = directive.options.get("name", "")
    subject = f"figure {label or directive.argument!r}"
    if not label:
        problems.append(LintProblem(rel, directive.line, subject, "no label (:name:) to cross-reference it by"))
    else:
        sources.figure_labels.setdefault(label, (rel, directive.line))
    caption = " ".join(" ".join(directive.body).split())
    alt_problem = alt_text_problem(directive.options.get("alt", ""), caption)
    if alt_problem:
        problems.append(LintProblem(rel, directive.line, subject, f"{alt_problem} (:alt: option)"))
    if not caption:
        problems.append(LintProblem(rel, directive.line, subject, "no caption (the directive's body)"))


def _check_prose(rel: str, document: Document, lines: dict[int, str], keys: set[str], problems: list[LintProblem],
                 sources: _Sources) -> None:
    for role in document.roles:
        if role.name == "cite" or role.name.startswith("cite:"):
            for key in (k.strip() for k in role.content.split(",")):
                if key and key not in keys:
                    problems.append(LintProblem(rel, role.line, f"citation {key!r}", "not in the bibliography"))
        elif role.name == "numref":
            target = re.search(r"<([^>]+)>\s*$", role.content)
            sources.referenced.add((target.group(1) if target else role.content).strip())
    for image in document.images:
        problems.append(LintProblem(rel, image.line, f"image {image.src!r}",
                                    "a bare Markdown image has no caption or label; use a figure directive"))
    for number, prose in document.text:
        text = BARE_URL.sub(" ", prose)
        for pattern, advice in HOUSE_WORDING.items():
            for found in pattern.finditer(text):
                problems.append(LintProblem(rel, number, f"{found.group(0)!r}", advice))
        for typed in TYPED_NUMBER.finditer(text):
            if not _allowed(lines, number, "typed-number"):
                problems.append(LintProblem(rel, number, f"{typed.group(0)!r}",
                                            "typed figure or table number; use {numref}`label`"))


def lint_sources(root: Path) -> tuple[list[LintProblem], _Sources, int]:
    """Check every document of the book's table of contents."""
    problems: list[LintProblem] = []
    sources = _Sources()
    keys = bibliography_keys(root)
    extensions = myst_extensions(root)
    documents = toc.documents(root)
    for path in documents:
        rel = path.relative_to(root).as_posix()
        text = _document_text(path)
        all_lines = dict(enumerate(text.splitlines(), start=1))
        for number, source_text in all_lines.items():
            for word in LEFTOVER.findall(source_text):
                if not _allowed(all_lines, number, "todo"):
                    problems.append(LintProblem(rel, number, word, "left in the text"))
        document = scan(text, extensions)
        map_keys = _map_glue_keys(document.code_cells)
        for directive in document.directives:
            if directive.name in FIGURE_DIRECTIVES:
                _check_figure(rel, directive, problems, sources)
                if directive.name == "glue:figure" and directive.argument.split("::")[-1] in map_keys:
                    sources.map_labels.add(directive.options.get("name", directive.argument))
            elif directive.name in IMAGE_DIRECTIVES and directive.name != "glue:any":
                problems.append(LintProblem(rel, directive.line, f"{directive.name} {directive.argument!r}",
                                            "shown without a numbered caption or label; use a figure directive"))
        _check_prose(rel, document, all_lines, keys, problems, sources)
    for label, (rel, line) in sources.figure_labels.items():
        if label not in sources.referenced:
            problems.append(LintProblem(rel, line, f"figure {label!r}",
                                        "never cross-referenced: refer to it in the text with {numref}"))
    return problems, sources, len(documents)


def svg_text(svg: str) -> list[str]:
    """Every line of text drawn in a Matplotlib SVG (from the comments its writer puts before each line)."""
    return [" ".join(c.replace("- -", "--").split()) for c in SVG_COMMENT.findall(svg)]


def _check_image(rel: str, element: Tag, page: Path, sources: _Sources) -> list[LintProblem]:
    from sahelreport.figures.style import DISCLAIMER

    figure = element.find_parent("figure")
    label = attribute(figure, "id") if figure is not None else ""
    src = attribute(element, "src")
    subject = f"figure {label!r}" if label and not AUTO_ID.match(label) else f"image {src!r}"
    found: list[LintProblem] = []

    def problem(message: str) -> None:
        found.append(LintProblem(rel, source_line(element), subject, message))

    caption_text = ""
    if figure is None:
        problem("not inside a figure: no numbered caption or label")
    else:
        if not label or AUTO_ID.match(label):
            problem("the figure has no label (:name:)")
        caption = figure.find("figcaption")
        caption_span = figure.find("span", class_="caption-text")
        caption_text = text_of(caption_span) if isinstance(caption_span, Tag) else ""
        if not isinstance(caption, Tag) or not caption_text:
            problem("no caption")
        elif caption.find("span", class_="caption-number") is None:
            problem("the caption is not numbered")
    alt_problem = alt_text_problem(attribute(element, "alt"), caption_text)
    if alt_problem:
        problem(alt_problem)
    image = linked_file(page, src)
    if not image.is_file():
        problem(f"image file {src!r} is missing")
    elif image.suffix.lower() != ".svg":
        problem(f"{image.suffix} image: its source line cannot be read; glue the figure as SVG (the default)")
    else:
        svg = image.read_text(encoding="utf-8", errors="replace")
        lines = svg_text(svg)
        if not any(line.startswith("Source:") for line in lines):
            problem("no source line in the figure (style.add_source_line)")
        is_map = label in sources.map_labels or GEOPANDAS_LAYER in svg or any(SCALE_BAR.match(t) for t in lines)
        if is_map and " ".join(DISCLAIMER.split()) not in " ".join(lines):
            problem("a map without the boundary disclaimer (style.add_source_line(..., disclaimer=True))")
    return found


def lint_html(root: Path, html_root: Path, sources: _Sources) -> tuple[list[LintProblem], int]:
    """Check every image of every page the table of contents builds."""
    problems: list[LintProblem] = []
    count = 0
    for name in toc.pages(root):
        page = html_root / name
        rel = page.relative_to(root).as_posix() if page.is_relative_to(root) else str(page)
        if not page.is_file():
            problems.append(LintProblem(rel, 0, "page", "missing from the built book"))
            continue
        for image in main_content(parse_file(page)).find_all("img"):
            count += 1
            problems += _check_image(rel, image, page, sources)
    return problems, count


def lint(root: Path | None = None, html_root: Path | None = None, check_html: bool = True) -> LintReport:
    """Run every check; the HTML checks only when a built book exists (or `check_html` demands it)."""
    root = root or paths.project().root
    html_root = html_root or root / "_build" / "html"
    report = LintReport()
    problems, sources, report.documents = lint_sources(root)
    report.problems += problems
    if check_html and (html_root / "index.html").is_file():
        html_problems, report.figures = lint_html(root, html_root, sources)
        report.problems += html_problems
        report.html_checked = True
    report.problems.sort()
    return report


def main(require_html: bool = False, sources_only: bool = False) -> int:
    """Command-line entry: print every problem; exit 1 when there is any."""
    try:
        report = lint(check_html=not sources_only)
    except toc.TocError as error:
        print(f"lint: {error}", file=sys.stderr)
        return 2
    if require_html and not report.html_checked:
        print(f"lint: no built book at {paths.project().html}; run `make book` first", file=sys.stderr)
        return 2
    for problem in report.problems:
        print(problem, file=sys.stderr)
    checked = f"{report.documents} documents"
    where = paths.project()
    checked += f", {report.figures} figure images in {where.html.relative_to(where.root)}" if report.html_checked else (
        " (figure images not checked: no built book)" if not sources_only else "")
    if report.problems:
        print(f"lint: {len(report.problems)} problem(s) in {checked}", file=sys.stderr)
        return 1
    print(f"lint: no problems in {checked}")
    return 0
