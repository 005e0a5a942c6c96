"""A target that loads fine and raises while rendering."""

from __future__ import annotations

from wazir_core.bundle import Bundle
from wazir_core.plugins.fileset import FileSet
from wazir_core.plugins.hookspecs import hookimpl
from wazir_core.plugins.target import Target


class Exploder(Target):
    name = "exploder"
    display_name = "Exploder"
    description = "Raises in render."
    output_roots = (".exploder",)
    kinds = frozenset({"role"})

    def render(self, bundle: Bundle) -> FileSet:
        raise ValueError("kaboom while rendering")


@hookimpl
def wazir_targets() -> list[Target]:
    return [Exploder()]
