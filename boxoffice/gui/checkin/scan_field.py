"""The field a barcode scanner types into (fast keystrokes, then Enter), or a code is pasted."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLineEdit, QWidget

from boxoffice.gui.theme import points

# A scanner types one character per key event; a jump this big in one edit is a paste.
PASTE_JUMP = 12


class ScanField(QLineEdit):
    """Signals: ``submitted(str)`` with the scanned or pasted text; the field then clears."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanField")
        self.setPlaceholderText("Scan a ticket, or paste its code and press Enter")
        self.setClearButtonEnabled(True)
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(points(16))  # large, and larger with a large system font
        self.setFont(font)
        self.setMaxLength(200)
        self._previous = ""
        self.returnPressed.connect(self.submit)
        self.textEdited.connect(self._edited)

    @Slot()
    def submit(self) -> None:
        text = self.text().strip()
        self.clear()
        self._previous = ""
        if text:
            self.submitted.emit(text)

    def offer_again(self, text: str) -> None:
        """Put a mistyped code back, selected: the clerk fixes a character and presses Enter,
        or the next scan simply replaces it."""
        self.setText(text)
        self._previous = text  # an edit of it is typing, not a paste
        self.selectAll()

    @Slot(str)
    def _edited(self, text: str) -> None:
        pasted = len(text) - len(self._previous) >= PASTE_JUMP
        self._previous = text
        if pasted:
            self.submit()
