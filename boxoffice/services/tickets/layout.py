"""The ticket renderer: a booking becomes pages of simple drawing items, in points.

One layout serves every output (STYLE #9): the PDF writer (reportlab) and the Qt painter
(preview and printing) only translate these items, so what the clerk previews is what the
printer and the PDF get. Coordinates start at the page's top-left corner, y grows downwards,
text ``y`` is the baseline. Text is measured with the ticket font's real metrics.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import qrcode
import qrcode.constants

from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import _
from boxoffice.services.tickets.fonts import text_width

MM = 72 / 25.4
INCH = 72.0

INK = "#111827"
MUTED = "#5b6475"
RULE = "#c9ced8"
BAND = "#1d2433"
ACCENT = "#f4c542"
WHITE = "#ffffff"


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float
    bold: bool = False
    align: str = "left"  # left | center | right: where x is on the text
    colour: str = INK


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    line_width: float = 0.75
    radius: float = 0.0


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str = RULE
    width: float = 0.75
    dashed: bool = False


@dataclass(frozen=True)
class QrCode:
    """A QR symbol (quiet zone included) drawn as dark modules in a *size* × *size* square."""

    x: float
    y: float
    size: float
    modules: tuple[str, ...]  # rows of "1" (dark) / "0"
    text: str = ""

    @property
    def module(self) -> float:
        return self.size / len(self.modules)

    def runs(self) -> Iterator[tuple[int, int, int]]:
        """(row, first column, length) of each horizontal run of dark modules."""
        for r, row in enumerate(self.modules):
            c = 0
            while c < len(row):
                if row[c] == "1":
                    start = c
                    while c < len(row) and row[c] == "1":
                        c += 1
                    yield r, start, c - start
                else:
                    c += 1


Item = Text | Box | Line | QrCode


@dataclass(frozen=True)
class Page:
    items: tuple[Item, ...]
    kind: str = "ticket"  # ticket | receipt (a desk may print tickets only)


@dataclass(frozen=True)
class Stock:
    """A paper the tickets are laid out for."""

    key: str
    label: str
    width: float  # points
    height: float

    @property
    def size_mm(self) -> tuple[float, float]:
        """Width and height in millimetres (the set-up's test page sizes the printer page)."""
        return self.width / MM, self.height / MM


STOCKS: dict[str, Stock] = {
    s.key: s
    for s in (
        Stock("a4", "A4 print-at-home", 210 * MM, 297 * MM),
        Stock("letter", "US Letter print-at-home", 8.5 * INCH, 11 * INCH),
        Stock("thermal", "Ticket stock 5.5 × 2 in (thermal)", 5.5 * INCH, 2 * INCH),
        Stock("receipt", "Receipt roll 80 mm", 80 * MM, 120 * MM),
    )
}


def stock(key: str) -> Stock:
    try:
        return STOCKS[key.strip().lower()]
    except KeyError:
        choices = ", ".join(STOCKS)
        raise ValidationError(
            _("Unknown ticket stock {key!r}; choose one of: {choices}.").format(
                key=key, choices=choices
            )
        ) from None


@dataclass(frozen=True)
class Document:
    title: str
    stock: Stock
    pages: tuple[Page, ...]


def qr_modules(data: str) -> tuple[str, ...]:
    """The QR matrix for *data* with its 4-module quiet zone (error correction M)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=4)
    qr.add_data(data)
    qr.make(fit=True)
    return tuple("".join("1" if dark else "0" for dark in row) for row in qr.get_matrix())


def group_code(code: str, size: int = 5) -> str:
    """``ABCDE FGHIJ ...``: easier to read aloud or type; spaces are ignored when verifying."""
    return " ".join(code[i : i + size] for i in range(0, len(code), size))


def fit(text: str, size: float, width: float, bold: bool = False, smallest: float = 6) -> float:
    """The largest font size ≤ *size* (down to *smallest*) at which *text* fits *width*."""
    current = size
    while current > smallest and text_width(text, current, bold) > width:
        current = max(smallest, current - 0.5)
    return current


def clip(text: str, size: float, width: float, bold: bool = False) -> str:
    """*text* shortened with an ellipsis so it fits *width* at *size*."""
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text: str, size: float, width: float, bold: bool = False, lines: int = 2) -> list[str]:
    """Break *text* into at most *lines* lines of *width*; the last one is clipped."""
    words, out, current = text.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if text_width(trial, size, bold) <= width or not current:
            current = trial
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [clip(line, size, width, bold) for line in out] or [""]


@dataclass
class Sheet:
    """Collects the items of one page."""

    stock: Stock
    items: list[Item] = field(default_factory=list)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        align: str = "left",
        colour: str = INK,
        width: float | None = None,
        smallest: float = 6,
    ) -> None:
        """Add a line of text; with *width*, shrink then clip it to fit."""
        if width is not None:
            size = fit(text, size, width, bold, smallest)
            text = clip(text, size, width, bold)
        self.items.append(Text(x, y, text, size, bold, align, colour))

    def add(self, item: Item) -> None:
        self.items.append(item)

    def page(self, kind: str = "ticket") -> Page:
        return Page(tuple(self.items), kind)
