"""The ``wazir hook`` command line, usable without typer.

Typer coerces even its ``--help`` flag through pydantic, which costs a hook a few hundred
milliseconds on every tool call; ``wazir_core.__main__`` can call :func:`main` directly.
"""

from __future__ import annotations

import sys
from pathlib import Path

USAGE = ("usage: wazir hook NAME [--host claude|codex|cursor|gemini] [--project DIR] "
         "[--state-root DIR]")
OPTIONS = ("--host", "--project", "--state-root")


def parse(args: list[str]) -> tuple[str | None, dict[str, str]]:
    aliases = {"-p": "--project"}
    name: str | None = None
    options: dict[str, str] = {}
    i = 0
    while i < len(args):
        arg = aliases.get(args[i], args[i])
        key, eq, value = arg.partition("=")
        if key in OPTIONS:
            if not eq:
                i += 1
                value = args[i] if i < len(args) else ""
            options[key] = value
        elif not arg.startswith("-") and name is None:
            name = arg
        i += 1  # unknown options are ignored: a newer hook file must not block every tool
    return name, options


def main(args: list[str]) -> int:
    """Run ``wazir hook ARGS``; returns the exit code the host should see."""
    from wazir_core.runtime.hooks import run_hook

    name, options = parse(args)
    if name is None:
        sys.stderr.write(f"wazir: {USAGE}\n")
        return 1  # not 2: every host reads exit 2 as "block this tool call"
    stdin = None if sys.stdin is None or sys.stdin.isatty() else sys.stdin.buffer
    project = Path(options["--project"]) if options.get("--project") else None
    state_root = Path(options["--state-root"]) if options.get("--state-root") else None
    result = run_hook(name, options.get("--host") or None, stdin, project, state_root)
    if result.stdout:
        sys.stdout.write(result.stdout)
        sys.stdout.flush()
    if result.stderr:
        sys.stderr.write(result.stderr)
        sys.stderr.flush()
    return result.exit_code
