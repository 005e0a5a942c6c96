"""The hooks a wazir plugin implements. Hooks *register* objects; the objects do the work.

A host plugin is a module (named by an entry point in the ``wazir.targets`` group, whose name
is the target's CLI name) with a function marked ``@hookimpl``::

    from wazir_core.plugins.hookspecs import hookimpl

    @hookimpl
    def wazir_targets():
        return [MyTarget()]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

from wazir_core.plugins.discovery import ENTRY_POINT_GROUP

if TYPE_CHECKING:
    from wazir_core.plugins.target import Target

PROJECT = "wazir"
__all__ = ["ENTRY_POINT_GROUP", "PROJECT", "hookimpl", "hookspec", "wazir_targets"]

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def wazir_targets() -> list[Target]:  # type: ignore[empty-body]
    """Return the Target objects this plugin provides.

    Called once, when the core loads the plugin (only the plugin for the requested target is
    loaded). Each target's ``name`` must equal the entry-point name it is reached through.
    Must not read or write files: rendering happens later, in ``Target.render``.
    """
