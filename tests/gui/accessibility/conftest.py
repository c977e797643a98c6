"""Accessibility checks run in each theme: ``themed`` applies the desk's look (Fusion and the
theme's stylesheet) for the test and the standard one again afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from boxoffice.gui import theme


@pytest.fixture(params=sorted(theme.THEMES))
def themed(request: pytest.FixtureRequest, qapp: QApplication, styled: None) -> Iterator[str]:
    key = str(request.param)
    theme.apply(qapp, key)
    yield key
    theme.apply(qapp, theme.STANDARD.key)
