"""``wazir build`` and ``wazir init``: generating host files, and starting a project."""

from __future__ import annotations

from pathlib import Path

import typer

from wazir_core.cli.output import emit_json, fail, print_diagnostics

_LABEL = {"added": "add", "missing": "restore", "changed": "update", "removed": "remove",
          "hand-edited": "hand-edited", "conflict": "not wazir's", "orphaned": "orphaned"}


def build(
    target: list[str] = typer.Option(
        None, "--target", "-t", help="Target name (repeatable), or 'all'. Default: the "
                                     "targets in wazir.yaml, else every installed target."),
    project: Path = typer.Option(Path("."), "--project", "-p", help="The project folder."),
    out: Path = typer.Option(None, "--out", help="Write into this folder instead of the "
                                                 "project's output folder."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 if the tree "
                                                      "differs from what a build would write."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan; write nothing."),
    force: bool = typer.Option(False, "--force", help="Replace files wazir does not own or "
                                                      "that were edited by hand."),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
) -> None:
    """Generate the native files of each target host from the content."""
    from wazir_core.build import run_build, stderr_progress
    from wazir_core.diagnostics import WazirError, has_errors

    mode = "check" if check else ("dry-run" if dry_run else "build")
    try:
        report = run_build(project, target or (), out, mode, force,  # type: ignore[arg-type]
                           progress=None if as_json else stderr_progress)
    except WazirError as exc:
        fail(exc, as_json)
    if as_json:
        emit_json(report.to_json())
        raise SystemExit(0 if report.ok else 1)
    print_diagnostics(d for d in report.diagnostics if d.severity != "info")
    plan = report.plan
    if plan is not None and mode != "build":
        for action in plan.changes():
            owners = ",".join(action.targets)
            extra = f" ({action.message})" if action.message else ""
            typer.echo(f"{_LABEL[action.change]:<12} {action.path}  [{owners}]{extra}")
    if plan is not None and not has_errors(report.diagnostics):
        for name in report.targets:
            s = plan.summary(name)
            verb = "would write" if mode != "build" else "written"
            typer.echo(f"{name}: {s['written']} {verb}, {s['unchanged']} unchanged, "
                       f"{s['removed']} removed")
    if has_errors(report.diagnostics):
        typer.echo("nothing was written" if mode == "build" else "errors found", err=True)
    elif mode == "check":
        changes = len(plan.changes()) if plan else 0
        typer.echo("up to date" if report.ok else
                   f"out of date: {changes} difference(s); run `wazir build` to update",
                   err=not report.ok)
    raise SystemExit(0 if report.ok else 1)


def init(
    project: Path = typer.Option(Path("."), "--project", "-p", help="The project folder."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing wazir.yaml."),
) -> None:
    """Write a commented wazir.yaml with the detected stacks."""
    from wazir_core.config_template import write_config
    from wazir_core.diagnostics import WazirError

    try:
        path, stacks = write_config(project, force)
    except WazirError as exc:
        fail(exc)
    typer.echo(f"wrote {path.as_posix()} (stacks detected: {', '.join(stacks) or 'none'})")
    typer.echo("next: wazir build --target <claude|codex|cursor|gemini|all>")


def register(app: typer.Typer) -> None:
    app.command()(build)
    app.command()(init)
