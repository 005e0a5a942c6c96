"""``TargetContract``: every check a host plugin must pass, inherited by subclassing.

    from wazir_core.testing import TargetContract

    class TestMyHost(TargetContract):
        target_name = "myhost"

The checks run against the *installed* plugin (found through its entry point), so a plugin
that forgets to ship its templates in the wheel fails here, not in a user's project.
"""

from __future__ import annotations

from importlib import resources
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import pytest

from wazir_core.diagnostics import has_errors
from wazir_core.plugins.fileset import FileSet
from wazir_core.plugins.hookspecs import ENTRY_POINT_GROUP
from wazir_core.plugins.host import api_compatible
from wazir_core.plugins.target import KINDS, JinjaTarget, Target
from wazir_core.testing.golden import compare_golden
from wazir_core.testing.project import SAMPLE_PACK, host_for, render_sample
from wazir_core.testing.snapshot import fileset_snapshot
from wazir_core.writing.paths import path_problem

if TYPE_CHECKING:
    from wazir_core.bundle import Bundle

#: A unique word planted in each kind of sample content, to find it in the output.
_PROBES = {"role": "Polyglot", "workflow": "Intake", "skill": "probe-skill",
           "expertise": "Edge cases", "hook": "guard", "instructions": "intake"}
#: The loaded target and its render of the sample pack, per contract class.
_TARGETS: dict[type, Target] = {}
_RENDERED: dict[type, FileSet] = {}


class TargetContract:
    """Subclass and set ``target_name``; optionally ``golden_dir`` and ``override_template``."""

    target_name: ClassVar[str] = ""
    #: Where golden files live; default ``golden/<target>`` beside the test module.
    golden_dir: ClassVar[Path | None] = None
    #: A template the target renders, used to prove a project override wins (JinjaTarget
    #: subclasses default to the first template of their plan).
    override_template: ClassVar[str | None] = None

    # Loaded and rendered once per contract class. Cached by hand rather than through
    # class-scoped fixtures, which pytest 9 deprecates as instance methods.

    @pytest.fixture
    def target(self) -> Target:
        if type(self) not in _TARGETS:
            _TARGETS[type(self)] = host_for(self.target_name).target(self.target_name)
        return _TARGETS[type(self)]

    @pytest.fixture
    def rendered(self, tmp_path_factory: pytest.TempPathFactory) -> FileSet:
        if type(self) not in _RENDERED:
            files, diags = render_sample(self.target_name, tmp_path_factory.mktemp("contract"))
            assert files is not None and not has_errors(diags), "\n".join(map(str, diags))
            _RENDERED[type(self)] = files
        return _RENDERED[type(self)]

    # Discovery and compatibility --------------------------------------------------------

    def test_discoverable_through_installed_entry_point(self) -> None:
        found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == self.target_name]
        assert found, (f"no '{ENTRY_POINT_GROUP}' entry point named '{self.target_name}': is "
                       "the plugin installed?")
        assert found[0].dist is not None

    def test_entry_name_equals_target_name(self, target: Target) -> None:
        assert target.name == self.target_name

    def test_plugin_api_supported(self, target: Target) -> None:
        assert api_compatible(target.plugin_api), target.plugin_api

    def test_declares_what_it_is(self, target: Target) -> None:
        assert target.display_name and target.description
        assert target.output_roots, "a target must declare where it may write"
        assert target.kinds, "a target must declare the content kinds it supports"

    # Rendering --------------------------------------------------------------------------

    def test_renders_sample_pack(self, rendered: FileSet) -> None:
        assert len(rendered) > 0

    def test_paths_valid_and_inside_roots(self, target: Target, rendered: FileSet) -> None:
        problems = [path_problem(p, target.output_roots) for p in rendered]
        assert not [p for p in problems if p], problems

    def test_no_collisions(self, rendered: FileSet) -> None:
        collisions = [d for d in rendered.diagnostics if "twice" in d.message]
        assert not collisions, collisions

    def test_deterministic(self, rendered: FileSet, tmp_path: Path) -> None:
        again, _ = render_sample(self.target_name, tmp_path)
        assert again is not None
        assert fileset_snapshot(again) == fileset_snapshot(rendered)

    def test_every_supported_kind_yields_output(self, target: Target, rendered: FileSet) -> None:
        text = "\n".join([*rendered.files, *fileset_snapshot(rendered).values()])
        missing = [k for k in sorted(target.kinds) if _PROBES[k] not in text]
        assert not missing, f"no output found for supported kinds: {missing}"

    def test_unsupported_kinds_yield_a_diagnostic(self, target: Target, tmp_path: Path) -> None:
        _, diags = render_sample(self.target_name, tmp_path)
        reported = {d.message.split(" does not support ")[1].split(" ")[0]
                    for d in diags if d.code == "unsupported"}
        assert reported == set(KINDS) - set(target.kinds)

    def test_templates_parse(self, target: Target) -> None:
        folder = resources.files(target.templates_package()) / "templates"
        if not folder.is_dir():
            pytest.skip("the target ships no templates")
        env = target.environment(_empty_bundle())
        names = env.list_templates()
        assert names
        for name in names:
            if not name.startswith("_wazir/"):
                env.get_template(name)

    def test_plan_templates_ship_with_the_installed_package(self, target: Target) -> None:
        if not isinstance(target, JinjaTarget):
            pytest.skip("not a JinjaTarget")
        folder = resources.files(target.templates_package()) / "templates"
        missing = [e.template for e in target.plan if not (folder / e.template).is_file()]
        assert not missing, f"templates not in the installed package: {missing}"

    def test_project_override_wins(self, target: Target, tmp_path: Path) -> None:
        name = self.override_template
        if name is None and isinstance(target, JinjaTarget) and target.plan:
            name = target.plan[0].template
        if name is None:
            pytest.skip("set override_template to the name of a template the target renders")
        marker = "OVERRIDE-WINS-7f3a"
        files, diags = render_sample(self.target_name, tmp_path,
                                     overrides={name: marker + "\n"})
        assert files is not None, diags
        assert any(marker in v for v in fileset_snapshot(files).values())

    def test_golden(self, rendered: FileSet, request: pytest.FixtureRequest) -> None:
        folder = self.golden_dir or Path(str(request.path)).parent / "golden" / \
            f"{self.target_name}-sample"
        compare_golden(fileset_snapshot(rendered), folder)


def _empty_bundle() -> Bundle:
    from wazir_core.bundle import Bundle
    from wazir_core.loading import load_content

    content = load_content([SAMPLE_PACK]).content
    assert content is not None
    return Bundle(content, {})


__all__ = ["TargetContract"]
