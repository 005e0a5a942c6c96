"""``wazir targets``: every installed target, its distribution, version and health."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from wazir_core.cli.output import emit_json, fail

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from wazir_core.plugins.host import TargetInfo
    from wazir_core.plugins.target import Target


def targets(
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show modules, files, "
                                                                 "template folders and roots."),
) -> None:
    """List installed host targets with their versions and status."""
    from wazir_core.diagnostics import WazirError
    from wazir_core.plugins.host import PluginHost

    try:
        host = PluginHost()
        infos = host.load_all()
    except WazirError as exc:  # WAZIR_STRICT_PLUGINS=1 and a plugin failed
        fail(exc, as_json)
    eps = host.entry_points()
    if as_json:
        emit_json([i.to_json() for i in infos])
        return
    if not infos:
        typer.echo("no targets installed; try: pip install wazir-host-claude")
    width = max([10, *(len(i.name) for i in infos)])
    for info in infos:
        columns = [f"{info.name:<{width}}", f"{info.distribution} {info.version}".strip(),
                   f"plugin API {info.plugin_api}" if info.plugin_api else "", info.status]
        typer.echo("  ".join(c for c in columns if c))
        if info.reason:
            typer.echo(f"    why: {info.reason}")
        if info.hint:
            typer.echo(f"    fix: {info.hint}")
        if verbose:
            for line in details(info, eps.get(info.name, [])):
                typer.echo(f"    {line}")


def details(info: TargetInfo, eps: list[EntryPoint]) -> list[str]:
    """Where a target comes from and what it may write (``--verbose``)."""
    lines: list[str] = []
    t = info.target
    if t is not None:
        lines.append(f"{t.display_name}: {t.description}")
    for ep in eps:
        dist = ep.dist
        where = f"{dist.name} {dist.version} in {dist.locate_file('')}" if dist else "unknown"
        lines.append(f"entry point: {ep.name} = {ep.value} ({where})")
    if info.module:
        lines.append(f"module: {info.module}")
    lines += [f"file: {path}" for path in info.paths]
    if t is not None:
        lines.append(f"templates: {_templates(t)}")
        lines.append(f"output roots: {', '.join(t.output_roots)}")
        lines.append(f"kinds: {', '.join(sorted(t.kinds))}")
        fields = sorted(getattr(t.options_model, "model_fields", {}))
        lines.append(f"options ({info.name} in wazir.yaml): {', '.join(fields) or 'none'}")
    return lines


def _templates(target: Target) -> str:
    """The override chain, with the folders the installed packages really hold."""
    from importlib import resources

    from wazir_core.plugins.target import JinjaTarget

    package = target.templates_package()
    try:
        folder = resources.files(package) / "templates"
        plugin = str(folder) if folder.is_dir() else ""
    except (ImportError, TypeError):
        plugin = ""
    if not plugin:
        plugin = f"{package}/templates (not in the installed package" + (
            "; its file plan needs them: was the wheel built without templates/?)"
            if isinstance(target, JinjaTarget) and target.plan else ")")
    core = resources.files("wazir_core.rendering") / "templates"
    return (f".wazir/templates/{target.name}/ in the project, then {plugin}, "
            f"then {core} (_wazir/)")


def register(app: typer.Typer) -> None:
    app.command()(targets)
