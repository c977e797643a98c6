"""Accessible names: every control a clerk can reach with Tab says what it is to a screen reader.

Qt already names a button by its text and a field by its buddy label (``QLabel.setBuddy``, which
``QFormLayout.addRow(text, field)`` and Designer's *buddy* property set). :func:`name_controls`
fills the rest in one place, once a screen is built, without touching the widgets' code:

1. a control whose object name is in :data:`NAMES` (tables, lists, the map, fields laid out in a
   row without a label of their own) gets that name;
2. a field beside its label (in a ``QFormLayout``, or just after it in a row) gets the label
   as its buddy (Qt reads it from there, and the label's mnemonic then jumps to the field);
3. a line edit gets its placeholder text ("Search events…");
4. anything else its tooltip, without the key in brackets ("Pay cash exact (F9)" → "Pay cash
   exact").

A control a rule cannot name stays unnamed, and :func:`unnamed_controls` (what the tests check)
lists it: the fix is a buddy, a tooltip or an entry in :data:`NAMES`, never a made-up name.
"""

from __future__ import annotations

import itertools
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from boxoffice.i18n import N_, _

# Object name -> accessible name, for controls with no label, placeholder or tooltip to read it
# from (one object name may serve on two screens: the name must fit both).
NAMES: dict[str, str] = {
    # Sell
    "eventTable": N_("Events"),
    "bestQuantity": N_("Number of seats"),
    "dateFrom": N_("Events from"),
    "dateTo": N_("Events until"),
    "minPrice": N_("Lowest ticket price"),
    "maxPrice": N_("Highest ticket price"),
    "genreFilter": N_("Genre"),
    "seriesFilter": N_("Series"),
    # Customers
    "customerTable": N_("Customers found"),
    "cardTable": N_("Saved cards"),
    "bookingTable": N_("Bookings of the customer"),
    "ticketTable": N_("Tickets of the booking"),
    # Check-in, till, packages
    "scanField": N_("Ticket code"),
    "scanDirection": N_("Scan direction"),
    "eventCombo": N_("Event at the door"),
    "checkinHistory": N_("Recent scans"),
    "tillMovements": N_("Till movements"),
    "packageList": N_("Packages"),
    # Event editor
    "startsAt": N_("Performance starts"),
    "endsAt": N_("Performance ends"),
    "salesOpenAt": N_("Sales open"),
    "salesCloseAt": N_("Sales close"),
    "tierTable": N_("Price tiers"),
    "zoneTabs": N_("Seats by zone"),
    "zoneTable": N_("Seat zones"),
    "ticketTypes": N_("Ticket types"),
    "eventFees": N_("Fees"),
    "taxName": N_("Tax name"),
    "taxPercent": N_("Tax rate in percent"),
    "eventList": N_("Events"),
    # Venue designer
    "layoutPreview": N_("Seat layout"),
    "sectionRows": N_("Rows in the section"),
    "sectionSeats": N_("Seats per row"),
    "sectionFirstRow": N_("First row number"),
    "sectionCurve": N_("Row curve"),
    "sectionRotation": N_("Section rotation"),
    "sectionX": N_("Section position, left–right"),
    "sectionY": N_("Section position, front–back"),
    # Help
    "shortcutTable": N_("Keyboard shortcuts"),
    # Reports, monitor, bookings, codes, staff, mail
    "reportFrom": N_("Report from"),
    "reportTo": N_("Report until"),
    "reportPages": N_("Report pages"),
    "salesTables": N_("Sales tables"),
    "dailyTable": N_("Sales by day"),
    "monitorEvents": N_("Events to watch"),
    "bookingTickets": N_("Tickets of the booking"),
    "bookingMoney": N_("Payments and refunds"),
    "bookingSearch": N_("Find bookings"),
    "bookingEvent": N_("Bookings of the event"),
    "bookingStatusFilter": N_("Booking status"),
    "bookingResults": N_("Bookings found"),
    "codesTable": N_("Discount codes"),
    "redemptionsTable": N_("Redemptions of the code"),
    "staffTable": N_("Staff"),
    "staffRole": N_("Role"),
    "smtpPort": N_("SMTP port"),
    "outboxFilter": N_("Messages shown"),
    "outboxTable": N_("Outbox"),
}

_KEY_IN_BRACKETS = re.compile(r"\s*\([^()]*\)\s*$")


