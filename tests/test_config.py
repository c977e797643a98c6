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


def test_confirm_terms_is_a_switch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """One setting decides whether every sale path asks for the terms of sale (default: yes)."""
    assert config.get("confirm_terms") is True
    for raw, value in (("no", False), ("OFF", False), ("0", False), ("yes", True), ("1", True)):
        monkeypatch.setenv("BOXOFFICE_CONFIRM_TERMS", raw)
        assert config.get("confirm_terms") is value
    monkeypatch.setenv("BOXOFFICE_CONFIRM_TERMS", "perhaps")
    with pytest.raises(ConfigurationError, match="confirm_terms"):
        config.get("confirm_terms")
    monkeypatch.delenv("BOXOFFICE_CONFIRM_TERMS")
    (tmp_path / "config.toml").write_text("confirm_terms = false\n")
    monkeypatch.setenv("BOXOFFICE_CONFIG", str(tmp_path / "config.toml"))
    assert config.get("confirm_terms") is False
