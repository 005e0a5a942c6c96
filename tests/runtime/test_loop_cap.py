"""The loop-cap guard: another round of a capped loop is refused, everything else passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from wazir_core.runtime.ledger import get_run, init_run, record_event
from wazir_core.runtime.stateroot import StateRoot

from . import payloads
from .helpers import hook, run_in_process

GUARD = "loop-cap-guard"
ENTER_REVIEW = "wazir capture event --event phase_enter --phase spec-challenge"


def make_run(project: Path, state: Path, rejections: int) -> StateRoot:
    """A run where the spec-challenge gate rejected the spec ``rejections`` times."""
    root = StateRoot(state, project, "test")
    run, _ = init_run(root, "r1", "clarify", "in_progress")
    record_event(run, "phase_enter", "specify")
    record_event(run, "phase_enter", "spec-challenge")
    for n in range(rejections):
        record_event(run, "gate_rejected", "spec-challenge", message=f"round {n}")
        if n < rejections - 1:
            record_event(run, "phase_enter", "specify")
            record_event(run, "phase_enter", "spec-challenge")
    return root


def bash(project: Path, command: str, host: str = "claude") -> dict[str, object]:
    if host == "gemini":
        return payloads.gemini("BeforeTool", project, "run_shell_command", {"command": command})
    return payloads.claude("PreToolUse", project, "Bash", {"command": command})


def decide(project: Path, state: Path, data: dict[str, object]) -> int:
    result = run_in_process(GUARD, data, project=project, state_root=state)
    assert "Traceback" not in result.stderr
    assert "could not decide" not in result.stderr, "the guard failed instead of deciding"
    return int(result.exit_code)


def test_no_run_allows(project: Path, state: Path) -> None:
    assert decide(project, state, bash(project, ENTER_REVIEW)) == 0


def test_unrelated_commands_allow(project: Path, state: Path) -> None:
    make_run(project, state, 5)
    assert decide(project, state, bash(project, "pytest -q")) == 0
    assert decide(project, state, bash(project, "wazir status --json")) == 0


def test_under_the_cap_allows(project: Path, state: Path) -> None:
    make_run(project, state, 2)  # two rejections, cap 3
    assert decide(project, state, bash(project, ENTER_REVIEW)) == 0


def test_at_the_cap_blocks_re_entry(project: Path, state: Path) -> None:
    make_run(project, state, 3)  # the third rejection reaches the cap
    result = run_in_process(GUARD, bash(project, ENTER_REVIEW), project=project,
                            state_root=state)
    assert result.exit_code == 2
    assert "loop cap reached" in result.stderr and "operator" in result.stderr


def test_at_the_cap_blocks_the_rejection_loop_back(project: Path, state: Path) -> None:
    make_run(project, state, 3)
    command = "wazir capture event --event phase_enter --phase specify"
    result = run_in_process(GUARD, bash(project, command), project=project, state_root=state)
    assert result.exit_code == 2
    assert "'spec-challenge' gate" in result.stderr


def test_approval_at_the_cap_lets_the_work_move_on(project: Path, state: Path) -> None:
    root = make_run(project, state, 3)
    record_event(get_run(root, None), "gate_approved", "spec-challenge",
                 message="operator accepted open findings")
    assert decide(project, state, bash(
        project, "wazir capture event --event phase_enter --phase author")) == 0
    assert decide(project, state, bash(
        project, "wazir capture event --event phase_enter --phase specify")) == 0


def test_delegating_another_round_is_blocked(project: Path, state: Path) -> None:
    make_run(project, state, 3)
    task = payloads.claude("PreToolUse", project, "Task", {
        "description": "review the spec", "prompt": "...", "subagent_type": "reviewer"})
    assert decide(project, state, task) == 2
    make_run(project, state / "fresh", 2)
    assert decide(project, state / "fresh", task) == 0


@pytest.mark.parametrize("host", ["claude-agent", "gemini", "codex", "cursor"])
def test_delegating_is_blocked_in_every_host(project: Path, state: Path, host: str) -> None:
    """Claude's newer ``Agent`` tool, Gemini's ``invoke_agent``, Codex's ``spawn_agent`` and
    Cursor's ``subagentStart`` event delegate as ``Task`` does."""
    ask = {"prompt": "review the spec again"}
    task = {"claude-agent": payloads.claude("PreToolUse", project, "Agent", ask),
            "gemini": payloads.gemini("BeforeTool", project, "invoke_agent", ask),
            "codex": payloads.codex("PreToolUse", project, "spawn_agent", ask),
            "cursor": payloads.cursor("subagentStart", project, subagent_id="s-1",
                                      subagent_type="generalPurpose", task="review it",
                                      parent_conversation_id="c-1", tool_call_id="t-1",
                                      subagent_model="m", is_parallel_worker=False)}[host]
    make_run(project, state, 3)
    assert decide(project, state, task) == 2
    make_run(project, state / "fresh", 2)
    assert decide(project, state / "fresh", task) == 0


def test_resetting_the_count_is_the_operators_call(project: Path, state: Path) -> None:
    make_run(project, state, 3)
    command = ("wazir capture event --event note --phase spec-challenge --loop-count 0")
    assert decide(project, state, bash(project, command)) == 2


def test_named_run_and_state_root_in_the_command(project: Path, state: Path,
                                                 tmp_path: Path) -> None:
    other = tmp_path / "other-state"
    make_run(project, other, 3)
    command = f"{ENTER_REVIEW} --run r1 --state-root {other}"
    assert decide(project, state, bash(project, command)) == 2


@pytest.mark.parametrize("host", ["claude", "gemini"])
def test_in_a_real_process(project: Path, state: Path, host: str) -> None:
    make_run(project, state, 3)
    done = hook(GUARD, bash(project, ENTER_REVIEW, host), "--state-root", state)
    assert done.code == 2
    assert "loop cap reached" in done.err


def test_corrupted_status_blocks_only_relevant_calls(project: Path, state: Path) -> None:
    make_run(project, state, 1)
    (state / "runs" / "r1" / "status.json").write_text("{oops")
    assert decide(project, state, bash(project, "ls")) == 0
    result = run_in_process(GUARD, bash(project, ENTER_REVIEW), project=project,
                            state_root=state)
    assert result.exit_code == 2 and "status.json" in result.stderr


def test_loop_counts_agree_with_the_content(project: Path, state: Path) -> None:
    """The wazir skill records ``gate_rejected --loop-count N`` (N = rejections so far); the
    workflows record plain ``gate_rejected``. Either way, N rejections give a count of N,
    and re-entering the phase afterwards does not count the same loop twice."""
    for explicit in (False, True):
        root = StateRoot(state / str(explicit), project, "test")
        run, _ = init_run(root, "r1", None, "in_progress")
        record_event(run, "phase_enter", "plan-review")
        for n in range(1, 4):
            record_event(run, "gate_rejected", "plan-review",
                         loop_count=n if explicit else None)
            record_event(run, "phase_enter", "plan")
            record_event(run, "phase_enter", "plan-review")
        from wazir_core.runtime.ledger import read_status

        counts = read_status(run)["phase_loop_counts"]
        assert counts == {"plan-review": 3, "plan": 2}, (explicit, counts)
