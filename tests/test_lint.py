"""The publication linter: every rule fails on a broken example, naming file and figure; the real book passes."""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import matplotlib.pyplot as plt
import pytest
import shapely
from matplotlib.figure import Figure
from matplotlib_scalebar.scalebar import ScaleBar

from sahelreport import paths
from sahelreport.book import toc
from sahelreport.checks import lint
from sahelreport.checks.myst_scan import scan
from sahelreport.figures import style

from .conftest import BIB

ALT = "Bar chart of events per year, rising from two in 2012 to twenty in 2025."
GOOD = """\
---
kernelspec:
  name: python3
---
# A chapter

```{code-cell} ipython3
glue_figure("fig-chart", charts.events_per_year_chart(ds))
glue_figure("fig-map", maps.regional_overview(ds))
```

As {numref}`fig-chart` and {numref}`Map %s <fig-map>` show {cite:p}`testsource2024`, all is well.

```{glue:figure} fig-chart
:name: fig-chart
:alt: ALT_TEXT

Events per year.
```

```{glue:figure} fig-map
:name: fig-map
:alt: Map of Mali and Algeria with their common border drawn as a thick line.

The border.
```
""".replace("ALT_TEXT", ALT)


def write_project(root: Path, chapter: str) -> Path:
    """A minimal book: a table of contents, a bibliography and one chapter."""
    (root / "chapters").mkdir(parents=True)
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: chapters/a\n", encoding="utf-8")
    (root / "_config.yml").write_text("bibtex_bibfiles: [references.bib]\n", encoding="utf-8")
    (root / "references.bib").write_text(BIB, encoding="utf-8")
    (root / "index.md").write_text("# Index\n\nAn introduction.\n", encoding="utf-8")
    (root / "chapters" / "a.md").write_text(chapter, encoding="utf-8")
    return root


def messages(root: Path, check_html: bool = False) -> list[str]:
    return [str(p) for p in lint.lint(root, check_html=check_html).problems]


