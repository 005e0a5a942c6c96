"""Fixtures for the compiler tests (helpers live in ``helpers.py``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _clean_plugin_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """In-process hosts must not pick up the developer's WAZIR_* switches."""
    for key in list(os.environ):
        if key.startswith("WAZIR_"):
            monkeypatch.delenv(key)
    yield


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project folder (the bundled content pack is the content)."""
    root = tmp_path / "proj"
    root.mkdir()
    return root
