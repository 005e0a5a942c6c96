"""Helpers for the Claude Code target's tests: building projects, parsing output, checking the
hook configuration's documented shape, and running the real-client check."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from wazir_host_claude.native import KNOWN_EVENTS

from wazir_core.build import BuildReport, run_build
from wazir_core.plugins.host import PluginHost

HERE = Path(__file__).parent
OVERLAY = HERE / "fixtures" / "overlay"
GOLDEN = HERE / "golden"
REPO = HERE.parents[2]
#: The conformance kit's copy inside the repository (placed there by the lead engineer).
VALIDATE = REPO / "tests" / "conformance" / "kit" / "validate-claude.sh"
#: wazir's own files in a project that are not the target's output.
NOT_OUTPUT = ("wazir.yaml", "overlay/", ".wazir/build-record.json", ".wazir/build.lock")


def make_project(root: Path, overlay: bool = False, config: str = "") -> Path:
    """A project with fixed stacks (so nothing is detected) and, if asked, the overlay pack."""
    root.mkdir(parents=True, exist_ok=True)
    lines = ["stacks: [python]"]
    if overlay:
        shutil.copytree(OVERLAY, root / "overlay", dirs_exist_ok=True)
        lines.append("packs: [overlay]")
    (root / "wazir.yaml").write_text("\n".join(lines) + "\n" + config, encoding="utf-8")
    return root


def build(project: Path, targets: tuple[str, ...] = ("claude",)) -> BuildReport:
    """Build with only the named plugins loaded, so other plugins' state cannot interfere."""
    host = PluginHost()
    host.allow = set(targets)
    return run_build(project, list(targets), host=host)


def errors(report: BuildReport) -> list[str]:
    return [str(d) for d in report.diagnostics if d.severity == "error"]


def output_tree(project: Path) -> dict[str, bytes]:
    """Every generated file under the project, by POSIX path."""
    tree = {p.relative_to(project).as_posix(): p for p in sorted(project.rglob("*"))
            if p.is_file()}
    return {rel: p.read_bytes() for rel, p in tree.items() if not rel.startswith(NOT_OUTPUT)}


def executables(project: Path) -> set[str]:
    """The generated files that carry an executable bit."""
    return {rel for rel in output_tree(project) if os.access(project / rel, os.X_OK)}


def split_frontmatter(text: str) -> tuple[dict[str, Any], str]:
    """Parse a Markdown file's frontmatter with a strict (safe, pure) YAML parser."""
    assert text.startswith("---\n"), "frontmatter must start on line 1"
    end = text.index("\n---\n", 3)
    yaml = YAML(typ="safe", pure=True)
    data = yaml.load(io.StringIO(text[4:end + 1]))
    assert isinstance(data, dict), "frontmatter must be a mapping"
    return data, text[end + 5:]


def hook_shape_problems(settings: dict[str, Any]) -> list[str]:
    """What Claude Code 2.1.332 would reject or ignore in ``settings["hooks"]``: unknown or
    mis-cased events, non-array event values, non-string matchers, handlers without ``type``,
    ``command`` hooks without a command, non-numeric timeouts (the last two disable a whole
    settings file under PreToolUse)."""
    problems: list[str] = []
    hooks = settings.get("hooks")
    if not isinstance(hooks, dict):
        return ["'hooks' must be an object"]
    for event, groups in hooks.items():
        if event not in KNOWN_EVENTS:
            problems.append(f"unknown event '{event}'")
        if not isinstance(groups, list):
            problems.append(f"{event}: value must be an array")
            continue
        for i, group in enumerate(groups):
            where = f"{event}[{i}]"
            if not isinstance(group, dict):
                problems.append(f"{where}: must be an object")
                continue
            extra = sorted(set(group) - {"matcher", "hooks"})
            if extra:
                problems.append(f"{where}: unexpected keys {extra}")
            if "matcher" in group and not isinstance(group["matcher"], str):
                problems.append(f"{where}: matcher must be a string")
            handlers = group.get("hooks")
            if not isinstance(handlers, list) or not handlers:
                problems.append(f"{where}: 'hooks' must be a non-empty array")
                continue
            for j, handler in enumerate(handlers):
                h = f"{where}.hooks[{j}]"
                if not isinstance(handler, dict) or "type" not in handler:
                    problems.append(f"{h}: every handler needs 'type'")
                    continue
                if handler["type"] == "command" and not isinstance(handler.get("command"), str):
                    problems.append(f"{h}: a command handler needs a string 'command'")
                timeout = handler.get("timeout")
                if timeout is not None and (isinstance(timeout, bool)
                                            or not isinstance(timeout, int | float)
                                            or timeout <= 0):
                    problems.append(f"{h}: timeout must be a positive number of seconds")
    return problems


def load_json(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def validate(folder: Path) -> subprocess.CompletedProcess[str]:
    """Run the kit's Claude Code check; exit 0 valid, 1 invalid, 2 client not available."""
    return subprocess.run(["bash", str(VALIDATE), str(folder)], capture_output=True, text=True,
                          timeout=600, check=False)
