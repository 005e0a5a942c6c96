"""A strict checker for the Cursor files wazir writes, standing in for the client Cursor lacks.

Cursor's loader is closed source and has no offline validation command (cursor.md §10), so
this module encodes the documented rules of the Cursor host notes (``cursor.md``) and
``agent-skills.md`` as errors, stricter than Cursor where the docs leave room:

* ``.cursor/agents/*.md`` — YAML frontmatter with only ``name``, ``description``, ``model``,
  ``readonly``, ``is_background`` (§6); booleans bare; name = file name.
* ``SKILL.md`` under ``.agents/skills`` or ``.cursor/skills`` — name = folder, the Agent
  Skills name and description rules, Cursor's keys only, no built-in names (§5).
* ``.cursor/hooks.json`` — ``version`` 1, known camelCase events, flat entries with a string
  ``command``/``matcher`` and a numeric ``timeout`` in seconds (§7).
* ``.cursor/rules/**`` — ``.mdc`` only, frontmatter read *line by line* as Cursor does (never
  through a YAML library, since ``globs: **/*.ts`` is not YAML): ``description``, ``globs``
  (unquoted, one line), ``alwaysApply`` (bare boolean) (§2).
* ``AGENTS.md`` — plain Markdown without frontmatter (§3).

Run it on a folder: ``python cursor_lint.py <project>`` exits 0 when clean, 1 with problems,
2 on bad usage — the exit codes of the conformance kit's ``validate-<host>.sh`` scripts.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
AGENT_KEYS = {"name", "description", "model", "readonly", "is_background"}
AGENT_BOOLS = ("readonly", "is_background")
MODEL_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/=,\[\]-]*$")
#: The Agent Skills keys plus the ones Cursor documents (cursor.md §5).
SKILL_KEYS = {"name", "description", "license", "compatibility", "metadata", "allowed-tools",
              "paths", "globs", "disable-model-invocation", "icon", "color"}
SKILL_COLORS = {"default", "green", "cyan", "blue", "purple", "magenta", "orange", "yellow",
                "red", "brand"}
BUILT_IN_SKILLS = {
    "automate", "autopilot", "canvas", "create-hook", "create-rule", "create-skill",
    "create-subagent", "cursor-blame", "loop", "migrate-to-skills", "review", "review-bugbot",
    "review-security", "sdk", "shell", "split-to-prs", "statusline", "update-cli-config",
    "update-cursor-settings",
}
HOOK_EVENTS = {
    "sessionStart", "sessionEnd", "preToolUse", "postToolUse", "postToolUseFailure",
    "subagentStart", "subagentStop", "beforeShellExecution", "afterShellExecution",
    "beforeMCPExecution", "afterMCPExecution", "beforeReadFile", "afterFileEdit",
    "beforeSubmitPrompt", "preCompact", "stop", "afterAgentResponse", "afterAgentThought",
    "beforeTabFileRead", "afterTabFileEdit", "workspaceOpen",
}
HOOK_KEYS = {"command", "type", "prompt", "model", "timeout", "loop_limit", "failClosed",
             "matcher"}
#: Tool types ``preToolUse``/``postToolUse``/``postToolUseFailure`` match (cursor.md §7.6).
TOOL_TYPES = {"Shell", "Read", "Write", "Grep", "Delete", "Task"}
TOOL_EVENTS = {"preToolUse", "postToolUse", "postToolUseFailure"}
MDC_KEYS = ("description", "globs", "alwaysApply")
SKILL_ROOTS = (".agents/skills", ".cursor/skills")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class _Report:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def __call__(self, message: str) -> None:
        self.problems.append(Problem(self.path, message))


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_duplicate_keys = False
    return yaml


def split_frontmatter(text: str, report: _Report) -> tuple[list[str], str] | None:
    """The frontmatter lines and the body, or None (reported) when there is no frontmatter."""
    if text.startswith("\ufeff"):
        report("starts with a byte-order mark")
        return None
    if "\r" in text:
        report("has CR line endings; write LF only")
        return None
    lines = text.split("\n")
    if lines[0] != "---":
        report("does not start with a '---' frontmatter line")
        return None
    try:
        end = lines.index("---", 1)
    except ValueError:
        report("frontmatter has no closing '---' line")
        return None
    return lines[1:end], "\n".join(lines[end + 1:])


def yaml_frontmatter(text: str, report: _Report) -> tuple[dict[str, Any], str] | None:
    """Frontmatter parsed by a strict YAML parser (agents and skills are YAML, cursor.md §5-6)."""
    parts = split_frontmatter(text, report)
    if parts is None:
        return None
    lines, body = parts
    try:
        data = _yaml().load("\n".join(lines)) if lines else None
    except YAMLError as exc:
        report(f"frontmatter is not valid YAML: {' '.join(str(exc).split())}")
        return None
    if not isinstance(data, dict):
        report("frontmatter is not a YAML mapping")
        return None
    _bare_booleans(lines, report)
    return data, body


def _bare_booleans(lines: list[str], report: _Report) -> None:
    """A boolean written as a string ('"true"') reads as a string in Cursor: not a boolean."""
    for line in lines:
        key, sep, value = line.partition(":")
        if sep and value.strip().strip("'\"").lower() in ("true", "false") and \
                value.strip()[:1] in ("'", '"'):
            report(f"'{key.strip()}' is a quoted boolean; write bare true or false")


def _one_line_text(value: object, key: str, report: _Report, limit: int = 0) -> None:
    if not isinstance(value, str) or not value.strip():
        report(f"'{key}' must be a non-empty string")
        return
    if "\n" in value.strip():
        report(f"'{key}' must be on one line")
    if limit and len(value) > limit:
        report(f"'{key}' is longer than {limit} characters")


def lint_agent(path: str, text: str) -> list[Problem]:
    report = _Report(path)
    parsed = yaml_frontmatter(text, report)
    if parsed is None:
        return report.problems
    meta, body = parsed
    for key in sorted(set(meta) - AGENT_KEYS, key=str):
        report(f"unknown subagent key '{key}' (Cursor reads {', '.join(sorted(AGENT_KEYS))})")
    stem = Path(path).stem
    name = meta.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        report("'name' must be lowercase letters, digits and single hyphens")
    elif name != stem:
        report(f"'name' {name!r} differs from the file name {stem!r}")
    _one_line_text(meta.get("description"), "description", report)
    model = meta.get("model", "inherit")
    if not isinstance(model, str) or not MODEL_RE.match(model):
        report("'model' must be 'inherit' or a model id")
    for key in AGENT_BOOLS:
        if key in meta and not isinstance(meta[key], bool):
            report(f"'{key}' must be a bare boolean")
    if not body.strip():
        report("has no body (the body is the subagent's prompt)")
    return report.problems


def lint_skill(path: str, text: str) -> list[Problem]:
    report = _Report(path)
    parsed = yaml_frontmatter(text, report)
    if parsed is None:
        return report.problems
    meta, _body = parsed
    if Path(path).name != "SKILL.md":
        report("a skill file must be named SKILL.md")
    for key in sorted(set(meta) - SKILL_KEYS, key=str):
        report(f"unknown skill key '{key}'")
    folder = Path(path).parent.name
    name = meta.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name) or len(name) > 64:
        report("'name' must be 1-64 lowercase letters, digits and single hyphens")
    elif name != folder:
        report(f"'name' {name!r} differs from the folder name {folder!r}")
    elif name in BUILT_IN_SKILLS:
        report(f"'{name}' is a Cursor built-in skill name")
    description = meta.get("description")
    _one_line_text(description, "description", report, limit=1024)
    if isinstance(description, str) and ("<" in description or ">" in description):
        report("'description' must not contain '<' or '>'")
    if "disable-model-invocation" in meta and \
            not isinstance(meta["disable-model-invocation"], bool):
        report("'disable-model-invocation' must be a bare boolean")
    metadata = meta.get("metadata", {})
    if not isinstance(metadata, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
        report("'metadata' must map strings to strings")
    if "color" in meta and meta["color"] not in SKILL_COLORS:
        report(f"'color' must be one of {', '.join(sorted(SKILL_COLORS))}")
    return report.problems


def lint_hooks(path: str, text: str) -> list[Problem]:
    report = _Report(path)
    try:
        data = json.loads(text)
    except ValueError as exc:
        report(f"is not valid JSON: {exc}")
        return report.problems
    if not isinstance(data, dict):
        report("is not a JSON object")
        return report.problems
    for key in sorted(set(data) - {"version", "hooks"}):
        report(f"unknown top-level key '{key}'")
    version = data.get("version")
    if version != 1 or isinstance(version, bool):
        report("'version' must be the number 1")
    hooks = data.get("hooks")
    if not isinstance(hooks, dict):
        report("'hooks' must be an object of event name to entries")
        return report.problems
    for event, entries in hooks.items():
        if event not in HOOK_EVENTS:
            hint = next((e for e in HOOK_EVENTS if e.lower() == str(event).lower()), None)
            report(f"unknown event '{event}'" + (f" (did you mean '{hint}'?)" if hint else
                                                  "; Cursor silently ignores it"))
        if not isinstance(entries, list):
            report(f"'{event}' must be a list of entries")
            continue
        for i, entry in enumerate(entries):
            _lint_hook_entry(f"{event}[{i}]", event, entry, report)
    return report.problems


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _lint_hook_entry(where: str, event: str, entry: object, report: _Report) -> None:
    if not isinstance(entry, dict):
        report(f"{where} must be an object")
        return
    if "hooks" in entry:
        report(f"{where} is a matcher group; Cursor entries are flat (no nested 'hooks')")
    for key in sorted(set(entry) - HOOK_KEYS - {"hooks"}):
        report(f"{where} has unknown key '{key}'")
    kind = entry.get("type", "command")
    if kind == "command":
        command = entry.get("command")
        if not isinstance(command, str) or not command.strip():
            report(f"{where} needs a non-empty string 'command'")
    elif kind == "prompt":
        if not isinstance(entry.get("prompt"), str) or not entry["prompt"].strip():
            report(f"{where} is a prompt hook without a string 'prompt'")
    else:
        report(f"{where} has 'type' {kind!r}; expected 'command' or 'prompt'")
    if "matcher" in entry:
        matcher = entry["matcher"]
        if not isinstance(matcher, str) or not matcher:
            report(f"{where} 'matcher' must be a non-empty string")
        elif event in TOOL_EVENTS:
            unknown = [t for t in matcher.split("|")
                       if t not in TOOL_TYPES and not t.startswith("MCP:")]
            if unknown:
                report(f"{where} matches unknown tool type(s) {', '.join(unknown)} "
                       f"(Cursor's are {', '.join(sorted(TOOL_TYPES))}, MCP:<tool>)")
    if "timeout" in entry and (not _is_number(entry["timeout"]) or entry["timeout"] <= 0):
        report(f"{where} 'timeout' must be a positive number of seconds")
    elif "timeout" in entry and entry["timeout"] > 3600:
        report(f"{where} 'timeout' is over an hour; Cursor timeouts are seconds, not ms")
    if "failClosed" in entry and not isinstance(entry["failClosed"], bool):
        report(f"{where} 'failClosed' must be a boolean")
    if "loop_limit" in entry and entry["loop_limit"] is not None and \
            not _is_number(entry["loop_limit"]):
        report(f"{where} 'loop_limit' must be a number or null")


def lint_mdc(path: str, text: str) -> list[Problem]:
    """Cursor's rule frontmatter, read line by line as ``key: rest-of-line`` (cursor.md §2.3)."""
    report = _Report(path)
    if not path.endswith(".mdc"):
        report("Cursor ignores rule files that do not end in .mdc")
        return report.problems
    parts = split_frontmatter(text, report)
    if parts is None:
        return report.problems
    lines, body = parts
    values: dict[str, str] = {}
    for line in lines:
        if not line.strip():
            continue
        if line[:1].isspace() or line.lstrip().startswith("- "):
            report(f"continuation line {line!r}: Cursor reads one 'key: value' per line "
                   "(no YAML lists or block scalars)")
            continue
        key, sep, value = line.partition(":")
        if not sep:
            report(f"line {line!r} is not 'key: value'")
            continue
        if key not in MDC_KEYS:
            report(f"unknown rule key '{key}' (Cursor reads {', '.join(MDC_KEYS)})")
        if key in values:
            report(f"'{key}' appears twice")
        values[key] = value.strip()
    _lint_mdc_values(values, report)
    if not body.strip():
        report("has no body")
    return report.problems


