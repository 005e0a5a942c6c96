"""The plugin author guide documents the whole plugin API: every hookspec, every public
attribute and method of ``Target`` and ``JinjaTarget``, the FileSet entry kinds, the models
and template context, the shared helpers, the statuses and the environment switches."""

from __future__ import annotations

import inspect
import re
import typing
from pathlib import Path

import pytest

from wazir_core.plugins import fileset, hookspecs, host
from wazir_core.plugins.target import Emit, JinjaTarget, Target

from .helpers import REPO

GUIDE = REPO / "docs" / "plugin-guide.md"


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def mentioned(guide: str, name: str) -> bool:
    """Named as code: `name`, `name(...)`, `name=...` or `.name`."""
    return re.search(rf"`[^`\n]*(?<![\w-]){re.escape(name)}(?![\w-])[^`\n]*`", guide) is not None


def missing(guide: str, names: typing.Iterable[str]) -> list[str]:
    return sorted(n for n in set(names) if not mentioned(guide, n))


def public(cls: type) -> set[str]:
    names = {n for n in vars(cls) if not n.startswith("_")}
    return names | {n for n in getattr(cls, "__annotations__", {}) if not n.startswith("_")}


def test_every_hookspec_is_documented(guide: str) -> None:
    specs = {name for name, obj in vars(hookspecs).items()
             if callable(obj) and hasattr(obj, f"{hookspecs.PROJECT}_spec")}
    assert specs, "no hookspecs found"
    assert missing(guide, specs) == []
    assert mentioned(guide, hookspecs.ENTRY_POINT_GROUP)
    assert mentioned(guide, "hookimpl")


def test_every_public_target_attribute_and_method_is_documented(guide: str) -> None:
    expected = {"name", "display_name", "description", "plugin_api", "output_roots", "kinds",
                "options_model", "template_package", "render", "environment", "add_skill",
                "templates_package"}
    found = public(Target)
    assert expected <= found, f"the Target API changed: {sorted(expected - found)}"
    assert missing(guide, found) == []


def test_every_public_jinja_target_member_and_emit_field_is_documented(guide: str) -> None:
    found = public(JinjaTarget)
    assert {"plan", "extend", "items", "render"} <= found
    assert missing(guide, found) == []
    assert missing(guide, ["Emit", *inspect.signature(Emit).parameters]) == []


def test_every_fileset_entry_kind_and_method_is_documented(guide: str) -> None:
    kinds = [t.__name__ for t in typing.get_args(fileset.Entry)]
    assert len(kinds) >= 5
    assert missing(guide, ["FileSet", *kinds, "add", "error", "warn"]) == []


def test_the_models_and_the_template_context_are_documented(guide: str) -> None:
    from wazir_core.bundle import Bundle, Project
    from wazir_core.loading import load_content
    from wazir_core.models import (
        Content,
        ExpertiseModule,
        HookDefinition,
        PackManifest,
        PipelineStep,
        Role,
        Skill,
        Workflow,
    )
    from wazir_core.testing import SAMPLE_PACK

    models: list[type] = [Content, Role, Workflow, Skill, ExpertiseModule, HookDefinition,
                          PipelineStep, PackManifest]
    assert missing(guide, ["Bundle", "Project", *(m.__name__ for m in models)]) == []
    for model in models:
        fields = [n for n in model.model_fields if n != "origin"]  # type: ignore[attr-defined]
        assert missing(guide, fields) == [], model.__name__
    assert missing(guide, [f.name for f in Bundle.__dataclass_fields__.values()]) == []
    assert missing(guide, [f.name for f in Project.__dataclass_fields__.values()]) == []
    assert missing(guide, ["modules_for", "referenced_modules", "context", "options_as"]) == []

    loaded = load_content([SAMPLE_PACK]).content
    assert loaded is not None
    assert missing(guide, Bundle(loaded, {}).context()) == []


def test_the_shared_helpers_and_template_filters_are_documented(guide: str) -> None:
    from jinja2 import Environment

    from wazir_core.rendering import shared
    from wazir_core.rendering.templating import make_environment

    helpers = [n for n, f in vars(shared).items()
               if inspect.isfunction(f) and f.__module__ == shared.__name__
               and not n.startswith("_")]
    assert missing(guide, helpers) == []
    filters = set(make_environment(None).filters) - set(Environment().filters)
    assert filters and missing(guide, filters) == []
    shipped = Path(shared.__file__).parent / "templates" / "_wazir"
    assert missing(guide, [f"_wazir/{p.name}" for p in shipped.glob("*.j2")]) == []


def test_statuses_switches_and_versions_are_documented(guide: str) -> None:
    statuses = typing.get_args(host.Status)
    assert missing(guide, statuses) == []
    switches = set(re.findall(r"WAZIR_[A-Z_]+", host.__doc__ or ""))
    assert switches >= {"WAZIR_PLUGINS", "WAZIR_STRICT_PLUGINS"}
    assert missing(guide, [*switches, "WAZIR_UPDATE_GOLDEN"]) == []
    for needle in ("api_compatible", "PLUGIN_API_VERSION", "DeprecationWarning",
                   "wazir targets --verbose", "TargetContract", "TargetOptions",
                   "wazir_sample_pack", "wazir_project", "original:", "wazir new-target",
                   ".wazir/templates/<target>/"):
        assert needle in guide, needle


def test_the_guides_example_declares_a_supported_api_and_the_current_core_range(
        guide: str) -> None:
    from wazir_core.plugins.host import api_compatible
    from wazir_core.scaffold import wazir_range

    declared = re.findall(r'plugin_api = "([^"]+)"', guide)
    assert declared and all(api_compatible(v) for v in declared)
    assert f'"wazir{wazir_range()}"' in guide
