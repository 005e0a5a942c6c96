"""Shared helpers for the Cursor target's tests: throw-away projects and builds."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from wazir_core.build import BuildReport, prepare, render_one
from wazir_core.diagnostics import Diagnostic
from wazir_core.plugins.fileset import FileSet
from wazir_core.testing import ProjectFactory
from wazir_core.testing import project as kit

HERE = Path(__file__).parent
OVERLAY = HERE / "data" / "overlay"
GOLDEN = HERE / "golden"

MakeProject = Callable[..., Path]


def project_maker(root: Path) -> MakeProject:
    """``make(config_yaml, overlay=False)`` → a fresh project folder under ``root``."""
    count = 0

    def make(config: str = "stacks: [python]\n", overlay: bool = False) -> Path:
        nonlocal count
        count += 1
        return kit.make_project(root / f"project{count}", config, OVERLAY if overlay else None)

    return make


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    return project_maker(tmp_path)


def build(project: Path, check: bool = False) -> BuildReport:
    """Build only the cursor target, with only its plugin loaded."""
    return ProjectFactory.build(project, "cursor", check=check)


def render(project: Path, targets: Sequence[str] = ("cursor",)
           ) -> tuple[FileSet | None, list[Diagnostic]]:
    """Render the cursor target in memory as if ``targets`` were built together."""
    target = kit.host_for("cursor").target("cursor")
    return render_one(target, prepare(project), list(targets))
