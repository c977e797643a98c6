"""Share this event: the clerk types a friend's address (and a note) for the customer."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.gui.context import AppContext
from boxoffice.i18n import _
from boxoffice.services.mail import share
from boxoffice.services.mail.share import MAX_NOTE, Shared, SharePreview


class ShareEventDialog(QDialog):
    """Signals: ``shared(object)`` with the :class:`Shared` result once the e-mail is queued."""

    shared = Signal(object)

    def __init__(self, ctx: AppContext, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shareEventDialog")
        self.setWindowTitle(_("Share this event"))
        self.ctx = ctx
        self.event_id = event_id
        # One key per dialog: a second click (or a retry after a glitch) never mails twice.
        self.idempotency_key = uuid.uuid4().hex
        self._ready = False  # the event was found and may be shared
        self.heading = QLabel(_("Loading…"))
        self.heading.setObjectName("panelTitle")
        self.heading.setWordWrap(True)
        self.details = QLabel("")
        self.details.setObjectName("subtle")
        self.to_addr = QLineEdit()
        self.to_addr.setObjectName("shareTo")
        self.to_addr.setPlaceholderText(_("friend@example.com"))
        self.shared_by = QLineEdit()
        self.shared_by.setObjectName("shareFrom")
        self.shared_by.setPlaceholderText(_("the customer's first name (optional)"))
        self.shared_by.setMaxLength(60)
        self.note = QPlainTextEdit()
        self.note.setObjectName("shareNote")
        self.note.setPlaceholderText(_("A short note for the friend (optional)"))
        self.note.setFixedHeight(90)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(_("Friend's &e-mail"), self.to_addr)
        form.addRow(_("&From"), self.shared_by)
        form.addRow(_("&Note"), self.note)
        buttons = QDialogButtonBox()
        self.send_button: QPushButton = buttons.addButton(
            _("Send"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.send_button.setObjectName("sendShare")
        self.send_button.setDefault(True)
        self.send_button.setEnabled(False)  # until the event is known to be shareable
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.send)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(self.details)
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(buttons)
        self.setMinimumWidth(460)
        self.ctx.services.run(
            share.share_preview,
            event_id,
            on_done=self._preview,
            on_error=self._failed,
        )

    def _preview(self, preview: SharePreview) -> None:
        self.heading.setText(preview.title)
        self.details.setText(f"{preview.when} · {preview.venue}")
        self._ready = True
        self.send_button.setEnabled(True)
        self.to_addr.setFocus()

    @Slot()
    def send(self) -> None:
        to = self.to_addr.text().strip()
        note = self.note.toPlainText()
        if not to:
            self._error(_("Type the friend's e-mail address."))
            return
        if len(note) > MAX_NOTE:
            self._error(
                _("The note is too long ({count} characters; at most {MAX_NOTE}).").format(
                    count=len(note), MAX_NOTE=MAX_NOTE
                )
            )
            return
        self.send_button.setEnabled(False)
        self.error.hide()
        self.ctx.services.run_write(
            share.share_event,
            self.event_id,
            to,
            note,
            shared_by=self.shared_by.text(),
            idempotency_key=self.idempotency_key,
            on_done=self._sent,
            on_error=self._failed,
        )

    def _error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _sent(self, result: Shared) -> None:
        self.ctx.messages.info.emit(
            _("Event shared with {to_addr}; the e-mail is on its way.").format(
                to_addr=result.to_addr
            )
        )
        self.shared.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, BoxOfficeError):
            raise exc
        if not self._ready:
            self.heading.setText(_("This event cannot be shared"))
        self.send_button.setEnabled(self._ready)
        self._error(exc.message)
