"""Opening the cash drawer by hand (no sale): a reason, audited against the open session.

The kick itself goes to the desk's receipt printer (``boxoffice.printing``) after this
returns; it is recorded first, so a drawer opened is never unaccounted for.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.till.movements import lock_open_session
from boxoffice.services.till.sessions import require_desk


def open_drawer_by_hand(db: Database, actor: Actor, reason: str) -> int:
    """Record that *actor* opens this desk's drawer for *reason*; the open session's id."""
    actor.require(Permission.USE_TILL)
    desk = require_desk(actor)
    why = " ".join(reason.split())[:256]
    if not why:
        raise ValidationError(_("Say why the drawer is opened without a sale."))

    def work(s: Session) -> int:
        session_id = lock_open_session(s, desk)
        if session_id is None:
            raise ValidationError(
                _("The till of desk {desk} is not open: open it first.").format(desk=desk)
            )
        audit.record(s, actor, "till.drawer_open", "till_session", session_id, reason=why)
        return session_id

    return db.run(work)
