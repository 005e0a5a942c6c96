"""``wazir new-target NAME``: start a third-party host plugin project."""

from __future__ import annotations

from pathlib import Path

import typer

from wazir_core.cli.output import fail


def new_target(
    name: str = typer.Argument(
        ..., metavar="NAME", help="The target name users pass to --target: lowercase words "
                                  "joined by hyphens, at most 64 characters."),
    directory: Path = typer.Option(
        Path("."), "--dir", "-d", metavar="DIR", help="Create wazir-host-NAME/ inside this "
                                                      "folder."),
    force: bool = typer.Option(
        False, "--force", help="Write into an existing wazir-host-NAME/ folder, replacing the "
                               "scaffold's own files."),
) -> None:
    """Create a host plugin project, wazir-host-NAME/, whose tests pass as generated."""
    from wazir_core.diagnostics import WazirError
    from wazir_core.scaffold import new_target as create

    try:
        made = create(name, directory, force)
    except WazirError as exc:
        fail(exc)
    where = made.folder.as_posix()
    typer.echo(f"created {where}/ ({len(made.files)} files)")
    for note in [*made.notes, *_name_taken(name)]:
        typer.echo(f"note: {note}", err=True)
    typer.echo(f'next: cd {where} && pip install -e ".[test]" && pytest')
    typer.echo(f"then, in a project: wazir build --target {name}")
    typer.echo(f"make it yours: {where}/src/{made.package}/__init__.py and its templates/")


def _name_taken(name: str) -> list[str]:
    """A warning when an installed distribution already provides a target of this name."""
    from wazir_core.plugins.discovery import declared_targets

    return [f"a target named '{name}' is already installed ({found.distribution}); "
            "installing this one as well makes the name a duplicate, and neither builds"
            for found in declared_targets().get(name, [])]


def register(app: typer.Typer) -> None:
    app.command("new-target")(new_target)
