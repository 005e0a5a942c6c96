"""Empty, non-JSON, foreign and huge stdin: guards block with a reason, observers carry on;
neither ever prints a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from . import payloads
from .helpers import hook, run_in_process, wazir

OBSERVERS = ["post-tool-capture", "pre-tool-capture-route", "pre-compact-summary",
             "stop-handoff-harvest"]
HUGE = b'{"hook_event_name": "PreToolUse", "padding": "' + b"x" * (10 * 1024 * 1024) + b'"}'


BAD_INPUTS = {
    "empty": b"",
    "whitespace": b"  \n",
    "not-json": b"Write .git/config please",
    "json-array": b"[1, 2, 3]",
    "not-utf8": b'{"hook_event_name": "\xff\xfe"}',
    "unknown-json": json.dumps({"event": "write", "path": ".git/config"}).encode(),
    "huge": HUGE,
}
KINDS = list(BAD_INPUTS)


@pytest.mark.parametrize("kind", KINDS)
def test_write_guard_fails_closed(project: Path, kind: str) -> None:
    done = hook("protected-path-write-guard", BAD_INPUTS[kind], "--project", project,
                cwd=project)
    assert done.code == 2, done
    assert "Traceback" not in done.err
    assert "Blocking to be safe" in done.err
    assert done.out == ""


@pytest.mark.parametrize("kind", KINDS)
def test_loop_cap_guard_fails_closed(project: Path, kind: str) -> None:
    result = run_in_process("loop-cap-guard", BAD_INPUTS[kind], project=project)
    assert result.exit_code == 2, result
    assert "Blocking to be safe" in result.stderr and result.stdout == ""


def test_loop_cap_guard_fails_closed_in_a_real_process(project: Path) -> None:
    done = hook("loop-cap-guard", b"{not json", "--project", project)
    assert done.code == 2 and "Traceback" not in done.err and "not JSON" in done.err


def test_huge_input_is_named(project: Path) -> None:
    done = hook("protected-path-write-guard", HUGE, "--project", project)
    assert "larger than 8 MiB" in done.err


@pytest.mark.parametrize("host", ["cursor", "gemini"])
def test_guard_fails_closed_in_the_hosts_json(project: Path, host: str) -> None:
    done = hook("protected-path-write-guard", b"", "--host", host, "--project", project)
    assert done.code == 2
    answer = json.loads(done.out)
    if host == "cursor":
        assert answer["permission"] == "deny"
    else:
        assert answer["decision"] == "deny"


@pytest.mark.parametrize(("given", "payload_host"), [
    ("gemini", "claude"), ("cursor", "gemini"), ("claude", "gemini"), ("codex", "cursor"),
])
def test_another_hosts_json_is_refused(project: Path, given: str, payload_host: str) -> None:
    maker = getattr(payloads, payload_host)
    event = {"claude": "PreToolUse", "gemini": "BeforeTool", "cursor": "preToolUse"}[
        payload_host]
    if payload_host == "cursor":
        data = maker(event, project, tool_name="Write", tool_input={"file_path": "src/x.py"})
    else:
        data = maker(event, project, "Write", {"file_path": str(project / "src" / "x.py")})
    done = hook("protected-path-write-guard", data, "--host", given)
    assert done.code == 2, done
    assert f"configured for {given}" in done.err
    assert f"a {payload_host} payload" in done.err


@pytest.mark.parametrize("kind", ["empty", "not-json", "unknown-json", "huge"])
@pytest.mark.parametrize("observer", OBSERVERS)
def test_observers_fail_open_and_log(project: Path, state: Path, observer: str,
                                     kind: str) -> None:
    result = run_in_process(observer, BAD_INPUTS[kind], project=project,
                            state_root=state)
    assert result.exit_code == 0, result
    assert result.stdout == "" and result.stderr == ""
    log = (state / "logs" / "hooks.log").read_text()
    assert observer in log and "bad input" in log


@pytest.mark.parametrize("observer", OBSERVERS)
def test_observers_fail_open_in_a_real_process(project: Path, state: Path,
                                               observer: str) -> None:
    done = hook(observer, b"\x00\x01 garbage", "--project", project, "--state-root", state)
    assert done.code == 0, done
    assert done.out == "" and "Traceback" not in done.err


def test_session_start_still_helps_on_bad_input(project: Path, state: Path) -> None:
    done = hook("session-start", b"not json", "--project", project, "--state-root", state)
    assert done.code == 0
    context = json.loads(done.out)["hookSpecificOutput"]["additionalContext"]
    assert "`wazir` skill" in context


def test_unknown_hook_does_not_block(project: Path) -> None:
    done = hook("no-such-hook", b"{}")
    assert done.code == 1
    assert "unknown hook" in done.err


def test_missing_hook_name_does_not_block() -> None:
    done = wazir("hook", "--host", "claude", stdin=b"{}")
    assert done.code == 1
    assert "usage: wazir hook NAME" in done.err


def test_unknown_option_is_ignored(project: Path) -> None:
    data = payloads.claude("PreToolUse", project, "Write", {
        "file_path": str(project / "src" / "app.py")})
    done = hook("protected-path-write-guard", data, "--from-the-future", "--host", "claude")
    assert done.code == 0, done
