"""Format checks that host plugin tests share: Markdown frontmatter and hook configuration.

The host's own rules (which keys, events, tools and values it accepts) stay in the plugin's
tests; these helpers hold only the parts several hosts document alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from io import StringIO
from typing import Any

#: ``check(where, event, value)`` → problems, for a host's own matcher or handler rules.
HookRule = Callable[[str, str, Any], list[str]]


def split_frontmatter(text: str) -> tuple[dict[str, Any], str]:
    """A Markdown file's frontmatter and body. The frontmatter is fenced by ``---`` lines from
    line 1 and parsed with a strict (safe, pure YAML 1.2) loader.

    Raises ``ValueError`` when there is no fenced block or it is not a mapping, and ruamel's
    ``YAMLError`` when it is not YAML.
    """
    from ruamel.yaml import YAML  # imported on use, as the core does

    if not text.startswith("---\n"):
        raise ValueError("no frontmatter: the file must start with a '---' line")
    end = text.find("\n---\n", 3)
    if end < 0 and text.endswith("\n---"):
        end = len(text) - 4
    if end < 0:
        raise ValueError("frontmatter has no closing '---' line")
    data = YAML(typ="safe", pure=True).load(StringIO(text[4:end + 1]))
    if not isinstance(data, dict):
        raise ValueError("frontmatter is not a YAML mapping")
    return data, text[end + 5:]


def hook_problems(data: Any, events: Collection[str], *,
                  group_keys: Collection[str] = ("matcher", "hooks"),
                  check_matcher: HookRule | None = None,
                  check_handler: HookRule | None = None) -> list[str]:
    """What is wrong with ``{"hooks": {Event: [{"matcher"?, "hooks": [handler, ...]}]}}``,
    the shape Claude Code, Codex and Gemini CLI share: a ``hooks`` object of known events,
    each an array of group objects holding only ``group_keys``, an optional string matcher
    and a non-empty array of handler objects with a ``type``. The host's own rules for a
    matcher and a handler come from ``check_matcher`` and ``check_handler``, called as
    ``(where, event, value)``. An empty list means the shape conforms."""
    hooks = data.get("hooks") if isinstance(data, dict) else None
    if not isinstance(hooks, dict):
        return ["'hooks' must be an object"]
    problems: list[str] = []
    for event, groups in hooks.items():
        where = f"hooks.{event}"
        if event not in events:
            problems.append(f"{where}: unknown event '{event}'")
        if not isinstance(groups, list):
            problems.append(f"{where}: value must be an array")
            continue
        for i, group in enumerate(groups):
            problems += _group_problems(group, f"{where}[{i}]", event, group_keys,
                                        check_matcher, check_handler)
    return problems


def _group_problems(group: Any, where: str, event: str, keys: Collection[str],
                    check_matcher: HookRule | None, check_handler: HookRule | None
                    ) -> list[str]:
    if not isinstance(group, dict):
        return [f"{where}: must be an object"]
    problems: list[str] = []
    extra = sorted(set(group) - set(keys))
    if extra:
        problems.append(f"{where}: unexpected keys {extra}")
    if "matcher" in group:
        if not isinstance(group["matcher"], str):
            problems.append(f"{where}: matcher must be a string")
        elif check_matcher is not None:
            problems += check_matcher(where, event, group["matcher"])
    handlers = group.get("hooks")
    if not isinstance(handlers, list) or not handlers:
        return [*problems, f"{where}: 'hooks' must be a non-empty array"]
    for j, handler in enumerate(handlers):
        at = f"{where}.hooks[{j}]"
        if not isinstance(handler, dict) or "type" not in handler:
            problems.append(f"{at}: a handler must be an object and needs 'type'")
        elif check_handler is not None:
            problems += check_handler(at, event, handler)
    return problems


def anchored_regex_problems(where: str, matcher: str) -> list[str]:
    """A matcher the host reads as a regular expression: anchored with ``^…$`` (so it cannot
    match a longer tool name) and compiling."""
    if not matcher.startswith("^") or not matcher.endswith("$"):
        return [f"{where}: matcher must be an anchored regex (^…$)"]
    try:
        re.compile(matcher)
    except re.error as exc:
        return [f"{where}: matcher is not a regex ({exc})"]
    return []


__all__ = ["HookRule", "anchored_regex_problems", "hook_problems", "split_frontmatter"]
