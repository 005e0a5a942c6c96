"""Pytest fixtures for plugin authors: ``pytest_plugins = ["wazir_core.testing.plugin"]``."""

from __future__ import annotations

from pathlib import Path

import pytest

from wazir_core.testing.project import SAMPLE_PACK, ProjectFactory


@pytest.fixture
def wazir_sample_pack() -> Path:
    """The sample content pack (every kind, every nasty case)."""
    return SAMPLE_PACK


@pytest.fixture
def wazir_project(tmp_path: Path) -> ProjectFactory:
    """``wazir_project({"pyproject.toml": "..."})`` makes a project; ``.build(p, "name")``
    builds one target there with only that plugin loaded."""
    return ProjectFactory(tmp_path)
