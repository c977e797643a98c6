"""The printing tests drive the desk GUI: reuse its fixtures (signed-in ctx, messages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import (  # noqa: F401  (fixtures, registered by import)
    OFFSCREEN_NOISE,
    ctx,
    desk_settings,
    make_ctx,
    messages,
    threaded_ctx,
)

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))
