"""The package's shape: no import cycle, and WeasyPrint's internals behind one guarded module."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from affiche import cli
from affiche.pdf import weasyprint_compat

PACKAGE = Path(__file__).resolve().parent.parent / "affiche"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The affiche modules a module imports at its top level (imports inside functions run late
    and cannot make a cycle at import time, but are listed too: a cycle is a tangle either way)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base.startswith("affiche"):
                for alias in node.names:
                    found.add(f"{base}.{alias.name}" if (PACKAGE.parent / f"{base}.{alias.name}".replace(".", "/")
                                                         ).with_suffix(".py").exists() else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("affiche"))
    return found - {name}


def test_no_module_imports_itself_back():
    graph = {module_name(path): imports(path) for path in PACKAGE.rglob("*.py")}
    cycles = []

    def visit(module: str, stack: list[str], done: set[str]) -> None:
        for imported in sorted(graph.get(module, ())):
            if imported in stack:
                cycles.append(stack[stack.index(imported):] + [imported])
            elif imported not in done:
                visit(imported, stack + [imported], done)
        done.add(module)

    done: set[str] = set()
    for module in sorted(graph):
        visit(module, [module], done)
    assert cycles == []


# WeasyPrint's public API is its package's top level (HTML, CSS, Document), its FontConfiguration
# and its URL fetcher; these are its insides.
WEASYPRINT_INTERNALS = ("_build_box_tree", "_page_box", "weasyprint.pdf", "weasyprint.formatting_structure",
                        "weasyprint.text.ffi")


def test_weasyprint_internals_are_reached_by_one_module_only():
    users = sorted(module_name(path) for path in PACKAGE.rglob("*.py")
                   if any(internal in path.read_text("utf-8") for internal in WEASYPRINT_INTERNALS))
    assert users == ["affiche.pdf.weasyprint_compat"]


def test_importing_affiche_changes_nothing_outside_it():
    """Fontconfig is isolated by the pipeline's entries, not as a side effect of an import."""
    body = ast.parse((PACKAGE / "__init__.py").read_text("utf-8")).body
    assert [type(node) for node in body] == [ast.Expr]  # its docstring, nothing that runs


@pytest.mark.parametrize("version", ["69.0", "71.0", "80.1"])
def test_a_weasyprint_outside_the_pinned_range_stops_with_one_line(project, tmp_path, monkeypatch, capsys,
                                                                   version):
    monkeypatch.setattr(weasyprint_compat, "installed_version", lambda: version)
    output = tmp_path / "output"
    status = cli.main(["--root", str(project), "build", "--layout", "handout-a4", "--output", str(output)])
    lines = capsys.readouterr().err.splitlines()
    assert status == 2 and len(lines) == 1, lines
    assert lines[0] == (f"error: WeasyPrint: version {version} is installed, but affiche is tested with 70.x only "
                        "and relies on its internals (install the version affiche pins: pip install "
                        "'weasyprint>=70,<71')")
    assert not output.exists()
