"""The receipt at the end of every ticket document: tickets, payments (tendered, change), refunds.

Written as a flow of rows, then cut into pages of the stock, so a long receipt on a small stub
simply continues on the next one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from decimal import Decimal

from boxoffice.domain.cash_rounding import needs_rounding, settle_cash
from boxoffice.domain.money import format_money
from boxoffice.domain.place_text import seat_and_tier
from boxoffice.domain.status import BookingStatus, PaymentMethodKind, TicketStatus
from boxoffice.i18n import N_, _
from boxoffice.services.common.local_time import format_stamp, format_when
from boxoffice.services.tickets.data import BookingPrint, PaymentView
from boxoffice.services.tickets.fonts import text_width
from boxoffice.services.tickets.layout import (
    BAND,
    MUTED,
    RULE,
    WHITE,
    Box,
    Line,
    Page,
    Sheet,
    Stock,
)
from boxoffice.services.tickets.layout import clip as clip_text
from boxoffice.services.tickets.layout import wrap as wrap_text


@dataclass(frozen=True)
class _Row:
    kind: str  # heading | pair | text | rule | gap
    left: str = ""
    right: str = ""
    bold: bool = False
    muted: bool = False
    optional: bool = False  # dropped rather than starting a page of its own


@dataclass(frozen=True)
class _Metrics:
    margin: float
    size: float
    band: bool  # print-at-home pages get the dark header band


_METRICS = {
    "a4": _Metrics(40, 10.5, True),
    "letter": _Metrics(40, 10.5, True),
    "thermal": _Metrics(10, 7, False),
    "receipt": _Metrics(12, 8, False),
}


# Ticket and refund states and refund methods as a receipt names them (translated when shown).
_STATES = {
    TicketStatus.CANCELLED.value: N_("cancelled"),
    TicketStatus.USED.value: N_("used"),
    "exchanged": N_("exchanged"),
}
_REFUND_METHODS = {
    "cash": N_("Cash"),
    "card": N_("Card"),
    "saved_card": N_("Saved card"),
    "voucher": N_("Gift voucher"),
}


def describe_payment(p: PaymentView) -> str:
    if p.method == PaymentMethodKind.CASH.value:
        return _("Cash")
    if p.method == PaymentMethodKind.VOUCHER.value:
        return _("Gift voucher")
    kind = _("Saved card") if p.method == PaymentMethodKind.SAVED_CARD.value else _("Card")
    if not p.card_last4:
        return kind
    card = f"{p.card_brand.title()} •••• {p.card_last4}".strip()
    return f"{kind} {card}"


def _state(status: str) -> str:
    return _(_STATES[status]) if status in _STATES else status


def _refund_method(method: str) -> str:
    known = _REFUND_METHODS.get(method)
    return _(known) if known else method.replace("_", " ").capitalize()


def _rows(b: BookingPrint, zone: tzinfo) -> list[_Row]:
    rows = [
        _Row("pair", _("Booking"), b.reference, bold=True),
        _Row("pair", _("Booked"), format_stamp(b.created_at, zone)),
        _Row("pair", _("Sold by"), " · ".join(x for x in (b.clerk, b.desk) if x)),
    ]
    if b.customer_name:
        rows.append(_Row("pair", _("Customer"), b.customer_name))
    if b.status == BookingStatus.CANCELLED.value:
        rows.append(_Row("pair", _("Status"), _("CANCELLED"), bold=True))
    rows += _package_rows(b)
    rows += [
        _Row("rule"),
        _Row("text", b.event_title, bold=True),
        _Row("text", format_when(b.starts_at, zone)),
        _Row("text", b.venue, muted=True),
        _Row("rule"),
        _Row("heading", _("Tickets")),
    ]
    for t in b.tickets:
        note = "" if t.status == TicketStatus.VALID.value else f" ({_state(t.status)})"
        kind = f" · {t.ticket_type}" if t.ticket_type else ""
        rows.append(
            _Row(
                "pair",
                f"{seat_and_tier(t.seat_label, t.tier)}{kind}{note}",
                format_money(b.ticket_price(t)),
            )
        )
    rows += _charges(b)
    rows += [_Row("pair", _("Total"), format_money(b.total), bold=True), _Row("gap")]
    if b.payments:
        rows.append(_Row("heading", _("Payments")))
    for p in b.payments:
        rows.append(
            _Row(
                "pair",
                f"{describe_payment(p)}, {format_stamp(p.created_at, zone)}",
                format_money(p.amount),
            )
        )
        if p.tendered is not None:
            rows += _cash_rows(p.amount, p.tendered, p.change_due, b.cash_currency)
    if b.refunds:
        rows += [_Row("gap"), _Row("heading", _("Refunds"))]
    for r in b.refunds:
        reason = f" – {r.reason}" if r.reason else ""
        rows.append(
            _Row(
                "pair",
                f"{_refund_method(r.method)}, {format_stamp(r.created_at, zone)}{reason}",
                format_money(-r.amount),
            )
        )
    rows += [_Row("rule"), _Row("pair", _("Paid"), format_money(b.paid))]
    if b.refunds:
        rows.append(_Row("pair", _("Refunded"), format_money(-b.refunded)))
    rows += [
        _Row("pair", _("Net paid"), format_money(b.paid - b.refunded), bold=True),
        _Row("gap", optional=True),
        _Row(
            "text",
            _("Thank you. Keep this receipt for refunds and exchanges."),
            muted=True,
            optional=True,
        ),
    ]
    return rows


def _package_rows(b: BookingPrint) -> list[_Row]:
    """A booking of a season ticket names the package; its total is this event's share."""
    if b.package is None:
        return []
    p = b.package
    return [
        _Row("pair", _("Season ticket"), f"{p.name} · {p.reference}", bold=True),
        _Row("pair", _("Package price"), format_money(p.total)),
        _Row(
            "text",
            _("One of {count} events; the total below is this event's share.").format(
                count=p.events
            ),
            muted=True,
        ),
    ]


