"""Tickets and receipts on an ESC/POS thermal printer: the bytes sent to a stand-in printer on a
local port (and through a raw CUPS queue to it), rendered back to images, QR codes read by zbar."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from escpos.printer import Usb

from boxoffice.db.database import Database
from boxoffice.printing import escpos_out
from boxoffice.printing.raster import render_page
from boxoffice.printing.thermal import PrinterUnavailable, thermal_printer
from boxoffice.services.tickets.layout import Document
from boxoffice.services.tickets.pdf import document_for
from tests.printing.escpos_support import (
    DRAWER_KICK,
    GS_V0,
    PrinterListener,
    as_paper,
    qr_codes,
    raster_images,
    stacked,
)
from tests.printing.support import pick

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def listener() -> Iterator[PrinterListener]:
    server = PrinterListener()
    yield server
    server.close()


def _document(db: Database, stock: str) -> tuple[Document, list[str]]:
    booking = pick(db, seated=True, min_tickets=2)
    document = db.run(lambda s: document_for(s, booking.id, stock))
    return document, [t.code for t in booking.tickets if t.status == "valid"]


@pytest.mark.parametrize(("stock", "paper"), [("receipt", 80), ("thermal", 58), ("thermal", 80)])
def test_tickets_print_as_raster_and_their_qr_codes_scan(
    demo_db: Database, listener: PrinterListener, tmp_path: Path, stock: str, paper: int
) -> None:
    document, codes = _document(demo_db, stock)
    tickets = [p for p in document.pages if p.kind == "ticket"]
    printer = thermal_printer("network", listener.address, paper)
    images = [render_page(p, document.stock, printer.dots) for p in tickets]
    escpos_out.print_images(printer, images, kick=True)
    [job] = listener.wait_jobs(1)
    assert job.startswith(b"\x1b@")  # initialised
    assert DRAWER_KICK in job[:16]  # the drawer opens first, while it prints
    assert job.count(b"\x1dV") == len(tickets)  # one cut per ticket
    back = raster_images(job)
    assert back and all(i.width == printer.dots for i in back)
    found: list[str] = []
    # python-escpos cuts a long image into fragments; a cut (GS V) separates the tickets.
    per_ticket = [raster_images(part) for part in job.split(b"\x1dV") if GS_V0 in part]
    for n, fragments in enumerate(per_ticket):
        found += qr_codes(stacked(fragments), tmp_path / f"ticket-{n}.png")
    assert sorted(found) == sorted(codes)


def test_a_receipt_on_an_80_mm_roll(
    demo_db: Database, listener: PrinterListener, tmp_path: Path
) -> None:
    document, _codes = _document(demo_db, "receipt")
    receipt = [p for p in document.pages if p.kind == "receipt"]
    printer = thermal_printer("network", listener.address, 80)
    escpos_out.print_images(
        printer, [render_page(p, document.stock, printer.dots) for p in receipt]
    )
    [job] = listener.wait_jobs(1)
    image = stacked(raster_images(job))
    assert image.width == 576
    # Printed, not blank: a good share of the roll carries black dots.
    histogram = image.histogram()
    dark = sum(histogram[:128]) / (image.width * image.height)
    assert 0.01 < dark < 0.5
    folder = DOCS if os.environ.get("BOXOFFICE_WRITE_DOCS") == "1" else tmp_path
    as_paper(image).save(folder / "thermal-receipt.png")


def test_the_drawer_kick_alone(listener: PrinterListener) -> None:
    printer = thermal_printer("network", listener.address, 58, drawer_pin=5)
    escpos_out.kick_drawer(printer)
    [job] = listener.wait_jobs(1)
    assert job == b"\x1b@" + b"\x1bp\x0122"  # ESC p, pin 5 (m=1), pulse on/off times


def test_a_printer_that_is_off_gets_a_clear_message() -> None:
    # A port bound but not listening refuses connections: a printer that is off.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as off:
        off.bind(("127.0.0.1", 0))
        printer = thermal_printer("network", f"127.0.0.1:{off.getsockname()[1]}", 80)
        with pytest.raises(PrinterUnavailable, match=r"did not answer.*on, connected"):
            escpos_out.kick_drawer(printer)


def test_usb_without_a_usb_library_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Usb, "is_usable", staticmethod(lambda: False))
    with pytest.raises(PrinterUnavailable, match="raw CUPS queue"):
        escpos_out.kick_drawer(thermal_printer("usb", "04b8:0202", 80))


@pytest.mark.parametrize(
    ("connection", "address", "paper", "message"),
    [
        ("serial", "x", 80, "network, usb, cups"),
        ("network", "printer:99999", 80, "not a network address"),
        ("usb", "zz:01", 80, "not a usb address"),
        ("network", "10.0.0.9:9100", 72, "58 or 80"),
        ("cups", " ", 80, "address"),
    ],
)
def test_bad_printer_settings_are_refused(
    connection: str, address: str, paper: int, message: str
) -> None:
    from boxoffice.domain.errors import ValidationError

    with pytest.raises(ValidationError, match=message):
        thermal_printer(connection, address, paper)


@pytest.fixture
def raw_queue(listener: PrinterListener) -> Iterator[str]:
    """A raw CUPS queue whose device is the stand-in printer (socket://127.0.0.1:port)."""
    if shutil.which("lpadmin") is None:
        pytest.skip("needs CUPS (lpadmin)")
    name = f"TillRaw{uuid.uuid4().hex[:8]}"
    made = subprocess.run(
        ["lpadmin", "-p", name, "-E", "-v", f"socket://{listener.address}"],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot create a raw CUPS queue here: {made.stderr.strip()}")
    yield name
    subprocess.run(["lpadmin", "-x", name], capture_output=True)


def test_a_receipt_through_a_raw_cups_queue(
    demo_db: Database, listener: PrinterListener, raw_queue: str, tmp_path: Path
) -> None:
    document, codes = _document(demo_db, "receipt")
    printer = thermal_printer("cups", raw_queue, 80)
    first = document.pages[0]
    escpos_out.print_images(printer, [render_page(first, document.stock, printer.dots)])
    [job] = listener.wait_jobs(1, timeout=60)
    assert job.startswith(b"\x1b@")  # CUPS passed the bytes through untouched
    assert qr_codes(stacked(raster_images(job)), tmp_path / "cups.png")[0] in codes
