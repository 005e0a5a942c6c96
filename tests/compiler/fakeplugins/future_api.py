"""A target written for a plugin API this core does not speak."""

from __future__ import annotations

from wazir_core.bundle import Bundle
from wazir_core.plugins.fileset import FileSet
from wazir_core.plugins.hookspecs import hookimpl
from wazir_core.plugins.target import Target


class Future(Target):
    name = "future"
    display_name = "Future"
    description = "Declares plugin API 2.0."
    plugin_api = "2.0"
    output_roots = (".future",)

    def render(self, bundle: Bundle) -> FileSet:
        files = FileSet()
        files.add(".future/x.md", "x\n")
        return files


@hookimpl
def wazir_targets() -> list[Target]:
    return [Future()]
