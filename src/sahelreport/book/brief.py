"""The policy brief: a few A4 pages from the same data, numbers and figures as the book, so it never drifts.

`_brief/brief.tex` is a LaTeX template (its header explains the markers). After the book's notebooks ran,
`sahelreport.book.build` calls `build_brief`, which runs this module in a subprocess beside the Sphinx builds:

1. every `<<document:key>>` is replaced by the value that document's notebook glues, read from its executed
   notebook in the execution cache (the very value the book prints; a missing key stops the build);
2. the figures are drawn by the functions of the figure registry, at the page's text width;
3. the turning points since 2023 come from the chronology, the reference list from references.bib
   (the works cited, numbered);
4. XeLaTeX (latexmk) compiles `_build/work/brief/sahel-report-brief.pdf`, which the build publishes with the PDF.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, TextIO

from sahelreport import paths
from sahelreport.book.latex_text import escape

TEMPLATE = Path("_brief") / "brief.tex"
FIGURE = re.compile(r"\\brieffigure\{([\w-]+)\}")
GLUED = re.compile(r"<<([\w/.-]+):(\w+)(?::([^<>]*))?>>")  # <<document:key>> or <<document:key:format>>
CITE = re.compile(r"\\cite\{([^}]*)\}")
TIMELINE_SINCE = 2023
TIMELINE_SOURCES = 1  # sources cited per turning point: the first the chronology gives (the book lists them all)
DROPPED_FIELDS = ("note", "urldate")  # the brief's reference list is short: no notes, no dates of reading
OVERFULL = re.compile(r"^Overfull \\[hv]box \((\d+(?:\.\d+)?)pt too (?:wide|high)\)", re.M)


class BriefError(RuntimeError):
    """The brief could not be made; the message names the template line, key or file at fault."""


def work_dir(where: paths.Paths) -> Path:
    return where.work / "brief"


def built(where: paths.Paths) -> Path:
    """Where a build leaves the brief before it is published."""
    return work_dir(where) / paths.BRIEF_NAME


# --- glued values --------------------------------------------------------------------------------------------------

def glue_outputs(notebook: Any) -> dict[str, Any]:
    """The values a notebook glues (myst-nb): key -> the Python value of its text/plain representation."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook")
            text = output.get("data", {}).get(f"{scrap['mime_prefix']}text/plain") if scrap else None
            if text is not None:
                try:
                    values[scrap["name"]] = ast.literal_eval(text)
                except (ValueError, SyntaxError):
                    values[scrap["name"]] = text
    return values


def glued_values(where: paths.Paths, documents: set[str]) -> dict[str, dict[str, Any]]:
    """The glued values of each document (its path without .md), from its executed notebook in the cache."""
    from jupyter_cache import get_cache

    from sahelreport.book.execute import read_notebook

    cache = get_cache(str(where.cache))
    values = {}
    for document in sorted(documents):
        source = where.root / f"{document}.md"
        if not source.is_file():
            raise BriefError(f"{TEMPLATE}: no document {document}.md for its glued values")
        try:
            record = cache.match_cache_notebook(read_notebook(source))
        except KeyError:
            raise BriefError(f"{source.name}: no executed notebook in {where.cache}; run the build") from None
        values[document] = glue_outputs(cache.get_cache_bundle(record.pk).nb)
    return values


def glued_text(value: Any, spec: str | None) -> str:
    """A glued value as {glue:text} prints it: formatted with `spec` if given, else as text."""
    return format(value, spec) if spec else str(value)


def fill_glued(template: str, values: dict[str, dict[str, Any]]) -> str:
    """The template with every <<document:key[:format]>> replaced by its escaped glued value."""
    lines = template.split("\n")
    for number, line in enumerate(lines):
        for document, key, _spec in GLUED.findall(line):
            if key not in values.get(document, {}):
                raise BriefError(f"{TEMPLATE}, line {number + 1}: {document}.md glues no value {key!r}")
        lines[number] = GLUED.sub(lambda m: escape(glued_text(values[m[1]][m[2]], m[3])), line)
    return "\n".join(lines)


def without_comments(template: str) -> str:
    """The template with its comment lines emptied (they explain the markers; line numbers stay the same)."""
    return "\n".join("%" if line.lstrip().startswith("%") else line for line in template.split("\n"))


def glued_documents(template: str) -> set[str]:
    return {match.group(1) for match in GLUED.finditer(template)}


# --- timeline and references ---------------------------------------------------------------------------------------

def timeline(events: Any) -> str:
    """The turning points as a LaTeX table: date, the chronology's label and title, its first sources."""
    from sahelreport.data.derive.labels import event_date_label

    rows = []
    for _, event in events.iterrows():
        keys = ",".join(event["source_list"][:TIMELINE_SOURCES])
        label = str(event["turning_point"])
        title = str(event["title"]).removeprefix(f"{label}: ")  # "Battle of X: rebels rout …" names it once
        rows.append(f"{escape(event_date_label(event))} & \\textbf{{{escape(label)}.}} {escape(title)} "
                    f"\\cite{{{keys}}}\\\\")
    return ("\\begin{tabularx}{\\textwidth}{@{}p{20mm}X@{}}\n\\toprule\n" + "\n".join(rows)
            + "\n\\bottomrule\n\\end{tabularx}\n")


