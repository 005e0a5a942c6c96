"""Wazir target for Cursor: subagents, skills, AGENTS.md and hooks in Cursor's own formats."""

from __future__ import annotations

from wazir_core.plugins.hookspecs import hookimpl
from wazir_core.plugins.target import Target
from wazir_host_cursor.target import CursorOptions, CursorTarget

__all__ = ["CursorOptions", "CursorTarget", "wazir_targets"]


@hookimpl
def wazir_targets() -> list[Target]:
    return [CursorTarget()]
