"""The Gemini CLI target: subagents, ``/wazir:<id>`` commands, skills, GEMINI.md and hooks.

Everything is written at project scope (the folder Gemini is started in), because Gemini CLI
has no project-level extensions. See ``docs/hosts/gemini.md`` for each choice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field, PositiveInt

from wazir_core.plugins.fileset import DataFile, FileSet, JsonEntries, ManagedBlock
from wazir_core.plugins.target import KINDS, Emit, JinjaTarget, TargetOptions
from wazir_core.rendering import shared
from wazir_core.rendering.formats import clip, one_line
from wazir_host_gemini import host

if TYPE_CHECKING:
    from wazir_core.bundle import Bundle
    from wazir_core.models import HookDefinition, Role, Workflow

AGENTS = ".gemini/agents"
#: ``.gemini/commands/wazir/<id>.toml`` is the command ``/wazir:<id>``.
COMMANDS = ".gemini/commands/wazir"
INSTRUCTIONS = "GEMINI.md"
SETTINGS = ".gemini/settings.json"
#: Gemini shows at most this many characters of a command's description.
DESCRIPTION_LIMIT = 100
#: Stands in for ``{{args}}`` while the shared workflow text is made inert (private-use
#: characters around a marker: text no content author writes).
_ARGS_SLOT = "\ue000wazir-args\ue000"


class GeminiOptions(TargetOptions):
    """``options.gemini`` in ``wazir.yaml``: how the wazir subagents run in Gemini CLI."""

    model: str | None = Field(None, min_length=1, description=(
        "Model for every wazir subagent (frontmatter `model`); default: the session's model."))
    max_turns: PositiveInt | None = Field(None, description=(
        "Turns a wazir subagent may take before it must return (Gemini's default is 30)."))
    timeout_mins: PositiveInt | None = Field(None, description=(
        "Minutes a wazir subagent may run (Gemini's default is 10)."))


class GeminiTarget(JinjaTarget):
    name = "gemini"
    display_name = "Google Gemini CLI"
    description = ("Gemini CLI subagents, /wazir:<id> commands, .agents/skills, a GEMINI.md "
                   "block and hooks in .gemini/settings.json.")
    output_roots = (AGENTS, COMMANDS, shared.AGENTS_SKILLS, INSTRUCTIONS, SETTINGS,
                    shared.EXPERTISE_ROOT)
    kinds = frozenset(KINDS)
    options_model = GeminiOptions
    plan: ClassVar[tuple[Emit, ...]] = (
        Emit("role", AGENTS + "/{{ target.agent_name(role) }}.md", "agent.md.j2"),
    )

    # Called from agent.md.j2 --------------------------------------------------------------

    agent_name = staticmethod(shared.role_name)
    role_context = staticmethod(shared.role_context)
    system_prompt = staticmethod(host.agent_text)

    def agent_meta(self, bundle: Bundle, role: Role) -> dict[str, Any]:
        """The frontmatter; Gemini rejects the whole file on any key outside its schema."""
        options = bundle.options_as(GeminiOptions)
        tools = [t for c in role.capabilities for t in host.CAPABILITY_TOOLS[c]]
        if role.skills:
            tools.append(host.SKILL_TOOL)
        return {
            "name": self.agent_name(role),
            "description": one_line(role.description),
            "display_name": f"Wazir {role.title}",
            "kind": "local",
            "tools": list(dict.fromkeys(tools)),
            "model": options.model,
            "max_turns": options.max_turns,
            "timeout_mins": options.timeout_mins,
        }

    # Files built as data ------------------------------------------------------------------

    def extend(self, bundle: Bundle, files: FileSet) -> None:
        shared.add_agents_skills(files, bundle)
        shared.add_expertise(files, bundle)
        for workflow in bundle.content.workflows.values():
            files.add(f"{COMMANDS}/{workflow.id}.toml",
                      DataFile(self.command(bundle, workflow), "toml"))
        files.add(INSTRUCTIONS, ManagedBlock(shared.instructions(bundle)))
        hooks = self.hooks(bundle)
        if hooks:
            files.add(SETTINGS, JsonEntries({"hooks": hooks}))
        self.check_names(bundle, files)

    @staticmethod
    def command(bundle: Bundle, workflow: Workflow) -> dict[str, str]:
        """``/wazir:<id>``: the workflow skill's text with ``{{args}}`` for the user's task.

        The content text is made inert first, so only wazir's own placeholder is expanded.
        """
        body = shared.workflow_body(bundle, workflow, arguments=_ARGS_SLOT)
        prompt = host.command_text(body).replace(_ARGS_SLOT, "{{args}}")
        summary = clip(f"Wazir {workflow.title}: {workflow.description}", DESCRIPTION_LIMIT)
        return {"description": summary, "prompt": prompt}

    @staticmethod
    def hooks(bundle: Bundle) -> dict[str, list[dict[str, Any]]]:
        """``hooks.<Event>`` matcher groups, one per hook definition that runs on Gemini."""
        events: dict[str, list[dict[str, Any]]] = {}
        for hook in bundle.content.hooks.values():
            if hook.runs_on("gemini"):
                event = host.HOOK_EVENTS[hook.moment]
                events.setdefault(event, []).append(GeminiTarget.hook_group(hook, event))
        order = list(host.HOOK_EVENTS.values())
        return dict(sorted(events.items(), key=lambda item: order.index(item[0])))

    @staticmethod
    def hook_group(hook: HookDefinition, event: str) -> dict[str, Any]:
        group: dict[str, Any] = {}
        tools = [t for c in hook.tools for t in host.HOOK_TOOLS[c]]
        if event in host.TOOL_EVENTS and tools and "any" not in hook.tools:
            # Gemini tests tool matchers as unanchored regular expressions.
            group["matcher"] = f"^({'|'.join(dict.fromkeys(tools))})$"
        group["hooks"] = [{
            "type": "command",
            "name": f"wazir-{hook.id}",
            "command": f"{hook.command} --host gemini",
            "timeout": hook.timeout * 1000,  # Gemini reads milliseconds
            "description": one_line(hook.description),
        }]
        return group

    @staticmethod
    def check_names(bundle: Bundle, files: FileSet) -> None:
        """Report skills Gemini would rename: each skill is also the command ``/<name>``, and
        built-in commands always keep theirs. (Roles and workflows carry the ``wazir-``
        prefix, which no built-in uses.)"""
        for skill in bundle.content.skills.values():
            clash = host.reserved(skill.name)
            if clash is not None:
                files.error(f"skill '{skill.name}' clashes with Gemini CLI's built-in "
                            f"'/{clash}', which Gemini reserves; rename the skill",
                            skill.origin.path if skill.origin else "")
