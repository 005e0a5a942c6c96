"""A plugin whose ``wazir_targets`` hook raises."""

from __future__ import annotations

from wazir_core.plugins.hookspecs import hookimpl
from wazir_core.plugins.target import Target


@hookimpl
def wazir_targets() -> list[Target]:
    raise RuntimeError("broken_hook cannot list its targets")