def _cash_rows(
    amount: Decimal, tendered: Decimal, change_due: Decimal | None, currency: str
) -> list[_Row]:
    """Tendered and change; where the till rounds cash (CHF 0.05) both as coins make them,
    and the rounding as a line of its own (the price and the total stay as they are)."""
    if not needs_rounding(currency):
        return [
            _Row("pair", "    " + _("Tendered"), format_money(tendered), muted=True),
            _Row("pair", "    " + _("Change"), format_money(change_due or Decimal(0)), muted=True),
        ]
    settled = settle_cash(amount, tendered, currency)
    rows = [
        _Row("pair", "    " + _("Tendered"), format_money(settled.taken), muted=True),
        _Row("pair", "    " + _("Change"), format_money(settled.change), muted=True),
    ]
    if settled.rounded:
        rows.append(
            _Row("pair", "    " + _("Cash rounding"), format_money(settled.rounding), muted=True)
        )
    return rows


def _charges(b: BookingPrint) -> list[_Row]:
    """Fees summed by name; tax per rate as net, tax, gross (added, or included in prices)."""
    rows: list[_Row] = []
    fees: dict[str, Decimal] = {}
    for a in b.adjustments:
        if a.step == "fee":
            fees[a.label] = fees.get(a.label, Decimal("0.00")) + a.amount
    rows += [_Row("pair", label, format_money(amount)) for label, amount in fees.items()]
    rates: dict[tuple[str, bool], tuple[Decimal, Decimal]] = {}
    for a in b.adjustments:
        if a.step == "tax":
            net, tax = rates.get((a.label, a.included), (Decimal("0.00"), Decimal("0.00")))
            rates[a.label, a.included] = (net + (a.base or 0), tax + a.amount)
    for (label, included), (net, tax) in rates.items():
        if included:
            rows.append(
                _Row(
                    "pair",
                    _("incl. {label}: net {net}, gross {gross}").format(
                        label=label, net=format_money(net), gross=format_money(net + tax)
                    ),
                    format_money(tax),
                    muted=True,
                )
            )
        else:
            rows.append(
                _Row(
                    "pair",
                    _("{label} on {net}").format(label=label, net=format_money(net)),
                    format_money(tax),
                )
            )
    return rows


def _height(row: _Row, size: float) -> float:
    return {
        "heading": size * 2.0,
        "pair": size * 1.5,
        "text": size * 1.5,
        "rule": size * 1.2,
        "gap": size * 0.8,
    }[row.kind]


def receipt_pages(paper: Stock, b: BookingPrint, zone: tzinfo) -> list[Page]:
    """The receipt of *b* on *paper*, as many pages as it takes."""
    m = _METRICS[paper.key]
    size, margin = m.size, m.margin
    width = paper.width - 2 * margin
    pages: list[Page] = []
    sheet: Sheet | None = None
    y = 0.0

    def new_sheet(first: bool) -> Sheet:
        nonlocal y
        s = Sheet(paper)
        title = _("Receipt") if first else _("Receipt (continued)")
        if m.band:
            s.add(Box(0, 0, paper.width, 76, fill=BAND))
            s.text(margin, 48, title, 22, bold=True, colour=WHITE)
            y = 76 + 30
        else:
            s.text(margin, margin + size * 1.6, title, size * 1.6, bold=True)
            y = margin + size * 3.2
        return s

    # Wrap long free-text rows first so pagination sees their real height.
    flow: list[_Row] = []
    for row in _rows(b, zone):
        if row.kind == "text":
            for line in wrap_text(row.left, size, width, row.bold, lines=3):
                flow.append(
                    _Row("text", line, bold=row.bold, muted=row.muted, optional=row.optional)
                )
        else:
            flow.append(row)

    sheet = new_sheet(True)
    bottom = paper.height - margin
    fresh = True  # nothing on this page yet
    for i, row in enumerate(flow):
        step = _height(row, size)
        # A heading stays with its first line; a rule never opens a page.
        need = step + (
            _height(flow[i + 1], size) if row.kind == "heading" and i + 1 < len(flow) else 0
        )
        if y + need > bottom:
            if row.optional:
                break
            if row.kind in ("rule", "gap"):
                continue
            pages.append(sheet.page("receipt"))
            sheet = new_sheet(False)
            fresh = True
        if fresh and row.kind in ("rule", "gap"):
            continue
        fresh = False
        y += step
        colour = MUTED if row.muted else "#111827"
        if row.kind == "heading":
            sheet.text(margin, y, row.left, size * 1.15, bold=True)
        elif row.kind == "text":
            sheet.text(margin, y, row.left, size, bold=row.bold, colour=colour)
        elif row.kind == "rule":
            sheet.add(Line(margin, y - size * 0.4, paper.width - margin, y - size * 0.4, RULE))
        elif row.kind == "pair":
            right_w = text_width(row.right, size, row.bold)
            left = clip_text(row.left, size, width - right_w - size, row.bold)
            sheet.text(margin, y, left, size, bold=row.bold, colour=colour)
            sheet.text(
                paper.width - margin,
                y,
                row.right,
                size,
                bold=row.bold,
                align="right",
                colour=colour,
            )
    pages.append(sheet.page("receipt"))
    return pages