def _lint_mdc_values(values: dict[str, str], report: _Report) -> None:
    always = values.get("alwaysApply")
    if always is not None and always not in ("true", "false"):
        report(f"'alwaysApply' is {always!r}; write bare true or false")
    globs = values.get("globs")
    if globs is not None:
        if not globs:
            report("'globs' is empty (a YAML list under 'globs:' is read as no globs)")
        elif globs[:1] in ("[", "{") or any(q in globs for q in "\"'"):
            report("'globs' must be unquoted comma-separated patterns on one line; quotes and "
                   "brackets become part of the pattern and match nothing")
        elif any(not g.strip() for g in globs.split(",")):
            report("'globs' has an empty pattern between commas")
    description = values.get("description")
    if description is not None:
        if not description:
            report("'description' is empty")
        elif description[0] in "|>":
            report("'description' is a YAML block scalar; Cursor reads one line only")
        elif description[0] in "#*&![{\"'":
            report(f"'description' starts with {description[0]!r}; write it unquoted, not "
                   "starting with # * & ! [ { or a quote")
    if always == "true" and (globs is not None or description is not None):
        report("an alwaysApply rule ignores 'globs' and 'description'; omit them")


def lint_agents_md(path: str, text: str) -> list[Problem]:
    report = _Report(path)
    if text.startswith("---\n"):
        report("AGENTS.md is plain Markdown; Cursor does not read frontmatter in it")
    return report.problems


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def lint_tree(root: Path) -> list[Problem]:
    """Every Cursor-read file wazir might write under ``root``."""
    problems: list[Problem] = []

    def read(path: Path) -> str | None:
        try:
            return path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(_rel(root, path), "is not UTF-8"))
            return None

    def check(path: Path, linter: Any) -> None:
        text = read(path)
        if text is not None:
            problems.extend(linter(_rel(root, path), text))

    agents = root / ".cursor/agents"
    for path in sorted(agents.glob("*")) if agents.is_dir() else []:
        if path.suffix == ".md":
            check(path, lint_agent)
        else:
            problems.append(Problem(_rel(root, path), "is not a .md subagent file"))
    for folder in SKILL_ROOTS:
        skills = root / folder
        for path in sorted(skills.rglob("*")) if skills.is_dir() else []:
            if path.name.lower() == "skill.md":
                check(path, lint_skill)
    if (root / ".cursor/hooks.json").is_file():
        check(root / ".cursor/hooks.json", lint_hooks)
    rules = root / ".cursor/rules"
    for path in sorted(rules.rglob("*")) if rules.is_dir() else []:
        if path.is_file():
            check(path, lint_mdc)
    if (root / "AGENTS.md").is_file():
        check(root / "AGENTS.md", lint_agents_md)
    return sorted(problems)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: cursor_lint.py <project folder>", file=sys.stderr)
        return 2
    problems = lint_tree(Path(argv[0]))
    for problem in problems:
        print(problem)
    print("cursor: ok" if not problems else f"cursor: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
