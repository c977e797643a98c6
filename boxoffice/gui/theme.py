"""The desk's look: a theme is stylesheets plus a table of colour roles, all in ``resources/``.

``standard`` is ``boxoffice.qss``; ``high-contrast`` lays ``high-contrast.qss`` over it (black on
white, heavy borders and focus rings, for low vision and bright box-office windows). Widgets
style themselves with object names and dynamic properties the sheets key on (``level``,
``role``, ``verdict``, ``invalid``); they never carry colours. What a stylesheet cannot reach —
item colours of table models, rich-text spans, QPainter drawing — asks :func:`colour` for a role
(``ok``, ``warning``, ``error``, ``muted``, ``subtle`` …) read from the theme's
``<theme>.colours.toml``.

Text follows the system font size: the sheets are written for a 10 pt desk (``BASE_POINTS``)
and every ``font-size`` in them, and every point size the code draws with (:func:`points`),
grows with the application's font when that is larger (large-text settings); it never shrinks
below the sizes the screens are laid out for.

The chosen theme is a desk preference (``appearance/theme`` in the desk's settings), applied at
start and whenever the clerk picks another one (Desk ▸ Theme).
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget

from boxoffice.gui.assets import resource

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    sheets: tuple[str, ...]  # files under resources/, applied in this order
    colours: str  # the colour-role table under resources/


STANDARD = Theme("standard", "Standard", ("boxoffice.qss",), "standard.colours.toml")
HIGH_CONTRAST = Theme(
    "high-contrast",
    "High contrast",
    ("boxoffice.qss", "high-contrast.qss"),
    "high-contrast.colours.toml",
)
THEMES: dict[str, Theme] = {t.key: t for t in (STANDARD, HIGH_CONTRAST)}
SETTING = "appearance/theme"
FALLBACK = "black"  # a role missing from every table (a bug; logged)

BASE_POINTS = 10.0  # the font size the sheets are written for (QWidget's font-size)
_FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)pt")

_current = STANDARD
_colours: dict[str, str] = {}


def theme_named(key: object) -> Theme:
    """The theme *key*, or the standard one for an unknown or empty value."""
    return THEMES.get(str(key or ""), STANDARD)


def current() -> Theme:
    return _current


def font_scale() -> float:
    """How much larger than :data:`BASE_POINTS` the application's font is (1 when smaller)."""
    app = QApplication.instance()
    size = app.font().pointSizeF() if isinstance(app, QApplication) else -1.0
    return max(1.0, size / BASE_POINTS) if size > 0 else 1.0


def points(size: float) -> float:
    """*size* (points, as designed for a 10 pt desk) at the application's font size."""
    return round(size * font_scale(), 1)


def scaled(sheet: str, scale: float) -> str:
    """*sheet* with every ``font-size: Npt`` multiplied by *scale*."""
    if scale == 1.0:
        return sheet
    return _FONT_SIZE.sub(lambda m: f"font-size: {float(m.group(1)) * scale:.1f}pt", sheet)


def stylesheet(theme: Theme) -> str:
    """The theme's sheets joined (a missing file is logged and skipped), their font sizes
    grown to the application's font."""
    parts = []
    for name in theme.sheets:
        path = resource(name)
        try:
            parts.append(path.read_text(encoding="utf-8"))
        except OSError:
            log.warning("stylesheet %s not found; using the platform style", path)
    return scaled("\n".join(parts), font_scale())


def _load_colours(theme: Theme) -> dict[str, str]:
    table: dict[str, str] = {}
    for t in dict.fromkeys((STANDARD, theme)):  # the standard table fills any gap
        try:
            with resource(t.colours).open("rb") as f:
                data = tomllib.load(f)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            log.warning("theme colours %s unreadable: %s", t.colours, exc)
            continue
        table.update({str(k): str(v) for k, v in data.get("colours", {}).items()})
    return table


def colour(role: str) -> QColor:
    """The current theme's colour for *role* (see the ``*.colours.toml`` tables)."""
    if not _colours:
        _colours.update(_load_colours(_current))
    value = _colours.get(role)
    if value is None:
        log.warning("no colour for the role %r in theme %s", role, _current.key)
        value = FALLBACK
    return QColor(value)


def hex_of(role: str) -> str:
    """:func:`colour` as ``#rrggbb``, for rich-text spans."""
    return colour(role).name()


def apply(app: QApplication, key: str) -> Theme:
    """Make *key* the desk's theme: stylesheet and colour roles, every widget repolished."""
    global _current
    _current = theme_named(key)
    _colours.clear()
    _colours.update(_load_colours(_current))
    sheet = stylesheet(_current)
    if app.styleSheet() != sheet:  # the same sheet again would only repolish every widget
        app.setStyleSheet(sheet)
        for widget in app.allWidgets():
            widget.update()  # painted colours (models, QPainter) follow on the next paint
    return _current


def saved(settings: QSettings) -> Theme:
    return theme_named(settings.value(SETTING, STANDARD.key))


def remember(settings: QSettings, theme: Theme) -> None:
    settings.setValue(SETTING, theme.key)
    settings.sync()


def restyle(widget: QWidget, **properties: object) -> None:
    """Set dynamic properties the stylesheets key on, and re-apply the style to *widget*."""
    for name, value in properties.items():
        widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
