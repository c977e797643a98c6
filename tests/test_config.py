"""Settings resolve environment → config file → default, with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from boxoffice import config
from boxoffice.domain.errors import ConfigurationError


def test_default_is_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    url = config.database_url()
    assert url == f"sqlite:///{tmp_path / 'data' / 'boxoffice.sqlite3'}"


def test_environment_wins_over_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "config.toml").write_text('database_url = "sqlite:///from-file.db"\n')
    assert config.database_url() == "sqlite:///from-file.db"
    monkeypatch.setenv("BOXOFFICE_DATABASE_URL", "sqlite:///from-env.db")
    assert config.database_url() == "sqlite:///from-env.db"


def test_typed_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert config.get("hold_minutes") == 10
    monkeypatch.setenv("BOXOFFICE_HOLD_MINUTES", "3")
    assert config.get("hold_minutes") == 3
    monkeypatch.setenv("BOXOFFICE_HOLD_MINUTES", "soon")
    with pytest.raises(ConfigurationError, match="must be int"):
        config.get("hold_minutes")


def test_broken_config_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("database_url = [unclosed\n")
    with pytest.raises(ConfigurationError, match="Cannot read the config file"):
        config.database_url()


def test_every_option_is_documented() -> None:
    for option in config.OPTIONS.values():
        assert option.description and option.env.startswith("BOXOFFICE_")
