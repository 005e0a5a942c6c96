"""Shared helpers for the Cursor target's tests: throw-away projects and builds."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from wazir_core.build import BuildReport, prepare, render_one, run_build
from wazir_core.diagnostics import Diagnostic
from wazir_core.plugins.fileset import FileSet
from wazir_core.testing.project import host_for

HERE = Path(__file__).parent
OVERLAY = HERE / "data" / "overlay"
#: Files of wazir's own bookkeeping, not host output.
BOOKKEEPING = (".wazir/build-record.json", ".wazir/build.lock")

MakeProject = Callable[..., Path]


def project_maker(root: Path) -> MakeProject:
    """``make(config_yaml, overlay=False)`` → a fresh project folder under ``root``."""
    count = 0

    def make(config: str = "stacks: [python]\n", overlay: bool = False) -> Path:
        nonlocal count
        count += 1
        project = root / f"project{count}"
        project.mkdir()
        if overlay:
            shutil.copytree(OVERLAY, project / "overlay")
            config += "packs: [overlay]\n"
        (project / "wazir.yaml").write_text(config, encoding="utf-8")
        return project

    return make


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    return project_maker(tmp_path)


def build(project: Path, check: bool = False) -> BuildReport:
    """Build only the cursor target, with only its plugin loaded."""
    return run_build(project, ["cursor"], mode="check" if check else "build",
                     host=host_for("cursor"))


def render(project: Path, targets: Sequence[str] = ("cursor",)
           ) -> tuple[FileSet | None, list[Diagnostic]]:
    """Render the cursor target in memory as if ``targets`` were built together."""
    target = host_for("cursor").target("cursor")
    return render_one(target, prepare(project), list(targets))


def errors(diagnostics: Sequence[Diagnostic]) -> list[str]:
    return [d.message for d in diagnostics if d.severity == "error"]


def output_tree(project: Path) -> dict[str, bytes]:
    """What the build wrote: every file except the inputs and wazir's bookkeeping."""
    return {rel: p.read_bytes() for p in sorted(project.rglob("*"))
            if p.is_file() and (rel := p.relative_to(project).as_posix()) not in BOOKKEEPING
            and rel != "wazir.yaml" and not rel.startswith("overlay/")}
