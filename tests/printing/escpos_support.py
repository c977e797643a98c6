"""A stand-in for a thermal printer on port 9100, and reading its raster images back."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
from pathlib import Path

from PIL import Image, ImageOps

from tests.printing.support import need_tools

GS_V0 = b"\x1dv0"
DRAWER_KICK = b"\x1bp"


class PrinterListener:
    """Accepts connections on a free local port and keeps every byte each one sent."""

    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.port: int = self.server.getsockname()[1]
        self.jobs: list[bytes] = []
        self._done = threading.Event()
        self._got = threading.Condition()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._done.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                chunks = []
                while data := conn.recv(65536):
                    chunks.append(data)
            with self._got:
                self.jobs.append(b"".join(chunks))
                self._got.notify_all()

    def wait_jobs(self, count: int, timeout: float = 30.0) -> list[bytes]:
        with self._got:
            self._got.wait_for(lambda: len(self.jobs) >= count, timeout)
        assert len(self.jobs) >= count, f"the printer got {len(self.jobs)} of {count} jobs"
        return self.jobs

    def close(self) -> None:
        self._done.set()
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self.server.close()
        self.thread.join(5)


def raster_images(job: bytes) -> list[Image.Image]:
    """Each ``GS v 0`` raster image in *job*, as a PIL image (black dots black)."""
    images = []
    at = 0
    while (at := job.find(GS_V0, at)) >= 0:
        width_bytes = job[at + 4] | job[at + 5] << 8
        height = job[at + 6] | job[at + 7] << 8
        start = at + 8
        data = job[start : start + width_bytes * height]
        # ESC/POS: a set bit is a black dot; PIL mode "1" from bytes: a set bit is white.
        image = Image.frombytes("1", (width_bytes * 8, height), data)
        images.append(ImageOps.invert(image.convert("L")))
        at = start + len(data)
    return images


def stacked(images: list[Image.Image]) -> Image.Image:
    """Fragments of one long image (python-escpos splits at 960 dots) put back together."""
    width = max(i.width for i in images)
    out = Image.new("L", (width, sum(i.height for i in images)), 255)
    y = 0
    for image in images:
        out.paste(image, (0, y))
        y += image.height
    return out


def qr_codes(image: Image.Image, path: Path) -> list[str]:
    """The QR codes zbar reads on *image* (saved to *path* with a white margin)."""
    need_tools("zbarimg")
    ImageOps.expand(image, border=40, fill=255).save(path)
    done = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 4), done.stderr  # 4: no symbol found
    return [line for line in done.stdout.splitlines() if line]


def as_paper(image: Image.Image) -> Image.Image:
    """*image* as it looks printed: grey-black dots on off-white thermal paper, on a table."""
    from PIL import ImageFilter

    paper, ink = (247, 245, 239), (43, 43, 48)
    mask = ImageOps.invert(image.convert("L"))
    roll = Image.new("RGB", image.size, paper)
    roll.paste(Image.new("RGB", image.size, ink), mask=mask.filter(ImageFilter.GaussianBlur(0.6)))
    margin = 36
    table = Image.new("RGB", (image.width + 2 * margin, image.height + 2 * margin), (112, 98, 86))
    shadow = Image.new("L", table.size, 0)
    shadow.paste(
        150, (margin + 8, margin + 10, margin + 8 + image.width, margin + 10 + image.height)
    )
    table.paste((60, 52, 46), mask=shadow.filter(ImageFilter.GaussianBlur(9)))
    table.paste(roll, (margin, margin))
    return table
