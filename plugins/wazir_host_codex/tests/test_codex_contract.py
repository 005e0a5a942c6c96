"""Every check the core's contract kit asks of a target, run against the installed plugin."""

from __future__ import annotations

from codex_support import GOLDEN

from wazir_core.testing import TargetContract


class TestCodexContract(TargetContract):
    target_name = "codex"
    golden_dir = GOLDEN / "sample"
    override_template = "agent-instructions.md.j2"
