"""Qt Designer forms: every ``ui/*.ui`` is loaded here, and only here, with ``QUiLoader``.

Loaded at run time rather than compiled with ``pyside6-uic``: a form adjusted in Designer is
live on the next start with no generated module to regenerate, review or let go stale, and
there is one code path for the checkout, a wheel and a PyInstaller bundle (see
:mod:`boxoffice.gui.assets`). What the compiled route gives (typed attributes) comes back
through :class:`FormSpec`: each dialog module declares the widgets, by object name and class,
that its code relies on; :func:`load_form` checks them on every load and tests check every
``.ui`` against its spec, so a form renamed or retyped in Designer fails loudly, not later.

A form's top-level widget is a plain ``QWidget``; the Python class (the dialog, group box or
panel that keeps the behaviour) puts it in its layout, so its children are the dialog's
children and ``findChild`` by object name works as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget

from boxoffice.gui.assets import ui_file

W = TypeVar("W", bound=QWidget)


class FormError(RuntimeError):
    """A ``.ui`` file is missing, unreadable or lacks a widget the code expects (a bug)."""


@dataclass(frozen=True)
class FormSpec:
    """The form ``ui/<name>.ui`` and the widgets (object name -> class) the code uses."""

    name: str
    widgets: Mapping[str, type[QWidget]]


SPECS: dict[str, FormSpec] = {}


def form_spec(name: str, **widgets: type[QWidget]) -> FormSpec:
    """Declare (and register, for the tests) the form *name* and the widgets it must have."""
    spec = FormSpec(name, dict(widgets))
    SPECS[name] = spec
    return spec


class Form:
    """A loaded form: ``root`` (the top-level widget) and typed access to its children."""

    def __init__(self, spec: FormSpec, root: QWidget) -> None:
        self.spec = spec
        self.root = root

    def get(self, kind: type[W], name: str) -> W:
        """The child *name*, which the spec declares as *kind* (checked when loading)."""
        if self.spec.widgets.get(name) is not kind:
            raise FormError(f"{self.spec.name}.ui: {name!r} is not declared as {kind.__name__}")
        widget = self.root if self.root.objectName() == name else self.root.findChild(kind, name)
        assert isinstance(widget, kind)
        return widget

    def layout_of(self, name: str) -> QLayout:
        """The layout *name* of the form (for rows the code fills in)."""
        layout = self.root.findChild(QLayout, name)
        if not isinstance(layout, QLayout):
            raise FormError(f"{self.spec.name}.ui has no layout {name!r}")
        return layout


def load_form(spec: FormSpec, parent: QWidget | None = None) -> Form:
    """Load ``ui/<spec.name>.ui`` under *parent*; FormError when it does not match the spec."""
    path = ui_file(spec.name)
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FormError(f"cannot read the form {path}")
    try:
        root = QUiLoader().load(file, parent)
    finally:
        file.close()
    if root is None:
        raise FormError(f"cannot load the form {path}")
    missing = [
        f"{name} ({kind.__name__})"
        for name, kind in spec.widgets.items()
        if not _has(root, kind, name)
    ]
    if missing:
        root.deleteLater()
        raise FormError(f"{path.name} lacks widgets the code uses: {', '.join(missing)}")
    return Form(spec, root)


def _has(root: QWidget, kind: type[QWidget], name: str) -> bool:
    if root.objectName() == name:
        return isinstance(root, kind)
    return isinstance(root.findChild(kind, name), kind)


def fill(host: QWidget, spec: FormSpec) -> Form:
    """Load *spec* into *host*: the form's widget becomes *host*'s whole content."""
    form = load_form(spec, host)
    column = QVBoxLayout(host)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(form.root)
    return form
