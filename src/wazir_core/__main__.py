"""The ``wazir`` console script.

``wazir --version`` is answered here without importing typer, pydantic or jinja2, so the
command a user (or a hook) runs most often starts about as fast as Python itself.
"""

from __future__ import annotations

import sys


def version_lines() -> list[str]:
    from importlib.metadata import entry_points

    from wazir_core._version import PLUGIN_API_VERSION, __version__

    lines = [f"wazir {__version__} (plugin API {PLUGIN_API_VERSION})"]
    for ep in sorted(entry_points(group="wazir.targets"), key=lambda e: e.name):
        dist = ep.dist
        where = f"{dist.name} {dist.version}" if dist is not None else "unknown distribution"
        lines.append(f"  target {ep.name}: {where}")
    return lines


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        print("\n".join(version_lines()))
        return
    if sys.argv[1:2] == ["hook"]:
        # Hosts run a hook on every tool call: skip typer and pydantic entirely.
        from wazir_core.runtime.hookcli import main as hook_main

        raise SystemExit(hook_main(sys.argv[2:]))
    from wazir_core.cli.app import run

    run()


if __name__ == "__main__":
    main()
