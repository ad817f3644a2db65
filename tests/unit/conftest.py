"""Fixtures shared by the unit tests of bpjs_desktop.domain."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bpjs_desktop import i18n


@pytest.fixture(autouse=True)
def _indonesian_messages() -> Iterator[None]:
    """Every test starts in Indonesian (the default) and leaves the language as it found it."""
    before = i18n.current_language()
    i18n.set_language("id")
    yield
    i18n.set_language(before)


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English for one test; Indonesian again afterwards."""
    i18n.set_language("en")
    yield
    i18n.set_language("id")
