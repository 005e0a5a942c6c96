"""Fixtures for the runtime tests: an isolated project, state and cache for every test.

Nothing here may touch the real per-user state or cache, and nothing may inherit a host's
project variables from the shell the tests run in (they could be running inside an agent).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

HOST_VARIABLES = ("CLAUDE_PROJECT_DIR", "CURSOR_PROJECT_DIR", "GEMINI_PROJECT_DIR",
                  "GEMINI_CWD")


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One facts cache for the session: its entries are keyed by project path and pack list,
    so tests never see each other's projects, and the bundled pack is loaded once."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             shared_cache: Path) -> Iterator[dict[str, str]]:
    for key in list(os.environ):
        if key.startswith("WAZIR_") or key in HOST_VARIABLES:
            monkeypatch.delenv(key)
    home = tmp_path / "home"
    values = {
        "WAZIR_CACHE_DIR": str(shared_cache),
        "WAZIR_STATE_HOME": str(tmp_path / "state-home"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    yield dict(os.environ)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / ".git").mkdir(parents=True)
    (root / "src").mkdir()
    (root / "src" / "app.py").write_text("print('hi')\n")
    return root.resolve()


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"
