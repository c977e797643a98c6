"""Which thermal printer a desk prints to: how it is reached, the paper width, the drawer pin."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from boxoffice.domain.errors import BoxOfficeError, ValidationError
from boxoffice.i18n import _


class PrinterUnavailable(BoxOfficeError):
    """The thermal printer did not answer or refused the job (off, unplugged, out of paper)."""


class Connection(StrEnum):
    NETWORK = "network"  # raw TCP, usually port 9100
    USB = "usb"  # vendor:product id
    CUPS = "cups"  # a raw CUPS queue (lp -o raw)


# Printable dots across the roll at 203 dpi (8 dots per mm).
PAPER_DOTS = {58: 384, 80: 576}


@dataclass(frozen=True)
class ThermalPrinter:
    connection: Connection
    address: str  # "host:port", "04b8:0202", or a CUPS queue name
    paper_mm: int = 80
    drawer_pin: int = 2  # the drawer's kick connector: pin 2 or 5

    @property
    def dots(self) -> int:
        return PAPER_DOTS[self.paper_mm]

    def host_port(self) -> tuple[str, int]:
        host, _sep, port = self.address.rpartition(":")
        if not host:
            return self.address, 9100
        return host, int(port)

    def usb_ids(self) -> tuple[int, int]:
        vendor, _sep, product = self.address.partition(":")
        return int(vendor, 16), int(product, 16)

    def describe(self) -> str:
        where = {"network": "network", "usb": "USB", "cups": "CUPS queue"}[self.connection.value]
        return f"{self.paper_mm} mm thermal printer ({where} {self.address})"


def thermal_printer(
    connection: str, address: str, paper_mm: int = 80, drawer_pin: int = 2
) -> ThermalPrinter:
    """A checked ThermalPrinter; ValidationError naming what is wrong."""
    try:
        kind = Connection(connection.strip().lower())
    except ValueError:
        choices = ", ".join(c.value for c in Connection)
        raise ValidationError(
            _("A thermal printer is reached by {choices}.").format(choices=choices)
        ) from None
    where = address.strip()
    if not where:
        raise ValidationError(_("Give the thermal printer's address."))
    if paper_mm not in PAPER_DOTS:
        raise ValidationError(_("Thermal paper is 58 or 80 mm wide."))
    if drawer_pin not in (2, 5):
        raise ValidationError(_("The cash drawer is kicked on pin 2 or pin 5."))
    printer = ThermalPrinter(kind, where, paper_mm, drawer_pin)
    try:
        if kind is Connection.NETWORK:
            _host, port = printer.host_port()
            if not 0 < port < 65536:
                raise ValueError
        elif kind is Connection.USB:
            printer.usb_ids()
    except ValueError:
        example = "192.168.1.50:9100" if kind is Connection.NETWORK else "04b8:0202"
        raise ValidationError(
            _("{where!r} is not a {value} address like {example}.").format(
                where=where, value=kind.value, example=example
            )
        ) from None
    return printer
