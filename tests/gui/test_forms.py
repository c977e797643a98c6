"""Every Designer form in ui/ loads and has the widgets its dialog's code declares; a form that
lacks one fails to load with a message naming it; ui/ and resources/ are found in a checkout,
an installed wheel and a PyInstaller bundle, and the wheel ships them."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

import boxoffice.gui
from boxoffice.gui import assets, forms

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


def _import_every_gui_module() -> None:
    """Dialog modules declare their forms at import; import them all (wherever they live)."""
    for info in pkgutil.walk_packages(boxoffice.gui.__path__, "boxoffice.gui."):
        importlib.import_module(info.name)


def test_every_ui_file_is_declared_by_code_and_every_declared_form_exists() -> None:
    _import_every_gui_module()
    on_disk = {p.stem for p in (ROOT / "ui").glob("*.ui")}
    assert {"sign_in", "payment_dialog", "customer_form", "event_form", "staff_form"} <= on_disk
    assert "mail_settings" in on_disk
    assert on_disk == set(forms.SPECS)


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "ui").glob("*.ui")))
def test_each_form_loads_with_the_widgets_the_code_expects(qtbot: QtBot, name: str) -> None:
    _import_every_gui_module()
    spec = forms.SPECS[name]
    host = QWidget()
    qtbot.addWidget(host)
    form = forms.load_form(spec, host)
    assert form.root.parent() is host
    for widget_name, kind in spec.widgets.items():
        widget = form.get(kind, widget_name)
        assert type(widget) is kind and widget.objectName() == widget_name


def test_a_form_missing_a_widget_fails_with_its_name(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (ROOT / "ui" / "sign_in.ui").read_text(encoding="utf-8")
    (tmp_path / "sign_in.ui").write_text(text.replace('name="password"', 'name="pass"'))
    monkeypatch.setattr(forms, "ui_file", lambda name: tmp_path / f"{name}.ui")
    from boxoffice.gui.sign_in import FORM

    host = QWidget()
    qtbot.addWidget(host)
    with pytest.raises(forms.FormError, match=r"password \(QLineEdit\)"):
        forms.load_form(FORM, host)
    with pytest.raises(forms.FormError, match="cannot read"):
        forms.load_form(forms.FormSpec("no_such_form", {}), host)


def test_asking_for_an_undeclared_widget_is_an_error(qtbot: QtBot) -> None:
    from boxoffice.gui.sign_in import FORM

    host = QWidget()
    qtbot.addWidget(host)
    form = forms.load_form(FORM, host)
    with pytest.raises(forms.FormError, match="not declared"):
        form.get(QWidget, "username")


def test_folders_are_found_in_a_checkout_and_in_a_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert assets.folder("ui") == ROOT / "ui"
    assert assets.resource("boxoffice.qss") == ROOT / "resources" / "boxoffice.qss"
    (tmp_path / "ui").mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert assets.ui_file("sign_in") == tmp_path / "ui" / "sign_in.ui"


def test_the_wheel_ships_ui_and_resources_inside_the_package() -> None:
    with (ROOT / "pyproject.toml").open("rb") as f:
        wheel = tomllib.load(f)["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["force-include"] == {"ui": "boxoffice/ui", "resources": "boxoffice/resources"}
