"""Help → About (version, Qt, database server) and Help → Copy diagnostics."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from boxoffice import __version__, diagnostics
from boxoffice.db.server_info import ServerInfo, server_info
from boxoffice.gui.context import AppContext
from boxoffice.gui.tickets import desk_settings
from boxoffice.i18n import _


def gui_lines(ctx: AppContext) -> list[str]:
    """What only the GUI knows: Qt and this desk's printer."""
    printer = desk_settings.printer(ctx.settings) or _("not chosen yet")
    return [
        _("Qt {qt}, PySide6 {pyside_version}").format(qt=qVersion(), pyside_version=pyside_version),
        _("Printer: {printer}, stock {stock}").format(
            printer=printer, stock=desk_settings.stock(ctx.settings)
        ),
        _("Signed in: {username} ({role}) at desk {desk}").format(
            username=ctx.actor.username, role=ctx.actor.role.value, desk=ctx.actor.desk or "—"
        ),
    ]


def copy_diagnostics(ctx: AppContext) -> None:
    """Build the report on a worker (it asks the server) and put it on the clipboard."""

    def copied(text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        ctx.messages.info.emit(_("Diagnostics copied: paste them into your message to support."))

    ctx.tasks.run(
        diagnostics.report,
        ctx.db,
        gui_lines(ctx),
        on_done=copied,
        on_error=lambda exc: ctx.messages.error.emit(
            _("Could not collect diagnostics: {exc}").format(exc=exc)
        ),
    )


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(_("About"))  # Qt appends " — Box office"
        self._ctx = ctx
        heading = QLabel(_("<h2>Box office {version}</h2>").format(version=__version__))
        blurb = QLabel(_("Sell seats, print tickets and check in at the door."))
        blurb.setObjectName("subtle")
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, value in (
            ("version", _("Version"), __version__),
            (
                "qt",
                "Qt",
                _("{qt} (PySide6 {pyside_version})").format(
                    qt=qVersion(), pyside_version=pyside_version
                ),
            ),
            ("server", _("Database server"), "asking…"),
            ("schema", _("Schema"), "asking…"),
        ):
            field = QLabel(value)
            field.setObjectName(f"about_{key}")
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, field)
            self.fields[key] = field
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(
            _("Copy diagnostics"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(lambda: copy_diagnostics(ctx))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addWidget(buttons)
        ctx.tasks.run(
            server_info, ctx.db.engine, on_done=self._show_server, on_error=self._server_failed
        )

    def _show_server(self, info: ServerInfo) -> None:
        self.fields["server"].setText(info.version)
        self.fields["schema"].setText(info.schema_state)

    def _server_failed(self, exc: BaseException) -> None:
        self.fields["server"].setText(_("not reachable ({name})").format(name=type(exc).__name__))
        self.fields["schema"].setText(_("unknown"))
