"""``wazir new-target``: the scaffold is a complete plugin project that works as generated.

The slow test does exactly what a plugin author does: scaffold, build a wheel, install it
(not editable), run the scaffold's own tests against the installed package, and build a
project with the new target.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wazir_core import __version__
from wazir_core.cli.app import app
from wazir_core.scaffold import Names, name_problem, new_target, project_files, wazir_range

from .helpers import build_wheel, files_under, install, pytest_args, run, wazir


def _invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result.exit_code, result.output


# What a plugin author does ---------------------------------------------------------------

@pytest.mark.slow
def test_scaffold_builds_installs_passes_its_tests_and_builds_a_project(tmp_path: Path) -> None:
    made = wazir("new-target", "demo-host", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    plugin = tmp_path / "wazir-host-demo-host"
    assert "created wazir-host-demo-host/" in made.stdout

    wheel = build_wheel(plugin, tmp_path / "dist")
    site = tmp_path / "site"
    install(site, wheel)
    assert (site / "wazir_host_demo_host" / "templates" / "agent.md.j2").is_file(), \
        "the wheel must ship the templates"

    tests = run([*pytest_args(), "-q", plugin / "tests"], plugin, site)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert " passed" in tests.stdout and "failed" not in tests.stdout
    assert "PytestRemovedIn" not in tests.stdout, "the contract kit must not warn"

    project = tmp_path / "project"
    project.mkdir()
    built = wazir("build", "--target", "demo-host", cwd=project, site=site)
    assert built.returncode == 0, built.stderr
    out = files_under(project)
    assert ".demo-host/agents/wazir-reviewer.md" in out
    assert ".demo-host/commands/wazir-plan.md" in out
    assert any(p.startswith(".demo-host/skills/") and p.endswith("/SKILL.md") for p in out)
    assert "AGENTS.md" in out and "<!-- wazir:begin" in (project / "AGENTS.md").read_text()
    assert any(p.startswith(".wazir/expertise/") for p in out)
    agent = (project / ".demo-host/agents/wazir-reviewer.md").read_text(encoding="utf-8")
    assert agent.startswith("---\nname: wazir-reviewer\n")

    listed = wazir("targets", "--verbose", cwd=project, site=site)
    assert "demo-host" in listed.stdout and "wazir-host-demo-host 0.1.0" in listed.stdout
    assert str(site / "wazir_host_demo_host" / "templates") in listed.stdout

    check = wazir("build", "--target", "demo-host", "--check", cwd=project, site=site)
    assert check.returncode == 0, check.stdout + check.stderr


# The generated project -------------------------------------------------------------------

def test_the_project_has_every_part(tmp_path: Path) -> None:
    made = new_target("demo-host", tmp_path)
    assert made.folder == tmp_path / "wazir-host-demo-host"
    assert made.golden
    files = set(files_under(made.folder))
    for rel in ("pyproject.toml", "README.md", ".gitignore", "tests/conftest.py",
                "tests/test_contract.py", "src/wazir_host_demo_host/__init__.py",
                "src/wazir_host_demo_host/templates/agent.md.j2",
                "src/wazir_host_demo_host/templates/command.md.j2",
                "src/wazir_host_demo_host/templates/skill.md.j2",
                "tests/golden/demo-host-sample/AGENTS.md.golden"):
        assert rel in files, rel
    assert files == set(made.files)
    assert not [f for f in files if f.endswith(".tmpl")]

    meta = tomllib.loads((made.folder / "pyproject.toml").read_text(encoding="utf-8"))
    project = meta["project"]
    assert project["name"] == "wazir-host-demo-host"
    assert project["dependencies"] == ["wazir>=0.1,<0.2"]
    assert project["entry-points"]["wazir.targets"] == {"demo-host": "wazir_host_demo_host"}
    assert project["optional-dependencies"]["test"] == ["wazir[testing]>=0.1,<0.2"]
    assert meta["build-system"]["build-backend"] == "hatchling.build"
    assert meta["tool"]["pytest"]["ini_options"]["testpaths"] == ["tests"]

    conftest = (made.folder / "tests/conftest.py").read_text(encoding="utf-8")
    assert 'pytest_plugins = ["wazir_core.testing.plugin"]' in conftest
    contract = (made.folder / "tests/test_contract.py").read_text(encoding="utf-8")
    assert 'target_name = "demo-host"' in contract and "(TargetContract)" in contract
    source = (made.folder / "src/wazir_host_demo_host/__init__.py").read_text(encoding="utf-8")
    compile(source, "__init__.py", "exec")
    for needle in ("class DemoHostTarget(JinjaTarget)", "@hookimpl", "def wazir_targets()",
                   "ManagedBlock(shared.instructions(bundle))", 'Emit("role"',
                   'Emit("workflow"', 'Emit("skill"', 'plugin_api = "1.0"'):
        assert needle in source, needle


def test_the_golden_files_are_what_the_target_renders(tmp_path: Path) -> None:
    made = new_target("golden-check", tmp_path)
    golden = made.folder / "tests/golden/golden-check-sample"
    stored = files_under(golden)
    assert all(name.endswith(".golden") for name in stored), "stored files carry the suffix"
    names = [name.removesuffix(".golden") for name in stored]
    assert ".golden-check/agents/wazir-polyglot.md" in names
    assert ".golden-check/skills/probe-skill/scripts/probe.sh" in names
    assert ".wazir/expertise/security/edge-cases.md" in names
    text = (golden / ".golden-check/agents/wazir-polyglot.md.golden").read_text(
        encoding="utf-8")
    assert "{{ args }}" in text, "content's template syntax stays literal"
    # Rendering again (in process, from the generated source) gives the same bytes.
    from wazir_core.scaffold import sample_snapshot

    again = sample_snapshot(Names("golden-check"), made.folder / "src")
    assert {p: (golden / f"{p}.golden").read_text(encoding="utf-8") for p in names} == again
    assert "wazir_host_golden_check" not in sys.modules, "the scaffold cleans up its import"


def test_every_file_is_written_through_the_writer(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import wazir_core.writing.apply as apply

    written: list[Path] = []
    real = apply.write_atomic

    def spy(dest: Path, data: bytes) -> None:
        written.append(dest)
        real(dest, data)

    monkeypatch.setattr(apply, "write_atomic", spy)
    made = new_target("spied", tmp_path)
    assert sorted(p.relative_to(made.folder).as_posix() for p in written) == \
        sorted(made.files) == files_under(made.folder)


def test_names_are_spelled_for_each_use() -> None:
    names = Names("3d-studio")
    assert names.dist == "wazir-host-3d-studio"
    assert names.package == "wazir_host_3d_studio"
    assert names.mapping()["class_name"] == "Host3dStudioTarget"
    assert names.display_name == "3d Studio"
    files = project_files(names)
    compile(files["src/wazir_host_3d_studio/__init__.py"], "x.py", "exec")
    compile(files["tests/test_contract.py"], "x.py", "exec")


def test_the_core_range_follows_the_installed_version() -> None:
    assert wazir_range("0.1.0") == ">=0.1,<0.2"
    assert wazir_range("0.7.3") == ">=0.7,<0.8"
    assert wazir_range("1.4.2") == ">=1.4,<2"
    assert wazir_range("2.0.0rc1") == ">=2.0,<3"
    assert wazir_range() == wazir_range(__version__)


# Bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["", "Demo", "demo_host", "demo--host", "-demo", "demo-",
                                  "démo", "a" * 65, "all", "demo host", "../escape"])
def test_a_bad_name_is_a_usage_error(tmp_path: Path, name: str) -> None:
    assert name_problem(name)
    code, output = _invoke("new-target", "--dir", tmp_path, "--", name)
    assert code == 2, output
    assert "invalid target name" in output
    assert "Traceback" not in output
    assert list(tmp_path.iterdir()) == []


def test_a_64_character_name_is_fine() -> None:
    assert name_problem("a" * 64) is None


def test_an_existing_folder_is_left_alone_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "wazir-host-mine"
    folder.mkdir()
    (folder / "pyproject.toml").write_text("keep me\n", encoding="utf-8")
    code, output = _invoke("new-target", "mine", "--dir", tmp_path)
    assert code == 1, output
    assert "already exists" in output and "--force" in output
    assert (folder / "pyproject.toml").read_text(encoding="utf-8") == "keep me\n"
    assert files_under(folder) == ["pyproject.toml"]

    (folder / "NOTES.md").write_text("mine\n", encoding="utf-8")
    code, output = _invoke("new-target", "mine", "--dir", tmp_path, "--force")
    assert code == 0, output
    assert "wazir-host-mine" in (folder / "pyproject.toml").read_text(encoding="utf-8")
    assert (folder / "NOTES.md").read_text(encoding="utf-8") == "mine\n"


def test_a_file_in_the_way_is_an_error_even_with_force(tmp_path: Path) -> None:
    (tmp_path / "wazir-host-mine").write_text("a file\n", encoding="utf-8")
    code, output = _invoke("new-target", "mine", "--dir", tmp_path, "--force")
    assert code == 1
    assert "not a folder" in output


def test_a_name_already_installed_is_a_warning(tmp_path: Path) -> None:
    from importlib.metadata import entry_points

    taken = sorted(ep.name for ep in entry_points(group="wazir.targets"))
    if not taken:
        pytest.skip("no target installed")
    code, output = _invoke("new-target", taken[0], "--dir", tmp_path)
    assert code == 0, output
    assert "already installed" in output and "duplicate" in output


def test_the_default_folder_is_the_current_one(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = _invoke("new-target", "here")
    assert code == 0, output
    assert (tmp_path / "wazir-host-here" / "pyproject.toml").is_file()
    assert "next: cd wazir-host-here && " in output
