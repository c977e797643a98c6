"""A fresh Linux desktop without Qt's X11 libraries: the desk says which packages to install
instead of Qt's bare "could not load the Qt platform plugin" (checked before any QApplication)."""

from __future__ import annotations

import pytest

from boxoffice import desktop_libs
from boxoffice.cli import main

DEBIAN = 'PRETTY_NAME="Ubuntu 24.04 LTS"\nID=ubuntu\nID_LIKE=debian\n'
FEDORA = 'NAME="Fedora Linux"\nID=fedora\n'
X11 = {"DISPLAY": ":0"}


def _without(*sonames: str) -> desktop_libs.Loader:
    return lambda soname: soname not in sonames


def test_missing_xcb_cursor_names_the_debian_and_fedora_packages() -> None:
    load = _without("libxcb-cursor.so.0", "libxkbcommon-x11.so.0")
    text = desktop_libs.problem(X11, load, DEBIAN, "linux")
    assert "libxcb-cursor.so.0, libxkbcommon-x11.so.0" in text
    assert "sudo apt-get install libxcb-cursor0 libxkbcommon-x11-0" in text
    fedora = desktop_libs.problem(X11, load, FEDORA, "linux")
    assert "sudo dnf install libxkbcommon-x11 xcb-util-cursor" in fedora
    other = desktop_libs.problem(X11, load, "ID=gentoo\n", "linux")
    assert "apt-get install" in other and "dnf install" in other


def test_nothing_to_say_when_qt_can_start() -> None:
    everything = _without()
    assert desktop_libs.problem(X11, everything, DEBIAN, "linux") == ""
    broken = _without("libxcb-cursor.so.0")
    # Not the X11 plugin: offscreen, Wayland, or another system (Qt brings its own there).
    assert desktop_libs.problem({"QT_QPA_PLATFORM": "offscreen"}, broken, DEBIAN, "linux") == ""
    wayland = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert desktop_libs.problem(wayland, broken, DEBIAN, "linux") == ""
    assert desktop_libs.problem(X11, broken, DEBIAN, "win32") == ""
    assert desktop_libs.problem(X11, broken, DEBIAN, "darwin") == ""
    forced = {"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "w", "DISPLAY": ":0"}
    assert "libxcb-cursor0" in desktop_libs.problem(forced, broken, DEBIAN, "linux")


def test_no_display_is_said_plainly() -> None:
    assert "no graphical display" in desktop_libs.problem({}, _without(), DEBIAN, "linux")


def test_every_library_has_both_package_names() -> None:
    for soname, (debian, fedora) in desktop_libs.ALL_LIBRARIES.items():
        assert soname.startswith("lib") and ".so." in soname
        assert debian and fedora


def test_qt_failing_to_import_names_the_package() -> None:
    exc = ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")
    text = desktop_libs.import_error_advice(exc, DEBIAN)
    assert "libEGL.so.1 is missing" in text and "apt-get install libegl1" in text
    assert "Qt could not be loaded" in desktop_libs.import_error_advice(ImportError("odd"), DEBIAN)


def test_the_command_prints_the_advice_before_qt_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(desktop_libs, "loadable", _without("libxcb-cursor.so.0"))
    assert main(["--demo"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("boxoffice: The desk cannot open its window")
    assert "libxcb-cursor" in err
