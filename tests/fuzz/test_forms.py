"""Fuzzing the desk's forms (offscreen Qt, services run synchronously): junk typed into every
field, then the form's own submit button. Each press either does the job or shows a message —
inline beside the fields or through the message bridge — and then nothing in the database has
changed; no exception ever reaches the excepthook (pytest-qt's capture would see it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from boxoffice.domain.actor import Actor
from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.card_dialog import AddCardDialog
from boxoffice.gui.customers.edit_dialog import CustomerDialog
from boxoffice.gui.mail.tab import MailTab
from boxoffice.gui.manager.events import EventEditorTab
from boxoffice.gui.manager.events.tier_model import NAME, PRICE, SEATS
from boxoffice.gui.manager.events.times import to_qt
from boxoffice.gui.manager.staff.tab import StaffTab
from boxoffice.gui.messages import MessageBridge
from boxoffice.gui.payment.payment_dialog import PaymentDialog
from boxoffice.gui.sign_in import SignInDialog
from boxoffice.gui.tasks import SyncTaskRunner
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.people import customers
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from tests.fuzz.conftest import World, changed_tables, fingerprint, note
from tests.fuzz.strategies import FUZZ, junk_int, junk_text
from tests.gui.conftest import MessageLog

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

FORMS = FUZZ  # each example builds a real widget: the same modest counts


def desk(world: World, actor: Actor, tmp_path: Any) -> tuple[AppContext, MessageLog]:
    ctx = AppContext(
        db=world.db,
        actor=actor,
        tasks=SyncTaskRunner(),
        messages=MessageBridge(),
        settings=QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat),
    )
    log = MessageLog()
    log.attach(ctx.messages)
    return ctx, log


def shown(*labels: QLabel, log: MessageLog | None = None) -> str:
    """What the clerk can read: inline error labels that are not hidden, and bridge messages."""
    texts = [label.text() for label in labels if not label.isHidden()]
    if log is not None:
        texts += log.errors + log.warnings
    return " ".join(t for t in texts if t.strip())


def press(
    qtbot: QtBot,
    world: World,
    submit: Callable[[], None],
    accepted: Callable[[], bool],
    message: Callable[[], str],
    may_change: frozenset[str] = frozenset(),
) -> bool:
    """Press *submit*; True when the form did its job, else it must say why and change nothing."""
    before = fingerprint(world.db)
    with qtbot.captureExceptions() as exceptions:
        submit()
    assert not exceptions, f"an exception reached the excepthook: {exceptions[0][1]!r}"
    if accepted():
        note("accepted")
        return True
    note("refused")
    assert message().strip(), "the form refused without telling the clerk why"
    changed = changed_tables(before, fingerprint(world.db)) - may_change
    assert not changed, f"refused ({message()!r}) but changed {changed}"
    return False


@FORMS
@given(username=junk_text, password=junk_text, desk_name=junk_text)
def test_sign_in(qtbot: QtBot, world: World, username: str, password: str, desk_name: str) -> None:
    dialog = SignInDialog(world.db, SyncTaskRunner(), "test server", "desk")
    qtbot.addWidget(dialog)
    dialog.username.setText(username)
    dialog.password.setText(password)
    dialog.desk.setText(desk_name)
    press(
        qtbot,
        world,
        dialog.sign_in_button.click,
        lambda: dialog.actor is not None,
        lambda: shown(dialog.error),
        may_change=frozenset({"staff_user", "audit_log"}),  # the failed attempt is counted
    )


@FORMS
@given(name=junk_text, email=junk_text, phone=junk_text, opt_in=st.booleans(), edit=st.booleans())
def test_customer_dialog(
    qtbot: QtBot,
    world: World,
    tmp_path: Any,
    name: str,
    email: str,
    phone: str,
    opt_in: bool,
    edit: bool,
) -> None:
    ctx, _log = desk(world, world.clerk, tmp_path)
    existing = customers.get_customer(world.db, world.clerk, world.customer_id) if edit else None
    dialog = CustomerDialog(ctx, existing)
    qtbot.addWidget(dialog)
    dialog.name.setText(name)
    dialog.email.setText(email)
    dialog.phone.setText(phone)
    dialog.marketing.setChecked(opt_in)
    saved: list[object] = []
    dialog.saved.connect(saved.append)
    press(qtbot, world, dialog.save_button.click, lambda: bool(saved), lambda: shown(dialog.error))


@FORMS
@given(number=junk_text, expiry=junk_text, holder=junk_text, default=st.booleans())
def test_add_card_dialog(
    qtbot: QtBot,
    world: World,
    tmp_path: Any,
    number: str,
    expiry: str,
    holder: str,
    default: bool,
) -> None:
    ctx, _log = desk(world, world.clerk, tmp_path)
    customer = customers.get_customer(world.db, world.clerk, world.customer_id)
    dialog = AddCardDialog(ctx, customer)
    qtbot.addWidget(dialog)
    dialog.number.setText(number)
    dialog.expiry.setText(expiry)
    dialog.holder.setText(holder)
    dialog.default.setChecked(default)
    saved: list[object] = []
    dialog.saved.connect(saved.append)
    press(qtbot, world, dialog.save_button.click, lambda: bool(saved), lambda: shown(dialog.error))


@FORMS
@given(
    method=st.integers(0, 2),
    cash=junk_text,
    number=st.one_of(junk_text, st.just("4242 4242 4242 4242"), st.just("4000000000000002")),
    expiry=st.one_of(junk_text, st.just("12/39")),
    cvv=st.one_of(junk_text, st.just("123")),
    holder=junk_text,
    amount=junk_text,
    split=st.booleans(),
)
def test_payment_dialog(
    qtbot: QtBot,
    world: World,
    tmp_path: Any,
    method: int,
    cash: str,
    number: str,
    expiry: str,
    cvv: str,
    holder: str,
    amount: str,
    split: bool,
) -> None:
    ctx, log = desk(world, world.clerk, tmp_path)
    hold = holds.best_available(world.db, world.clerk, world.seated.id, 2)
    customer = customers.get_customer(world.db, world.clerk, world.customer_id)

    def submit(tenders: list[Any], key: str) -> checkout.BookingResult:
        return checkout.checkout(world.db, world.clerk, hold.hold_id, tenders, key, customer.id)

    dialog = PaymentDialog(ctx, hold.total, submit, customer, "2 seats")
    qtbot.addWidget(dialog)
    dialog.methods.setCurrentIndex(method)
    dialog.cash.tendered.setText(cash)
    dialog.card.number.setText(number)
    dialog.card.expiry.setText(expiry)
    dialog.card.cvv.setText(cvv)
    dialog.card.holder.setText(holder)
    dialog.card.amount.setText(amount)
    if split:
        dialog.add_button.click()
    dialog.terms.setChecked(True)
    try:
        paid = press(
            qtbot,
            world,
            dialog.pay_button.click,
            lambda: dialog.result is not None,
            # A pay button that stays disabled says why beside it.
            lambda: shown(dialog.error_label, dialog.problem_label, log=log),
        )
        if paid:
            bookings.cancel_booking(world.db, world.clerk, dialog.result.reference)
    finally:
        holds.release_seats(world.db, world.clerk, hold.hold_id)


offsets = st.timedeltas(min_value=timedelta(days=-40_000), max_value=timedelta(days=40_000))


@FORMS
@given(
    title=junk_text,
    description=junk_text,
    general=st.booleans(),
    capacity=junk_int,
    tier_name=junk_text,
    price=junk_text,
    seats=st.one_of(junk_text, junk_int.map(str)),
    starts=offsets,
    length=offsets,
    extra_tier=st.booleans(),
)
def test_event_editor(
    qtbot: QtBot,
    world: World,
    tmp_path: Any,
    title: str,
    description: str,
    general: bool,
    capacity: int,
    tier_name: str,
    price: str,
    seats: str,
    starts: timedelta,
    length: timedelta,
    extra_tier: bool,
) -> None:
    ctx, log = desk(world, world.manager, tmp_path)
    tab = EventEditorTab(ctx)
    qtbot.addWidget(tab)
    form = tab.form
    form.title.setText(title)
    form.description.setPlainText(description)
    form.general.setChecked(general)
    form.capacity.setValue(max(-(2**31), min(capacity, 2**31 - 1)))
    start = datetime.now().astimezone() + starts
    form.starts_at.setDateTime(to_qt(start))
    form.ends_at.setDateTime(to_qt(start + length))
    model = tab.tiers.model
    if extra_tier:
        model.add_tier()
    for row in range(model.rowCount()):
        model.setData(model.index(row, NAME), tier_name)
        model.setData(model.index(row, PRICE), price)
        model.setData(model.index(row, SEATS), seats)
    press(
        qtbot,
        world,
        tab.save_button.click,
        lambda: tab.edit is not None,
        lambda: shown(tab.error, log=log),
    )


@FORMS
@given(
    username=junk_text,
    full_name=junk_text,
    role=st.integers(0, 2),
    first=junk_text,
    same=st.booleans(),
    second=junk_text,
)
def test_staff_add(
    qtbot: QtBot,
    world: World,
    tmp_path: Any,
    username: str,
    full_name: str,
    role: int,
    first: str,
    same: bool,
    second: str,
) -> None:
    ctx, log = desk(world, world.admin, tmp_path)
    tab = StaffTab(ctx)
    qtbot.addWidget(tab)
    tab.open_add()
    form = tab.add_form
    form.username.setText(username)
    form.full_name.setText(full_name)
    form.role.setCurrentIndex(role)
    form.passwords.first.setText(first)
    form.passwords.second.setText(first if same else second)
    press(
        qtbot,
        world,
        form.ok_button.click,
        lambda: bool(log.infos),
        lambda: shown(form.error, log=log),
    )


@FORMS
@given(
    host=junk_text,
    port=junk_int,
    security=st.integers(0, 2),
    user=junk_text,
    password=junk_text,
    forget=st.booleans(),
    from_addr=st.one_of(junk_text, st.just("box@example.com")),
    from_name=junk_text,
    ca_file=junk_text,
    unsubscribe=junk_text,
)
def test_smtp_settings(
    qtbot: QtBot,
    world: World,
    tmp_path: Any,
    host: str,
    port: int,
    security: int,
    user: str,
    password: str,
    forget: bool,
    from_addr: str,
    from_name: str,
    ca_file: str,
    unsubscribe: str,
) -> None:
    ctx, log = desk(world, world.admin, tmp_path)
    tab = MailTab(ctx)
    qtbot.addWidget(tab)
    form = tab.form
    form.host.setText(host)
    form.security.setCurrentIndex(security)
    form.port.setValue(max(-(2**31), min(port, 2**31 - 1)))
    form.username.setText(user)
    form.password.setText(password)
    form.forget_password.setChecked(forget)
    form.from_addr.setText(from_addr)
    form.from_name.setText(from_name)
    form.ca_file.setText(ca_file)
    form.unsubscribe_url.setText(unsubscribe)
    press(
        qtbot,
        world,
        tab.save_button.click,
        lambda: "Mail settings saved." in log.infos,
        lambda: shown(tab.error, log=log),
    )


def test_the_harness_sees_a_valid_form_go_through(
    qtbot: QtBot, world: World, tmp_path: Any
) -> None:
    """Guards against a vacuous check: a good customer is saved, a bad one is refused."""
    ctx, _log = desk(world, world.clerk, tmp_path)
    outcomes = []
    for name in ("Bea Good", ""):
        dialog = CustomerDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.name.setText(name)
        saved: list[object] = []
        dialog.saved.connect(saved.append)
        error = dialog.error
        outcomes.append(
            press(qtbot, world, dialog.save_button.click, partial(bool, saved), error.text)
        )
    assert outcomes == [True, False]
