"""The set-up's connection test: can this desk use the server at *url*, and if not, why —
in words an IT person can act on (unreachable, wrong password, no TLS, schema older or newer
than this app, no admin account yet)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from boxoffice import __version__
from boxoffice.db import migrate
from boxoffice.db.engine import describe_connection_error, make_engine, safe_url
from boxoffice.db.models import StaffUser
from boxoffice.db.server_info import server_version
from boxoffice.domain.errors import BoxOfficeError
from boxoffice.domain.roles import Role

Outcome = Literal["ok", "no_admin", "failed", "schema_missing", "schema_older", "schema_newer"]


@dataclass(frozen=True)
class ProbeResult:
    outcome: Outcome
    message: str
    server: str = ""

    @property
    def usable(self) -> bool:
        """The desk can be set up against this server (an admin may still need creating)."""
        return self.outcome in ("ok", "no_admin")


def _known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def probe(url: str, ssl_ca: str = "") -> ProbeResult:
    """Connect to *url* (TLS verified against *ssl_ca* when given) and judge the schema."""
    where = safe_url(url)
    try:
        engine = make_engine(url, ssl_ca=ssl_ca)
    except BoxOfficeError as exc:
        return ProbeResult("failed", exc.message)
    try:
        try:
            version = server_version(engine)
            current = migrate.current_revision(engine)
        except DBAPIError as exc:
            return ProbeResult("failed", describe_connection_error(exc, url))
        head = migrate.head_revision()
        if current is None:
            return ProbeResult(
                "schema_missing",
                f"Connected to {version} at {where}, but the database has no box-office tables "
                "yet. On the server, with an account that may create tables, run "
                "'boxoffice db upgrade' (see the README: Shared MySQL for several desks).",
                version,
            )
        if current not in _known_revisions():
            return ProbeResult(
                "schema_newer",
                f"The database at {where} was upgraded by a newer box-office version (schema "
                f"{current}; this app is {__version__} with schema {head}). Install the version "
                "the other desks run ('boxoffice --version' on one of them) on this desk.",
                version,
            )
        if current != head:
            return ProbeResult(
                "schema_older",
                f"The database at {where} has schema {current}, older than this app's {head}. "
                "Upgrade it once for all desks with an admin database account: "
                "'boxoffice db upgrade' (then every desk must run this version).",
                version,
            )
        with engine.connect() as conn:
            admins = conn.scalar(
                select(func.count())
                .select_from(StaffUser)
                .where(StaffUser.role == Role.ADMIN.value, StaffUser.active.is_(True))
            )
        if not admins:
            return ProbeResult(
                "no_admin",
                f"Connected to {version} at {where}; the schema is current. The server has no "
                "admin account yet: create the first one below.",
                version,
            )
        return ProbeResult(
            "ok", f"Connected to {version} at {where}; the schema is current.", version
        )
    finally:
        engine.dispose()
