"""The plugin host: a typed facade over pluggy, so no other module calls ``pm.hook``.

It is created explicitly (never at import time) and loads only the plugins it is asked for,
so one broken third-party plugin cannot break a build of another target. Environment:

* ``WAZIR_PLUGINS_ALLOW=a,b`` — only these target names are considered;
* ``WAZIR_PLUGINS_BLOCK=a,b`` — these are ignored;
* ``WAZIR_PLUGINS=pkg.mod,...`` — extra plugin modules to load without installing them;
* ``WAZIR_PLUGINS_TRACE=1`` — pluggy's hook-call tracing on stderr;
* ``WAZIR_STRICT_PLUGINS=1`` — any plugin failure is fatal instead of reported.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from wazir_core._version import PLUGIN_API_VERSION
from wazir_core.diagnostics import Diagnostic, WazirError
from wazir_core.plugins.discovery import ENTRY_POINT_GROUP, Declared, declared_targets

if TYPE_CHECKING:  # imported when a plugin loads: deciding to reuse a build needs none
    from importlib.metadata import EntryPoint

    import pluggy

    from wazir_core.plugins.target import Target

Status = Literal["ok", "failed to load", "incompatible", "duplicate name", "blocked"]


@dataclass
class TargetInfo:
    """One installed target as ``wazir targets`` lists it."""

    name: str
    distribution: str = "(not installed)"
    version: str = ""
    module: str = ""
    status: Status = "ok"
    reason: str = ""
    target: Target | None = None
    plugin_api: str = ""
    hint: str = ""
    paths: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        t = self.target
        return {
            "name": self.name, "distribution": self.distribution, "version": self.version,
            "module": self.module, "status": self.status, "reason": self.reason,
            "hint": self.hint, "plugin_api": self.plugin_api,
            "display_name": t.display_name if t else "",
            "description": t.description if t else "",
            "output_roots": list(t.output_roots) if t else [],
            "kinds": sorted(t.kinds) if t else [],
            "paths": self.paths,
        }


def api_compatible(declared: str) -> bool:
    """Same major version, and a minor version the core already speaks."""
    try:
        major, minor = (int(x) for x in declared.split(".")[:2])
        core_major, core_minor = (int(x) for x in PLUGIN_API_VERSION.split(".")[:2])
    except ValueError:
        return False
    return major == core_major and minor <= core_minor


def _csv(name: str) -> set[str]:
    return {x.strip() for x in os.environ.get(name, "").split(",") if x.strip()}


class PluginHost:
    def __init__(self, entry_point_group: str = ENTRY_POINT_GROUP) -> None:
        self.group = entry_point_group
        self.strict = os.environ.get("WAZIR_STRICT_PLUGINS", "") not in ("", "0")
        self.allow = _csv("WAZIR_PLUGINS_ALLOW")
        self.block = _csv("WAZIR_PLUGINS_BLOCK")
        self._extra_modules = sorted(_csv("WAZIR_PLUGINS"))
        self._registered: dict[str, TargetInfo] = {}
        self._loaded: dict[str, TargetInfo] = {}
        self._entry_points: dict[str, list[EntryPoint]] | None = None

    @functools.cached_property
    def pm(self) -> pluggy.PluginManager:
        """The pluggy manager, made when a plugin first loads (a reused build loads none)."""
        import pluggy

        from wazir_core.plugins import hookspecs

        pm = pluggy.PluginManager(hookspecs.PROJECT)
        pm.add_hookspecs(hookspecs)
        if os.environ.get("WAZIR_PLUGINS_TRACE", "") not in ("", "0"):
            pm.trace.root.setwriter(sys.stderr.write)
            pm.enable_tracing()
        return pm

    # Discovery ---------------------------------------------------------------------------

    def entry_points(self) -> dict[str, list[EntryPoint]]:
        """Installed entry points by name (several under one name is a conflict). Scanning
        every installed distribution is slow, so it happens once per host."""
        if self._entry_points is None:
            from importlib.metadata import entry_points

            found: dict[str, list[EntryPoint]] = {}
            for ep in entry_points(group=self.group):
                found.setdefault(ep.name, []).append(ep)
            self._entry_points = dict(sorted(found.items()))
        return self._entry_points

    @functools.cached_property
    def declared(self) -> dict[str, list[Declared]]:
        """The installed targets as their distributions declare them, read without importing
        importlib.metadata (which loading a plugin then uses)."""
        return declared_targets(self.group)

    def plugin_file(self, name: str) -> str | None:
        """The file of the installed module that provides a target, found without importing
        it; None when unknown, or for a target registered in process (its code may change
        without any file changing), and then builds of it are never reused or skipped."""
        found = self.declared.get(name, [])
        if name in self._registered or len(found) != 1 or not self._allowed(name):
            return None
        from importlib.util import find_spec

        try:
            spec = find_spec(found[0].module)
        except (ImportError, ValueError):
            return None
        return spec.origin if spec is not None else None

    def names(self) -> list[str]:
        return sorted(n for n in set(self.declared) | set(self._registered) if self._allowed(n))

    def _allowed(self, name: str) -> bool:
        """Whether WAZIR_PLUGINS_ALLOW and WAZIR_PLUGINS_BLOCK let a target be considered."""
        return (not self.allow or name in self.allow) and name not in self.block

    # Registration without installing (tests, WAZIR_PLUGINS) ------------------------------

    def register_target(self, target: Target, distribution: str = "(registered in process)"
                        ) -> TargetInfo:
        info = self._check(TargetInfo(target.name, distribution=distribution,
                                      module=type(target).__module__), target)
        self._registered[target.name] = info
        return info

    def _load_extra_modules(self) -> None:
        while self._extra_modules:  # taken off first: each module is tried once
            module_name = self._extra_modules.pop(0)
            try:
                module = importlib.import_module(module_name)
                self.pm.register(module, name=f"extra:{module_name}")
                self.pm.check_pending()
                targets = self._call_targets(f"extra:{module_name}")
            except Exception as exc:
                self._forget(f"extra:{module_name}")
                info = TargetInfo(module_name, module=module_name, status="failed to load",
                                  reason=f"{type(exc).__name__}: {exc}")
                self._registered[module_name] = self._strict(info)
                continue
            for target in targets:
                self.register_target(target, distribution=f"(WAZIR_PLUGINS {module_name})")

    def _forget(self, plugin_name: str) -> None:
        """Unregister a plugin that failed, so its bad hooks cannot fail later loads."""
        plugin = self.pm.get_plugin(plugin_name)
        if plugin is not None:
            self.pm.unregister(plugin, name=plugin_name)

    def _call_targets(self, plugin_name: str) -> list[Target]:
        plugin = self.pm.get_plugin(plugin_name)
        others = [p for p in self.pm.get_plugins() if p is not plugin]
        # Called through pluggy (not the bare function) so WAZIR_PLUGINS_TRACE shows the call.
        caller = self.pm.subset_hook_caller("wazir_targets", remove_plugins=others)
        out: list[Target] = []
        for result in caller():
            if not isinstance(result, list | tuple):
                raise TypeError(f"wazir_targets() returned {type(result).__name__}, "
                                "expected a list of Target objects")
            out += list(result)
        return out

    # Loading -----------------------------------------------------------------------------

    def load(self, name: str) -> TargetInfo:
        """Load the plugin for one target name, isolating any failure into the result."""
        if name not in self._loaded:
            info = self._load(name)
            from wazir_core.plugins.hints import hint

            info.hint = hint(info, self.entry_points().get(name, [])) or info.hint
            self._loaded[name] = self._strict(info)
        return self._loaded[name]

    def _load(self, name: str) -> TargetInfo:
        self._load_extra_modules()
        if not self._allowed(name):
            return TargetInfo(name, status="blocked",
                              reason="blocked by WAZIR_PLUGINS_ALLOW / WAZIR_PLUGINS_BLOCK")
        if name in self._registered:
            return self._registered[name]
        eps = self.entry_points().get(name, [])
        if not eps:
            return TargetInfo(name, status="failed to load", reason="no such target installed",
                              hint=f"pip install wazir-host-{name}")
        first = eps[0]
        info = TargetInfo(name, distribution=first.dist.name if first.dist else "unknown",
                          version=first.dist.version if first.dist else "", module=first.value)
        if len(eps) > 1:
            dists = " and ".join(sorted(
                f"{e.dist.name if e.dist else '?'} ({e.value})" for e in eps))
            info.status, info.reason = "duplicate name", f"target '{name}' is provided by {dists}"
            return info
        try:
            module = first.load()
            # One module may serve several entry points (several targets): register it once.
            plugin_name = self.pm.get_name(module) or f"{self.group}:{name}"
            if self.pm.get_plugin(plugin_name) is None:
                self.pm.register(module, name=plugin_name)
            self.pm.check_pending()
            targets = self._call_targets(plugin_name)
            info.paths = [getattr(module, "__file__", "") or ""]
        except Exception as exc:
            self._forget(f"{self.group}:{name}")
            info.status = "failed to load"
            info.reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
            return info
        matching = [t for t in targets if getattr(t, "name", None) == name]
        if not matching:
            info.status = "failed to load"
            info.reason = (f"the plugin registers no target named '{name}' (entry-point name "
                           "must equal the target name)")
            return info
        return self._check(info, matching[0])

    def _check(self, info: TargetInfo, target: Any) -> TargetInfo:
        from wazir_core.plugins.target import Target

        if not isinstance(target, Target):
            info.status, info.reason = "failed to load", (
                f"registered {type(target).__name__}, not a wazir_core Target")
            return info
        info.target = target
        info.plugin_api = str(target.plugin_api)
        if not api_compatible(info.plugin_api):
            info.status = "incompatible"
            info.reason = (f"plugin API {info.plugin_api}, but this wazir speaks "
                           f"{PLUGIN_API_VERSION}")
        return info

    def _strict(self, info: TargetInfo) -> TargetInfo:
        """Under WAZIR_STRICT_PLUGINS a broken plugin is fatal (an absent one is not)."""
        absent = info.status == "blocked" or info.reason == "no such target installed"
        if self.strict and info.status != "ok" and not absent:
            raise WazirError([Diagnostic("", message=f"target '{info.name}': {info.status}: "
                                                     f"{info.reason}", code="plugin")])
        return info

    def load_all(self) -> list[TargetInfo]:
        self._load_extra_modules()
        return [self.load(name) for name in self.names()]

    def target(self, name: str) -> Target:
        """The usable target, or a usage error that lists the installed targets."""
        info = self.load(name)
        if info.status == "ok" and info.target is not None:
            return info.target
        if info.reason == "no such target installed":
            known = ", ".join(self.names()) or "none"
            raise WazirError([Diagnostic("", message=(
                f"unknown target '{name}'; installed targets: {known}"), code="usage")],
                exit_code=2)
        hint = f" ({info.hint})" if info.hint else ""
        raise WazirError([Diagnostic("", message=f"target '{name}' {info.status}: "
                                                 f"{info.reason}{hint}", code="plugin")])
