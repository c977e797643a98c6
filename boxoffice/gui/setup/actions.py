"""What the set-up does, apart from its widgets (each runs on a worker thread)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from boxoffice import config, keyring, secret_store
from boxoffice.db.database import Database
from boxoffice.db.engine import make_engine
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.roles import Role
from boxoffice.security import key_transfer
from boxoffice.services.common import desk_keys
from boxoffice.services.people import staff
from boxoffice.services.settings.locale import set_currency, valid_currency


@dataclass(frozen=True)
class Server:
    """Where the desk connects; ``url`` carries the password, ``saved_url`` does not."""

    host: str
    port: int
    database: str
    account: str
    password: str
    ssl_ca: str = ""

    def _url(self, password: str | None) -> URL:
        return URL.create(
            "mysql+pymysql",
            username=self.account,
            password=password,
            host=self.host,
            port=self.port,
            database=self.database,
        )

    @property
    def url(self) -> str:
        return self._url(self.password).render_as_string(hide_password=False)

    @property
    def saved_url(self) -> str:
        return self._url(None).render_as_string(hide_password=False)

    def open(self) -> Database:
        return Database(engine=make_engine(self.url, ssl_ca=self.ssl_ca))


def create_first_admin(server: Server, name: str, password: str, currency: str = "") -> str:
    """Create the server's first admin. Uses services.people.first_admin.create_first_admin
    where that exists; otherwise the staff service's add_user as the system (the connection
    test has just seen that the server has no admin). *currency* (ISO 4217) becomes the
    installation's currency; a code the box office cannot use is refused before anything."""
    if currency:
        valid_currency(currency)
    db = server.open()
    try:
        try:
            module = importlib.import_module("boxoffice.services.people.first_admin")
        except ImportError:
            username = staff.add_user(db, SYSTEM, name, Role.ADMIN, password).username
        else:
            username = str(db.run(lambda s: module.create_first_admin(s, name, password)).username)
        if currency:
            set_currency(db, SYSTEM, currency)
        return username
    finally:
        db.dispose()


def key_check(server: Server) -> desk_keys.KeyCheck:
    """This desk's key fingerprint against the server's (recorded if the server has none).

    A desk without a key file on a server with no key set yet is the first desk: the set-up
    creates its keys (what 'boxoffice keys init' does). On a server that has one, the desk must
    import it: status "missing"."""
    db = server.open()
    try:
        if not keyring.key_file().exists():
            shared = db.run(desk_keys.server_fingerprint)
            if shared is not None:
                return desk_keys.KeyCheck("missing", "", shared)
            keyring.create()
        local = keyring.fingerprint()
        return db.run(lambda s: desk_keys.check_desk_keys(s, local))
    finally:
        db.dispose()


def import_keys(server: Server, source: Path, passphrase: str) -> desk_keys.KeyCheck:
    key_transfer.import_keys(source, passphrase)
    return key_check(server)


def save(server: Server, desk: str) -> str:
    """Write the config file (URL without the password, CA, desk name) and keep the password
    in the keyring; returns where the password went."""
    where = secret_store.set_password(config.secret_account(server.saved_url), server.password)
    config.write_config(
        {"database_url": server.saved_url, "mysql_ssl_ca": server.ssl_ca, "desk": desk}
    )
    return where
