"""The inventory owns every change of a seat's state and every ticket insert.

A scan of the source: outside ``boxoffice/services/sales/inventory/`` no module may write the
``event_seat`` or ``hold`` tables or insert or delete tickets, whether through SQLAlchemy
(``update(EventSeat)``, ``insert(Ticket)``, ``delete(Hold)``, a new ``EventSeat(...)`` object)
or raw SQL text. Ticket *updates* are also the inventory's, except the two that change no seat:
check-in marks a ticket used, and a reissue gives it a new code generation.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import boxoffice

PACKAGE = Path(boxoffice.__file__).parent
OWNER = "services/sales/inventory/"
SEAT_TABLES = {"EventSeat": "event_seat", "Hold": "hold"}
TICKET = "Ticket"
ALLOWED = {
    # The demo data set writes a made-up past (bookings sold and cancelled days ago), not a sale.
    "services/demo.py": {"EventSeat", "Hold", "Ticket"},
    "services/demo_house.py": {"EventSeat"},  # the demo's named holds, placed before any sale
    # Ticket updates that change no seat: used at the door; a reissued code.
    "services/tickets/checkin.py": {"Ticket.update"},
    "services/tickets/codes.py": {"Ticket.update"},
}
WRITES = {"update", "insert", "delete"}
RAW_SQL = re.compile(
    r"\b(?:UPDATE|INSERT\s+INTO|DELETE\s+FROM|REPLACE\s+INTO)\s+`?(event_seat|hold|ticket)\b`?",
    re.IGNORECASE,
)


def _model(node: ast.expr) -> str | None:
    """``EventSeat`` for ``EventSeat``, ``models.EventSeat`` or ``EventSeat.__table__``."""
    if isinstance(node, ast.Attribute) and node.attr == "__table__":
        node = node.value
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def writes_in(source: str) -> list[tuple[int, str]]:
    """(line, what) of every write to the seat, hold or ticket tables in *source*."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in WRITES and node.args:
                model = _model(node.args[0])
                if model in SEAT_TABLES or model == TICKET:
                    found.append((node.lineno, f"{model}.{name}"))
            elif name in SEAT_TABLES or name == TICKET:
                found.append((node.lineno, f"{name}.insert"))  # a new ORM object
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = RAW_SQL.search(node.value)
            if match:
                table = match.group(1).lower()
                model = {v: k for k, v in SEAT_TABLES.items()}.get(table, TICKET)
                verb = match.group(0).split()[0].lower()
                verb = "insert" if verb == "replace" else verb
                found.append((node.lineno, f"{model}.{verb}"))
    return sorted(found)


def violations(root: Path = PACKAGE) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        where = path.relative_to(root).as_posix()
        if where.startswith(OWNER) or "/migrations/" in f"/{where}":
            continue
        allowed = ALLOWED.get(where, set())
        for line, what in writes_in(path.read_text(encoding="utf-8")):
            model = what.partition(".")[0]
            if model in allowed or what in allowed:
                continue
            problems.append(f"{where}:{line}: {what} outside the inventory")
    return problems


def test_only_the_inventory_changes_seats_and_inserts_tickets() -> None:
    assert violations() == []


def test_the_scan_sees_what_the_inventory_does() -> None:
    """The patterns match the inventory's own statements (else the scan could pass vacuously)."""
    owner = PACKAGE / OWNER
    seen = {
        what
        for path in owner.glob("*.py")
        for _line, what in writes_in(path.read_text(encoding="utf-8"))
    }
    assert {"EventSeat.update", "EventSeat.insert", "Hold.delete", "Hold.insert"} <= seen
    assert {"Ticket.insert", "Ticket.update"} <= seen


def test_a_planted_write_fails(tmp_path: Path) -> None:
    bookings = tmp_path / "services" / "bookings"
    bookings.mkdir(parents=True)
    (bookings / "changes.py").write_text(
        "from sqlalchemy import insert, update\n"
        "from boxoffice.db import models\n"
        "def sell(s, hold_id):\n"
        "    s.execute(update(models.EventSeat).where(models.EventSeat.hold_id == hold_id))\n"
        "    s.execute(insert(Ticket), [])\n"
        "    s.add(Hold(id=hold_id))\n"
        "    s.execute(text('update event_seat set status = 1'))\n"
    )
    tickets = tmp_path / "services" / "tickets"
    tickets.mkdir()
    (tickets / "checkin.py").write_text("def f(s):\n    s.execute(insert(Ticket))\n")
    assert violations(tmp_path) == [
        "services/bookings/changes.py:4: EventSeat.update outside the inventory",
        "services/bookings/changes.py:5: Ticket.insert outside the inventory",
        "services/bookings/changes.py:6: Hold.insert outside the inventory",
        "services/bookings/changes.py:7: EventSeat.update outside the inventory",
        "services/tickets/checkin.py:2: Ticket.insert outside the inventory",
    ]
