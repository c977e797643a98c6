"""Before the desk opens its window: can Qt's platform plugin load on this machine?

On a fresh Linux desktop Qt's X11 plugin (xcb) needs system libraries that are often not
installed (``libxcb-cursor0`` and friends on Debian/Ubuntu). Qt then aborts with a bare "could
not load the Qt platform plugin" and no hint. This module checks those libraries (by asking the
dynamic loader, as Qt will) before any QApplication exists, and says which packages to install.
It imports no Qt: it must work when Qt itself cannot load.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# soname -> (Debian/Ubuntu package, Fedora package): what Qt 6's xcb plugin links to.
XCB_LIBRARIES: dict[str, tuple[str, str]] = {
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
}
# What Qt's own GUI libraries need on any Linux platform (an import of PySide6 fails without).
QT_LIBRARIES: dict[str, tuple[str, str]] = {
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}
ALL_LIBRARIES = {**QT_LIBRARIES, **XCB_LIBRARIES}

Loader = Callable[[str], bool]
_SHIPPED: set[str] = set()


def _shipped() -> set[str]:
    """Library files shipped beside Qt (the wheel's lib folder, a PyInstaller bundle): Qt
    finds those through its own run path, where a plain dlopen would not look."""
    folders = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folders.append(Path(bundle))
    try:
        import importlib.util

        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        folders.append(Path(spec.origin).parent / "Qt" / "lib")
    names: set[str] = set()
    for folder in folders:
        for path in folder.rglob("lib*.so*") if folder.is_dir() else ():
            names.add(path.name)
    return names


def loadable(soname: str) -> bool:
    """Does the dynamic loader find *soname* (and what it needs)?"""
    if soname in _SHIPPED:
        return True
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing(libraries: Mapping[str, tuple[str, str]], load: Loader | None = None) -> list[str]:
    load = load or loadable
    return [soname for soname in libraries if not load(soname)]


def distro_family(os_release: str | None = None) -> str:
    """``debian``, ``fedora`` or ``""`` (unknown), from /etc/os-release's ID and ID_LIKE."""
    if os_release is None:
        try:
            os_release = Path("/etc/os-release").read_text(encoding="utf-8")
        except OSError:
            return ""
    words: set[str] = set()
    for _key, value in re.findall(r"^(ID|ID_LIKE)=\"?([^\"\n]*)", os_release, re.MULTILINE):
        words.update(value.lower().split())
    if words & {"debian", "ubuntu"}:
        return "debian"
    if words & {"fedora", "rhel", "centos"}:
        return "fedora"
    return ""


def install_advice(sonames: list[str], family: str) -> str:
    """The command that installs the packages providing *sonames*."""
    debian = sorted({ALL_LIBRARIES[s][0] for s in sonames if s in ALL_LIBRARIES})
    fedora = sorted({ALL_LIBRARIES[s][1] for s in sonames if s in ALL_LIBRARIES})
    apt = f"sudo apt-get install {' '.join(debian)}"
    dnf = f"sudo dnf install {' '.join(fedora)}"
    if family == "debian":
        return f"Install them with:\n    {apt}"
    if family == "fedora":
        return f"Install them with:\n    {dnf}"
    return (
        "Install them with your package manager, e.g.\n"
        f"    {apt}      (Debian, Ubuntu)\n    {dnf}      (Fedora)"
    )


def _platform(environ: Mapping[str, str]) -> str:
    """The platform plugin Qt will try first ("" where Qt chooses on its own)."""
    return environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip().lower()


def problem(
    environ: Mapping[str, str] | None = None,
    load: Loader | None = None,
    os_release: str | None = None,
    platform: str | None = None,
) -> str:
    """Why the desk's window cannot open here, with what to install; "" when it can (or when
    this is not Linux, where Qt brings what it needs)."""
    environ = os.environ if environ is None else environ
    if (platform or sys.platform) != "linux":
        return ""
    chosen = _platform(environ)
    if chosen not in ("", "xcb"):
        return ""  # offscreen, wayland, eglfs…: not the X11 plugin
    if not chosen and environ.get("WAYLAND_DISPLAY"):
        return ""  # Qt starts on Wayland; X11 libraries are not needed
    if not environ.get("DISPLAY"):
        return (
            "There is no graphical display (DISPLAY is not set): start the desk from the "
            "desktop session, or over SSH with X forwarding (ssh -X)."
        )
    if load is None:
        load = loadable
        _SHIPPED.update(_shipped())
    lacking = missing(ALL_LIBRARIES, load)
    if not lacking:
        return ""
    return (
        "The desk cannot open its window: Qt's X11 platform plugin (xcb) needs system "
        f"libraries that are not installed: {', '.join(lacking)}.\n"
        f"{install_advice(lacking, distro_family(os_release))}\n"
        "(README, 'What a desk needs', lists everything for Debian/Ubuntu, Fedora, macOS and "
        "Windows.)"
    )


def import_error_advice(exc: ImportError, os_release: str | None = None) -> str:
    """What to install when importing Qt itself failed for want of a system library."""
    found = re.search(r"(lib[\w.+-]+\.so(?:\.\d+)*)", str(exc))
    soname = found.group(1) if found else ""
    if soname not in ALL_LIBRARIES:
        return f"Qt could not be loaded: {exc}"
    return (
        f"Qt could not be loaded: the system library {soname} is missing.\n"
        f"{install_advice([soname], distro_family(os_release))}"
    )
