"""Output that several hosts share, rendered once by the core so every target emits the very
same bytes for a shared path (``AGENTS.md``'s block, ``.agents/skills``, expertise files).

Host plugins call these instead of re-implementing them; two targets that write one path
with identical content are written once, different content is a build error.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from wazir_core.plugins.fileset import FileSet, TextFile

if TYPE_CHECKING:
    import jinja2

    from wazir_core.bundle import Bundle
    from wazir_core.models import ExpertiseModule, Role, Skill, Workflow

#: Where expertise modules go so agents on every host can read them on demand.
EXPERTISE_ROOT = ".wazir/expertise"
#: The skill folder Codex, Cursor and Gemini CLI all read (Claude Code reads .claude/skills).
AGENTS_SKILLS = ".agents/skills"
#: Workflows and roles are namespaced so they never collide with built-in or user names.
PREFIX = "wazir-"


def workflow_name(workflow: Workflow | str) -> str:
    return PREFIX + (workflow if isinstance(workflow, str) else workflow.id)


def role_name(role: Role | str) -> str:
    return PREFIX + (role if isinstance(role, str) else role.id)


def expertise_path(module_id: str) -> str:
    return f"{EXPERTISE_ROOT}/{module_id}.md"


def _core_template(name: str) -> jinja2.Template:
    from wazir_core.rendering.templating import make_environment

    return make_environment(None).get_template(f"_wazir/{name}")


def render_shared(bundle: Bundle, template: str, **extra: object) -> str:
    """Render one of the core's ``_wazir/`` templates with the bundle's context."""
    return _core_template(template).render(**bundle.context(), **extra)


def instructions(bundle: Bundle) -> str:
    """The always-on instructions: the pipeline, its gates, and how to start on each host."""
    return render_shared(bundle, "instructions.md.j2")


def skill_md(bundle: Bundle, skill: Skill) -> str:
    return render_shared(bundle, "skill.md.j2", skill=skill)


def workflow_skill_md(bundle: Bundle, workflow: Workflow, arguments: str = "") -> str:
    """A workflow as a user-invoked skill; ``arguments`` is the host's placeholder, if any."""
    return render_shared(bundle, "workflow-skill.md.j2", workflow=workflow, arguments=arguments)


@functools.lru_cache(maxsize=65536)
def expertise_md(module: ExpertiseModule) -> str:
    """One module as Markdown. It depends on the module alone, so the text is rendered once
    however many targets write it (modules are frozen, hashable values)."""
    return _core_template("expertise.md.j2").render(module=module)


def workflow_body(bundle: Bundle, workflow: Workflow, arguments: str = "") -> str:
    """A workflow's procedure without frontmatter, for hosts that wrap it themselves (e.g.
    a Gemini command's ``prompt``); the same text a workflow skill carries."""
    return render_shared(bundle, "workflow-body.md.j2", workflow=workflow, arguments=arguments)


def add_expertise(files: FileSet, bundle: Bundle) -> None:
    """Every module some role's composition selected, as a readable Markdown file."""
    for module in bundle.referenced_modules():
        files.add(expertise_path(module.id), TextFile(expertise_md(module)))


def add_agents_skills(files: FileSet, bundle: Bundle) -> None:
    """Skills and workflow skills in ``.agents/skills`` (identical for every target)."""
    from wazir_core.plugins.target import Target

    for skill in bundle.content.skills.values():
        Target.add_skill(files, f"{AGENTS_SKILLS}/{skill.name}", skill, skill_md(bundle, skill))
    for workflow in bundle.content.workflows.values():
        files.add(f"{AGENTS_SKILLS}/{workflow_name(workflow)}/SKILL.md",
                  TextFile(workflow_skill_md(bundle, workflow)))


def role_context(bundle: Bundle, role: Role) -> str:
    """The part of a role's prompt every host shares: body, expertise, skills, gates."""
    return render_shared(bundle, "role-context.md.j2", role=role,
                         modules=bundle.modules_for(role.id))
