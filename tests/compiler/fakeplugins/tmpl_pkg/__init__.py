"""A JinjaTarget whose template refers to a field the models do not have."""

from __future__ import annotations

from wazir_core.plugins.hookspecs import hookimpl
from wazir_core.plugins.target import Emit, JinjaTarget, Target


class TemplateTarget(JinjaTarget):
    name = "tmpl"
    display_name = "Template target"
    description = "Renders roles through templates/role.md.j2."
    output_roots = (".tmpl",)
    kinds = frozenset({"role"})
    plan = (Emit("role", ".tmpl/{{ role.id }}.md", "role.md.j2"),)


@hookimpl
def wazir_targets() -> list[Target]:
    return [TemplateTarget()]
