"""A plugin written only from the author guide works: the test takes the files of the guide's
"A minimal plugin" section verbatim, writes them into a folder outside the repository,
builds and installs the wheel (not editable), and builds a project with it."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from .helpers import REPO, build_wheel, files_under, install, wazir, write_tree

GUIDE = REPO / "docs" / "plugin-guide.md"
#: A file of the example: a bold `path` line, a blank line, then a fenced block.
FILE_BLOCK = re.compile(r"^\*\*`([^`]+)`\*\*\n\n```[a-z]*\n(.*?)^```$", re.M | re.S)


def guide_example() -> dict[str, str]:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## A minimal plugin", 1)[1].split("\n## ", 1)[0]
    return {path: body for path, body in FILE_BLOCK.findall(section)}


def test_the_guide_spells_out_a_whole_plugin() -> None:
    files = guide_example()
    assert set(files) == {"pyproject.toml", "src/wazir_host_rolecards/__init__.py",
                          "src/wazir_host_rolecards/templates/role.md.j2"}
    meta = tomllib.loads(files["pyproject.toml"])
    assert meta["project"]["entry-points"]["wazir.targets"] == {
        "rolecards": "wazir_host_rolecards"}
    compile(files["src/wazir_host_rolecards/__init__.py"], "__init__.py", "exec")


@pytest.mark.slow
def test_a_plugin_written_from_the_guide_installs_and_builds(tmp_path: Path) -> None:
    assert not tmp_path.resolve().is_relative_to(REPO), "the plugin must live outside the repo"
    plugin = write_tree(tmp_path / "wazir-host-rolecards", guide_example())
    site = tmp_path / "site"
    install(site, build_wheel(plugin, tmp_path / "dist"))
    assert (site / "wazir_host_rolecards" / "templates" / "role.md.j2").is_file()

    project = tmp_path / "project"
    project.mkdir()
    built = wazir("build", "--target", "rolecards", cwd=project, site=site)
    assert built.returncode == 0, built.stdout + built.stderr
    cards = [p for p in files_under(project) if p.startswith(".rolecards/")]
    assert ".rolecards/reviewer.md" in cards and len(cards) >= 10, cards
    reviewer = (project / ".rolecards/reviewer.md").read_text(encoding="utf-8")
    assert reviewer.startswith("# ") and "May: " in reviewer

    listed = wazir("targets", "--json", cwd=project, site=site)
    assert listed.returncode == 0, listed.stderr
    info = {t["name"]: t for t in json.loads(listed.stdout)}["rolecards"]
    assert info["status"] == "ok", info
    assert (info["distribution"], info["version"]) == ("wazir-host-rolecards", "0.1.0")
    assert info["module"] == "wazir_host_rolecards"
    assert info["output_roots"] == [".rolecards"] and info["kinds"] == ["role"]

    again = wazir("build", "--target", "rolecards", "--check", cwd=project, site=site)
    assert again.returncode == 0, again.stdout + again.stderr