def test_good_chapter_passes(tmp_path: Path) -> None:
    assert messages(write_project(tmp_path, GOOD)) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    (":name: fig-chart\n", "", "chapters/a.md:14: figure 'fig-chart': no label (:name:)"),
    (f":alt: {ALT}\n", "", "chapters/a.md:14: figure 'fig-chart': no alt text (:alt: option)"),
    (f":alt: {ALT}\n", ":alt: A chart\n", "chapters/a.md:14: figure 'fig-chart': alt text 'A chart' is too short"),
    (f":alt: {ALT}\n", ":alt: Events per year.\n", "chapters/a.md:14: figure 'fig-chart': alt text repeats the caption"),
    ("\nEvents per year.\n", "\n", "chapters/a.md:14: figure 'fig-chart': no caption"),
    ("{numref}`fig-chart`", "Figure 1", "chapters/a.md:12: 'Figure 1': typed figure or table number; use {numref}"),
    ("{numref}`fig-chart`", "fig. 2.1", "chapters/a.md:12: 'fig. 2.1': typed figure or table number"),
    ("{numref}`fig-chart`", "the chart", "chapters/a.md:14: figure 'fig-chart': never cross-referenced"),
    ("testsource2024", "testsource2024,nosuchkey2020", "chapters/a.md:12: citation 'nosuchkey2020': not in the bib"),
    ("all is well.", "all is well. TODO check", "chapters/a.md:12: TODO: left in the text"),
    ("all is well.", "all is well, says the seed article.", "chapters/a.md:12: 'seed article': call it the DZ Patriots"),
    ("glue_figure(\"fig-chart\"", "# FIXME\nglue_figure(\"fig-chart\"", "chapters/a.md:8: FIXME: left in the text"),
    ("\nEvents per year.\n", "\nEvents per year, as Fig. 3 shows.\n", "chapters/a.md:18: 'Fig. 3': typed"),
    ("all is well.", "all is well.\n\n![a chart](chart.png)", "chapters/a.md:14: image 'chart.png': a bare Markdown image"),
])
def test_each_rule_names_file_line_and_figure(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GOOD
    found = messages(write_project(tmp_path, GOOD.replace(old, new, 1)))
    assert any(m.startswith(expected) for m in found), found


def test_allow_comment_and_code_do_not_count(tmp_path: Path) -> None:
    chapter = GOOD.replace("As {numref}", "% lint: allow typed-number\nTable 2 of the UN report, and as {numref}")
    chapter += "\n`Figure 9` in code, and a link [here](https://example.org/figure 4).\n"
    assert messages(write_project(tmp_path, chapter)) == []


def test_scanner_finds_nested_directives_and_yaml_options() -> None:
    document = scan("# T\n\n````{note}\n```{figure} a.svg\n---\nname: fig-a\nalt: x\n---\nCaption.\n```\n````\n")
    figure = next(d for d in document.directives if d.name == "figure")
    assert figure.options == {"name": "fig-a", "alt": "x"} and figure.body == ["Caption."] and figure.line == 4
    assert (9, "Caption.") in document.text


def test_scanner_reads_roles_code_cells_and_headings_at_their_lines() -> None:
    document = scan("---\nkernelspec: {}\n---\n# Heading {numref}`fig-a`\n\n```{code-cell} ipython3\n:tags: [x]\n"
                    "glue('k', 1)\n```\n\nSee `co\nde` and {cite:p}`a,\nb` then {glue:text}`k`.\n")
    assert [(r.name, r.content, r.line) for r in document.roles] == [
        ("numref", "fig-a", 4), ("cite:p", "a, b", 12), ("glue:text", "k", 13)]
    assert document.code_cells == [(7, "glue('k', 1)")]
    assert (4, "Heading  ") in document.text and (13, " then  .") in document.text


# Cases a line scanner gets wrong; each chapter is GOOD followed by the extra text, whose first line is EXTRA.
EXTRA = len(GOOD.splitlines()) + 2
FIGURE = "```{figure} x.svg\n:name: fig-x\n\nA caption.\n```"


@pytest.mark.parametrize(("extra", "expected"), [
    ("- An item\n\n  " + FIGURE.replace("\n", "\n  "), [f"{EXTRA + 2}: figure 'fig-x': no alt text"]),
    ("> " + FIGURE.replace("\n", "\n> "), [f"{EXTRA}: figure 'fig-x': no alt text"]),
    ("1. " + FIGURE.replace("\n", "\n   "), [f"{EXTRA}: figure 'fig-x': no alt text"]),
    ("````{note}\n" + FIGURE.replace("A caption.", "A caption (see Fig. 3).") + "\n````",
     [f"{EXTRA + 1}: figure 'fig-x': no alt text", f"{EXTRA + 4}: 'Fig. 3': typed"]),
    ("````markdown\n" + FIGURE + "\n\nFigure 3\n````", []),
    ("~~~\nFigure 3 in a tilde fence\n~~~", []),
    ("Text.\n\n    Figure 3 in an indented code block", []),
    ("| Table | Source |\n|---|---|\n| x | {cite:p}`nosuchkey2020` |", [f"{EXTRA + 2}: citation 'nosuchkey2020'"]),
    ("## See Table 4", [f"{EXTRA}: 'Table 4': typed"]),
    ("A `multi\nline` span, {cite:p}`testsource2024,\ntestsource2024` and\n*Figure* 3.", [f"{EXTRA + 3}: 'Figure 3'"]),
])
def test_structure_the_build_parses(tmp_path: Path, extra: str, expected: list[str]) -> None:
    """Directives in lists, blockquotes and four-backtick fences, code in tilde or indented blocks, roles in tables."""
    chapter = GOOD.replace("all is well.", "all is well ({numref}`fig-x`).") + "\n" + extra + "\n"
    assert chapter.splitlines()[EXTRA - 1] == extra.splitlines()[0]
    found = messages(write_project(tmp_path, chapter))
    assert len(found) == len(expected) and all(m.startswith(f"chapters/a.md:{e}") for m, e in
                                               zip(found, expected, strict=True)), found


def chart_svg(source: bool = True, disclaimer: bool = False, geo: bool = False, scale_bar: bool = False) -> str:
    style.apply()
    fig: Figure
    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    if geo:
        gpd.GeoSeries([shapely.box(0, 0, 1, 1)]).plot(ax=ax)
    elif scale_bar:
        ax.fill([0, 500_000, 500_000], [0, 0, 400_000])
        ax.set_aspect(1)
        ax.add_artist(ScaleBar(1, units="m", location="lower right"))
    else:
        ax.bar([2012, 2025], [2, 20])
    if source:
        style.add_source_line(fig, "Sahel Report chronology (CC BY 4.0).", disclaimer=disclaimer)
    out = io.StringIO()
    fig.savefig(out, format="svg")
    plt.close(fig)
    return out.getvalue()


def test_svg_comments_carry_the_drawn_text() -> None:
    """The image check relies on Matplotlib writing each text line as an XML comment, even as paths."""
    lines = lint.svg_text(chart_svg(disclaimer=True))
    assert "Source: Sahel Report chronology (CC BY 4.0)." in lines
    assert style.DISCLAIMER in lines


def write_html(root: Path, figures: dict[str, str], alt: str = ALT) -> Path:
    """A built book with one page holding one figure per (label, svg)."""
    html = root / "_build" / "html"
    (html / "chapters").mkdir(parents=True)
    (html / "_images").mkdir()
    (html / "index.html").write_text("<html lang='en'><main><p>Index</p></main></html>", encoding="utf-8")
    body = []
    for number, (label, svg) in enumerate(figures.items(), start=1):
        (html / "_images" / f"{label}.svg").write_text(svg, encoding="utf-8")
        body.append(f'<figure id="{label}"><img alt="{alt}" src="../_images/{label}.svg" /><figcaption><p>'
                    f'<span class="caption-number">Fig. {number} </span><span class="caption-text">Caption.</span>'
                    "</p></figcaption></figure>")
    (html / "chapters" / "a.html").write_text(f"<html><main>{''.join(body)}</main></html>", encoding="utf-8")
    return html


def test_built_figures_pass(tmp_path: Path) -> None:
    write_html(write_project(tmp_path, GOOD), {"fig-chart": chart_svg(), "fig-map": chart_svg(disclaimer=True)})
    report = lint.lint(tmp_path)
    assert report.html_checked and report.figures == 2 and report.problems == []


def test_built_figure_without_source_line(tmp_path: Path) -> None:
    write_html(write_project(tmp_path, GOOD), {"fig-chart": chart_svg(source=False),
                                               "fig-map": chart_svg(disclaimer=True)})
    assert messages(tmp_path, True) == [
        "_build/html/chapters/a.html:1: figure 'fig-chart': no source line in the figure (style.add_source_line)"]


def test_map_without_disclaimer_by_source_and_by_image(tmp_path: Path) -> None:
    extra = GOOD[GOOD.index("```{glue:figure} fig-map"):]
    chapter = GOOD + extra.replace("fig-map", "fig-geo") + extra.replace("fig-map", "fig-scale")
    chapter = chapter.replace("all is well.", "all is well ({numref}`fig-geo`, {numref}`fig-scale`).")
    write_html(write_project(tmp_path, chapter), {"fig-chart": chart_svg(), "fig-map": chart_svg(),
                                                  "fig-geo": chart_svg(geo=True), "fig-scale": chart_svg(scale_bar=True)})
    found = messages(tmp_path, True)
    assert len(found) == 3, found
    assert all("a map without the boundary disclaimer" in m for m in found)
    assert {m.split(": ")[1] for m in found} == {"figure 'fig-map'", "figure 'fig-geo'", "figure 'fig-scale'"}


def test_built_image_rules(tmp_path: Path) -> None:
    html = write_html(write_project(tmp_path, GOOD), {"fig-chart": chart_svg(), "fig-map": chart_svg(True, True)},
                      alt="chart.svg")
    page = html / "chapters" / "a.html"
    text = page.read_text().replace('id="fig-map"', 'id="id3"').replace("<figcaption>", "<div>", 1)
    page.write_text(text.replace("</main>", '<img alt="" src="../_images/missing.png"/></main>'), encoding="utf-8")
    found = "\n".join(messages(tmp_path, True))
    for expected in ["figure 'fig-chart': alt text is a file name", "figure 'fig-chart': no caption",
                     "the figure has no label", "not inside a figure", "image file '../_images/missing.png' is missing"]:
        assert expected in found, found


@pytest.mark.build
def test_the_book_passes_lint(built_book: Path) -> None:
    report = lint.lint(paths.project().root, built_book)
    assert report.html_checked and report.figures >= 1
    assert [str(p) for p in report.problems] == []


def test_toc_documents_cover_the_book() -> None:
    root = paths.project().root
    names = [p.relative_to(root).as_posix() for p in toc.documents(root)]
    assert names[0] == "index.md" and {"chapters/border.md", "chapters/bibliography.md"} <= set(names)
    assert toc.pages(root) == [Path(n).with_suffix(".html").as_posix() for n in names]


def test_toc_reader_reads_nested_sections_and_names_what_is_wrong(tmp_path: Path) -> None:
    root = write_project(tmp_path, GOOD)
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\nparts:\n  - caption: P\n    chapters:\n"
                                   "      - file: chapters/a\n        sections:\n          - file: chapters/b.md\n"
                                   "          - url: https://example.org\n", encoding="utf-8")
    (root / "chapters" / "b.md").write_text("# B\n", encoding="utf-8")
    assert toc.pages(root) == ["index.html", "chapters/a.html", "chapters/b.html"]
    (root / "chapters" / "b.md").unlink()
    with pytest.raises(toc.TocError, match=r"_toc.yml: no document for 'chapters/b.md'"):
        toc.documents(root)
    (root / "_toc.yml").write_text("root: [index\n", encoding="utf-8")
    with pytest.raises(toc.TocError, match=r"_toc.yml: not valid YAML"):
        toc.read(root)
    (root / "_toc.yml").unlink()
    with pytest.raises(toc.TocError, match=r"_toc.yml: no table of contents"):
        lint.lint(root)
