"""Wazir: compile agent-engineering content into the native files of AI coding hosts.

The public library API is re-exported here lazily, so that ``import wazir_core`` stays cheap
for the CLI's fast paths (``wazir --version`` must not import pydantic or jinja2).
"""

from __future__ import annotations

from wazir_core._version import PLUGIN_API_VERSION, __version__

# Not typing.TYPE_CHECKING: importing typing alone would double the start-up of --version.
TYPE_CHECKING = False
if TYPE_CHECKING:
    # Re-exported names, loaded on first use by __getattr__.
    from typing import Any

    from wazir_core.api import (
        build,
        compose_role,
        get_target,
        load_config,
        load_content,
        render_target,
        write_fileset,
    )
    from wazir_core.diagnostics import Diagnostic, WazirError
    from wazir_core.plugins.fileset import FileSet
    from wazir_core.plugins.target import JinjaTarget, Target

_LAZY = {
    "build": "wazir_core.api",
    "compose_role": "wazir_core.api",
    "get_target": "wazir_core.api",
    "load_config": "wazir_core.api",
    "load_content": "wazir_core.api",
    "render_target": "wazir_core.api",
    "write_fileset": "wazir_core.api",
    "Diagnostic": "wazir_core.diagnostics",
    "WazirError": "wazir_core.diagnostics",
    "FileSet": "wazir_core.plugins.fileset",
    "Target": "wazir_core.plugins.target",
    "JinjaTarget": "wazir_core.plugins.target",
}

__all__ = ["PLUGIN_API_VERSION", "__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'wazir_core' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
