"""The desk's current sale: which event, what this desk holds, for which customer.

Holding and releasing are writes; they go through a small queue so that two quick clicks become
two calls on the *same* hold (the second waits for the first's hold id) instead of two holds.
Widgets observe the signals; they never call the hold services themselves.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from boxoffice.domain.errors import BoxOfficeError, HoldExpired, SeatUnavailable
from boxoffice.domain.seatmap import SeatChanges, SeatMap
from boxoffice.gui.context import AppContext
from boxoffice.gui.hold.poller import SeatPoller
from boxoffice.gui.widgets.connection_notes import reconnected_note
from boxoffice.services.sales import catalog, holds, ticket_choice
from boxoffice.services.sales.catalog import EventDetail, EventSummary
from boxoffice.services.sales.holds import HoldInfo
from boxoffice.services.sales.purchase import BookingResult

log = logging.getLogger(__name__)

# An operation gets, when its turn comes, the current hold id and the seats it holds (read on
# the GUI thread, passed by value) and returns the new hold state (on the writer thread).
HoldOp = Callable[[str | None, frozenset[int]], HoldInfo | None]


class SaleController(QObject):
    """State and actions of one desk's sale.

    Signals: ``event_changed(object)`` EventDetail or None; ``map_loaded(object)`` SeatMap;
    ``seats_changed(object)`` SeatChanges from the monitor; ``hold_changed(object)`` HoldInfo or
    None; ``customer_changed(object)`` CustomerInfo or None; ``busy_changed(bool)`` while a hold
    write is on its way; ``settled()`` when the last queued hold write finished (either way);
    ``expired(object)`` the lapsed HoldInfo; ``sold(object)`` BookingResult.
    """

    event_changed = Signal(object)
    map_loaded = Signal(object)
    seats_changed = Signal(object)
    hold_changed = Signal(object)
    customer_changed = Signal(object)
    busy_changed = Signal(bool)
    settled = Signal()
    expired = Signal(object)
    sold = Signal(object)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.event_detail: EventDetail | None = None
        self.seat_map: SeatMap | None = None
        self.hold: HoldInfo | None = None
        self.lapsed: HoldInfo | None = None  # the last hold that expired (for "Hold again")
        self.customer: Any = None
        self._queue: deque[HoldOp] = deque()
        self._writing = False
        self._loading_event = 0
        # Where the next seats or places come from: {} general sale, {"allocation": id} for a
        # channel or group, {"from_house": True} house seats (the release_holds permission).
        self.sell_for: dict[str, Any] = {}
        self.poller = SeatPoller(ctx, self)
        self.poller.changes.connect(self._on_changes)

    # -- event ----------------------------------------------------------------------------------
    def open_event(self, summary: EventSummary | int) -> None:
        """Show *summary*'s event; a hold on another event is released first."""
        event_id = summary if isinstance(summary, int) else summary.id
        shown = self.event_detail
        loaded = shown is not None and (self.seat_map is not None or shown.general_admission)
        if loaded and shown is not None and shown.id == event_id:
            return
        if self.hold is not None and self.hold.event_id != event_id:
            count = self.hold.quantity
            title = shown.title if shown is not None else "the previous event"
            self.release_all(quiet=True)
            self.ctx.messages.info.emit(
                f"Released the {count} seat{'s' if count != 1 else ''} held for {title}."
            )
        self._loading_event += 1
        ticket = self._loading_event
        self.poller.stop()
        self.ctx.services.run(
            catalog.event_with_map,
            event_id,
            self.hold.hold_id if self.hold else None,
            on_done=lambda result: self._event_loaded(ticket, result),
            on_error=self._report,
        )

    def _event_loaded(self, ticket: int, result: tuple[EventDetail, SeatMap | None]) -> None:
        if ticket != self._loading_event:
            return
        detail, seat_map = result
        if self.event_detail is None or self.event_detail.id != detail.id:
            self.sell_for = {}  # another event: general sale again
        self.event_detail = detail
        self.seat_map = seat_map
        self.event_changed.emit(detail)
        if seat_map is not None:
            self.map_loaded.emit(seat_map)
            self.poller.watch(detail.id, seat_map.version, self.hold_id)
        else:
            self.poller.watch(detail.id, detail.seat_version, self.hold_id)

    def _on_changes(self, changes: SeatChanges) -> None:
        if self.event_detail is None or changes.event_id != self.event_detail.id:
            return
        self.seats_changed.emit(changes)
        if self.event_detail.general_admission:
            # GA availability lives on the tiers: re-read them so the counts stay true.
            self.ctx.services.run(
                catalog.get_event,
                self.event_detail.id,
                on_done=self._ga_refreshed,
                on_error=self._report,
            )

    def _ga_refreshed(self, detail: EventDetail) -> None:
        if self.event_detail is not None and detail.id == self.event_detail.id:
            self.event_detail = detail
            self.event_changed.emit(detail)

    # -- holding --------------------------------------------------------------------------------
    @property
    def hold_id(self) -> str | None:
        return self.hold.hold_id if self.hold is not None else None

    @property
    def busy(self) -> bool:
        return self._writing

    def toggle_seat(self, seat_id: int) -> None:
        """A click on the map: hold the seat, or give it back if this desk holds it."""
        event = self._require_event()
        if event is None:
            return

        def op(hold_id: str | None, held: frozenset[int]) -> HoldInfo | None:
            if hold_id is not None and seat_id in held:
                return self.ctx.services.call(holds.release_seats, hold_id, [seat_id])
            return self.ctx.services.call(holds.hold_seats, event.id, [seat_id], hold_id, **source)

        source = dict(self.sell_for)  # as chosen at the click, not when the write runs
        self._enqueue(op)

    def hold_seats(self, seat_ids: list[int]) -> None:
        event = self._require_event()
        if event is None or not seat_ids:
            return
        ids = list(seat_ids)
        source = dict(self.sell_for)
        self._enqueue(
            lambda hold_id, _held: self.ctx.services.call(
                holds.hold_seats, event.id, ids, hold_id, **source
            ),
        )

    def set_sell_for(self, from_house: bool = False, allocation: int | None = None) -> None:
        """Sell the next seats or places for an allocation, from house seats, or (neither) on
        general sale."""
        if allocation is not None:
            self.sell_for = {"allocation": allocation}
        elif from_house:
            self.sell_for = {"from_house": True}
        else:
            self.sell_for = {}

    def best_available(self, quantity: int, tier_id: int | None = None) -> None:
        """Hold the best *quantity* adjacent seats (in *tier_id*, or the best zone with room)."""
        event = self._require_event()
        if event is None:
            return
        self._enqueue(
            lambda hold_id, _held: self.ctx.services.call(
                holds.best_available, event.id, quantity, tier_id, hold_id
            ),
        )

    def hold_general_admission(self, tier_id: int, quantity: int) -> None:
        event = self._require_event()
        if event is None:
            return
        allocation = self.sell_for.get("allocation")
        self._enqueue(
            lambda hold_id, _held: self.ctx.services.call(
                holds.hold_general_admission,
                event.id,
                tier_id,
                quantity,
                hold_id,
                allocation=allocation,
            ),
        )

    def set_ticket_type(
        self,
        type_id: int,
        seat_ids: tuple[int, ...] | None,
        quantity: int | None = None,
        from_type_id: int | None = None,
        reason: str = "",
    ) -> None:
        """Make held seats (or, GA, *quantity* places) tickets of *type_id*."""
        if self.hold is None:
            return
        ids = list(seat_ids) if seat_ids is not None else None

        def op(hold_id: str | None, _held: frozenset[int]) -> HoldInfo | None:
            if hold_id is None:
                return None
            return self.ctx.services.call(
                ticket_choice.set_ticket_type,
                hold_id,
                type_id,
                ids,
                quantity,
                reason,
                from_type_id,
            )

        self._enqueue(op)

    def release(self, seat_ids: list[int] | None = None) -> None:
        """Give back some held seats, or everything held (``None``)."""
        if self.hold is None:
            return
        ids = list(seat_ids) if seat_ids is not None else None

        def op(hold_id: str | None, _held: frozenset[int]) -> HoldInfo | None:
            if hold_id is None:
                return None
            return self.ctx.services.call(holds.release_seats, hold_id, ids)

        self._enqueue(op)

    def release_all(self, quiet: bool = False) -> None:
        if self.hold is None:
            return
        hold_id = self.hold.hold_id
        self.set_hold(None)
        self.ctx.services.run_write(
            holds.release_seats,
            hold_id,
            None,
            on_done=lambda _r: self.poller.fetch_now(),
            on_error=(lambda _e: None) if quiet else self._report,
        )

    def hold_again(self) -> None:
        """After an expiry: try to hold the same seats (or GA places) again."""
        lapsed = self.lapsed
        if lapsed is None or self.event_detail is None or lapsed.event_id != self.event_detail.id:
            return
        self.lapsed = None
        if lapsed.seat_ids:
            self.hold_seats(list(lapsed.seat_ids))
        for line in lapsed.lines:
            if line.seat_id is None:
                self.hold_general_admission(line.tier_id, line.quantity)

    def _require_event(self) -> EventDetail | None:
        if self.event_detail is None:
            self.ctx.messages.warning.emit("Choose an event first.")
        return self.event_detail

    def _enqueue(self, op: HoldOp) -> None:
        self._queue.append(op)
        self._next()

    def _next(self) -> None:
        if self._writing:
            return
        if not self._queue:
            self.settled.emit()
            return
        op = self._queue.popleft()
        hold_id = self.hold_id
        held = frozenset(self.hold.seat_ids) if self.hold is not None else frozenset()
        self._set_writing(True)
        self.ctx.tasks.run_write(
            op,
            hold_id,
            held,
            on_done=self._write_done,
            on_error=self._write_failed,
        )

    def _set_writing(self, writing: bool) -> None:
        if writing != self._writing:
            self._writing = writing
            self.busy_changed.emit(writing)

    def _write_done(self, info: HoldInfo | None) -> None:
        self._set_writing(False)
        self.set_hold(info)
        self.poller.fetch_now()
        self._next()

    def _write_failed(self, exc: BaseException) -> None:
        self._set_writing(False)
        if isinstance(exc, HoldExpired):
            lapsed = self.hold
            self.set_hold(None)
            self._queue.clear()
            self.lapsed = lapsed
            self.expired.emit(lapsed)
        elif isinstance(exc, SeatUnavailable):
            self.ctx.messages.warning.emit(exc.message)
        elif isinstance(exc, BoxOfficeError):
            self.ctx.messages.error.emit(exc.message)
        self.poller.fetch_now()
        self._next()
        if not isinstance(exc, BoxOfficeError):
            raise exc  # a bug: the crash handler shows it (the queue already moved on)

    def set_hold(self, info: HoldInfo | None) -> None:
        """Show *info* as this desk's hold (the cart, the countdown and the map follow)."""
        if info is not None and info.quantity == 0:
            info = None
        self.hold = info
        self.poller.set_hold(info.hold_id if info else None)
        self.hold_changed.emit(info)

    # -- expiry and sale ------------------------------------------------------------------------
    def hold_lapsed(self) -> None:
        """The countdown reached zero: forget the hold and give the seats back now."""
        lapsed = self.hold
        if lapsed is None:
            return
        self.lapsed = lapsed
        self._queue.clear()
        self.release_all(quiet=True)
        self.expired.emit(lapsed)

    def checkout_failed_expired(self) -> None:
        """Checkout said HoldExpired: keep what was in the cart for "Hold again"."""
        lapsed = self.hold
        self.set_hold(None)
        self.lapsed = lapsed
        self.expired.emit(lapsed)
        self.poller.fetch_now()

    def completed(self, result: BookingResult) -> None:
        """The hold became a booking: empty the cart and refresh the map."""
        note = reconnected_note(result)
        if note is not None:
            self.ctx.messages.info.emit(note)
        self.lapsed = None
        self.set_hold(None)
        self.set_customer(None)
        self.sold.emit(result)
        self.poller.fetch_now()

    def set_customer(self, customer: Any) -> None:
        self.customer = customer
        self.customer_changed.emit(customer)

    def seconds_left(self, now: datetime) -> float | None:
        if self.hold is None:
            return None
        return (self.hold.expires_at - now).total_seconds()

    def _report(self, exc: BaseException) -> None:
        self.ctx.messages.report(exc)

    def shutdown(self) -> None:
        """Stop polling and give back whatever this desk still holds."""
        self.poller.stop()
        if self.hold is not None:
            hold_id = self.hold.hold_id
            self.hold = None
            # The app waits for the writer before exiting; if this fails the seats expire anyway.
            self.ctx.services.run_write(
                holds.release_seats,
                hold_id,
                None,
                on_done=lambda _r: None,
                on_error=lambda exc: log.info("hold %s not released at exit: %s", hold_id, exc),
            )
