"""What a sale checks after the card terminal answered, and what it undoes if it cannot commit.

Checkout reads the event without locking it and only locks the event row at the very end
(:func:`boxoffice.services.sales.inventory.publish`), so a payment that takes seconds does not
stop other desks. A manager may cancel the event meanwhile: :func:`still_on_sale` re-reads the
event's status under the row lock the sale already holds, so either the cancellation committed
first (the sale is refused) or it waits for the sale and then refunds it with the rest.

:func:`void_on_failure` gives back the card authorisations of a sale that does not commit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.models import Event
from boxoffice.domain.errors import NotFound, SalesClosed
from boxoffice.domain.status import EventStatus
from boxoffice.i18n import _
from boxoffice.services.sales import pending_auths
from boxoffice.services.sales.gateway import PaymentGateway, default_gateway
from boxoffice.services.sales.payments import PaymentLine


def still_on_sale(session: Session, event_id: int) -> None:
    """SalesClosed if *event_id* was cancelled after the sale first read it.

    Call it after the event row is locked (after ``publish``): the locking read sees the latest
    committed status, and no cancellation can commit between this check and the sale's commit.
    """
    row = session.execute(
        select(Event.title, Event.status).where(Event.id == event_id).with_for_update()
    ).one_or_none()
    if row is None:
        raise NotFound(_("This event was deleted while the sale was being paid."))
    title, status = row
    if status == EventStatus.CANCELLED.value:
        raise SalesClosed(
            _(
                "{title} was cancelled while this sale was being paid. Nothing "
                "was sold and the card payment was cancelled."
            ).format(title=title)
        )


@contextmanager
def void_on_failure(
    paid: Sequence[PaymentLine], gateway: PaymentGateway | None = None
) -> Iterator[None]:
    """Void the card authorisations in *paid* if the block raises (the sale rolls back)."""
    try:
        yield
    except BaseException:
        gw = gateway or default_gateway()
        refs = [line.gateway_ref for line in paid if line.gateway_ref]
        for ref in refs:
            gw.void(ref)
        pending_auths.forget(refs)
        raise
