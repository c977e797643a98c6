"""Helpers for the ticket tests: demo bookings, reading QR codes back out of PDFs, CUPS."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Event, Ticket
from boxoffice.services.tickets.codes import ticket_code

QUEUE = os.environ.get("BOXOFFICE_TEST_PRINTER", "BoxOfficePDF")


@dataclass(frozen=True)
class DemoTicket:
    id: int
    event_id: int
    event_seat_id: int | None
    generation: int
    status: str

    @property
    def code(self) -> str:
        return ticket_code(self.id, self.event_id, self.event_seat_id, self.generation)


@dataclass(frozen=True)
class DemoBooking:
    id: int
    reference: str
    event_id: int
    event_title: str
    status: str
    tickets: tuple[DemoTicket, ...]


def demo_bookings(db: Database) -> list[DemoBooking]:
    """Every booking of the demo data with its tickets, oldest first."""
    with db.session() as s:
        bookings = s.execute(
            select(Booking.id, Booking.reference, Booking.event_id, Event.title, Booking.status)
            .join(Event, Event.id == Booking.event_id)
            .order_by(Booking.id)
        ).all()
        tickets: dict[int, list[DemoTicket]] = {}
        for t in s.scalars(select(Ticket).order_by(Ticket.id)):
            tickets.setdefault(t.booking_id, []).append(
                DemoTicket(t.id, t.event_id, t.event_seat_id, t.code_generation, t.status)
            )
    return [DemoBooking(*row, tuple(tickets.get(row[0], ()))) for row in bookings]


def pick(
    db: Database, *, status: str = "confirmed", seated: bool | None = None, min_tickets: int = 1
) -> DemoBooking:
    for b in demo_bookings(db):
        if b.status != status or len(b.tickets) < min_tickets:
            continue
        is_seated = b.tickets[0].event_seat_id is not None
        if seated is None or seated == is_seated:
            return b
    raise AssertionError("the demo data has no such booking")


def need_tools(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (apt install poppler-utils zbar-tools)")


def qr_codes_in_pdf(pdf: Path, dpi: int = 150) -> list[list[str]]:
    """The QR codes found on each page of *pdf* (rasterised with pdftoppm, read by zbarimg)."""
    need_tools("pdftoppm", "zbarimg")
    out = pdf.parent / f"{pdf.stem}-pages"
    out.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out / "p")],
        check=True,
        capture_output=True,
    )
    pages = []
    for png in sorted(out.glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1])):
        done = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
            capture_output=True,
            text=True,
        )
        # Exit status 4 means "no symbol found" on this page (the receipt).
        assert done.returncode in (0, 4), done.stderr
        pages.append([line for line in done.stdout.splitlines() if line])
    return pages


def pdf_page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


# --- CUPS ---------------------------------------------------------------------------------


def cups_pdf_dirs() -> list[Path]:
    """Where cups-pdf writes jobs: its ``Out`` setting (per user) and the anonymous folder."""
    home = pwd.getpwuid(os.getuid()).pw_dir
    out, anonymous = "${HOME}/PDF", "/var/spool/cups-pdf/ANONYMOUS"
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.exists():
        for line in conf.read_text(errors="replace").splitlines():
            key, _, value = line.strip().partition(" ")
            if key == "Out" and value.strip():
                out = value.strip()
            elif key == "AnonDirName" and value.strip():
                anonymous = value.strip()
    return [Path(out.replace("${HOME}", home)), Path(anonymous)]


def cups_queue_problem() -> str | None:
    """Why the printing tests cannot run here, or None when the cups-pdf queue is usable."""
    if shutil.which("lpstat") is None:
        return "CUPS client tools are not installed (apt install cups printer-driver-cups-pdf)"
    done = subprocess.run(["lpstat", "-v", QUEUE], capture_output=True, text=True)
    if done.returncode != 0:
        return (
            f"no CUPS queue {QUEUE!r} (start cupsd; lpadmin -p {QUEUE} -E -v cups-pdf:/ "
            "-m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd)"
        )
    if "cups-pdf:" not in done.stdout:
        return f"CUPS queue {QUEUE!r} is not a cups-pdf queue: {done.stdout.strip()}"
    return None


def cups_pdf_files() -> set[Path]:
    """The PDFs cups-pdf has written so far (to tell a new job's output from old ones)."""
    return {p for folder in cups_pdf_dirs() if folder.is_dir() for p in folder.glob("*.pdf")}


def wait_for_cups_pdf(title: str, before: set[Path], timeout: float = 60.0) -> Path:
    """The PDF cups-pdf wrote for a new job titled *title*, once it is complete."""
    deadline = time.monotonic() + timeout
    wanted = re.sub(r"[^A-Za-z0-9]", "", title)[:16]
    while time.monotonic() < deadline:
        for path in cups_pdf_files() - before:
            if wanted not in re.sub(r"[^A-Za-z0-9]", "", path.name):
                continue
            size = path.stat().st_size
            time.sleep(0.3)
            if size and size == path.stat().st_size and b"%%EOF" in path.read_bytes()[-64:]:
                return path
        time.sleep(0.2)
    raise AssertionError(f"cups-pdf wrote no PDF for job {title!r} in {cups_pdf_dirs()}")
