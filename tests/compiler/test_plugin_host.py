"""The plugin host: broken, duplicate, incompatible and blocked plugins, seen as a user sees them.

Installed plugins are simulated with small fake distributions (a ``*.dist-info`` folder with an
``entry_points.txt``) put on ``PYTHONPATH``, so discovery goes through importlib.metadata
exactly as for a ``pip install``-ed plugin.
"""

from __future__ import annotations

import json
from importlib.metadata import PathDistribution
from pathlib import Path
from typing import Any

import pytest

from wazir_core._version import PLUGIN_API_VERSION
from wazir_core.build import run_build
from wazir_core.diagnostics import WazirError
from wazir_core.plugins.host import PluginHost, api_compatible
from wazir_core.writing.record import RECORD_PATH

from .helpers import FAKE, TOY, host_with, make_target, tree, wazir


def make_dist(site: Path, name: str, entries: dict[str, str], version: str = "1.0") -> Path:
    """A fake installed distribution exposing ``entries`` in the ``wazir.targets`` group."""
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
                                   encoding="utf-8")
    lines = ["[wazir.targets]", *(f"{k} = {v}" for k, v in entries.items())]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return info


def listed(proc_stdout: str) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in json.loads(proc_stdout)}


# Load failures -------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize(("module", "reason"), [
    ("broken_import", "RuntimeError: broken_import exploded at import time"),
    ("broken_hook", "RuntimeError: broken_hook cannot list its targets"),
    ("misspelled", "wazir_target"),
])
def test_a_plugin_failing_to_load_is_reported_and_the_others_still_work(
        project: Path, module: str, reason: str) -> None:
    plugins = (f"{FAKE}.{module}", TOY)
    proc = wazir("targets", "--json", plugins=plugins)
    assert proc.returncode == 0
    infos = listed(proc.stdout)
    broken = infos[f"{FAKE}.{module}"]
    assert broken["status"] == "failed to load"
    assert reason in broken["reason"]
    assert infos["toy"]["status"] == "ok", infos["toy"]

    text = wazir("targets", plugins=plugins)
    assert "failed to load" in text.stdout and reason in text.stdout

    build = wazir("build", "--target", "toy", "--project", project, plugins=plugins)
    assert build.returncode == 0, build.stderr
    assert (project / ".toy/done.txt").read_text() == "ok\n"


@pytest.mark.slow
def test_strict_plugins_makes_a_load_failure_fatal_with_a_clear_message(project: Path) -> None:
    plugins = (f"{FAKE}.broken_import", TOY)
    build = wazir("build", "--target", "toy", "--project", project, plugins=plugins,
                  WAZIR_STRICT_PLUGINS="1")
    assert build.returncode == 1
    assert "broken_import exploded at import time" in build.stderr
    assert tree(project) == {}
    listing = wazir("targets", plugins=plugins, WAZIR_STRICT_PLUGINS="1")
    assert listing.returncode == 1
    assert "broken_import" in listing.stderr


@pytest.mark.slow
def test_an_installed_plugin_failing_to_load_does_not_break_another(
        tmp_path: Path, project: Path) -> None:
    site = tmp_path / "site"
    make_dist(site, "wazir-host-broken", {"broken": f"{FAKE}.broken_import"})
    make_dist(site, "wazir-host-toy", {"toy": TOY}, version="3.2.1")
    proc = wazir("targets", "--json", plugins=(), extra_path=(site,))
    infos = listed(proc.stdout)
    assert infos["broken"]["status"] == "failed to load"
    assert infos["broken"]["distribution"] == "wazir-host-broken"
    assert "exploded at import time" in infos["broken"]["reason"]
    assert infos["toy"]["status"] == "ok"
    assert (infos["toy"]["distribution"], infos["toy"]["version"]) == ("wazir-host-toy", "3.2.1")

    build = wazir("build", "-t", "toy", "-p", project, plugins=(), extra_path=(site,))
    assert build.returncode == 0, build.stderr
    assert (project / "TOY.md").is_file()
    broken = wazir("build", "-t", "broken", "-p", project, plugins=(), extra_path=(site,))
    assert broken.returncode == 1
    assert "target 'broken' failed to load" in broken.stderr
    assert "exploded at import time" in broken.stderr


