"""Card authorisations this desk took whose sale may not have been saved: kept on the desk's disk
until the sale commits, so none stays open for ever.

The database may die at the very moment a sale commits; the clerk may then close the payment
window instead of pressing Pay again, or the hold may lapse. The gateway authorised the card, but
no payment row may exist. So every approved authorisation is first written to a small file in
``<data dir>/pending-authorisations/`` (fsync'd, one file per authorisation, so threads never
share one) and the file is removed when the sale committed or the authorisation was voided.
:func:`sweep` (run at desk start-up and by ``boxoffice payments void-pending``) looks at the
files older than a hold: a payment row with that reference means the sale was saved (the file
is dropped); none means it was not, and the authorisation is voided.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from boxoffice import config
from boxoffice.db.database import Database
from boxoffice.db.models import Payment
from boxoffice.domain.actor import Actor
from boxoffice.domain.roles import Permission
from boxoffice.services.sales.gateway import PaymentGateway, default_gateway

log = logging.getLogger(__name__)
FOLDER = "pending-authorisations"
MARGIN = timedelta(minutes=5)  # past the longest hold, no desk is still paying for it


def folder() -> Path:
    return config.data_dir() / FOLDER


def _sale_tag(idempotency_key: str) -> str:
    return hashlib.sha256(idempotency_key.encode()).hexdigest()[:16]


def _safe(ref: str) -> str:
    return "".join(c for c in ref if c.isalnum() or c in "-_")[:80] or "ref"


def record(ref: str, amount: Decimal, idempotency_key: str) -> None:
    """Note authorisation *ref* of the sale *idempotency_key* before its sale commits."""
    path = folder()
    try:
        path.mkdir(parents=True, exist_ok=True)
        target = path / f"{_sale_tag(idempotency_key)}-{_safe(ref)}.json"
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump({"ref": ref, "amount": str(amount)}, fh)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:  # the sale goes on; the gateway's own reports still show the charge
        log.warning("Cannot note a pending card authorisation on this desk: %s", exc.strerror)


def forget(refs: Iterable[str] = (), idempotency_key: str | None = None) -> None:
    """Drop the notes of *refs* (voided) or of every authorisation of a committed sale."""
    path = folder()
    names = [f"*-{_safe(ref)}.json" for ref in refs]
    if idempotency_key is not None:
        names.append(f"{_sale_tag(idempotency_key)}-*.json")
    for pattern in names:
        for note in path.glob(pattern):
            with contextlib.suppress(OSError):
                note.unlink()


@dataclass(frozen=True)
class SweepResult:
    voided: tuple[str, ...]  # authorisations of sales that were never saved
    settled: int  # notes of sales that were saved after all


def sweep(
    db: Database,
    actor: Actor,
    older_than: timedelta | None = None,
    *,
    gateway: PaymentGateway | None = None,
) -> SweepResult:
    """Void the noted authorisations older than *older_than* (default: a hold and a margin)
    that no payment row records; drop the notes of those that one does."""
    actor.require(Permission.SELL)
    if older_than is None:
        older_than = timedelta(minutes=int(config.get("hold_minutes"))) + MARGIN
    cutoff = time.time() - older_than.total_seconds()
    notes: dict[str, Path] = {}
    for note in sorted(folder().glob("*.json")) if folder().is_dir() else ():
        try:
            if note.stat().st_mtime > cutoff:
                continue
            ref = str(json.loads(note.read_text())["ref"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        notes[ref] = note
    if not notes:
        return SweepResult((), 0)
    saved = db.run(
        lambda s: set(s.scalars(select(Payment.gateway_ref).where(Payment.gateway_ref.in_(notes))))
    )
    gw = gateway or default_gateway()
    voided: list[str] = []
    for ref, note in notes.items():
        if ref not in saved:
            gw.void(ref)
            voided.append(ref)
            log.warning("Voided card authorisation %s: its sale was never saved.", ref)
        with contextlib.suppress(OSError):
            note.unlink()
    return SweepResult(tuple(voided), len(notes) - len(voided))
