"""``wazir build`` without typer: builds are run often (by hand, by hooks, in CI), and typer
costs more to import than a cached build takes. Typer still parses anything unusual (help, a
typo, ``--opt=value``), so its errors and help stay the only ones."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from wazir_core.cli.output import emit_json, fail, print_diagnostics

if TYPE_CHECKING:
    from wazir_core.build import Mode

#: Every option of ``wazir build``: flag -> (parameter, takes a value). A test checks that
#: the typer command declares exactly these.
OPTIONS: dict[str, tuple[str, bool]] = {
    "--target": ("target", True), "-t": ("target", True),
    "--project": ("project", True), "-p": ("project", True),
    "--out": ("out", True),
    "--check": ("check", False), "--dry-run": ("dry_run", False),
    "--force": ("force", False), "--json": ("as_json", False),
}

_LABEL = {"added": "add", "missing": "restore", "changed": "update", "removed": "remove",
          "hand-edited": "hand-edited", "conflict": "not wazir's", "orphaned": "orphaned"}


def parse(argv: Sequence[str]) -> dict[str, Any] | None:
    """The options of ``wazir build ARGV`` in their plain forms, or None to leave the
    arguments to typer."""
    found: dict[str, Any] = {"target": [], "project": Path("."), "out": None, "check": False,
                             "dry_run": False, "force": False, "as_json": False}
    args = list(argv)
    while args:
        flag = args.pop(0)
        if flag not in OPTIONS:
            return None
        name, takes_value = OPTIONS[flag]
        if not takes_value:
            found[name] = True
            continue
        if not args or args[0].startswith("-"):
            return None
        value = args.pop(0)
        if name == "target":
            found["target"].append(value)
        else:
            found[name] = Path(value)
    return found


def run(target: Sequence[str], project: Path, out: Path | None, check: bool, dry_run: bool,
        force: bool, as_json: bool) -> NoReturn:
    """Build, then print the plan and a summary per target; exits 0, 1 or 2."""
    from wazir_core.build import run_build, stderr_progress
    from wazir_core.diagnostics import WazirError, has_errors

    mode: Mode = "check" if check else ("dry-run" if dry_run else "build")
    try:
        report = run_build(project, target, out, mode, force,
                           progress=None if as_json else stderr_progress)
    except WazirError as exc:
        fail(exc, as_json)
    if as_json:
        emit_json(report.to_json())
        raise SystemExit(0 if report.ok else 1)
    print_diagnostics(d for d in report.diagnostics if d.severity != "info")
    plan = report.plan
    lines: list[str] = []
    if plan is not None and mode != "build":
        for action in plan.changes():
            owners = ",".join(action.targets)
            extra = f" ({action.message})" if action.message else ""
            lines.append(f"{_LABEL[action.change]:<12} {action.path}  [{owners}]{extra}")
    if plan is not None and not has_errors(report.diagnostics):
        for name in report.targets:
            s = plan.summary(name)
            verb = "would write" if mode != "build" else "written"
            lines.append(f"{name}: {s['written']} {verb}, {s['unchanged']} unchanged, "
                         f"{s['removed']} removed")
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
    if has_errors(report.diagnostics):
        sys.stderr.write(("nothing was written" if mode == "build" else "errors found") + "\n")
    elif mode == "check":
        changes = len(plan.changes()) if plan else 0
        stream = sys.stdout if report.ok else sys.stderr
        stream.write("up to date\n" if report.ok else
                     f"out of date: {changes} difference(s); run `wazir build` to update\n")
    raise SystemExit(0 if report.ok else 1)
