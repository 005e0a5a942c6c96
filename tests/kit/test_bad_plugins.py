"""Bad third-party plugins, as users meet them: built as real wheels at test time and installed
(not editable) into one ``--target`` folder beside a healthy plugin.

Each case checks a clear message, the right exit code, no traceback, nothing written, and
that ``wazir targets`` still lists the healthy target as ok.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from wazir_core._version import PLUGIN_API_VERSION

from .helpers import files_under, install, pytest_args, run, wazir, write_tree

pytestmark = pytest.mark.slow

HEADER = '''\
from __future__ import annotations

from wazir_core.bundle import Bundle
from wazir_core.plugins.fileset import FileSet
from wazir_core.plugins.hookspecs import hookimpl
from wazir_core.plugins.target import Emit, JinjaTarget, Target
'''


def target_module(name: str, body: str = "", plugin_api: str = PLUGIN_API_VERSION,
                  base: str = "Target", extra: str = "") -> str:
    """A module with one target named ``name``; ``body`` replaces the default render."""
    render = body or f'''
    def render(self, bundle: Bundle) -> FileSet:
        files = FileSet()
        for role in bundle.content.roles.values():
            files.add(f".{name}/{{role.id}}.md", f"# {{role.title}}\\n")
        return files
'''
    return f'''{HEADER}{extra}

class Plugin({base}):
    name = "{name}"
    display_name = "{name.title()}"
    description = "Test plugin {name}."
    plugin_api = "{plugin_api}"
    output_roots = (".{name}",)
    kinds = frozenset({{"role"}})
{render}

@hookimpl
def wazir_targets() -> list[Target]:
    return [Plugin()]
'''


def hatch_project(root: Path, dist: str, entries: dict[str, str], modules: dict[str, str]
                  ) -> Path:
    package = dist.replace("-", "_")
    lines = "\n".join(f'{k} = "{v}"' for k, v in entries.items())
    files = {"pyproject.toml": f'''[project]
name = "{dist}"
version = "1.2.3"
requires-python = ">=3.11"
dependencies = ["wazir"]

[project.entry-points."wazir.targets"]
{lines}

[build-system]
requires = ["hatchling>=1.24"]
build-backend = "hatchling.build"

[tool.hatch.build.targets.wheel]
packages = ["src/{package}"]
'''}
    files |= {f"src/{path}": text for path, text in modules.items()}
    return write_tree(root / dist, files)


FORGETFUL_PLAN = '''
    plan = (Emit("role", ".forgetful/{{ role.id }}.md", "role.md.j2"),)
'''


def forgetful_project(root: Path) -> Path:
    """The classic mistake: setuptools with no package data, so the wheel has no templates/
    although the source tree does."""
    return write_tree(root / "wazir-host-forgetful", {
        "pyproject.toml": '''[project]
name = "wazir-host-forgetful"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["wazir"]

[project.entry-points."wazir.targets"]
forgetful = "wazir_host_forgetful"

[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[tool.setuptools]
package-dir = {"" = "src"}
packages = ["wazir_host_forgetful"]
''',
        "src/wazir_host_forgetful/__init__.py": target_module(
            "forgetful", body=FORGETFUL_PLAN, base="JinjaTarget"),
        "src/wazir_host_forgetful/templates/role.md.j2": "# {{ role.title }}\n",
    })


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad-plugins")
    src = root / "src"
    projects = [
        hatch_project(src, "wazir-host-healthy", {"healthy": "wazir_host_healthy"},
                      {"wazir_host_healthy/__init__.py": target_module("healthy")}),
        # An entry point whose module imports a missing dependency, and one naming a module
        # the wheel does not contain.
        hatch_project(src, "wazir-host-broken-import",
                      {"broken-import": "wazir_host_broken_import", "typo": "wazir_host_typo"},
                      {"wazir_host_broken_import/__init__.py": target_module(
                          "broken-import", extra="import wazir_missing_dependency_zz\n")}),
        hatch_project(src, "wazir-host-raiser", {"raiser": "wazir_host_raiser"},
                      {"wazir_host_raiser/__init__.py": target_module("raiser", body='''
    def render(self, bundle: Bundle) -> FileSet:
        raise RuntimeError("raiser cannot render this bundle")
''')}),
        hatch_project(src, "wazir-host-notfileset", {"notfileset": "wazir_host_notfileset"},
                      {"wazir_host_notfileset/__init__.py": target_module("notfileset", body='''
    def render(self, bundle: Bundle) -> FileSet:
        return {".notfileset/x.md": "x"}  # type: ignore[return-value]
''')}),
        hatch_project(src, "wazir-host-future", {"future": "wazir_host_future"},
                      {"wazir_host_future/__init__.py": target_module("future",
                                                                      plugin_api="9.0")}),
        hatch_project(src, "wazir-host-ancient", {"ancient": "wazir_host_ancient"},
                      {"wazir_host_ancient/__init__.py": target_module("ancient",
                                                                       plugin_api="0.3")}),
        hatch_project(src, "wazir-host-twin-a", {"twin": "wazir_host_twin_a"},
                      {"wazir_host_twin_a/__init__.py": target_module("twin")}),
        hatch_project(src, "wazir-host-twin-b", {"twin": "wazir_host_twin_b"},
                      {"wazir_host_twin_b/__init__.py": target_module("twin")}),
        forgetful_project(src),
    ]
    site = root / "site"
    install(site, *projects)
    assert (site / "wazir_host_healthy").is_dir()
    assert not (site / "wazir_host_forgetful" / "templates").exists(), \
        "the forgetful wheel was meant to lack its templates"
    return site


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    return folder


def listing(site: Path, cwd: Path, *extra: str) -> dict[str, dict[str, Any]]:
    proc = wazir("targets", "--json", *extra, cwd=cwd, site=site)
    assert proc.returncode == 0, proc.stderr
    return {t["name"]: t for t in json.loads(proc.stdout)}


def assert_healthy_still_listed(site: Path, cwd: Path) -> None:
    infos = listing(site, cwd)
    assert infos["healthy"]["status"] == "ok", infos["healthy"]
    assert infos["healthy"]["distribution"] == "wazir-host-healthy"


# The listing -----------------------------------------------------------------------------

def test_targets_lists_each_problem_with_a_fix_and_the_healthy_target_as_ok(
        site: Path, project: Path) -> None:
    infos = listing(site, project)
    assert infos["healthy"]["status"] == "ok"
    expected = {
        "broken-import": ("failed to load", "No module named 'wazir_missing_dependency_zz'",
                          "pip install --force-reinstall wazir-host-broken-import"),
        "typo": ("failed to load", "No module named 'wazir_host_typo'",
                 "lacks its own module"),
        "future": ("incompatible", f"plugin API 9.0, but this wazir speaks "
                                   f"{PLUGIN_API_VERSION}", "pip install --upgrade wazir"),
        "ancient": ("incompatible", "plugin API 0.3",
                    "pip install --upgrade wazir-host-ancient"),
        "twin": ("duplicate name", "wazir-host-twin-a",
                 "pip uninstall wazir-host-twin-a or pip uninstall wazir-host-twin-b"),
        # These load fine; they fail only when rendering.
        "raiser": ("ok", "", ""),
        "notfileset": ("ok", "", ""),
        "forgetful": ("ok", "", ""),
    }
    for name, (status, why, fix) in expected.items():
        info = infos[name]
        assert info["status"] == status, info
        assert why in info["reason"], info
        assert fix in info["hint"], info
    assert "wazir-host-twin-b" in infos["twin"]["reason"]
    assert "needs a newer wazir" in infos["future"]["hint"]

    text = wazir("targets", cwd=project, site=site)
    assert text.returncode == 0
    assert "why: ModuleNotFoundError: No module named 'wazir_missing_dependency_zz'" in \
        text.stdout
    assert "fix: wazir-host-broken-import imports 'wazir_missing_dependency_zz'" in text.stdout


def test_verbose_listing_shows_where_each_plugin_comes_from_and_why_it_fails(
        site: Path, project: Path) -> None:
    proc = wazir("targets", "--verbose", cwd=project, site=site)
    assert proc.returncode == 0, proc.stderr
    blocks = _blocks(proc.stdout)
    healthy = blocks["healthy"]
    assert f"entry point: healthy = wazir_host_healthy (wazir-host-healthy 1.2.3 in {site})" \
        in healthy
    assert f"file: {site / 'wazir_host_healthy' / '__init__.py'}" in healthy
    assert "output roots: .healthy" in healthy
    broken = blocks["broken-import"]
    assert "why: ModuleNotFoundError" in broken and "fix: " in broken
    assert f"(wazir-host-broken-import 1.2.3 in {site})" in broken
    assert "module: wazir_host_broken_import" in broken
    twin = blocks["twin"]
    assert "entry point: twin = wazir_host_twin_a" in twin
    assert "entry point: twin = wazir_host_twin_b" in twin
    assert "fix: the plugin needs a newer wazir" in blocks["future"]
    forgetful = blocks["forgetful"]
    assert "wazir_host_forgetful/templates (not in the installed package" in forgetful
    assert "was the wheel built without templates/?" in forgetful


def _blocks(stdout: str) -> dict[str, str]:
    out: dict[str, str] = {}
    name = ""
    for line in stdout.splitlines():
        if line and not line.startswith(" "):
            name = line.split()[0]
        out[name] = out.get(name, "") + line + "\n"
    return out


# Building a bad target -------------------------------------------------------------------

@pytest.mark.parametrize(("name", "messages"), [
    ("broken-import", ["target 'broken-import' failed to load",
                       "ModuleNotFoundError: No module named 'wazir_missing_dependency_zz'",
                       "pip install --force-reinstall wazir-host-broken-import"]),
    ("typo", ["target 'typo' failed to load", "No module named 'wazir_host_typo'"]),
    ("raiser", ["target 'raiser' failed while rendering",
                "RuntimeError: raiser cannot render this bundle"]),
    ("notfileset", ["target 'notfileset' returned dict, not a FileSet"]),
    ("future", ["target 'future' incompatible",
                f"plugin API 9.0, but this wazir speaks {PLUGIN_API_VERSION}"]),
    ("ancient", ["target 'ancient' incompatible", "plugin API 0.3",
                 "pip install --upgrade wazir-host-ancient"]),
    ("twin", ["target 'twin' duplicate name", "wazir-host-twin-a (wazir_host_twin_a)",
              "wazir-host-twin-b (wazir_host_twin_b)", "uninstall one of them"]),
    ("forgetful", ["target 'forgetful' failed while rendering", "'templates' directory",
                   "'wazir_host_forgetful'"]),
])
def test_building_a_bad_target_fails_clearly_and_writes_nothing(
        site: Path, project: Path, name: str, messages: list[str]) -> None:
    proc = wazir("build", "--target", name, cwd=project, site=site)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    for message in messages:
        assert message in proc.stderr, proc.stderr
    assert files_under(project) == []
    assert_healthy_still_listed(site, project)


@pytest.mark.parametrize(("name", "message"), [
    ("raiser", "target 'raiser' failed while rendering"),
    ("twin", "target 'twin' duplicate name"),
])
def test_a_bad_target_in_a_json_build_report(site: Path, project: Path, name: str,
                                             message: str) -> None:
    proc = wazir("build", "--target", name, "--json", cwd=project, site=site)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["ok"] is False
    assert any(message in d["message"] for d in report["diagnostics"]), report
    assert files_under(project) == []


def test_the_healthy_target_builds_beside_the_bad_ones(site: Path, project: Path) -> None:
    proc = wazir("build", "--target", "healthy", cwd=project, site=site)
    assert proc.returncode == 0, proc.stderr
    assert ".healthy/reviewer.md" in files_under(project)


def test_strict_plugins_makes_any_failure_fatal_with_a_message(site: Path,
                                                                project: Path) -> None:
    proc = wazir("targets", cwd=project, site=site, WAZIR_STRICT_PLUGINS="1")
    assert proc.returncode == 1
    assert "failed to load" in proc.stderr or "incompatible" in proc.stderr, proc.stderr
    healthy = wazir("build", "--target", "healthy", cwd=project, site=site,
                    WAZIR_STRICT_PLUGINS="1")
    assert healthy.returncode == 0, "only the plugin being built is loaded"


# A plugin under development (WAZIR_PLUGINS) ----------------------------------------------

def test_a_development_module_that_fails_to_import_is_listed_with_a_hint(
        site: Path, tmp_path: Path, project: Path) -> None:
    dev = write_tree(tmp_path / "dev", {"my_dev_plugin.py": "raise ImportError('half-written')\n"})
    paths = os.pathsep.join([str(dev), str(site)])
    proc = wazir("targets", "--json", cwd=project, PYTHONPATH=paths,
                 WAZIR_PLUGINS="my_dev_plugin")
    assert proc.returncode == 0, proc.stderr
    infos = {t["name"]: t for t in json.loads(proc.stdout)}
    assert infos["my_dev_plugin"]["status"] == "failed to load"
    assert "ImportError: half-written" in infos["my_dev_plugin"]["reason"]
    assert 'python -c "import my_dev_plugin"' in infos["my_dev_plugin"]["hint"]
    assert infos["healthy"]["status"] == "ok"


# Templates missing from the wheel --------------------------------------------------------

def test_the_contract_kit_catches_templates_missing_from_the_installed_wheel(
        site: Path, tmp_path: Path) -> None:
    """The source tree has its templates; the installed wheel does not. The kit tests the
    installed package, so it fails, naming the missing templates."""
    tests = write_tree(tmp_path / "forgetful-tests", {
        "conftest.py": 'pytest_plugins = ["wazir_core.testing.plugin"]\n',
        "test_contract.py": ("from wazir_core.testing import TargetContract\n\n\n"
                             "class TestForgetful(TargetContract):\n"
                             '    target_name = "forgetful"\n'),
    })
    proc = run([*pytest_args(), "-v", "--tb=short", tests], tests, site)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "test_plan_templates_ship_with_the_installed_package FAILED" in out
    assert "templates not in the installed package: ['role.md.j2']" in out
    assert "test_discoverable_through_installed_entry_point PASSED" in out
