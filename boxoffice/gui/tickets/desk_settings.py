"""This desk's ticket printing preferences, each declared once (kept in ctx.settings)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from boxoffice.i18n import N_
from boxoffice.services.tickets.layout import STOCKS


@dataclass(frozen=True)
class DeskSetting:
    key: str
    default: str | bool
    description: str


PRINTER = DeskSetting(
    "tickets/printer", "", N_("Printer for tickets at this desk (empty = ask the first time).")
)
STOCK = DeskSetting(
    "tickets/stock", "a4", N_("Ticket stock loaded in that printer: ") + ", ".join(STOCKS) + "."
)
RECEIPT = DeskSetting("tickets/print_receipt", True, N_("Print the receipt after the tickets."))
SETTINGS = (PRINTER, STOCK, RECEIPT)


def printer(settings: QSettings) -> str:
    return str(settings.value(PRINTER.key, PRINTER.default) or "")


def stock(settings: QSettings) -> str:
    value = str(settings.value(STOCK.key, STOCK.default) or STOCK.default)
    return value if value in STOCKS else str(STOCK.default)


def print_receipt(settings: QSettings) -> bool:
    value = settings.value(RECEIPT.key, RECEIPT.default)
    # QSettings hands booleans back as strings from INI files.
    return value not in (False, "false", "0", 0)


def remember(settings: QSettings, printer_name: str, stock_key: str, receipt: bool) -> None:
    settings.setValue(PRINTER.key, printer_name)
    settings.setValue(STOCK.key, stock_key)
    settings.setValue(RECEIPT.key, receipt)
    settings.sync()
