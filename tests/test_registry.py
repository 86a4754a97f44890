"""The figure registry and the chapters agree, and every registered figure draws from the data it declares.

The chapters hold each figure's caption and alt text (translatable with the page); the registry holds its
kind, drawing function, inputs and the first words of its alt text. These tests tie the two together.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from sahelreport import paths
from sahelreport.book import toc
from sahelreport.checks.myst_scan import Directive, scan
from sahelreport.data.load import TABLES, Dataset, dataset
from sahelreport.data.schema import load_schema
from sahelreport.figures import registry, style

from .drawings import Drawings, render

pytestmark = pytest.mark.usefixtures("fixed_timestamps")
NAMES = [f.name for f in registry.FIGURES]


def documents() -> Iterator[tuple[str, str]]:
    """(path relative to the root, text) of every document of the book."""
    root = paths.project().root
    for path in toc.documents(root):
        yield path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")


def placements() -> list[tuple[str, Directive]]:
    """Every {glue:figure} directive of the book, with its document."""
    return [(doc, d) for doc, text in documents() for d in scan(text).directives if d.name == "glue:figure"]


def glue_calls() -> list[tuple[str, ast.Call, dict[str, object], dict[str, str]]]:
    """Every glue_figure("name", draw(...)) call of the book's code cells: document, the drawing call, the literal
    values of the names assigned before it, and the cell's imported modules by alias."""
    found = []
    for doc, text in documents():
        literals: dict[str, object] = {}
        modules: dict[str, str] = {}
        for _, source in scan(text).code_cells:
            for statement in ast.parse(source).body:  # in order: a name's literal value is the last one assigned
                if isinstance(statement, ast.ImportFrom) and statement.module:
                    modules.update({a.asname or a.name: f"{statement.module}.{a.name}" for a in statement.names})
                elif isinstance(statement, ast.Import):
                    modules.update({a.asname or a.name: a.name for a in statement.names})
                elif (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                      and isinstance(statement.targets[0], ast.Name)):
                    with contextlib.suppress(ValueError):
                        literals[statement.targets[0].id] = ast.literal_eval(statement.value)
                found += [(doc, node, dict(literals), dict(modules)) for node in ast.walk(statement)
                          if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                          and node.func.id == "glue_figure" and len(node.args) == 2 and isinstance(node.args[1], ast.Call)]
    return found


def _value(node: ast.expr, literals: dict[str, object]) -> object:
    return literals[node.id] if isinstance(node, ast.Name) and node.id in literals else ast.literal_eval(node)


def _function(call: ast.Call, modules: dict[str, str]) -> Any:
    """The object a call like `maps.regional_overview(...)` or `regional_overview(...)` calls."""
    if isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name):
        return getattr(importlib.import_module(modules[call.func.value.id]), call.func.attr)
    assert isinstance(call.func, ast.Name)
    module, _, name = modules[call.func.id].rpartition(".")
    return getattr(importlib.import_module(module), name)


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


# --- registry and chapters agree -----------------------------------------------------------------

def test_names_are_unique_and_inputs_exist() -> None:
    assert len(set(NAMES)) == len(NAMES)
    resources = set(load_schema(paths.project().datapackage))
    layers = {p.name for p in paths.project().boundaries.glob("*.geojson")}
    for figure in registry.FIGURES:
        assert figure.kind in ("map", "chart"), figure.name
        assert set(figure.tables) <= resources, figure.name
        assert set(figure.layers) <= layers, figure.name
        assert (paths.project().root / figure.chapter).is_file(), figure.name
    assert registry.registered("fig-escalation").name == "fig-escalation"
    with pytest.raises(KeyError, match="no figure 'fig-nowhere' in the registry; registered: fig-overview"):
        registry.registered("fig-nowhere")


def test_every_placed_figure_is_registered_and_every_registered_figure_is_placed_once() -> None:
    placed = Counter(d.argument for _, d in placements())
    assert sorted(placed) == sorted(NAMES)
    assert [name for name, n in placed.items() if n > 1] == []


@pytest.mark.parametrize("name", NAMES)
def test_the_chapter_places_the_figure_with_its_label_alt_text_and_caption(name: str) -> None:
    figure = registry.registered(name)
    [(doc, directive)] = [(doc, d) for doc, d in placements() if d.argument == name]
    assert doc == figure.chapter
    assert directive.options.get("name") == name  # {numref} and the HTML anchor use the glue key
    assert directive.options.get("alt", "").startswith(figure.alt_start)
    assert len(directive.options["alt"]) > 2 * len(figure.alt_start)  # the chapter's alt text describes more
    assert " ".join(directive.body).strip(), "a placed figure needs a caption"


