"""TLS to the database server: a private mariadbd with a certificate from a throw-away CA and a
desk account that REQUIRES SSL.

With ``BOXOFFICE_MYSQL_SSL_CA`` the desk verifies the server (certificate chain and host name)
and the session is encrypted. A server whose certificate another CA signed (an impostor), a
server without TLS, a plain-text client and a missing CA file are all refused with a message a
clerk can act on — never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from boxoffice.cli import main
from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.db.engine import check_connection, make_engine
from boxoffice.domain.errors import ConfigurationError, DatabaseUnavailable
from tests.reliability.conftest import PrivateServer, create_private_server, mariadb_available
from tests.smtp_server import TlsFiles, make_tls_files

pytestmark = [pytest.mark.mysql, pytest.mark.slow]

PASSWORD = "desk-tls-secret"


@dataclass
class TlsServer:
    server: PrivateServer
    tls: TlsFiles  # the CA that signed the server's certificate
    impostor_ca: Path  # a CA that did not

    @property
    def desk_url(self) -> str:
        return f"mysql+pymysql://desk:{PASSWORD}@127.0.0.1:{self.server.port}/boxoffice"


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsServer]:
    if not mariadb_available():
        pytest.skip("MariaDB server binaries not installed: TLS tests skipped")
    base = tmp_path_factory.mktemp("mariadb-tls")
    tls = make_tls_files(base / "tls")
    impostor = make_tls_files(base / "impostor")
    server = create_private_server(
        base, [f"--ssl-ca={tls.ca}", f"--ssl-cert={tls.cert}", f"--ssl-key={tls.key}"]
    )
    try:
        root = create_engine(server.url)
        migrate.upgrade(root)
        with root.begin() as conn:
            for host in ("%", "localhost"):
                conn.execute(
                    text(f"CREATE USER 'desk'@'{host}' IDENTIFIED BY '{PASSWORD}' REQUIRE SSL")
                )
                conn.execute(
                    text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON boxoffice.* TO 'desk'@'{host}'")
                )
        root.dispose()
        yield TlsServer(server, tls, impostor.ca)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateServer]:
    """A server without any TLS support."""
    if not mariadb_available():
        pytest.skip("MariaDB server binaries not installed: TLS tests skipped")
    server = create_private_server(tmp_path_factory.mktemp("mariadb-plain"))
    try:
        yield server
    finally:
        server.stop()


def session_cipher(db: Database) -> str:
    with db.engine.connect() as conn:
        row = conn.execute(text("SHOW SESSION STATUS LIKE 'Ssl_cipher'")).one()
    return str(row[1])


def test_with_the_ca_the_desk_connects_over_verified_tls(
    tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOXOFFICE_MYSQL_SSL_CA", str(tls_server.tls.ca))
    db = Database(tls_server.desk_url)
    check_connection(db.engine)
    assert session_cipher(db) != ""
    assert db.run(lambda s: s.execute(text("SELECT COUNT(*) FROM event")).scalar()) == 0
    db.dispose()


def test_the_cli_works_over_tls(
    tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOXOFFICE_MYSQL_SSL_CA", str(tls_server.tls.ca))
    assert main(["--database-url", tls_server.desk_url, "db", "status"]) == 0
    out = capsys.readouterr().out
    assert "up to date" in out and PASSWORD not in out


def test_an_impostor_server_is_refused_with_a_clear_message(
    tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The desk trusts only its CA: the real server looks like an impostor to another CA."""
    monkeypatch.setenv("BOXOFFICE_MYSQL_SSL_CA", str(tls_server.impostor_ca))
    db = Database(tls_server.desk_url)
    with pytest.raises(DatabaseUnavailable) as err:
        check_connection(db.engine)
    assert "certificate" in err.value.message
    assert "BOXOFFICE_MYSQL_SSL_CA" in err.value.message
    assert PASSWORD not in err.value.message
    with pytest.raises(DatabaseUnavailable, match="certificate"):
        db.run(lambda s: s.execute(text("SELECT 1")).scalar(), attempts=2)
    db.dispose()
    assert main(["--database-url", tls_server.desk_url, "db", "status"]) == 1
    captured = capsys.readouterr()
    assert "certificate" in captured.err and "Traceback" not in captured.err


def test_the_host_name_is_verified(tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The certificate names localhost and 127.0.0.1. '127.1' reaches the same server (the
    resolver reads it as 127.0.0.1) but is not a name in the certificate: refused, as a
    certificate the CA issued to some other host would be."""
    monkeypatch.setenv("BOXOFFICE_MYSQL_SSL_CA", str(tls_server.tls.ca))
    url = tls_server.desk_url.replace("@127.0.0.1:", "@127.1:")
    db = Database(url)
    with pytest.raises(DatabaseUnavailable, match="certificate"):
        check_connection(db.engine)
    db.dispose()


def test_a_plain_text_client_is_refused_by_the_server(
    tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """REQUIRE SSL on the account: a client that does not encrypt cannot sign in. The server
    says only 'access denied', so the message names both possible causes."""
    monkeypatch.delenv("BOXOFFICE_MYSQL_SSL_CA", raising=False)
    engine = make_engine(tls_server.desk_url, connect_args={"ssl_disabled": True})
    with pytest.raises(DatabaseUnavailable) as err:
        check_connection(engine)
    assert "refused the user name or password" in err.value.message
    assert "BOXOFFICE_MYSQL_SSL_CA" in err.value.message
    db = Database(engine=engine)
    with pytest.raises(DatabaseUnavailable, match="refused"):
        db.run(lambda s: s.execute(text("SELECT 1")).scalar())
    db.dispose()


def test_without_the_ca_the_session_is_encrypted_but_the_server_unverified(
    tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What SECURITY.md says about desks without the setting: PyMySQL (2.x) still negotiates
    TLS when the server offers it, but accepts any certificate — so an impostor is not
    detected. Only BOXOFFICE_MYSQL_SSL_CA makes the desk verify the server."""
    monkeypatch.delenv("BOXOFFICE_MYSQL_SSL_CA", raising=False)
    db = Database(tls_server.desk_url)
    check_connection(db.engine)
    assert session_cipher(db) != ""
    db.dispose()


def test_a_server_without_tls_is_refused_when_the_desk_requires_it(
    plain_server: PrivateServer, tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOXOFFICE_MYSQL_SSL_CA", str(tls_server.tls.ca))
    db = Database(plain_server.url)
    with pytest.raises(DatabaseUnavailable, match="does not offer TLS"):
        check_connection(db.engine)
    with pytest.raises(DatabaseUnavailable, match="does not offer TLS"):
        db.run(lambda s: s.execute(text("SELECT 1")).scalar())
    db.dispose()


@pytest.mark.parametrize("problem", ["missing", "directory", "not-pem"])
def test_a_bad_ca_setting_is_a_configuration_error(
    problem: str,
    tmp_path: Path,
    tls_server: TlsServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ca = tmp_path / "ca.pem"
    if problem == "directory":
        ca.mkdir()
    elif problem == "not-pem":
        ca.write_text("this is not a certificate\n")
    monkeypatch.setenv("BOXOFFICE_MYSQL_SSL_CA", str(ca))
    with pytest.raises(ConfigurationError, match="CA certificate"):
        Database(tls_server.desk_url)
    assert main(["--database-url", tls_server.desk_url, "db", "status"]) == 1
    err = capsys.readouterr().err
    assert "CA certificate" in err and "Traceback" not in err and PASSWORD not in err
