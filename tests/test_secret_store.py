"""The desk's database password: the system keyring when there is one, else a sealed file;
never the config file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring as os_keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from boxoffice import config, secret_store

ACCOUNT = "boxoffice@db-host:3306/boxoffice"


class MemoryKeyring(KeyringBackend):
    """A keyring backend kept in memory (the machine's own keyring is not touched)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[service, username] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def backend() -> Iterator[MemoryKeyring]:
    previous = os_keyring.get_keyring()
    memory = MemoryKeyring()
    os_keyring.set_keyring(memory)
    yield memory
    os_keyring.set_keyring(previous)


def test_the_system_keyring_keeps_the_password(backend: MemoryKeyring) -> None:
    where = secret_store.set_password(ACCOUNT, "s3cret")
    assert "system keyring" in where
    assert backend.items == {("boxoffice", ACCOUNT): "s3cret"}
    assert secret_store.get_password(ACCOUNT) == "s3cret"
    assert not (config.data_dir() / "secrets.json").exists()


def test_without_a_keyring_the_password_is_sealed_in_a_file(tmp_path: Path) -> None:
    previous = os_keyring.get_keyring()
    os_keyring.set_keyring(fail.Keyring())
    try:
        where = secret_store.set_password(ACCOUNT, "s3cret")
        assert "encrypted file" in where
        vault = config.data_dir() / "secrets.json"
        assert "s3cret" not in vault.read_text()
        assert vault.stat().st_mode & 0o777 == 0o600
        assert secret_store.get_password(ACCOUNT) == "s3cret"
        assert secret_store.get_password("someone@else:3306/x") is None
    finally:
        os_keyring.set_keyring(previous)


def test_the_config_url_gets_its_password_from_the_store(backend: MemoryKeyring) -> None:
    url = "mysql+pymysql://boxoffice@db-host:3306/boxoffice"
    config.write_config({"database_url": url, "desk": 'Desk "A"'})
    assert config.database_url() == url  # nothing stored yet: as written
    secret_store.set_password(config.secret_account(url), "p@ss:word")
    assert config.database_url() == "mysql+pymysql://boxoffice:p%40ss%3Aword@db-host:3306/boxoffice"
    assert config.get("desk") == 'Desk "A"'
    assert "p@ss" not in config.config_file().read_text()
