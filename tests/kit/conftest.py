"""Fixtures for the plugin-kit tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _clean_plugin_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """In-process code must not pick up the developer's WAZIR_* switches."""
    for key in list(os.environ):
        if key.startswith("WAZIR_"):
            monkeypatch.delenv(key)
    yield
