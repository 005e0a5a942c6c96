"""``wazir validate`` (text and ``--json``) and ``wazir schema`` through the real CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from wazir_core.loading import load_content

from .packkit import MINIMAL_PACK, run_cli, snapshot, validate_fails

REPO = Path(__file__).resolve().parents[2]
KINDS = ["pack", "role", "workflow", "skill", "expertise", "composition", "hook", "config"]
DIAGNOSTIC_KEYS = {"path", "line", "col", "severity", "code", "message"}


def test_minimal_pack_is_valid(pack: Path) -> None:
    proc = run_cli("validate", str(pack), cwd=pack.parent)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.startswith("ok: 1 roles, 1 workflows, 1 phases, 1 skills, 1 hooks, "
                                  "1 modules"), proc.stdout


def test_minimal_pack_loads_every_kind(pack: Path) -> None:
    result = load_content([pack])
    assert result.ok and result.diagnostics == []
    content = result.content
    assert content is not None
    assert list(content.roles) == ["builder"]
    assert content.roles["builder"].capabilities == ("read", "edit", "execute")
    assert content.workflows["build"].role == "builder"
    assert [f.path for f in content.skills["making-things"].files] == ["checklist.md"]
    module = content.modules["quality/testing"]
    assert (module.domain, module.tokens) == ("quality", -(-len(module.body) // 4))
    assert content.hooks["guard"].timeout == 10
    assert content.composition.always == {"builder": ("quality/testing",)}
    assert [s.phase for s in content.pipeline] == ["build"]
    origin = content.roles["builder"].origin
    assert origin is not None and origin.path.endswith("roles/builder.md") and origin.line == 2


def test_bundled_pack_validates() -> None:
    before = snapshot(REPO / "content")
    proc = run_cli("validate", "content/", cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert ": error: " not in proc.stderr
    assert proc.stdout.startswith("ok: "), proc.stdout
    assert snapshot(REPO / "content") == before


def test_bundled_pack_validates_as_json() -> None:
    proc = run_cli("validate", "content", "--json", cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["ok"] is True
    assert report["packs"] == ["content"]
    assert all(d["severity"] != "error" for d in report["diagnostics"])


def test_json_report_of_a_bad_pack(make_pack: Callable[..., Path]) -> None:
    pack = make_pack({
        "roles/builder.md": MINIMAL_PACK["roles/builder.md"].replace("capabilities:",
                                                                     "capabilites:"),
        "hooks/guard.yaml": MINIMAL_PACK["hooks/guard.yaml"].replace("timeout: 10",
                                                                     "timeout: soon"),
    }, name="bad")
    result = validate_fails(pack, "--json")
    report = json.loads(result.stdout)
    assert set(report) == {"ok", "packs", "diagnostics", "stats"}
    assert report["ok"] is False
    assert report["packs"] == [pack.as_posix()]
    assert report["stats"] is None
    assert report["diagnostics"], report
    for diag in report["diagnostics"]:
        assert set(diag) == DIAGNOSTIC_KEYS
        assert isinstance(diag["path"], str) and isinstance(diag["message"], str)
        assert isinstance(diag["line"], int) and isinstance(diag["col"], int)
        assert diag["severity"] in {"error", "warning", "info"}
    found = {(d["path"], d["line"], d["col"], d["code"]) for d in report["diagnostics"]
             if d["severity"] == "error"}
    assert ("bad/roles/builder.md", 5, 1, "schema") in found, found
    assert ("bad/hooks/guard.yaml", 8, 1, "schema") in found, found
    unknown = next(d for d in report["diagnostics"] if d["path"] == "bad/roles/builder.md")
    assert "did you mean 'capabilities'" in unknown["message"]
    # --json keeps stdout machine-readable: no diagnostics on stderr.
    assert ": error: " not in result.stderr


def test_json_report_of_a_good_pack_with_stats(pack: Path) -> None:
    proc = run_cli("validate", str(pack), "--json", "--stats", cwd=pack.parent)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["ok"] is True and report["diagnostics"] == []
    assert report["stats"] is not None


def test_json_report_of_a_missing_pack(tmp_path: Path) -> None:
    result = validate_fails(tmp_path / "nowhere", "--json", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert [d["message"] for d in report["diagnostics"]] == ["pack folder does not exist"]
    assert report["diagnostics"][0]["path"] == "nowhere"


def test_schema_of_every_kind(tmp_path: Path) -> None:
    proc = run_cli("schema", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    schemas = json.loads(proc.stdout)
    assert sorted(schemas) == sorted(KINDS)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", KINDS)
def test_schema_of_one_kind(kind: str, tmp_path: Path) -> None:
    proc = run_cli("schema", kind, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    schema = json.loads(proc.stdout)
    assert schema["type"] == "object"
    assert schema["properties"]
    # The loader fills these in; an editor must not suggest them.
    assert "origin" not in schema["properties"]
    if kind == "skill":
        assert "allowed-tools" in schema["properties"]
        assert set(schema["required"]) == {"name", "description"}
    if kind == "role":
        assert schema.get("additionalProperties") is False


def test_schema_of_an_unknown_kind(tmp_path: Path) -> None:
    proc = run_cli("schema", "gadget", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    assert "unknown kind 'gadget'" in proc.stderr
    for kind in KINDS:
        assert kind in proc.stderr


def test_validate_usage_error_exits_2(tmp_path: Path) -> None:
    proc = run_cli("validate", "--no-such-option", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
