"""Golden files of the Cursor target's full output; a change in output is a reviewed diff.

Goldens live in ``golden/<case>/`` with ``.golden`` appended to every path, so the stored
``SKILL.md``, ``AGENTS.md``, agent and hook files are never discovered by a Cursor, Codex or
Claude Code session that opens this repository. Regenerate with ``WAZIR_UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import HERE, MakeProject, build, errors, output_tree

from wazir_core.testing import TargetContract

SUFFIX = ".golden"
CASES = {
    "bundled": {"config": "stacks: [python]\n", "overlay": False},
    "overlay": {"config": "stacks: []\n", "overlay": True},
}


def _stored(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix().removesuffix(SUFFIX): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _store(folder: Path, tree: dict[str, bytes]) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    for rel, data in tree.items():
        dest = folder / (rel + SUFFIX)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)


@pytest.mark.parametrize("case", sorted(CASES))
def test_full_output_matches_golden(case: str, make_project: MakeProject) -> None:
    project = make_project(**CASES[case])
    report = build(project)
    assert not errors(report.diagnostics), report.diagnostics
    tree = output_tree(project)
    folder = HERE / "golden" / case
    if os.environ.get("WAZIR_UPDATE_GOLDEN"):
        _store(folder, tree)
    assert folder.is_dir(), f"no goldens in {folder}; run with WAZIR_UPDATE_GOLDEN=1 and review"
    stored = _stored(folder)
    assert sorted(tree) == sorted(stored), "the list of generated files changed"
    changed = [rel for rel in tree if tree[rel] != stored[rel]]
    assert not changed, f"output differs from the golden files: {changed}"


class TestCursorContract(TargetContract):
    """The core's contract kit: discovery, roots, determinism, kinds, overrides, golden."""

    target_name = "cursor"
