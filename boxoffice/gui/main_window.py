"""The desk's main window: one tab per feature the signed-in role may use, menus with every
shortcut, a status bar saying who is signed in where, and a banner for messages.

Tabs come from :data:`boxoffice.gui.tabs.TABS` and are built lazily on first visit, so a clerk's
desk never constructs (or imports) manager screens. A tab may offer a menu of its own by
defining ``menu_actions() -> tuple[str, list[QAction]]``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.gui.context import AppContext
from boxoffice.gui.tabs import TABS, TabSpec
from boxoffice.gui.theme_menu import theme_menu
from boxoffice.gui.widgets.accessible import name_controls
from boxoffice.gui.widgets.notice_banner import MessageBanner
from boxoffice.gui.widgets.shortcut_sheet import ShortcutSheet, shortcut_rows
from boxoffice.gui.widgets.shortcuts import with_shortcut
from boxoffice.services.people import auth

if TYPE_CHECKING:
    from boxoffice.gui.mail.outbox_pump import OutboxPump

log = logging.getLogger(__name__)

REFUSED_WITHOUT_KEYS = ("sell", "customers", "checkin")  # tabs that need the shared key set


class MainWindow(QMainWindow):
    """Signals: ``signed_out()`` once the clerk signed out (the app then asks for a new sign-in)."""

    signed_out = Signal()

    def __init__(self, ctx: AppContext, server: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("mainWindow")
        # Qt appends the display name (" — Box office") on Linux and Windows.
        self.setWindowTitle(f"{ctx.actor.username} at {ctx.actor.desk or 'this desk'}")
        self.specs: list[TabSpec] = [t for t in TABS if ctx.actor.can(t.permission)]
        self.pages: dict[str, QWidget] = {}  # key -> built tab widget
        self.feature_menus: dict[str, QMenu] = {}  # key -> that tab's own menu
        self._holders: list[QWidget] = []
        self._signing_out = False
        self.signed_out_requested = False  # the app asks for a new sign-in after close
        self.pump: OutboxPump | None = None

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.banner = MessageBanner(self.tabs)  # over the pages, not in the layout
        for spec in self.specs:
            holder = QWidget()
            holder.setObjectName(f"tab_{spec.key}")
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self._holders.append(holder)
            index = self.tabs.addTab(holder, spec.title)
            self.tabs.setTabToolTip(index, with_shortcut(spec.title, spec.shortcut))
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.tabs, 1)
        if not self.specs:
            empty = QLabel("Your role has no screens on this desk. Ask an administrator.")
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(empty, 1)
        self.setCentralWidget(central)

        self._build_status_bar(server)
        self._build_menus()
        ctx.messages.error.connect(lambda t: self.show_message("error", t))
        ctx.messages.warning.connect(lambda t: self.show_message("warning", t))
        ctx.messages.info.connect(lambda t: self.show_message("info", t))
        self.tabs.currentChanged.connect(self._ensure_built)
        if self.specs:
            self._ensure_built(0)
        from boxoffice.gui.till.notice import notify_open_till

        notify_open_till(ctx)  # a till left open here (restart, crash) is said at once
        geometry = ctx.settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 840)

    # -- chrome ---------------------------------------------------------------------------------
    def _build_status_bar(self, server: str) -> None:
        actor = self.ctx.actor
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        self.status_labels: dict[str, QLabel] = {}
        for key, text, tip in (
            ("desk", f"Desk: {actor.desk or '—'}", "This desk's name, recorded on each sale"),
            ("user", f"User: {actor.username}", "Signed-in user"),
            ("role", f"Role: {actor.role.value}", "What this user may do"),
            ("server", f"Server: {server}", "The database this desk works against"),
        ):
            label = QLabel(text)
            label.setObjectName(f"status_{key}")
            label.setToolTip(tip)
            bar.addPermanentWidget(label)
            self.status_labels[key] = label

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&Desk")
        self.sign_out_action = QAction("Sign &out", self)
        self.sign_out_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.sign_out_action.triggered.connect(self.sign_out)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(self.sign_out_action)
        file_menu.addMenu(theme_menu(self, self.ctx.settings))
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        go_menu = menu_bar.addMenu("&Go")
        self.tab_actions: dict[str, QAction] = {}
        for index, spec in enumerate(self.specs):
            action = QAction(spec.title, self)
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
                action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            go_menu.addAction(action)
            self.addAction(action)
            self.tab_actions[spec.key] = action

        help_menu = menu_bar.addMenu("&Help")
        keys = QAction("&Keyboard shortcuts", self)
        keys.setShortcut(QKeySequence("F1"))
        keys.triggered.connect(self.show_shortcuts)
        help_menu.addAction(keys)
        help_menu.addSeparator()
        self.diagnostics_action = QAction("Copy &diagnostics", self)
        self.diagnostics_action.setToolTip(
            "Versions, database status and recent errors, no secrets"
        )
        self.diagnostics_action.triggered.connect(self.copy_diagnostics)
        help_menu.addAction(self.diagnostics_action)
        about = QAction("&About Box office", self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)
        self._help_menu = help_menu

    def copy_diagnostics(self) -> None:
        from boxoffice.gui.about import copy_diagnostics

        copy_diagnostics(self.ctx)

    def show_about(self) -> None:
        from boxoffice.gui.about import AboutDialog

        AboutDialog(self.ctx, self).exec()

    def refuse_sales(self, reason: str) -> None:
        """This desk must not sell or scan (its keys differ from the server's): those tabs are
        disabled and *reason*, which says how to fix it, stays in the banner."""
        for index, spec in enumerate(self.specs):
            if spec.key in REFUSED_WITHOUT_KEYS:
                self.tabs.setTabEnabled(index, False)
                self.tabs.setTabToolTip(index, reason)
                self.tab_actions[spec.key].setEnabled(False)
        self.show_message("error", reason)

    def _add_feature_menu(self, key: str, page: QWidget) -> None:
        offer = getattr(page, "menu_actions", None)
        if offer is None:
            return
        title, actions = offer()
        menu = QMenu(title, self)
        menu.addActions(actions)
        self.menuBar().insertMenu(self._help_menu.menuAction(), menu)
        self.feature_menus[key] = menu

    def _show_menu_of(self, key: str) -> None:
        """Only the current tab's menu is in the menu bar (its keys work in that tab only)."""
        for owner, menu in self.feature_menus.items():
            menu.menuAction().setVisible(owner == key)

    # -- tabs -----------------------------------------------------------------------------------
    @Slot(int)
    def _ensure_built(self, index: int) -> None:
        if index < 0 or index >= len(self.specs):
            return
        spec = self.specs[index]
        if spec.key in self.pages:
            self._show_menu_of(spec.key)
            self._focus_page(self.pages[spec.key])
            return
        try:
            page = spec.factory(self.ctx)
        except BoxOfficeError as exc:
            page = QLabel(exc.message)
            page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages[spec.key] = page
        holder = self._holders[index]
        layout = holder.layout()
        assert layout is not None
        layout.addWidget(page)
        name_controls(page)  # what has no label of its own, for screen readers
        self._add_feature_menu(spec.key, page)
        self._show_menu_of(self.specs[self.tabs.currentIndex()].key)
        self._wire_tabs()
        self._focus_page(page)

    def _focus_page(self, page: QWidget) -> None:
        focus = getattr(page, "focus_first", None)
        if focus is not None:
            focus()

    def page(self, key: str) -> QWidget:
        """The tab widget for *key*, built if needed (tests and cross-tab wiring use it)."""
        index = next(i for i, s in enumerate(self.specs) if s.key == key)
        self._ensure_built(index)
        return self.pages[key]

    def show_tab(self, key: str) -> None:
        index = next(i for i, s in enumerate(self.specs) if s.key == key)
        self.tabs.setCurrentIndex(index)
        self._ensure_built(index)

    def _wire_tabs(self) -> None:
        """Customers tab → "sell to this customer" attaches them to the sale and opens Sell."""
        customers = self.pages.get("customers")
        if customers is None or getattr(customers, "_wired", False):
            return
        signal = getattr(customers, "sell_to_customer", None)
        if signal is None:
            return
        signal.connect(self._sell_to_customer)
        customers._wired = True  # type: ignore[attr-defined]

    @Slot(object)
    def _sell_to_customer(self, customer: object) -> None:
        if not any(s.key == "sell" for s in self.specs):
            return
        self.show_tab("sell")
        attach = getattr(self.pages["sell"], "attach_customer", None)
        if attach is not None:
            attach(customer)

    # -- messages, shortcuts, sign out ----------------------------------------------------------
    def show_message(self, level: str, text: str) -> None:
        self.banner.show_message(level, text)
        self.statusBar().showMessage(text, 8000)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.banner.isVisible():
            self.banner.hide()
            return
        super().keyPressEvent(event)

    def shortcut_sections(self) -> list[tuple[str, list[QAction]]]:
        """Every menu of the window with its actions (the tabs' own menus too, shown or not)."""
        menus = [a.menu() for a in self.menuBar().actions()]
        return [(m.title(), m.actions()) for m in menus if isinstance(m, QMenu)]

    def widget_keys(self) -> list[tuple[str, str, str]]:
        """Keys that widgets handle themselves (not menu actions), for the sheet: the seat
        map's cursor keys on the Sell tab."""
        from boxoffice.gui.seatmap.cursor import MAP_KEYS

        return [(keys, what, "Sale") for keys, what in MAP_KEYS]

    def shortcut_text(self) -> str:
        """Every shortcut of the menus, one per line (the F1 sheet shows the same rows)."""
        rows = shortcut_rows(self.shortcut_sections(), self.widget_keys())
        return "\n".join(f"{keys:<16} {what}" for keys, what, _where in rows)

    @Slot()
    def show_shortcuts(self) -> None:
        """Help ▸ Keyboard shortcuts (F1): the sheet, built from the actions themselves."""
        sheet = ShortcutSheet(self.shortcut_sections(), self, self.widget_keys())
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcut_sheet = sheet
        sheet.open()

    @Slot()
    def sign_out(self) -> None:
        if self._signing_out:
            return
        self._signing_out = True
        self.ctx.services.run_write(
            auth.sign_out,
            on_done=lambda _: self._finish_sign_out(),
            on_error=lambda _exc: self._finish_sign_out(),
        )

    def _finish_sign_out(self) -> None:
        self.signed_out_requested = True
        self.signed_out.emit()
        self.close()

    def start_outbox_pump(self) -> None:
        """Send queued e-mails from this desk in the background (every desk helps)."""
        from boxoffice.gui.mail.outbox_pump import OutboxPump

        if self.pump is None:
            self.pump = OutboxPump(self.ctx, parent=self)
            self.pump.start()

    def shutdown(self) -> None:
        """Stop timers (tabs, outbox) and release holds the desk still has (best effort)."""
        if self.pump is not None:
            self.pump.stop()
        for page in self.pages.values():
            stop = getattr(page, "shutdown", None)
            if stop is not None:
                stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.settings.setValue("main_window/geometry", self.saveGeometry())
        self.shutdown()
        super().closeEvent(event)
