"""Fixtures for the compiler tests (helpers live in ``helpers.py``)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

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


_BUNDLED: dict[str, Any] = {}


@pytest.fixture(autouse=True)
def _load_bundled_content_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process builds load the (frozen, read-only) bundled pack once per test session."""
    import wazir_core.build as build
    from wazir_core.bundled import bundled_pack

    real = build.load_content

    def cached(packs: Sequence[Path | str]) -> Any:
        if [Path(p) for p in packs] != [bundled_pack()]:
            return real(packs)
        if "content" not in _BUNDLED:
            _BUNDLED["content"] = real(packs)
        return _BUNDLED["content"]

    monkeypatch.setattr(build, "load_content", cached)
