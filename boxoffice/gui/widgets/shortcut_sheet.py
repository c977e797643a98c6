"""Help ▸ Keyboard shortcuts: a sheet of every keyed action, read from the actions themselves
(their keys, their text, the menu they are in), so it can never disagree with the menus."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boxoffice.gui.widgets.accessible import name_controls
from boxoffice.gui.widgets.shortcuts import keys_text

Section = tuple[str, Sequence[QAction]]
Row = tuple[str, str, str]  # keys, what it does, where (the menu)


def plain(text: str) -> str:
    """A menu text without its mnemonic ampersands (a literal "&&" stays one "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shortcut_rows(sections: Iterable[Section], extra: Iterable[Row] = ()) -> list[Row]:
    """One row per action that has a key, in menu order; submenus are followed. *extra* rows
    (keys a widget handles itself, e.g. the seat map's arrows) come last."""
    rows: list[Row] = []

    def walk(where: str, actions: Sequence[QAction]) -> None:
        for action in actions:
            menu = action.menu()
            if menu is not None and hasattr(menu, "actions"):
                walk(where, menu.actions())
                continue
            keys = keys_text(action)
            if keys and not action.isSeparator():
                rows.append((keys, plain(action.text()), where))

    for title, actions in sections:
        walk(plain(title), actions)
    rows.extend(extra)
    return rows


class ShortcutSheet(QDialog):
    """The sheet; typing in the filter narrows it to keys or actions containing the text."""

    def __init__(
        self, sections: Iterable[Section], parent: QWidget | None = None, extra: Iterable[Row] = ()
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle("Keyboard shortcuts")
        self.rows = shortcut_rows(sections, extra)
        intro = QLabel(
            "Every step of a sale, a refund and a check-in has a key. A tab's own keys work "
            "while that tab is shown; its menu lists them too."
        )
        intro.setWordWrap(True)
        self.filter = QLineEdit()
        self.filter.setObjectName("shortcutFilter")
        self.filter.setPlaceholderText("Filter: type a key or a word")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.table = QTableWidget(len(self.rows), 3)
        self.table.setObjectName("shortcutTable")
        self.table.setHorizontalHeaderLabels(["Keys", "Does", "Menu"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        for r, row in enumerate(self.rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.filter)
        column.addWidget(self.table, 1)
        column.addWidget(buttons)
        self.resize(560, 520)
        name_controls(self)
        self.filter.setFocus(Qt.FocusReason.OtherFocusReason)

    def visible_rows(self) -> list[Row]:
        return [row for r, row in enumerate(self.rows) if not self.table.isRowHidden(r)]

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for r, row in enumerate(self.rows):
            self.table.setRowHidden(r, bool(needle) and needle not in " ".join(row).casefold())
