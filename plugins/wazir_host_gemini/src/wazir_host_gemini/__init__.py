"""Wazir target for Google Gemini CLI (entry point ``gemini`` in ``wazir.targets``)."""

from __future__ import annotations

from wazir_core.plugins.hookspecs import hookimpl
from wazir_core.plugins.target import Target
from wazir_host_gemini.target import GeminiOptions, GeminiTarget

__all__ = ["GeminiOptions", "GeminiTarget", "wazir_targets"]


@hookimpl
def wazir_targets() -> list[Target]:
    return [GeminiTarget()]
