"""Stack detection from project manifests, and ``wazir init``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wazir_core.config_template import write_config
from wazir_core.detect import detect_stacks
from wazir_core.diagnostics import WazirError
from wazir_core.loading.config import load_config

from .helpers import wazir

CASES: list[tuple[dict[str, str], tuple[str, ...]]] = [
    ({}, ()),
    ({"pyproject.toml": '[project]\nname = "x"\n'
                        'dependencies = ["fastapi>=0.100", "psycopg[binary]"]\n'},
     ("python", "fastapi", "postgres")),
    ({"pyproject.toml": "[tool.poetry.dependencies]\npython = '^3.11'\nDjango = '*'\n"},
     ("python", "django")),
    ({"pyproject.toml": "this is [not toml"}, ("python",)),
    ({"requirements-dev.txt": "# comment\n-r base.txt\npymongo==4.0\n"}, ("python", "mongodb")),
    ({"setup.py": "from setuptools import setup\n"}, ("python",)),
    ({"package.json": json.dumps({"dependencies": {"react": "18", "next": "14"},
                                  "devDependencies": {"typescript": "5"}})},
     ("node", "react", "nextjs", "typescript")),
    ({"package.json": "{}", "tsconfig.json": "{}"}, ("node", "typescript")),
    ({"package.json": "{ not json"}, ("node",)),
    ({"go.mod": "module example.com/x\n\ngo 1.22\n"}, ("go",)),
    ({"Cargo.toml": "[package]\nname = \"x\"\n"}, ("rust",)),
    ({"pom.xml": "<project><artifactId>spring-boot-starter</artifactId></project>"},
     ("java", "spring")),
    ({"build.gradle": "plugins { id 'java' }\n"}, ("java",)),
    ({"pubspec.yaml": "name: app\n"}, ("flutter",)),
    ({"Gemfile": "source 'https://rubygems.org'\n"}, ("ruby",)),
    ({"composer.json": "{}"}, ("php",)),
    ({"go.mod": "module x\n", "pyproject.toml": "[project]\nname='x'\n",
      "package.json": "{}"}, ("python", "node", "go")),
]


@pytest.mark.parametrize(("files", "stacks"), CASES,
                         ids=[",".join(f) or "empty" for f, _ in CASES])
def test_stacks_are_detected_from_manifest_files(tmp_path: Path, files: dict[str, str],
                                                 stacks: tuple[str, ...]) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert detect_stacks(tmp_path) == stacks
    assert detect_stacks(tmp_path) == stacks, "deterministic"


def test_detection_ignores_manifests_in_subfolders(tmp_path: Path) -> None:
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor/go.mod").write_text("module v\n", encoding="utf-8")
    assert detect_stacks(tmp_path) == ()


def test_configured_stacks_override_detection(project: Path) -> None:
    from wazir_core.build import prepare

    (project / "go.mod").write_text("module x\n", encoding="utf-8")
    assert prepare(project).info.stacks == ("go",)
    (project / "wazir.yaml").write_text("stacks: [python]\n", encoding="utf-8")
    assert prepare(project).info.stacks == ("python",)
    (project / "wazir.yaml").write_text("stacks: []\n", encoding="utf-8")
    assert prepare(project).info.stacks == ()


@pytest.mark.slow
def test_init_writes_a_valid_commented_config_with_the_detected_stacks(project: Path) -> None:
    (project / "go.mod").write_text("module x\n", encoding="utf-8")
    (project / "package.json").write_text('{"dependencies": {"vue": "3"}}', encoding="utf-8")
    proc = wazir("init", "--project", project)
    assert proc.returncode == 0, proc.stderr
    assert "stacks detected: node, vue, go" in proc.stdout
    text = (project / "wazir.yaml").read_text(encoding="utf-8")
    assert "stacks: [node, vue, go]" in text
    for key in ("targets:", "concerns:", "packs:", "budget:", "options:"):
        assert key in text
    assert text.count("\n# ") >= 5, "each key is explained"
    config, diags = load_config(project)
    assert not diags and config is not None
    assert config.stacks == ("node", "vue", "go")


@pytest.mark.slow
def test_init_never_overwrites_without_force(project: Path) -> None:
    (project / "wazir.yaml").write_text("stacks: [mine]\n", encoding="utf-8")
    proc = wazir("init", "--project", project)
    assert proc.returncode != 0
    assert "wazir.yaml" in proc.stderr and "--force" in proc.stderr
    assert (project / "wazir.yaml").read_text() == "stacks: [mine]\n"
    forced = wazir("init", "--force", "--project", project)
    assert forced.returncode == 0, forced.stderr
    assert "stacks: []" in (project / "wazir.yaml").read_text()


def test_write_config_in_process(project: Path) -> None:
    (project / "Cargo.toml").write_text("[package]\n", encoding="utf-8")
    path, stacks = write_config(project)
    assert stacks == ("rust",) and path.read_text().count("stacks: [rust]") == 1
    with pytest.raises(WazirError) as caught:
        write_config(project)
    assert "already exists" in str(caught.value)
