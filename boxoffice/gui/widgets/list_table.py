"""The desk's list tables: whole-row selection, no row numbers, striped, columns fitted."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

SelectionMode = QAbstractItemView.SelectionMode


def list_table(
    name: str,
    model: QAbstractItemModel,
    selection: QAbstractItemView.SelectionMode = SelectionMode.SingleSelection,
    stretch: int | None = None,
) -> QTableView:
    """A table named *name* (object name) showing *model* row by row. Columns fit their
    contents; column *stretch* takes the spare width (default: the last column)."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(selection)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it): no keyboard trap
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        # The stretched column gets what is left; never less than its (translated) title.
        title = model.headerData(stretch, Qt.Orientation.Horizontal)
        if isinstance(title, str):
            header.setMinimumSectionSize(header.fontMetrics().horizontalAdvance(title) + 24)
    return view
