"""The high-contrast theme reaches WCAG AAA: every text colour it sets, on the background it
is drawn on, has a contrast ratio of at least 7:1 (disabled controls, which WCAG exempts, are
left out); its colour roles for text too, on white and on the table backgrounds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from PySide6.QtGui import QColor

from boxoffice.gui import theme

ROOT = Path(__file__).resolve().parents[3]
RESOURCES = ROOT / "resources"
AAA = 7.0
WHITE = "#ffffff"
BLOCK = re.compile(r"([^{}]+)\{([^}]*)\}")
DECL = re.compile(r"([a-z-]+)\s*:\s*([^;]+);")


def ratio(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two colours."""

    def luminance(name: str) -> float:
        c = QColor(name)

        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rules(sheet: str) -> dict[str, dict[str, str]]:
    """selector -> its declarations (a later rule for the same selector adds and overrides)."""
    sheet = re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)
    found: dict[str, dict[str, str]] = {}
    for selectors, body in BLOCK.findall(sheet):
        decls = {k: v.strip() for k, v in DECL.findall(body)}
        for selector in selectors.split(","):
            found.setdefault(" ".join(selector.split()), {}).update(decls)
    return found


def colour_pairs(high: dict[str, dict[str, str]], base: dict[str, dict[str, str]]) -> list:
    """(selector, text, background) for each text colour the high-contrast sheet sets; the
    background is the rule's own, else the standard sheet's for that selector, else white
    (the high-contrast windows)."""
    pairs = []
    for selector, decls in high.items():
        if ":disabled" in selector:
            continue
        background = decls.get("background") or base.get(selector, {}).get("background") or WHITE
        if "color" in decls:
            pairs.append((selector, decls["color"], background))
        if "selection-color" in decls:
            pairs.append((selector, decls["selection-color"], decls["selection-background-color"]))
    return pairs


def test_the_ratio_and_the_check_catch_a_planted_grey() -> None:
    assert round(ratio("#000000", WHITE), 1) == 21.0
    assert round(ratio("#767676", WHITE), 1) == 4.5  # WCAG's own example: AA, not AAA
    planted = rules("QLabel#hint { color: #767676; }\nQLabel#x:disabled { color: #aaaaaa; }")
    pairs = colour_pairs(planted, {})
    assert [p[0] for p in pairs if ratio(p[1], p[2]) < AAA] == ["QLabel#hint"]


def test_every_text_colour_of_the_high_contrast_sheet_reaches_seven_to_one() -> None:
    base = rules((RESOURCES / "boxoffice.qss").read_text(encoding="utf-8"))
    high = rules((RESOURCES / "high-contrast.qss").read_text(encoding="utf-8"))
    pairs = colour_pairs(high, base)
    assert len(pairs) > 20
    # Text drawn on backgrounds another rule sets: the check-in verdict's white text.
    verdict_text = base["QFrame#checkinResult QLabel"]["color"]
    for selector, decls in high.items():
        if selector.startswith("QFrame#checkinResult"):
            pairs.append((selector + " QLabel", verdict_text, decls["background"]))
    low = [(s, t, b, round(ratio(t, b), 2)) for s, t, b in pairs if ratio(t, b) < AAA]
    assert low == []


def test_the_high_contrast_text_roles_on_white_and_table_backgrounds() -> None:
    with (RESOURCES / theme.HIGH_CONTRAST.colours).open("rb") as f:
        high = tomllib.load(f)["colours"]
    with (RESOURCES / theme.STANDARD.colours).open("rb") as f:
        roles = {**tomllib.load(f)["colours"], **high}
    backgrounds = [WHITE, roles["table_totals"], roles["table_emphasis"]]
    low = [
        (role, bg, round(ratio(roles[role], bg), 2))
        for role in ("ok", "warning", "error", "muted", "subtle", "chart_ink", "map_label_text")
        for bg in backgrounds
        if ratio(roles[role], bg) < AAA
    ]
    assert low == []
