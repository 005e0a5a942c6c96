"""``wazir validate`` and ``wazir schema``: checking content packs and exporting their schemas."""

from __future__ import annotations

from pathlib import Path

import typer

from wazir_core.cli.output import emit_json, fail, finish, print_diagnostics, usage


def validate(
    packs: list[Path] = typer.Argument(
        None, help="Content packs, base first. Default: the bundled pack plus the project's packs."
    ),
    project: Path = typer.Option(Path("."), "--project", "-p", help="The project folder."),
    with_bundled: bool = typer.Option(
        False, "--with-bundled", help="Layer the given packs on top of wazir's bundled pack."
    ),
    stats: bool = typer.Option(False, "--stats", help="Print counts and token estimates."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON report on stdout."),
) -> None:
    """Check content packs: every error at once, each with file:line:col."""
    from wazir_core.diagnostics import WazirError
    from wazir_core.loading.cache import load_content_cached
    from wazir_core.stats import content_stats, format_stats
    from wazir_core.wiring import packs_for, project_config

    if packs:
        chosen = list(packs)
        if with_bundled:
            from wazir_core.bundled import bundled_pack

            chosen.insert(0, bundled_pack())
    else:
        try:
            chosen = packs_for(project, project_config(project))
        except WazirError as exc:
            fail(exc)
    result = load_content_cached(chosen)
    report = content_stats(result.content) if (stats and result.content) else None
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if as_json:
        emit_json({
            "ok": not errors,
            "packs": [p.as_posix() for p in chosen],
            "diagnostics": [d.to_json() for d in result.diagnostics],
            "stats": report,
        })
    else:
        print_diagnostics(result.diagnostics)
        if report:
            typer.echo(format_stats(report))
        if not errors and result.content is not None:
            counts = result.content.counts()
            summary = ", ".join(f"{v} {k}" for k, v in counts.items())
            typer.echo(f"ok: {summary}")
        elif errors:
            typer.echo(f"{len(errors)} error(s)", err=True)
    finish(result.diagnostics)


def schema(
    kind: str = typer.Argument(None, help="One kind (pack, role, workflow, skill, expertise, "
                                          "composition, hook, config); default: all."),
) -> None:
    """Print the JSON Schema of a content kind, for editors and other tools."""
    from wazir_core.schemas import all_schemas

    schemas = all_schemas()
    if kind is None:
        emit_json(schemas)
        return
    if kind not in schemas:
        usage(f"unknown kind '{kind}'; choose one of: {', '.join(schemas)}")
    emit_json(schemas[kind])


def register(app: typer.Typer) -> None:
    app.command()(validate)
    app.command()(schema)
