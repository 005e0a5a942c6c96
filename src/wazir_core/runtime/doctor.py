"""``wazir doctor``: the project's setup checked the way a host will meet it.

The most likely way for guards to do nothing is a hook command the host cannot run (no
``wazir`` on the PATH of the shell the host starts, or hook files never generated), so those
are checked along with the config, the content, the targets and the generated files. Every
failing check says how to fix it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from wazir_core._version import __version__
from wazir_core.diagnostics import WazirError
from wazir_core.filenames import CONFIG_FILE
from wazir_core.runtime.names import describe_error

Status = Literal["pass", "fail", "warn", "skip"]
HOOK_FILES: dict[str, tuple[str, ...]] = {
    "claude": (".claude/settings.json",),
    "codex": (".codex/hooks.json", ".codex/config.toml"),
    "cursor": (".cursor/hooks.json",),
    "gemini": (".gemini/settings.json",),
}
_HOOK_NAME = re.compile(r"\bwazir(?:\.exe)?[\"']?\s+hook\s+([a-z0-9-]+)")
_ABSOLUTE = re.compile(r"^\s*[\"']?(/|[A-Za-z]:[\\/]|~)")


def _walk_commands(data: Any) -> list[str]:
    """Every hook command in a parsed settings file, exec form (``args``) joined."""
    found: list[str] = []
    if isinstance(data, dict):
        command = data.get("command")
        if isinstance(command, str):
            args = data.get("args")
            extra = [a for a in args if isinstance(a, str)] if isinstance(args, list) else []
            found.append(" ".join([command, *extra]))
        for value in data.values():
            found += _walk_commands(value)
    elif isinstance(data, list):
        for value in data:
            found += _walk_commands(value)
    return found


def hook_commands(path: Path) -> dict[str, str]:
    """``wazir hook`` commands in a host's hook file, by hook name."""
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
        commands = _walk_commands(data)
    except ValueError:  # JSON with comments (Gemini) or a damaged file: scan the text
        commands = [line for line in text.splitlines() if "wazir" in line]
    out: dict[str, str] = {}
    for command in commands:
        for match in _HOOK_NAME.finditer(command):
            out.setdefault(match.group(1), command.strip())
    return out


@dataclass
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""


def _errors(exc: Exception) -> str:
    more = len(getattr(exc, "diagnostics", None) or ()) - 5
    return describe_error(exc, 5) + (f" (and {more} more)" if more > 0 else "")


