"""The ``wazir`` console script.

``wazir --version``, ``wazir hook`` and plain ``wazir build`` invocations are answered here
without importing typer (and the first two without pydantic or jinja2), so the commands run
most often start about as fast as Python itself.
"""

from __future__ import annotations

import sys


def installed_targets() -> dict[str, tuple[str, str]]:
    """Target name -> (distribution, version), read straight from the installed dist-info
    folders: importing importlib.metadata costs more than all the rest of ``--version``."""
    import os

    found: dict[str, tuple[str, str]] = {}
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for name in names:
            if not name.endswith(".dist-info"):
                continue
            try:
                with open(os.path.join(entry or ".", name, "entry_points.txt"),
                          encoding="utf-8") as handle:
                    text = handle.read()
            except OSError:
                continue
            if "[wazir.targets]" not in text:
                continue
            dist, _, version = name[: -len(".dist-info")].rpartition("-")
            section = text.split("[wazir.targets]", 1)[1].split("\n[", 1)[0]
            for line in section.splitlines():
                target, eq, _ = line.partition("=")
                if eq and target.strip():
                    found.setdefault(target.strip(), (dist.replace("_", "-"), version))
    return dict(sorted(found.items()))


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
