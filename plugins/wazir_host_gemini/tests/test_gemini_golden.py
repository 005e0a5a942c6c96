"""Golden files: the full Gemini output for wazir's content and for the nasty overlay pack.

A change in output is a reviewed diff: run with ``WAZIR_UPDATE_GOLDEN=1`` to rewrite
``tests/golden/<case>/`` and review the change like code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from gemini_checks import GOLDEN, build, make_project

from wazir_core.testing import build_clean, compare_golden, mark_executables, output_tree


@pytest.mark.parametrize("case", ["bundled", "overlay"])
def test_output_matches_golden(tmp_path: Path, case: str) -> None:
    project = build_clean(make_project(tmp_path / case, overlay=case == "overlay"), "gemini")
    compare_golden(mark_executables(output_tree(project), project), GOLDEN / case)


def test_rebuild_changes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", overlay=True)
    assert build(project).ok
    report = build(project)
    assert report.ok and report.plan is not None and not report.plan.changes()
