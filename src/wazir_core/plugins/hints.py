"""What to do about a target that cannot be used, as precisely as the failure allows.

Shared by ``wazir targets`` and by the errors ``wazir build`` reports.
"""

from __future__ import annotations

import re
from importlib.metadata import EntryPoint
from typing import TYPE_CHECKING

from wazir_core._version import PLUGIN_API_VERSION

if TYPE_CHECKING:
    from wazir_core.plugins.host import TargetInfo


def hint(info: TargetInfo, eps: list[EntryPoint]) -> str:
    """What to do about a target that is not usable, as precisely as the failure allows."""
    dist = info.distribution
    installed = not dist.startswith("(")
    if info.status == "incompatible":
        declared = _major_minor(info.plugin_api)
        if declared is None:
            return (f"the plugin declares an invalid plugin_api {info.plugin_api!r}; "
                    f"pip install --upgrade {dist}" if installed else "set plugin_api to "
                    f"the version the target was written for, e.g. '{PLUGIN_API_VERSION}'")
        if declared > (_major_minor(PLUGIN_API_VERSION) or (0, 0)):
            return (f"the plugin needs a newer wazir (plugin API {info.plugin_api}): "
                    "pip install --upgrade wazir")
        return (f"the plugin was written for an older wazir: pip install --upgrade {dist}"
                if installed else f"port the target to plugin API {PLUGIN_API_VERSION}")
    if info.status == "duplicate name":
        names = sorted({ep.dist.name for ep in eps if ep.dist is not None})
        if len(names) > 1:
            return "uninstall one of them: " + " or ".join(f"pip uninstall {n}" for n in names)
        return ""
    if info.status != "failed to load" or info.reason == "no such target installed":
        return ""
    if not installed:  # a WAZIR_PLUGINS module or an in-process registration
        return (f"make '{info.module}' importable (python -c \"import {info.module}\"); "
                "WAZIR_PLUGINS takes module names on sys.path")
    missing = re.match(r"ModuleNotFoundError: No module named '([^']+)'", info.reason)
    if missing:
        top = missing.group(1).split(".")[0]
        if top == info.module.split(".")[0].split(":")[0]:
            return (f"the installed {dist} lacks its own module (a broken install or wheel): "
                    f"pip install --force-reinstall {dist}")
        return (f"{dist} imports '{missing.group(1)}', which is not installed: reinstall the "
                f"plugin with its dependencies (pip install --force-reinstall {dist}) or "
                f"install the package that provides '{top}'")
    if "registers no target named" in info.reason or "not a wazir_core Target" in info.reason:
        return f"the plugin is broken; pip install --upgrade {dist}, or report it to its author"
    return ""


def _major_minor(version: str) -> tuple[int, int] | None:
    found = re.fullmatch(r"(\d+)\.(\d+)(\.\d+)*", version.strip())
    return (int(found.group(1)), int(found.group(2))) if found else None
