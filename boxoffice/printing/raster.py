"""A ticket layout page as a 1-bit image for a thermal roll (what ESC/POS ``GS v 0`` prints).

The same layout items the PDF and the Qt painter draw (STYLE #9), translated for a printer that
only knows black dots: text in the ticket font, dark fills black, rules as thin black lines, the
QR code on whole dots per module so it scans. A page wider than it is tall (the ticket stock)
is turned a quarter so its long side runs along the roll.
"""

from __future__ import annotations

import functools

from PIL import Image, ImageColor, ImageDraw, ImageFont

from boxoffice.services.tickets.fonts import font_files
from boxoffice.services.tickets.layout import Box, Line, Page, QrCode, Stock, Text

_ANCHORS = {"left": "ls", "center": "ms", "right": "rs"}


@functools.cache
def _font(px: int, bold: bool) -> ImageFont.FreeTypeFont:
    files = font_files()
    return ImageFont.truetype(str(files.bold if bold else files.regular), max(px, 6))


def _dark(colour: str | None) -> bool:
    if not colour:
        return False
    r, g, b = ImageColor.getrgb(colour)[:3]
    return 0.299 * r + 0.587 * g + 0.114 * b < 160


def render_page(page: Page, stock: Stock, dots: int) -> Image.Image:
    """*page* (laid out on *stock*) drawn *dots* wide, in mode ``"1"`` (0 = black dot)."""
    turned = stock.width > stock.height
    across = stock.height if turned else stock.width
    scale = dots / across
    width = round((stock.height if turned else stock.width) * scale)
    height = round((stock.width if turned else stock.height) * scale)
    # Drawn upright first: the layout's own coordinates, then turned as a whole.
    upright = (height, width) if turned else (width, height)
    img = Image.new("L", upright, 255)
    draw = ImageDraw.Draw(img)
    for item in page.items:
        if isinstance(item, Text):
            white = not _dark(item.colour) and item.colour.lower() in ("#fff", "#ffffff")
            draw.text(
                (item.x * scale, item.y * scale),
                item.text,
                font=_font(round(item.size * scale), item.bold),
                fill=255 if white else 0,
                anchor=_ANCHORS.get(item.align, "ls"),
            )
        elif isinstance(item, Box):
            box = (
                item.x * scale,
                item.y * scale,
                (item.x + item.w) * scale,
                (item.y + item.h) * scale,
            )
            fill = 0 if _dark(item.fill) else None
            outline = 0 if item.stroke else None
            if fill is not None or outline is not None:
                draw.rounded_rectangle(
                    box,
                    radius=item.radius * scale,
                    fill=fill,
                    outline=outline,
                    width=max(1, round(item.line_width * scale)),
                )
        elif isinstance(item, Line):
            draw.line(
                (item.x1 * scale, item.y1 * scale, item.x2 * scale, item.y2 * scale),
                fill=0,
                width=max(1, round(item.width * scale)),
            )
        elif isinstance(item, QrCode):
            _qr(draw, item, scale)
    if turned:
        img = img.transpose(Image.Transpose.ROTATE_90)
    return img.point(lambda v: 255 if v > 128 else 0, mode="1")


def _qr(draw: ImageDraw.ImageDraw, qr: QrCode, scale: float) -> None:
    count = len(qr.modules)
    module = max(1, int(qr.size * scale / count))  # whole dots per module: sharp and scannable
    x0 = round(qr.x * scale + (qr.size * scale - module * count) / 2)
    y0 = round(qr.y * scale + (qr.size * scale - module * count) / 2)
    draw.rectangle((x0, y0, x0 + module * count - 1, y0 + module * count - 1), fill=255)
    for row, col, length in qr.runs():
        x, y = x0 + col * module, y0 + row * module
        draw.rectangle((x, y, x + length * module - 1, y + module - 1), fill=0)


def text_lines_image(lines: list[tuple[str, str, bool]], dots: int) -> Image.Image:
    """Rows of (left, right, bold) text as an image *dots* wide: a Z-report on the roll.

    A left text too long for the room the right one leaves is cut short with an ellipsis.
    A row whose left text is ``---`` is a rule.
    """
    size_px = max(16, dots // 22)  # 17 px on a 58 mm roll, 26 px on an 80 mm one
    pad = 6
    line_h = int(size_px * 1.35)
    img = Image.new("L", (dots, pad * 2 + line_h * max(1, len(lines))), 255)
    draw = ImageDraw.Draw(img)
    for n, (left, right, bold) in enumerate(lines):
        y = pad + n * line_h + size_px
        font = _font(size_px, bold)
        if left == "---":
            draw.line((pad, y - size_px // 2, dots - pad, y - size_px // 2), fill=0, width=1)
            continue
        room = dots - 2 * pad - (font.getlength(right) + size_px if right else 0)
        draw.text((pad, y), _fit(left, font, room), font=font, fill=0, anchor="ls")
        if right:
            draw.text((dots - pad, y), right, font=font, fill=0, anchor="rs")
    return img.point(lambda v: 255 if v > 128 else 0, mode="1")


def _fit(text: str, font: ImageFont.FreeTypeFont, room: float) -> str:
    if font.getlength(text) <= room:
        return text
    while text and font.getlength(text + "…") > room:
        text = text[:-1]
    return text.rstrip() + "…"
