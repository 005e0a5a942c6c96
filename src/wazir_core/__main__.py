"""The ``wazir`` console script.

``wazir --version``, ``wazir hook`` and plain ``wazir build`` invocations are answered here
without importing typer (and the first two without pydantic or jinja2), so the commands run
most often start about as fast as Python itself.
"""

from __future__ import annotations

import sys


def installed_targets() -> dict[str, tuple[str, str]]:
    """Target name -> (distribution, version) of the first distribution that declares it."""
    from wazir_core.plugins.discovery import declared_targets

    return {name: (found[0].distribution, found[0].version)
            for name, found in declared_targets().items()}


def version_lines() -> list[str]:
    from wazir_core._version import PLUGIN_API_VERSION, __version__

    lines = [f"wazir {__version__} (plugin API {PLUGIN_API_VERSION})"]
    for target, (dist, version) in installed_targets().items():
        lines.append(f"  target {target}: {dist} {version}")
    return lines


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        print("\n".join(version_lines()))
        return
    if sys.argv[1:2] == ["hook"]:
        # Hosts run a hook on every tool call: skip typer and pydantic entirely.
        from wazir_core.runtime.hookcli import main as hook_main

        raise SystemExit(hook_main(sys.argv[2:]))
    if sys.argv[1:2] == ["build"]:
        from wazir_core.cli.build_run import parse
        from wazir_core.cli.build_run import run as run_build

        options = parse(sys.argv[2:])
        if options is not None:  # the plain forms skip typer; it handles everything else
            run_build(**options)
    from wazir_core.cli.app import run

    run()


if __name__ == "__main__":
    main()
