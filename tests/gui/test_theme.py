"""Themes: no gui module carries a colour in a style string (styles live in resources/), both
themes' sheets parse, every colour role the code asks for exists, the high-contrast text really
is high-contrast, and Desk ▸ Theme applies a theme at once and at the next start."""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from boxoffice.gui import app as desk_app
from boxoffice.gui import theme
from boxoffice.gui.context import AppContext
from boxoffice.gui.sign_in import SignInDialog
from boxoffice.gui.tasks import SyncTaskRunner
from tests.gui.screens import show_window

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
GUI = ROOT / "boxoffice" / "gui"
RESOURCES = ROOT / "resources"
HEX = re.compile(r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
# A role asked for by name, or a role constant such as SOLD = "monitor_sold".
ROLE_CALL = re.compile(r"""\b(?:colour|hex_of|theme_colour)\(\s*["']([a-z_]+)["']""")
ROLE_NAME = re.compile(r"""["']((?:map|monitor|chart|designer|table)_[a-z_]+)["']""")


def hex_colours_in(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal, f-string parts included, holding a hex colour."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and HEX.search(node.value)
        ):
            found.append((node.lineno, node.value))
    return found


@pytest.fixture
def restore_theme(qapp: QApplication) -> Iterator[None]:
    sheet = qapp.styleSheet()
    yield
    theme.apply(qapp, theme.STANDARD.key)
    qapp.setStyleSheet(sheet)


def test_the_check_finds_a_planted_colour() -> None:
    planted = (
        'label.setStyleSheet("color: #1b7f3b;")\n'
        "text = f\"<span style='color:#5f6670'>{n} left</span>\"\n"
        'BAD = QColor("#b3261e")\n'
        'fine = "Row #12 · order #abcdefg"\n'
    )
    assert [line for line, _ in hex_colours_in(planted)] == [1, 2, 3]


def test_no_gui_module_holds_a_colour_literal() -> None:
    offenders = {
        str(path.relative_to(ROOT)): hits
        for path in sorted(GUI.rglob("*.py"))
        if (hits := hex_colours_in(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "colours belong in resources/ (stylesheets or *.colours.toml)"


def test_every_colour_role_the_code_uses_is_in_the_standard_table() -> None:
    with (RESOURCES / theme.STANDARD.colours).open("rb") as f:
        standard = tomllib.load(f)["colours"]
    with (RESOURCES / theme.HIGH_CONTRAST.colours).open("rb") as f:
        high = tomllib.load(f)["colours"]
    used = {
        role
        for path in GUI.rglob("*.py")
        for pattern in (ROLE_CALL, ROLE_NAME)
        for role in pattern.findall(path.read_text(encoding="utf-8"))
    }
    assert {"warning", "error", "muted", "subtle", "map_sold", "monitor_sold"} <= used
    assert used - set(standard) == set()
    assert set(high) - set(standard) == set()  # high contrast only overrides
    for value in (*standard.values(), *high.values()):
        assert QColor(value).isValid(), value


def _luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def test_high_contrast_text_roles_reach_seven_to_one_on_white(
    qapp: QApplication, restore_theme: None
) -> None:
    theme.apply(qapp, theme.HIGH_CONTRAST.key)
    for role in ("ok", "warning", "error", "muted", "subtle"):
        ratio = 1.05 / (_luminance(theme.colour(role)) + 0.05)
        assert ratio >= 7.0, (role, ratio)
    theme.apply(qapp, theme.STANDARD.key)
    assert 1.05 / (_luminance(theme.colour("muted")) + 0.05) < 7.0  # the standard one is softer


@pytest.mark.parametrize("key", sorted(theme.THEMES))
def test_each_theme_parses_and_styles_the_sign_in(
    qtbot: QtBot, qapp: QApplication, restore_theme: None, key: str
) -> None:
    chosen = theme.apply(qapp, key)
    assert qapp.styleSheet() == theme.stylesheet(chosen) != ""
    dialog = SignInDialog(None, SyncTaskRunner(), "sqlite://", "desk")  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()  # a sheet Qt cannot parse logs a warning here, which fails the test
    text = dialog.username.palette().color(dialog.username.foregroundRole())
    assert text.name() == ("#000000" if key == "high-contrast" else "#1f2328")


def test_unknown_or_missing_setting_means_standard(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    assert theme.saved(settings) is theme.STANDARD
    settings.setValue(theme.SETTING, "neon")
    assert theme.saved(settings) is theme.STANDARD


def test_the_desk_menu_switches_theme_now_and_for_the_next_start(
    qtbot: QtBot, qapp: QApplication, ctx: AppContext, restore_theme: None
) -> None:
    window = show_window(qtbot, ctx, "sqlite://")
    high = window.findChild(QAction, "theme_high-contrast")
    standard = window.findChild(QAction, "theme_standard")
    assert high is not None and standard is not None and standard.isChecked()
    high.trigger()
    assert high.isChecked() and not standard.isChecked()
    assert qapp.styleSheet() == theme.stylesheet(theme.HIGH_CONTRAST)
    assert theme.current() is theme.HIGH_CONTRAST
    ctx.settings.sync()
    again = QSettings(ctx.settings.fileName(), QSettings.Format.IniFormat)
    assert again.value(theme.SETTING) == "high-contrast"

    qapp.setStyleSheet("")
    desk_app.application(again)  # what the next start does with the desk's settings
    assert qapp.styleSheet() == theme.stylesheet(theme.HIGH_CONTRAST)

    standard.trigger()
    assert qapp.styleSheet() == desk_app.load_stylesheet()
    window.close()
