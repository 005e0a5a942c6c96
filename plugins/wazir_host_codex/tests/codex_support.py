"""Building throw-away projects for the Codex target's tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from wazir_core.build import BuildReport
from wazir_core.testing import ProjectFactory

HERE = Path(__file__).parent
OVERLAY = HERE / "fixtures" / "overlay"
GOLDEN = HERE / "golden"
REPO = HERE.parents[2]
#: The conformance kit copy the repository keeps (tests/conformance/kit).
VALIDATE = REPO / "tests" / "conformance" / "kit" / "validate-codex.sh"
#: What a build writes that is wazir's own bookkeeping or the project's input, not output.
NOT_OUTPUT = (".wazir/build", "wazir.yaml", "overlay/")


def make_project(root: Path, overlay: bool = False, extra_config: str = "") -> Path:
    """A project with fixed stacks (no detection), optionally with the nasty overlay pack."""
    root.mkdir(parents=True, exist_ok=True)
    config = "stacks: [fastapi]\n"
    if overlay:
        shutil.copytree(OVERLAY, root / "overlay")
        config += "packs: [overlay]\n"
    (root / "wazir.yaml").write_text(config + extra_config, encoding="utf-8")
    return root


def build(project: Path, check: bool = False) -> BuildReport:
    return ProjectFactory.build(project, "codex", check=check)


def output_tree(project: Path) -> dict[str, bytes]:
    return {path: data for path, data in ProjectFactory.tree(project).items()
            if not path.startswith(NOT_OUTPUT)}


def errors(report: BuildReport) -> list[str]:
    return [str(d) for d in report.diagnostics if d.severity == "error"]


def compare_golden(case: str, tree: dict[str, bytes]) -> None:
    """Compare file list and bytes with tests/golden/<case>; WAZIR_UPDATE_GOLDEN=1 rewrites."""
    folder = GOLDEN / case
    if os.environ.get("WAZIR_UPDATE_GOLDEN"):
        shutil.rmtree(folder, ignore_errors=True)
        for path, data in tree.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(data)
    assert folder.is_dir(), f"no golden files in {folder}; run once with WAZIR_UPDATE_GOLDEN=1"
    stored = {p.relative_to(folder).as_posix(): p.read_bytes()
              for p in sorted(folder.rglob("*")) if p.is_file()}
    assert sorted(stored) == sorted(tree), "the generated file list changed"
    changed = [path for path in tree if stored[path] != tree[path]]
    assert not changed, f"differs from the golden files: {changed}"
