"""The desk's rotating log file: one handler per log folder, rotation, errors read back redacted."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from boxoffice import logfile


@pytest.fixture
def detach() -> Iterator[None]:
    yield
    for handler in list(logging.getLogger().handlers):
        if isinstance(handler, logfile._DeskLog):
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_setup_is_idempotent_and_follows_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, detach: None
) -> None:
    first = logfile.setup()
    assert first == logfile.log_dir() / "boxoffice.log" and logfile.setup() == first
    monkeypatch.setenv("BOXOFFICE_LOG_DIR", str(tmp_path / "elsewhere"))
    second = logfile.setup()
    ours = [h for h in logging.getLogger().handlers if isinstance(h, logfile._DeskLog)]
    assert second is not None and [Path(h.baseFilename) for h in ours] == [second]
    log = logging.getLogger("boxoffice.sample")
    log.info("an info line")
    log.error("login as clerk with password=letmein failed")
    for handler in ours:
        handler.flush()
    assert "an info line" in second.read_text()
    assert logfile.recent_errors() == [
        line for line in logfile.recent_errors() if "password=***" in line
    ]
    assert len(logfile.recent_errors()) == 1 and "letmein" not in logfile.recent_errors()[0]


def test_the_file_rotates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, detach: None) -> None:
    monkeypatch.setattr(logfile, "MAX_BYTES", 2_000)
    path = logfile.setup()
    assert path is not None
    for n in range(200):
        logging.getLogger("boxoffice.sample").warning("line %d %s", n, "x" * 40)
    assert path.with_name("boxoffice.log.1").exists()
    assert not path.with_name(f"boxoffice.log.{logfile.BACKUPS + 1}").exists()
