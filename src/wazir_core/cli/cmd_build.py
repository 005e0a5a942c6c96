"""``wazir build`` and ``wazir init``: generating host files, and starting a project."""

from __future__ import annotations

from pathlib import Path

import typer

from wazir_core.cli.output import fail


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
    from wazir_core.cli.build_run import run

    run(target or (), project, out, check, dry_run, force, as_json)


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
