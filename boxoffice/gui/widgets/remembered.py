"""Splitter positions and table column widths that the desk remembers (in ``ctx.settings``).

A clerk who widened the event list or a column finds it so after a restart; a stored state
that no longer fits (columns added since) is ignored.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QSplitter


def remember_splitter(splitter: QSplitter, settings: QSettings, key: str) -> None:
    """Restore *splitter*'s sizes from *key* and store them whenever the clerk moves it."""
    state = settings.value(key)
    if isinstance(state, QByteArray) and not state.isEmpty():
        splitter.restoreState(state)

    def save(_pos: int, _index: int) -> None:
        settings.setValue(key, splitter.saveState())

    splitter.splitterMoved.connect(save)


def remember_columns(header: QHeaderView, settings: QSettings, key: str) -> None:
    """Restore the column widths (and order) of *header* from *key*; store them on each change."""
    state = settings.value(key)
    count = header.count()
    if isinstance(state, QByteArray) and not state.isEmpty():
        header.restoreState(state)
        if header.count() != count:  # saved with another set of columns
            header.reset()

    def save() -> None:
        settings.setValue(key, header.saveState())

    header.sectionResized.connect(lambda *_: save())
    header.sectionMoved.connect(lambda *_: save())
