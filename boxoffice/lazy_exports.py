"""Lazy package exports (PEP 562), so that importing a package never imports its modules.

A package's ``__init__`` imports its public names only ``if TYPE_CHECKING:`` (what mypy and a
reader see), lists them in ``__all__``, and ends with::

    __getattr__, __dir__ = attach(__name__, __file__, __all__)

:func:`attach` reads that block; a name's module is imported the first time the name is used,
and a submodule not imported yet is imported when it is asked for as an attribute. Import order
between packages therefore never matters and re-exports cannot close an import circle.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def exports_of(package: str, init_file: str) -> dict[str, tuple[str, str]]:
    """``name -> (module, attribute)`` from the ``if TYPE_CHECKING:`` block of *init_file*."""
    try:
        source = Path(init_file).read_text(encoding="utf-8")
    except OSError as exc:  # a bundle must ship the __init__ sources (packaging/boxoffice.spec)
        raise ImportError(f"{package}: cannot read {init_file} for its exports: {exc}") from exc
    tree = ast.parse(source)
    found: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if not (isinstance(node, ast.If) and _is_type_checking(node.test)):
            continue
        for stmt in node.body:
            if isinstance(stmt, ast.ImportFrom) and stmt.module is not None:
                module = importlib.util.resolve_name("." * stmt.level + stmt.module, package)
                for alias in stmt.names:
                    found[alias.asname or alias.name] = (module, alias.name)
    return found


def attach(
    package: str, init_file: str, names: list[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for the package *package* whose ``__init__`` is *init_file*
    and whose ``__all__`` is *names* (which must be exactly the names its block imports)."""
    exports = exports_of(package, init_file)
    if set(exports) != set(names):
        raise ImportError(
            f"{package}: __all__ and the TYPE_CHECKING imports differ: "
            f"{sorted(set(exports) ^ set(names))}"
        )

    def __getattr__(name: str) -> Any:
        target = exports.get(name)
        if target is None:
            try:
                return importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{package}.{name}":
                    raise
                raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(target[0]), target[1])
        setattr(sys.modules[package], name, value)  # the next lookup skips __getattr__
        return value

    def __dir__() -> list[str]:
        return sorted(set(exports) | set(vars(sys.modules[package])))

    return __getattr__, __dir__
