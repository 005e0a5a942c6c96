"""The run ledger through the command line: ids and names that try to escape, existing
runs, corrupted and missing state, and a whole pipeline run round-tripped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from wazir_core.diagnostics import WazirError
from wazir_core.runtime.names import check_name

from .helpers import Done, wazir


def cli(project: Path, state: Path, *args: str, stdin: bytes | str | None = None) -> Done:
    return wazir(*args, "--state-root", state, "--project", project, stdin=stdin, cwd=project)


def no_traceback(done: Done) -> None:
    assert "Traceback" not in done.err and "Traceback" not in done.out


@pytest.mark.parametrize("bad", ["../escape", "../../x", "/tmp/abs", "a/b", "..", ".hidden",
                                 "latest", "x" * 200, "a..b", "C:evil", "-rf", "con", "NUL.txt",
                                 "com1"])
def test_run_ids_that_escape_are_refused(project: Path, state: Path, tmp_path: Path,
                                         bad: str) -> None:
    before = sorted(p for p in tmp_path.rglob("*"))
    done = cli(project, state, "capture", "init", f"--run={bad}")
    assert done.code == 2, done
    no_traceback(done)
    assert "run id" in done.err
    assert sorted(p for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("bad", ["\x00", "a\x00b", "../x", "/etc/passwd", "..\\x"])
def test_nul_and_traversal_in_names(bad: str) -> None:
    with pytest.raises(WazirError) as info:
        check_name(bad, "capture name")
    assert info.value.exit_code == 2


@pytest.mark.parametrize("command", [
    ("status", "--run", "../../etc"),
    ("capture", "event", "--event", "note", "--run", "/abs/run"),
    ("capture", "usage", "--run", ".."),
])
def test_other_commands_refuse_bad_run_ids(project: Path, state: Path,
                                           command: tuple[str, ...]) -> None:
    done = cli(project, state, *command)
    assert done.code == 2, done
    no_traceback(done)


@pytest.mark.parametrize("option", [("--name", "../../x"), ("--name", "/abs"),
                                    ("--name", "a/b"), ("--suffix", "/../x")])
def test_capture_names_that_escape_are_refused(project: Path, state: Path,
                                               option: tuple[str, str]) -> None:
    assert cli(project, state, "capture", "init", "--run", "r1").code == 0
    before = sorted(state.rglob("*"))
    name, value = option
    args = ["capture", "route", f"{name}={value}"]
    if name == "--suffix":
        args += ["--name", "ok"]
    done = cli(project, state, *args)
    assert done.code == 2, done
    no_traceback(done)
    assert sorted(state.rglob("*")) == before


def test_symlinked_run_folder_pointing_outside_is_refused(project: Path, state: Path,
                                                          tmp_path: Path) -> None:
    (state / "runs").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (state / "runs" / "evil").symlink_to(tmp_path / "outside", target_is_directory=True)
    done = cli(project, state, "capture", "init", "--run", "evil")
    assert done.code == 1, done
    assert "outside the state folder" in done.err
    assert list((tmp_path / "outside").iterdir()) == []


def test_init_refuses_an_existing_run(project: Path, state: Path) -> None:
    assert cli(project, state, "capture", "init", "--run", "r1", "--phase", "clarify").out == \
        "r1\n"
    assert cli(project, state, "capture", "event", "--event", "phase_enter").code == 0
    again = cli(project, state, "capture", "init", "--run", "r1")
    assert again.code == 1
    assert "already exists" in again.err and "--resume" in again.err
    status = cli(project, state, "status", "--json").json()
    assert status["event_count"] == 2 and status["phase_loop_counts"] == {"clarify": 0}

    resumed = cli(project, state, "capture", "init", "--run", "r1", "--resume", "--json")
    assert resumed.code == 0 and resumed.json()["action"] == "resumed"
    assert cli(project, state, "status", "--json").json()["phase_loop_counts"] == {"clarify": 0}

    forced = cli(project, state, "capture", "init", "--run", "r1", "--force", "--json")
    assert forced.json()["action"] == "reset"
    status = cli(project, state, "status", "--json").json()
    assert status["phase_loop_counts"] == {}
    events = (state / "runs" / "r1" / "events.ndjson").read_text().splitlines()
    assert [json.loads(e)["event"] for e in events] == [
        "session_start", "phase_enter", "run_resumed", "session_start"]


def test_resume_without_a_run(project: Path, state: Path) -> None:
    done = cli(project, state, "capture", "init", "--resume")
    assert done.code == 1
    assert "no runs yet" in done.err
    done = cli(project, state, "capture", "init", "--run", "nope", "--resume")
    assert done.code == 1 and "does not exist" in done.err


def test_generated_run_ids(project: Path, state: Path) -> None:
    first = cli(project, state, "capture", "init").out.strip()
    second = cli(project, state, "capture", "init").out.strip()
    assert first.startswith("run-") and second.startswith("run-") and first != second
    for run_id in (first, second):
        assert re.fullmatch(r"run-\d{8}-\d{6}(-\d+)?", run_id), run_id
    assert (state / "runs" / "latest").read_text() == second


def test_corrupted_status(project: Path, state: Path) -> None:
    cli(project, state, "capture", "init", "--run", "r1")
    status_file = state / "runs" / "r1" / "status.json"
    status_file.write_text('{"run_id": "r1", "phase_loop')
    for args in (("status",), ("status", "--json"), ("capture", "event", "--event", "note"),
                 ("capture", "summary")):
        done = cli(project, state, *args, stdin="x")
        assert done.code == 1, (args, done)
        no_traceback(done)
        text = done.out if "--json" in args else done.err
        assert "status.json" in text and "corrupted" in text
        if "--json" in args:
            assert done.json()["ok"] is False and done.json()["diagnostics"]


def test_corrupted_latest_pointer(project: Path, state: Path) -> None:
    cli(project, state, "capture", "init", "--run", "r1")
    (state / "runs" / "latest").write_text("../../etc")
    done = cli(project, state, "status")
    assert done.code == 1 and "latest" in done.err and "corrupted" in done.err


def test_missing_state_folder(project: Path, tmp_path: Path) -> None:
    state = tmp_path / "does" / "not" / "exist"
    for args in (("status",), ("capture", "event", "--event", "note"), ("capture", "usage")):
        done = cli(project, state, *args)
        assert done.code == 1, done
        no_traceback(done)
        assert "no runs yet" in done.err and "wazir capture init" in done.err
    assert not state.exists(), "reading commands must not create the state folder"
    assert cli(project, state, "capture", "init", "--run", "r1").code == 0
    assert (state / "runs" / "r1" / "status.json").is_file()


def test_default_state_root_is_keyed_by_project(project: Path, tmp_path: Path) -> None:
    done = wazir("capture", "init", "--run", "r1", "--json", cwd=project / "src")
    data = done.json()
    root = Path(data["state_root"])
    assert root.is_relative_to(tmp_path / "state-home" / "projects")
    assert root.name.startswith("proj-") and len(root.name) == len("proj-") + 12
    assert not (project / ".wazir").exists()


def test_state_root_from_config(project: Path) -> None:
    (project / "wazir.yaml").write_text("state_root: .wazir/state\n")
    done = wazir("capture", "init", "--run", "r1", "--json", cwd=project)
    assert Path(done.json()["state_root"]) == project / ".wazir" / "state"


def test_usage_error_exit_code(project: Path, state: Path) -> None:
    done = cli(project, state, "capture", "event")
    assert done.code == 2
    assert cli(project, state, "capture", "init", "--run", "r1").code == 0
    done = cli(project, state, "capture", "event", "--event", "bad event!")
    no_traceback(done)
    assert done.code == 2 and "event 'bad event!'" in done.err, done


def test_pipeline_round_trip(project: Path, state: Path) -> None:
    """A whole run: init, phases with a rejected gate, captures, summary, usage, status."""
    def ok(*args: str, stdin: str | None = None) -> Done:
        done = cli(project, state, *args, stdin=stdin)
        assert done.code == 0, (args, done)
        return done

    run_id = ok("capture", "init", "--phase", "clarify").out.strip()
    for phase in ("clarify", "discover", "specify"):
        ok("capture", "event", "--event", "phase_enter", "--phase", phase)
        ok("capture", "event", "--event", "phase_exit", "--phase", phase, "--status",
           "completed")
    ok("capture", "event", "--event", "gate_approved", "--phase", "specify",
       "--message", "approved by the operator")
    for round_ in range(2):
        ok("capture", "event", "--event", "phase_enter", "--phase", "spec-challenge")
        if round_ == 0:
            ok("capture", "event", "--event", "gate_rejected", "--phase", "spec-challenge",
               "--message", "F1 blocking")
            ok("capture", "event", "--event", "phase_enter", "--phase", "specify")
    ok("capture", "event", "--event", "gate_approved", "--phase", "spec-challenge")
    log = "line\n" * 1000
    path = ok("capture", "output", "--name", "verify-tests", "--command", "pytest -q",
              "--exit-code", "1", stdin=log).out.strip()
    assert Path(path).read_text() == log
    assert Path(path).is_relative_to(state / "runs" / run_id / "captures")
    route = ok("capture", "route", "--name", "build", "--suffix", "txt").out.strip()
    assert route.endswith("-build.txt") and Path(route).read_text() == ""
    ok("capture", "summary", "--event", "handoff", stdin="# Handoff\n\nAll good.\n")
    ok("capture", "event", "--event", "note", "--message", "done")

    status = ok("status", "--json").json()
    assert status["run_id"] == run_id and status["latest"] is True
    assert status["state_root"] == state.resolve().as_posix()
    assert status["run_root"] == (state / "runs" / run_id).resolve().as_posix()
    assert status["status_path"] == f"{status['run_root']}/status.json"
    assert status["phase"] == "spec-challenge"
    assert status["phase_loop_counts"] == {"clarify": 0, "discover": 0, "specify": 1,
                                           "spec-challenge": 1}
    assert status["loop_caps"]["spec-challenge"] == 3
    assert status["gates"]["spec-challenge"]["rejected"] == 1
    assert status["gates"]["spec-challenge"]["last"] == "approved"
    assert status["gates"]["specify"]["approved"] == 1
    events = (state / "runs" / run_id / "events.ndjson").read_text().splitlines()
    assert status["event_count"] == len(events) == 17
    assert [json.loads(e)["seq"] for e in events] == list(range(1, 18))
    assert status["last_events"][-1]["message"] == "done"
    assert status["artifacts"]["last_capture_path"] == path
    assert (state / "runs" / run_id / "summary.md").read_text().startswith("# Handoff")

    text = ok("status").out
    assert "spec-challenge 1/3" in text and f"run:     {run_id}" in text

    usage = ok("capture", "usage", "--json").json()
    assert usage["totals"]["bytes_captured"] == len(log)
    assert usage["totals"]["bytes_to_agent"] == len(path) + 1
    assert usage["totals"]["estimated_tokens_captured"] == -(-len(log) // 4)
    assert "estimate" in usage["estimate_method"]
    assert usage["summaries"]["count"] == 1
    report = ok("capture", "usage").out
    assert "estimated" in report and "%" not in report

    other = ok("capture", "init", "--run", "second").out.strip()
    assert ok("status", "--json").json()["run_id"] == other
    assert ok("status", "--run", run_id, "--json").json()["latest"] is False
