"""Finding text that does not fit its widget (for the pseudo-translation run).

A label, button, check box, line edit's placeholder, tab or header section whose text, as its
font measures it, is wider than the room the widget gives it is clipped (or, for tabs and
headers, elided by Qt). Labels that elide on purpose (:class:`ElidedLabel`) and word-wrapped
labels that are tall enough for their lines are not clipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTabBar,
    QToolButton,
    QWidget,
)

from boxoffice.gui.widgets.elided_label import ElidedLabel

SLACK = 2  # pixels of rounding the styles allow themselves


@dataclass(frozen=True)
class Clip:
    widget: str
    text: str
    need: int
    room: int

    def __str__(self) -> str:
        return f"{self.widget}: {self.text[:50]!r} needs {self.need}px, has {self.room}px"


def _plain(text: str) -> str:
    return re.sub(r"&(?!&)", "", text).replace("&&", "&")


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__}#{widget.objectName() or '?'}"


def _label(label: QLabel) -> Clip | None:
    text = label.text()
    if not text.strip() or isinstance(label, ElidedLabel) or not label.pixmap().isNull():
        return None
    room = label.contentsRect().width() - 2 * label.margin() - label.indent() * 0
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and bool(re.search(r"<[a-zA-Z/][^>]*>", text))
    )
    if label.wordWrap() or rich:
        document = QTextDocument()
        document.setDefaultFont(label.font())
        if rich:
            document.setHtml(text)
        else:
            document.setPlainText(text)
        document.setDocumentMargin(0)
        if label.wordWrap():
            document.setTextWidth(room)
            need_h = int(document.size().height())
            if need_h > label.contentsRect().height() + SLACK:
                return Clip(_name(label), document.toPlainText(), need_h, label.height())
            return None
        need = int(document.idealWidth())
        shown = document.toPlainText()
    else:
        shown = _plain(text) if label.buddy() is not None else text
        need = max(
            QFontMetrics(label.font()).horizontalAdvance(line) for line in shown.splitlines()
        )
    if need > room + SLACK:
        return Clip(_name(label), shown, need, room)
    return None


def _button(button: QAbstractButton) -> Clip | None:
    text = _plain(button.text())
    if not text.strip():
        return None
    if isinstance(button, QPushButton | QToolButton | QCheckBox | QRadioButton):
        need = button.sizeHint().width()
        if need > button.width() + SLACK:
            return Clip(_name(button), text, need, button.width())
    return None


def _placeholder(edit: QLineEdit) -> Clip | None:
    text = edit.placeholderText()
    if not text or edit.text():
        return None
    need = QFontMetrics(edit.font()).horizontalAdvance(text)
    room = edit.contentsRect().width() - 8  # the frame's and the text margins
    if need > room + SLACK:
        return Clip(f"{_name(edit)} placeholder", text, need, room)
    return None


def _tabs(bar: QTabBar) -> list[Clip]:
    found = []
    metrics = QFontMetrics(bar.font())
    for i in range(bar.count()):
        text = _plain(bar.tabText(i))
        need = metrics.horizontalAdvance(text)
        room = bar.tabRect(i).width() - 8
        if need > room + SLACK:
            found.append(Clip(f"{_name(bar)} tab {i}", text, need, room))
    return found


def _header(header: QHeaderView) -> list[Clip]:
    found = []
    model = header.model()
    if model is None or header.isHidden():
        return found
    metrics = QFontMetrics(header.font())
    for section in range(header.count()):
        if header.isSectionHidden(section) or header.sectionSize(section) == 0:
            continue
        text = model.headerData(section, header.orientation())
        if not isinstance(text, str) or not text:
            continue
        need = metrics.horizontalAdvance(text) + 8
        room = header.sectionSize(section)
        if need > room + SLACK:
            found.append(Clip(f"{_name(header)} section {section}", text, need, room))
    return found


def clipped(root: QWidget, headers: bool = True) -> list[Clip]:
    """Every visible text under *root* that does not fit."""
    found: list[Clip] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) or widget.width() <= 0 or widget.height() <= 0:
            continue
        clip: Clip | None = None
        if isinstance(widget, QLabel):
            clip = _label(widget)
        elif isinstance(widget, QAbstractButton):
            clip = _button(widget)
        elif isinstance(widget, QLineEdit):
            clip = _placeholder(widget)
        elif isinstance(widget, QTabBar):
            found.extend(_tabs(widget))
        elif isinstance(widget, QHeaderView) and headers:
            found.extend(_header(widget))
        if clip is not None:
            found.append(clip)
    return found
