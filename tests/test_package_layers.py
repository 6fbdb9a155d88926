"""The package shows its pipeline, and its imports run one way.

Layers, lowest first: the base modules at the top of the package (schemas, tables,
paths and the like), ``extraction``, ``building``, ``reading``, ``views``. A module may
import from its own layer and the layers below it, never from a layer above. ``bench``
may use every layer; the public API and the CLI are the shell over all of them. Nobody
imports ``bench`` but the shell. Imports inside functions count too: a lazy import
that reaches upward is still an upward dependency.

The same walk checks the sizes the layout asks for: no module over 800 lines, no
function over 120, at most 12 modules at the top of the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dashlib"

BASE = {"schemas", "tables", "paths", "fsutil", "csvsafe", "progress"}
SHELL = {"__init__", "__main__", "api", "cli"}
LAYERS = {"extraction": 1, "building": 2, "reading": 3, "views": 4, "bench": 5}
SHELL_RANK = 6
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 120
MAX_TOP_MODULES = 12


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def rank(module: str) -> int:
    """The layer of a module of the package (0 for the base modules)."""
    parts = module.split(".")
    if len(parts) == 1:
        return SHELL_RANK  # the package itself: its __init__ is the public API
    if parts[1] in LAYERS:
        return LAYERS[parts[1]]
    if parts[1] in SHELL:
        return SHELL_RANK
    if parts[1] in BASE:
        return 0
    raise AssertionError(f"{module} is in no layer: add it to a layer in {__file__}")


def imported(module: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``module`` imports, anywhere in its code."""
    out: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # "from dashlib.reading import filters" imports the module dashlib.reading.filters
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                out.add(name)
    return out


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {m: imported(m, p, known) for m, p in mods.items()}


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    bad = []
    for m, targets in edges.items():
        for t in sorted(targets):
            if t == "dashlib" and rank(m) < SHELL_RANK:
                bad.append(f"{m} imports the package root (use the module it needs)")
            elif rank(t) > rank(m):
                bad.append(f"{m} (layer {rank(m)}) imports {t} (layer {rank(t)})")
            elif (
                t.startswith("dashlib.bench")
                and not m.startswith("dashlib.bench")
                and rank(m) < SHELL_RANK
            ):
                bad.append(f"{m} imports the benchmarks ({t})")
    return bad


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_every_module_is_in_a_layer():
    for m in modules():
        rank(m)


def test_imports_run_one_way():
    assert upward_imports(graph()) == []


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_the_checks_catch_an_upward_import_and_a_cycle():
    edges = {
        "dashlib.extraction.figures": {"dashlib.views.totals"},
        "dashlib.views.totals": {"dashlib.reading.frames"},
        "dashlib.reading.frames": {"dashlib.views.totals"},
    }
    bad = upward_imports(edges)
    assert any(
        "dashlib.extraction.figures (layer 1) imports dashlib.views.totals" in b for b in bad
    )
    assert any("dashlib.reading.frames (layer 3) imports dashlib.views.totals" in b for b in bad)
    assert cycles(edges) == [["dashlib.reading.frames", "dashlib.views.totals"]]


def test_lazy_and_relative_imports_are_seen(tmp_path):
    known = {"dashlib.building.store", "dashlib.building.load", "dashlib.views.totals"}
    src = tmp_path / "store.py"
    src.write_text(
        "from .load import x\n\ndef f():\n    from dashlib.views import totals\n    return totals\n"
    )
    got = imported("dashlib.building.store", src, known)
    assert got == {"dashlib.building.load", "dashlib.views.totals"}


def test_few_modules_at_the_top():
    top = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top


@pytest.mark.parametrize("name", sorted(modules()))
def test_units_fit_on_a_screen(name):
    path = modules()[name]
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{path}: over {MAX_MODULE_LINES} lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == [], f"{path}: functions over {MAX_FUNCTION_LINES} lines"
