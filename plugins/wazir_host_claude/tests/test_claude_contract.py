"""The core's contract kit, run against the installed Claude Code plugin."""

from __future__ import annotations

from wazir_core.testing import TargetContract


class TestClaudeContract(TargetContract):
    target_name = "claude"