@pytest.mark.slow
def test_an_entry_point_name_must_equal_the_target_name(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_dist(site, "wazir-host-misnamed", {"wrongname": TOY})
    infos = listed(wazir("targets", "--json", plugins=(), extra_path=(site,)).stdout)
    assert infos["wrongname"]["status"] == "failed to load"
    assert "no target named 'wrongname'" in infos["wrongname"]["reason"]


# Render failures -----------------------------------------------------------------------------

@pytest.mark.slow
def test_a_plugin_raising_while_rendering_fails_the_build_and_writes_nothing(
        project: Path) -> None:
    proc = wazir("build", "--target", "exploder", "--project", project,
                 plugins=(f"{FAKE}.exploder",))
    assert proc.returncode == 1
    assert "target 'exploder' failed while rendering: ValueError: kaboom while rendering" \
        in proc.stderr
    assert tree(project) == {}


def test_render_failure_in_process_is_a_diagnostic_not_an_exception(project: Path) -> None:
    def boom(bundle: object) -> Any:
        raise KeyError("missing-piece")

    good = make_target("good", {".good/a.md": "a\n"}, roots=(".good",))
    bad = make_target("bad", boom, roots=(".bad",))
    report = run_build(project, ["good", "bad"], host=host_with(good, bad))
    assert not report.ok
    assert any("target 'bad' failed while rendering: KeyError" in d.message
               for d in report.diagnostics)
    assert not (project / ".good").exists(), "one failing target must stop the whole write"
    assert not (project / RECORD_PATH).exists()


# Duplicate names ----------------------------------------------------------------------------

@pytest.mark.slow
def test_two_installed_targets_with_the_same_name_are_reported_naming_both(
        tmp_path: Path, project: Path) -> None:
    site = tmp_path / "site"
    make_dist(site, "wazir-host-toy-one", {"toy": TOY})
    make_dist(site, "wazir-host-toy-two", {"toy": f"{TOY}"}, version="2.0")
    infos = listed(wazir("targets", "--json", plugins=(), extra_path=(site,)).stdout)
    assert infos["toy"]["status"] == "duplicate name"
    assert "wazir-host-toy-one" in infos["toy"]["reason"]
    assert "wazir-host-toy-two" in infos["toy"]["reason"]

    build = wazir("build", "-t", "toy", "-p", project, plugins=(), extra_path=(site,))
    assert build.returncode == 1
    assert "duplicate name" in build.stderr
    assert "wazir-host-toy-one" in build.stderr and "wazir-host-toy-two" in build.stderr
    assert "uninstall" in build.stderr, "the message says what to do"
    assert tree(project) == {}


def test_duplicate_entry_points_are_detected_in_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = PathDistribution(make_dist(tmp_path, "dist-one", {"toy": TOY}))
    two = PathDistribution(make_dist(tmp_path, "dist-two", {"toy": TOY}))
    eps = [*one.entry_points, *two.entry_points]
    monkeypatch.setattr(PluginHost, "entry_points", lambda self: {"toy": eps})
    host = PluginHost()
    info = host.load("toy")
    assert info.status == "duplicate name"
    assert "dist-one" in info.reason and "dist-two" in info.reason
    with pytest.raises(WazirError) as caught:
        host.target("toy")
    assert "duplicate name" in str(caught.value)
    monkeypatch.setenv("WAZIR_STRICT_PLUGINS", "1")
    with pytest.raises(WazirError):
        PluginHost().load("toy")


# Plugin-API versions ------------------------------------------------------------------------

def _bumped(minor: int) -> str:
    major, core_minor = (int(x) for x in PLUGIN_API_VERSION.split(".")[:2])
    return f"{major}.{core_minor + minor}"


def test_api_compatibility_rules() -> None:
    major = int(PLUGIN_API_VERSION.split(".")[0])
    assert api_compatible(PLUGIN_API_VERSION)
    assert api_compatible(f"{major}.0")
    assert not api_compatible(_bumped(1)), "a newer minor version needs a newer core"
    assert not api_compatible(f"{major + 1}.0")
    assert not api_compatible(f"{major - 1}.9")
    assert not api_compatible("banana")
    assert not api_compatible("")


@pytest.mark.parametrize("declared", ["2.0", "0.1", _bumped(1), "not-a-version"])
def test_an_incompatible_plugin_api_is_refused_in_process(project: Path, declared: str) -> None:
    target = make_target("old", {".st/x.md": "x\n"}, plugin_api=declared)
    host = host_with(target)
    info = host.load("old")
    assert info.status == "incompatible"
    assert declared in info.reason and PLUGIN_API_VERSION in info.reason
    with pytest.raises(WazirError) as caught:
        run_build(project, ["old"], host=host)
    assert caught.value.exit_code == 1
    assert "incompatible" in str(caught.value)
    assert tree(project) == {}


@pytest.mark.slow
def test_an_incompatible_installed_plugin_is_listed_and_refused(
        tmp_path: Path, project: Path) -> None:
    site = tmp_path / "site"
    make_dist(site, "wazir-host-future", {"future": f"{FAKE}.future_api"})
    infos = listed(wazir("targets", "--json", plugins=(), extra_path=(site,)).stdout)
    assert infos["future"]["status"] == "incompatible"
    assert infos["future"]["plugin_api"] == "2.0"
    build = wazir("build", "-t", "future", "-p", project, plugins=(), extra_path=(site,))
    assert build.returncode == 1
    assert f"plugin API 2.0, but this wazir speaks {PLUGIN_API_VERSION}" in build.stderr
    assert "pip install --upgrade" in build.stderr, "the message says what to do"
    assert tree(project) == {}


# Unknown, allowed and blocked targets ---------------------------------------------------------

@pytest.mark.slow
def test_an_unknown_target_is_a_usage_error_listing_the_installed_targets(project: Path) -> None:
    proc = wazir("build", "--target", "nope", "--project", project)
    assert proc.returncode == 2
    assert "unknown target 'nope'" in proc.stderr
    assert "installed targets:" in proc.stderr and "toy" in proc.stderr
    assert tree(project) == {}


def test_an_unknown_target_in_process_is_exit_code_2(project: Path) -> None:
    host = host_with(make_target("only", {".st/a.md": "a\n"}))
    with pytest.raises(WazirError) as caught:
        run_build(project, ["nope"], host=host)
    assert caught.value.exit_code == 2
    assert "installed targets:" in str(caught.value) and "only" in str(caught.value)


@pytest.mark.slow
def test_allow_and_block_lists(project: Path) -> None:
    plugins = (TOY, f"{FAKE}.exploder")
    allowed = listed(wazir("targets", "--json", plugins=plugins,
                           WAZIR_PLUGINS_ALLOW="toy").stdout)
    assert set(allowed) == {"toy"}
    blocked = listed(wazir("targets", "--json", plugins=plugins,
                           WAZIR_PLUGINS_BLOCK="toy").stdout)
    assert "toy" not in blocked and blocked["exploder"]["status"] == "ok"
    build = wazir("build", "-t", "toy", "-p", project, plugins=plugins,
                  WAZIR_PLUGINS_BLOCK="toy")
    assert build.returncode != 0
    assert "blocked" in build.stderr
    assert tree(project) == {}


@pytest.mark.slow
def test_trace_switch_does_not_break_a_build(project: Path) -> None:
    proc = wazir("build", "-t", "toy", "-p", project, WAZIR_PLUGINS_TRACE="1")
    assert proc.returncode == 0, proc.stderr
    assert "wazir_targets" in proc.stderr
