"""``wazir targets``: every installed target, its distribution, version and health."""

from __future__ import annotations

import typer

from wazir_core.cli.output import emit_json


def targets(
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show modules, files, "
                                                                 "template folders and roots."),
) -> None:
    """List installed host targets with their versions and status."""
    from wazir_core.plugins.host import PluginHost

    infos = PluginHost().load_all()
    if as_json:
        emit_json([i.to_json() for i in infos])
        return
    if not infos:
        typer.echo("no targets installed; try: pip install wazir-host-claude")
    for info in infos:
        api = f"plugin API {info.plugin_api}" if info.plugin_api else ""
        typer.echo(f"{info.name:<10} {info.distribution} {info.version}  {api}  {info.status}")
        if info.reason:
            typer.echo(f"    why: {info.reason}")
        if info.hint:
            typer.echo(f"    fix: {info.hint}")
        if verbose and info.target is not None:
            t = info.target
            typer.echo(f"    {t.display_name}: {t.description}")
            typer.echo(f"    module: {info.module}")
            for path in info.paths:
                typer.echo(f"    file: {path}")
            typer.echo(f"    templates: {t.templates_package()}/templates, "
                       "then wazir_core.rendering/templates")
            typer.echo(f"    output roots: {', '.join(t.output_roots)}")
            typer.echo(f"    kinds: {', '.join(sorted(t.kinds))}")


def register(app: typer.Typer) -> None:
    app.command()(targets)
