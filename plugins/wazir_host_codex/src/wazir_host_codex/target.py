"""The OpenAI Codex CLI target (checked against codex-cli 0.171.0).

What Codex reads, and so what this target writes:

* roles → ``.codex/agents/wazir-<role>.toml``: custom agent roles, offered to the model as
  ``agent_type`` of ``spawn_agent`` (trusted projects only);
* workflows and skills → ``.agents/skills`` (shared with Cursor and Gemini CLI), plus
  ``agents/openai.yaml`` beside each workflow skill so Codex never starts a phase on its own;
* always-on instructions → wazir's block in ``AGENTS.md``;
* hooks → owned entries in ``.codex/hooks.json``;
* expertise → ``.wazir/expertise`` (shared).

Custom prompts (``~/.codex/prompts``) were removed in codex-cli 0.117.0, so workflows are
skills. Every machine file is built as data; the only template is the agent prompt, so a
project can override it like any other template.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import jinja2
from pydantic import Field

from wazir_core.bundle import Bundle
from wazir_core.models import HookDefinition, Role, Workflow
from wazir_core.models.base import normalize_name
from wazir_core.models.hook import Moment, ToolClass
from wazir_core.plugins.fileset import DataFile, FileSet, JsonEntries, ManagedBlock
from wazir_core.plugins.target import KINDS, Target, TargetOptions
from wazir_core.rendering import shared
from wazir_core.rendering.formats import clip
from wazir_core.rendering.templating import render_template

HOST = "codex"
AGENTS_DIR = ".codex/agents"
HOOKS_FILE = ".codex/hooks.json"
AGENTS_MD = "AGENTS.md"
AGENT_TEMPLATE = "agent-instructions.md.j2"

#: Codex rejects a skill whose name is longer than this (``core-skills/src/loader.rs``).
MAX_SKILL_NAME = 64
#: ``agents/openai.yaml`` fields longer than these are dropped with a warning.
MAX_DISPLAY_NAME = 64
MAX_SHORT_DESCRIPTION = 1024
#: Share of ``project_doc_max_bytes`` wazir's block may take, leaving room for the user's text.
BLOCK_SHARE = 0.75

#: Names Codex already uses: its bundled system skills and its built-in agent roles.
RESERVED_NAMES = {
    "skill-creator": "a Codex system skill",
    "skill-installer": "a Codex system skill",
    "openai-docs": "a Codex system skill",
    "imagegen": "a Codex system skill",
    "default": "a built-in Codex agent role",
    "explorer": "a built-in Codex agent role",
    "worker": "a built-in Codex agent role",
}

EVENTS: dict[Moment, str] = {
    "session-start": "SessionStart",
    "pre-tool": "PreToolUse",
    "post-tool": "PostToolUse",
    "pre-compact": "PreCompact",
    "stop": "Stop",
}
TOOL_EVENTS = frozenset({"PreToolUse", "PostToolUse"})
#: The tool names Codex hooks see. File edits all go through ``apply_patch`` (Codex also
#: matches it as ``Write``/``Edit``); reads go through the shell; ``spawn_agent`` fires no
#: tool hook at all, so ``read`` and ``delegate`` have no Codex matcher.
TOOL_NAMES: dict[ToolClass, str] = {"shell": "Bash", "write": "apply_patch", "edit": "apply_patch"}


class CodexOptions(TargetOptions):
    """``options.codex`` in ``wazir.yaml``."""

    capabilities: Literal["map", "inherit"] = Field(
        "map",
        description="'map': a role without the 'edit' capability runs with sandbox_mode "
                    "'read-only' and one without 'web' with web_search 'disabled'; wazir only "
                    "ever narrows the session's settings. 'inherit': agent files carry neither "
                    "key, so every role runs with the session's sandbox and web search (use it "
                    "when a read-only reviewer or verifier cannot run the test suite).")
    project_doc_max_bytes: int = Field(
        32768, ge=1024,
        description="Codex's project_doc_max_bytes (the AGENTS.md budget; Codex cuts text "
                    "beyond it). Set it to your Codex config's value if you changed it; the "
                    "build warns when wazir's block takes more than three quarters of it.")


class CodexTarget(Target):
    """Renders roles, workflows, skills, instructions, hooks and expertise for Codex."""

    name = HOST
    display_name = "OpenAI Codex CLI"
    description = ("Custom agents in .codex/agents, skills in .agents/skills (workflows "
                   "explicit-only), AGENTS.md block, .codex/hooks.json entries.")
    output_roots = (AGENTS_DIR, HOOKS_FILE, shared.AGENTS_SKILLS, AGENTS_MD,
                    shared.EXPERTISE_ROOT)
    kinds = frozenset(KINDS)
    options_model = CodexOptions

    def render(self, bundle: Bundle) -> FileSet:
        options = bundle.options_as(CodexOptions)
        files = FileSet()
        env = self.environment(bundle)
        for role in bundle.content.roles.values():
            files.add(f"{AGENTS_DIR}/{shared.role_name(role)}.toml",
                      DataFile(self.agent_role(bundle, env, role, options), "toml"))
        shared.add_agents_skills(files, bundle)
        for workflow in bundle.content.workflows.values():
            files.add(f"{shared.AGENTS_SKILLS}/{shared.workflow_name(workflow)}/agents/openai.yaml",
                      DataFile(skill_metadata(workflow), "yaml"))
        shared.add_expertise(files, bundle)
        add_instructions(files, bundle, options)
        events = hook_events(files, bundle.content.hooks.values())
        if events:
            files.add(HOOKS_FILE, JsonEntries({"hooks": events}))
        check_names(files, bundle)
        return files

    def agent_role(self, bundle: Bundle, env: jinja2.Environment, role: Role,
                   options: CodexOptions) -> dict[str, Any]:
        """One custom agent file's data: only keys Codex knows (an unknown one rejects the
        file), all top-level scalars so ``developer_instructions`` never lands in a table."""
        prompt = render_template(env, AGENT_TEMPLATE,
                                 {**bundle.context(), "target": self, "role": role,
                                  "role_context": shared.role_context(bundle, role)})
        data: dict[str, Any] = {"name": shared.role_name(role), "description": role.description}
        if options.capabilities == "map":
            if "edit" not in role.capabilities:
                data["sandbox_mode"] = "read-only"
            if "web" not in role.capabilities:
                data["web_search"] = "disabled"
        data["developer_instructions"] = prompt
        return data


def skill_metadata(workflow: Workflow) -> dict[str, Any]:
    """``agents/openai.yaml``: the Codex switch that makes a workflow skill explicit-only
    (``$wazir-<id>`` or ``/skills``), the analogue of ``disable-model-invocation``."""
    return {
        "interface": {
            "display_name": clip(f"Wazir: {workflow.title}", MAX_DISPLAY_NAME),
            "short_description": clip(workflow.description, MAX_SHORT_DESCRIPTION),
        },
        "policy": {"allow_implicit_invocation": False},
    }


def add_instructions(files: FileSet, bundle: Bundle, options: CodexOptions) -> None:
    text = shared.instructions(bundle)
    files.add(AGENTS_MD, ManagedBlock(text))
    size = len(text.encode("utf-8"))
    if size > options.project_doc_max_bytes * BLOCK_SHARE:
        files.warn(f"wazir's AGENTS.md block is {size} bytes; Codex reads at most "
                   f"{options.project_doc_max_bytes} bytes of project AGENTS.md text "
                   "(project_doc_max_bytes) and silently cuts the rest, so little room is left "
                   "for your own instructions", AGENTS_MD)


def hook_events(files: FileSet, hooks: Iterable[HookDefinition]
                ) -> dict[str, list[dict[str, Any]]]:
    """Codex hook groups by event: ``{"matcher": ..., "hooks": [{"type": "command", ...}]}``."""
    events: dict[str, list[dict[str, Any]]] = {}
    for hook in hooks:
        if not hook.runs_on(HOST):
            continue
        event = EVENTS[hook.moment]
        group: dict[str, Any] = {}
        if event in TOOL_EVENTS:
            names = watched_tools(files, hook)
            if names == []:
                continue
            if names:
                group["matcher"] = (f"^{names[0]}$" if len(names) == 1
                                    else f"^({'|'.join(names)})$")
        group["hooks"] = [{"type": "command", "command": f"{hook.command} --host {HOST}",
                           "timeout": hook.timeout}]
        events.setdefault(event, []).append(group)
    return events


def watched_tools(files: FileSet, hook: HookDefinition) -> list[str] | None:
    """The Codex tool names a tool hook watches: None for every tool, an empty list when it
    watches no tool Codex reports to hooks (the hook is then left out, with a note)."""
    if not hook.tools or "any" in hook.tools:
        return None
    names = list(dict.fromkeys(TOOL_NAMES[t] for t in hook.tools if t in TOOL_NAMES))
    unmapped = [t for t in hook.tools if t not in TOOL_NAMES]
    if unmapped:
        watched = (f"it runs for {', '.join(names)} only" if names
                   else "it is not installed for Codex")
        files.error(f"hook '{hook.id}': Codex fires no tool hook for {', '.join(unmapped)}, "
                    f"so {watched}", HOOKS_FILE, severity="info")
    return names


def check_names(files: FileSet, bundle: Bundle) -> None:
    """Report names Codex would shadow or reject; never rename them behind the user's back.
    (Agents carry the ``wazir-`` prefix, which none of Codex's reserved names use.)"""
    skills = [*(s.name for s in bundle.content.skills.values()),
              *(shared.workflow_name(w) for w in bundle.content.workflows.values())]
    for name in skills:
        reserved = RESERVED_NAMES.get(normalize_name(name))
        if reserved:
            files.error(f"skill name '{name}' is {reserved}; rename it in the content pack",
                        shared.AGENTS_SKILLS)
    for name in skills:
        if len(name) > MAX_SKILL_NAME:
            files.error(f"skill name '{name}' is {len(name)} characters; Codex rejects skill "
                        f"names longer than {MAX_SKILL_NAME}", shared.AGENTS_SKILLS)
