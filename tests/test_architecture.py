"""The layout is the architecture: imports go one way, modules stay small, the top level stays short.

    cli  →  render / analysis  →  engine  →  load  →  model

(render may import analysis to write its records; analysis never imports render.)
errors, fileio, resources and textsafe may be imported from anywhere and import no layer. Imports
inside functions (lazy imports) count like any other.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "riskkit"
LAYERS = {"model": 0, "load": 1, "engine": 2, "analysis": 3, "render": 3, "schema": 3, "cli": 4}
ANYWHERE = {"riskkit.errors", "riskkit.fileio", "riskkit.resources", "riskkit.textsafe"}
FACADE = "riskkit"  # riskkit/__init__.py: the lazy public API over every layer
MAX_LINES = 400  # a module past 400 lines must be split along its responsibilities; no exemptions


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(name: str):
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every riskkit import in the file, at top level or inside functions."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.lineno, node.module))
            # `from riskkit import x` names a submodule or a facade attribute
            if node.module == "riskkit":
                out += [(node.lineno, f"riskkit.{a.name}") for a in node.names]
    return [(line, m) for line, m in out if m == "riskkit" or m.startswith("riskkit.")]


def allowed(importer: str, imported: str) -> bool:
    if imported in ANYWHERE or imported == FACADE or importer == FACADE:
        return True
    if importer in ANYWHERE:
        return False
    mine, theirs = layer(importer), layer(imported)
    if mine is None or theirs is None:
        return False  # a top-level module outside the layers: give it one (LAYERS) or keep it import-free
    if (mine, theirs) == ("analysis", "render"):
        return False
    return LAYERS[theirs] <= LAYERS[mine]


def violations() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = module_name(path)
        for line, imported in imports(path):
            if imported == "riskkit.__version__" or imported.startswith(f"{importer}."):
                continue
            if not allowed(importer, imported):
                found.append(f"{path.relative_to(ROOT)}:{line}: {importer} imports {imported}")
    return found


def test_imports_go_one_way():
    assert violations() == []


def test_the_checker_catches_each_kind_of_wrong_way_import():
    assert not allowed("riskkit.engine.scoring", "riskkit.render.text")
    assert not allowed("riskkit.load.waivers", "riskkit.engine.scoring")
    assert not allowed("riskkit.model.results", "riskkit.load.rubric")
    assert not allowed("riskkit.analysis.portfolio", "riskkit.render.workbook")
    assert not allowed("riskkit.render.sarif", "riskkit.cli.options")
    assert not allowed("riskkit.errors", "riskkit.model.inputs")
    assert allowed("riskkit.render.diff", "riskkit.analysis.diff")
    assert allowed("riskkit.engine.run", "riskkit.load.waivers")
    assert allowed("riskkit.cli.score", "riskkit.engine.run")
    assert allowed("riskkit.model.inputs", "riskkit.errors")
    assert allowed("riskkit.analysis.answers", "riskkit.load.deal")
    assert allowed("riskkit.render.intake", "riskkit.load.deal")
    assert not allowed("riskkit.analysis.answers", "riskkit.render.intake")


def test_lazy_imports_count(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from riskkit.render.text import text_table\n    return text_table\n")
    assert imports(module) == [(2, "riskkit.render.text")]


def test_modules_stay_small_and_the_top_level_short():
    big = [
        f"{p.relative_to(ROOT)}: {n} lines"
        for p in sorted(PACKAGE.rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert big == []
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 8, top


HEAVY = ("jinja2", "weasyprint", "docx", "openpyxl", "pandas")  # each imported only by the writer that needs it


def _heavy_loaded(code: str, *args: str) -> list[str]:
    """The HEAVY modules in sys.modules after running `code` in a fresh interpreter."""
    import json
    import subprocess
    import sys

    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_the_renderers_imports_no_heavy_library():
    """riskkit.render and every writer module but the two Excel ones import Jinja2, WeasyPrint, python-docx,
    openpyxl and pandas lazily, inside the function that writes that format."""
    from riskkit.render import _ENTRIES

    modules = sorted({w.module for w in _ENTRIES if w.suffix != ".xlsx"})
    assert "riskkit.render.portfolio" in modules and "riskkit.render.memo" in modules
    assert _heavy_loaded("import riskkit.render\n" + "".join(f"import {m}\n" for m in modules)) == []


def test_the_score_path_imports_no_heavy_library(tmp_path):
    """`riskkit score` in every CI format (table, json, markdown, junit, sarif, github)."""
    from .conftest import MINI, MINI_DEAL

    formats = ("table", "json", "markdown", "junit", "sarif", "github")
    code = (
        "import sys\nfrom riskkit.cli import main\n"
        f"for fmt in {formats!r}:\n"
        "    try:\n"
        f"        main(['score', {str(MINI_DEAL)!r}, '--rubrics', {str(MINI)!r}, '--format', fmt,"
        f" '-o', {str(tmp_path)!r} + '/a.' + fmt])\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code in (0, None, 1), exc.code\n"
    )
    assert _heavy_loaded(code) == []
    assert all((tmp_path / f"a.{fmt}").stat().st_size > 0 for fmt in formats)