@pytest.mark.parametrize("name", NAMES)
def test_the_chapter_glues_what_the_registry_draws(name: str) -> None:
    """The chapter's glue_figure call uses the registered function, with the registered options."""
    figure = registry.registered(name)
    calls = [(doc, node, literals, modules) for doc, node, literals, modules in glue_calls()
             if isinstance(node.args[0], ast.Constant) and node.args[0].value == name]
    assert len(calls) == 1, f"{name} glued {len(calls)} times"
    doc, node, literals, modules = calls[0]
    assert doc == figure.chapter
    draw: ast.Call = node.args[1]  # type: ignore[assignment]
    assert _function(draw, modules) is figure.function
    bound = inspect.signature(figure.function).bind(None, *[_value(a, literals) for a in draw.args[1:]],
                                                    **{k.arg: _value(k.value, literals) for k in draw.keywords if k.arg})
    given = dict(list(bound.arguments.items())[1:])
    assert given == dict(figure.options)


# --- every registered figure draws, the same every time, with a source line -----------------------

FRESH_PROCESS = """
import json, sys
import matplotlib
matplotlib.use("Agg")
from sahelreport.data.load import dataset
from sahelreport.figures import registry, style
from tests.drawings import fingerprints
out = {}
for figure in reversed(registry.FIGURES):  # the other order: no drawing may depend on what was drawn before it
    style.apply()
    out[figure.name] = fingerprints(figure.draw(dataset()))
print(json.dumps(out))
"""


@pytest.mark.parametrize("name", NAMES)
def test_every_registered_figure_has_one_source_line(name: str, drawings: Drawings) -> None:
    sources = [t for t in texts(drawings.figure(name)) if t.startswith("Source:")]
    assert len(sources) == 1 and len(sources[0]) > len("Source: ") + 20


def test_a_fresh_process_draws_every_figure_to_the_same_svg_and_pdf_bytes(drawings: Drawings) -> None:
    """Another process (another hash seed), drawing the figures in the reverse order, writes the same bytes."""
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": os.pathsep.join(
        [str(paths.project().root), str(paths.project().src), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-c", FRESH_PROCESS], capture_output=True, text=True, env=env,
                            cwd=paths.project().root)
    assert result.returncode == 0, result.stderr
    theirs = json.loads(result.stdout)
    assert {name: drawings.fingerprints(name) for name in NAMES} == theirs


# --- a figure reads only the inputs it declares -------------------------------------------------------

def _clear_caches() -> None:
    """Forget every cached boundary layer, shape and path (so that a layer is read again, from the current root)."""
    for module in [m for n, m in sys.modules.items() if n.startswith("sahelreport")]:
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and value is not dataset:
                value.cache_clear()


@pytest.fixture
def link_layer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Point the package at a project root whose data/boundaries holds only the layers linked into it."""
    real = paths.project()
    (tmp_path / "data" / "boundaries").mkdir(parents=True)
    for name in ("datapackage.json", "boundaries/provenance.json"):
        (tmp_path / "data" / name).symlink_to(real.data / name)
    monkeypatch.setattr(paths, "project", lambda: paths.Paths(tmp_path))
    _clear_caches()
    yield lambda layer: (tmp_path / "data" / "boundaries" / layer).symlink_to(real.boundaries / layer)
    monkeypatch.undo()
    _clear_caches()


@pytest.mark.parametrize("name", [f.name for f in registry.FIGURES if f.first_argument is registry.the_dataset])
def test_a_figure_reads_only_the_tables_and_layers_it_declares(name: str, ds: Dataset, drawings: Drawings,
                                                               link_layer: Callable[[str], None]) -> None:
    """Drawn from a dataset without its undeclared tables, and a boundaries folder without its undeclared layers."""
    figure = registry.registered(name)
    for layer in figure.layers:
        link_layer(layer)
    kept = {*figure.tables, "data_as_of", *(("sources",) if figure.bibliography else ())}
    undeclared = {name: None for name in TABLES if name not in kept}
    style.apply()
    fig = figure.draw(ds.replace(**undeclared))
    plt.close(fig)
    assert render(fig, "svg") == drawings.bytes(name, "svg")  # and drawn again in this process, the same bytes


def test_drawing_one_figure_imports_only_its_own_drawing_module() -> None:
    """A process that draws the overview map (the PDF's cover) does not depend on the chart modules."""
    import subprocess
    import sys

    script = ("import sys; from sahelreport.figures.registry import registered; registered('fig-overview').function; "
              "print(' '.join(sorted(m for m in sys.modules if m.startswith('sahelreport.figures.'))))")
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert "sahelreport.figures.maps" in loaded
    assert not {"sahelreport.figures.charts", "sahelreport.figures.process_charts",
                "sahelreport.figures.source_charts", "sahelreport.figures.lineage"} & set(loaded)
