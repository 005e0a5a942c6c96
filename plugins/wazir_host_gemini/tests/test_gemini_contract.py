"""The core's contract checks for every host plugin, run against the installed gemini target."""

from __future__ import annotations

from wazir_core.testing import TargetContract


class TestGeminiContract(TargetContract):
    target_name = "gemini"
