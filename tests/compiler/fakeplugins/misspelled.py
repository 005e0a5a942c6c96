"""A plugin with a misspelled hook name (``wazir_target``): check_pending must catch it."""

from __future__ import annotations

from wazir_core.plugins.hookspecs import hookimpl


@hookimpl
def wazir_target() -> list[object]:
    return []
