"""Demo accounts still signing in with the password the README publishes.

The demo data's staff (``admin`` / ``admin-demo`` ...) are fine on a laptop's demo database and a
danger anywhere else: a desk warns the admin and ``boxoffice db check`` reports each one until
its password is changed or the account disabled.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import StaffUser
from boxoffice.domain.actor import Actor
from boxoffice.domain.roles import Permission
from boxoffice.services.people.passwords import verify_password

# The names the demo loader creates and the published "<name>-demo" password of each.
DEMO_NAMES = ("admin", "manager", "clerk", "clerk2")


def published_password(username: str) -> str:
    return f"{username}-demo"


def published_demo_accounts_in(session: Session) -> list[str]:
    """Active demo accounts whose password is still the published one, by name."""
    rows = session.execute(
        select(StaffUser.username, StaffUser.password_hash)
        .where(StaffUser.username.in_(DEMO_NAMES), StaffUser.active.is_(True))
        .order_by(StaffUser.username)
    ).all()
    return [name for name, hashed in rows if verify_password(published_password(name), hashed)]


def published_demo_accounts(db: Database, actor: Actor) -> list[str]:
    """For the admin's warning at sign-in: demo accounts with their published password."""
    actor.require(Permission.MANAGE_STAFF)
    rows = db.run(
        lambda s: s.execute(
            select(StaffUser.username, StaffUser.password_hash)
            .where(StaffUser.username.in_(DEMO_NAMES), StaffUser.active.is_(True))
            .order_by(StaffUser.username)
        ).all()
    )
    # bcrypt outside the transaction: four slow hashes never hold a connection.
    return [name for name, hashed in rows if verify_password(published_password(name), hashed)]
