"""Session start, capture routing and summaries: what they record, and what each host sees."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wazir_core.runtime.bootstrap import BUDGET
from wazir_core.runtime.ledger import get_run, init_run, record_event, save_summary
from wazir_core.runtime.stateroot import StateRoot
from wazir_core.runtime.summary import BEGIN

from . import payloads
from .helpers import hook, run_in_process


def start_run(project: Path, state: Path) -> StateRoot:
    root = StateRoot(state, project, "test")
    run, _ = init_run(root, "r1", "clarify", "in_progress")
    record_event(run, "phase_enter", "review")
    record_event(run, "phase_enter", "review")
    return root


def events(state: Path) -> list[dict[str, object]]:
    lines = (state / "runs" / "r1" / "events.ndjson").read_text().splitlines()
    return [json.loads(line) for line in lines]


@pytest.mark.parametrize("host, payload", [
    ("claude", lambda p: payloads.claude("SessionStart", p, source="startup",
                                         model="claude-opus")),
    ("codex", lambda p: payloads.codex("SessionStart", p, source="startup")),
    ("cursor", lambda p: payloads.cursor("sessionStart", p, session_id="s",
                                         is_background_agent=False, composer_mode="agent")),
    ("gemini", lambda p: payloads.gemini("SessionStart", p, source="startup")),
])
def test_session_start_per_host(project: Path, state: Path, host: str, payload: object) -> None:
    start_run(project, state)
    done = hook("session-start", payload(project), "--state-root", state)  # type: ignore[operator]
    assert done.code == 0, done
    answer = json.loads(done.out)
    if host == "cursor":
        text = answer["additional_context"]
    else:
        assert answer["hookSpecificOutput"]["hookEventName"] == "SessionStart"
        text = answer["hookSpecificOutput"]["additionalContext"]
    assert "`wazir` skill" in text and "/wazir <task>" in text
    assert "wazir capture init --run r1 --resume" in text
    assert "phase review" in text and "review 1/3" in text
    assert len(text.encode()) <= BUDGET


def test_session_start_without_a_run(project: Path, state: Path) -> None:
    result = run_in_process("session-start", payloads.claude("SessionStart", project),
                            project=project, state_root=state)
    text = json.loads(result.stdout)["hookSpecificOutput"]["additionalContext"]
    assert "No run yet" in text and "--resume" not in text
    assert not state.exists()


def test_capture_route_then_output(project: Path, state: Path) -> None:
    start_run(project, state)
    before = payloads.claude("PreToolUse", project, "Bash", {"command": "pytest -q tests"})
    result = run_in_process("pre-tool-capture-route", before, project=project, state_root=state)
    assert result.exit_code == 0
    context = json.loads(result.stdout)["hookSpecificOutput"]
    assert context["hookEventName"] == "PreToolUse"
    assert "permissionDecision" not in context
    capture = Path(context["additionalContext"].split(" as ")[1].split(" (run")[0])
    assert capture.is_file() and capture.read_text() == ""

    after = payloads.claude("PostToolUse", project, "Bash", {"command": "pytest -q tests"},
                            tool_response={"stdout": "3 passed\n", "stderr": "",
                                           "interrupted": False}, duration_ms=900)
    result = run_in_process("post-tool-capture", after, project=project, state_root=state)
    assert result.exit_code == 0 and result.stdout == ""
    assert capture.read_text() == "3 passed\n"
    names = [e["event"] for e in events(state)]
    assert names[-2:] == ["pre_tool_capture_route", "post_tool_capture"]
    usage = json.loads((state / "runs" / "r1" / "usage.json").read_text())
    assert usage["by_source"]["hook"]["bytes_captured"] == len("3 passed\n")
    assert usage["by_source"]["hook"]["bytes_to_agent"] == len("3 passed\n")


def test_quiet_commands_are_not_routed(project: Path, state: Path) -> None:
    start_run(project, state)
    before = payloads.claude("PreToolUse", project, "Bash", {"command": "ls -la"})
    result = run_in_process("pre-tool-capture-route", before, project=project, state_root=state)
    assert result.exit_code == 0 and result.stdout == ""
    small = payloads.claude("PostToolUse", project, "Bash", {"command": "ls"},
                            tool_response={"stdout": "a\nb\n"})
    run_in_process("post-tool-capture", small, project=project, state_root=state)
    assert [e["event"] for e in events(state)][-1] == "phase_enter"


def test_large_output_is_captured_for_gemini(project: Path, state: Path) -> None:
    start_run(project, state)
    output = "row\n" * 5000
    after = payloads.gemini("AfterTool", project, "run_shell_command", {"command": "cat big"},
                            tool_response={"llmContent": output, "returnDisplay": output})
    result = run_in_process("post-tool-capture", after, project=project, state_root=state)
    assert json.loads(result.stdout) == {}
    last = events(state)[-1]
    assert last["event"] == "post_tool_capture" and last["byte_length"] == len(output)
    assert Path(str(last["capture_path"])).read_text() == output


def test_capture_hooks_without_a_run_do_nothing(project: Path, state: Path) -> None:
    for name, event in (("pre-tool-capture-route", "PreToolUse"),
                        ("post-tool-capture", "PostToolUse"),
                        ("pre-compact-summary", "PreCompact"),
                        ("stop-handoff-harvest", "Stop")):
        data = payloads.claude(event, project, "Bash", {"command": "pytest"},
                               tool_response={"stdout": "x" * 10000})
        done = hook(name, data, "--state-root", state)
        assert done.code == 0 and done.out == "" and done.err == ""
    assert not state.exists()


def test_pre_compact_summary_keeps_the_agents_text(project: Path, state: Path) -> None:
    root = start_run(project, state)
    save_summary(get_run(root, "r1"), b"# Agent notes\n\nKeep me.\n", "handoff")
    data = payloads.claude("PreCompact", project, trigger="auto", custom_instructions="")
    for _ in range(2):
        result = run_in_process("pre-compact-summary", data, project=project, state_root=state)
        assert result.exit_code == 0
    text = (state / "runs" / "r1" / "summary.md").read_text()
    assert text.startswith("# Agent notes\n\nKeep me.\n")
    assert text.count(BEGIN) == 1
    assert "phase: review" in text and "review 1/3" in text
    assert events(state)[-1]["event"] == "pre_compact_summary"


def test_stop_records_a_handoff_note(project: Path, state: Path) -> None:
    start_run(project, state)
    data = payloads.claude("Stop", project, stop_hook_active=False,
                           last_assistant_message="Done with the review.\nNext: learn.")
    done = hook("stop-handoff-harvest", data, "--state-root", state)
    assert done.code == 0 and done.out == ""
    last = events(state)[-1]
    assert last["event"] == "stop" and last["host"] == "claude"
    assert last["message"] == "Done with the review. Next: learn."
    summary = (state / "runs" / "r1" / "summary.md").read_text()
    assert "Last stop:" in summary and "Done with the review." in summary


def test_cursor_stop_answers_json(project: Path, state: Path) -> None:
    start_run(project, state)
    data = payloads.cursor("stop", project, status="completed", loop_count=0)
    result = run_in_process("stop-handoff-harvest", data, project=project, state_root=state)
    assert result.exit_code == 0 and json.loads(result.stdout) == {}
    assert events(state)[-1]["stop_status"] == "completed"


def test_a_warm_hook_does_not_import_the_loaders(project: Path, state: Path) -> None:
    """Hooks run on every tool call: once the facts are cached, no pydantic, ruamel, marko.
    The hook starts from the console script's entry point, as a host runs it."""
    start_run(project, state)
    data = json.dumps(payloads.claude("PreToolUse", project, "Write", {
        "file_path": str(project / "src" / "app.py")})).encode()
    script = (
        "import io, sys\n"
        "from wazir_core.__main__ import main\n"
        f"sys.stdin = io.TextIOWrapper(io.BytesIO({data!r}))\n"
        f"sys.argv = ['wazir', 'hook', 'protected-path-write-guard', '--state-root', "
        f"{str(state)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "heavy = sorted(m for m in ('pydantic', 'ruamel.yaml', 'marko', 'jinja2', 'typer')"
        " if m in sys.modules)\n"
        "print(code, ','.join(heavy))\n"
    )
    for _attempt in range(2):  # the first run may fill the cache
        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              check=True, cwd=project)
    assert proc.stdout.split("\n")[0] == "0 ", proc.stdout + proc.stderr