class Doctor:
    def __init__(self, project: Path) -> None:
        self.project = project.resolve()
        self.checks: list[Check] = []
        self.config: Any = None
        self.content: Any = None
        self.state_root: str | None = None

    def add(self, name: str, status: Status, detail: str, fix: str = "") -> None:
        self.checks.append(Check(name, status, detail, fix))

    def run(self) -> dict[str, Any]:
        for step in (self.check_config, self.check_content, self.check_targets,
                     self.check_fresh, self.check_hooks, self.check_path, self.check_state):
            try:
                step()
            except Exception as exc:  # one broken check must not hide the others
                self.add(step.__name__.removeprefix("check_"), "fail",
                         f"the check itself failed: {_errors(exc)}",
                         "report this with the output of `wazir doctor --json`")
        return {
            "healthy": not any(c.status == "fail" for c in self.checks),
            "project_root": self.project.as_posix(),
            "state_root": self.state_root,
            "wazir": __version__,
            "checks": [asdict(c) for c in self.checks],
        }

    def check_config(self) -> None:
        from wazir_core.wiring import project_config

        present = (self.project / CONFIG_FILE).is_file()
        try:
            self.config = project_config(self.project)
        except Exception as exc:
            self.add("config", "fail", f"wazir.yaml is not valid: {_errors(exc)}",
                     "fix the lines named above; `wazir schema config` prints the schema")
            return
        if present:
            self.add("config", "pass", "wazir.yaml is valid")
        else:
            self.add("config", "warn", "no wazir.yaml; the defaults apply",
                     "run `wazir init` to write one with the detected stacks")

    def check_content(self) -> None:
        if self.config is None:
            self.add("content", "skip", "not checked: the config is not valid")
            return
        from wazir_core.loading import load_content
        from wazir_core.wiring import packs_for

        loaded = load_content(packs_for(self.project, self.config))
        errors = [d for d in loaded.diagnostics if d.severity == "error"]
        if errors or loaded.content is None:
            shown = "; ".join(str(d) for d in errors[:5])
            self.add("content", "fail", f"{len(errors)} content error(s): {shown}",
                     "run `wazir validate` and fix each error")
            return
        self.content = loaded.content
        counts = ", ".join(f"{v} {k}" for k, v in loaded.content.counts().items())
        self.add("content", "pass", f"content packs load: {counts}")

    def built_targets(self) -> list[str]:
        from wazir_core.writing.record import read_record

        names = list(self.config.targets) if self.config is not None else []
        names += list(read_record(self.project).targets)
        return [n for n in dict.fromkeys(names) if n != "all"]

    def check_targets(self) -> None:
        from wazir_core.plugins.host import PluginHost

        host = PluginHost()
        installed = host.names()
        wanted = self.built_targets() or installed
        if not wanted:
            self.add("targets", "fail", "no host targets are installed",
                     "pip install 'wazir[hosts]' (or one plugin, e.g. wazir-host-claude)")
            return
        for name in wanted:
            info = host.load(name)
            if info.status == "ok":
                self.add(f"target {name}", "pass", f"{info.distribution} {info.version}, "
                                                   f"plugin API {info.plugin_api}")
            else:
                self.add(f"target {name}", "fail", f"{info.status}: {info.reason}",
                         info.hint or f"pip install wazir-host-{name}")

    def check_fresh(self) -> None:
        from wazir_core.writing.record import read_record

        if not read_record(self.project).targets:
            self.add("generated files", "warn", "nothing has been built in this project yet",
                     "run `wazir build --target <claude|codex|cursor|gemini|all>`")
            return
        from wazir_core.build import run_build

        built = self.built_targets()
        try:
            report = run_build(self.project, built, mode="check")
        except Exception as exc:
            self.add("generated files", "fail", f"the check could not run: {_errors(exc)}",
                     "fix the errors above, then run `wazir build`")
            return
        changes = report.plan.changes() if report.plan is not None else []
        if report.ok:
            self.add("generated files", "pass", f"up to date for {', '.join(built)}")
        else:
            listed = ", ".join(f"{a.path} ({a.change})" for a in changes[:5])
            errors = [str(d) for d in report.diagnostics if d.severity == "error"][:3]
            self.add("generated files", "fail",
                     f"{len(changes)} difference(s): {listed}" if changes else "; ".join(errors),
                     "run `wazir build` (or `wazir build --check` to see the diff)")

    def _expected_hooks(self, host: str) -> list[str]:
        if self.content is None:
            return []
        return sorted(h.id for h in self.content.hooks.values() if h.runs_on(host))

    def check_hooks(self) -> None:
        hosts = [h for h in self.built_targets() if h in HOOK_FILES]
        if not hosts:
            hosts = [h for h, files in HOOK_FILES.items()
                     if any((self.project / f).is_file() for f in files)]
        if not hosts:
            self.add("hooks", "skip", "no host target built yet, so no hook files to check")
            return
        for host in hosts:
            self._check_host_hooks(host)

    def _reuses_claude(self, host: str) -> bool:
        """Cursor runs the hooks in .claude/settings.json; its plugin then writes none."""
        if host != "cursor" or "claude" not in self.built_targets():
            return False
        options = (self.config.options.get("cursor", {}) if self.config is not None else {})
        return bool(options.get("reuse_claude", True))

    def _check_host_hooks(self, host: str) -> None:
        names = HOOK_FILES["claude" if self._reuses_claude(host) else host]
        files = [self.project / f for f in names]
        present = [f for f in files if f.is_file()]
        shown = " or ".join(names)
        fix = f"run `wazir build --target {host}`"
        if not present:
            self.add(f"hooks {host}", "fail", f"{shown} is missing, so no guard runs", fix)
            return
        commands: dict[str, str] = {}
        for path in present:
            for name, command in hook_commands(path).items():
                commands.setdefault(name, command)
        if not commands:
            self.add(f"hooks {host}", "fail", f"{shown} has no `wazir hook` command", fix)
            return
        missing = [h for h in self._expected_hooks(host) if h not in commands]
        absolute = sorted({c for c in commands.values() if _ABSOLUTE.match(c)})
        if missing:
            self.add(f"hooks {host}", "fail", f"{shown} lacks: {', '.join(missing)}", fix)
        elif absolute:
            self.add(f"hooks {host}", "warn", f"hook commands use a machine-specific path: "
                                              f"{absolute[0]}",
                     "use the plain `wazir hook ...` command so the file works on every "
                     "machine; rebuild with `wazir build`")
        else:
            self.add(f"hooks {host}", "pass", f"{len(commands)} wazir hook(s) in {shown}")

    def check_path(self) -> None:
        found = shutil.which("wazir")
        fix = ("install wazir where the shell your host starts finds it, e.g. "
               "`uv tool install wazir` or `pipx install wazir`, then restart the host")
        if found is None:
            self.add("wazir on PATH", "fail", "`wazir` is not on PATH, so hosts cannot run "
                                              "its hooks and every guard silently does nothing",
                     fix)
            return
        try:
            result = subprocess.run([found, "--version"], capture_output=True, text=True,
                                    timeout=20, check=False)
            first = (result.stdout.splitlines() or [""])[0]
        except (OSError, subprocess.SubprocessError) as exc:
            self.add("wazir on PATH", "fail", f"{found} does not run: {exc}", fix)
            return
        if f"wazir {__version__}" not in first:
            self.add("wazir on PATH", "warn", f"{found} reports '{first}', but this is wazir "
                                              f"{__version__}",
                     "upgrade the wazir on PATH so hooks and this command agree")
            return
        self.add("wazir on PATH", "pass", found)

    def check_state(self) -> None:
        from wazir_core.runtime.ledger import find_latest, read_status
        from wazir_core.runtime.stateroot import resolve_state_root

        if self.config is None and (self.project / CONFIG_FILE).is_file():
            self.add("state", "skip", "not checked: the config is not valid")
            return
        root = resolve_state_root(self.project)
        self.state_root = root.path.as_posix()
        where = root.path
        while not where.exists() and where != where.parent:
            where = where.parent
        if not os.access(where, os.W_OK):
            self.add("state", "fail", f"cannot write run state under {where.as_posix()}",
                     "make it writable, or set state_root in wazir.yaml")
            return
        inside = root.path.is_relative_to(self.project)
        detail = f"runs are kept in {root.path.as_posix()} ({root.source})"
        try:
            run = find_latest(root)
            if run is not None:
                status = read_status(run)
                detail += f"; latest run {run.run_id}, phase {status.get('phase')}"
        except WazirError as exc:
            self.add("state", "fail", _errors(exc),
                     "repair or delete the file named, or start a new run with "
                     "`wazir capture init`")
            return
        self.add("state", "warn" if inside else "pass", detail,
                 "keep that folder out of version control (add it to .gitignore)"
                 if inside else "")


def run_doctor(project: Path) -> dict[str, Any]:
    return Doctor(project).run()


def format_doctor(report: dict[str, Any]) -> str:
    lines = []
    for check in report["checks"]:
        lines.append(f"{check['status'].upper():<4} {check['name']}: {check['detail']}")
        if check["fix"] and check["status"] in ("fail", "warn"):
            lines.append(f"     fix: {check['fix']}")
    lines.append("healthy" if report["healthy"] else "not healthy: fix the FAIL lines above")
    return "\n".join(lines)
