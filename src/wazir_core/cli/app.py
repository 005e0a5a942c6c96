"""The ``wazir`` command: a typer app whose commands live in small modules beside it."""

from __future__ import annotations

import typer

from wazir_core.cli import (
    cmd_build,
    cmd_compose,
    cmd_content,
    cmd_runtime,
    cmd_scaffold,
    cmd_targets,
)

app = typer.Typer(
    name="wazir",
    help="Compile agent-engineering content into the native files of AI coding hosts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from wazir_core.__main__ import version_lines

        typer.echo("\n".join(version_lines()))
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True,
        help="Show the wazir version and the installed host plugins, then exit.",
    ),
) -> None:
    """Wazir compiles one set of roles, workflows, skills, expertise and hooks for every host."""


for module in (cmd_content, cmd_compose, cmd_build, cmd_targets, cmd_runtime, cmd_scaffold):
    module.register(app)


def run() -> None:
    app()
