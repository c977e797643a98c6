"""Sending to a thermal printer through python-escpos: pages as raster images, the drawer kick.

The job is built in memory first (escpos ``Dummy``), then handed over in one piece: to port
9100 (escpos ``Network``), to a USB printer (escpos ``Usb``) or to a raw CUPS queue (``lp -o
raw``). A printer that is off or unplugged raises PrinterUnavailable with what to check; the
caller (a worker thread) reports it, a sale never waits on it.
"""

from __future__ import annotations

import copy
import shutil
import socket
import subprocess
from collections.abc import Iterable

from escpos.printer import Dummy, Network, Usb
from PIL import Image

from boxoffice.i18n import _
from boxoffice.printing.thermal import Connection, PrinterUnavailable, ThermalPrinter

TIMEOUT = 5.0  # seconds: a printer that does not answer by then is off


def _builder(printer: ThermalPrinter) -> Dummy:
    job = Dummy()
    # The roll's width, so python-escpos can refuse an image that would not fit (on a copy:
    # the profile's data is shared by every printer object of the library).
    job.profile.profile_data = copy.deepcopy(job.profile.profile_data)
    job.profile.profile_data["media"]["width"]["pixels"] = printer.dots
    job.hw("INIT")
    return job


def pages_job(printer: ThermalPrinter, images: Iterable[Image.Image], kick: bool = False) -> bytes:
    """The ESC/POS bytes printing *images* one after another, each cut; *kick* opens the drawer
    first (cash was taken: the drawer opens while the receipt prints)."""
    job = _builder(printer)
    if kick:
        job.cashdraw(printer.drawer_pin)
    for image in images:
        job.image(image, impl="bitImageRaster")
        job.cut()
    return bytes(job.output)


def kick_job(printer: ThermalPrinter) -> bytes:
    """The ESC/POS bytes that only open the drawer."""
    job = _builder(printer)
    job.cashdraw(printer.drawer_pin)
    return bytes(job.output)


def send(printer: ThermalPrinter, data: bytes, title: str = "boxoffice") -> None:
    """Hand *data* to *printer*; PrinterUnavailable if it cannot be reached."""
    try:
        if printer.connection is Connection.NETWORK:
            host, port = printer.host_port()
            link = Network(host, port=port, timeout=TIMEOUT)
            # Connected here rather than by link.open(), which leaks the socket when refused.
            link.device = socket.create_connection((host, port), timeout=TIMEOUT)
            try:
                link._raw(data)
            finally:
                link.close()
        elif printer.connection is Connection.USB:
            if not Usb.is_usable():
                raise PrinterUnavailable(
                    _(
                        "USB printing needs pyusb and libusb on this computer. Print "
                        "through a raw CUPS queue for the USB printer instead, or over "
                        "the network."
                    )
                )
            vendor, product = printer.usb_ids()
            usb = Usb(vendor, product, timeout=int(TIMEOUT * 1000))
            usb.open(raise_not_found=True)
            try:
                usb._raw(data)
            finally:
                usb.close()
        else:
            _lp(printer.address, data, title)
    except PrinterUnavailable:
        raise
    except Exception as exc:  # the library's DeviceNotFoundError, OSError, timeouts, USB errors
        why = " ".join(str(exc).split())
        raise PrinterUnavailable(
            _(
                "The {describe} did not answer ({why}). Check that it is on, "
                "connected and has paper; the sale itself is saved."
            ).format(describe=printer.describe(), why=why)
        ) from exc


def _lp(queue: str, data: bytes, title: str) -> None:
    lp = shutil.which("lp")
    if lp is None:
        raise PrinterUnavailable(_("CUPS is not installed here (no lp command)."))
    done = subprocess.run(
        [lp, "-d", queue, "-o", "raw", "-t", title],
        input=data,
        capture_output=True,
        timeout=30,
        check=False,
    )
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip() or f"lp exited {done.returncode}"
        raise PrinterUnavailable(
            _("The CUPS queue {queue!r} refused the job: {message}").format(
                queue=queue, message=message
            )
        )


def print_images(
    printer: ThermalPrinter, images: Iterable[Image.Image], kick: bool = False, title: str = ""
) -> None:
    send(printer, pages_job(printer, images, kick), title or "boxoffice")


def kick_drawer(printer: ThermalPrinter) -> None:
    send(printer, kick_job(printer), "drawer")
