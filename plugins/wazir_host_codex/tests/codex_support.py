"""Building throw-away projects for the Codex target's tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

from wazir_core.build import BuildReport
from wazir_core.testing import ProjectFactory, build_clean, run_client_check
from wazir_core.testing import project as kit

HERE = Path(__file__).parent
OVERLAY = HERE / "fixtures" / "overlay"
GOLDEN = HERE / "golden"
REPO = HERE.parents[2]
#: The conformance kit copy the repository keeps (tests/conformance/kit).
VALIDATE = REPO / "tests" / "conformance" / "kit" / "validate-codex.sh"


def make_project(root: Path, overlay: bool = False, extra_config: str = "") -> Path:
    """A project with fixed stacks (no detection), optionally with the nasty overlay pack."""
    return kit.make_project(root, "stacks: [fastapi]\n" + extra_config,
                            OVERLAY if overlay else None)


def build(project: Path, check: bool = False) -> BuildReport:
    return ProjectFactory.build(project, "codex", check=check)


def built_case(root: Path, case: str) -> Path:
    """The ``bundled`` or ``overlay`` case, built once, without errors."""
    return build_clean(make_project(root / case, overlay=case == "overlay"), "codex")


def validate(folder: Path) -> subprocess.CompletedProcess[str]:
    """Run the kit's Codex check: exit 0 valid, 1 invalid; a missing kit or client skips
    (fails under CI)."""
    return run_client_check(VALIDATE, folder, "Codex")
