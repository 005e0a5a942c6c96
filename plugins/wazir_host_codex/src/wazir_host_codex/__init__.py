"""Wazir target for OpenAI Codex CLI (entry point ``codex`` in the ``wazir.targets`` group)."""

from __future__ import annotations

from wazir_core.plugins.hookspecs import hookimpl
from wazir_core.plugins.target import Target
from wazir_host_codex.target import CodexOptions, CodexTarget

__all__ = ["CodexOptions", "CodexTarget", "wazir_targets"]


@hookimpl
def wazir_targets() -> list[Target]:
    return [CodexTarget()]
