"""The GUI's layers, read from its imports (no Qt needed).

- the window shell (app, main window, tab registry, sign-in, crash handler) composes features;
- a feature (one tab: its folder) imports no other feature and not the shell;
- shared packages (widgets, seat map, event browser, tickets, payment, hold, bookings) import
  no feature and not the shell; the plumbing (context, tasks, messages, service calls) imports
  only itself;
- nothing in gui imports SQLAlchemy or the database layer, except the shell that opens the
  database and the modules that name its type; widgets call services through ``ctx.services``
  and never reach for ``ctx.db``;
- there are no import circles.

Every module must be in a layer, so a new folder cannot slip in unclassified. Each check is
also run on a copy of gui with a violation planted, to show that it fails.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import boxoffice.gui

GUI = Path(boxoffice.gui.__file__).parent
PACKAGE = "boxoffice.gui"

# The shell also holds the desk's own set-up and Help: the first-run wizard (it opens and tests
# a database before any service context exists), the About box, the theme and language menus
# and the Qt translator.
SHELL = frozenset(
    {
        "app",
        "main_window",
        "tabs",
        "sign_in",
        "crash",
        "about",
        "setup",
        "theme_menu",
        "language_menu",  # Desk ▸ Language
        "translator",  # Qt's translate() answered from the gettext catalogues
    }
)
PLUMBING = frozenset({"context", "tasks", "messages", "service_calls", "garbage", "__init__"})
SHARED = frozenset(
    {
        "widgets",
        "seatmap",
        "events",
        "tickets",
        "payment",
        "hold",
        "bookings",
        "forms",  # the Qt Designer form loader (ui/*.ui) and its assets
        "assets",
        "theme",  # the stylesheets and colour roles of the chosen theme
        "waitlist",  # the waiting-list panel: the Sell tab and the customer view
        "vouchers",  # an issued gift voucher: print, PDF, mail (Sell tab, booking refunds)
    }
)
FEATURES = frozenset(
    {
        "sale",
        "customers",
        "checkin",
        "mail",
        "manager",  # its __init__ only; each manager/<folder> is a feature of its own
        "manager.events",
        "manager.venues",
        "manager.reports",
        "manager.monitor",
        "manager.bookings",
        "manager.staff",
        "manager.codes",
        "till",
        "packages",
    }
)
# Who may import the database layer: the shell opens it; these name its type.
DATABASE_TYPE = "boxoffice.db.database"
MAY_OPEN_DATABASE = frozenset({"app", "about", "setup.actions", "setup.wizard"})
MAY_NAME_DATABASE = frozenset({"context", "service_calls", "sign_in", "about"})


@dataclass(frozen=True)
class Module:
    name: str  # dotted, under PACKAGE: "sale.sell_tab", "manager.events.tab", "tabs"
    path: Path
    imports: frozenset[str]  # absolute dotted names, every import statement (lazy ones too)
    tree: ast.Module


def unit(name: str) -> str:
    """The layer unit a module belongs to: its top folder (manager: its second folder)."""
    parts = name.split(".")
    if parts[0] == "manager" and len(parts) > 1:
        return f"manager.{parts[1]}"
    return parts[0]


def read_modules(root: Path) -> dict[str, Module]:
    modules = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).with_suffix("")
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        name = ".".join(parts) or "__init__"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        modules[name] = Module(name, path, frozenset(found), tree)
    return modules


def gui_targets(module: Module, modules: dict[str, Module]) -> set[str]:
    """The gui modules *module* imports (``from pkg import mod`` counts as importing pkg.mod)."""
    prefix = PACKAGE + "."
    return {
        target[len(prefix) :]
        for target in module.imports
        if target.startswith(prefix) and target[len(prefix) :] in modules
    }


def layer(name: str) -> str | None:
    u = unit(name)
    if u in SHELL:
        return "shell"
    if u in PLUMBING:
        return "plumbing"
    if u in SHARED:
        return "shared"
    if u in FEATURES:
        return "feature"
    return None


def layer_violations(modules: dict[str, Module]) -> Iterator[str]:
    for name, module in modules.items():
        here = layer(name)
        if here is None:
            yield f"{name}: in no layer (add its folder to SHELL, SHARED or FEATURES)"
            continue
        for target in sorted(gui_targets(module, modules)):
            there = layer(target)
            if here == "feature" and there == "feature" and unit(target) != unit(name):
                yield f"{name} imports {target}: a feature imports another feature"
            if here in ("feature", "shared", "plumbing") and there == "shell":
                yield f"{name} imports {target}: reaches up into the window shell"
            if here in ("shared", "plumbing") and there == "feature":
                yield f"{name} imports {target}: a shared module imports a feature"
            if here == "plumbing" and there == "shared":
                yield f"{name} imports {target}: the plumbing imports a shared package"


def database_violations(modules: dict[str, Module]) -> Iterator[str]:
    for name, module in modules.items():
        for target in sorted(module.imports):
            top = target.split(".")[0]
            if top == "sqlalchemy" and name not in MAY_OPEN_DATABASE:
                yield f"{name} imports {target}: SQL belongs in services"
            elif target == "boxoffice.db" or target.startswith("boxoffice.db."):
                if name in MAY_OPEN_DATABASE:
                    continue
                if name in MAY_NAME_DATABASE and target.startswith(DATABASE_TYPE):
                    continue
                yield f"{name} imports {target}: the GUI calls services, not the database"
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Attribute) and node.attr == "db":
                owner = node.value
                owner_name = owner.attr if isinstance(owner, ast.Attribute) else None
                if isinstance(owner, ast.Name):
                    owner_name = owner.id
                if owner_name == "ctx" and name not in MAY_NAME_DATABASE:
                    yield f"{name}:{node.lineno} reads ctx.db: call ctx.services instead"


def circles(modules: dict[str, Module]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    graph = {name: gui_targets(module, modules) - {name} for name, module in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return found


def ignore_package_faces(modules: dict[str, Module]) -> dict[str, Module]:
    """A package's ``__init__`` that only hands a name on (``from .tab import Tab``) would make
    every import of its submodules look like a circle with it: leave those edges out."""
    kept = {}
    for name, module in modules.items():
        path = module.path
        if path.name == "__init__.py":
            own = {i for i in module.imports if i.startswith(f"{PACKAGE}.{name}.")}
            module = Module(name, path, module.imports - own, module.tree)
        kept[name] = module
    return kept


# -- the real tree --------------------------------------------------------------------------------


def test_every_module_is_in_a_layer_and_keeps_to_it() -> None:
    assert list(layer_violations(read_modules(GUI))) == []


def test_gui_never_touches_the_database() -> None:
    assert list(database_violations(read_modules(GUI))) == []


def test_no_import_circles() -> None:
    assert circles(ignore_package_faces(read_modules(GUI))) == []


# -- the checks fail on planted violations ---------------------------------------------------------


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A copy of gui/ to plant violations in."""
    root = tmp_path / "gui"
    shutil.copytree(GUI, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_a_feature_importing_another_feature_or_the_shell_fails(planted: Path) -> None:
    _append(
        planted / "sale" / "sell_tab.py", "from boxoffice.gui.customers.tab import CustomersTab"
    )
    _append(planted / "customers" / "tab.py", "from boxoffice.gui.main_window import MainWindow")
    _append(planted / "widgets" / "confirm_bar.py", "import boxoffice.gui.checkin.tab")
    (planted / "newfolder").mkdir()
    (planted / "newfolder" / "__init__.py").write_text("")
    found = "\n".join(layer_violations(read_modules(planted)))
    assert "sale.sell_tab imports customers.tab: a feature imports another feature" in found
    assert "customers.tab imports main_window: reaches up into the window shell" in found
    assert "widgets.confirm_bar imports checkin.tab: a shared module imports a feature" in found
    assert "newfolder: in no layer" in found


def test_the_database_reached_from_a_widget_fails(planted: Path) -> None:
    _append(planted / "events" / "model.py", "from sqlalchemy import select")
    _append(planted / "checkin" / "tab.py", "from boxoffice.db.models import Ticket")
    _append(planted / "mail" / "tab.py", "def f(ctx):\n    return ctx.db")
    found = "\n".join(database_violations(read_modules(planted)))
    assert "events.model imports sqlalchemy: SQL belongs in services" in found
    assert "checkin.tab imports boxoffice.db.models" in found
    assert "mail.tab:" in found and "reads ctx.db" in found


def test_an_import_circle_fails(planted: Path) -> None:
    _append(planted / "tasks.py", "from boxoffice.gui.context import AppContext")
    assert ["context", "service_calls", "tasks"] in circles(
        ignore_package_faces(read_modules(planted))
    )
