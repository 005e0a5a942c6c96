"""Wazir target for Claude Code (entry point ``claude`` in ``wazir.targets``)."""

from __future__ import annotations

from wazir_core.plugins.hookspecs import hookimpl
from wazir_core.plugins.target import Target
from wazir_host_claude.target import ClaudeOptions, ClaudeTarget

__all__ = ["ClaudeOptions", "ClaudeTarget", "wazir_targets"]


@hookimpl
def wazir_targets() -> list[Target]:
    return [ClaudeTarget()]
