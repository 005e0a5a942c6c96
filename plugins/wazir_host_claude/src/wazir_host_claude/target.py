"""The Claude Code target: project-scope files Claude Code loads with no install step.

* roles      → ``.claude/agents/wazir-<role>.md`` (subagents)
* workflows  → ``.claude/skills/wazir-<workflow>/SKILL.md`` (user-invoked skills, ``/wazir-<id>``)
* skills     → ``.claude/skills/<name>/`` (with supporting files; the entry skill is ``/wazir``)
* instructions → wazir's block in ``CLAUDE.md``
* hooks      → wazir's entries under ``hooks`` in ``.claude/settings.json``
* expertise  → ``.wazir/expertise/<id>.md`` (shared with every target)

Skills, not legacy ``.claude/commands``: Claude Code merged commands into skills and its docs
recommend skills; a project ``.claude/`` folder, not a plugin, because a plugin needs a
marketplace and an install command before it loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from wazir_core.models import normalize_name
from wazir_core.plugins.fileset import FileSet, JsonEntries, ManagedBlock, TextFile
from wazir_core.plugins.target import KINDS, Emit, JinjaTarget, TargetOptions
from wazir_core.rendering import shared
from wazir_host_claude import native

if TYPE_CHECKING:
    from wazir_core.bundle import Bundle
    from wazir_core.models import Role

AGENTS = ".claude/agents"
SKILLS = ".claude/skills"
INSTRUCTIONS = "CLAUDE.md"
SETTINGS = ".claude/settings.json"
#: Targets whose own output puts wazir's instructions block into ``AGENTS.md``.
AGENTS_MD_TARGETS = frozenset({"codex", "cursor"})
#: Stands in for ``$ARGUMENTS`` while the workflow text is made literal, so the one real
#: placeholder survives and every ``$`` the content wrote does not.
_ARGUMENTS_SLOT = "\ue000ARGUMENTS\ue000"


class ClaudeOptions(TargetOptions):
    """``options.claude`` in ``wazir.yaml``."""

    model: str | None = Field(
        None, min_length=1,
        description="Model for the wazir subagents (an alias such as sonnet, opus, haiku, or a "
                    "full model id). Unset: each subagent inherits the session's model.")
    import_agents_md: bool = Field(
        False,
        description="Add an @AGENTS.md import to wazir's CLAUDE.md block. A CLAUDE.md switches "
                    "off Claude Code's AGENTS.md fallback; turn this on when the repository "
                    "keeps its own instructions in AGENTS.md.")


class ClaudeTarget(JinjaTarget):
    name = "claude"
    display_name = "Claude Code"
    description = ("Subagents, skills, CLAUDE.md instructions and settings.json guard hooks "
                   "for Claude Code (2.1.x).")
    output_roots = (AGENTS, SKILLS, INSTRUCTIONS, SETTINGS, shared.EXPERTISE_ROOT)
    kinds = frozenset(KINDS)
    options_model = ClaudeOptions
    plan = (Emit("role", AGENTS + "/{{ target.agent_name(role) }}.md", "agent.md.j2"),)

    # Called from agent.md.j2 (the template sees the target as ``target``).
    agent_name = staticmethod(shared.role_name)
    role_context = staticmethod(shared.role_context)

    def agent_meta(self, bundle: Bundle, role: Role) -> dict[str, Any]:
        """Subagent frontmatter: identity, the role's tools, and the configured model."""
        tools = native.role_tools(role)
        return {
            "name": shared.role_name(role),
            "description": role.description,
            # No tools at all would stop the subagent from starting; a warning says it
            # inherits the session's tools instead (see extend).
            "tools": tools or None,
            "model": bundle.options_as(ClaudeOptions).model,
        }

    def extend(self, bundle: Bundle, files: FileSet) -> None:
        self.check_names(bundle, files)
        for skill in bundle.content.skills.values():
            self.add_skill(files, f"{SKILLS}/{skill.name}", skill,
                           native.literal_skill_md(shared.skill_md(bundle, skill)))
        for workflow in bundle.content.workflows.values():
            text = shared.workflow_skill_md(bundle, workflow, arguments=_ARGUMENTS_SLOT)
            files.add(f"{SKILLS}/{shared.workflow_name(workflow)}/SKILL.md",
                      TextFile(native.literal_skill_md(text)
                               .replace(_ARGUMENTS_SLOT, "$ARGUMENTS")))
        shared.add_expertise(files, bundle)
        files.add(INSTRUCTIONS, ManagedBlock(self.instructions(bundle)))
        hooks = native.hook_entries(bundle.content.hooks.values())
        if hooks:
            files.add(SETTINGS, JsonEntries({"hooks": hooks}))

    @staticmethod
    def instructions(bundle: Bundle) -> str:
        """The shared instructions, and an ``@AGENTS.md`` import when asked for. When another
        target of this build writes the same instructions into AGENTS.md, the import alone
        carries them, so Claude Code does not read them twice."""
        text = shared.instructions(bundle)
        if not bundle.options_as(ClaudeOptions).import_agents_md:
            return text
        if AGENTS_MD_TARGETS & set(bundle.targets):
            return "## Wazir\n\nWazir's instructions for this project are in AGENTS.md:\n\n" \
                   "@AGENTS.md\n"
        return text.rstrip("\n") + "\n\nThis project's shared agent instructions:\n\n" \
                                   "@AGENTS.md\n"

    @staticmethod
    def check_names(bundle: Bundle, files: FileSet) -> None:
        """Report names Claude Code reserves or that two items share; never rename. (Roles
        carry the ``wazir-`` prefix, which none of Claude Code's built-in subagents use.)"""
        content = bundle.content
        for role in content.roles.values():
            name = shared.role_name(role)
            if not native.role_tools(role):
                files.warn(f"role '{role.id}' declares no capabilities; Claude Code does not "
                           f"start a subagent without tools, so '{name}' inherits the "
                           "session's tools", f"{AGENTS}/{name}.md")
        owners: dict[str, str] = {}
        named = [(s.name, f"skill '{s.name}'") for s in content.skills.values()]
        named += [(shared.workflow_name(w), f"workflow '{w.id}'")
                  for w in content.workflows.values()]
        for name, what in named:
            where = f"{SKILLS}/{name}/SKILL.md"
            if native.reserved(name, native.RESERVED_COMMANDS):
                files.error(f"{what} becomes the command /{name}, which Claude Code reserves "
                            "for a built-in command or skill; rename it", where)
            key = normalize_name(name)
            if key in owners:
                files.error(f"{what} and {owners[key]} both become the skill folder "
                            f"'{SKILLS}/{name}'; rename one of them", where)
            owners.setdefault(key, what)
