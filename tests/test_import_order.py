"""Imports: every package imports first in a fresh interpreter, no module-level import circle,
and no layer reaching up (the database layer and the domain import nothing above them)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import boxoffice

ROOT = Path(boxoffice.__file__).parent
SKIP = "boxoffice.db.migrations"  # Alembic scripts, run by Alembic only

# One interpreter, looping: before each package every boxoffice module is forgotten, so each
# is imported first (third-party modules stay loaded).
SCRIPT = """
import importlib, sys, traceback
failures = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "boxoffice" or m.startswith("boxoffice.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failures.append(name + ": " + traceback.format_exc(limit=-3))
print("\\n".join(failures))
sys.exit(1 if failures else 0)
"""


def modules(root: Path = ROOT) -> dict[str, Path]:
    """``module name -> file`` of every module under *root* (a package directory)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        if not name.startswith(SKIP):
            found[name] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(name: str, path: Path, known: dict[str, Path], *, top_level: bool) -> set[str]:
    """Modules of *known* that *name* imports: at import time only (not under TYPE_CHECKING,
    not inside functions) when *top_level*, else every import statement in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
        for node in body:
            if isinstance(node, ast.If) and _is_type_checking(node.test):
                yield from statements(node.orelse)
            elif isinstance(node, ast.If | ast.Try | ast.With):
                for field in ("body", "orelse", "finalbody"):
                    yield from statements(getattr(node, field, []))
                for handler in getattr(node, "handlers", []):
                    yield from statements(handler.body)
            else:
                yield node

    nodes = statements(tree.body) if top_level else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                prefix = package
                for _ in range(node.level - 1):
                    prefix = prefix.rpartition(".")[0]
                base = f"{prefix}.{base}" if base else prefix
            # "from package import submodule" needs the submodule, not the package's names.
            subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known]
            found.update(subs)
            if len(subs) < len(node.names):
                found.add(base)
    return {m for m in found if m in known and m != name}


def circles(known: dict[str, Path]) -> list[list[str]]:
    """The import circles among *known* modules (strongly connected components, Tarjan)."""
    graph = {name: imports(name, path, known, top_level=True) for name, path in known.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_no_import_circle() -> None:
    assert circles(modules()) == []


def test_database_and_domain_import_nothing_above_them() -> None:
    known = modules()
    upper = ("boxoffice.services", "boxoffice.gui", "boxoffice.cli")
    above = {
        "boxoffice.db": upper,
        "boxoffice.domain": ("boxoffice.db", *upper),
        "boxoffice.services": upper[1:],
    }
    reaching = [
        f"{name} imports {target}"
        for name, path in known.items()
        for layer, banned in above.items()
        if name == layer or name.startswith(layer + ".")
        for target in imports(name, path, known, top_level=False)
        if target.startswith(banned)
    ]
    assert reaching == []


def test_every_package_and_service_imports_first() -> None:
    """Packages, and the service modules (where package re-exports once closed circles such as
    sales -> mail -> tickets -> bookings -> sales); each module of the GUI would take minutes."""
    names = [
        name
        for name, path in modules().items()
        if path.name == "__init__.py" or name.startswith("boxoffice.services.")
    ]
    assert "boxoffice.services.sales" in names and "boxoffice.gui" in names
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *names],
        capture_output=True,
        text=True,
        timeout=300,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_planted_circle_is_caught(tmp_path: Path) -> None:
    """Both checks fail on a planted circle (two modules importing a name from each other)."""
    package = tmp_path / "boxoffice_circle_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from boxoffice_circle_probe.b import B\nA = 1\n")
    (package / "b.py").write_text("from boxoffice_circle_probe.a import A\nB = 2\n")
    assert circles(modules(package)) == [["boxoffice_circle_probe.a", "boxoffice_circle_probe.b"]]
    script = f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n" + SCRIPT
    done = subprocess.run(
        [sys.executable, "-c", script, "boxoffice_circle_probe.a"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "partially initialized" in done.stdout


def test_no_export_is_shadowed_by_a_submodule() -> None:
    """A lazily exported name that is also a submodule's name would turn into the module once
    the submodule is imported (``pricing.quote`` the function vs a module ``quote``)."""
    from boxoffice.lazy_exports import exports_of

    clashes = []
    for name, path in modules().items():
        if path.name == "__init__.py":
            submodules = {p.stem for p in path.parent.glob("*.py")} | {
                p.name for p in path.parent.iterdir() if (p / "__init__.py").exists()
            }
            clashes += [f"{name}.{n}" for n in exports_of(name, str(path)) if n in submodules]
    assert clashes == []
