"""The key file under simultaneous use (issue 13.2): several processes and threads rotating and
reading keys at once never corrupt the file nor lose a key someone was handed."""

from __future__ import annotations

import json
import multiprocessing
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from boxoffice import keyring

WORKERS = 6
ROUNDS = 12


def _rotate_many(path: str, purpose: str, rounds: int) -> list[str]:
    return [keyring.rotate(purpose, Path(path)) for _ in range(rounds)]


def _rotate_in_process(
    path: str,
    purpose: str,
    rounds: int,
    go: Any,  # a multiprocessing Event: every process starts at once
    out: Any,  # a multiprocessing Queue: the key ids handed out, or the error
) -> None:
    go.wait(60)
    try:
        out.put(_rotate_many(path, purpose, rounds))
    except Exception as exc:  # reported to the test, which fails on it
        out.put(f"{type(exc).__name__}: {exc}")


def _all_keys(path: Path) -> dict[str, set[str]]:
    data = json.loads(path.read_text())  # never half written
    return {purpose: set(data[purpose]["keys"]) for purpose in keyring.PURPOSES}


def test_processes_rotating_at_once_keep_every_key(tmp_path: Path) -> None:
    path = tmp_path / "desk" / "keys.json"
    keyring.create(path)
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    go = context.Event()
    jobs = [
        context.Process(
            target=_rotate_in_process, args=(str(path), keyring.PURPOSES[i % 3], ROUNDS, go, out)
        )
        for i in range(WORKERS)
    ]
    for job in jobs:
        job.start()
    time.sleep(1.0)  # let every process import and wait at the gate
    go.set()
    results = [out.get(timeout=120) for _ in jobs]
    for job in jobs:
        job.join(30)
    problems = [r for r in results if isinstance(r, str)]
    assert not problems
    handed_out = {kid for r in results for kid in r}
    assert len(handed_out) == WORKERS * ROUNDS
    on_file = _all_keys(path)
    assert handed_out <= set().union(*on_file.values())
    for purpose in keyring.PURPOSES:
        assert len(on_file[purpose]) == 1 + ROUNDS * WORKERS // 3
    assert not list(path.parent.glob("*.tmp")), "no temporary file is left behind"


def test_threads_rotating_at_once_keep_every_key(tmp_path: Path) -> None:
    path = tmp_path / "desk" / "keys.json"
    keyring.create(path)
    results: list[list[str]] = []
    errors: list[Exception] = []
    start = threading.Barrier(WORKERS)

    def worker(purpose: str) -> None:
        start.wait()
        try:
            results.append(_rotate_many(str(path), purpose, ROUNDS))
        except Exception as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=worker, args=(keyring.PURPOSES[i % 3],)) for i in range(WORKERS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    handed_out = {kid for r in results for kid in r}
    assert len(handed_out) == WORKERS * ROUNDS
    assert handed_out <= set().union(*_all_keys(path).values())


def test_a_desk_never_invents_keys(tmp_path: Path) -> None:
    path = tmp_path / "desk" / "keys.json"
    for purpose in keyring.PURPOSES:
        with pytest.raises(keyring.ConfigurationError, match="boxoffice keys init"):
            keyring.load(purpose, path)
    assert not path.exists()


def test_created_once_with_every_purpose_and_private(tmp_path: Path) -> None:
    path = tmp_path / "desk" / "keys.json"
    assert keyring.create(path) is True
    first = _all_keys(path)
    assert all(len(ids) == 1 for ids in first.values())
    assert keyring.create(path) is False  # already there: nothing replaced
    assert _all_keys(path) == first
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "desk" / "keys.json"
    keyring.create(path)
    path.chmod(0o644)
    with pytest.raises(keyring.ConfigurationError, match="chmod 600"):
        keyring.load("card", path)
