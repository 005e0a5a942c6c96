"""Golden files of the full Claude Code output, for wazir's bundled content and for a project
overlay pack full of nasty text. ``WAZIR_UPDATE_GOLDEN=1`` rewrites them; review the diff."""

from __future__ import annotations

from pathlib import Path

import pytest
from claude_support import GOLDEN, make_project

from wazir_core.testing import build_clean, compare_golden, mark_executables, output_tree

CASES = {"bundled": False, "overlay": True}


@pytest.mark.parametrize("case", sorted(CASES))
def test_output_matches_golden(case: str, tmp_path: Path) -> None:
    project = build_clean(make_project(tmp_path / case, overlay=CASES[case]), "claude")
    compare_golden(mark_executables(output_tree(project), project), GOLDEN / case)
