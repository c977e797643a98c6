"""The one font family tickets use, as TrueType files both renderers load.

DejaVu Sans when the system has it (wide script coverage for customer names), else the
Bitstream Vera shipped inside reportlab (DejaVu's ancestor: same Latin metrics). The PDF
renderer embeds the file; the Qt painter loads the very same file, so text measures alike.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "TicketSans"
BOLD = "TicketSans-Bold"

_SYSTEM_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/share/fonts/dejavu"),
    Path("/Library/Fonts"),
)


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path


@functools.cache
def font_files() -> FontFiles:
    for folder in _SYSTEM_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return FontFiles(regular, bold)
    bundled = Path(reportlab.__file__).parent / "fonts"
    return FontFiles(bundled / "Vera.ttf", bundled / "VeraBd.ttf")


@functools.cache
def register() -> None:
    """Make REGULAR and BOLD known to reportlab (idempotent)."""
    files = font_files()
    pdfmetrics.registerFont(TTFont(REGULAR, str(files.regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(files.bold)))


def font_name(bold: bool) -> str:
    return BOLD if bold else REGULAR


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of *text* in points at *size*."""
    register()
    return float(pdfmetrics.stringWidth(text, font_name(bold), size))
