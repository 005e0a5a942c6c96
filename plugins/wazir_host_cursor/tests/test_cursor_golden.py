"""Golden files of the Cursor target's full output; a change in output is a reviewed diff.

Goldens live in ``golden/<case>/`` with ``.golden`` appended to every path (the test kit's
``compare_golden``), so the stored ``SKILL.md``, ``AGENTS.md``, agent and hook files are never
discovered by a Cursor, Codex or Claude Code session that opens this repository. Regenerate
with ``WAZIR_UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import pytest
from conftest import GOLDEN, MakeProject

from wazir_core.testing import (
    TargetContract,
    build_clean,
    compare_golden,
    mark_executables,
    output_tree,
)

CASES = {
    "bundled": {"config": "stacks: [python]\n", "overlay": False},
    "overlay": {"config": "stacks: []\n", "overlay": True},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_full_output_matches_golden(case: str, make_project: MakeProject) -> None:
    project = build_clean(make_project(**CASES[case]), "cursor")
    compare_golden(mark_executables(output_tree(project), project), GOLDEN / case)


class TestCursorContract(TargetContract):
    """The core's contract kit: discovery, roots, determinism, kinds, overrides, golden."""

    target_name = "cursor"