def cited_keys(tex: str) -> list[str]:
    """The keys of every \\cite, in order of first citation."""
    keys = [key.strip() for match in CITE.finditer(tex) for key in match.group(1).split(",")]
    return list(dict.fromkeys(key for key in keys if key))


def references(keys: list[str], bibliography: Path) -> str:
    """A thebibliography of the cited works, formatted by pybtex's plain style (as the book's list), without notes."""
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    entries = parse_file(str(bibliography)).entries
    unknown = [key for key in keys if key not in entries]
    if unknown:
        raise BriefError(f"{TEMPLATE}: cited keys not in {bibliography.name}: {', '.join(unknown)}")
    cited = []
    for key in keys:
        entry = entries[key]
        for name in DROPPED_FIELDS:
            entry.fields.pop(name, None)
        cited.append(entry)
    style = find_plugin("pybtex.style.formatting", "plain")()
    items = [f"\\bibitem{{{e.key}}}\n{e.text.render_as('latex')}" for e in style.format_entries(cited)]
    return f"\\begin{{thebibliography}}{{{len(items)}}}\n" + "\n\n".join(items) + "\n\\end{thebibliography}\n"


# --- assembling and compiling --------------------------------------------------------------------------------------

def draw_figures(names: list[str], out: Path) -> list[Path]:
    """Each figure drawn by its registry function (the book's), at the width of the brief's text, as a PDF."""
    import matplotlib.pyplot as plt

    from sahelreport.data.load import dataset
    from sahelreport.figures.registry import registered

    plt.switch_backend("agg")
    ds = dataset()
    files = []
    for name in names:
        fig = registered(name).draw(ds)
        files.append(out / f"{name}.pdf")
        fig.savefig(files[-1], metadata={"CreationDate": None, "ModDate": None})
        plt.close(fig)
    return files


def write_tex(where: paths.Paths, out: Path) -> Path:
    """The filled template, with its figures, in `out`."""
    from sahelreport.data.derive.chronology import turning_points
    from sahelreport.data.load import dataset

    template = without_comments((where.root / TEMPLATE).read_text(encoding="utf-8"))
    tex = fill_glued(template, glued_values(where, glued_documents(template)))
    tex = tex.replace("<<timeline>>", timeline(turning_points(dataset(), since=TIMELINE_SINCE)))
    tex = tex.replace("<<references>>", references(cited_keys(tex), where.bibliography))
    draw_figures(FIGURE.findall(tex), out)
    target = out / f"{Path(paths.BRIEF_NAME).stem}.tex"
    target.write_text(tex, encoding="utf-8")
    return target


def compile_tex(tex: Path, report: TextIO | None = None, env: dict[str, str] | None = None) -> Path:
    """XeLaTeX through latexmk (as many runs as the page references need), in `env` (this process's by default:
    the dates follow its SOURCE_DATE_EPOCH); the PDF beside the .tex. The end of its output goes to `report`
    (standard output by default)."""
    command = ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", tex.name]
    result = subprocess.run(command, cwd=tex.parent, capture_output=True, text=True, env=env)
    print(result.stdout[-4000:], result.stderr[-2000:], sep="\n", file=report or sys.stdout)
    pdf = tex.with_suffix(".pdf")
    if result.returncode != 0 or not pdf.is_file():
        raise BriefError(f"XeLaTeX failed on {tex} (exit {result.returncode}); see {tex.with_suffix('.log')}")
    return pdf


def overfull_boxes(log: str) -> list[float]:
    """How far each overfull box of a LaTeX log sticks out, in points."""
    return [float(points) for points in OVERFULL.findall(log)]


def make_tex(where: paths.Paths) -> Path:
    """The brief's LaTeX and figures, from scratch in its work folder."""
    out = work_dir(where)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return write_tex(where, out)


def build_brief(where: paths.Paths, env: dict[str, str]) -> Path:
    """Make the brief: its text and figures in a process of its own (beside the Sphinx builds), which exits before
    XeLaTeX starts, so its memory is free while LaTeX runs; the log goes to _build/brief.log. Raises BriefError
    if it fails."""
    log = where.build / "brief.log"
    with log.open("w", encoding="utf-8") as handle:
        result = subprocess.run([sys.executable, "-m", "sahelreport.book.brief"], cwd=where.root,
                                env={**env, "MPLBACKEND": "agg"}, stdout=handle, stderr=subprocess.STDOUT)
        if result.returncode != 0:
            raise BriefError(f"the policy brief failed (exit {result.returncode}); see {log}")
        compile_tex(work_dir(where) / f"{Path(paths.BRIEF_NAME).stem}.tex", handle, env)
    return built(where)


if __name__ == "__main__":
    from sahelreport.book.job_inputs import record_if_asked

    record_if_asked()
    try:
        print(f"Brief text and figures: {make_tex(paths.project())}")
    except BriefError as error:
        print(f"BRIEF FAILED: {error}", file=sys.stderr)
        sys.exit(1)
