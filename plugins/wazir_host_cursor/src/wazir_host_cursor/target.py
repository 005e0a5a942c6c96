"""The Cursor target: what Cursor reads natively, chosen as cursor.md recommends in 2026.

* roles → ``.cursor/agents/wazir-<role>.md`` (subagents; ``.cursor/`` wins over the
  ``.claude/agents`` copies Cursor also imports);
* content skills and workflows → ``.agents/skills`` (shared with Codex and Gemini CLI;
  workflows are skills with ``disable-model-invocation: true`` because Cursor is replacing
  commands with skills);
* always-on instructions → wazir's block in ``AGENTS.md`` (Cursor reads it without
  frontmatter, so no ``.mdc`` rule is needed);
* hook definitions → ``.cursor/hooks.json``;
* expertise → ``.wazir/expertise`` (read on demand through the agents' lists).

Cursor also imports Claude Code's ``.claude/skills`` and runs ``.claude/settings.json``
hooks (on by default), so when the claude target is built into the same project this target
leaves skills and hooks to it rather than making Cursor list every skill twice and run
every guard twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import Field

from wazir_core.bundle import Bundle
from wazir_core.models import Role, normalize_name
from wazir_core.plugins.fileset import FileSet, JsonEntries, ManagedBlock
from wazir_core.plugins.target import KINDS, Emit, JinjaTarget, TargetOptions
from wazir_core.rendering import shared
from wazir_core.rendering.formats import one_line
from wazir_host_cursor import hooks

HOOKS_FILE = ".cursor/hooks.json"
AGENTS_DIR = ".cursor/agents"

#: Names Cursor already answers to as ``/name``: built-in skills (cursor.md §5) and built-in
#: subagents (§6). Agents and skills share that one namespace.
BUILT_IN_NAMES = frozenset(normalize_name(n) for n in (
    "automate", "autopilot", "canvas", "create-hook", "create-rule", "create-skill",
    "create-subagent", "cursor-blame", "loop", "migrate-to-skills", "review", "review-bugbot",
    "review-security", "sdk", "shell", "split-to-prs", "statusline", "update-cli-config",
    "update-cursor-settings",
    "explore", "bash", "browser", "generalPurpose",
))

#: Capabilities Cursor cannot grant one by one, described to the agent instead.
CAPABILITY_WORDS = {
    "read": "read files",
    "search": "search the code",
    "edit": "edit files",
    "execute": "run shell commands",
    "web": "use the web",
    "delegate": "delegate to other subagents",
}

#: Hosts whose targets also write ``.agents/skills``, which Cursor reads as well.
AGENTS_SKILLS_HOSTS = ("codex", "gemini")


class CursorOptions(TargetOptions):
    """``options.cursor`` in ``wazir.yaml``."""

    model: str = Field(
        "inherit", pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/=,\[\]-]*$",
        description="Model of every wazir subagent: 'inherit' (the chat's model) or a Cursor "
                    "model id, optionally with options such as 'id[effort=high]'.")
    fail_closed: bool = Field(
        True, description="Give blocking guard hooks 'failClosed: true', so a guard that "
                          "crashes, times out or is not installed blocks the tool instead of "
                          "letting it run (Cursor's default is fail-open).")
    reuse_claude: bool = Field(
        True, description="When the claude target is built too, rely on Cursor's import of "
                          ".claude/skills and .claude/settings.json hooks instead of writing "
                          "them again for Cursor. Set false if 'Include Third-Party Plugins, "
                          "Skills, and Other Configs' is switched off in Cursor.")


class CursorTarget(JinjaTarget):
    name = "cursor"
    display_name = "Cursor"
    description = ("Cursor subagents in .cursor/agents, skills in .agents/skills, AGENTS.md "
                   "instructions and guard hooks in .cursor/hooks.json.")
    output_roots = (AGENTS_DIR, HOOKS_FILE, shared.AGENTS_SKILLS, "AGENTS.md",
                    shared.EXPERTISE_ROOT)
    kinds = frozenset(KINDS)
    options_model = CursorOptions
    plan = (Emit("role", AGENTS_DIR + "/{{ target.agent_name(role) }}.md", "agent.md.j2"),)

    # Used by agent.md.j2 -----------------------------------------------------------------

    agent_name = staticmethod(shared.role_name)
    role_context = staticmethod(shared.role_context)

    def agent_frontmatter(self, role: Role, bundle: Bundle) -> dict[str, Any]:
        """Cursor's five subagent keys; ``readonly`` is the only tool limit it offers."""
        return {
            "name": shared.role_name(role),
            "description": one_line(role.description),
            "model": bundle.options_as(CursorOptions).model,
            "readonly": not {"edit", "execute"} & set(role.capabilities),
            "is_background": False,
        }

    @staticmethod
    def capability_words(role: Role) -> list[str]:
        """What the agent may do, when that is less than everything Cursor allows."""
        if set(CAPABILITY_WORDS) <= set(role.capabilities):
            return []
        return [CAPABILITY_WORDS[c] for c in role.capabilities]

    # Everything that is not one template per item ------------------------------------------

    def extend(self, bundle: Bundle, files: FileSet) -> None:
        options = bundle.options_as(CursorOptions)
        self._check_names(bundle, files)
        files.add("AGENTS.md", ManagedBlock(shared.instructions(bundle)))
        shared.add_expertise(files, bundle)
        if options.reuse_claude and "claude" in bundle.targets:
            self._note_claude(bundle, files)
        else:
            shared.add_agents_skills(files, bundle)
            data = hooks.hooks_json(list(bundle.content.hooks.values()), options.fail_closed)
            if data is not None:
                files.add(HOOKS_FILE, JsonEntries(data))

    def _note_claude(self, bundle: Bundle, files: FileSet) -> None:
        """Say what is left to the claude target, and what Cursor will still see twice."""
        files.error("the claude target is built too: Cursor runs the guard hooks from "
                    ".claude/settings.json and lists the skills from .claude/skills, so no "
                    f"Cursor hook entries and no {shared.AGENTS_SKILLS} are written for it "
                    "(set options.cursor.reuse_claude: false if Cursor's third-party import "
                    "is off)", HOOKS_FILE, severity="info")
        others = [t for t in AGENTS_SKILLS_HOSTS if t in bundle.targets]
        if others:
            files.error(f"{', '.join(others)} also write {shared.AGENTS_SKILLS}; Cursor reads "
                        "both it and .claude/skills, so it lists each skill twice",
                        shared.AGENTS_SKILLS, severity="info")

    def _check_names(self, bundle: Bundle, files: FileSet) -> None:
        """Report names Cursor already uses or that two wazir items would both claim."""
        content = bundle.content
        names: Iterable[tuple[str, str, str]] = [
            *((shared.role_name(r), "role", r.id) for r in content.roles.values()),
            *((shared.workflow_name(w), "workflow", w.id) for w in content.workflows.values()),
            *((s.name, "skill", s.name) for s in content.skills.values()),
        ]
        seen: dict[str, str] = {}
        for name, kind, item in names:
            key = normalize_name(name)
            where = f"{kind} '{item}'"
            if key in BUILT_IN_NAMES:
                files.error(f"{where} becomes '/{name}', which is a Cursor built-in; rename "
                            "it in the content pack (wazir does not rename it for you)")
            elif key in seen:
                files.error(f"{where} and {seen[key]} both become '/{name}' in Cursor, where "
                            "subagents and skills share one namespace; rename one of them")
            else:
                seen[key] = where
