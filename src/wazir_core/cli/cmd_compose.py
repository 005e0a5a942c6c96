"""``wazir compose``: which expertise a role gets, and why."""

from __future__ import annotations

from pathlib import Path

import typer

from wazir_core.cli.output import emit_json, fail, usage


def compose(
    role: str = typer.Option(..., "--role", "-r", help="The role to compose."),
    stack: list[str] = typer.Option(None, "--stack", "-s", help="A stack (repeatable); "
                                                                "default: wazir.yaml or detected."),
    concern: list[str] = typer.Option(None, "--concern", "-c", help="A concern (repeatable)."),
    project: Path = typer.Option(Path("."), "--project", "-p", help="The project folder."),
    explain: bool = typer.Option(False, "--explain", help="Show layers, tokens and drops."),
    as_json: bool = typer.Option(False, "--json", help="Print the composition as JSON."),
) -> None:
    """Show the expertise modules composed for a role."""
    from wazir_core.build import prepare
    from wazir_core.compose import compose as run
    from wazir_core.diagnostics import WazirError

    try:
        prepared = prepare(project)
    except WazirError as exc:
        fail(exc, as_json)
    content, config = prepared.content, prepared.config
    if role not in content.roles:
        usage(f"unknown role '{role}'; roles: {', '.join(content.roles)}")
    # prepare() already resolved wazir.yaml's stacks (or detected them) and concerns.
    stacks = stack or prepared.info.stacks
    concerns = concern or prepared.info.concerns
    for kind, given, known in (("stack", stack, content.composition.stacks),
                               ("concern", concern, content.composition.concerns)):
        unknown = [g for g in given or () if g not in known]
        if unknown:
            usage(f"unknown {kind} {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    result = run(content, role, stacks, concerns, config.budget)
    if as_json:
        emit_json(result.to_json())
        return
    typer.echo(f"role {role}: {len(result.selected)} modules, ~{result.tokens} tokens "
               f"(estimated; budget {config.budget.max_modules} modules, "
               f"{config.budget.max_tokens} tokens)")
    typer.echo(f"stacks: {', '.join(stacks) or 'none'}; concerns: {', '.join(concerns) or 'none'}")
    for item in result.selected:
        line = f"  {item.module}"
        if explain:
            line = f"  {item.module:<40} {item.layer:<8} {item.source:<28} {item.tokens:>6}"
        typer.echo(line)
    if explain:
        if not result.decisions:
            typer.echo("decisions: none (nothing duplicated or dropped)")
        for d in result.decisions:
            typer.echo(f"  {d.action}: {d.module} from {d.source} ({d.layer}): {d.reason}")
        overrides = [o for o in content.overrides if o.kind == "module"]
        for o in overrides:
            by = o.by.path if o.by else "?"
            typer.echo(f"  override: module {o.id} replaced by {by}")


def register(app: typer.Typer) -> None:
    app.command()(compose)
