"""Card gateway: the interface payments talk to, and the built-in offline test gateway.

Card gateway
============

:class:`PaymentGateway` is all :mod:`boxoffice.services.sales.payments` needs from a card processor:

``authorize(amount, card, idempotency_key) -> GatewayResult(approved, ref, message)``
    Take *amount* from *card*. The same *idempotency_key* always returns the same result and
    never charges twice (a retried checkout transaction reuses its key).
``refund(ref, amount, idempotency_key="") -> GatewayResult``
    Give back *amount* of the authorisation *ref*. A repeated key returns the first result.
``void(ref) -> None``
    Cancel an authorisation whose booking was never recorded (another card of the same split
    payment was declined). Its idempotency key is released: the same request may be authorised
    afresh later.

A production adapter implements the same three methods (ideally tokenising the card so the
number never reaches the desk) and is installed with :func:`use_gateway`.

The offline test gateway
------------------------
:class:`OfflineTestGateway` is the default: a real, deterministic implementation that needs no
network, used for training and by the tests. It approves any Luhn-valid, unexpired card with a
security code of the right length, except these test numbers (all Luhn-valid):

======================  ==================================================
4000 0000 0000 0002     declined ("The card was declined.")
4000 0000 0000 9995     declined: insufficient funds
4000 0000 0000 0069     declined: expired card
4000 0000 0000 0127     declined: incorrect security code
4000 0000 0000 0119     processing error (try again)
4000 0000 0000 5126     approved, but every refund of it fails
======================  ==================================================

Cards that are approved: 4242 4242 4242 4242 (Visa), 5555 5555 5555 4444 (Mastercard),
3782 822463 10005 (Amex), 6011 1111 1111 1117 (Discover), or any other valid number.

Authorisations are remembered in memory, per process. A refund of a reference this process
has not issued (an earlier run, the demo data) is approved: the offline gateway cannot know it.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from boxoffice.domain import card as cards
from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import N_, _


@dataclass(frozen=True)
class CardData:
    """What the gateway needs to charge a card. Number and CVV never appear in repr."""

    number: str = field(repr=False)
    exp_month: int
    exp_year: int
    cvv: str = field(default="", repr=False)
    cardholder: str = ""

    @property
    def last4(self) -> str:
        return cards.last4(self.number)

    @property
    def brand(self) -> cards.CardBrand:
        return cards.card_brand(self.number)


@dataclass(frozen=True)
class GatewayResult:
    approved: bool
    ref: str
    message: str


class PaymentGateway(Protocol):
    def authorize(self, amount: Decimal, card: CardData, idempotency_key: str) -> GatewayResult:
        """Charge *amount* to *card*; one result per key, whatever the number of calls."""
        ...

    def refund(self, ref: str, amount: Decimal, idempotency_key: str = "") -> GatewayResult:
        """Refund *amount* of authorisation *ref*."""
        ...

    def void(self, ref: str) -> None:
        """Cancel authorisation *ref* (never recorded) and release its idempotency key."""
        ...


DECLINED = "4000000000000002"
INSUFFICIENT_FUNDS = "4000000000009995"
EXPIRED_CARD = "4000000000000069"
INCORRECT_CVC = "4000000000000127"
PROCESSING_ERROR = "4000000000000119"
REFUND_FAILS = "4000000000005126"

_DECLINES = {
    DECLINED: N_("The card was declined."),
    INSUFFICIENT_FUNDS: N_("The card was declined: insufficient funds."),
    EXPIRED_CARD: N_("The card was declined: it has expired."),
    INCORRECT_CVC: N_("The card was declined: the security code is incorrect."),
    PROCESSING_ERROR: N_("The card could not be processed; please try again."),
}


@dataclass
class _Authorisation:
    amount: Decimal
    refunded: Decimal
    key: str
    refunds_fail: bool
    voided: bool = False


class OfflineTestGateway:
    """The built-in gateway for training and tests; see the module docstring for test numbers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_key: dict[str, tuple[str, GatewayResult]] = {}
        self._auths: dict[str, _Authorisation] = {}
        self._refunds: dict[str, tuple[str, GatewayResult]] = {}

    @staticmethod
    def _request_digest(*parts: object) -> str:
        return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()

    def authorize(self, amount: Decimal, card: CardData, idempotency_key: str) -> GatewayResult:
        if not idempotency_key:
            raise ValueError("an idempotency key is required")
        digest = self._request_digest(
            "auth", amount, card.number, card.exp_month, card.exp_year, card.cvv
        )
        with self._lock:
            seen = self._by_key.get(idempotency_key)
            if seen is not None:
                if seen[0] != digest:
                    return GatewayResult(
                        False, "", _("This payment key was already used for a different payment.")
                    )
                return seen[1]
            result = self._decide(amount, card)
            if result.approved:
                self._auths[result.ref] = _Authorisation(
                    amount, Decimal("0.00"), idempotency_key, card.number == REFUND_FAILS
                )
            self._by_key[idempotency_key] = (digest, result)
            return result

    def _decide(self, amount: Decimal, card: CardData) -> GatewayResult:
        if amount <= 0:
            return GatewayResult(False, "", _("The amount must be more than zero."))
        if not card.number.isdigit() or not cards.luhn_valid(card.number):
            return GatewayResult(False, "", _("The card number is not valid."))
        try:
            cards.validate_expiry(card.exp_month, card.exp_year)
        except ValidationError:
            return GatewayResult(False, "", _("The card was declined: it has expired."))
        if card.number in _DECLINES:
            return GatewayResult(False, "", _(_DECLINES[card.number]))
        if card.cvv:
            try:
                cards.validate_cvv(card.cvv, card.brand)
            except ValidationError:
                return GatewayResult(False, "", _(_DECLINES[INCORRECT_CVC]))
        return GatewayResult(True, f"otg_{secrets.token_hex(10)}", _("Approved."))

    def refund(self, ref: str, amount: Decimal, idempotency_key: str = "") -> GatewayResult:
        key = idempotency_key or f"refund-{secrets.token_hex(8)}"
        digest = self._request_digest("refund", ref, amount)
        with self._lock:
            seen = self._refunds.get(key)
            if seen is not None:
                if seen[0] != digest:
                    return GatewayResult(
                        False, "", _("This refund key was already used for a different refund.")
                    )
                return seen[1]
            result = self._decide_refund(ref, amount)
            self._refunds[key] = (digest, result)
            return result

    def _decide_refund(self, ref: str, amount: Decimal) -> GatewayResult:
        if amount <= 0:
            return GatewayResult(False, "", _("A refund must be more than zero."))
        auth = self._auths.get(ref)
        if auth is not None:
            if auth.refunds_fail:
                return GatewayResult(False, "", _("The card issuer refused the refund."))
            if auth.voided:
                return GatewayResult(False, "", _("That payment was cancelled; nothing to refund."))
            if auth.refunded + amount > auth.amount:
                return GatewayResult(
                    False, "", _("The refund is more than what is left of that payment.")
                )
            auth.refunded += amount
        return GatewayResult(True, f"otr_{secrets.token_hex(10)}", _("Refunded."))

    def void(self, ref: str) -> None:
        with self._lock:
            auth = self._auths.get(ref)
            if auth is None or auth.voided:
                return
            auth.voided = True
            self._by_key.pop(auth.key, None)


_default: PaymentGateway = OfflineTestGateway()


def default_gateway() -> PaymentGateway:
    """The gateway payments use unless told otherwise (the offline test gateway by default)."""
    return _default


def use_gateway(gateway: PaymentGateway) -> PaymentGateway:
    """Install *gateway* as the default; returns the previous one (so tests can restore it)."""
    global _default
    previous, _default = _default, gateway
    return previous
