"""The sale flow when the database connection breaks: the server dropped the desk's
connections mid-sale (a restart, or a cluster node that died) and the desk reconnected: the
clerk reads that the sale went through, once; no server at all: it did not, try again."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, func, select

from boxoffice.db.database import Database
from boxoffice.db.models import Booking
from boxoffice.gui.context import AppContext
from boxoffice.gui.service_calls import ServiceCalls
from boxoffice.services.sales import holds
from tests.gui.conftest import MessageLog
from tests.gui.sale.sale_support import open_event, sell_tab

pytestmark = [pytest.mark.gui, pytest.mark.mysql]


def _drop_desk_connections(db: Database) -> int:
    """What a server restart does to a desk: every connection to its database killed (from a
    connection of another engine, so the desk's pool keeps only dead ones)."""
    other = create_engine(db.engine.url)
    try:
        with other.connect() as conn:
            mine = conn.exec_driver_sql("SELECT CONNECTION_ID()").scalar()
            ids = list(
                conn.exec_driver_sql(
                    "SELECT id FROM information_schema.processlist "
                    "WHERE db = DATABASE() AND id <> %s",
                    (mine,),
                ).scalars()
            )
            for connection_id in ids:
                conn.exec_driver_sql(f"KILL CONNECTION {int(connection_id)}")
    finally:
        other.dispose()
    return len(ids)


@pytest.mark.parametrize("db_url", ["mysql"], indirect=True)  # SQLite has no connection to lose
def test_a_sale_after_the_connection_dropped_says_reconnected_and_books_once(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog, db_url: str
) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Indie Showcase")
    tab.best.quantity.setValue(2)
    tab.best.submit()
    hold = tab.controller.hold
    assert hold is not None
    with ctx.db.engine.connect() as conn:  # the pool holds connections the server will drop
        conn.exec_driver_sql("SELECT 1")
    assert _drop_desk_connections(ctx.db) >= 1
    tab.sell_cash_exact()  # the terms question is tested in test_payment
    dialog = tab.complete_dialog
    assert dialog is not None
    reference = dialog.page.reference
    assert any("Reconnected" in m and reference in m for m in messages.infos), messages.all()
    assert messages.errors == []
    with ctx.db.session() as s:
        assert s.scalar(select(func.count()).where(Booking.reference == reference)) == 1
    assert holds.get_hold(ctx.db, ctx.actor, hold.hold_id) is None
    tab.shutdown()


@pytest.mark.parametrize("db_url", ["mysql"], indirect=True)
def test_no_server_at_all_says_the_sale_did_not_go_through(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog, db_url: str
) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Indie Showcase")
    tab.best.quantity.setValue(1)
    tab.best.submit()
    assert tab.controller.hold is not None
    live = ctx.db
    with live.session() as s:
        before = s.scalar(select(func.count()).select_from(Booking))
    dead = Database("mysql+pymysql://root@127.0.0.1:9/boxoffice")  # nothing listens there
    bound = ctx.services
    ctx.db, ctx.services = dead, ServiceCalls(dead, ctx.actor, ctx.tasks)
    try:
        tab.sell_cash_exact()  # the terms question is tested in test_payment
    finally:
        dead.dispose()
        ctx.db, ctx.services = live, bound
    assert tab.complete_dialog is None
    assert any("did not go through" in m and "never books" in m for m in messages.errors)
    assert tab.controller.hold is not None  # the seats stay in the cart: paying again is safe
    assert tab.cart.cash_button.isEnabled()
    with live.session() as s:
        assert s.scalar(select(func.count()).select_from(Booking)) == before
    tab.shutdown()  # gives the seats back and stops the seat poller
