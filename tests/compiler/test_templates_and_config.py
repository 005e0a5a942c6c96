"""Templates under StrictUndefined, and ``wazir.yaml`` mistakes reported at file:line:col."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from wazir_core.config import Budget, ProjectConfig
from wazir_core.diagnostics import WazirError
from wazir_core.loading.config import load_config

from .helpers import FAKE, GEN, tree, wazir

TMPL = f"{FAKE}.tmpl_pkg"


# Templates -----------------------------------------------------------------------------------

def _build_with_override(project: Path, source: str) -> subprocess.CompletedProcess[str]:
    """Build the ``tmpl`` target with ``source`` as the project's override of its template."""
    override = project / ".wazir/templates/tmpl/role.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text(source, encoding="utf-8")
    return wazir("build", "--target", "tmpl", "--project", project, plugins=(TMPL,))


@pytest.mark.slow
def test_a_template_using_an_undefined_field_names_the_template(project: Path) -> None:
    proc = wazir("build", "--target", "tmpl", "--project", project, plugins=(TMPL,))
    assert proc.returncode == 1
    assert "target 'tmpl' failed while rendering (template role.md.j2, line 3)" in proc.stderr
    assert "no_such_field" in proc.stderr
    assert tree(project) == {}


@pytest.mark.slow
def test_a_project_override_using_an_undefined_field_names_the_override(project: Path) -> None:
    proc = _build_with_override(project, "# {{ role.title }}\n\n{{ role.not_here }}\n")
    assert proc.returncode == 1
    assert "(template project override role.md.j2, line 3)" in proc.stderr
    assert "not_here" in proc.stderr
    assert not (project / ".tmpl").exists()


@pytest.mark.slow
def test_a_project_override_replaces_the_plugin_template(project: Path) -> None:
    """The override replaces the broken original template of the plugin."""
    proc = _build_with_override(project, "# {{ role.title }} (overridden)\n")
    assert proc.returncode == 0, proc.stderr
    assert (project / ".tmpl/reviewer.md").read_text().endswith("(overridden)\n")


# wazir.yaml ----------------------------------------------------------------------------------

LOCATED = re.compile(r"wazir\.yaml:(\d+):(\d+): error: ")


@pytest.mark.slow
@pytest.mark.parametrize(("text", "where", "says"), [
    ("targets: [gen]\ntargts: [x]\n", "2:1", "unknown field 'targts'; did you mean 'targets'?"),
    ("budget:\n  max_modules: many\n", "2:3", "'budget.max_modules': expected an integer"),
    ("budget:\n  max_tokenz: 5\n", "2:3", "did you mean 'max_tokens'?"),
    ("stacks: python\n", "1:1", "'stacks': expected a list"),
    ("concerns: [Auth_Stuff]\n", "1:", "is not a valid name"),
    ("targets: [gen\nfoo: 1\n", "2:", "malformed YAML"),
    ("- just\n- a list\n", "1:1", "expected a mapping"),
    ("options:\n  gen:\n    variant: [1]\n", "3:5", "options of target 'gen': field 'variant'"),
    ("options:\n  gen:\n    varaint: new\n", "3:5", "did you mean 'variant'?"),
])
def test_a_bad_wazir_yaml_is_reported_with_file_line_and_column(
        project: Path, text: str, where: str, says: str) -> None:
    (project / "wazir.yaml").write_text(text, encoding="utf-8")
    proc = wazir("build", "--target", "gen", "--project", project, plugins=(GEN,))
    assert proc.returncode == 1
    assert says in proc.stderr, proc.stderr
    found = [f"{m.group(1)}:{m.group(2)}" for m in LOCATED.finditer(proc.stderr)]
    assert any(f.startswith(where) for f in found), (found, proc.stderr)
    assert set(tree(project)) == {"wazir.yaml"}, "nothing may be written on a config error"


@pytest.mark.slow
def test_compose_reports_a_bad_wazir_yaml_too(project: Path) -> None:
    (project / "wazir.yaml").write_text("budget: {max_modules: -1}\n", encoding="utf-8")
    proc = wazir("compose", "--role", "reviewer", "--project", project)
    assert proc.returncode == 1
    assert LOCATED.search(proc.stderr) and "max_modules" in proc.stderr


def test_config_defaults_and_values(project: Path) -> None:
    config, diags = load_config(project)
    assert config == ProjectConfig() and not diags
    assert config is not None and config.budget == Budget(max_modules=15, max_tokens=40000)
    (project / "wazir.yaml").write_text(
        "targets: [toy]\nstacks: [python]\nconcerns: [auth]\nbudget:\n  max_modules: 3\n"
        "output: out\n", encoding="utf-8")
    config, diags = load_config(project)
    assert not diags and config is not None
    assert (config.targets, config.stacks, config.concerns) == (("toy",), ("python",), ("auth",))
    assert config.budget.max_modules == 3 and config.output == "out"


def test_a_missing_project_folder_is_a_usage_error(tmp_path: Path) -> None:
    from wazir_core.build import run_build

    with pytest.raises(WazirError) as caught:
        run_build(tmp_path / "nope", ["toy"])
    assert caught.value.exit_code == 2
