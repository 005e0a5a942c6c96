"""A minimal test-only target: one file per role, workflow and skill, plus shared files."""

from __future__ import annotations

from wazir_core.bundle import Bundle
from wazir_core.plugins.fileset import FileSet, JsonEntries, ManagedBlock, TextFile
from wazir_core.plugins.hookspecs import hookimpl
from wazir_core.plugins.target import Target
from wazir_core.rendering import shared


class ToyTarget(Target):
    name = "toy"
    display_name = "Toy host"
    description = "Test-only target used by the core's own tests."
    output_roots = (".toy", "TOY.md", ".wazir/expertise", ".toy-settings.json")
    kinds = frozenset({"role", "workflow", "skill", "expertise", "hook", "instructions"})

    def render(self, bundle: Bundle) -> FileSet:
        files = FileSet()
        for role in bundle.content.roles.values():
            files.add(f".toy/agents/{role.id}.md", shared.role_context(bundle, role))
        for wf in bundle.content.workflows.values():
            files.add(f".toy/commands/{wf.id}.md", shared.workflow_skill_md(bundle, wf))
        for skill in bundle.content.skills.values():
            self.add_skill(files, f".toy/skills/{skill.name}", skill,
                           shared.skill_md(bundle, skill))
        shared.add_expertise(files, bundle)
        files.add("TOY.md", ManagedBlock(shared.instructions(bundle)))
        hooks = {h.id: [{"command": f"{h.command} --host toy"}]
                 for h in bundle.content.hooks.values()}
        files.add(".toy-settings.json", JsonEntries({"hooks": hooks}))
        files.add(".toy/done.txt", TextFile("ok\n"))
        return files


@hookimpl
def wazir_targets() -> list[Target]:
    return [ToyTarget()]
