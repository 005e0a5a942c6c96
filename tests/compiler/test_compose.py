"""The composition engine (layers, de-duplication, budget, drop order, determinism) and
``wazir compose``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wazir_core.bundled import bundled_pack
from wazir_core.compose import compose, compose_all
from wazir_core.config import Budget
from wazir_core.models import CompositionMap, Content, ExpertiseModule, PackManifest

from .helpers import wazir

ROLE = "reviewer"


def content(tokens: dict[str, int], cmap: CompositionMap) -> Content:
    modules = {m: ExpertiseModule(id=m, domain="quality", title=m, summary=f"about {m}",
                                  tokens=t) for m, t in tokens.items()}
    return Content(packs=(PackManifest(id="t", name="T", version="1", description="test"),),
                   modules=modules, composition=cmap)


MAP = CompositionMap(
    always={ROLE: ("q/always-1", "q/always-2")},
    auto={ROLE: ("q/auto-1", "q/auto-2")},
    stacks={"python": {ROLE: ("q/py-1", "q/py-2", "q/always-1")},
            "go": {ROLE: ("q/go-1", "q/py-1")}},
    concerns={"auth": {ROLE: ("q/auth-1", "q/auth-2", "q/auto-1")},
              "pii": {ROLE: ("q/pii-1",)}},
)
TOKENS = {m: 100 for m in ("q/always-1", "q/always-2", "q/auto-1", "q/auto-2", "q/py-1",
                           "q/py-2", "q/go-1", "q/auth-1", "q/auth-2", "q/pii-1")}


def test_layers_in_order_and_duplicates_stay_in_the_most_protected_layer() -> None:
    result = compose(content(TOKENS, MAP), ROLE, ["python", "go"], ["auth", "pii"])
    assert [(s.module, s.layer) for s in result.selected] == [
        ("q/always-1", "always"), ("q/always-2", "always"), ("q/auto-1", "auto"),
        ("q/auto-2", "auto"), ("q/py-1", "stack"), ("q/py-2", "stack"), ("q/go-1", "stack"),
        ("q/auth-1", "concern"), ("q/auth-2", "concern"), ("q/pii-1", "concern")]
    dedup = {(d.module, d.source) for d in result.decisions if d.action == "deduplicated"}
    assert dedup == {("q/always-1", "stacks.python"), ("q/py-1", "stacks.go"),
                     ("q/auto-1", "concerns.auth")}
    reasons = {d.module: d.reason for d in result.decisions if d.source == "concerns.auth"}
    assert reasons["q/auto-1"] == "already selected by auto"
    assert result.tokens == 1000


def test_a_module_in_a_concern_and_in_always_is_kept_as_always_even_when_over_budget() -> None:
    cmap = CompositionMap(always={ROLE: ("q/a",)}, concerns={"auth": {ROLE: ("q/a", "q/b")}})
    result = compose(content({"q/a": 10, "q/b": 10}, cmap), ROLE, [], ["auth"],
                     Budget(max_modules=1))
    assert result.modules == ("q/a",)
    assert [(d.module, d.action, d.layer) for d in result.decisions] == [
        ("q/a", "deduplicated", "concern"), ("q/b", "dropped", "concern")]


def test_drop_order_is_concerns_then_stacks_then_auto_then_always() -> None:
    data = content(TOKENS, MAP)
    dropped_order = []
    for limit in range(10, -1, -1):
        result = compose(data, ROLE, ["python", "go"], ["auth", "pii"], Budget(max_modules=limit))
        assert len(result.selected) == limit
        drops = [d for d in result.decisions if d.action == "dropped"]
        assert all("over the module budget" in d.reason for d in drops)
        dropped_order = [d.module for d in drops]
    assert dropped_order == ["q/pii-1", "q/auth-2", "q/auth-1", "q/go-1", "q/py-2", "q/py-1",
                             "q/auto-2", "q/auto-1", "q/always-2", "q/always-1"], \
        "least protected layer first, last-listed first within a layer"


def test_token_budget_drops_in_the_same_order_until_it_fits() -> None:
    tokens = dict(TOKENS, **{"q/auth-1": 3000, "q/py-2": 2000})
    data = content(tokens, MAP)
    result = compose(data, ROLE, ["python"], ["auth"], Budget(max_modules=50, max_tokens=1500))
    assert result.tokens <= 1500
    drops = [d for d in result.decisions if d.action == "dropped"]
    assert [d.module for d in drops] == ["q/auth-2", "q/auth-1", "q/py-2"]
    assert all("over the token budget" in d.reason for d in drops)
    assert result.modules == ("q/always-1", "q/always-2", "q/auto-1", "q/auto-2", "q/py-1")


def test_both_budgets_and_a_zero_budget() -> None:
    data = content(TOKENS, MAP)
    result = compose(data, ROLE, ["python"], ["auth"], Budget(max_modules=6, max_tokens=300))
    assert len(result.selected) == 3 and result.tokens == 300
    assert compose(data, ROLE, ["python"], ["auth"], Budget(max_modules=0)).selected == ()


def test_composition_is_deterministic_and_skips_unknown_modules() -> None:
    cmap = MAP.model_copy(update={"auto": {ROLE: ("q/auto-1", "q/does-not-exist")}})
    data = content(TOKENS, cmap)
    runs = {json.dumps(compose(data, ROLE, ["python", "go"], ["auth"],
                               Budget(max_modules=5)).to_json(), sort_keys=True)
            for _ in range(5)}
    assert len(runs) == 1
    assert "q/does-not-exist" not in runs.pop()
    assert compose(data, "nobody").selected == ()
    every = compose_all(data.model_copy(update={"roles": {}}), ["python"], ["auth"])
    assert every == {}


def test_the_bundled_content_composes_within_the_default_budget() -> None:
    from wazir_core.api import load_content

    data = load_content(bundled_pack())
    stacks = list(data.composition.stacks)
    concerns = list(data.composition.concerns)
    for role in data.roles:
        result = compose(data, role, stacks, concerns)
        assert len(result.selected) <= 15 and result.tokens <= 40000
        assert result == compose(data, role, stacks, concerns)


# The command ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_compose_explain_shows_layers_tokens_and_drops(project: Path) -> None:
    args = ("compose", "--role", "reviewer", "--stack", "python", "--concern", "auth",
            "--explain", "--project", project)
    proc = wazir(*args)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("role reviewer: ") and "tokens" in lines[0]
    assert "stacks: python; concerns: auth" in lines[1]
    rows = [line.split() for line in lines[2:] if line.startswith("  ") and
            len(line.split()) == 4]
    layers = {row[1] for row in rows}
    assert {"always", "stack", "concern"} <= layers
    assert all(row[3].isdigit() and int(row[3]) > 0 for row in rows)
    assert any(row[2] == "stacks.python" for row in rows)
    assert any(row[2] == "concerns.auth" for row in rows)

    (project / "wazir.yaml").write_text("budget:\n  max_modules: 4\n", encoding="utf-8")
    small = wazir(*args)
    assert small.returncode == 0, small.stderr
    assert "dropped: " in small.stdout and "over the module budget" in small.stdout
    drops = [line for line in small.stdout.splitlines() if "dropped:" in line]
    assert any("(concern)" in line for line in drops)
    kept = [line for line in small.stdout.splitlines() if line.startswith("  ") and
            len(line.split()) == 4]
    assert len(kept) == 4 and all(line.split()[1] == "always" for line in kept)

    data = json.loads(wazir("compose", "--role", "reviewer", "--stack", "python", "--concern",
                            "auth", "--json", "--project", project).stdout)
    assert data["budget"] == {"max_modules": 4, "max_tokens": 40000}
    assert len(data["modules"]) == 4 and data["decisions"]
    assert data["tokens"] == sum(m["tokens"] for m in data["modules"])


@pytest.mark.slow
def test_compose_explain_with_a_project_pack_shows_duplicates(project: Path) -> None:
    """A project's own pack extends the composition map and may replace a module; explain
    shows every decision and the replaced module."""
    pack = project / "my-pack"
    (pack / "expertise/antipatterns").mkdir(parents=True)
    (pack / "expertise/antipatterns/fake-tests.md").write_text(
        "---\ntitle: Fake tests, house rules\nsummary: Our own take.\n---\n"
        "## When this applies\n- x\n## Checklist\n- x\n## Signals\n- x\n## Fixes\n- x\n",
        encoding="utf-8")
    (pack / "pack.yaml").write_text(
        "id: mine\nname: Mine\nversion: 0.0.1\ndescription: Project additions.\n",
        encoding="utf-8")
    (pack / "expertise/composition.yaml").write_text(
        "concerns:\n  house-rules:\n    reviewer: [antipatterns/fake-tests, quality/code-review]\n",
        encoding="utf-8")
    (project / "wazir.yaml").write_text("packs: [my-pack]\nstacks: []\n", encoding="utf-8")
    proc = wazir("compose", "-r", "reviewer", "-c", "house-rules", "--explain", "-p", project)
    assert proc.returncode == 0, proc.stderr
    assert "deduplicated: antipatterns/fake-tests from concerns.house-rules (concern): " \
           "already selected by always" in proc.stdout
    assert "override: module antipatterns/fake-tests replaced by " in proc.stdout
    assert "my-pack/expertise/antipatterns/fake-tests.md" in proc.stdout


@pytest.mark.slow
def test_compose_usage_errors(project: Path) -> None:
    unknown_role = wazir("compose", "--role", "nobody", "--project", project)
    assert unknown_role.returncode == 2 and "unknown role 'nobody'" in unknown_role.stderr
    assert "reviewer" in unknown_role.stderr
    unknown_stack = wazir("compose", "--role", "reviewer", "--stack", "cobol",
                          "--project", project)
    assert unknown_stack.returncode == 2 and "unknown stack cobol" in unknown_stack.stderr
