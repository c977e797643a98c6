"""Does this desk hold the same key set as the others? The server keeps the key set's
fingerprint (``app_setting`` ``keys.fingerprint``): the first desk to check records its own;
a desk whose fingerprint differs must not sell or scan (it could not read saved cards, and its
ticket codes would not verify elsewhere) until it imports the shared key set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice import keyring
from boxoffice.db.database import Database
from boxoffice.db.models import Setting
from boxoffice.domain.errors import ConfigurationError
from boxoffice.i18n import _
from boxoffice.services.common.upserts import insert_ignore, put_setting

SETTING = "keys.fingerprint"

Status = Literal["match", "recorded", "mismatch", "missing"]


@dataclass(frozen=True)
class KeyCheck:
    status: Status
    local: str
    server: str

    @property
    def ok(self) -> bool:
        return self.status in ("match", "recorded")

    def message(self) -> str:
        if self.status == "missing":
            return _(
                "This desk has no key file yet, and the other desks already "
                "share a key set (fingerprint {server}). On a desk that works, "
                "an admin runs 'boxoffice keys export FILE'; bring FILE here and "
                "run 'boxoffice keys import FILE' (or import it in 'boxoffice "
                "setup')."
            ).format(server=self.server)
        if self.ok:
            return _("This desk's keys match the server's (fingerprint {local}).").format(
                local=self.local
            )
        return _(
            "This desk's keys (fingerprint {local}) differ from the key set "
            "the other desks use (fingerprint {server}), so it cannot sell "
            "or scan tickets. On a desk that works, an admin runs 'boxoffice "
            "keys export FILE'; bring FILE here and run 'boxoffice keys "
            "import FILE' (or in 'boxoffice setup'), then restart."
        ).format(local=self.local, server=self.server)


def server_fingerprint(session: Session) -> str | None:
    value = session.scalar(select(Setting.value).where(Setting.key == SETTING))
    return value or None


def check_desk_keys(session: Session, local: str) -> KeyCheck:
    """Compare *local* with the server's fingerprint, recording it if the server has none
    (two desks racing to record: the first insert wins, the other then compares)."""
    if server_fingerprint(session) is None:
        insert_ignore(session, Setting, [{"key": SETTING, "value": local}], "key")
        if server_fingerprint(session) == local:
            return KeyCheck("recorded", local, local)
    server = server_fingerprint(session) or ""
    return KeyCheck("match" if server == local else "mismatch", local, server)


def record_fingerprint(session: Session, local: str) -> None:
    """Make *local* the key set every desk must have (after ``keys rotate`` or a deliberate
    switch to a new key set)."""
    put_setting(session, SETTING, local)


def check_this_desk(db: Database) -> KeyCheck:
    """This desk's key file against the server's fingerprint (recorded there if it has none)."""
    local = keyring.fingerprint()
    return db.run(lambda s: check_desk_keys(s, local))


def require_this_desk(db: Database) -> None:
    """Refuse (ConfigurationError with the way out) to sign or read codes and cards with a key
    set the other desks do not share: the shell's commands, like the desk's window. Read-only:
    a one-off command on a stray desk must not make its own keys the ones every desk needs."""
    local = keyring.fingerprint()
    server = db.run(server_fingerprint)
    if server is not None and server != local:
        raise ConfigurationError(KeyCheck("mismatch", local, server).message())
