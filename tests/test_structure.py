"""The package's shape: no import cycle, and WeasyPrint's internals behind one guarded module."""
from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
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
# and its URL fetcher; these are its insides, and its PDF writer's (pydyf).
WEASYPRINT_INTERNALS = ("_build_box_tree", "_page_box", "weasyprint.pdf", "weasyprint.formatting_structure",
                        "weasyprint.text.ffi", "weasyprint.svg", "weasyprint.layout", "pydyf.zlib")


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


# The libraries a process that imported WeasyPrint has open, read from the kernel's map of its memory.
OPENED_LIBRARIES = """
import re, sys
{load}
names = re.findall(r"/\\S+/(lib(?:gobject|pango|pangoft2|harfbuzz|harfbuzz-subset|fontconfig)[-.][^/\\s]*)",
                   open("/proc/self/maps").read())
print(" ".join(sorted(set(names))))
"""
# Libraries the dynamic loader opens only by the path ctypes' search found: as on a system where
# they are installed outside the loader's own paths.
ONLY_BY_SEARCH = """
import cffi
opened = cffi.FFI.dlopen
def dlopen(self, name, flags=0):
    if ".so." in name:
        raise OSError(f"{name}: cannot open shared object file")
    return opened(self, name, flags)
cffi.FFI.dlopen = dlopen
from affiche.pdf.weasyprint_compat import load_weasyprint
load_weasyprint()
"""


def opened_libraries(load: str) -> tuple[str, str]:
    ran = subprocess.run([sys.executable, "-c", OPENED_LIBRARIES.format(load=load)], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)})
    assert ran.returncode == 0, ran.stderr
    return ran.stdout, ran.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's map of a process is Linux's")
def test_weasyprint_loaded_without_the_library_search_opens_the_same_libraries():
    plain, _ = opened_libraries("import weasyprint")
    sonames = {re.sub(r"(\.so\.\d+).*", r"\1", name) for name in plain.split()}  # libpango-1.0.so.0.5000.12
    assert {"libpango-1.0.so.0", "libharfbuzz.so.0", "libfontconfig.so.1"} <= sonames
    assert opened_libraries("from affiche.pdf.weasyprint_compat import load_weasyprint; load_weasyprint()") \
        == (plain, "")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's map of a process is Linux's")
def test_weasyprint_libraries_that_only_the_search_finds_are_still_loaded_and_nothing_is_printed():
    plain, _ = opened_libraries("import weasyprint")
    assert opened_libraries(ONLY_BY_SEARCH) == (plain, "")
