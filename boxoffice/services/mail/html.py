"""A minimal, mail-client-safe HTML layout (tables and inline styles; every value escaped).

Builders take already-escaped fragments only from this module; any text from the database
goes through :func:`esc` (or the helpers that call it), so a title such as ``<script>`` shows
as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

_FONT = "font-family:Helvetica,Arial,sans-serif;color:#222;"


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def para(text: str) -> str:
    """A paragraph of plain text; line breaks kept."""
    return f'<p style="margin:0 0 12px 0;">{esc(text).replace(chr(10), "<br>")}</p>'


def quote(text: str) -> str:
    body = esc(text).replace("\n", "<br>")
    return (
        '<blockquote style="margin:0 0 12px 0;padding:8px 12px;border-left:3px solid #4e79a7;'
        f'background:#f4f6fa;">{body}</blockquote>'
    )


def facts(rows: Iterable[tuple[str, str]]) -> str:
    """Label/value pairs as a two-column table."""
    cells = "".join(
        f'<tr><td style="padding:2px 12px 2px 0;color:#666;vertical-align:top;">{esc(k)}</td>'
        f'<td style="padding:2px 0;"><strong>{esc(v)}</strong></td></tr>'
        for k, v in rows
    )
    return f'<table role="presentation" style="margin:0 0 12px 0;{_FONT}">{cells}</table>'


def table(headings: tuple[str, ...], rows: Iterable[tuple[str, ...]], total: str = "") -> str:
    head = "".join(
        f'<th align="left" style="padding:4px 8px;border-bottom:1px solid #ccc;">{esc(h)}</th>'
        for h in headings
    )
    body = "".join(
        "<tr>" + "".join(f'<td style="padding:4px 8px;">{esc(c)}</td>' for c in row) + "</tr>"
        for row in rows
    )
    foot = ""
    if total:
        foot = (
            f'<tr><td colspan="{len(headings)}" align="right" style="padding:6px 8px;'
            f'border-top:1px solid #ccc;"><strong>{esc(total)}</strong></td></tr>'
        )
    return (
        f'<table role="presentation" cellspacing="0" style="border-collapse:collapse;'
        f'margin:0 0 12px 0;{_FONT}"><thead><tr>{head}</tr></thead><tbody>{body}{foot}</tbody>'
        "</table>"
    )


def link(url: str, text: str) -> str:
    return f'<a href="{esc(url)}" style="color:#4e79a7;">{esc(text)}</a>'


def page(heading: str, blocks: list[str], footer: str = "") -> str:
    """The whole document around *blocks* (fragments built by this module)."""
    foot = f'<p style="margin:24px 0 0 0;font-size:12px;color:#888;">{footer}</p>' if footer else ""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{esc(heading)}</title></head>"
        f'<body style="margin:0;padding:0;background:#f0f0f0;">'
        f'<div style="max-width:600px;margin:0 auto;padding:24px;background:#fff;{_FONT}'
        'font-size:15px;line-height:1.4;">'
        f'<h1 style="font-size:20px;margin:0 0 16px 0;color:#1f3b5c;">{esc(heading)}</h1>'
        + "".join(blocks)
        + foot
        + "</div></body></html>"
    )