def accessible_name(widget: QWidget) -> str:
    """What a screen reader says *widget* is (its name through Qt's accessibility).

    A combo box is the exception: on Linux Qt gives its current text as its name ("All
    genres") and leaves the label to a relation, so here it is named only by its own name or a
    label whose buddy it is (what Qt says on Windows and macOS)."""
    if isinstance(widget, QComboBox):
        labels = widget.window().findChildren(QLabel)
        buddy = next((x.text() for x in labels if x.buddy() is widget and x.text()), "")
        return (widget.accessibleName() or buddy.replace("&", "")).strip()
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def _without_key(text: str) -> str:
    """*text* without a trailing key in brackets or an ellipsis: "Search… (Ctrl+F)" → "Search"."""
    return _KEY_IN_BRACKETS.sub("", text.strip()).rstrip(" .…")


def _from_tooltip(tip: str) -> str:
    """The tooltip's first line, without rich-text tags and a trailing key in brackets."""
    plain = re.sub(r"<[^>]+>", "", tip).strip().splitlines()
    return _without_key(plain[0]) if plain else ""


def _caption(widget: QWidget) -> QLabel | None:
    """The label that captions *widget*: its row's label in a form layout, or a label just
    before it in a row or column ("Currency [EUR ▾]"), if that label captions nothing else."""
    parent = widget.parentWidget()
    for layout in parent.findChildren(QLayout) if parent is not None else []:
        label: QWidget | None = None
        if isinstance(layout, QFormLayout):
            label = layout.labelForField(widget)
        elif isinstance(layout, QBoxLayout) and (index := layout.indexOf(widget)) > 0:
            before = layout.itemAt(index - 1)
            label = before.widget() if before is not None else None
        if isinstance(label, QLabel) and label.text().strip() and label.buddy() is None:
            return label
    return None


def name_control(widget: QWidget) -> None:
    """Give *widget* an accessible name by the rules above, if it has none yet."""
    if accessible_name(widget):
        return
    if widget.objectName() in NAMES:
        widget.setAccessibleName(_(NAMES[widget.objectName()]))
        return
    label = _caption(widget)
    if label is not None:
        label.setBuddy(widget)
        if accessible_name(widget):
            return
    if isinstance(widget, QLineEdit) and widget.placeholderText().strip():
        widget.setAccessibleName(_without_key(widget.placeholderText()))
        return
    tip = _from_tooltip(widget.toolTip())
    if tip:
        widget.setAccessibleName(tip)


def reachable_controls(root: QWidget, shown_only: bool = True) -> list[QWidget]:
    """The widgets under *root* (and *root*) that keyboard focus can reach (when shown, unless
    not *shown_only*) and that speak for themselves: not the inner line edit of a spin or combo
    box, not a scroll area's viewport."""
    found = []
    for widget in (root, *root.findChildren(QWidget)):
        if (
            widget.focusPolicy() == Qt.FocusPolicy.NoFocus
            or widget.focusProxy() is not None
            or (shown_only and not widget.isVisibleTo(root.window()))
        ):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, (QAbstractSpinBox, QComboBox)):
            continue  # the box's own line edit: the box is what is named
        if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
            continue
        found.append(widget)
    return found


def _tab_stops(widget: QWidget) -> list[QWidget]:
    """*widget* itself, or for a compound widget (a form, a tab page) the fields in it, in the
    order they were made (which is how forms here are built: top to bottom). A tab widget stays
    whole: Qt gives its focus to its tab bar, and its pages' fields follow when chained after."""
    if isinstance(widget, QTabWidget):
        return [widget]
    inside = [
        w
        for w in widget.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None
        and w.window() is widget.window()  # not a popup (a completer's list, a calendar)
        and not isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox))
    ]
    return inside or [widget]


def tab_chain(*widgets: QWidget) -> None:
    """Tab goes through *widgets* in this order (a compound widget: through its own fields)."""
    stops = [stop for widget in widgets for stop in _tab_stops(widget)]
    for first, second in itertools.pairwise(stops):
        QWidget.setTabOrder(first, second)


def name_controls(root: QWidget) -> None:
    """Name every reachable control under *root* that has no accessible name yet."""
    for widget in reachable_controls(root, shown_only=False):  # hidden ones may show later
        name_control(widget)


def unnamed_controls(root: QWidget) -> list[str]:
    """``Class#objectName`` of each reachable control under *root* that has no accessible name
    (what the accessibility tests report)."""
    return [
        f"{type(w).__name__}#{w.objectName()}"
        for w in reachable_controls(root)
        if not accessible_name(w)
    ]
